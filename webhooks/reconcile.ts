import { searchDealsPage } from '../src/hubspot/deal-search';
import type { PortalClient } from '../src/hubspot/portal-client';
import { JOB, type RecomputeQueueHandle } from './queue';

/**
 * Reconcile: a lost webhook must not leave a deal wrong. Periodically (a BullMQ job scheduler,
 * `reconcile-tick`, every `intervalMs`) each installed portal gets a `reconcile-<portal>-<slot>`
 * job that searches deals with hs_lastmodifieddate ≥ (last sweep − overlap) and marks them dirty
 * through the normal coalescing path (so they cost the same ~4 calls per 100 deals, and deals
 * already correct are not written). The sweep watermark is stored per portal only once the
 * sweep completed.
 */

export const RECONCILE_SCHEDULER_ID = 'reconcile-tick';

export interface ReconcileOptions {
  /** Sweep period (default 10 min); also how far back the first sweep of a portal looks. */
  intervalMs?: number;
  /** Re-read this much before the last watermark (clock skew, search index lag). Default 5 min. */
  overlapMs?: number;
  /** Safety cap on search pages per sweep (default 1 000 = 100 000 deals). */
  maxPages?: number;
  now?: () => number;
  /** Continue an interrupted sweep (e.g. after a 429 moved its job to delayed) where it stopped. */
  resume?: ReconcileProgress;
  /** Called after every page with where to resume; the worker keeps it in the job's data. */
  onPage?: (progress: ReconcileProgress) => Promise<void>;
}

/** Where a sweep stands: its start (the next watermark), its lower bound and the next page. */
export interface ReconcileProgress {
  sweepStart: number;
  since: number;
  afterId: string;
}

export interface ReconcileResult {
  since: number;
  enqueued: number;
  pages: number;
  complete: boolean;
}

export async function reconcilePortal(
  queue: RecomputeQueueHandle,
  portal: PortalClient,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  const overlapMs = options.overlapMs ?? 5 * 60_000;
  const maxPages = options.maxPages ?? 1_000;
  const key = queue.keys.reconcileWatermark(portal.portalId);
  let sweepStart: number;
  let since: number;
  let afterId: string;
  if (options.resume !== undefined) {
    ({ sweepStart, since, afterId } = options.resume);
  } else {
    sweepStart = now();
    const watermark = Number(await queue.redis.get(key));
    since =
      Number.isFinite(watermark) && watermark > 0
        ? watermark - overlapMs
        : sweepStart - intervalMs - overlapMs;
    afterId = '0';
  }

  let pages = 0;
  let enqueued = 0;
  let complete = false;
  while (pages < maxPages) {
    const page = await searchDealsPage(portal, {
      afterId,
      filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) }],
    });
    pages += 1;
    const ids = page.deals.map((d) => d.id);
    if (ids.length > 0) {
      await queue.enqueue([{ portalId: portal.portalId, dealIds: ids, reason: 'reconcile' }]);
      enqueued += ids.length;
    }
    if (page.nextAfterId === null) {
      complete = true;
      break;
    }
    afterId = page.nextAfterId;
    await options.onPage?.({ sweepStart, since, afterId });
  }
  if (complete) await queue.redis.set(key, String(sweepStart));
  return { since, enqueued, pages, complete };
}

/** Installs (or updates) the repeatable reconcile tick. Safe to call from every worker process. */
export async function scheduleReconcile(queue: RecomputeQueueHandle, intervalMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    RECONCILE_SCHEDULER_ID,
    { every: intervalMs },
    { name: JOB.reconcileTick, data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
}

export async function unscheduleReconcile(queue: RecomputeQueueHandle): Promise<void> {
  await queue.queue.removeJobScheduler(RECONCILE_SCHEDULER_ID);
}

/**
 * A portal's fixed place in the reconcile period, in [0, intervalMs): FNV-1a of its id. Each
 * portal's sweep is delayed by it, so 10 000 portals do not all search at the top of the period
 * (a herd that would queue every sweep at once); the same portal keeps the same place.
 */
export function reconcileOffsetMs(portalId: string, intervalMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < portalId.length; i++) {
    h ^= portalId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return intervalMs <= 1 ? 0 : h % intervalMs;
}

/**
 * Fans one tick out to one reconcile job per portal, each delayed by the portal's offset in the
 * period (spread, no herd); the slot in the id dedupes across processes.
 */
export async function enqueueReconcileJobs(
  queue: RecomputeQueueHandle,
  portalIds: readonly string[],
  intervalMs: number,
  now: number = Date.now(),
): Promise<number> {
  const slot = Math.floor(now / intervalMs);
  const valid = portalIds.filter((p) => /^\d{1,20}$/.test(p));
  await queue.queue.addBulk(
    valid.map((portalId) => ({
      name: JOB.reconcile,
      data: { portalId },
      opts: queue.jobOptions({
        jobId: `reconcile-${portalId}-${slot}`,
        delay: reconcileOffsetMs(portalId, intervalMs),
      }),
    })),
  );
  return valid.length;
}
