/**
 * Card API contract between the HubSpot cards (which HubSpot bundles alone and which therefore
 * cannot import src/) and the backend (which imports these types, type-only).
 *
 * All endpoints are called through `hubspot.fetch`; HubSpot appends `portalId`, `userId`,
 * `userEmail`, `appId` to the query and signs the request (v3). The backend derives the portal
 * from the signed query only.
 *
 *   GET   /api/v1/deals/:dealId/card                 → DealCardView
 *   POST  /api/v1/deals/:dealId/items                → DealCardView      body: TickRequest
 *   GET   /api/v1/deals/:dealId/decision-chain       → DecisionChainView
 *   PATCH /api/v1/deals/:dealId/contacts/:contactId  → DecisionChainView body: ContactPatch
 *   GET   /api/v1/settings                           → SettingsView
 *   PUT   /api/v1/settings                           → SettingsView      body: SettingsPatch
 *   POST  /api/v1/regrade                            → RegradeStatus     (starts re-grading all deals)
 *   GET   /api/v1/regrade                            → RegradeStatus
 *   POST  /api/v1/disconnect                         → DisconnectResult  body: { confirm: true }
 *   write-back pause and the settings dry run: ops-api-types.ts
 *
 * The `locale` query parameter (e.g. `zh-cn`, `en-us`) picks the language of labels; default en.
 * Errors: status 4xx/5xx with ApiErrorBody:
 *   400 VALIDATION_FAILED (with issues) · 401 UNAUTHORIZED (signature) · 403 FORBIDDEN (portalId
 *   values disagree, or HubSpot refused a scope) · 404 NOT_INSTALLED / DEAL_NOT_FOUND /
 *   CONTACT_NOT_FOUND · 409 CONFLICT (another change to the deal is still saving) ·
 *   429 RATE_LIMITED (Retry-After) · 502 HUBSPOT_UNAVAILABLE · 503 HUBSPOT_UNAVAILABLE (Retry-After:
 *   no answer within CARD_API_DEADLINE_MS) · 500 INTERNAL.
 * Mutations are idempotent by content: a repeat of the same signed request (HubSpot's one
 * automatic retry) gets the first answer again instead of running twice.
 */

import type { PipelineStageView, RulesUpgradeView, WriteBackView } from './ops-api-types';

export type Lang = 'zh' | 'en';

/**
 * The `timeout` every card passes to `hubspot.fetch` (ms). HubSpot's default is 15 s and its one
 * automatic retry on a 5xx must fit in the same window ("Each request has a default timeout of
 * 15 seconds … HubSpot will automatically retry a request once … if the request fails with a 5XX
 * status code within the timeout window" —
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 */
export const CARD_FETCH_TIMEOUT_MS = 12_000;

/**
 * The backend answers every card API request within this (ms), else 503 + Retry-After: well
 * inside CARD_FETCH_TIMEOUT_MS, leaving HubSpot's retry ~3 s to collect the stored answer.
 */
export const CARD_API_DEADLINE_MS = 9_000;

export interface ApiErrorBody {
  error: {
    /** Stable machine code, e.g. NOT_INSTALLED, FORBIDDEN, DEAL_NOT_FOUND, VALIDATION_FAILED, UNAUTHORIZED, HUBSPOT_UNAVAILABLE, RATE_LIMITED, CONFLICT. */
    code: ApiErrorCode;
    /** Human, actionable message in the requested language. */
    message: string;
    /** For VALIDATION_FAILED: which fields and why. */
    issues?: { path: string; message: string }[];
  };
}

export type ApiErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_INSTALLED'
  | 'DEAL_NOT_FOUND'
  | 'CONTACT_NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'HUBSPOT_UNAVAILABLE'
  | 'INTERNAL';

export interface CriterionView {
  id: string;
  /** The seed's wording (often its question). */
  label: string;
  met: boolean;
  children?: CriterionView[];
  /** What the rep does about it (next actions lead with it). */
  action?: string;
  /** The seed passage the rule comes from, e.g. `003 §2.3.2.4 …: “…”`. */
  source?: string;
  /** For an unmet criterion over contacts: the contacts that keep it unmet. */
  blocking?: { contactId: string; name: string; role: string | null }[];
}

export interface OutputView {
  /** HubSpot deal property, e.g. sw_funnel_stage. */
  property: string;
  value: string;
  valueLabel: string;
  /** What the current value means (seed wording, e.g. relationship level characteristics); null when none. */
  valueDescription: string | null;
  /** Criteria that hold for the current value. */
  met: CriterionView[];
  /** Next level and what is still missing; null at the top or when the deal is closed. */
  next: { value: string; valueLabel: string; met: CriterionView[]; missing: CriterionView[] } | null;
  /** The seed's measures (措施) to climb from this value (relationship levels); empty otherwise. */
  measures: string[];
}

export interface ItemView {
  id: string;
  label: string;
  /** "How to judge" hints, one per line. */
  hint: string;
  /** ★ key item. */
  key: boolean;
  checked: boolean;
}

export interface StepView {
  playbook: string;
  id: string;
  label: string;
  optional: boolean;
  /** HubSpot property storing this step's checked ids. */
  property: string;
  checked: number;
  total: number;
  keyChecked: number;
  keyTotal: number;
  percent: number;
  items: ItemView[];
}

export interface PlaybookView {
  id: string;
  label: string;
  description: string;
  kind: 'process' | 'qualification' | 'questions';
  steps: StepView[];
}

export interface DealCardView {
  portalId: string;
  dealId: string;
  dealName: string;
  language: Lang;
  /** null while open; the deal's closed outcome otherwise. */
  closed: 'won' | 'lost' | null;
  processPlaybook: string;
  /** ISO time the outputs were last written by Stepwise, when known. */
  computedAt: string | null;
  /**
   * HubSpot's last-modified time (ISO) of the deal this view was built from. Monotonic per deal:
   * the card drops a response older than the view it already shows (out-of-order answers).
   */
  updatedAt: string | null;
  rulesVersion: string;
  progress: {
    checked: number;
    total: number;
    keyChecked: number;
    keyTotal: number;
    percent: number;
    keyPercent: number;
    currentStep: { id: string; label: string } | null;
  };
  outputs: {
    funnelStage: OutputView;
    leadGrade: OutputView;
    leadStage: OutputView;
    relationshipLevel: OutputView;
    companyRelationship: OutputView;
    personalRelationship: OutputView;
  };
  /** What is missing for the next funnel stage. */
  nextActions: CriterionView[];
  /** Seed 001 buying phase: the customer's main concern now and the seller's task. */
  buyingPhase: { value: string; label: string; concern: string; sellerTask: string };
  /** Raised alerts, each with why. */
  alerts: { id: string; label: string; reason: string }[];
  /** The deal amount the grade used, with the portal currency (万 in Chinese). */
  amount: string;
  /** The portal's quote-strategy note for the deal's grade (seed 003 §2.4.3), if any. */
  gradeNote: string | null;
  /** False for a process playbook without ★ (ten_step): the card hides the ★ bar. */
  hasKeyItems: boolean;
  /** Playbook id of the closing checklist the card shows at B (null before B and once closed). */
  closingPlaybook: string | null;
  /** Process playbook first, then six_w_two_p, followup, ppvvc. */
  playbooks: PlaybookView[];
  /** Inputs the engine ignored (unknown options, unparsable amount), human-readable. */
  warnings: string[];
}

export interface TickRequest {
  playbook: string;
  step: string;
  item: string;
  checked: boolean;
}

export interface OptionView {
  value: string;
  label: string;
}

export interface ContactView {
  id: string;
  name: string;
  email: string | null;
  jobTitle: string | null;
  decisionRole: string | null;
  stance: string | null;
  contactDepth: string | null;
  personality: string | null;
  /** Seed 003 §2.3.2.3 tactics (对策) for the contact's role; empty without a role. */
  tactics: string[];
}

export interface DecisionChainView {
  portalId: string;
  dealId: string;
  language: Lang;
  contacts: ContactView[];
  companyRelationship: OutputView;
  personalRelationship: OutputView;
  relationshipLevel: OutputView;
  options: {
    decisionRole: OptionView[];
    stance: OptionView[];
    contactDepth: OptionView[];
    personality: OptionView[];
  };
}

/** Any subset; null clears the value. */
export interface ContactPatch {
  sw_decision_role?: string | null;
  sw_stance?: string | null;
  sw_contact_depth?: string | null;
  sw_personality?: string | null;
}

export interface PortalSettingsView {
  defaultProcessPlaybook: 'seven_step' | 'ten_step';
  processPlaybookByPipeline: Record<string, 'seven_step' | 'ten_step'>;
  gradeThresholds: {
    strategicAmount: number;
    importantAmount: number;
    strategicTraitsMin: number;
    importantTraitsMin: number;
  };
  language: Lang;
  /** Optional quote-strategy note per grade (seed 003 §2.4.3), shown in the card. */
  gradeNotes: Partial<Record<'strategic' | 'important' | 'ordinary', string>>;
  /** HubSpot pipeline → stage → least funnel stage (the `stage_ahead` alert). */
  stageMap: Record<string, Record<string, 'none' | 'P' | 'I' | 'B'>>;
  stallDays: { P: number; I: number; B: number };
  visitRules: { insiderAfter: number; escalateAfter: number };
  funnelNorms: { validPerProspect: number; prospectsPerWin: number };
}

type Nested = 'gradeThresholds' | 'stallDays' | 'visitRules' | 'funnelNorms';
export type SettingsPatch = Partial<Omit<PortalSettingsView, Nested>> & {
  [K in Nested]?: Partial<PortalSettingsView[K]>;
};

export interface RegradeStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  processed: number;
  /** Total deals when known (search total), else null. */
  total: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface SettingsView {
  portalId: string;
  language: Lang;
  settings: PortalSettingsView;
  pipelines: {
    id: string;
    label: string;
    processPlaybook: 'seven_step' | 'ten_step';
    /** The pipeline's stages with the stage map's suggestion (ops-api-types.ts). */
    stages: PipelineStageView[];
  }[];
  processPlaybooks: OptionView[];
  currency: string | null;
  installation: {
    installedAt: string;
    scopes: string[];
    status: 'installed' | 'uninstalled';
  };
  regrade: RegradeStatus;
  /** Write-back pause and what Stepwise would write meanwhile. */
  writeBack: WriteBackView;
  /** Post-deploy rules re-grade of this portal. */
  rulesUpgrade: RulesUpgradeView;
}

/**
 * Answer of POST /disconnect: Stepwise was uninstalled from the HubSpot account (HubSpot emails
 * its admins), its refresh token revoked and every piece of Stepwise data about the account
 * deleted from Stepwise's store. HubSpot properties and deal values stay.
 */
export interface DisconnectResult {
  disconnected: true;
  /** HubSpot's Uninstall App API answered 204 (false: the token was already invalid). */
  uninstalledAtHubSpot: boolean;
  /** Stepwise records deleted: store keys, queued jobs, failed-deal entries. */
  deleted: { keys: number; jobs: number; deadLetters: number };
  /** Localized summary for the page. */
  message: string;
}
