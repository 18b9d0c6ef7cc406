import type { Criterion } from './criteria';
import { compileCriterion } from './compile-criterion';
import {
  buildRuleSet,
  ruleSetSchema,
  SEVEN_STEP_CONCEPTS,
  type ProcessConcepts,
  type RuleSet,
} from './rules';
import type { ProcessPlaybookId } from './schema';
import { DEFAULT_SETTINGS } from './settings';

/** Bump when a rule changes meaning; written to sw_rules_version with the settings fingerprint. */
export const RULES_VERSION = '2026.11.1';

const item = (ref: string): Criterion => ({ kind: 'item', ref });

/**
 * ten_step (seed 004) has no budget or deadline checks of its own: those come from 6W+2P
 * (財政有計劃嗎? / 大致時間表?), which every pipeline also uses. Technical win is the product
 * information step (references, why us, benefits); decision-chain win is the relationship step
 * plus a recognised buying intent.
 */
export const TEN_STEP_CONCEPTS: ProcessConcepts = {
  needClear: {
    kind: 'any',
    id: 'need_clear',
    label: { zh: '需求明确', en: 'Need is clear' },
    of: [item('six_w_two_p.qualify.why_need'), item('ten_step.coach.needs_via_coach')],
  },
  deadlineKnown: item('six_w_two_p.qualify.timeline'),
  solutionKnown: item('ten_step.solution.solution_fits'),
  budgetReady: item('six_w_two_p.qualify.budget_plan'),
  decisionChainMapped: item('ten_step.research.decision_process_known'),
  competitionKnown: {
    kind: 'any',
    id: 'competition_known',
    label: { zh: '了解竞争关系及竞争产品信息', en: 'Competition and competing products known' },
    of: [item('ten_step.research.competitors_known'), item('six_w_two_p.qualify.competitors')],
  },
  technicalWin: [{ kind: 'allKey', step: 'ten_step.inform' }],
  chainWin: [
    { kind: 'allKey', step: 'ten_step.relationship' },
    item('ten_step.intent.buying_intent_recognised'),
  ],
};

function validated(rs: RuleSet): RuleSet {
  const parsed = ruleSetSchema.parse(rs) as RuleSet;
  // Compiling once resolves every item/step reference against the registry (fails fast on a typo).
  for (const ladder of parsed.ladders) {
    for (const level of ladder.levels) {
      for (const c of [...level.requires, ...Object.values(level.byPurchaseType ?? {}).flat()]) {
        compileCriterion(c, DEFAULT_SETTINGS);
      }
    }
  }
  return parsed;
}

/** The rules of each process playbook, validated when the module loads. */
export const RULE_SETS: Readonly<Record<ProcessPlaybookId, RuleSet>> = Object.freeze({
  seven_step: validated(buildRuleSet('seven_step', SEVEN_STEP_CONCEPTS)),
  ten_step: validated(buildRuleSet('ten_step', TEN_STEP_CONCEPTS)),
});

function criterionSteps(c: Criterion, into: Set<string>): void {
  if (c.kind === 'item') into.add(c.ref.split('.').slice(0, 2).join('.'));
  else if (c.kind === 'allKey') into.add(c.step);
  else if (c.kind === 'any' || c.kind === 'all' || c.kind === 'atLeast')
    for (const p of c.of) criterionSteps(p, into);
}

/** `playbook.step` keys a rule set reads (the engine parses other steps only when asked for detail). */
export function referencedSteps(rs: RuleSet): Set<string> {
  const out = new Set<string>();
  for (const ladder of rs.ladders) {
    for (const o of ladder.overrides) criterionSteps(o.when, out);
    for (const level of ladder.levels) {
      for (const c of [...level.requires, ...Object.values(level.byPurchaseType ?? {}).flat()])
        criterionSteps(c, out);
    }
  }
  return out;
}
