import type { Criterion } from '../criteria';
import { findItem } from '../registry';
import type { LocalizedText } from '../schema';
import type { Fact } from '../vocabulary';
import { item, seed } from './cite';

/** The seed-001 question of each 5W+2P fact (谁是“P”客户(5W+2P)), quoted as the seed writes it. */
const QUESTIONS: Record<Fact, string> = {
  why_need: '为什么他们需要或想要一个新系统?(W)',
  budget_plan: '财政有计划吗?(P)',
  decision_maker: '谁是决策人物?他想要吗?(W)',
  decision_process: '决策过程怎样?(W)',
  decision_criteria: '什么是基本决策因素?(W)',
  timeline: '大致时间表?(P)',
  competitors: '谁是竞争对手?(W)',
  why_us: '为什么应该是我们的?',
};

/** What a rep does to answer each fact (the label stays the seed's question). */
const ACTIONS: Record<Fact, LocalizedText> = {
  why_need: { zh: '弄清客户为什么需要新系统', en: 'Find out why the customer needs a new system' },
  budget_plan: { zh: '确认客户的资金计划', en: "Confirm the customer's budget plan" },
  decision_maker: {
    zh: '找出决策人物(拍板者),确认他想要',
    en: 'Identify the decision maker (who has the final say) and confirm they want it',
  },
  decision_process: { zh: '弄清客户的决策过程', en: "Map the customer's decision process" },
  decision_criteria: { zh: '弄清客户的基本决策因素', en: "Find out the customer's decision criteria" },
  timeline: { zh: '弄清客户要求的解决时间', en: 'Find out when the customer needs it solved' },
  competitors: { zh: '弄清竞争对手是谁', en: 'Find out who the competitors are' },
  why_us: { zh: '说清客户为什么应该选我们', en: 'Make clear why the customer should choose us' },
};

/** Evidence, besides the 6W+2P tick, that answers each fact in a process playbook (DESIGN §3). */
export type FactEvidence = Record<Fact, Criterion[]>;

/**
 * A fact counts as answered by its 6W+2P tick or by its evidence; the result's children say which
 * answered it.
 */
export function buildFacts(evidence: FactEvidence): Record<Fact, Criterion> {
  const out = {} as Record<Fact, Criterion>;
  for (const fact of Object.keys(QUESTIONS) as Fact[]) {
    const tick = `six_w_two_p.qualify.${fact}`;
    out[fact] = {
      kind: 'any',
      id: `fact_${fact}`,
      label: findItem(tick)?.item.label ?? { zh: QUESTIONS[fact], en: fact },
      of: [item(tick), ...evidence[fact]],
      action: ACTIONS[fact],
      source: seed('001', '销售漏斗简表 谁是“P”客户(5W+2P) / 目标客户(6W+2P)', QUESTIONS[fact]),
    };
  }
  return out;
}

/** A contact tagged decision maker answers "who is the decision maker?". */
export const DECISION_MAKER_TAGGED: Criterion = {
  kind: 'contacts',
  id: 'decision_maker_tagged',
  label: {
    zh: '已有联系人标记为决策者(拍板者)',
    en: 'A contact is tagged decision maker (has the final say)',
  },
  quantifier: 'some',
  where: { role: ['decision_maker'] },
};
