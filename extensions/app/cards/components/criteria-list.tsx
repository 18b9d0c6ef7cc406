import { Flex, List, Text } from '@hubspot/ui-extensions';
import type { CriterionView } from '../lib/api-types';

interface CriteriaListProps {
  criteria: readonly CriterionView[];
  testId?: string;
  /** Show ✓ / ✗ before each criterion (explanations); omit for to-do lists. */
  marks?: boolean;
}

/** Criteria as a (nested) list; "at least n of" criteria list their parts below them. */
export function CriteriaList({ criteria, testId, marks = false }: CriteriaListProps) {
  return (
    <List variant="unordered" {...(testId === undefined ? {} : { testId })}>
      {criteria.map((c) => (
        <CriterionItem key={c.id} criterion={c} marks={marks} />
      ))}
    </List>
  );
}

function CriterionItem({ criterion, marks }: { criterion: CriterionView; marks: boolean }) {
  const label = marks ? `${criterion.met ? '✓' : '✗'} ${criterion.label}` : criterion.label;
  const children = criterion.children ?? [];
  if (children.length === 0) return <Text>{label}</Text>;
  return (
    <Flex direction="column" gap="xs">
      <Text>{label}</Text>
      <CriteriaList criteria={children} marks />
    </Flex>
  );
}
