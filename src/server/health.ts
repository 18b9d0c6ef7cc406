import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Metrics } from '../observability/metrics';
import { withTimeout } from '../http/http-error';
import type { OAuthClientHealthStatus } from '../hubspot/oauth-client-health';

/**
 * GET /healthz → 200 {status:'ok', redis:'up'} when Redis answers PING, else 503
 *               {status:'unavailable', redis:'down'} (load balancers take the instance out).
 *               200 {status:'degraded', redis:'up', reasons:[…]} when HubSpot refused our OAuth
 *               client credentials (wrong or rotated client secret). Degraded stays 200 on
 *               purpose: the instance still acknowledges webhooks and queues work (nothing is
 *               lost, jobs retry once the secret is fixed), and every instance shares the same
 *               secret, so a 503 would make the load balancer drop ALL of them and turn a
 *               config mistake into an outage with HubSpot retrying webhooks for 24 h. Monitors
 *               alert on `status` (and on stepwise_oauth_client_rejected_total) instead.
 * GET /metrics → Prometheus text exposition of this process's registry.
 */
export interface HealthDeps {
  redis: Pick<Redis, 'ping'>;
  metrics: Metrics;
  pingTimeoutMs?: number;
  /** Client-credential refusals (OAuthClientHealth); absent = not checked. */
  oauthClient?: { status(): Promise<OAuthClientHealthStatus> };
}

export function createHealthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  const timeout = deps.pingTimeoutMs ?? 1_000;

  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const pong = await withTimeout(deps.redis.ping(), timeout, 'Redis');
      if (pong !== 'PONG') throw new Error(`unexpected PING reply ${String(pong)}`);
    } catch {
      res.status(503).json({ status: 'unavailable', redis: 'down' });
      return;
    }
    const oauth = await deps.oauthClient?.status().catch(() => undefined);
    if (oauth !== undefined && !oauth.ok) {
      res.status(200).json({
        status: 'degraded',
        redis: 'up',
        reasons: [{ code: 'OAUTH_CLIENT_REJECTED', message: oauth.reason, portals: oauth.portals, since: oauth.since }],
      });
      return;
    }
    res.status(200).json({ status: 'ok', redis: 'up' });
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
