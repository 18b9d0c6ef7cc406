import type { Criterion } from '../criteria';
import type { Ladder } from '../rules';
import type { LocalizedText } from '../schema';
import { LEAD_GRADES, OUTPUTS, type AccountTrait } from '../vocabulary';
import { seed } from './cite';

const MODEL = '§2.4.2 准客户类型评估模型';
/** The seed lists the features of each grade; how many make the grade is Stepwise's default. */
const COUNTING_RULE = {
  zh: '计数规则为 Stepwise 默认(原文只列出特征,未规定需满足几项),可在设置中修改',
  en: "The count is Stepwise's default (the seed lists the features, not how many are needed); change it in settings",
};

/** Seed 003 §2.4.2: strategic / important / ordinary customers. */
/** One grade's test: the amount threshold, or at least n of its value traits (Stepwise's count). */
function gradeTest(
  grade: 'important' | 'strategic',
  label: LocalizedText,
  amount: { threshold: 'importantAmount' | 'strategicAmount'; quote: string },
  traits: {
    label: LocalizedText;
    n: 'importantTraitsMin' | 'strategicTraitsMin';
    quote: string;
    of: AccountTrait[];
  },
  where: string,
): Criterion {
  return {
    kind: 'any',
    id: `${grade}_customer`,
    label,
    source: seed('003', `${MODEL} ${where}`, amount.quote),
    of: [
      { kind: 'amountAtLeast', threshold: amount.threshold },
      {
        kind: 'atLeast',
        id: `${grade}_traits`,
        label: traits.label,
        source: seed('003', `${MODEL} ${where}`, traits.quote, COUNTING_RULE),
        n: traits.n,
        of: traits.of.map((value): Criterion => ({ kind: 'trait', value })),
      },
    ],
  };
}

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
        gradeTest(
          'important',
          { zh: '重要客户条件(金额或客户价值)', en: 'Important-customer test (amount or value)' },
          { threshold: 'importantAmount', quote: '采购金额在100万至300万之间' },
          {
            label: {
              zh: '至少 {n} 项(Stepwise 默认计数):发展潜质、连续采购、忠诚转介绍',
              en: "At least {n} (Stepwise's default count) of: growth potential, repeat purchase, loyal referrer",
            },
            n: 'importantTraitsMin',
            quote: '有连续性采购的趋向',
            of: ['growth_potential', 'repeat_purchase', 'loyal_referrer'],
          },
          '2、重要客户',
        ),
      ],
    },
    {
      value: 'strategic',
      requires: [
        gradeTest(
          'strategic',
          { zh: '战略客户条件(金额或客户价值)', en: 'Strategic-customer test (amount or value)' },
          { threshold: 'strategicAmount', quote: '大采购需求,采购金额在300万以上' },
          {
            label: {
              zh: '至少 {n} 项(Stepwise 默认计数):集团影响、行业标杆、广泛影响、连续采购、愿做样板',
              en: "At least {n} (Stepwise's default count) of: group influence, industry benchmark, broad influence, repeat purchase, reference customer",
            },
            n: 'strategicTraitsMin',
            quote: '有意成为兴天下样板客户和样板工程',
            of: [
              'group_influence',
              'industry_benchmark',
              'broad_influence',
              'repeat_purchase',
              'reference_willing',
            ],
          },
          '1、战略客户',
        ),
      ],
    },
  ],
};
