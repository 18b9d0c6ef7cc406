import type { LocalizedText } from './schema';
import type {
  AccountTrait,
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
  info: { zh: '普通信息', en: 'General information' },
  valid: { zh: '有效信息', en: 'Valid information' },
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
  decision_maker: { zh: '拍板者', en: 'Decision maker' },
  influencer: { zh: '决策者/影响者', en: 'Influencer' },
  gatekeeper: { zh: '评估者/把关者', en: 'Gatekeeper (evaluator)' },
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
