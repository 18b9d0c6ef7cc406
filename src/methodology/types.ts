import type { SeedRef } from './criteria';
import type { LocalizedText, PlaybookId, ProcessPlaybookId } from './schema';
import type {
  Alert,
  BuyingPhase,
  DecisionRole,
  FunnelStage,
  LeadGrade,
  LeadStage,
  RelationshipLevel,
} from './vocabulary';

/** Raw HubSpot property bag: any value may be missing, null or garbage. */
export type PropertyBag = Record<string, string | null | undefined>;

/** Engine input (contract, DESIGN §4). */
export interface DealSnapshot {
  id: string;
  properties: PropertyBag;
  contacts: { id: string; properties: PropertyBag }[];
  /** Resolved pipeline stage of the deal; null/undefined when unknown. */
  stage?: { isClosed: boolean; probability: number } | null;
  /** ISO time of this evaluation, supplied by the caller (the engine has no clock). */
  asOf?: string | null;
  /** The deal's completed visits (拜访), supplied by the caller. */
  activity?: { completedVisits: number } | null;
}

/** One criterion as evaluated: what it asks, whether it holds, and its parts (for "at least n of"). */
export interface CriterionResult {
  /** Stable id, e.g. `item:seven_step.need.deadline_known`, `amount:strategic`. */
  id: string;
  label: LocalizedText;
  met: boolean;
  children?: CriterionResult[];
  /** The seed passage the rule comes from (every ladder requirement has one). */
  source?: SeedRef;
  /** What the rep does about it when unmet; the label stays the seed's wording. */
  action?: LocalizedText;
}

/** The seed's measures (措施) for the level a deal is at: how to reach the next (at the top, to hold it). */
export interface Measures {
  items: readonly LocalizedText[];
  source: SeedRef;
}

/** Explanation of one computed level (funnel stage, relationship, lead stage, grade). */
export interface LevelResult<V extends string> {
  /** Deal property written back. */
  property: string;
  value: V;
  valueLabel: LocalizedText;
  /** Why the current value: the criteria of the current level (empty at the floor). */
  met: CriterionResult[];
  /** The next level up and what it still needs; null at the top or when fixed (closed won/lost). */
  next: {
    value: V;
    valueLabel: LocalizedText;
    met: CriterionResult[];
    missing: CriterionResult[];
  } | null;
  /** The seed's measures for climbing from this value (relationship ladders). */
  measures?: Measures | null;
}

/** A contact that blocks a criterion over contacts (the card names them). */
export interface BlockingContact {
  contactId: string;
  role: DecisionRole | null;
}

export interface AlertResult {
  alert: Alert;
  active: boolean;
  label: LocalizedText;
  /** Why it is (or is not) raised, from the same evaluation. */
  reason: LocalizedText;
  source: SeedRef;
}

export interface StepProgress {
  playbook: PlaybookId;
  step: string;
  label: LocalizedText;
  optional: boolean;
  /** Checked ids that exist in the step, in step order. */
  checkedIds: string[];
  checked: number;
  total: number;
  keyChecked: number;
  keyTotal: number;
  /** round(100 × checked / total) */
  percent: number;
}

export interface InputWarning {
  /** Property (deal `sw_*` or `contact:<id>.sw_*`) that held a value the engine ignored. */
  property: string;
  value: string;
  reason: 'unknown_option' | 'unparsable_amount' | 'invalid_settings' | 'malformed_input';
}

/** Engine output (contract: `outputs` are exactly the property values to write back). */
export interface DealEvaluation {
  dealId: string;
  processPlaybook: ProcessPlaybookId;
  rulesVersion: string;
  outputs: Record<string, string>;
  funnelStage: LevelResult<FunnelStage>;
  companyRelationship: LevelResult<RelationshipLevel>;
  personalRelationship: LevelResult<RelationshipLevel>;
  relationshipLevel: LevelResult<RelationshipLevel>;
  leadStage: LevelResult<LeadStage>;
  leadGrade: LevelResult<LeadGrade>;
  progress: {
    checked: number;
    total: number;
    keyChecked: number;
    keyTotal: number;
    percent: number;
    keyPercent: number;
    /** Step id of the process playbook to work on now; null when every counted item is checked. */
    currentStep: string | null;
  };
  /** Every step of every playbook (process playbook first). */
  steps: StepProgress[];
  /** Missing criteria for the next funnel stage (the rep's to-do list), labelled. */
  nextActions: CriterionResult[];
  /** Seed 001 三阶段: the customer's buying phase, its main concern and the seller's task. */
  buyingPhase: {
    value: BuyingPhase;
    label: LocalizedText;
    concern: LocalizedText;
    sellerTask: LocalizedText;
    source: SeedRef;
  };
  /** Every alert, raised or not, with its reason. */
  alerts: AlertResult[];
  /** When the current funnel stage was entered (ISO), '' when unknown. */
  funnelStageSince: string;
  /** The amount the grade used (home currency when HubSpot gives it; 0 when missing). */
  amount: number;
  /** The portal's quote-strategy note for the deal's grade (seed 003 §2.4.3), if any. */
  gradeNote: string | null;
  /** Criterion id (`contacts:…`) → the contacts that keep it unmet, for every unmet contact criterion shown. */
  blocking: Record<string, BlockingContact[]>;
  warnings: InputWarning[];
}
