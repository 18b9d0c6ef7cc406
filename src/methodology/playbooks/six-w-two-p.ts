import type { Playbook } from '../schema';

const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 001: 金蝶大客户销售培训. Labels are the seed's questions with their (W)/(P) markers; hints
 * quote the seed's slides (source slide in full-width parentheses).
 */
export const sixWTwoP = {
  id: 'six_w_two_p',
  label: { zh: '金蝶大客户销售:目标客户(6W+2P)', en: 'Kingdee key-account sales: target customer (6W+2P)' },
  description: {
    zh: '金蝶大客户销售漏斗:前七问(5W+2P)都有答案的是“P”客户(PROSPECT);目标客户用 6W+2P,再加一问“为什么应该是我们的?”。PAIN+VISION+POWER=SALE。原文没有★,故各项均不标 key;每问也可由流程清单或联系人中的证据回答(如已标记决策者)。',
    en: 'Kingdee key-account sales funnel: a customer for whom the first seven questions (5W+2P) are answered is a "P" (prospect) customer; the target-customer list (6W+2P) adds "Why should it be us?". PAIN + VISION + POWER = SALE. The seed marks no ★, so no item is key; each question can also be answered by evidence from the process checklist or the contacts (e.g. a contact tagged decision maker).',
  },
  source: '001_286e2b6c19b7b667.txt',
  kind: 'qualification',
  steps: [
    {
      id: 'qualify',
      label: { zh: '目标客户(6W+2P)', en: 'Target customer (6W+2P)' },
      optional: false,
      description: {
        zh: '原文:谁是“P”客户(5W+2P)……目标客户(6W+2P)。逐一回答以下问题:W 问客户、需求、决策和竞争,P 问财政计划和时间表。',
        en: 'Seed: who is a "P" customer (5W+2P) … target customer (6W+2P). Answer each question: the W questions cover the customer, need, decision and competition; the P questions cover the financial plan and the timeline.',
      },
      property: 'sw_six_w_two_p_qualify',
      items: [
        {
          id: 'why_need',
          label: {
            zh: '为什么他们需要或想要一个新系统?(W)',
            en: 'Why do they need or want a new system? (W)',
          },
          hint: {
            zh: lines(
              '1、我是否真的对此有需求?（定义需求阶段的客户心理）',
              '2、销售代表的任务:帮助用户制定需求,明确存在的问题及问题解决方案（定义需求阶段）',
              '3、不销:没有“病痛”或无“改革”意识的（产品销售的基本原则）',
            ),
            en: lines(
              '1. "Do I really need this?" (the customer\'s mindset in the need-definition phase)',
              "2. The sales rep's task: help the customer define the need, making clear the existing problems and how to solve them (need-definition phase)",
              '3. Do not sell to customers with no "pain" or no will to "change" (basic principles of product sales)',
            ),
          },
          key: false,
        },
        {
          id: 'budget_plan',
          label: { zh: '财政有计划吗?(P)', en: 'Is there a financial plan (budget)? (P)' },
          hint: {
            zh: lines(
              '1、近期目标需具备支付能力,特别关注具备发展潜力的目标客户（找准你的目标客户）',
              '2、评估费用:“能否买的起?”（评价方案阶段）',
              '3、该需求需要花费多少钱?（客户心理）',
            ),
            en: lines(
              '1. Near-term targets must be able to pay; pay special attention to target customers with growth potential (find your real target customers)',
              '2. Assessing the cost: "Can we afford it?" (solution-evaluation phase)',
              '3. "How much will this need cost?" (the customer\'s mindset)',
            ),
          },
          key: false,
        },
        {
          id: 'decision_maker',
          label: {
            zh: '谁是决策人物?他想要吗?(W)',
            en: 'Who is the decision-maker? Does he want it? (W)',
          },
          hint: {
            zh: lines(
              '1、PAIN+VISION+POWER=SALE',
              '2、People buys from people',
              '3、Power buys from power',
              '4、成为决策者及其家庭的朋友（关于“FOX”）',
              '5、你不能去卖给不买的人（产品销售的基本原则）',
            ),
            en: lines(
              '1. PAIN + VISION + POWER = SALE',
              '2. People buy from people',
              '3. Power buys from power',
              '4. Become a friend of the decision-maker and his family (about the "FOX")',
              '5. You cannot sell to someone who is not buying (basic principles of product sales)',
            ),
          },
          key: false,
        },
        {
          id: 'decision_process',
          label: { zh: '决策过程怎样?(W)', en: 'What is the decision process? (W)' },
          hint: {
            zh: lines(
              '1、是向一个采购委员会销售（大客户销售的特点）',
              '2、有多个决策者（大客户与一般销售的异同点:顾客购买决定）',
              '3、顾客决定过程 复杂（大客户与一般销售的异同点）',
            ),
            en: lines(
              '1. Key-account selling means selling to a purchasing committee (characteristics of key-account sales)',
              '2. There are several decision-makers (key accounts versus ordinary sales: who makes the buying decision)',
              "3. The customer's decision process is complex (key accounts versus ordinary sales)",
            ),
          },
          key: false,
        },
        {
          id: 'decision_criteria',
          label: { zh: '什么是基本决策因素?(W)', en: 'What are the basic decision criteria? (W)' },
          hint: {
            zh: lines(
              '1、对可供选择的产品和服务进行比较和判断:“那个是最好的?”（评价方案阶段）',
              '2、决定生死的比较表（按考虑因素比较公司A、公司B、公司C）',
              '3、技术的 实施的 经济的（第二阶段工作:方案确认）',
            ),
            en: lines(
              '1. Comparing and judging the alternative products and services: "Which one is best?" (solution-evaluation phase)',
              '2. The life-or-death comparison table (consideration factors compared across company A, B and C)',
              '3. Technical, implementation, economic (phase 2 work: confirming the solution)',
            ),
          },
          key: false,
        },
        {
          id: 'timeline',
          label: { zh: '大致时间表?(P)', en: 'Rough timeline? (P)' },
          hint: {
            zh: lines(
              '1、有较明确的项目时间表（谁是“I”客户）',
              '2、客户真正进入考虑期 正式开始比较入围供应商的方案（谁是“I”客户）',
              '3、有单吗?何时?赢面?（重新审视制定策略）',
            ),
            en: lines(
              '1. There is a fairly clear project timeline (who is an "I" customer)',
              '2. The customer has truly entered the consideration period and formally started comparing the shortlisted vendors\' solutions (who is an "I" customer)',
              '3. Is there a deal? When? Can we win? (review and set the strategy)',
            ),
          },
          key: false,
        },
        {
          id: 'competitors',
          label: { zh: '谁是竞争对手?(W)', en: 'Who are the competitors? (W)' },
          hint: {
            zh: lines(
              '1、你能提供,竞争对手不能提供或不能完美地提供。（找准你的目标客户）',
              '2、了解竞争对手（关于方案书的制作）',
              '3、竞争对手方案的风险和风险控制（关于方案书）',
              '4、防范对手（决策阶段工作）',
            ),
            en: lines(
              '1. What you can offer and competitors cannot, or cannot offer perfectly (find your real target customers)',
              '2. Know the competitors (about writing the proposal)',
              "3. The risks of the competitors' solutions and how to control them (about the proposal)",
              '4. Guard against competitors (work in the decision phase)',
            ),
          },
          key: false,
        },
        {
          id: 'why_us',
          label: { zh: '为什么应该是我们的?', en: 'Why should it be us?' },
          hint: {
            zh: lines(
              '（原文 6W+2P 中此问未标 W/P,也不在定义“P”客户的 5W+2P 之内）',
              '1、WHY KINGDEE(营造好的商务谈判条件)（重要的三封信）',
              '2、客户最重要的需求=你有答案的需求',
            ),
            en: lines(
              '(In the seed\'s 6W+2P list this question carries no W/P marker, and it is not one of the 5W+2P questions that define a "P" customer)',
              '1. WHY KINGDEE (create good conditions for the business negotiation) (the three important letters)',
              "2. The customer's most important need = the need you have an answer for",
            ),
          },
          key: false,
        },
      ],
    },
  ],
} satisfies Playbook;
