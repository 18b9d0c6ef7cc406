import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { DEMO_PORTAL_ID, demoPortalSeed, demoUserEdits } from '../../sandbox/seed-data';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import type { DisconnectResult } from '../../extensions/app/cards/lib/api-types';

describe('end to end on the sandbox (v1 OAuth off): install → backfill → edits → card tick → disconnect', () => {
  let stack: Stack;
  let seeded: ReturnType<Stack['sandbox']['admin']['seed']>;
  const prefix = uniquePrefix('e2e');

  beforeAll(async () => {
    stack = await startStack({
      redisUrl: testRedisUrl(),
      prefix,
      // HubSpot's post-sunset behaviour (also the sandbox default): /oauth/v1/* answers 404.
      sandbox: { oauth: { v1: false } },
      service: { coalesceMs: 200 },
    });
    seeded = stack.sandbox.admin.seed(demoPortalSeed());
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('installs through the real OAuth flow, provisions every property and grades every deal', async () => {
    const page = await stack.install(DEMO_PORTAL_ID);
    expect(page).toMatch(/Stepwise/);
    const snap = stack.sandbox.admin.snapshot(DEMO_PORTAL_ID) as {
      properties: { deals: { name: string }[]; contacts: { name: string }[] };
    };
    const dealProps = snap.properties.deals.map((p) => p.name);
    expect(dealProps).toEqual(
      expect.arrayContaining(['sw_seven_step_need', 'sw_funnel_stage', 'sw_lead_grade', 'sw_computed_at']),
    );
    expect(snap.properties.contacts.map((p) => p.name)).toEqual(
      expect.arrayContaining(['sw_decision_role', 'sw_stance', 'sw_contact_depth', 'sw_personality']),
    );
    await stack.waitForQuiet();
    const report = checkConsistency(stack.sandbox, DEMO_PORTAL_ID);
    expect(report.mismatches).toEqual([]);
    expect(report.deals).toBeGreaterThan(5);
  });

  it('reps’ edits in HubSpot (webhooks) are recomputed and written back', async () => {
    for (const edit of demoUserEdits(seeded)) stack.sandbox.admin.userEdit(DEMO_PORTAL_ID, edit);
    await stack.waitForQuiet();
    const report = checkConsistency(stack.sandbox, DEMO_PORTAL_ID);
    expect(report.mismatches).toEqual([]);
    expect(report.consistent).toBe(report.deals);
  });

  it('a tick in the card writes the input and the recomputed outputs at once', async () => {
    const dealId = Object.values(seeded.deals)[0] as string;
    const res = await stack.cardFetch(DEMO_PORTAL_ID, 'POST', `/api/v1/deals/${dealId}/items`, {
      playbook: 'six_w_two_p',
      step: 'qualify',
      item: 'why_us',
      checked: true,
    });
    expect(res.status).toBe(200);
    const deal = stack.sandbox.admin.getObject(DEMO_PORTAL_ID, 'deals', dealId);
    expect(deal?.properties['sw_six_w_two_p_qualify']?.split(';')).toContain('why_us');
    await stack.waitForQuiet();
    expect(checkConsistency(stack.sandbox, DEMO_PORTAL_ID).mismatches).toEqual([]);
  });

  it('disconnect uninstalls at HubSpot and deletes every Stepwise key of the portal; properties and values stay', async () => {
    const before = checkConsistency(stack.sandbox, DEMO_PORTAL_ID);
    const unconfirmed = await stack.cardFetch(DEMO_PORTAL_ID, 'POST', '/api/v1/disconnect', {});
    expect(unconfirmed.status).toBe(400);
    const res = await stack.cardFetch(DEMO_PORTAL_ID, 'POST', '/api/v1/disconnect', { confirm: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as DisconnectResult;
    expect(body).toMatchObject({ disconnected: true, uninstalledAtHubSpot: true });
    expect(body.deleted.keys).toBeGreaterThan(0);

    // HubSpot side: the Uninstall App API was called and the install is gone.
    expect(stack.sandbox.admin.portal(DEMO_PORTAL_ID).installed).toBe(false);
    const uninstallCalls = stack.sandbox.calls
      .list()
      .filter((c) => c.method === 'DELETE' && c.path === '/appinstalls/2026-03/external-install');
    expect(uninstallCalls.map((c) => c.status)).toEqual([204]);
    expect(stack.sandbox.calls.list().some((c) => c.path.startsWith('/oauth/v1/'))).toBe(false);

    // Stepwise side: no key of the portal, no job of the portal, no dead letter of the portal.
    await stack.waitForQuiet();
    const redis = new IORedis(testRedisUrl(), { lazyConnect: false });
    try {
      const portal = String(DEMO_PORTAL_ID);
      const leftovers: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          if (key.split(':').includes(portal)) leftovers.push(key);
          else if ((await redis.type(key)) === 'hash' && key.includes(':recompute:')) {
            const data = await redis.hget(key, 'data');
            if (data !== null && data.includes(`"portalId":"${portal}"`)) leftovers.push(key);
          }
        }
      } while (cursor !== '0');
      expect(leftovers).toEqual([]);
      expect(await redis.sismember(`${prefix}:installs:active`, portal)).toBe(0);
      const dead = await redis.lrange(`${prefix}:dead-letters`, 0, -1);
      expect(dead.filter((d) => d.includes(`"portalId":"${portal}"`))).toEqual([]);
    } finally {
      await redis.quit();
    }

    // The customer's data stays: properties and the values Stepwise wrote.
    const snap = stack.sandbox.admin.snapshot(DEMO_PORTAL_ID) as {
      properties: { deals: { name: string }[] };
    };
    expect(snap.properties.deals.map((p) => p.name)).toEqual(expect.arrayContaining(['sw_lead_grade']));
    const after = checkConsistency(stack.sandbox, DEMO_PORTAL_ID);
    expect(after.mismatches).toEqual([]);
    expect(after.consistent).toBe(before.consistent);

    // Later card calls of the portal are refused as not installed.
    const again = await stack.cardFetch(DEMO_PORTAL_ID, 'GET', '/api/v1/settings');
    expect(again.status).toBe(404);
  });
});
