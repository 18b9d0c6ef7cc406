import type { DealSnapshot, PropertyBag } from '../../src/methodology';

export type ContactSpec = { role?: string; stance?: string; depth?: string; personality?: string };

/** Builds a snapshot from compact specs: `checks` maps step property → item ids. */
export function deal(
  opts: {
    checks?: Record<string, string[]>;
    props?: PropertyBag;
    contacts?: ContactSpec[];
    stage?: DealSnapshot['stage'];
  } = {},
): DealSnapshot {
  const properties: PropertyBag = { ...opts.props };
  for (const [property, ids] of Object.entries(opts.checks ?? {})) properties[property] = ids.join(';');
  return {
    id: 'd1',
    properties,
    contacts: (opts.contacts ?? []).map((c, i) => ({
      id: `c${i + 1}`,
      properties: {
        sw_decision_role: c.role ?? null,
        sw_stance: c.stance ?? null,
        sw_contact_depth: c.depth ?? null,
        sw_personality: c.personality ?? null,
      },
    })),
    stage: opts.stage ?? null,
  };
}

export const P_ITEMS = [
  'why_need',
  'budget_plan',
  'decision_maker',
  'decision_process',
  'decision_criteria',
  'timeline',
  'competitors',
];

export const SEVEN = {
  need: 'sw_seven_step_need',
  funding: 'sw_seven_step_funding',
  tech: 'sw_seven_step_tech',
  account: 'sw_seven_step_account',
  chain: 'sw_seven_step_chain',
  tender: 'sw_seven_step_tender',
  award: 'sw_seven_step_award',
} as const;
export const SIX = 'sw_six_w_two_p_qualify';
export const FOLLOWUP = 'sw_followup_progress';

/** The ★ items of seven-step steps 1–5 (what B needs besides I and the quote). */
export const SEVEN_KEYS: Record<string, string[]> = {
  [SEVEN.need]: ['problems_known', 'opportunity_confirmed'],
  [SEVEN.funding]: ['budget_ready', 'project_established'],
  [SEVEN.tech]: ['differentiation_acknowledged', 'company_endorsed', 'technical_barrier_set'],
  [SEVEN.account]: [
    'decision_chain_mapped',
    'coach_in_place',
    'procurement_known',
    'channel_known',
    'competition_known',
  ],
  [SEVEN.chain]: ['coach_informs', 'key_person_assists'],
};
