import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { startPrivateRedis, type PrivateRedis } from '../../sandbox/redis-server';
import { bulkPortalSeed, type SeedResult } from '../../sandbox';
import {
  applyEdits,
  callSummary,
  changedDeals,
  dealsWrittenSince,
  editPlan,
  expectedOutputs,
  queueState,
  report,
  until,
} from './harness';

/**
 * Redis (AOF, appendfsync always — a Redis this file started, so it may restart it) goes down
 * for ~1.5 s in the middle of a burst and comes back: webhook deliveries during the outage get
 * 503 and HubSpot's (the sandbox's) retries succeed afterwards, the service's connections
 * reconnect, pending ids survive, and every deal ends up graded from its final inputs.
 */

const PORTAL = 47_200_001;
const DEALS = 300;
const EDITS = 1_500;
const RATE = 500;
const DOWN_MS = 1_500;

let redis: PrivateRedis;
let stack: Stack;
let seeded: SeedResult;

beforeAll(async () => {
  redis = await startPrivateRedis({ appendOnly: true });
  stack = await startStack({
    redisUrl: redis.url,
    prefix: 'sw-faults-redis',
    service: { coalesceMs: 300 },
    sandbox: { seed: 11 },
  });
  seeded = stack.sandbox.admin.seed(
    bulkPortalSeed({ portalId: PORTAL, deals: DEALS, contactsPerDeal: 2, seed: 9 }),
  );
  await stack.install(PORTAL);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
});

describe('fault: Redis restarted mid-burst (AOF on)', () => {
  it('answers 503 during the outage, HubSpot retries succeed, nothing is lost', async () => {
    const { sandbox } = stack;
    sandbox.webhooks.resetRecords();
    sandbox.faults.latency({ min: 20, max: 60 }, { path: '/crm/' });
    const before = expectedOutputs(sandbox, PORTAL);
    const t0 = Date.now();
    let restarting: Promise<void> | undefined;
    let pendingAtStop: Awaited<ReturnType<Stack['service']['queue']['pending']>> | undefined;
    const outage = { start: 0, end: 0 };
    await applyEdits(sandbox, PORTAL, editPlan(4242, seeded, EDITS), RATE, async (done) => {
      if (restarting !== undefined || done < EDITS / 3) return;
      pendingAtStop = await stack.service.queue.pending(String(PORTAL));
      outage.start = Date.now();
      restarting = redis.restart({ downMs: DOWN_MS }).then(() => {
        outage.end = Date.now();
      });
    });
    await restarting;
    // The service reconnects by itself: its health check turns green again.
    await until(async () => (await fetch(`${stack.baseUrl}/healthz`)).status === 200, 15_000, '/healthz 200');
    await stack.waitForQuiet({ timeoutMs: 60_000 });
    const seconds = (Date.now() - t0) / 1000;

    const deliveries = sandbox.webhooks.deliveries({ portalId: PORTAL });
    const attempts = deliveries.flatMap((d) => d.attempts);
    const status503 = attempts.filter((a) => a.status === 503).length;
    const retried = deliveries.filter((d) => d.attempts.length > 1);
    const notDelivered = deliveries.filter((d) => d.state !== 'delivered');
    const after = expectedOutputs(sandbox, PORTAL);
    const changed = changedDeals(before, after);
    const written = dealsWrittenSince(sandbox, PORTAL, t0);
    const consistency = checkConsistency(sandbox, PORTAL);
    const state = await queueState(stack);
    report('redis-restart', {
      outageMs: outage.end - outage.start,
      pendingAtStop,
      deliveries: deliveries.length,
      attempts: attempts.length,
      status503,
      deliveriesRetried: retried.length,
      notDelivered: notDelivered.length,
      events: deliveries.reduce((n, d) => n + d.events.length, 0),
      changed: changed.length,
      written: written.size,
      calls: callSummary(sandbox, t0),
      consistent: `${consistency.consistent}/${consistency.deals}`,
      deadLetters: state.deadLetters.length,
      failedJobs: state.failedJobs,
      seconds,
    });

    expect(status503).toBeGreaterThan(0);
    // Every delivery that met a 503 was retried and finally accepted; none was given up.
    expect(notDelivered.map((d) => ({ id: d.id, state: d.state }))).toEqual([]);
    for (const d of retried) expect(d.attempts.at(-1)?.status).toBe(200);
    expect(consistency.mismatches).toEqual([]);
    expect(consistency.consistent).toBe(DEALS);
    expect(changed.filter((id) => !written.has(id))).toEqual([]);
    expect(state.deadLetters).toEqual([]);
    expect(state.failedJobs).toBe(0);
  }, 90_000);
});
