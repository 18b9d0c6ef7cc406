import type { ApiErrorBody, ApiErrorCode, Lang } from '../../cards/lib/api-types';

/**
 * Manager page API contract between the HubSpot app page (bundled alone by HubSpot, so it cannot
 * import src/) and the backend (which imports these types, type-only).
 *
 *   GET /api/v1/manager?locale=&pipeline=&owner=&team=&from=&to=   → ManagerView
 *
 * Called through `hubspot.fetch`, which appends `portalId`, `userId`, `userEmail`, `appId` and
 * signs the request (v3); the backend derives the portal from the signed query only and ignores
 * any portal named elsewhere.
 *
 * Query (every filter optional; empty or absent = all):
 *   locale    user locale (`zh-cn`, `en-us`); picks the language of error messages and `language`.
 *             Alert reasons always carry both languages; the page shows the user's.
 *   pipeline  HubSpot pipeline id (one of `filters.pipelines[].id`)
 *   owner     HubSpot owner id (one of `filters.owners[].id`)
 *   team      HubSpot team id (one of `filters.teams[].id`); deals whose owner is in the team
 *   from, to  the period, calendar dates `YYYY-MM-DD` in the portal's time zone, both inclusive.
 *             Default: the 90 days ending today. from > to → 400 VALIDATION_FAILED (issues name
 *             the field); an unknown pipeline/owner/team id → 400 VALIDATION_FAILED.
 *
 * Semantics (all numbers come from the per-portal aggregates the worker maintains as it writes —
 * `computedFrom: 'aggregates'` — never from a HubSpot search per view):
 *   funnel         one row per funnel stage, always all six in the order none, P, I, B, W, L.
 *                  none/P/I/B: open deals currently in the stage; W/L: deals closed won/lost in the
 *                  period. `amount` sums `amount_in_home_currency` (else `amount`) in `currency`.
 *   conversion     deals that ENTERED each lead stage / funnel stage during the period (entries,
 *                  counted once per deal and stage). The page derives the rates and compares
 *                  them with `norms` (seed 003 §2.3.1.4); the backend sends counts only.
 *   alerts         every alert of DESIGN §3 `sw_alerts`, always all four keys. `count` is the number
 *                  of open deals carrying the alert (filters apply, period does not); `deals` is the
 *                  first ≤ 50 of them, largest amount first, each with the reason the engine gave.
 *   distributions  open deals per lead grade and per relationship level (filters apply); every key
 *                  present, zeros included.
 *   trend          exactly 12 ISO weeks (Monday starts), oldest first, the last one containing `asOf`.
 *                  `counts`: open deals in each stage none/P/I/B at the end of that week (or at
 *                  `asOf` for the current week); W/L: deals closed won/lost during that week.
 *                  The period filter does not apply to the trend; the other filters do.
 *
 * Errors: status 4xx/5xx with ApiErrorBody (as the card API): 400 VALIDATION_FAILED ·
 * 401 UNAUTHORIZED (signature) · 403 FORBIDDEN · 404 NOT_INSTALLED · 429 RATE_LIMITED ·
 * 502 HUBSPOT_UNAVAILABLE · 500 INTERNAL. The call is a read: HubSpot's retry is always safe.
 */

export type { ApiErrorBody, ApiErrorCode, Lang };

export const FUNNEL_STAGES = ['none', 'P', 'I', 'B', 'W', 'L'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const ALERT_IDS = ['stage_ahead', 'stalled', 'insider_overdue', 'relationship_stuck'] as const;
export type AlertId = (typeof ALERT_IDS)[number];

export const LEAD_GRADES = ['strategic', 'important', 'ordinary'] as const;
export type LeadGrade = (typeof LEAD_GRADES)[number];

export const RELATIONSHIP_LEVELS = ['none', 'C', 'B', 'A'] as const;
export type RelationshipLevel = (typeof RELATIONSHIP_LEVELS)[number];

/** The query the page sends; absent = no filter (the backend's default period). */
export interface ManagerQuery {
  pipeline?: string;
  owner?: string;
  team?: string;
  /** `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** `YYYY-MM-DD`, inclusive. */
  to?: string;
}

/** Settings `funnelNorms` (DESIGN §4; seed 003 §2.3.1.4: 约15个有效信息才可能诞生1个准客户, 约3个准客户成交1个客户). */
export interface FunnelNorms {
  /** Qualified leads (有效信息) per prospect (准客户). Default 15. */
  validPerProspect: number;
  /** Prospects (准客户) per won customer. Default 3. */
  prospectsPerWin: number;
}

export interface FilterOption {
  id: string;
  label: string;
}

export interface FunnelRow {
  stage: FunnelStage;
  deals: number;
  /** In `currency`; 0 when no deal has an amount. */
  amount: number;
}

/** Entries during the period. */
export interface ManagerConversion {
  /** Deals whose lead stage became `valid` (有效信息, qualified lead). */
  qualifiedLeads: number;
  /** Deals whose lead stage became `prospect` (准客户). */
  prospects: number;
  /** Deals whose funnel stage became P, I, B, W. W = won. */
  stages: { P: number; I: number; B: number; W: number };
}

export interface AlertDeal {
  /** HubSpot deal id (record link: https://app.hubspot.com/contacts/{portalId}/record/0-3/{id}). */
  id: string;
  name: string;
  /** Why the engine raised the alert, from the same evaluation (both languages). */
  reason: { zh: string; en: string };
  /** In `currency`; null when the deal has no amount. */
  amount: number | null;
  ownerName: string | null;
}

export interface AlertList {
  count: number;
  deals: AlertDeal[];
}

export interface TrendWeek {
  /** Monday of the ISO week, `YYYY-MM-DD`. */
  weekStart: string;
  counts: Record<FunnelStage, number>;
}

export interface ManagerView {
  portalId: string;
  language: Lang;
  /** Portal (home) currency code, e.g. CNY; null when HubSpot did not say. */
  currency: string | null;
  norms: FunnelNorms;
  /** Options for the filter selects (all of the portal's, not only those with deals). */
  filters: { pipelines: FilterOption[]; owners: FilterOption[]; teams: FilterOption[] };
  /** The filters the numbers were computed for, after defaults (null = all). */
  applied: { pipeline: string | null; owner: string | null; team: string | null; from: string; to: string };
  /** Six rows, none → L. */
  funnel: FunnelRow[];
  conversion: ManagerConversion;
  alerts: Record<AlertId, AlertList>;
  distributions: {
    grade: Record<LeadGrade, number>;
    relationship: Record<RelationshipLevel, number>;
  };
  /** Twelve weeks, oldest first. */
  trend: TrendWeek[];
  computedFrom: 'aggregates';
  /** ISO time the aggregates were read. */
  asOf: string;
}
