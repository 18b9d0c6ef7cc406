import { Flex, Heading, NumberInput, StatusTag, Text } from '@hubspot/ui-extensions';
import type { FunnelNorms, ManagerConversion } from '../lib/api-types';
import { conversionSteps, coverageFor } from '../lib/funnel-math';
import { formatRate } from '../lib/format-number';
import type { EnumLabels, PageStrings } from '../lib/i18n';
import { DataTable } from './data-table';

interface ConversionSectionProps {
  conversion: ManagerConversion;
  norms: FunnelNorms;
  /** The coverage calculator's input (undefined while empty). */
  targetWins: number | undefined;
  strings: PageStrings;
  labels: EnumLabels;
  onTargetWins: (wins: number | undefined) => void;
}

/** Conversion over the period against the manual's norms, and the coverage calculator. */
export function ConversionSection(props: ConversionSectionProps) {
  const { conversion, norms, targetWins, strings, labels } = props;
  const coverage = coverageFor(targetWins, norms);
  return (
    <Flex direction="column" gap="sm" testId="conversion-section">
      <Heading>{strings.conversionSection}</Heading>
      <Text variant="microcopy">{strings.conversionHelp}</Text>
      <DataTable
        testId="conversion-table"
        headers={[strings.step, strings.entered, strings.converted, strings.rate, strings.norm]}
        rows={conversionSteps(conversion, norms).map((s) => ({
          key: s.id,
          cells: [
            labels.conversion[s.id],
            String(s.from),
            String(s.to),
            <Flex key="rate" direction="row" gap="xs" align="center">
              <Text>{formatRate(s.rate)}</Text>
              {s.verdict === 'none' ? null : (
                <StatusTag testId={`verdict-${s.id}`} variant={s.verdict === 'meets' ? 'success' : 'warning'}>
                  {s.verdict === 'meets' ? strings.meets : strings.below}
                </StatusTag>
              )}
            </Flex>,
            s.norm === null ? strings.noNorm : formatRate(s.norm),
          ],
        }))}
      />

      <Heading>{strings.coverageSection}</Heading>
      <Text variant="microcopy">{strings.coverageHelp}</Text>
      <NumberInput
        testId="target-wins"
        name="targetWins"
        label={strings.targetWins}
        {...(targetWins === undefined ? {} : { value: targetWins })}
        min={1}
        max={100_000}
        precision={0}
        onChange={props.onTargetWins}
        {...(targetWins !== undefined && coverage === null
          ? { error: true, validationMessage: strings.coverageInvalid }
          : {})}
      />
      {coverage === null ? null : (
        <Text testId="coverage-result">
          {strings.coverageResult(coverage.wins, coverage.prospects, coverage.qualifiedLeads)}
        </Text>
      )}
    </Flex>
  );
}
