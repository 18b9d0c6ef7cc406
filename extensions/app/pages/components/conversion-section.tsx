import {
  Flex,
  Heading,
  NumberInput,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { FunnelNorms, ManagerConversion } from '../lib/api-types';
import { conversionSteps, coverageFor } from '../lib/funnel-math';
import { formatRate } from '../lib/format-number';
import type { EnumLabels, PageStrings } from '../lib/i18n';

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
      <Table bordered testId="conversion-table">
        <TableHead>
          <TableRow>
            <TableHeader>{strings.step}</TableHeader>
            <TableHeader>{strings.entered}</TableHeader>
            <TableHeader>{strings.converted}</TableHeader>
            <TableHeader>{strings.rate}</TableHeader>
            <TableHeader>{strings.norm}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {conversionSteps(conversion, norms).map((s) => (
            <TableRow key={s.id}>
              <TableCell>{labels.conversion[s.id]}</TableCell>
              <TableCell>{String(s.from)}</TableCell>
              <TableCell>{String(s.to)}</TableCell>
              <TableCell>
                <Flex direction="row" gap="xs" align="center">
                  <Text>{formatRate(s.rate)}</Text>
                  {s.verdict === 'none' ? null : (
                    <StatusTag
                      testId={`verdict-${s.id}`}
                      variant={s.verdict === 'meets' ? 'success' : 'warning'}
                    >
                      {s.verdict === 'meets' ? strings.meets : strings.below}
                    </StatusTag>
                  )}
                </Flex>
              </TableCell>
              <TableCell>{s.norm === null ? strings.noNorm : formatRate(s.norm)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

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
