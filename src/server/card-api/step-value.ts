import type { PlaybookStep } from '../../methodology';

/**
 * The new value of a step's checkbox property after ticking (or unticking) one item. HubSpot
 * stores checked option values joined by `;`. Known items come out in playbook order; values
 * Stepwise does not know (e.g. an option a HubSpot admin added) are kept, after them.
 */
export function mergeStepValue(
  raw: string | null | undefined,
  step: Pick<PlaybookStep, 'items'>,
  itemId: string,
  checked: boolean,
): string {
  const present = new Set(
    (raw ?? '')
      .split(';')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  );
  if (checked) present.add(itemId);
  else present.delete(itemId);
  const known = step.items.map((i) => i.id).filter((id) => present.has(id));
  const knownSet = new Set(step.items.map((i) => i.id));
  const unknown = [...present].filter((id) => !knownSet.has(id));
  return [...known, ...unknown].join(';');
}

/** Whether the raw property value has the item checked. */
export function isChecked(raw: string | null | undefined, itemId: string): boolean {
  return (raw ?? '').split(';').some((v) => v.trim() === itemId);
}
