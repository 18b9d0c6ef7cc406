import {
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { FunnelRow, Lang } from '../lib/api-types';
import type { EnumLabels, PageStrings } from '../lib/i18n';
import { formatAmount } from '../lib/format-number';

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
      <Table bordered testId="funnel-table">
        <TableHead>
          <TableRow>
            <TableHeader>{strings.stage}</TableHeader>
            <TableHeader>{strings.deals}</TableHeader>
            <TableHeader>{strings.amount}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {funnel.map((row) => (
            <TableRow key={row.stage}>
              <TableCell>{labels.stage[row.stage]}</TableCell>
              <TableCell>{String(row.deals)}</TableCell>
              <TableCell>{formatAmount(row.amount, currency, lang)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}
