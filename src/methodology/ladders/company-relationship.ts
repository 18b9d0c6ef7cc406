import type { Ladder } from '../rules';
import { OUTPUTS, RELATIONSHIP_LEVELS } from '../vocabulary';
import { CHAIN_ROLES, KEY_PEOPLE, seed, SUPPORTIVE } from './cite';
import { RELATIONSHIP_FLOOR_MEASURES } from './relationship-measures';

const TABLE = '§2.3.2.4 关系节点判断 公司关系';

/** Seed 003 §2.3.2.4 公司关系 C / B / A, with the 措施 of each column. */
export const companyRelationship: Ladder = {
  key: 'companyRelationship',
  property: OUTPUTS.companyRelationship,
  values: RELATIONSHIP_LEVELS,
  cumulative: true,
  overrides: [],
  measures: {
    none: RELATIONSHIP_FLOOR_MEASURES,
    C: {
      source: seed('003', `${TABLE} C级 措施`, '通过关系人了解客户采购决策的流程,确定关键环节的关键人'),
      items: [
        {
          zh: '通过关系人了解客户采购决策的流程,确定关键环节的关键人',
          en: 'Through our contacts, learn the buying decision process and find the key person at each key step',
        },
        {
          zh: '通过关系人的引荐,向高层(关键人)延伸关系',
          en: "Through our contacts' introductions, extend the relationship up to senior people (key people)",
        },
        {
          zh: '有计划的与关键人接触,交流,建立私交',
          en: 'Meet and talk with key people to a plan, and build personal ties',
        },
        {
          zh: '必要时由双方高层进行会晤',
          en: "When needed, arrange a meeting of both sides' senior managers",
        },
      ],
    },
    B: {
      source: seed('003', `${TABLE} B级 措施`, '为客户度身定制专业的设计方案'),
      items: [
        { zh: '产品演示、样板参观', en: 'Product demonstrations and reference-site visits' },
        { zh: '为客户度身定制专业的设计方案', en: 'A professional design proposal tailored to the customer' },
        {
          zh: '不定期的开展技术交流等活动,加强客户关系',
          en: 'Technical exchanges and similar events from time to time, to strengthen the relationship',
        },
        { zh: '加强拜访、联络频率', en: 'Visit and keep in touch more often' },
        {
          zh: '加强与客户多层面的交流,高层参与,提高沟通层次',
          en: 'Talk with the customer at more levels, with senior people taking part, to raise the level of communication',
        },
      ],
    },
    A: {
      source: seed('003', `${TABLE} A级 措施`, '借和客户的关系屏蔽主要竞争对手'),
      items: [
        { zh: '公司高层互访', en: 'Senior managers of both companies visit each other' },
        { zh: '组织公司间联谊', en: 'Organise social events between the companies' },
        {
          zh: '运用推广会,邀请成功客户作为样板现身说法',
          en: 'Use promotion events and invite successful customers to speak as references',
        },
        { zh: '对用户进行贴身服务', en: 'Give the customer close, personal service' },
        { zh: '借和客户的关系屏蔽主要竞争对手', en: 'Use the relationship to shut out the main competitors' },
      ],
    },
  },
  levels: [
    {
      value: 'C',
      requires: [
        {
          kind: 'contacts',
          id: 'any_supporter',
          label: { zh: '至少一位联系人是支持者或导师', en: 'At least one contact is a supporter or coach' },
          quantifier: 'some',
          where: { stance: [...SUPPORTIVE] },
          action: { zh: '把一位联系人发展成支持者', en: 'Win one contact over as a supporter' },
          source: seed('003', `${TABLE} C级`, '仅限于与客户内线关系人交流的层面:在内部已有支持的声音'),
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
            zh: '关键人(决策者或影响者)是支持者/导师,且较多接触或深交',
            en: 'A key person (decision maker or influencer) is a supporter or coach, with frequent contact or a close relationship',
          },
          quantifier: 'some',
          filter: { role: [...KEY_PEOPLE] },
          where: { stance: [...SUPPORTIVE], depth: ['frequent', 'deep'] },
          action: {
            zh: '与一位关键人(决策者或影响者)建立信任和私交',
            en: 'Build trust and personal ties with a key person (decision maker or influencer)',
          },
          source: seed(
            '003',
            `${TABLE} B级`,
            '在客户中已建立“关键人”关系:与客户建立了信任关系,和“关键人”除业务交流外,还频繁的进行私人沟通',
          ),
        },
      ],
    },
    {
      value: 'A',
      requires: [
        {
          kind: 'contacts',
          id: 'decision_maker_on_chain',
          label: {
            zh: '决策链上有决策者(拍板者)',
            en: 'A decision maker (has the final say) is on the chain',
          },
          quantifier: 'some',
          where: { role: ['decision_maker'] },
          action: {
            zh: '找到并标记决策者(拍板者)',
            en: 'Find and tag the decision maker (has the final say)',
          },
          source: seed('003', `${TABLE} A级`, '已与客户的上下整条决策链建立了高度信任的关系'),
        },
        {
          kind: 'contacts',
          id: 'gatekeeper_or_purchaser_on_chain',
          label: { zh: '决策链上有把关者或采购者', en: 'A gatekeeper or purchaser is on the chain' },
          quantifier: 'some',
          where: { role: ['gatekeeper', 'purchaser'] },
          action: { zh: '接触把关者或采购者', en: 'Reach a gatekeeper or purchaser' },
          source: seed('003', `${TABLE} A级`, '已与客户的上下整条决策链建立了高度信任的关系'),
        },
        {
          kind: 'contacts',
          id: 'whole_chain_supports_close',
          label: {
            zh: '整条决策链的联系人都是支持者/导师,且较多接触或深交',
            en: 'Every chain contact is a supporter or coach, with frequent contact or a close relationship',
          },
          quantifier: 'every',
          filter: { role: [...CHAIN_ROLES] },
          where: { stance: [...SUPPORTIVE], depth: ['frequent', 'deep'] },
          action: {
            zh: '与决策链上每个人建立信任和私交',
            en: 'Build trust and personal ties with everyone on the decision chain',
          },
          source: seed('003', `${TABLE} A级`, '私交甚密,与客户的关系圈上升到整个公司的层面'),
        },
        {
          kind: 'contacts',
          id: 'no_enemy',
          label: { zh: '联系人中没有敌人', en: 'No enemy among the contacts' },
          quantifier: 'none',
          where: { stance: ['enemy'] },
          action: { zh: '化解或绕开敌对的联系人', en: 'Win over or work around the hostile contacts' },
          source: seed('003', `${TABLE} A级`, '并一致促成与兴天下的合作'),
        },
        {
          kind: 'trait',
          value: 'reference_willing',
          action: {
            zh: '请客户成为样板客户、联合推广',
            en: 'Ask the customer to be a reference and promote together',
          },
          source: seed('003', `${TABLE} A级`, '且愿意成为兴天下的市场支持者进行联合推广'),
        },
      ],
    },
  ],
};
