import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../src/logger';
import { redisKeys, type RedisKeys } from '../src/redis/keys';

/**
 * Recompute queue (the producer side). The webhook edge, the card API, backfill and reconcile
 * all call `enqueue`; the worker (webhooks/worker.ts) drains it.
 *
 * Coalescing: ids are marked dirty in per-portal Redis sorted sets (score = first time marked;
 * reconcile marks count RECONCILE_DEFER_MS later, so edits are claimed first),
 * and ONE delayed "flush" job per portal is ensured with BullMQ deduplication
 * (id `flush-<portalId>`, keepLastIfActive): a burst of N events for a deal inside the window is
 * one recompute; events arriving while a flush runs produce exactly one follow-up flush. The
 * flush job takes ≤100 ids at a time from the sets, so no id is ever lost or processed by two
 * flushes of the same portal at once.
 */

export type RecomputeReason =
  'webhook' | 'install' | 'backfill' | 'reconcile' | 'card' | 'settings' | 'manual';

export interface RecomputeRequest {
  portalId: string;
  /** Deals to regrade. */
  dealIds?: readonly string[];
  /** Contacts whose change affects their deals (resolved to deals by the worker). */
  contactIds?: readonly string[];
  /** Meetings whose outcome or time changed: their deals' visits (resolved to deals by the worker). */
  meetingIds?: readonly string[];
  reason: RecomputeReason;
}

export interface RecomputeQueue {
  /** Marks ids dirty and ensures a flush per portal (one Redis round trip + one add per portal). */
  enqueue(requests: readonly RecomputeRequest[]): Promise<void>;
  /** Forgets everything pending for a portal (uninstall): dirty ids, pending flush, backfill. */
  dropPortal(portalId: string): Promise<void>;
  close(): Promise<void>;
}

export const RECOMPUTE_QUEUE_NAME = 'recompute';

/** Job names on the recompute queue. */
export const JOB = {
  flush: 'flush',
  backfill: 'backfill',
  reconcile: 'reconcile',
  reconcileTick: 'reconcile-tick',
  rulesRegrade: 'rules-regrade',
} as const;

export interface FlushJobData {
  portalId: string;
}
export interface BackfillJobData {
  portalId: string;
  runId: string;
  slice: number;
}
export interface ReconcileJobData {
  portalId: string;
  /** Where an interrupted sweep resumes (set by the worker after every page). */
  progress?: { sweepStart: number; since: number; afterId: string };
}
export type RecomputeJobData = FlushJobData | BackfillJobData | ReconcileJobData | Record<string, never>;

/** Redis keys of the recompute pipeline: the one key module (src/redis/keys.ts). */
export const recomputeKeys = redisKeys;
export type RecomputeKeys = RedisKeys;

export const flushDeduplicationId = (portalId: string): string => `flush-${portalId}`;

/** How much later than a rep's edit a reconcile mark is claimed (see enqueue). */
export const RECONCILE_DEFER_MS = 60_000;

export interface RecomputeQueueOptions {
  /** ioredis connection for our keys and the BullMQ queue. Not closed by close() unless ownConnection. */
  connection: Redis;
  /** Key prefix (default 'sw'); also the BullMQ prefix. Tests pass uniquePrefix(). */
  prefix?: string;
  /** Coalescing window: delay of the flush job after the first dirty mark. Default 1 500 ms. */
  coalesceMs?: number;
  /** Attempts per job before dead-lettering (retryable failures). Default 8. */
  attempts?: number;
  /** Close the connection in close(). Default false. */
  ownConnection?: boolean;
  /** Where the queue's Redis errors go (one line per distinct error); without it they are dropped. */
  logger?: Logger;
}

/** The queue as the worker, backfill and reconcile modules use it. */
export interface RecomputeQueueHandle extends RecomputeQueue {
  readonly queue: Queue<RecomputeJobData>;
  readonly redis: Redis;
  readonly prefix: string;
  readonly keys: RecomputeKeys;
  readonly coalesceMs: number;
  readonly attempts: number;
  /** Default options of every job we add (retries with the 'stepwise' jittered backoff). */
  jobOptions(extra?: JobsOptions): JobsOptions;
  /** Ensures one pending flush for the portal (deduplicated). */
  scheduleFlush(portalId: string, delayMs?: number): Promise<void>;
  /** Dirty + in-flight counts of a portal. */
  pending(portalId: string): Promise<PendingCounts>;
}

/** Dirty and in-flight counts of a portal (`contacts` and `meetings` fan out to deals). */
export interface PendingCounts {
  deals: number;
  contacts: number;
  meetings: number;
  inflightDeals: number;
  inflightContacts: number;
  inflightMeetings: number;
}

/** Everything still waiting or running for a portal. */
export function pendingTotal(p: PendingCounts): number {
  return p.deals + p.contacts + p.meetings + p.inflightDeals + p.inflightContacts + p.inflightMeetings;
}

const ID = /^\d{1,20}$/;

function validPortalId(portalId: string): boolean {
  return ID.test(portalId);
}

export function createRecomputeQueue(options: RecomputeQueueOptions): RecomputeQueueHandle {
  const redis = options.connection;
  const prefix = options.prefix ?? 'sw';
  const coalesceMs = options.coalesceMs ?? 1_500;
  const attempts = options.attempts ?? 8;
  const keys = recomputeKeys(prefix);
  const queue = new Queue<RecomputeJobData>(RECOMPUTE_QUEUE_NAME, { connection: redis, prefix });
  // Without a listener BullMQ prints every connection error (each reconnect attempt while Redis
  // is down) with console.error; the callers see the failures anyway (enqueue rejects → 503).
  // Logged once per distinct error and at most every 30 s while it repeats.
  let lastError = { message: '', at: 0 };
  queue.on('error', (err: Error) => {
    const now = Date.now();
    if (err.message !== lastError.message || now - lastError.at > 30_000) {
      options.logger?.warn({ err: { message: err.message } }, 'recompute queue redis error');
      lastError = { message: err.message, at: now };
    }
  });

  const jobOptions = (extra: JobsOptions = {}): JobsOptions => ({
    attempts,
    backoff: { type: 'stepwise' },
    removeOnComplete: true,
    removeOnFail: { count: 1000 },
    ...extra,
  });

  const scheduleFlush = async (portalId: string, delayMs: number = coalesceMs): Promise<void> => {
    await queue.add(
      JOB.flush,
      { portalId },
      jobOptions({
        delay: delayMs,
        deduplication: { id: flushDeduplicationId(portalId), keepLastIfActive: true },
      }),
    );
  };

  return {
    queue,
    redis,
    prefix,
    keys,
    coalesceMs,
    attempts,
    jobOptions,
    scheduleFlush,

    async enqueue(requests) {
      const now = Date.now();
      const portals = new Set<string>();
      const multi = redis.multi();
      let commands = 0;
      for (const r of requests) {
        if (!validPortalId(r.portalId)) continue;
        const deals = [...new Set(r.dealIds ?? [])].filter((id) => ID.test(id));
        const contacts = [...new Set(r.contactIds ?? [])].filter((id) => ID.test(id));
        const meetings = [...new Set(r.meetingIds ?? [])].filter((id) => ID.test(id));
        if (deals.length === 0 && contacts.length === 0 && meetings.length === 0) continue;
        // LT keeps the earliest mark (an id dirty since t stays at t) and lets a rep's edit move a
        // reconcile-marked id forward. Reconcile marks sort RECONCILE_DEFER_MS later, so a sweep
        // of thousands of recently modified deals (mostly already graded) never queues in front
        // of edits made meanwhile (found by `npm run load`: p95 5 s → 12 s at every sweep).
        const score = r.reason === 'reconcile' ? now + RECONCILE_DEFER_MS : now;
        if (deals.length > 0) {
          multi.zadd(keys.dirtyDeals(r.portalId), 'LT', ...deals.flatMap((id) => [score, id]));
          commands += 1;
        }
        if (contacts.length > 0) {
          multi.zadd(keys.dirtyContacts(r.portalId), 'LT', ...contacts.flatMap((id) => [score, id]));
          commands += 1;
        }
        if (meetings.length > 0) {
          multi.zadd(keys.dirtyMeetings(r.portalId), 'LT', ...meetings.flatMap((id) => [score, id]));
          commands += 1;
        }
        portals.add(r.portalId);
      }
      if (commands === 0) {
        multi.discard();
        return;
      }
      multi.sadd(keys.dirtyPortals, ...portals);
      const res = await multi.exec();
      const failed = res?.find(([err]) => err !== null);
      if (failed !== undefined && failed[0] !== null) throw failed[0];
      await Promise.all([...portals].map((p) => scheduleFlush(p)));
    },

    async pending(portalId) {
      const r = await redis
        .multi()
        .zcard(keys.dirtyDeals(portalId))
        .zcard(keys.dirtyContacts(portalId))
        .zcard(keys.dirtyMeetings(portalId))
        .zcard(keys.inflightDeals(portalId))
        .zcard(keys.inflightContacts(portalId))
        .zcard(keys.inflightMeetings(portalId))
        .exec();
      const n = (i: number): number => Number(r?.[i]?.[1] ?? 0);
      return {
        deals: n(0),
        contacts: n(1),
        meetings: n(2),
        inflightDeals: n(3),
        inflightContacts: n(4),
        inflightMeetings: n(5),
      };
    },

    async dropPortal(portalId) {
      await redis.del(
        keys.dirtyDeals(portalId),
        keys.dirtyContacts(portalId),
        keys.dirtyMeetings(portalId),
        keys.inflightDeals(portalId),
        keys.inflightContacts(portalId),
        keys.inflightMeetings(portalId),
        keys.leasedDeals(portalId),
        keys.backfillLease(portalId),
        keys.reconcileWatermark(portalId),
      );
      await redis.srem(keys.dirtyPortals, portalId);
      // A running backfill stops at its next page (state no longer 'running').
      const bf = await redis.hget(keys.backfill(portalId), 'state');
      if (bf === 'running') {
        await redis.hset(keys.backfill(portalId), {
          state: 'failed',
          error: 'The app was uninstalled from this portal.',
          finishedAt: new Date().toISOString(),
        });
      }
      const dedupId = flushDeduplicationId(portalId);
      const jobId = await queue.getDeduplicationJobId(dedupId);
      if (jobId !== null) {
        const job = await queue.getJob(jobId);
        const state = job === undefined ? 'unknown' : await job.getState();
        if (job !== undefined && (state === 'delayed' || state === 'waiting' || state === 'prioritized')) {
          await job.remove().catch(() => undefined);
        }
        await queue.removeDeduplicationKey(dedupId);
      }
      for (const state of ['delayed', 'waiting'] as const) {
        const jobs = await queue.getJobs([state], 0, 1000);
        for (const job of jobs) {
          const data = job.data as Partial<FlushJobData>;
          if (data.portalId === portalId) await job.remove().catch(() => undefined);
        }
      }
    },

    async close() {
      await queue.close();
      if (options.ownConnection === true) await redis.quit();
    },
  };
}
