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
  type BackfillJobData,
  type FlushJobData,
  type RecomputeJobData,
  type RecomputeQueueHandle,
  type ReconcileJobData,
} from './queue';
import type { Evaluate, RecomputeContext, SettingsSource } from './recompute';
import { enqueueReconcileJobs, reconcilePortal, scheduleReconcile } from './reconcile';

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
  /** Installed portals, for the reconcile tick (EDGE's InstallationStore). */
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

  const deadLetterInflight = async (
    portalId: string,
    job: Job,
    reason: string,
    err: unknown,
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
        attempts: job.attemptsMade + 1,
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
    try {
      const outcome = await runFlush(ctx, portal, { jobId: job.id ?? null, attempts: job.attemptsMade + 1 });
      if (outcome.remaining > 0) await queue.scheduleFlush(portalId, closing ? queue.coalesceMs : 0);
      return outcome;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof HubSpotError && err.code === 'RATE_LIMITED') {
        return delayJob(job, token, err.retryAfterMs ?? 1_000);
      }
      if (err instanceof HubSpotError && err.code === 'UNAUTHORIZED') {
        if (err.category === 'NOT_INSTALLED') {
          log?.warn({ portalId }, 'portal not installed: dropping its pending recomputes');
          await deadLetterInflight(portalId, job, 'NOT_INSTALLED', err);
          await queue.dropPortal(portalId);
          return { dropped: true };
        }
        // A 401 made PortalClients call onUnauthorized (EDGE forces a token refresh, or marks the
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
    const portal = deps.portalClients.forPortal(portalId);
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
    const portal = deps.portalClients.forPortal(job.data.portalId);
    try {
      return await reconcilePortal(queue, portal, {
        intervalMs: reconcileIntervalMs,
        overlapMs: reconcileOverlapMs,
      });
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof HubSpotError && err.code === 'RATE_LIMITED') {
        return delayJob(job, token, err.retryAfterMs ?? 1_000);
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

  let closed: Promise<void> | undefined;
  return {
    worker,
    queue,
    close() {
      closed ??= (async () => {
        closing = true;
        if (depthTimer !== undefined) clearInterval(depthTimer);
        await worker.close();
        await queue.close();
        await connection.quit().catch(() => undefined);
      })();
      return closed;
    },
  };
}
