import type { LocalizedText } from './schema';
import type {
  AccountTrait,
  Alert,
  BuyingPhase,
  ContactDepth,
  DecisionRole,
  FunnelStage,
  LeadGrade,
  LeadStage,
  Personality,
  PurchaseType,
  RelationshipLevel,
  Stance,
} from './vocabulary';

/** Localized labels for every enumeration value of the contract (seed wording first). */

export const FUNNEL_STAGE_LABELS: Record<FunnelStage, LocalizedText> = {
  none: { zh: '未入漏斗', en: 'Not in funnel' },
  P: { zh: 'P 目标客户(5W+2P 已确认)', en: 'P – target customer (5W+2P qualified)' },
  I: { zh: 'I 客户真正进入考虑期', en: 'I – formally evaluating shortlisted vendors' },
  B: { zh: 'B 商务谈判', en: 'B – business negotiation' },
  W: { zh: 'W 赢单', en: 'W – won' },
  L: { zh: 'L 丢单', en: 'L – lost' },
};

export const RELATIONSHIP_LEVEL_LABELS: Record<RelationshipLevel, LocalizedText> = {
  none: { zh: '无关系', en: 'No relationship' },
  C: { zh: 'C级', en: 'Level C' },
  B: { zh: 'B级', en: 'Level B' },
  A: { zh: 'A级', en: 'Level A' },
};

export const LEAD_STAGE_LABELS: Record<LeadStage, LocalizedText> = {
  none: { zh: '未建立', en: 'Not started' },
  info: { zh: '普通信息', en: 'Raw lead' },
  valid: { zh: '有效信息', en: 'Qualified lead' },
  prospect: { zh: '准客户', en: 'Prospect' },
};

export const LEAD_GRADE_LABELS: Record<LeadGrade, LocalizedText> = {
  ordinary: { zh: '普通客户', en: 'Ordinary customer' },
  important: { zh: '重要客户', en: 'Important customer' },
  strategic: { zh: '战略客户', en: 'Strategic customer' },
};

export const PURCHASE_TYPE_LABELS: Record<PurchaseType, LocalizedText> = {
  single: { zh: '单独采购', en: 'Single purchase' },
  group: { zh: '集团采购', en: 'Group purchase' },
  strategic: { zh: '战略采购', en: 'Strategic purchase' },
};

export const ACCOUNT_TRAIT_LABELS: Record<AccountTrait, LocalizedText> = {
  group_influence: {
    zh: '集团客户,能从上到下影响其二级公司,或统一采购',
    en: 'Group customer that can influence its subsidiaries top-down, or buys centrally',
  },
  industry_benchmark: {
    zh: '属于行业内的标杆企业,有很强的示范作用',
    en: 'Industry benchmark company with a strong showcase effect',
  },
  broad_influence: {
    zh: '拥有广泛的影响力,能形成直接宣传或影响其它公司、单位使用',
    en: 'Broad influence: promotes us directly or leads other companies to use our products',
  },
  repeat_purchase: {
    zh: '具有很强的连续性、后续采购的意向',
    en: 'Strong intent of continuous, follow-up purchases',
  },
  reference_willing: {
    zh: '有意成为样板客户和样板工程',
    en: 'Willing to become a reference customer and showcase project',
  },
  growth_potential: {
    zh: '规模较大,具有较强的发展潜质和盈利能力',
    en: 'Sizeable, with strong growth potential and profitability',
  },
  loyal_referrer: {
    zh: '关系良好,忠诚度高,会积极宣传并主动介绍客户',
    en: 'Good relationship and loyal: actively promotes us and refers customers',
  },
};

export const DECISION_ROLE_LABELS: Record<DecisionRole, LocalizedText> = {
  decision_maker: { zh: '决策者(拍板者)', en: 'Decision maker (has the final say)' },
  influencer: { zh: '影响者', en: 'Influencer' },
  gatekeeper: { zh: '把关者(评估者)', en: 'Gatekeeper (evaluator)' },
  purchaser: { zh: '采购者', en: 'Purchaser' },
  user: { zh: '使用者', en: 'User' },
};

export const STANCE_LABELS: Record<Stance, LocalizedText> = {
  coach: { zh: '导师', en: 'Coach' },
  supporter: { zh: '支持者', en: 'Supporter' },
  neutral: { zh: '中立者', en: 'Neutral' },
  non_supporter: { zh: '不支持者', en: 'Non-supporter' },
  enemy: { zh: '敌人', en: 'Enemy' },
};

export const CONTACT_DEPTH_LABELS: Record<ContactDepth, LocalizedText> = {
  none: { zh: '不接触', en: 'No contact' },
  general: { zh: '一般接触', en: 'Occasional contact' },
  frequent: { zh: '较多接触', en: 'Frequent contact' },
  deep: { zh: '深交', en: 'Close relationship' },
};

export const PERSONALITY_LABELS: Record<Personality, LocalizedText> = {
  pioneer: { zh: '前卫者', en: 'Pioneer' },
  innovator: { zh: '创新者', en: 'Innovator' },
  pragmatist: { zh: '实用主义者', en: 'Pragmatist' },
  conservative: { zh: '保守者', en: 'Conservative' },
  stubborn: { zh: '顽固派', en: 'Stubborn' },
};

/** Seed 003 §2.3.2.4 characteristics of each level (shown with the level). */
export const COMPANY_RELATIONSHIP_DESCRIPTIONS: Record<Exclude<RelationshipLevel, 'none'>, LocalizedText> = {
  C: {
    zh: '仅限于与客户内线关系人交流的层面',
    en: 'Limited to exchanges with our insider contacts at the customer',
  },
  B: {
    zh: '在客户中已建立“关键人”关系',
    en: 'A relationship with a key person at the customer is established',
  },
  A: {
    zh: '已与客户的上下整条决策链建立了高度信任的关系',
    en: 'Highly trusted relationship with the whole decision chain, top to bottom',
  },
};

export const PERSONAL_RELATIONSHIP_DESCRIPTIONS: Record<Exclude<RelationshipLevel, 'none'>, LocalizedText> = {
  C: { zh: '单纯的业务关系', en: 'Purely business relationship' },
  B: { zh: '开始建立私交并逐步成为朋友', en: 'Personal ties forming, gradually becoming friends' },
  A: { zh: '无话不说,成为挚友、死党', en: 'Close friends who share everything' },
};

export const COMPLETE_STEP_LABEL: LocalizedText = { zh: '全部完成', en: 'All steps complete' };

/** Seed 001 三阶段 (Phase I–III), and "closed" once the deal is won or lost. */
export const BUYING_PHASE_LABELS: Record<BuyingPhase, LocalizedText> = {
  need_definition: { zh: '定义需求阶段', en: 'Need definition' },
  evaluate_alternatives: { zh: '评价方案阶段', en: 'Evaluate alternatives' },
  take_action: { zh: '判断风险,实施采购阶段', en: 'Take action (judge the risk, make the purchase)' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** Seed 001 心理曲线 (concern curve: needs → solution → cost → risk): the customer's main concern. */
export const BUYING_PHASE_CONCERNS: Record<BuyingPhase, LocalizedText> = {
  need_definition: {
    zh: '需求、方案:我是否真的对此有需求?我应该如何解决该需求?',
    en: 'Needs, then solution: do I really need this? How should I solve it?',
  },
  evaluate_alternatives: {
    zh: '方案、费用:“那个是最好的?”“能否买的起?”',
    en: 'Solution, then cost: "which one is best?" "can we afford it?"',
  },
  take_action: {
    zh: '风险:我能否承担起这个项目?如果项目失败了我怎么办?',
    en: 'Risk: can I take this project on? What if it fails?',
  },
  closed: { zh: '—', en: '—' },
};

/** Seed 001 卖家和谐的三步对策 (Need Development → Proof → Close the Sale) and 销售代表的任务. */
export const BUYING_PHASE_TASKS: Record<BuyingPhase, LocalizedText> = {
  need_definition: {
    zh: 'Need Development:帮助用户制定需求,明确存在的问题及问题解决方案,使我们的产品有资格入围',
    en: 'Need Development: help the customer define the need, the problem and its solution, so our product qualifies for the shortlist',
  },
  evaluate_alternatives: {
    zh: 'Proof:充分展示我们的方案并帮助客户评估费用',
    en: 'Proof: show our solution fully and help the customer assess the cost',
  },
  take_action: {
    zh: 'Close the Sale:打消顾虑,完成销售!',
    en: 'Close the Sale: remove doubts, complete the sale!',
  },
  closed: { zh: '—', en: '—' },
};

export const ALERT_LABELS: Record<Alert, LocalizedText> = {
  stage_ahead: { zh: '交易阶段超前于证据', en: 'Deal stage ahead of the evidence' },
  stalled: { zh: '漏斗阶段停滞', en: 'Stalled in its funnel stage' },
  insider_overdue: { zh: '拜访三次仍未发展内线', en: 'Insider overdue after three visits' },
  relationship_stuck: {
    zh: '多次拜访后关系仍处于C级',
    en: 'Relationship still at level C after many visits',
  },
};

/** Seed 003 §2.3.2.3 角色对策: how to work each of the five key roles. */
export const DECISION_ROLE_TACTICS: Record<DecisionRole, readonly LocalizedText[]> = {
  decision_maker: [
    {
      zh: '除非有直接的关系,一般在最初阶段很难找到和接触到关键决策者,销售工程师只能利用内部人物来引导,产生影响',
      en: 'Unless you have a direct relationship, the key decision maker is hard to reach at first: use insiders to guide and influence',
    },
    {
      zh: '在沟通过程中,销售工程师与决策者应居于身份平等的原则,善于利用客户高层资源',
      en: 'Talk with the decision maker as an equal and make good use of senior contacts',
    },
    {
      zh: '多方面了解关键决策人的个人背景,从中找到能对关键决策人产生影响的周边关系作为突破口',
      en: "Learn the key decision maker's personal background and find the people around them who can influence them",
    },
  ],
  influencer: [
    {
      zh: '寻找影响者一定是建立在对用户内部和决策者周边关系人个人信息非常了解的基础上',
      en: "Finding the influencer takes a thorough knowledge of the customer's inside and of the people around the decision maker",
    },
    {
      zh: '影响者往往是凭个人的喜好进行评价,因此,销售工程师可以重私交而轻业务关系',
      en: 'Influencers judge by personal liking, so weigh the personal relationship over the business one',
    },
  ],
  gatekeeper: [
    {
      zh: '把关者可能会使信息管道断裂,甚至衍生出负面的信息;构建客户关系时首先要与客户保持和谐的关系,这层关系是最容易构建的',
      en: 'A gatekeeper can cut the flow of information or even spread negative information: keep a harmonious relationship first; it is the easiest to build',
    },
  ],
  purchaser: [
    {
      zh: '采购者位于整个采购的核心,与决策者有很强的关联性,一定要了解采购者的喜好和背景等,善于协调和利用',
      en: "The purchaser is at the core of the purchase and closely tied to the decision maker: learn the purchaser's preferences and background, coordinate and work with them",
    },
  ],
  user: [
    {
      zh: '使用者往往关注产品和服务的有效性和方便性,要充分展示产品的可靠性和周到服务,让他们相信使用我们的产品和服务是没有风险的',
      en: 'Users care about effectiveness and convenience: show reliability and attentive service so they trust it carries no risk',
    },
    {
      zh: '使用者最容易沟通和建立关系,一定要保持对其足够的尊重并构建基本的关系,最起码不要使他们对我们的产品有负面的评价',
      en: 'Users are the easiest to talk to: respect them and build a basic relationship; at the least, never let them speak badly of our product',
    },
  ],
};
