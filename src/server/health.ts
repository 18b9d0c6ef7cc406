import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Metrics } from '../observability/metrics';
import { withTimeout } from '../http/http-error';

/**
 * GET /healthz → 200 {status:'ok', redis:'up'} when Redis answers PING, else 503
 *               {status:'unavailable', redis:'down'} (load balancers take the instance out).
 * GET /metrics → Prometheus text exposition of this process's registry.
 */
export interface HealthDeps {
  redis: Pick<Redis, 'ping'>;
  metrics: Metrics;
  pingTimeoutMs?: number;
}

export function createHealthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  const timeout = deps.pingTimeoutMs ?? 1_000;

  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const pong = await withTimeout(deps.redis.ping(), timeout, 'Redis');
      if (pong !== 'PONG') throw new Error(`unexpected PING reply ${String(pong)}`);
      res.status(200).json({ status: 'ok', redis: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', redis: 'down' });
    }
  });

  router.get('/metrics', async (_req, res) => {
    const body = await deps.metrics.registry.metrics();
    res
      .status(200)
      .set({ 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' })
      .send(body);
  });

  return router;
}
