import type { Ladder } from '../rules';
import { OUTPUTS, RELATIONSHIP_LEVELS } from '../vocabulary';
import { CHAIN_ROLES, KEY_PEOPLE, seed } from './cite';

const TABLE = '§2.3.2.4 关系节点判断 个人关系';

/** Seed 003 §2.3.2.4 个人关系 (决策关键人) C / B / A, with the 措施 of each column. */
export const personalRelationship: Ladder = {
  key: 'personalRelationship',
  property: OUTPUTS.personalRelationship,
  values: RELATIONSHIP_LEVELS,
  cumulative: true,
  overrides: [],
  measures: {
    none: {
      source: seed(
        '003',
        '§2.3.2.3 客户关键角色定位',
        '你要迅速识别出对推进销售进程有影响力的关键人物,并努力与之建立良好的业务与个人关系',
      ),
      items: [
        {
          zh: '迅速识别出对推进销售进程有影响力的关键人物,并努力与之建立良好的业务与个人关系',
          en: 'Quickly identify the key people who can move the sale forward, and build good business and personal relationships with them',
        },
      ],
    },
    C: {
      source: seed('003', `${TABLE} C级 措施`, '多方面了解客户关键人的性格和喜好'),
      items: [
        {
          zh: '详细解说解决方案和思路,排除客户的异议',
          en: "Explain our solution and thinking in detail and clear the customer's objections",
        },
        {
          zh: '经常拜访,每次拜访交流,为下次交流留下话题',
          en: 'Visit often, and leave a topic for next time at every visit',
        },
        { zh: '赠送公务性小礼品', en: 'Give small business gifts' },
        { zh: '创造机会,邀请在非办公场合聚会', en: 'Make chances to meet outside the office' },
        {
          zh: '多方面了解客户关键人的性格和喜好,寻找共同兴趣点和话题',
          en: "Learn the key person's character and tastes, and find shared interests and topics",
        },
      ],
    },
    B: {
      source: seed('003', `${TABLE} B级 措施`, '主动就一些个人私事帮助客户'),
      items: [
        {
          zh: '多创造私人聚会的机会和非公务环境,如私下请客户吃饭、休闲娱乐',
          en: 'Create private get-togethers outside work, such as dinners and leisure',
        },
        {
          zh: '针对客户的兴趣,组织并参加社交活动,培养私人感情',
          en: "Organise and join social activities around the customer's interests to build personal ties",
        },
        { zh: '充分考虑客户的私人需求,投其所好', en: "Consider the customer's personal needs and tastes" },
        { zh: '主动就一些个人私事帮助客户', en: 'Offer help with personal matters' },
      ],
    },
    A: {
      source: seed('003', `${TABLE} A级 措施`, '就客户公司采购项目等与客户开展全方位的合作'),
      items: [
        { zh: '定期聚会,保持感情', en: 'Meet regularly to keep the friendship' },
        {
          zh: '与客户共同策划采购项目的公关,跟进和实施计划',
          en: "Plan the purchase project's relationship work together with the customer, and follow and carry out the plan",
        },
        {
          zh: '通过客户的引荐,扩展用户关系圈',
          en: "Widen the circle of relationships through the customer's introductions",
        },
        {
          zh: '就客户公司采购项目等与客户开展全方位的合作',
          en: "Work with the customer on every front of their company's purchase projects",
        },
      ],
    },
  },
  levels: [
    {
      value: 'C',
      requires: [
        {
          kind: 'contacts',
          id: 'chain_contact_engaged',
          label: {
            zh: '与决策链上至少一人有一般接触或以上',
            en: 'Occasional contact or more with at least one person on the decision chain',
          },
          quantifier: 'some',
          filter: { role: [...CHAIN_ROLES] },
          where: { depth: ['general', 'frequent', 'deep'] },
          action: {
            zh: '与决策链上的一个人建立业务往来',
            en: 'Start a business relationship with someone on the decision chain',
          },
          source: seed(
            '003',
            `${TABLE} C级`,
            '单纯的业务关系:客户对销售工程师和兴天下及其产品和服务形成印象并产生兴趣',
          ),
        },
      ],
    },
    {
      value: 'B',
      requires: [
        {
          kind: 'contacts',
          id: 'key_person_frequent',
          label: {
            zh: '与关键人(决策者或影响者)较多接触或深交',
            en: 'Frequent contact or a close relationship with a key person (decision maker or influencer)',
          },
          quantifier: 'some',
          filter: { role: [...KEY_PEOPLE] },
          where: { depth: ['frequent', 'deep'] },
          action: { zh: '与一位关键人开始建立私交', en: 'Start building personal ties with a key person' },
          source: seed('003', `${TABLE} B级`, '开始建立私交并逐步成为朋友'),
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
            en: 'A close relationship with a key person who is our coach',
          },
          quantifier: 'some',
          filter: { role: [...KEY_PEOPLE] },
          where: { depth: ['deep'], stance: ['coach'] },
          action: {
            zh: '让一位关键人成为挚友和导师,通报内部信息',
            en: 'Make a key person a close friend and coach who shares inside information',
          },
          source: seed(
            '003',
            `${TABLE} A级`,
            '无话不说,成为挚友、死党:在业务上成为你的强劲拥护者,积极通报采购项目运作过程中的内部信息',
          ),
        },
      ],
    },
  ],
};
