import type { Ladder } from '../rules';
import { LEAD_GRADES, OUTPUTS } from '../vocabulary';
import { seed } from './cite';

const MODEL = '§2.4.2 准客户类型评估模型';
/** The seed lists the features of each grade; how many make the grade is Stepwise's default. */
const COUNTING_RULE = {
  zh: '计数规则为 Stepwise 默认(原文只列出特征,未规定需满足几项),可在设置中修改',
  en: "The count is Stepwise's default (the seed lists the features, not how many are needed); change it in settings",
};

/** Seed 003 §2.4.2: strategic / important / ordinary customers. */
export const leadGrade: Ladder = {
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
          label: { zh: '重要客户条件(金额或客户价值)', en: 'Important-customer test (amount or value)' },
          source: seed('003', `${MODEL} 2、重要客户`, '采购金额在100万至300万之间'),
          of: [
            { kind: 'amountAtLeast', threshold: 'importantAmount' },
            {
              kind: 'atLeast',
              id: 'important_traits',
              label: {
                zh: '至少 {n} 项(Stepwise 默认计数):发展潜质、连续采购、忠诚转介绍',
                en: "At least {n} (Stepwise's default count) of: growth potential, repeat purchase, loyal referrer",
              },
              source: seed('003', `${MODEL} 2、重要客户`, '有连续性采购的趋向', COUNTING_RULE),
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
          label: { zh: '战略客户条件(金额或客户价值)', en: 'Strategic-customer test (amount or value)' },
          source: seed('003', `${MODEL} 1、战略客户`, '大采购需求,采购金额在300万以上'),
          of: [
            { kind: 'amountAtLeast', threshold: 'strategicAmount' },
            {
              kind: 'atLeast',
              id: 'strategic_traits',
              label: {
                zh: '至少 {n} 项(Stepwise 默认计数):集团影响、行业标杆、广泛影响、连续采购、愿做样板',
                en: "At least {n} (Stepwise's default count) of: group influence, industry benchmark, broad influence, repeat purchase, reference customer",
              },
              source: seed('003', `${MODEL} 1、战略客户`, '有意成为兴天下样板客户和样板工程', COUNTING_RULE),
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
};
