import { randomUUID } from 'node:crypto';
import type { RegradeStatus } from '../extensions/app/cards/lib/api-types';
import { DEAL_READ_PROPERTIES, RULES_VERSION } from '../src/methodology';
import { searchDealsPage } from '../src/hubspot/deal-search';
import { HubSpotError } from '../src/hubspot/errors';
import type { PortalClient } from '../src/hubspot/portal-client';
import { recordDeadLetter } from './dead-letters';
import { JOB, type RecomputeQueueHandle } from './queue';
import { leaseDeals, releaseDeals, unitSize } from './flush';
import { recomputeDeals, settingsFor, type RecomputeContext } from './recompute';
import { tryLock } from '../src/redis/lock';
import { runLua } from '../src/redis/lua-scripts';

/** How long a backfill holds the deals of one group (released as soon as the group is written). */
const DEAL_LEASE_MS = 30_000;

/** Search page size: HubSpot's maximum, 200 results per page (search 5 requests / s per account,
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm). */
const BACKFILL_PAGE_SIZE = 200;

/** Deals graded together: one association read covers 1,000 deals (HubSpot's batch limit). */
const BACKFILL_GROUP_DEALS = 1_000;

/**
 * Backfill: grade every deal of a portal (on install, from the settings page, or
 * `npm run backfill -- --portal <id>`). Pages deals with the search API ordered by hs_object_id
 * and filtered `hs_object_id > cursor` (keyset paging, so no 10 000-result cap), asking search for
 * DEAL_READ_PROPERTIES so each page skips the deals batch read; each page goes through the one
 * recompute path. The cursor and counters live in a Redis hash, updated after every page, so a
 * crash resumes at the last finished page. Work happens in time-boxed slices (BullMQ jobs with
 * deterministic ids `backfill-<portal>-<run>-<slice>`); a Redis lease guarantees one runner per
 * portal at a time (worker or CLI).
 */

export interface BackfillControl {
  /**
   * Starts a backfill unless one is running (idempotent); resumes a running one that lost its job.
   * `restart`: replace a running run with a fresh one from the first deal (new settings, resume
   * after a write-back pause: the deals already passed must be graded again).
   */
  startBackfill(portalId: string, options?: { restart?: boolean }): Promise<RegradeStatus>;
  getBackfillStatus(portalId: string): Promise<RegradeStatus>;
}

export interface BackfillControlOptions {
  /** A running backfill whose hash was not updated for this long and holds no lease is resumed. Default 120 000. */
  staleAfterMs?: number;
}



function toStatus(h: Record<string, string>): RegradeStatus {
  const state = h['state'];
  const nz = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
  const total = nz(h['total']);
  return {
    state: state === 'running' || state === 'done' || state === 'failed' ? state : 'idle',
    processed: Number(h['processed'] ?? 0) || 0,
    total: total === null ? null : Number(total),
    startedAt: nz(h['startedAt']),
    finishedAt: nz(h['finishedAt']),
    error: nz(h['error']),
  };
}

export async function readBackfillState(
  queue: RecomputeQueueHandle,
  portalId: string,
): Promise<{
  status: RegradeStatus;
  runId: string | null;
  cursor: string;
  updatedAt: number;
  written: number;
}> {
  const h = await queue.redis.hgetall(queue.keys.backfill(portalId));
  return {
    status: toStatus(h),
    runId: h['runId'] ?? null,
    cursor: h['cursor'] ?? '0',
    updatedAt: Number(h['updatedAt'] ?? 0) || 0,
    written: Number(h['written'] ?? 0) || 0,
  };
}

export function backfillJobId(portalId: string, runId: string, slice: number | string): string {
  return `backfill-${portalId}-${runId}-${slice}`;
}

export function createBackfillControl(
  queue: RecomputeQueueHandle,
  options: BackfillControlOptions = {},
): BackfillControl {
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  return {
    async startBackfill(portalId, startOptions = {}) {
      if (!/^\d{1,20}$/.test(portalId)) throw new RangeError(`invalid portal id ${JSON.stringify(portalId)}`);
      const runId = randomUUID().slice(0, 8);
      const now = new Date();
      const started = (await runLua(
        queue.redis,
        'backfill-start',
        [queue.keys.backfill(portalId)],
        [runId, now.toISOString(), String(now.getTime()), startOptions.restart === true ? 'restart' : ''],
      )) as number;
      if (started === 1) {
        await queue.queue.add(
          JOB.backfill,
          { portalId, runId, slice: 0 },
          queue.jobOptions({ jobId: backfillJobId(portalId, runId, 0) }),
        );
      } else {
        // Already running: if nobody holds the lease and it has not moved for a while, its job
        // was lost (e.g. the CLI that ran it was killed); queue a resume from the saved cursor.
        const st = await readBackfillState(queue, portalId);
        const leased = (await queue.redis.exists(queue.keys.backfillLease(portalId))) === 1;
        if (st.runId !== null && !leased && Date.now() - st.updatedAt > staleAfterMs) {
          await queue.queue.add(
            JOB.backfill,
            { portalId, runId: st.runId, slice: 0 },
            queue.jobOptions({ jobId: backfillJobId(portalId, st.runId, `resume${st.updatedAt}`) }),
          );
        }
      }
      return (await readBackfillState(queue, portalId)).status;
    },
    async getBackfillStatus(portalId) {
      return (await readBackfillState(queue, portalId)).status;
    },
  };
}

export interface BackfillSliceOptions {
  /** Stop after this long and let a follow-up slice continue. Default 20 000 ms. */
  budgetMs?: number;
  /** Lease lifetime, renewed after every page. Default 60 000 ms. */
  leaseMs?: number;
  /** Deals per search page (≤200). Default 200. */
  pageSize?: number;
  isClosing?: () => boolean;
  jobId?: string | null;
  attempts?: number;
  /** Transient failures retried so far: groups shrink while HubSpot fails (see unitSize). */
  retries?: number;
  /** Called after every page (CLI progress bar). */
  onProgress?: (status: RegradeStatus) => void;
}

/** 'done' finished; 'more' budget used, continue; 'busy' another runner holds the lease; 'stale' run replaced/stopped. */
export type BackfillSliceResult = 'done' | 'more' | 'busy' | 'stale';

/**
 * Runs one time-boxed slice of a portal's backfill run. Non-retryable HubSpot errors on a page
 * dead-letter that page and move on; retryable/unauthorized errors propagate (cursor unchanged).
 */
export async function runBackfillSlice(
  ctx: RecomputeContext,
  queue: RecomputeQueueHandle,
  portal: PortalClient,
  runId: string,
  options: BackfillSliceOptions = {},
): Promise<BackfillSliceResult> {
  const { redis, keys, prefix } = queue;
  const portalId = portal.portalId;
  const budgetMs = options.budgetMs ?? 20_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const owner = randomUUID();
  const lease = await tryLock(redis, keys.backfillLease(portalId), leaseMs, owner);
  if (lease === null) return 'busy';
  const started = Date.now();
  try {
    const settings = await settingsFor(ctx, portalId);
    /** Leases, grades and writes one group of searched deals; returns how many were written. */
    const gradeGroup = async (
      deals: readonly { id: string; properties: Record<string, string | null> }[],
    ): Promise<number> => {
      const ids = deals.map((d) => d.id);
      let written = 0;
      const leased = await leaseDeals(redis, keys, portalId, ids, DEAL_LEASE_MS);
      if (leased.length === 0) return 0;
      const preloaded = new Map(deals.map((d) => [d.id, d.properties]));
      try {
        const r = await recomputeDeals(ctx, portal, leased, { settings, preloaded });
        written = r.written.length;
        if (r.rejected.length > 0) {
          await recordDeadLetter(
            redis,
            prefix,
            {
              portalId,
              dealIds: r.rejected.map((f) => f.dealId),
              contactIds: [],
              reason: 'WRITE_REJECTED',
              status: null,
              category: r.rejected[0]?.category ?? null,
              message: r.rejected
                .map((f) => `${f.dealId}: ${f.category} ${f.message}`)
                .join('; ')
                .slice(0, 2000),
              source: 'backfill',
              jobId: options.jobId ?? null,
              attempts: options.attempts ?? 0,
            },
            ctx.metrics,
          );
        }
      } catch (err) {
        if (!(err instanceof HubSpotError) || err.retryable || err.code === 'UNAUTHORIZED') throw err;
        await recordDeadLetter(
          redis,
          prefix,
          {
            portalId,
            dealIds: leased,
            contactIds: [],
            reason: err.code,
            status: err.status,
            category: err.category,
            message: err.message,
            source: 'backfill',
            jobId: options.jobId ?? null,
            attempts: options.attempts ?? 0,
          },
          ctx.metrics,
        );
      } finally {
        await releaseDeals(redis, keys, portalId, leased).catch(() => undefined);
      }
      return written;
    };
    let group: { deals: { id: string; properties: Record<string, string | null> }[]; last: string } = {
      deals: [],
      last: '',
    };
    let total: string | null = null;
    let grading: Promise<unknown> | undefined;
    let cursor: string | undefined;
    for (;;) {
      const st = await readBackfillState(queue, portalId);
      if (st.status.state !== 'running' || st.runId !== runId) {
        await grading;
        return 'stale';
      }
      cursor ??= st.cursor;
      const page = await searchDealsPage(portal, {
        afterId: cursor,
        properties: DEAL_READ_PROPERTIES,
        limit: options.pageSize ?? BACKFILL_PAGE_SIZE,
      });
      total ??= st.status.total === null ? String(st.status.processed + page.total) : '';
      group.deals.push(...page.deals);
      cursor = page.deals[page.deals.length - 1]?.id ?? cursor;
      group.last = cursor;
      const done = page.nextAfterId === null;
      const full = group.deals.length >= unitSize(BACKFILL_GROUP_DEALS, options.retries ?? 0);
      const outOfTime = Date.now() - started >= budgetMs || options.isClosing?.() === true;
      if (!done && !full && !outOfTime) continue;
      // Pipeline: this group is graded while the next one's pages are searched; at most one group
      // grades at a time, and the cursor only moves once its group is written (crash-safe).
      await grading;
      const current = group;
      const groupTotal = total;
      group = { deals: [], last: cursor };
      total = '';
      const graded = gradeGroup(current.deals).then((written) =>
        // Advances the cursor only for the current run (a restarted run ignores stale writers).
        runLua(
          redis,
          'backfill-progress',
          [keys.backfill(portalId)],
          [
            runId,
            String(current.deals.length),
            String(written),
            current.last,
            String(Date.now()),
            groupTotal,
            done ? 'done' : '',
            new Date().toISOString(),
          ],
        ),
      );
      grading = graded.then(async () => {
        options.onProgress?.((await readBackfillState(queue, portalId)).status);
      });
      // Awaited below; if a search fails first, the slice ends with that error and this one must
      // not surface as an unhandled rejection meanwhile.
      grading.catch(() => undefined);
      if (done) {
        await grading;
        // The portal now carries the current rules everywhere (unless it only previewed).
        if ((await ctx.writeBack?.isPaused(portalId)) !== true)
          await redis.set(keys.rulesVersion(portalId), RULES_VERSION);
        return 'done';
      }
      await lease.renew(leaseMs);
      if (outOfTime) {
        await grading;
        return 'more';
      }
    }
  } finally {
    await lease.release().catch(() => undefined);
  }
}

/** Marks the current run failed (unless another run replaced it). */
export async function failBackfill(
  queue: RecomputeQueueHandle,
  portalId: string,
  runId: string,
  message: string,
): Promise<void> {
  const key = queue.keys.backfill(portalId);
  const st = await readBackfillState(queue, portalId);
  if (st.runId !== runId || st.status.state !== 'running') return;
  await queue.redis.hset(key, { state: 'failed', error: message, finishedAt: new Date().toISOString() });
}
