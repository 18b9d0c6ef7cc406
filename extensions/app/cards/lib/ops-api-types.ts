/**
 * Ops part of the settings contract (types only; the backend imports them type-only):
 *
 *   GET   /api/v1/write-back           → WriteBackView
 *   POST  /api/v1/write-back/pause     → WriteBackView   (pause writing; a dry-run re-grade fills the preview)
 *   POST  /api/v1/write-back/resume    → WriteBackView   (writes again: the portal is re-graded)
 *   POST  /api/v1/settings/preview     → StageMapPreview body: StageMapPreviewRequest
 */

/** What Stepwise would write while the portal's write-back is paused (counts over the deals evaluated). */
export interface WriteBackView {
  paused: boolean;
  pausedAt: string | null;
  deals: number;
  grades: Record<string, number>;
  funnelStages: Record<string, number>;
  alerts: Record<string, number>;
}

/** One HubSpot deal stage on the settings page, with the stage map's suggestion. */
export interface PipelineStageView {
  id: string;
  label: string;
  probability: number;
  isClosed: boolean;
  /** Suggested least funnel stage from the probability (see SUGGESTION_RULE). */
  suggested: 'none' | 'P' | 'I' | 'B';
}

/** Dry run of proposed settings over one page of the portal's deals (the page loops with `after`). */
export interface StageMapPreviewRequest {
  /** The settings patch as it would be saved. */
  settings: unknown;
  /** Cursor from the previous answer (deal id); absent for the first page. */
  after?: string;
}

export interface StageMapPreview {
  /** Deals evaluated in this page. */
  evaluated: number;
  /** Deals in the portal (HubSpot search total). */
  total: number;
  /** Deals per alert raised with the proposed settings, in this page. */
  flagged: Record<string, number>;
  /** The same with the saved settings, for comparison. */
  flaggedNow: Record<string, number>;
  /** Cursor for the next page; null when every deal was evaluated. */
  nextAfter: string | null;
}

/** Post-deploy rules re-grade (issue 11): the portal's rules version against the running one. */
export interface RulesUpgradeView {
  current: string;
  /** Rules version of the portal's last finished re-grade; null when never recorded. */
  graded: string | null;
  state: 'current' | 'queued' | 'running';
}
