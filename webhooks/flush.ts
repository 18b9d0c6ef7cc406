import type { Redis } from 'ioredis';
import { findAssociatedDeals } from '../src/hubspot/deal-snapshots';
import { HubSpotError, asksToWait } from '../src/hubspot/errors';
import type { PortalClient } from '../src/hubspot/portal-client';
import { recordDeadLetter } from './dead-letters';
import type { RecomputeKeys } from './queue';
import { recomputeDeals, settingsFor, type RecomputeContext } from './recompute';
import { runLua } from '../src/redis/lua-scripts';

export interface Claimed {
  ids: string[];
  /** id → first time it was marked dirty (ms). */
  firstMarked: Map<string, number>;
}

/**
 * Atomically moves up to N ids (oldest first) from a portal's dirty set to its in-flight set and
 * returns them with their first-dirty times. Ids leave in-flight only once handled (ack), so a
 * crash or a failed attempt loses nothing: the next attempt first puts them back (recoverInflight).
 *
 * An id that is dirty again while still in flight (an edit, a duplicate delivery or a contact's
 * fan-out arrived after it was claimed) is NOT claimed by another lane until the first one is
 * done: two lanes recomputing one deal at once both write (a redundant write), and the one that
 * read before the edit can land last, leaving a stale grade that nothing marks dirty again.
 * It stays dirty and is claimed once acknowledged (by this flush or its follow-up).
 */
export async function claim(
  redis: Redis,
  dirtyKey: string,
  inflightKey: string,
  count: number,
  leaseKey?: string,
): Promise<Claimed> {
  const flat = (
    leaseKey === undefined
      ? await runLua(redis, 'flush-claim', [dirtyKey, inflightKey], [String(count)])
      : await runLua(redis, 'flush-claim', [dirtyKey, inflightKey, leaseKey], [String(count)])
  ) as string[];
  const ids: string[] = [];
  const firstMarked = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const id = String(flat[i]);
    ids.push(id);
    firstMarked.set(id, Number(flat[i + 1]));
  }
  return { ids, firstMarked };
}

/**
 * Leases deals to a recompute outside the flush (backfill): ids in flight in a flush or leased by
 * someone else are skipped (whoever holds them grades them from a fresh read); the others are
 * leased until `ttlMs` from now, so flush lanes leave them alone until released. Returns the ids leased.
 */
export async function leaseDeals(
  redis: Redis,
  keys: RecomputeKeys,
  portalId: string,
  ids: readonly string[],
  ttlMs: number,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const leased = (await runLua(
    redis,
    'flush-lease',
    [keys.inflightDeals(portalId), keys.leasedDeals(portalId)],
    [String(ttlMs), ...ids],
  )) as string[];
  return leased.map(String);
}

/** Releases deals leased with leaseDeals (flush lanes may claim them again). */
export async function releaseDeals(
  redis: Redis,
  keys: RecomputeKeys,
  portalId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length > 0) await redis.zrem(keys.leasedDeals(portalId), ...ids);
}

/** Puts in-flight ids of an interrupted attempt back into the dirty set (keeping the earliest mark). */
export async function recoverInflight(redis: Redis, keys: RecomputeKeys, portalId: string): Promise<number> {
  const d = (await runLua(redis, 'flush-recover', [keys.inflightDeals(portalId), keys.dirtyDeals(portalId)])) as number;
  const c = (await runLua(redis, 'flush-recover', [
    keys.inflightContacts(portalId),
    keys.dirtyContacts(portalId),
  ])) as number;
  const m = (await runLua(redis, 'flush-recover', [
    keys.inflightMeetings(portalId),
    keys.dirtyMeetings(portalId),
  ])) as number;
  return Number(d) + Number(c) + Number(m);
}

export interface FlushContext extends RecomputeContext {
  redis: Redis;
  prefix: string;
  keys: RecomputeKeys;
  batchSize: number;
  batchConcurrency: number;
  maxBatchesPerJob: number;
  isClosing: () => boolean;
}

export interface FlushOutcome {
  batches: number;
  evaluated: number;
  written: number;
  deadLettered: number;
  calls: number;
  /** Dirty ids still waiting after this run (the caller schedules a follow-up flush). */
  remaining: number;
}

/**
 * Ids per unit of work after `retries` transient failures: halves each time down to 100 (one
 * object batch). A 1,000-deal unit makes ~41 calls that all have to succeed; while HubSpot
 * answers with errors, smaller units still get through (and are still acknowledged one by one).
 */
export function unitSize(size: number, retries: number): number {
  return Math.max(Math.min(size, 100), Math.floor(size / 2 ** Math.min(10, Math.max(0, retries))));
}

/** Non-retryable HubSpot failures of one batch: dead-letter that batch, keep going. */
function isBatchFatal(err: unknown): err is HubSpotError {
  return err instanceof HubSpotError && !err.retryable && err.code !== 'UNAUTHORIZED';
}

/**
 * Drains a portal's dirty sets with `batchConcurrency` independent lanes. Each lane repeatedly
 * claims ≤batchSize (1,000) contacts (→ their deals, one association call) or deals and runs them through
 * the one recompute path. Independent lanes keep callers waiting on the portal's limiter at all
 * times, so every slot the limiter frees is used (throughput at the rate-limit ceiling).
 * Non-retryable HubSpot failures dead-letter that batch and the lane goes on; a retryable or
 * unauthorized failure stops all lanes after their current batch and is thrown, its ids left in
 * flight for the retry.
 */
export async function runFlush(
  ctx: FlushContext,
  portal: PortalClient,
  meta: { jobId: string | null; attempts: number; retries?: number },
): Promise<FlushOutcome> {
  const { redis, keys } = ctx;
  const claimSize = unitSize(ctx.batchSize, meta.retries ?? 0);
  const portalId = portal.portalId;
  const outcome: FlushOutcome = {
    batches: 0,
    evaluated: 0,
    written: 0,
    deadLettered: 0,
    calls: 0,
    remaining: 0,
  };
  await recoverInflight(redis, keys, portalId);
  const settings = await settingsFor(ctx, portalId);
  let stopWith: unknown;
  let stopped = false;

  const deadLetter = async (
    dealIds: string[],
    fannedOut: { contactIds?: string[]; meetingIds?: string[] },
    err: HubSpotError | null,
    reason: string,
    message: string,
    category: string | null,
  ): Promise<void> => {
    await recordDeadLetter(
      redis,
      ctx.prefix,
      {
        portalId,
        dealIds,
        contactIds: fannedOut.contactIds ?? [],
        ...(fannedOut.meetingIds !== undefined ? { meetingIds: fannedOut.meetingIds } : {}),
        reason,
        status: err?.status ?? null,
        category,
        message,
        source: 'flush',
        jobId: meta.jobId,
        attempts: meta.attempts,
      },
      ctx.metrics,
    );
    outcome.deadLettered +=
      dealIds.length + (fannedOut.contactIds?.length ?? 0) + (fannedOut.meetingIds?.length ?? 0);
  };

  /**
   * Claims ≤batchSize contacts (or meetings) and marks their deals dirty (one association read);
   * returns false when there was none to claim.
   */
  const fanOut = async (type: 'contacts' | 'meetings'): Promise<boolean> => {
    const dirtyKey = type === 'contacts' ? keys.dirtyContacts(portalId) : keys.dirtyMeetings(portalId);
    const inflightKey =
      type === 'contacts' ? keys.inflightContacts(portalId) : keys.inflightMeetings(portalId);
    const claimed = await claim(redis, dirtyKey, inflightKey, claimSize);
    if (claimed.ids.length === 0) return false;
    const counter = { calls: 0 };
    try {
      const dealIds = await findAssociatedDeals(portal, type, claimed.ids, { counter });
      if (dealIds.length > 0) {
        const score = Math.min(...claimed.firstMarked.values());
        await redis.zadd(keys.dirtyDeals(portalId), 'NX', ...dealIds.flatMap((id) => [score, id]));
      }
    } catch (err) {
      if (!isBatchFatal(err)) throw err;
      const ids = type === 'contacts' ? { contactIds: claimed.ids } : { meetingIds: claimed.ids };
      await deadLetter([], ids, err, err.code, err.message, err.category);
    } finally {
      outcome.calls += counter.calls;
    }
    await redis.zrem(inflightKey, ...claimed.ids);
    outcome.batches += 1;
    return true;
  };

  /** One unit of work; returns false when there was nothing left to claim. */
  const step = async (): Promise<boolean> => {
    if ((await fanOut('contacts')) || (await fanOut('meetings'))) return true;
    const deals = await claim(
      redis,
      keys.dirtyDeals(portalId),
      keys.inflightDeals(portalId),
      claimSize,
      keys.leasedDeals(portalId),
    );
    if (deals.ids.length === 0) return false;
    const ids = deals.ids;
    try {
      const r = await recomputeDeals(ctx, portal, ids, { settings });
      if (r.rejected.length > 0) {
        const evaluation = r.rejected.some((f) => f.category === 'EVALUATION_FAILED');
        await deadLetter(
          r.rejected.map((f) => f.dealId),
          {},
          null,
          evaluation ? 'EVALUATION_FAILED' : 'WRITE_REJECTED',
          r.rejected
            .map((f) => `${f.dealId}: ${f.category} ${f.message}`)
            .join('; ')
            .slice(0, 2000),
          r.rejected[0]?.category ?? null,
        );
      }
      const now = Date.now();
      for (const id of ids) {
        const first = deals.firstMarked.get(id);
        if (first !== undefined) ctx.metrics?.jobLatencySeconds.observe(Math.max(0, now - first) / 1000);
      }
      outcome.evaluated += r.evaluated.length;
      outcome.written += r.written.length;
      outcome.calls += r.calls;
    } catch (err) {
      if (!isBatchFatal(err)) throw err;
      await deadLetter(ids, {}, err, err.code, err.message, err.category);
    }
    await redis.zrem(keys.inflightDeals(portalId), ...ids);
    outcome.batches += 1;
    return true;
  };

  const lane = async (): Promise<void> => {
    while (!stopped && !ctx.isClosing() && outcome.batches < ctx.maxBatchesPerJob) {
      try {
        if (!(await step())) return;
      } catch (err) {
        if (stopWith === undefined || preferError(err, stopWith)) stopWith = err;
        stopped = true;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, ctx.batchConcurrency) }, () => lane()));
  if (stopWith !== undefined) throw stopWith;

  const waiting = async (): Promise<number> => {
    const [d, c, m] = await Promise.all([
      redis.zcard(keys.dirtyDeals(portalId)),
      redis.zcard(keys.dirtyContacts(portalId)),
      redis.zcard(keys.dirtyMeetings(portalId)),
    ]);
    return d + c + m;
  };
  outcome.remaining = await waiting();
  if (outcome.remaining === 0) {
    // Best-effort tidy-up of the depth index; a concurrent enqueue re-adds the portal.
    await redis.srem(keys.dirtyPortals, portalId);
    const again = await waiting();
    if (again > 0) {
      await redis.sadd(keys.dirtyPortals, portalId);
      outcome.remaining = again;
    }
  }
  return outcome;
}

/** Which error should decide the job's fate: unauthorized > rate limited (longest wait) > other. */
function preferError(candidate: unknown, current: unknown): boolean {
  const rank = (e: unknown): number =>
    e instanceof HubSpotError ? (e.code === 'UNAUTHORIZED' ? 3 : asksToWait(e) ? 2 : 1) : 0;
  const a = rank(candidate);
  const b = rank(current);
  if (a !== b) return a > b;
  if (candidate instanceof HubSpotError && current instanceof HubSpotError && a === 2) {
    return (candidate.retryAfterMs ?? 0) > (current.retryAfterMs ?? 0);
  }
  return false;
}
