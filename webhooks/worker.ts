import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../src/logger';
import type { Metrics } from '../src/observability/metrics';
import { HubSpotError } from '../src/hubspot/errors';
import { PipelinesCache } from '../src/hubspot/pipelines-cache';
import type { PortalClients } from '../src/hubspot/portal-client';
import type { FlushContext } from './flush';
import { createBackfillProcessor } from './jobs/backfill-job';
import { backoffDelay, createFailurePolicy } from './jobs/failure-policy';
import { createFlushProcessor, deadLetterInflight, flushWhatRemains } from './jobs/flush-job';
import type { JobContext } from './jobs/job-context';
import { createReconcileProcessor } from './jobs/reconcile-job';
import {
  JOB,
  RECOMPUTE_QUEUE_NAME,
  createRecomputeQueue,
  flushDeduplicationId,
  pendingTotal,
  type BackfillJobData,
  type FlushJobData,
  type RecomputeJobData,
  type RecomputeQueueHandle,
  type ReconcileJobData,
} from './queue';
import type { Evaluate, SettingsSource, WriteBackGate } from './recompute';
import { createBackfillControl } from './backfill';
import { queueRulesRegrade, runRulesRegradeTick, scheduleRulesRegradeTick } from './rules-regrade';
import { enqueueReconcileJobs, scheduleReconcile } from './reconcile';

export interface WorkerOptions {
  /** Jobs processed at once by this process (different portals in parallel). Default 4. */
  concurrency?: number;
  /** Coalescing window (flush delay) used when the worker schedules follow-ups. Default 1 500 ms. */
  coalesceMs?: number;
  /**
   * Ids claimed per unit of work (≤1,000): loaded with ≤100-object batch reads and ONE association
   * read per 1,000 (HubSpot's association batch limit), so a big backlog costs the floor of calls.
   * A quiet portal's claim is just what is dirty. Default 1 000.
   */
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
  /**
   * Post-deploy rules re-grade (webhooks/rules-regrade.ts): portals re-graded at once and the
   * tick period; interval 0 disables it in this process. Defaults 1 and 15 000 ms.
   */
  rulesRegradeConcurrency?: number;
  rulesRegradeIntervalMs?: number;
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
  /** Write-back pause (src/settings/write-back-pause.ts). */
  writeBack?: WriteBackGate;
  metrics?: Metrics;
  logger?: Logger;
  options?: WorkerOptions;
  /** The clock: evaluation time (`asOf`), visits' "has passed", computed-at. Default: system time. */
  now?: () => Date;
}

export interface RecomputeWorker {
  readonly worker: Worker<RecomputeJobData>;
  readonly queue: RecomputeQueueHandle;
  /** Stops taking jobs, lets the current ones finish (flush/backfill stop at the next batch), closes connections. */
  close(): Promise<void>;
}

export { backoffDelay } from './jobs/failure-policy';

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
    if (pendingTotal(p) === 0) continue;
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
  const batchSize = Math.min(1_000, Math.max(1, o.batchSize ?? 1_000));
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
  const rulesRegradeConcurrency = o.rulesRegradeConcurrency ?? 1;
  const rulesRegradeIntervalMs = o.rulesRegradeIntervalMs ?? 15_000;
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
    ...(deps.writeBack !== undefined ? { writeBack: deps.writeBack } : {}),
    ...(deps.metrics !== undefined ? { metrics: deps.metrics } : {}),
    ...(log !== undefined ? { logger: log } : {}),
    ...(deps.now !== undefined ? { now: deps.now } : {}),
  };
  const jobs: JobContext = {
    queue,
    connection,
    prefix,
    flush: ctx,
    portalClients: deps.portalClients,
    policy: createFailurePolicy({ attempts: queue.attempts, backoffBaseMs, backoffMaxMs, logger: log }),
    logger: log,
    metrics: deps.metrics,
    isClosing: () => closing,
  };
  const processFlush = createFlushProcessor(jobs);
  const processBackfill = createBackfillProcessor(jobs, {
    sliceMs: o.backfillSliceMs,
    busyDelayMs: backfillBusyDelayMs,
  });
  const processReconcile = createReconcileProcessor(jobs, {
    intervalMs: reconcileIntervalMs,
    overlapMs: reconcileOverlapMs,
  });

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
        case JOB.rulesRegrade: {
          const installed = new Set(deps.listPortals === undefined ? [] : await deps.listPortals());
          return runRulesRegradeTick(
            queue,
            createBackfillControl(queue),
            (p) => Promise.resolve(installed.has(p)),
            { concurrency: rulesRegradeConcurrency, intervalMs: rulesRegradeIntervalMs },
          );
        }
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
        await deadLetterInflight(jobs, portalId, job, 'STALLED', err);
        await flushWhatRemains(jobs, portalId);
      })().catch((e: unknown) =>
        log?.error({ portalId, err: String(e) }, 'could not recover the ids of a stalled flush'),
      );
    }
  });
  worker.on('error', (err) => log?.error({ err: err.message }, 'recompute worker error'));

  if (reconcileIntervalMs > 0 && deps.listPortals !== undefined) {
    await scheduleReconcile(queue, reconcileIntervalMs);
  }

  // A rules change since the portals were last graded: queue them, first tick after a jittered
  // delay so several workers starting together do not all start re-grades at once.
  if (rulesRegradeIntervalMs > 0 && deps.listPortals !== undefined) {
    const queued = await queueRulesRegrade(queue, await deps.listPortals());
    if (queued.length > 0) {
      log?.info({ portals: queued.length }, 'rules changed: portals queued for a re-grade');
      await scheduleRulesRegradeTick(
        queue,
        Math.round(Math.random() * Math.min(5_000, rulesRegradeIntervalMs)),
      );
    }
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
          p.zcard(queue.keys.dirtyDeals(portalId))
            .zcard(queue.keys.dirtyContacts(portalId))
            .zcard(queue.keys.dirtyMeetings(portalId));
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
