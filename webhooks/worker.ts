import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../src/logger';
import type { Metrics } from '../src/observability/metrics';
import { HubSpotError } from '../src/hubspot/errors';
import { PipelinesCache } from '../src/hubspot/pipelines-cache';
import type { PortalClient, PortalClients } from '../src/hubspot/portal-client';
import { backfillJobId, failBackfill, runBackfillSlice } from './backfill';
import { recordDeadLetter } from './dead-letters';
import { runFlush, type FlushContext } from './flush';
import {
  JOB,
  RECOMPUTE_QUEUE_NAME,
  createRecomputeQueue,
  flushDeduplicationId,
  type BackfillJobData,
  type FlushJobData,
  type RecomputeJobData,
  type RecomputeQueueHandle,
  type ReconcileJobData,
} from './queue';
import type { Evaluate, RecomputeContext, SettingsSource } from './recompute';
import {
  enqueueReconcileJobs,
  reconcilePortal,
  scheduleReconcile,
  type ReconcileProgress,
} from './reconcile';

export interface WorkerOptions {
  /** Jobs processed at once by this process (different portals in parallel). Default 4. */
  concurrency?: number;
  /** Coalescing window (flush delay) used when the worker schedules follow-ups. Default 1 500 ms. */
  coalesceMs?: number;
  /** Deals per HubSpot batch call (≤100). Default 100. */
  batchSize?: number;
  /** Independent batch lanes per flush (keep callers waiting on the portal limiter). Default 4. */
  batchConcurrency?: number;
  /** Batches per flush job before it hands over to a follow-up job. Default 50. */
  maxBatchesPerJob?: number;
  /** Attempts per job for retryable failures (5xx, network). Default 8. */
  attempts?: number;
  /** Exponential backoff base and cap (equal jitter: [d/2, d]). Defaults 1 000 ms / 5 min. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Backfill slice length and the retry delay while another runner holds the lease. */
  backfillSliceMs?: number;
  backfillBusyDelayMs?: number;
  /** Reconcile period and look-back overlap; 0 disables the scheduler in this process. */
  reconcileIntervalMs?: number;
  reconcileOverlapMs?: number;
  /** Queue depth gauge refresh period; 0 disables. Default 5 000 ms. */
  queueDepthIntervalMs?: number;
  /**
   * Job lock of this worker (renewed every half of it while a job runs). After a crash
   * (SIGKILL, OOM) a job is taken over once its lock expired and a stalled check ran, so this
   * bounds how long a portal waits after a crash. Default 10 000 ms.
   */
  lockDurationMs?: number;
  /** How often stalled (crashed) jobs are looked for. Default 5 000 ms. */
  stalledIntervalMs?: number;
  /**
   * Takeovers of one job after crashes before it fails (its in-flight ids are dead-lettered as
   * STALLED: a batch that crashes the worker again and again must not crash it forever).
   * Default 2.
   */
  maxStalledCount?: number;
  /**
   * Safety sweep: this often, every portal with dirty or in-flight ids but no flush job gets
   * one (no id is ever stranded, whatever interrupted the job chain). 0 disables. Default 30 000 ms.
   */
  sweepIntervalMs?: number;
  /** Start processing immediately. Default true. */
  autorun?: boolean;
}

export interface WorkerDeps {
  /** Redis URL; the worker opens its own connection with `maxRetriesPerRequest: null`. */
  redisUrl: string;
  /** Key / BullMQ prefix (default 'sw'). */
  prefix?: string;
  portalClients: PortalClients;
  pipelines?: PipelinesCache;
  settings?: SettingsSource;
  /** Installed portals, for the reconcile tick (the installation store). */
  listPortals?: () => Promise<string[]>;
  evaluate?: Evaluate;
  metrics?: Metrics;
  logger?: Logger;
  options?: WorkerOptions;
}

export interface RecomputeWorker {
  readonly worker: Worker<RecomputeJobData>;
  readonly queue: RecomputeQueueHandle;
  /** Stops taking jobs, lets the current ones finish (flush/backfill stop at the next batch), closes connections. */
  close(): Promise<void>;
}

/** Exponential backoff with equal jitter, never shorter than a server-given Retry-After. */
export function backoffDelay(attemptsMade: number, baseMs: number, maxMs: number, err?: unknown): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(exp / 2 + Math.random() * (exp / 2));
  const retryAfter = err instanceof HubSpotError && err.retryAfterMs !== null ? err.retryAfterMs : 0;
  return Math.max(jittered, retryAfter);
}

/** Transient-failure tally of a job (kept in its data across tries). */
interface TransientRetries {
  /** Consecutive tries in which no HubSpot call succeeded. */
  streak: number;
  /** Tries that ended in a transient failure. */
  total: number;
}

/** Hard cap of transient tries per job, as a multiple of its attempts. */
const TRANSIENT_TOTAL_FACTOR = 5;

/** Wraps a portal client to count the HubSpot calls that succeeded (progress of one try). */
function countSuccesses(portal: PortalClient): { portal: PortalClient; succeeded: () => number } {
  let ok = 0;
  return {
    portal: {
      portalId: portal.portalId,
      call: async (operation, fn, options) => {
        const result = await portal.call(operation, fn, options);
        ok += 1;
        return result;
      },
    },
    succeeded: () => ok,
  };
}

/** Job states in which a flush will still run. */
const PENDING_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** BullMQ's reason for a job that stalled (its worker died) more than maxStalledCount times. */
const STALLED_FAILURE = /stalled more than allowable limit/i;

/**
 * Schedules a flush for every portal that has dirty or in-flight ids but no flush job (waiting,
 * delayed or active). Returns how many portals got one.
 */
export async function sweepStranded(queue: RecomputeQueueHandle): Promise<number> {
  const portals = await queue.redis.smembers(queue.keys.dirtyPortals);
  let scheduled = 0;
  for (const portalId of portals) {
    const p = await queue.pending(portalId);
    if (p.deals + p.contacts + p.inflightDeals + p.inflightContacts === 0) continue;
    const jobId = await queue.queue.getDeduplicationJobId(flushDeduplicationId(portalId));
    const job = jobId === null ? undefined : await queue.queue.getJob(jobId);
    if (job !== undefined && PENDING_STATES.has(await job.getState())) continue;
    await queue.scheduleFlush(portalId);
    scheduled += 1;
  }
  return scheduled;
}

export async function startWorker(deps: WorkerDeps): Promise<RecomputeWorker> {
  const o = deps.options ?? {};
  const prefix = deps.prefix ?? 'sw';
  const concurrency = o.concurrency ?? 4;
  const batchSize = Math.min(100, Math.max(1, o.batchSize ?? 100));
  const backoffBaseMs = o.backoffBaseMs ?? 1_000;
  const backoffMaxMs = o.backoffMaxMs ?? 5 * 60_000;
  const reconcileIntervalMs = o.reconcileIntervalMs ?? 10 * 60_000;
  const reconcileOverlapMs = o.reconcileOverlapMs ?? 5 * 60_000;
  const backfillBusyDelayMs = o.backfillBusyDelayMs ?? 5_000;
  const queueDepthIntervalMs = o.queueDepthIntervalMs ?? 5_000;
  const lockDurationMs = o.lockDurationMs ?? 10_000;
  const stalledIntervalMs = o.stalledIntervalMs ?? 5_000;
  const maxStalledCount = o.maxStalledCount ?? 2;
  const sweepIntervalMs = o.sweepIntervalMs ?? 30_000;
  const log = deps.logger;

  const connection = new Redis(deps.redisUrl, {
    maxRetriesPerRequest: null,
    connectionName: 'stepwise-worker',
  });
  let lastRedisError = '';
  connection.on('error', (err: Error) => {
    if (err.message !== lastRedisError)
      log?.warn({ err: { message: err.message } }, 'worker redis connection error');
    lastRedisError = err.message;
  });
  const queue = createRecomputeQueue({
    connection,
    prefix,
    ...(log !== undefined ? { logger: log } : {}),
    ...(o.coalesceMs !== undefined ? { coalesceMs: o.coalesceMs } : {}),
    ...(o.attempts !== undefined ? { attempts: o.attempts } : {}),
  });
  const pipelines = deps.pipelines ?? new PipelinesCache({ redis: connection, prefix });
  let closing = false;

  const ctx: FlushContext = {
    redis: connection,
    prefix,
    keys: queue.keys,
    pipelines,
    batchSize,
    batchConcurrency: Math.max(1, o.batchConcurrency ?? 4),
    maxBatchesPerJob: Math.max(1, o.maxBatchesPerJob ?? 50),
    isClosing: () => closing,
    ...(deps.settings !== undefined ? { settings: deps.settings } : {}),
    ...(deps.evaluate !== undefined ? { evaluate: deps.evaluate } : {}),
    ...(deps.metrics !== undefined ? { metrics: deps.metrics } : {}),
    ...(log !== undefined ? { logger: log } : {}),
  };
  const recomputeCtx: RecomputeContext = ctx;

  const isFinalAttempt = (job: Job): boolean => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

  /** Moves the job to delayed without spending an attempt (limiter wait or 429 Retry-After). */
  const delayJob = async (job: Job, token: string | undefined, ms: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + Math.max(1, ms), token);
    throw new DelayedError();
  };

  /**
   * A retryable HubSpot failure (5xx, network): the job runs again after a jittered exponential
   * backoff. The budget is `attempts` consecutive tries in which HubSpot answered NO call (an
   * outage), not `attempts` tries in total: a job of several calls would otherwise exhaust it
   * on a merely flaky HubSpot (at 30 % 5xx, a 4-call batch fails 76 % of its tries, so 8 tries
   * dead-letter 11 % of batches). A try with a successful call resets the streak; a hard cap
   * of TRANSIENT_TOTAL_FACTOR × attempts tries bounds a batch that always fails the same way.
   * Throws DelayedError while the budget lasts; returns the final tally once it is exhausted.
   */
  const retryTransient = async (
    job: Job,
    token: string | undefined,
    err: HubSpotError,
    progressed: boolean,
  ): Promise<TransientRetries> => {
    const budget = job.opts.attempts ?? queue.attempts;
    const prev = (job.data as { retries?: TransientRetries }).retries ?? { streak: 0, total: 0 };
    const next = { streak: progressed ? 0 : prev.streak + 1, total: prev.total + 1 };
    if (next.streak >= budget || next.total >= budget * TRANSIENT_TOTAL_FACTOR) return next;
    await job.updateData({ ...job.data, retries: next });
    log?.debug(
      { jobId: job.id, name: job.name, ...next, err: err.toJSON() },
      'transient HubSpot failure: retrying',
    );
    return delayJob(job, token, backoffDelay(Math.max(1, next.streak), backoffBaseMs, backoffMaxMs, err));
  };

  const deadLetterInflight = async (
    portalId: string,
    job: Job,
    reason: string,
    err: unknown,
    attempts: number = job.attemptsMade + 1,
  ): Promise<void> => {
    const dealIds = await connection.zrange(queue.keys.inflightDeals(portalId), 0, -1);
    const contactIds = await connection.zrange(queue.keys.inflightContacts(portalId), 0, -1);
    await connection.del(queue.keys.inflightDeals(portalId), queue.keys.inflightContacts(portalId));
    if (dealIds.length === 0 && contactIds.length === 0) return;
    const h = err instanceof HubSpotError ? err : null;
    await recordDeadLetter(
      connection,
      prefix,
      {
        portalId,
        dealIds,
        contactIds,
        reason,
        status: h?.status ?? null,
        category: h?.category ?? null,
        message: err instanceof Error ? err.message : String(err),
        source: 'flush',
        jobId: job.id ?? null,
        attempts,
      },
      deps.metrics,
    );
  };

  const processFlush = async (job: Job<FlushJobData>, token: string | undefined): Promise<unknown> => {
    const portalId = job.data.portalId;
    let portal: PortalClient;
    try {
      portal = deps.portalClients.forPortal(portalId);
    } catch (err) {
      throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    }
    const counted = countSuccesses(portal);
    try {
      const outcome = await runFlush(ctx, counted.portal, {
        jobId: job.id ?? null,
        attempts: job.attemptsMade + 1,
      });
      // Ids left over: go on at once, unless nothing could be claimed (all held by a backfill's
      // lease or still in flight), then look again after the coalescing window.
      if (outcome.remaining > 0) {
        const idle = closing || outcome.batches === 0;
        await queue.scheduleFlush(portalId, idle ? queue.coalesceMs : 0);
      }
      return outcome;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof HubSpotError && err.code === 'RATE_LIMITED') {
        return delayJob(job, token, err.retryAfterMs ?? 1_000);
      }
      if (err instanceof HubSpotError && err.retryable) {
        const tally = await retryTransient(job, token, err, counted.succeeded() > 0);
        await deadLetterInflight(portalId, job, `${err.code}_RETRIES_EXHAUSTED`, err, tally.total);
        const pending = await queue.pending(portalId);
        if (pending.deals + pending.contacts > 0) await queue.scheduleFlush(portalId);
        throw new UnrecoverableError(err.message);
      }
      if (err instanceof HubSpotError && err.code === 'UNAUTHORIZED') {
        if (err.category === 'NOT_INSTALLED') {
          log?.warn({ portalId }, 'portal not installed: dropping its pending recomputes');
          await deadLetterInflight(portalId, job, 'NOT_INSTALLED', err);
          await queue.dropPortal(portalId);
          return { dropped: true };
        }
        // A 401 made PortalClients call onUnauthorized (the installation store forces a token refresh, or marks the
        // portal uninstalled → dropPortal). One retry with the refreshed token; a second 401 is final.
        if (err.status === 401 && job.attemptsMade === 0 && !isFinalAttempt(job)) throw err;
        await deadLetterInflight(portalId, job, 'UNAUTHORIZED', err);
        throw new UnrecoverableError(err.message);
      }
      const code = err instanceof HubSpotError ? err.code : 'INTERNAL';
      const retryable = !(err instanceof HubSpotError) || err.retryable;
      if (!retryable || isFinalAttempt(job)) {
        await deadLetterInflight(portalId, job, retryable ? `${code}_RETRIES_EXHAUSTED` : code, err);
        const [d, c] = await Promise.all([
          connection.zcard(queue.keys.dirtyDeals(portalId)),
          connection.zcard(queue.keys.dirtyContacts(portalId)),
        ]);
        if (d + c > 0) await queue.scheduleFlush(portalId);
        if (!retryable) throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
      }
      throw err;
    }
  };

  const processBackfill = async (job: Job<BackfillJobData>, token: string | undefined): Promise<unknown> => {
    const { portalId, runId, slice } = job.data;
    const counted = countSuccesses(deps.portalClients.forPortal(portalId));
    const portal = counted.portal;
    try {
      const result = await runBackfillSlice(recomputeCtx, queue, portal, runId, {
        ...(o.backfillSliceMs !== undefined ? { budgetMs: o.backfillSliceMs } : {}),
        isClosing: () => closing,
        jobId: job.id ?? null,
        attempts: job.attemptsMade + 1,
      });
      if (result === 'more' || result === 'busy') {
        await queue.queue.add(
          JOB.backfill,
          { portalId, runId, slice: slice + 1 },
          queue.jobOptions({
            jobId: backfillJobId(portalId, runId, slice + 1),
            ...(result === 'busy' ? { delay: backfillBusyDelayMs } : {}),
          }),
        );
      }
      return { result };
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof HubSpotError && err.code === 'RATE_LIMITED') {
        return delayJob(job, token, err.retryAfterMs ?? 1_000);
      }
      if (err instanceof HubSpotError && err.retryable) {
        await retryTransient(job, token, err, counted.succeeded() > 0);
        await failBackfill(queue, portalId, runId, err.message);
        throw new UnrecoverableError(err.message);
      }
      const retryable = !(err instanceof HubSpotError) || (err.retryable && err.code !== 'UNAUTHORIZED');
      if (!retryable || isFinalAttempt(job)) {
        const message = err instanceof Error ? err.message : String(err);
        await failBackfill(queue, portalId, runId, message);
        if (err instanceof HubSpotError && err.category === 'NOT_INSTALLED') await queue.dropPortal(portalId);
        throw new UnrecoverableError(message);
      }
      throw err;
    }
  };

  const processReconcile = async (
    job: Job<ReconcileJobData>,
    token: string | undefined,
  ): Promise<unknown> => {
    const counted = countSuccesses(deps.portalClients.forPortal(job.data.portalId));
    try {
      // A sweep interrupted by a 429 or a transient failure resumes at its last page instead of
      // starting over (a long sweep would otherwise never get past HubSpot's search limit).
      const resume: ReconcileProgress | undefined = job.data.progress;
      return await reconcilePortal(queue, counted.portal, {
        intervalMs: reconcileIntervalMs,
        overlapMs: reconcileOverlapMs,
        ...(resume !== undefined ? { resume } : {}),
        onPage: async (progress) => {
          await job.updateData({ ...job.data, progress });
        },
      });
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof HubSpotError && err.code === 'RATE_LIMITED') {
        return delayJob(job, token, err.retryAfterMs ?? 1_000);
      }
      if (err instanceof HubSpotError && err.retryable) {
        await retryTransient(job, token, err, counted.succeeded() > 0);
        throw new UnrecoverableError(err.message);
      }
      if (err instanceof HubSpotError && !err.retryable) throw new UnrecoverableError(err.message);
      throw err;
    }
  };

  const worker = new Worker<RecomputeJobData>(
    RECOMPUTE_QUEUE_NAME,
    async (job, token) => {
      switch (job.name) {
        case JOB.flush:
          return processFlush(job as Job<FlushJobData>, token);
        case JOB.backfill:
          return processBackfill(job as Job<BackfillJobData>, token);
        case JOB.reconcile:
          return processReconcile(job as Job<ReconcileJobData>, token);
        case JOB.reconcileTick: {
          const portals = deps.listPortals === undefined ? [] : await deps.listPortals();
          return { portals: await enqueueReconcileJobs(queue, portals, reconcileIntervalMs) };
        }
        default:
          throw new UnrecoverableError(`unknown job ${job.name}`);
      }
    },
    {
      connection,
      prefix,
      concurrency,
      autorun: o.autorun ?? true,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
          backoffDelay(attemptsMade, backoffBaseMs, backoffMaxMs, err),
      },
    },
  );

  worker.on('failed', (job, err) => {
    log?.warn(
      {
        jobId: job?.id,
        name: job?.name,
        attemptsMade: job?.attemptsMade,
        err: err instanceof HubSpotError ? err.toJSON() : err.message,
      },
      'recompute job failed',
    );
    // A flush that crashed its worker too often is failed by BullMQ without reaching processFlush:
    // isolate its in-flight ids (dead letters, reason STALLED) and keep the portal's other ids moving.
    if (job !== undefined && job.name === JOB.flush && STALLED_FAILURE.test(err.message)) {
      const portalId = (job.data as FlushJobData).portalId;
      (async () => {
        await deadLetterInflight(portalId, job, 'STALLED', err);
        const pending = await queue.pending(portalId);
        if (pending.deals + pending.contacts > 0) await queue.scheduleFlush(portalId);
      })().catch((e: unknown) =>
        log?.error({ portalId, err: String(e) }, 'could not recover the ids of a stalled flush'),
      );
    }
  });
  worker.on('error', (err) => log?.error({ err: err.message }, 'recompute worker error'));

  if (reconcileIntervalMs > 0 && deps.listPortals !== undefined) {
    await scheduleReconcile(queue, reconcileIntervalMs);
  }

  let depthTimer: NodeJS.Timeout | undefined;
  const metrics = deps.metrics;
  if (metrics !== undefined && queueDepthIntervalMs > 0) {
    const refresh = async (): Promise<void> => {
      const counts = await queue.queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'prioritized');
      for (const [state, n] of Object.entries(counts))
        metrics.queueDepth.set({ queue: RECOMPUTE_QUEUE_NAME, state }, n);
      const portals = await connection.smembers(queue.keys.dirtyPortals);
      let dirty = 0;
      if (portals.length > 0) {
        const p = connection.pipeline();
        for (const portalId of portals)
          p.zcard(queue.keys.dirtyDeals(portalId)).zcard(queue.keys.dirtyContacts(portalId));
        for (const [, n] of (await p.exec()) ?? []) dirty += Number(n ?? 0);
      }
      metrics.queueDepth.set({ queue: RECOMPUTE_QUEUE_NAME, state: 'dirty_ids' }, dirty);
    };
    depthTimer = setInterval(() => {
      refresh().catch((err: unknown) => log?.debug({ err: String(err) }, 'queue depth refresh failed'));
    }, queueDepthIntervalMs);
    depthTimer.unref();
  }

  // Safety sweep: dirty or in-flight ids with no flush job at all get one (deduplicated, so a
  // portal whose flush is pending or running is left alone).
  let sweepTimer: NodeJS.Timeout | undefined;
  if (sweepIntervalMs > 0) {
    sweepTimer = setInterval(() => {
      if (closing) return;
      sweepStranded(queue).then(
        (n) => {
          if (n > 0) log?.warn({ portals: n }, 'safety sweep: scheduled flushes for stranded ids');
        },
        (err: unknown) => log?.debug({ err: String(err) }, 'safety sweep failed'),
      );
    }, sweepIntervalMs);
    sweepTimer.unref();
  }

  let closed: Promise<void> | undefined;
  return {
    worker,
    queue,
    close() {
      closed ??= (async () => {
        closing = true;
        if (depthTimer !== undefined) clearInterval(depthTimer);
        if (sweepTimer !== undefined) clearInterval(sweepTimer);
        await worker.close();
        await queue.close();
        await connection.quit().catch(() => undefined);
      })();
      return closed;
    },
  };
}
