import type { Criterion } from '../criteria';
import type { Ladder, ProcessConcepts } from '../rules';
import { FUNNEL_STAGES, OUTPUTS, P_FACTS, type Fact } from '../vocabulary';
import { cite, item, seed } from './cite';

const I_SOURCE = seed(
  '001',
  '销售漏斗 谁是“I”客户',
  '客户真正进入考虑期 正式开始比较入围供应商的方案 有较明确的项目时间表',
);
const B_SOURCE = seed('001', '销售漏斗“B”状态', '销售漏斗“B”状态商务谈判!');
const W_SOURCE = seed(
  '001',
  '三、判断风险,实施采购 第三阶段工作:关闭订单',
  '克服“风险”顾虑 证明是“合理的价格”促进“行动”',
);

/** Seed 001 P / I / B (then W / L), with DESIGN §3's facts with evidence. */
export function funnelStage(c: ProcessConcepts, facts: Record<Fact, Criterion>): Ladder {
  return {
    key: 'funnelStage',
    property: OUTPUTS.funnelStage,
    values: FUNNEL_STAGES,
    cumulative: true,
    overrides: [
      {
        value: 'W',
        when: { kind: 'closed', outcome: 'won', source: seed('001', '销售漏斗', 'WL') },
      },
      {
        value: 'L',
        when: { kind: 'closed', outcome: 'lost', source: seed('001', '销售漏斗', 'WL') },
      },
    ],
    levels: [
      { value: 'P', requires: P_FACTS.map((f) => facts[f]) },
      {
        value: 'I',
        requires: [
          item('followup.progress.proposal_submitted', I_SOURCE),
          cite(c.deadlineKnown, I_SOURCE),
          cite(c.budgetReady, I_SOURCE),
        ],
      },
      {
        value: 'B',
        requires: [...c.bWork.map((w) => cite(w, B_SOURCE)), item('followup.progress.quote_given', B_SOURCE)],
      },
    ],
    // From B the next level is W: the closing actions and the contract flow (guidance, never a gate).
    guidance: {
      value: 'W',
      requires: [
        ...['risk_addressed', 'price_justified', 'push_reason', 'pain_vision_recalled'].map((id) =>
          item(`closing.actions.${id}`, W_SOURCE),
        ),
        ...c.closeWork,
      ],
    },
  };
}
