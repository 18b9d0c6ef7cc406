import type { Redis } from 'ioredis';
import { createMetrics, type Metrics } from '../../src/observability/metrics';
import { createPortalClients, type PortalClients } from '../../src/hubspot/portal-client';
import { listDeadLetters, type DeadLetter } from '../../webhooks/dead-letters';
import type { Evaluate } from '../../webhooks/recompute';
import { startWorker, type RecomputeWorker, type WorkerOptions } from '../../webhooks/worker';
import { deleteByPrefix, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { HUBSPOT, stubEvaluate, tokenProviderFor, waitFor, type FakePortal } from './fake-hubspot';

export interface Harness {
  prefix: string;
  redis: Redis;
  metrics: Metrics;
  portalClients: PortalClients;
  worker: RecomputeWorker;
  deadLetters(): Promise<DeadLetter[]>;
  /** Resolves when nothing is dirty, in flight or queued. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const FAST: WorkerOptions = {
  coalesceMs: 150,
  backoffBaseMs: 50,
  backoffMaxMs: 400,
  reconcileIntervalMs: 0,
  queueDepthIntervalMs: 0,
  concurrency: 4,
};

export async function startHarness(
  portals: FakePortal[],
  options: {
    worker?: WorkerOptions;
    evaluate?: Evaluate | null;
    limits?: { max?: number; windowMs?: number };
  } = {},
): Promise<Harness> {
  const prefix = uniquePrefix('wk');
  const redis = testRedis();
  const metrics = createMetrics();
  const portalClients = createPortalClients({
    redis,
    prefix,
    tokenProvider: tokenProviderFor(...portals),
    basePath: HUBSPOT,
    metrics,
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
  });
  const evaluate = options.evaluate === null ? undefined : (options.evaluate ?? stubEvaluate);
  const worker = await startWorker({
    redisUrl: testRedisUrl(),
    prefix,
    portalClients,
    metrics,
    ...(evaluate !== undefined ? { evaluate } : {}),
    options: { ...FAST, ...options.worker },
  });
  const idle = async (timeoutMs = 10_000): Promise<void> => {
    await waitFor(async () => {
      const counts = await worker.queue.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
      if (jobs > 0) return false;
      for (const p of portals) {
        const pend = await worker.queue.pending(p.portalId);
        if (pend.deals + pend.contacts + pend.inflightDeals + pend.inflightContacts > 0) return false;
      }
      return true;
    }, timeoutMs);
  };
  return {
    prefix,
    redis,
    metrics,
    portalClients,
    worker,
    deadLetters: () => listDeadLetters(redis, prefix),
    idle,
    async close() {
      await worker.close();
      await deleteByPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
