/**
 * Property names and enumeration values of the data contract (shared/DESIGN.md §2–3).
 * Names here are public: users filter by them and reports depend on them.
 */

export const DEAL_INPUTS = {
  purchaseType: 'sw_purchase_type',
  accountTraits: 'sw_account_traits',
} as const;

export const HUBSPOT_DEAL_PROPERTIES = {
  amount: 'amount',
  amountHome: 'amount_in_home_currency',
  dealstage: 'dealstage',
  pipeline: 'pipeline',
  dealname: 'dealname',
  lastModified: 'hs_lastmodifieddate',
} as const;

export const CONTACT_INPUTS = {
  decisionRole: 'sw_decision_role',
  stance: 'sw_stance',
  contactDepth: 'sw_contact_depth',
  personality: 'sw_personality',
} as const;

export const OUTPUTS = {
  funnelStage: 'sw_funnel_stage',
  companyRelationship: 'sw_company_relationship',
  personalRelationship: 'sw_personal_relationship',
  relationshipLevel: 'sw_relationship_level',
  leadStage: 'sw_lead_stage',
  leadGrade: 'sw_lead_grade',
  checklistProgress: 'sw_checklist_progress',
  keyItemsProgress: 'sw_key_items_progress',
  currentStep: 'sw_current_step',
  nextActions: 'sw_next_actions',
  rulesVersion: 'sw_rules_version',
  buyingPhase: 'sw_buying_phase',
  alerts: 'sw_alerts',
  funnelStageSince: 'sw_funnel_stage_since',
} as const;

/** Stamped by the writer (not the pure engine) whenever it writes changed outputs. */
export const COMPUTED_AT_PROPERTY = 'sw_computed_at';

export const PURCHASE_TYPES = ['single', 'group', 'strategic'] as const;
export type PurchaseType = (typeof PURCHASE_TYPES)[number];
export const DEFAULT_PURCHASE_TYPE: PurchaseType = 'single';

export const ACCOUNT_TRAITS = [
  'group_influence',
  'industry_benchmark',
  'broad_influence',
  'repeat_purchase',
  'reference_willing',
  'growth_potential',
  'loyal_referrer',
] as const;
export type AccountTrait = (typeof ACCOUNT_TRAITS)[number];

export const DECISION_ROLES = ['decision_maker', 'influencer', 'gatekeeper', 'purchaser', 'user'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];
export const STANCES = ['coach', 'supporter', 'neutral', 'non_supporter', 'enemy'] as const;
export type Stance = (typeof STANCES)[number];
export const CONTACT_DEPTHS = ['none', 'general', 'frequent', 'deep'] as const;
export type ContactDepth = (typeof CONTACT_DEPTHS)[number];
export const PERSONALITIES = ['pioneer', 'innovator', 'pragmatist', 'conservative', 'stubborn'] as const;
export type Personality = (typeof PERSONALITIES)[number];

export const FUNNEL_STAGES = ['none', 'P', 'I', 'B', 'W', 'L'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const RELATIONSHIP_LEVELS = ['none', 'C', 'B', 'A'] as const;
export type RelationshipLevel = (typeof RELATIONSHIP_LEVELS)[number];
export const LEAD_STAGES = ['none', 'info', 'valid', 'prospect'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
export const LEAD_GRADES = ['ordinary', 'important', 'strategic'] as const;
export type LeadGrade = (typeof LEAD_GRADES)[number];

/** Seed 001 三阶段: the customer's buying phases (closed once the deal is won or lost). */
export const BUYING_PHASES = ['need_definition', 'evaluate_alternatives', 'take_action', 'closed'] as const;
export type BuyingPhase = (typeof BUYING_PHASES)[number];
export const ALERTS = ['stage_ahead', 'stalled', 'insider_overdue', 'relationship_stuck'] as const;
export type Alert = (typeof ALERTS)[number];
/** The 5W+2P facts (seed 001), each answered by its 6W+2P tick or by evidence (DESIGN §3). */
export const FACTS = [
  'why_need',
  'budget_plan',
  'decision_maker',
  'decision_process',
  'decision_criteria',
  'timeline',
  'competitors',
  'why_us',
] as const;
export type Fact = (typeof FACTS)[number];
/** The seven facts a "P" customer has answered (5W+2P: every fact but why_us). */
export const P_FACTS: readonly Fact[] = FACTS.filter((f) => f !== 'why_us');
