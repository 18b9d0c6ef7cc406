import type {
  ContactPatch,
  ContactView,
  DealCardView,
  DecisionChainView,
  StepView,
  TickRequest,
} from './api-types';

/**
 * Pure view updates the cards apply at once, before the backend answers (optimistic UI).
 * The backend's answer replaces them; a failure applies the inverse update.
 */

/** round(100 × part / whole), half up; 0 when whole is 0 (same rule as the engine). */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((200 * part + whole) / (2 * whole));
}

export function itemKey(t: Pick<TickRequest, 'playbook' | 'step' | 'item'>): string {
  return `${t.playbook}.${t.step}.${t.item}`;
}

function recountStep(step: StepView): StepView {
  let checked = 0;
  let keyChecked = 0;
  let keyTotal = 0;
  for (const item of step.items) {
    if (item.checked) checked++;
    if (item.key) {
      keyTotal++;
      if (item.checked) keyChecked++;
    }
  }
  return {
    ...step,
    checked,
    total: step.items.length,
    keyChecked,
    keyTotal,
    percent: percent(checked, step.items.length),
  };
}

/** Sets one item's checked state and recomputes its step and the process playbook's totals. */
export function applyTick(view: DealCardView, tick: TickRequest): DealCardView {
  let changed = false;
  const playbooks = view.playbooks.map((pb) => {
    if (pb.id !== tick.playbook) return pb;
    return {
      ...pb,
      steps: pb.steps.map((step) => {
        if (step.id !== tick.step) return step;
        const items = step.items.map((item) => {
          if (item.id !== tick.item || item.checked === tick.checked) return item;
          changed = true;
          return { ...item, checked: tick.checked };
        });
        return recountStep({ ...step, items });
      }),
    };
  });
  if (!changed) return view;
  const process = playbooks.find((pb) => pb.id === view.processPlaybook);
  if (process === undefined) return { ...view, playbooks };
  const counted = process.steps.filter((s) => !s.optional);
  const sum = (f: (s: StepView) => number): number => counted.reduce((n, s) => n + f(s), 0);
  const checked = sum((s) => s.checked);
  const total = sum((s) => s.total);
  const keyChecked = sum((s) => s.keyChecked);
  const keyTotal = sum((s) => s.keyTotal);
  const current =
    counted.find((s) => s.keyChecked < s.keyTotal) ?? counted.find((s) => s.checked < s.total) ?? null;
  return {
    ...view,
    playbooks,
    progress: {
      checked,
      total,
      keyChecked,
      keyTotal,
      percent: percent(checked, total),
      keyPercent: percent(keyChecked, keyTotal),
      currentStep: current === null ? null : { id: current.id, label: current.label },
    },
  };
}

/** True when `next` was built from an older deal state than `current` (an out-of-order answer). */
export function isOlder(
  next: { updatedAt: string | null },
  current: { updatedAt: string | null } | null,
): boolean {
  if (current === null || current.updatedAt === null || next.updatedAt === null) return false;
  const a = Date.parse(next.updatedAt);
  const b = Date.parse(current.updatedAt);
  return Number.isFinite(a) && Number.isFinite(b) && a < b;
}

export type ContactField = keyof ContactPatch;

const FIELD_TO_VIEW: Record<ContactField, keyof ContactView> = {
  sw_decision_role: 'decisionRole',
  sw_stance: 'stance',
  sw_contact_depth: 'contactDepth',
  sw_personality: 'personality',
};

export function contactFieldValue(contact: ContactView, field: ContactField): string | null {
  const v = contact[FIELD_TO_VIEW[field]];
  return typeof v === 'string' ? v : null;
}

/** Sets one decision-chain field of one contact. */
export function applyContactEdit(
  view: DecisionChainView,
  contactId: string,
  field: ContactField,
  value: string | null,
): DecisionChainView {
  return {
    ...view,
    contacts: view.contacts.map((c) => (c.id === contactId ? { ...c, [FIELD_TO_VIEW[field]]: value } : c)),
  };
}
