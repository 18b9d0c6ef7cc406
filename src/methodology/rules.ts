import { z } from 'zod';
import { criterionSchema, seedRefSchema, type Criterion } from './criteria';
import { companyRelationship } from './ladders/company-relationship';
import { buildFacts, type FactEvidence } from './ladders/facts';
import { funnelStage } from './ladders/funnel-stage';
import { leadGrade } from './ladders/lead-grade';
import { leadStage } from './ladders/lead-stage';
import { personalRelationship } from './ladders/personal-relationship';
import { localizedTextSchema, PROCESS_PLAYBOOK_IDS, type ProcessPlaybookId } from './schema';
import { DECISION_MAKER_TAGGED } from './ladders/facts';
import { seed } from './ladders/cite';
import type { Measures } from './types';
import { PURCHASE_TYPES, type PurchaseType } from './vocabulary';

/**
 * The grading rules of DESIGN §3, as data. A ladder computes one output: the highest level
 * whose requirements hold (cumulative ladders also require every level below).
 */

export const LADDER_KEYS = [
  'companyRelationship',
  'personalRelationship',
  'funnelStage',
  'leadStage',
  'leadGrade',
] as const;
export type LadderKey = (typeof LADDER_KEYS)[number];

export interface LadderLevel {
  value: string;
  /** Requirements for every purchase type… */
  requires: Criterion[];
  /** …plus these for the deal's purchase type (seed 003 §2.1.3 differs by purchase type). */
  byPurchaseType?: Partial<Record<PurchaseType, Criterion[]>> | undefined;
}

export interface Ladder {
  key: LadderKey;
  property: string;
  /** Ordered low → high; the first is the floor. */
  values: readonly string[];
  cumulative: boolean;
  /** Checked first: the first that holds fixes the value (closed won / lost). */
  overrides: { value: string; when: Criterion }[];
  levels: LadderLevel[];
  /** The seed's measures (措施) per current value: how to climb from it (relationship ladders). */
  measures?: Partial<Record<string, Measures>> | undefined;
  /** Past the top level: what to work on next, shown but never a gate (B → W: closing). */
  guidance?: { value: string; requires: Criterion[] } | undefined;
}

export interface RuleSet {
  process: ProcessPlaybookId;
  ladders: Ladder[];
}

/** A ladder requirement must cite the seed passage it comes from. */
const citedCriterionSchema = criterionSchema.refine((c) => c.source !== undefined, {
  message: 'every rule criterion carries the seed passage it comes from (source)',
});

const measuresSchema = z
  .object({ items: z.array(localizedTextSchema).min(1), source: seedRefSchema })
  .strict();

const ladderLevelSchema = z
  .object({
    value: z.string().min(1),
    requires: z.array(citedCriterionSchema),
    byPurchaseType: z.partialRecord(z.enum(PURCHASE_TYPES), z.array(citedCriterionSchema)).optional(),
  })
  .strict();

const ladderSchema = z
  .object({
    key: z.enum(LADDER_KEYS),
    property: z.string().regex(/^sw_[a-z_]+$/),
    values: z.array(z.string().min(1)).min(2),
    cumulative: z.boolean(),
    overrides: z.array(z.object({ value: z.string(), when: citedCriterionSchema }).strict()),
    levels: z.array(ladderLevelSchema).min(1),
    measures: z.record(z.string(), measuresSchema).optional(),
    guidance: z
      .object({ value: z.string(), requires: z.array(citedCriterionSchema) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    const climbing = l.levels.map((lv) => lv.value);
    const expected = l.values.slice(1, 1 + climbing.length);
    if (climbing.join() !== expected.join()) {
      ctx.addIssue({
        code: 'custom',
        message: `${l.key}: levels must climb ${l.values.join(' < ')} in order`,
      });
    }
    for (const o of l.overrides) {
      if (!l.values.includes(o.value) || climbing.includes(o.value)) {
        ctx.addIssue({
          code: 'custom',
          message: `${l.key}: override ${o.value} must be a value outside the ladder`,
        });
      }
    }
  });

export const ruleSetSchema = z
  .object({ process: z.enum(PROCESS_PLAYBOOK_IDS), ladders: z.array(ladderSchema) })
  .strict()
  .superRefine((rs, ctx) => {
    const keys = rs.ladders.map((l) => l.key);
    if (keys.join() !== LADDER_KEYS.join()) {
      ctx.addIssue({ code: 'custom', message: `ladders must be ${LADDER_KEYS.join(', ')} in this order` });
    }
  });

/** What a process playbook contributes to the shared rules (its checks that mean the same thing). */
export interface ProcessConcepts {
  /** Evidence answering each 5W+2P fact besides its 6W+2P tick. */
  evidence: FactEvidence;
  deadlineKnown: Criterion;
  solutionKnown: Criterion;
  budgetReady: Criterion;
  decisionChainMapped: Criterion;
  /** B: the work of the process's steps before negotiation (seven_step: every ★ of steps 1–5). */
  bWork: Criterion[];
  /** B → W guidance besides the closing playbook (seven_step: the contract flow). */
  closeWork: Criterion[];
}

const item = (ref: string): Criterion => ({ kind: 'item', ref });

/** DESIGN §3 "facts with evidence" for seven_step. */
export const SEVEN_STEP_CONCEPTS: ProcessConcepts = {
  evidence: {
    why_need: [item('seven_step.need.problems_known')],
    budget_plan: [item('seven_step.funding.budget_ready')],
    decision_maker: [DECISION_MAKER_TAGGED, item('seven_step.account.decision_chain_mapped')],
    decision_process: [item('seven_step.account.procurement_known')],
    decision_criteria: [item('seven_step.account.procurement_known')],
    timeline: [item('seven_step.need.deadline_known')],
    competitors: [
      item('seven_step.account.competition_known'),
      item('seven_step.tech.main_competitor_known'),
    ],
    why_us: [item('seven_step.tech.differentiation_acknowledged')],
  },
  deadlineKnown: item('seven_step.need.deadline_known'),
  solutionKnown: item('seven_step.need.solution_known'),
  budgetReady: item('seven_step.funding.budget_ready'),
  decisionChainMapped: item('seven_step.account.decision_chain_mapped'),
  bWork: ['need', 'funding', 'tech', 'account', 'chain'].map((step): Criterion => ({
    kind: 'allKey',
    step: `seven_step.${step}`,
  })),
  closeWork: [
    {
      kind: 'item',
      ref: 'seven_step.award.contract_flow_known',
      source: seed('000', '第七步 中标及签约', '我们已明确客户/渠道合同审批流程及现在走到哪个环节?'),
    },
  ],
};

/** Builds the rule set of DESIGN §3 for a process playbook: one ladder per file under ladders/. */
export function buildRuleSet(process: ProcessPlaybookId, c: ProcessConcepts): RuleSet {
  const facts = buildFacts(c.evidence);
  return {
    process,
    ladders: [
      companyRelationship,
      personalRelationship,
      funnelStage(c, facts),
      leadStage(c, facts),
      leadGrade,
    ],
  };
}
