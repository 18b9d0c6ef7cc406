import type { Criterion } from '../criteria';
import type { Ladder, ProcessConcepts } from '../rules';
import { LEAD_STAGES, OUTPUTS, type Fact } from '../vocabulary';
import { cite, item, seed } from './cite';

const TABLE = '§2.1.3 客户进展阶段判断标准表';
const q = (where: string, quote: string) => seed('003', `${TABLE} ${where}`, quote);
const f = (id: string, where: string, quote: string): Criterion =>
  item(`followup.progress.${id}`, q(where, quote));

/** Seed 003 §2.1.3: lead stages per purchase type, one column of the table each. */
export function leadStage(c: ProcessConcepts, facts: Record<Fact, Criterion>): Ladder {
  const valid = (first: Criterion, where: string): Criterion[] => [
    first,
    cite(c.deadlineKnown, q(`${where} 有效信息 2`, '了解项目详细情况')),
    cite(c.solutionKnown, q(`${where} 有效信息 4`, '客户对数字对讲有明确需求')),
    f('demo_done', `${where} 有效信息 3`, '进行了产品演示'),
    f('insider_developed', `${where} 有效信息 5`, '已发展内线关系人'),
    cite(c.decisionChainMapped, q(`${where} 有效信息 6`, '知晓客户决策链及关键人联系方式')),
    cite(facts.competitors, q(`${where} 有效信息 7`, '了解竞争关系及竞争产品信息')),
  ];
  const prospect = (where: string): Criterion[] => [
    f('proposal_submitted', `${where} 准客户 1`, '已经向客户提交了设计方案或参与招投标'),
    f('quote_given', `${where} 准客户 2`, '已初步报价'),
    f('visit_invited', `${where} 准客户 3`, '已邀请参观公司或样板客户考察'),
  ];
  return {
    key: 'leadStage',
    property: OUTPUTS.leadStage,
    values: LEAD_STAGES,
    cumulative: true,
    overrides: [],
    levels: [
      {
        value: 'info',
        requires: [
          { kind: 'hasContact', source: q('普通信息 2', '明确项目联系人及联系电话') },
          cite(facts.why_need, q('普通信息 3', '对楼宇对讲有明确需求')),
        ],
      },
      {
        value: 'valid',
        requires: [],
        byPurchaseType: {
          single: valid(
            f('developer_known', '单独采购 有效信息 1', '明确开发商名称、联系人及电话'),
            '单独采购',
          ),
          group: valid(
            f('company_profiled', '集团采购 有效信息 1', '了解公司情况(规模、性质、影响力等)'),
            '集团采购',
          ),
          strategic: [
            f('tender_shortlisted', '战略采购 有效信息 1', '初次招投标入围'),
            f('company_profiled', '战略采购 有效信息 2', '了解对方公司情况'),
            f('demo_done', '战略采购 有效信息 3', '进行了产品演示'),
            f('visit_invited', '战略采购 有效信息 3', '并已邀请参观公司或样板客户考察'),
            f('proposal_submitted', '战略采购 有效信息 4', '已经向客户提交了设计方案和初步报价'),
            f('quote_given', '战略采购 有效信息 4', '已经向客户提交了设计方案和初步报价'),
            cite(c.decisionChainMapped, q('战略采购 有效信息 5', '知晓客户决策链及关键人联系方式')),
          ],
        },
      },
      {
        value: 'prospect',
        requires: [
          {
            kind: 'level',
            dimension: 'companyRelationship',
            atLeast: 'B',
            source: seed(
              '003',
              '§2.4.1 准客户筛选',
              '当与客户的关系和客户决策链关键人的关系都达到了“B”级,则进入漏斗中的准客户阶段',
            ),
          },
          {
            kind: 'level',
            dimension: 'personalRelationship',
            atLeast: 'B',
            source: seed(
              '003',
              '§2.4.1 准客户筛选',
              '当与客户的关系和客户决策链关键人的关系都达到了“B”级,则进入漏斗中的准客户阶段',
            ),
          },
          f('chain_exchanges', '准客户', '决策链上已有多次交流沟通'),
          f('chain_insider', '准客户', '已将决策链上的人发展成了内线关键人'),
        ],
        byPurchaseType: {
          single: prospect('单独采购'),
          group: prospect('集团采购'),
          strategic: [f('tender_second_round', '战略采购 准客户 1', '招投标二次入围')],
        },
      },
    ],
  };
}
