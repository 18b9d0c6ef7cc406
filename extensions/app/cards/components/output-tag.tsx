import { Flex, List, Tag, Text } from '@hubspot/ui-extensions';
import type { OutputView } from '../lib/api-types';
import type { CardStrings } from '../lib/i18n';
import { CriteriaList } from './criteria-list';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';

const VARIANTS: Record<string, Record<string, TagVariant>> = {
  sw_funnel_stage: { none: 'default', P: 'info', I: 'info', B: 'warning', W: 'success', L: 'error' },
  sw_lead_grade: { ordinary: 'default', important: 'info', strategic: 'success' },
  sw_lead_stage: { none: 'default', info: 'warning', valid: 'info', prospect: 'success' },
  sw_relationship_level: { none: 'default', C: 'warning', B: 'info', A: 'success' },
  sw_company_relationship: { none: 'default', C: 'warning', B: 'info', A: 'success' },
  sw_personal_relationship: { none: 'default', C: 'warning', B: 'info', A: 'success' },
};

export function outputVariant(output: OutputView): TagVariant {
  return VARIANTS[output.property]?.[output.value] ?? 'default';
}

/** A computed deal property as a coloured tag with its localized value label. */
export function OutputTag({ output }: { output: OutputView }) {
  return (
    <Tag testId={`output-${output.property}`} variant={outputVariant(output)}>
      {output.valueLabel}
    </Tag>
  );
}

interface OutputExplanationProps {
  title: string;
  output: OutputView;
  strings: CardStrings;
}

/** Why an output has its value, and what the next level still needs: nothing is a black box. */
export function OutputExplanation({ title, output, strings }: OutputExplanationProps) {
  return (
    <Flex direction="column" gap="xs" testId={`explain-${output.property}`}>
      <Text format={{ fontWeight: 'demibold' }}>{`${title}: ${output.valueLabel}`}</Text>
      {output.valueDescription === null ? null : <Text variant="microcopy">{output.valueDescription}</Text>}
      {output.met.length > 0 ? <CriteriaList criteria={output.met} marks /> : null}
      {output.next === null ? (
        <Text variant="microcopy">{strings.topLevel}</Text>
      ) : (
        <>
          <Text>{`${strings.nextLevel}: ${output.next.valueLabel}`}</Text>
          <CriteriaList criteria={[...output.next.met, ...output.next.missing]} marks />
        </>
      )}
      <Measures output={output} strings={strings} />
    </Flex>
  );
}

/** The seed's measures (措施) for climbing from the current level. */
export function Measures({ output, strings }: { output: OutputView; strings: CardStrings }) {
  if (output.measures.length === 0) return null;
  return (
    <Flex direction="column" gap="xs" testId={`measures-${output.property}`}>
      <Text format={{ fontWeight: 'demibold' }}>{strings.measures}</Text>
      <List variant="ordered">
        {output.measures.map((m) => (
          <Text key={m}>{m}</Text>
        ))}
      </List>
    </Flex>
  );
}
