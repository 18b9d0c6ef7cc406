import { z } from 'zod';
import { criterionSchema, type Criterion } from './criteria';
import { PROCESS_PLAYBOOK_IDS, type ProcessPlaybookId } from './schema';
import {
  FUNNEL_STAGES,
  LEAD_GRADES,
  LEAD_STAGES,
  OUTPUTS,
  PURCHASE_TYPES,
  RELATIONSHIP_LEVELS,
  type PurchaseType,
} from './vocabulary';

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
}

export interface RuleSet {
  process: ProcessPlaybookId;
  ladders: Ladder[];
}

const ladderLevelSchema = z
  .object({
    value: z.string().min(1),
    requires: z.array(criterionSchema),
    byPurchaseType: z.partialRecord(z.enum(PURCHASE_TYPES), z.array(criterionSchema)).optional(),
  })
  .strict();

const ladderSchema = z
  .object({
    key: z.enum(LADDER_KEYS),
    property: z.string().regex(/^sw_[a-z_]+$/),
    values: z.array(z.string().min(1)).min(2),
    cumulative: z.boolean(),
    overrides: z.array(z.object({ value: z.string(), when: criterionSchema }).strict()),
    levels: z.array(ladderLevelSchema).min(1),
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
  needClear: Criterion;
  deadlineKnown: Criterion;
  solutionKnown: Criterion;
  budgetReady: Criterion;
  decisionChainMapped: Criterion;
  competitionKnown: Criterion;
  /** Technical endorsement needed for B. */
  technicalWin: Criterion[];
  /** Decision-chain work needed for B. */
  chainWin: Criterion[];
}

const item = (ref: string): Criterion => ({ kind: 'item', ref });
const SUPPORTIVE = ['coach', 'supporter'] as const;
const KEY_PEOPLE = ['decision_maker', 'influencer'] as const;

export const SEVEN_STEP_CONCEPTS: ProcessConcepts = {
  needClear: {
    kind: 'any',
    id: 'need_clear',
    label: { zh: '需求明确', en: 'Need is clear' },
    of: [item('six_w_two_p.qualify.why_need'), item('seven_step.need.problems_known')],
  },
  deadlineKnown: item('seven_step.need.deadline_known'),
  solutionKnown: item('seven_step.need.solution_known'),
  budgetReady: item('seven_step.funding.budget_ready'),
  decisionChainMapped: item('seven_step.account.decision_chain_mapped'),
  competitionKnown: {
    kind: 'any',
    id: 'competition_known',
    label: { zh: '了解竞争关系及竞争产品信息', en: 'Competition and competing products known' },
    of: [item('seven_step.account.competition_known'), item('six_w_two_p.qualify.competitors')],
  },
  technicalWin: [{ kind: 'allKey', step: 'seven_step.tech' }],
  chainWin: [{ kind: 'allKey', step: 'seven_step.chain' }],
};

/** Builds the rule set of DESIGN §3 for a process playbook. */
export function buildRuleSet(process: ProcessPlaybookId, c: ProcessConcepts): RuleSet {
  const supporterPlus = { stance: [...SUPPORTIVE] };
  // Seed 003 §2.1.3: single and group purchases share one column of criteria.
  const validSingleOrGroup: Criterion[] = [
    c.deadlineKnown,
    c.solutionKnown,
    item('followup.progress.demo_done'),
    item('followup.progress.insider_developed'),
    c.decisionChainMapped,
    c.competitionKnown,
  ];
  const prospectSingleOrGroup: Criterion[] = [
    item('followup.progress.proposal_submitted'),
    item('followup.progress.quote_given'),
    item('followup.progress.visit_invited'),
  ];
  return {
    process,
    ladders: [
      {
        key: 'companyRelationship',
        property: OUTPUTS.companyRelationship,
        values: RELATIONSHIP_LEVELS,
        cumulative: true,
        overrides: [],
        levels: [
          {
            value: 'C',
            requires: [
              {
                kind: 'contacts',
                id: 'any_supporter',
                label: {
                  zh: '至少一位联系人是支持者或导师',
                  en: 'At least one contact is a supporter or coach',
                },
                quantifier: 'some',
                where: supporterPlus,
              },
            ],
          },
          {
            value: 'B',
            requires: [
              {
                kind: 'contacts',
                id: 'key_person_supporter_close',
                label: {
                  zh: '关键人(拍板者或影响者)是支持者/导师,且较多接触或深交',
                  en: 'A key person (decision maker or influencer) supports us with frequent or close contact',
                },
                quantifier: 'some',
                where: { role: [...KEY_PEOPLE], stance: [...SUPPORTIVE], depth: ['frequent', 'deep'] },
              },
            ],
          },
          {
            value: 'A',
            requires: [
              {
                kind: 'contacts',
                id: 'decision_maker_supporter',
                label: { zh: '拍板者是支持者或导师', en: 'A decision maker is a supporter or coach' },
                quantifier: 'some',
                where: { role: ['decision_maker'], stance: [...SUPPORTIVE] },
              },
              {
                kind: 'contacts',
                id: 'gatekeeper_or_purchaser_known',
                label: {
                  zh: '已接触评估者或采购者',
                  en: 'At least one gatekeeper or purchaser is on the deal',
                },
                quantifier: 'some',
                where: { role: ['gatekeeper', 'purchaser'] },
              },
              {
                kind: 'contacts',
                id: 'whole_chain_supports',
                label: {
                  zh: '拍板者、评估者、采购者全部是支持者或导师',
                  en: 'Every decision maker, gatekeeper and purchaser supports us',
                },
                quantifier: 'every',
                filter: { role: ['decision_maker', 'gatekeeper', 'purchaser'] },
                where: supporterPlus,
              },
              {
                kind: 'contacts',
                id: 'no_enemy',
                label: { zh: '决策链中没有敌人', en: 'No enemy in the decision chain' },
                quantifier: 'none',
                where: { stance: ['enemy'] },
              },
            ],
          },
        ],
      },
      {
        key: 'personalRelationship',
        property: OUTPUTS.personalRelationship,
        values: RELATIONSHIP_LEVELS,
        cumulative: true,
        overrides: [],
        levels: [
          {
            value: 'C',
            requires: [
              {
                kind: 'contacts',
                id: 'any_contact_engaged',
                label: { zh: '至少与一位联系人有一般接触', en: 'At least occasional contact with someone' },
                quantifier: 'some',
                where: { depth: ['general', 'frequent', 'deep'] },
              },
            ],
          },
          {
            value: 'B',
            requires: [
              {
                kind: 'contacts',
                id: 'key_person_frequent',
                label: { zh: '与关键人较多接触或深交', en: 'Frequent or close contact with a key person' },
                quantifier: 'some',
                where: { role: [...KEY_PEOPLE], depth: ['frequent', 'deep'] },
              },
            ],
          },
          {
            value: 'A',
            requires: [
              {
                kind: 'contacts',
                id: 'key_person_deep_coach',
                label: {
                  zh: '与关键人深交,且其是我方导师',
                  en: 'A key person is a close friend and our coach',
                },
                quantifier: 'some',
                where: { role: [...KEY_PEOPLE], depth: ['deep'], stance: ['coach'] },
              },
            ],
          },
        ],
      },
      {
        key: 'funnelStage',
        property: OUTPUTS.funnelStage,
        values: FUNNEL_STAGES,
        cumulative: true,
        overrides: [
          { value: 'W', when: { kind: 'closed', outcome: 'won' } },
          { value: 'L', when: { kind: 'closed', outcome: 'lost' } },
        ],
        levels: [
          {
            value: 'P',
            requires: [
              item('six_w_two_p.qualify.why_need'),
              item('six_w_two_p.qualify.budget_plan'),
              item('six_w_two_p.qualify.decision_maker'),
              item('six_w_two_p.qualify.decision_process'),
              item('six_w_two_p.qualify.decision_criteria'),
              item('six_w_two_p.qualify.timeline'),
              item('six_w_two_p.qualify.competitors'),
            ],
          },
          {
            value: 'I',
            requires: [item('followup.progress.proposal_submitted'), c.deadlineKnown, c.budgetReady],
          },
          {
            value: 'B',
            requires: [...c.technicalWin, ...c.chainWin, item('followup.progress.quote_given')],
          },
        ],
      },
      {
        key: 'leadStage',
        property: OUTPUTS.leadStage,
        values: LEAD_STAGES,
        cumulative: true,
        overrides: [],
        levels: [
          { value: 'info', requires: [{ kind: 'hasContact' }, c.needClear] },
          {
            value: 'valid',
            requires: [],
            byPurchaseType: {
              single: validSingleOrGroup,
              group: validSingleOrGroup,
              strategic: [
                item('followup.progress.tender_shortlisted'),
                item('followup.progress.demo_done'),
                item('followup.progress.visit_invited'),
                item('followup.progress.proposal_submitted'),
                item('followup.progress.quote_given'),
                c.decisionChainMapped,
              ],
            },
          },
          {
            value: 'prospect',
            requires: [
              { kind: 'level', dimension: 'companyRelationship', atLeast: 'B' },
              { kind: 'level', dimension: 'personalRelationship', atLeast: 'B' },
              item('followup.progress.chain_exchanges'),
              item('followup.progress.chain_insider'),
            ],
            byPurchaseType: {
              single: prospectSingleOrGroup,
              group: prospectSingleOrGroup,
              strategic: [item('followup.progress.tender_second_round')],
            },
          },
        ],
      },
      {
        key: 'leadGrade',
        property: OUTPUTS.leadGrade,
        values: LEAD_GRADES,
        cumulative: false,
        overrides: [],
        levels: [
          {
            value: 'important',
            requires: [
              {
                kind: 'any',
                id: 'important_customer',
                label: {
                  zh: '重要客户条件(金额或客户价值)',
                  en: 'Important-customer test (amount or value)',
                },
                of: [
                  { kind: 'amountAtLeast', threshold: 'importantAmount' },
                  {
                    kind: 'atLeast',
                    id: 'important_traits',
                    label: {
                      zh: '至少 {n} 项:发展潜质、连续采购、忠诚转介绍',
                      en: 'At least {n} of: growth potential, repeat purchase, loyal referrer',
                    },
                    n: 'importantTraitsMin',
                    of: [
                      { kind: 'trait', value: 'growth_potential' },
                      { kind: 'trait', value: 'repeat_purchase' },
                      { kind: 'trait', value: 'loyal_referrer' },
                    ],
                  },
                ],
              },
            ],
          },
          {
            value: 'strategic',
            requires: [
              {
                kind: 'any',
                id: 'strategic_customer',
                label: {
                  zh: '战略客户条件(金额或客户价值)',
                  en: 'Strategic-customer test (amount or value)',
                },
                of: [
                  { kind: 'amountAtLeast', threshold: 'strategicAmount' },
                  {
                    kind: 'atLeast',
                    id: 'strategic_traits',
                    label: {
                      zh: '至少 {n} 项:集团影响、行业标杆、广泛影响、连续采购、愿做样板',
                      en: 'At least {n} of: group influence, industry benchmark, broad influence, repeat purchase, reference customer',
                    },
                    n: 'strategicTraitsMin',
                    of: [
                      { kind: 'trait', value: 'group_influence' },
                      { kind: 'trait', value: 'industry_benchmark' },
                      { kind: 'trait', value: 'broad_influence' },
                      { kind: 'trait', value: 'repeat_purchase' },
                      { kind: 'trait', value: 'reference_willing' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
