import type { Criterion, SeedRef } from './criteria';
import { seed } from './ladders/cite';
import { DECISION_MAKER_TAGGED } from './ladders/facts';
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
export const RULES_VERSION = '2026.12.1';

/**
 * Whether a deal's written `sw_rules_version` was computed by these rules (any settings). A
 * deploy that changes RULES_VERSION makes every graded deal answer false here until re-graded.
 */
export function gradedByCurrentRules(written: string | null | undefined): boolean {
  return typeof written === 'string' && written.startsWith(`${RULES_VERSION}+`);
}

const item = (ref: string, source?: SeedRef): Criterion =>
  source === undefined ? { kind: 'item', ref } : { kind: 'item', ref, source };
const TEN = (where: string, quote: string): SeedRef => seed('004', where, quote);

/**
 * ten_step (seed 004) has no budget or deadline checks of its own: those come from 6W+2P
 * (财政有计划吗? / 大致时间表?), which every pipeline also uses. Its facts come from its own items,
 * each with the seed line it rests on. B is its relationship and product-information work plus a
 * recognised buying intent (seed 004 marks no ★, so whole steps count).
 */
export const TEN_STEP_CONCEPTS: ProcessConcepts = {
  evidence: {
    why_need: [item('ten_step.coach.needs_via_coach', TEN('第二步', '通過“教練”了解客戶的需求'))],
    budget_plan: [],
    decision_maker: [
      DECISION_MAKER_TAGGED,
      item('ten_step.research.key_people_researched', TEN('第三步', '客戶中關鍵人物的情況')),
    ],
    decision_process: [item('ten_step.research.decision_process_known', TEN('第三步', '客戶的決策流程'))],
    decision_criteria: [item('ten_step.research.decision_process_known', TEN('第三步', '客戶的決策流程'))],
    timeline: [],
    competitors: [item('ten_step.research.competitors_known', TEN('第三步', '競爭對手情況'))],
    why_us: [
      item('ten_step.inform.why_us_answered', TEN('第七步', '客戶為什么不選擇其他供應商而要選擇我們?')),
    ],
  },
  deadlineKnown: item('six_w_two_p.qualify.timeline'),
  solutionKnown: item('ten_step.solution.solution_fits'),
  budgetReady: item('six_w_two_p.qualify.budget_plan'),
  decisionChainMapped: item('ten_step.research.decision_process_known'),
  bWork: [
    { kind: 'allItems', step: 'ten_step.relationship' },
    { kind: 'allItems', step: 'ten_step.inform' },
    item('ten_step.intent.buying_intent_recognised'),
  ],
  closeWork: [],
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
    for (const c of ladder.guidance?.requires ?? []) compileCriterion(c, DEFAULT_SETTINGS);
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
  else if (c.kind === 'allKey' || c.kind === 'allItems') into.add(c.step);
  else if (c.kind === 'any' || c.kind === 'all' || c.kind === 'atLeast')
    for (const p of c.of) criterionSteps(p, into);
}

/** `playbook.step` keys a rule set reads (the engine parses other steps only when asked for detail). */
export function referencedSteps(rs: RuleSet): Set<string> {
  const out = new Set<string>();
  for (const ladder of rs.ladders) {
    for (const o of ladder.overrides) criterionSteps(o.when, out);
    for (const c of ladder.guidance?.requires ?? []) criterionSteps(c, out);
    for (const level of ladder.levels) {
      for (const c of [...level.requires, ...Object.values(level.byPurchaseType ?? {}).flat()])
        criterionSteps(c, out);
    }
  }
  return out;
}
