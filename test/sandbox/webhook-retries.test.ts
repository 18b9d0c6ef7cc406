import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startPrivateRedis, type PrivateRedis } from '../../sandbox/redis-server';
import { DEMO_PORTAL_ID, demoPortalSeed } from '../../sandbox/seed-data';
import { startStack, type Stack } from '../../sandbox/stack';

/**
 * HubSpot retries a webhook delivery answered with any non-2xx, up to 10 tries over 24 hours
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks).
 * Stepwise answers 503 + Retry-After while its Redis does not answer; the sandbox (HubSpot's
 * schedule on a fast clock) retries until Stepwise accepts, and the edit is processed.
 * A private Redis: CLIENT PAUSE would stall every other test sharing a Redis.
 */

let redis: PrivateRedis;
let admin: Redis;
let stack: Stack;
let dealId: string;

beforeAll(async () => {
  redis = await startPrivateRedis();
  admin = new Redis(redis.url, { maxRetriesPerRequest: null });
  stack = await startStack({
    redisUrl: redis.url,
    prefix: 'sw-webhook-retries',
    service: { coalesceMs: 100 },
  });
  const seeded = stack.sandbox.admin.seed(demoPortalSeed());
  dealId = seeded.deals['wanjing-group-2026'] as string;
  await stack.install(DEMO_PORTAL_ID);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
}, 60_000);

afterAll(async () => {
  await admin?.quit();
  await stack?.stop();
  await redis?.stop();
});

describe('webhook retries on HubSpot’s schedule', () => {
  it('a 503 from Stepwise is retried and the edit is eventually processed', async () => {
    const { sandbox } = stack;
    sandbox.webhooks.resetRecords();
    // Writes stall for 3 s: the receiver's enqueue times out (2 s) and it answers 503.
    await admin.call('CLIENT', 'PAUSE', '3000', 'WRITE');
    sandbox.admin.userEdit(DEMO_PORTAL_ID, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_purchase_type: 'single' },
    });
    await stack.waitForQuiet({ timeoutMs: 30_000 });

    const [delivery, ...others] = sandbox.webhooks.deliveries({ portalId: DEMO_PORTAL_ID });
    expect(others).toEqual([]);
    const statuses = delivery?.attempts.map((a) => a.status) ?? [];
    expect(statuses[0]).toBe(503);
    expect(statuses.at(-1)).toBe(200);
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((a) => JSON.parse(a.body)[0].attemptNumber)).toEqual(
      statuses.map((_s, i) => i),
    );
    // Every failed attempt was followed by a retry at HubSpot's delay (first ≈ 1 min, jittered).
    expect(delivery?.attempts[0]?.retryInMs).toBeGreaterThanOrEqual(54_000);
    expect(delivery?.attempts.at(-1)?.retryInMs).toBeNull();
    const report = checkConsistency(sandbox, DEMO_PORTAL_ID);
    expect(report.mismatches).toEqual([]);
    expect(sandbox.admin.getObject(DEMO_PORTAL_ID, 'deals', dealId)?.properties['sw_purchase_type']).toBe(
      'single',
    );
  }, 60_000);
});
