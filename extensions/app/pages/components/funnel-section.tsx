import { Flex, Heading, Text } from '@hubspot/ui-extensions';
import type { FunnelRow, Lang } from '../lib/api-types';
import type { EnumLabels, PageStrings } from '../lib/i18n';
import { formatAmount } from '../lib/format-number';
import { DataTable } from './data-table';

interface FunnelSectionProps {
  funnel: FunnelRow[];
  currency: string | null;
  lang: Lang;
  strings: PageStrings;
  labels: EnumLabels;
}

/** Deals and amounts per funnel stage, none → L. */
export function FunnelSection({ funnel, currency, lang, strings, labels }: FunnelSectionProps) {
  return (
    <Flex direction="column" gap="xs" testId="funnel-section">
      <Heading>{strings.funnelSection}</Heading>
      <Text variant="microcopy">{strings.funnelHelp}</Text>
      <DataTable
        testId="funnel-table"
        headers={[strings.stage, strings.deals, strings.amount]}
        rows={funnel.map((row) => ({
          key: row.stage,
          cells: [labels.stage[row.stage], String(row.deals), formatAmount(row.amount, currency, lang)],
        }))}
      />
    </Flex>
  );
}
