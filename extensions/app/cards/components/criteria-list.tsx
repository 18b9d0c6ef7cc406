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

/**
 * A to-do (no marks) leads with the action and keeps the seed's wording below it; an unmet
 * criterion over contacts names the contacts that block it. A failing value never gets a tick.
 */
function CriterionItem({ criterion, marks }: { criterion: CriterionView; marks: boolean }) {
  const head = !marks && criterion.action !== undefined ? criterion.action : criterion.label;
  const label = marks ? `${criterion.met ? '✓' : '✗'} ${head}` : head;
  const children = criterion.children ?? [];
  const blocking = criterion.blocking ?? [];
  const detail = !marks && criterion.action !== undefined ? criterion.label : null;
  if (children.length === 0 && blocking.length === 0 && detail === null) return <Text>{label}</Text>;
  return (
    <Flex direction="column" gap="xs">
      <Text>{label}</Text>
      {detail === null ? null : <Text variant="microcopy">{detail}</Text>}
      {blocking.length === 0 ? null : (
        <Text variant="microcopy" testId={`blocking-${criterion.id}`}>
          {`⚠ ${blocking.map((b) => (b.role === null ? b.name : `${b.name} (${b.role})`)).join(', ')}`}
        </Text>
      )}
      {children.length === 0 ? null : <CriteriaList criteria={children} marks />}
    </Flex>
  );
}
