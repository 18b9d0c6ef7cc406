import type { Logger } from '../src/logger';
import {
  COMPUTED_AT_PROPERTY,
  DEFAULT_SETTINGS,
  evaluateDeal,
  type DealEvaluation,
  type DealSnapshot,
  type PortalSettings,
} from '../src/methodology';
import type { Metrics } from '../src/observability/metrics';
import { loadDealSnapshots, type LoadedDeal } from '../src/hubspot/deal-snapshots';
import type { PipelinesCache } from '../src/hubspot/pipelines-cache';
import type { PortalClient } from '../src/hubspot/portal-client';
import {
  changedOutputs,
  writeDealOutputs,
  type DealWrite,
  type WriteFailure,
} from '../src/hubspot/write-back';

/** Where per-portal settings come from (the settings store satisfies it). */
export interface SettingsSource {
  get(portalId: string): Promise<PortalSettings>;
}

export type Evaluate = (snapshot: DealSnapshot, settings: PortalSettings) => DealEvaluation;

/**
 * The write-back pause (src/settings/write-back-pause.ts satisfies it): while a portal is paused
 * the path evaluates as usual, writes no output and records what it would have written.
 */
export interface WriteBackGate {
  isPaused(portalId: string): Promise<boolean>;
  record(
    portalId: string,
    deals: readonly { dealId: string; outputs: Readonly<Record<string, string>> }[],
  ): Promise<void>;
}

/** What the load → evaluate → write path needs; shared by flush, backfill, reconcile, card and actions. */
export interface RecomputeContext {
  pipelines: PipelinesCache;
  settings?: SettingsSource;
  /** Write-back pause; absent → always write. */
  writeBack?: WriteBackGate;
  /** Defaults to the engine's evaluateDeal. */
  evaluate?: Evaluate;
  metrics?: Metrics;
  logger?: Logger;
  /** The clock (evaluation time `asOf`, computed-at); default system time. */
  now?: () => Date;
}

export interface RecomputeResult {
  /** Deals loaded and evaluated. */
  evaluated: string[];
  /** Deals whose changed outputs were written. */
  written: string[];
  /** Deals evaluated with nothing to write. */
  unchanged: string[];
  /** Deals HubSpot did not return (deleted/archived): nothing to do. */
  missing: string[];
  /** Deals HubSpot refused to update (207) or the engine failed on. */
  rejected: WriteFailure[];
  /** HubSpot calls made (pipelines cache hits excluded). */
  calls: number;
  /** Deals evaluated while the portal's write-back is paused (recorded in the preview, not written). */
  previewed: string[];
}

/** HubSpot refused the update of a deal a rep just edited (OBJECT_NOT_FOUND: it was deleted). */
export class DealWriteError extends Error {
  readonly code = 'DEAL_WRITE_REJECTED';
  constructor(
    readonly dealId: string,
    readonly category: string,
    message: string,
  ) {
    super(`HubSpot refused the update of deal ${dealId} (${category}): ${message}`);
    this.name = 'DealWriteError';
  }
}

/** Evaluates a snapshot and diffs its outputs against the deal's current values. */
function evaluateChanges(
  ctx: RecomputeContext,
  snapshot: DealSnapshot,
  current: LoadedDeal['current'],
  settings: PortalSettings,
): { evaluation: DealEvaluation; changed: Record<string, string> } {
  const evaluation = (ctx.evaluate ?? evaluateDeal)(snapshot, settings);
  return { evaluation, changed: changedOutputs(current, evaluation.outputs) };
}

/** The context's clock (the injected one, else system time): evaluation time and visits' cut-off. */
export function clockOf(ctx: RecomputeContext): () => Date {
  return ctx.now ?? (() => new Date());
}

export async function settingsFor(ctx: RecomputeContext, portalId: string): Promise<PortalSettings> {
  if (ctx.settings === undefined) return DEFAULT_SETTINGS;
  return ctx.settings.get(portalId);
}

/**
 * The one code path that grades deals: batch load (deals, associations, contacts, stages) →
 * evaluateDeal → batch write of changed outputs only (no call when nothing changed).
 * HubSpot errors propagate as HubSpotError; the caller decides retry vs dead letter.
 */
export async function recomputeDeals(
  ctx: RecomputeContext,
  portal: PortalClient,
  dealIds: readonly string[],
  options: { settings?: PortalSettings; preloaded?: ReadonlyMap<string, Record<string, string | null>> } = {},
): Promise<RecomputeResult> {
  const settings = options.settings ?? (await settingsFor(ctx, portal.portalId));
  const loaded = await loadDealSnapshots(portal, dealIds, {
    pipelines: ctx.pipelines,
    asOf: clockOf(ctx)(),
    ...(options.preloaded !== undefined ? { preloaded: options.preloaded } : {}),
  });
  const writes: DealWrite[] = [];
  const result: RecomputeResult = {
    evaluated: [],
    written: [],
    unchanged: [],
    missing: loaded.missing,
    rejected: [],
    calls: loaded.calls,
    previewed: [],
  };
  const paused = (await ctx.writeBack?.isPaused(portal.portalId)) === true;
  const wouldWrite: { dealId: string; outputs: Record<string, string> }[] = [];
  for (const deal of loaded.deals) {
    const id = deal.snapshot.id;
    let changed: Record<string, string>;
    try {
      const evaluated = evaluateChanges(ctx, deal.snapshot, deal.current, settings);
      changed = evaluated.changed;
      if (paused) wouldWrite.push({ dealId: id, outputs: evaluated.evaluation.outputs });
    } catch (err) {
      ctx.logger?.error({ portalId: portal.portalId, dealId: id, err: String(err) }, 'evaluateDeal threw');
      result.rejected.push({ dealId: id, category: 'EVALUATION_FAILED', message: String(err) });
      continue;
    }
    result.evaluated.push(id);
    if (Object.keys(changed).length === 0) result.unchanged.push(id);
    else writes.push({ dealId: id, properties: changed });
  }
  ctx.metrics?.dealsEvaluated.inc(result.evaluated.length);
  if (paused) {
    await ctx.writeBack?.record(portal.portalId, wouldWrite);
    result.previewed = wouldWrite.map((d) => d.dealId);
    writes.length = 0;
  }
  if (writes.length > 0) {
    const w = await writeDealOutputs(portal, writes, ctx.now !== undefined ? { now: ctx.now } : {});
    result.calls += w.calls;
    result.written = w.written;
    // A deal deleted between read and write is not an error worth keeping.
    result.rejected.push(...w.failed.filter((f) => f.category !== 'OBJECT_NOT_FOUND'));
    const gone = w.failed.filter((f) => f.category === 'OBJECT_NOT_FOUND').map((f) => f.dealId);
    result.missing.push(...gone);
    ctx.metrics?.dealsWritten.inc(w.written.length);
  }
  ctx.logger?.debug(
    {
      portalId: portal.portalId,
      evaluated: result.evaluated.length,
      written: result.written.length,
      unchanged: result.unchanged.length,
      missing: result.missing.length,
      rejected: result.rejected.length,
      calls: result.calls,
    },
    'recomputed deals',
  );
  return result;
}

export interface DealEdit {
  /** The deal as the rep's change leaves it (edited inputs, or contacts already saved). */
  snapshot: DealSnapshot;
  /** Deal input properties to write together with the recomputed outputs. */
  inputs: Record<string, string>;
}

export interface EditOutcome {
  snapshot: DealSnapshot;
  evaluation: DealEvaluation;
  /** Output properties that changed (written, unless nothing changed at all). */
  outputs: Record<string, string>;
  /** What was written (inputs + outputs + sw_computed_at); null when nothing had changed. */
  written: Record<string, string> | null;
  computedAt: string | null;
  updatedAt: string | null;
}

/**
 * The same path for one deal a rep just changed in a card: evaluate the edited snapshot, then
 * write the edited inputs and the changed outputs in ONE update (nothing when neither changed).
 * A deal HubSpot refuses raises DealWriteError; whole-call failures raise HubSpotError.
 */
export async function recomputeEditedDeal(
  ctx: RecomputeContext,
  portal: PortalClient,
  deal: LoadedDeal,
  edit: DealEdit,
  settings: PortalSettings,
): Promise<EditOutcome> {
  const dealId = deal.snapshot.id;
  const { evaluation, changed } = evaluateChanges(ctx, edit.snapshot, deal.current, settings);
  // Paused: the rep's own input is still saved; the outputs only go to the preview.
  const paused = (await ctx.writeBack?.isPaused(portal.portalId)) === true;
  if (paused) await ctx.writeBack?.record(portal.portalId, [{ dealId, outputs: evaluation.outputs }]);
  const properties = paused ? { ...edit.inputs } : { ...edit.inputs, ...changed };
  const outcome: EditOutcome = {
    snapshot: edit.snapshot,
    evaluation,
    outputs: paused ? {} : changed,
    written: null,
    computedAt: null,
    updatedAt: null,
  };
  if (Object.keys(properties).length === 0) return outcome;
  const w = await writeDealOutputs(portal, [{ dealId, properties }], {
    ...(ctx.now !== undefined ? { now: ctx.now } : {}),
    stamp: !paused,
  });
  const failure = w.failed[0];
  if (failure !== undefined) throw new DealWriteError(dealId, failure.category, failure.message);
  return {
    ...outcome,
    written: paused ? properties : { ...properties, [COMPUTED_AT_PROPERTY]: w.computedAt ?? '' },
    computedAt: paused ? null : (w.computedAt ?? null),
    updatedAt: w.updatedAt?.[dealId] ?? null,
  };
}
