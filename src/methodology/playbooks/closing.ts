import type { Playbook } from '../schema';

const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 001 (金蝶大客户销售培训) phase III 判断风险,实施采购 and its 第三阶段工作:促进决策. Guidance from
 * B to W, never a gate: the seed marks no ★, so no item is key.
 */
export const closing = {
  id: 'closing',
  label: { zh: '关闭订单', en: 'Closing the sale' },
  description: {
    zh: '金蝶大客户销售培训 第三阶段“判断风险,实施采购”:销售代表的任务是打消顾虑,完成销售!第三阶段工作:关闭订单 —— 克服“风险”顾虑、证明是“合理的价格”、促进“行动”。原文没有★,各项均不标 key。',
    en: 'Kingdee key-account training, phase III "judge the risk, make the purchase": the sales rep\'s task is to remove doubts and complete the sale. Phase III work, closing the order: overcome the "risk" concern, prove the price is "reasonable", prompt "action". The seed marks no ★, so no item is key.',
  },
  source: '001_286e2b6c19b7b667.txt',
  kind: 'qualification',
  steps: [
    {
      id: 'actions',
      label: { zh: '促进决策', en: 'Prompting the decision' },
      optional: false,
      description: {
        zh: '第三阶段工作:促进决策(从 B 到 W)。',
        en: 'Phase III work: prompting the decision (from B to W).',
      },
      property: 'sw_closing_actions',
      items: [
        {
          id: 'risk_addressed',
          label: { zh: '克服“风险”顾虑', en: 'The "risk" concern is overcome' },
          hint: {
            zh: lines(
              '1、客户的顾虑:我能否承担起这个项目?如果项目失败了我怎么办?如果项目耽搁了我怎么办?如果什么也没做我怎么办?合同签定后,销售员能否继续信赖?',
              '2、面对风险异议:坚定自己的信心,让客户感动,恰当的回答',
              '3、打消风险(注意:决策阶段工作)',
            ),
            en: lines(
              "1. The customer's doubts: can I take this project on? What if the project fails? What if it is delayed? What if nothing is done? Can I still rely on the sales rep after the contract is signed?",
              '2. Facing risk objections: be confident, move the customer, answer appropriately',
              '3. Remove the risk (note: decision-phase work)',
            ),
          },
          key: false,
          action: { zh: '逐条回答客户的风险顾虑', en: "Answer each of the customer's risk concerns" },
        },
        {
          id: 'price_justified',
          label: { zh: '证明是“合理的价格”', en: 'The price is shown to be "reasonable"' },
          hint: {
            zh: lines('1、客户的顾虑:我能否得到最优惠的价格?', '2、缩减功能,稳住价格(注意:决策阶段工作)'),
            en: lines(
              "1. The customer's doubt: can I get the best price?",
              '2. Trim functions, hold the price (note: decision-phase work)',
            ),
          },
          key: false,
          action: { zh: '向客户证明价格合理', en: 'Show the customer the price is reasonable' },
        },
        {
          id: 'push_reason',
          label: { zh: '促进“行动”', en: '"Action" is prompted' },
          hint: {
            zh: lines(
              '1、关于“PUSH”:时间理由、价格理由、利益理由、其它理由',
              '2、注:“PUSH”的“度”',
              '3、该断则断',
            ),
            en: lines(
              '1. On the "PUSH": a reason of time, of price, of benefit, or another reason',
              '2. Note: how hard to "PUSH"',
              '3. Cut losses when you must',
            ),
          },
          key: false,
          action: {
            zh: '给客户一个现在行动的理由(时间、价格、利益)',
            en: 'Give the customer a reason to act now (time, price, benefit)',
          },
        },
        {
          id: 'pain_vision_recalled',
          label: {
            zh: '已重温 Pain、Reasons、Vision、Proof',
            en: 'Pain, Reasons, Vision and Proof recalled',
          },
          hint: {
            zh: lines(
              '1、Recall Pain / Recall Reasons / Recall Vision / Recall Proof',
              '2、让客户感动,适当的“暗示”',
            ),
            en: lines(
              '1. Recall Pain / Recall Reasons / Recall Vision / Recall Proof',
              '2. Move the customer; a well-judged "hint"',
            ),
          },
          key: false,
          action: {
            zh: '和客户重温痛苦、理由、构想和证明',
            en: 'Recall the pain, reasons, vision and proof with the customer',
          },
        },
      ],
    },
  ],
} satisfies Playbook;
