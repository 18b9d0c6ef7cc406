import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/hubspot/signature';
import { ReplayGuard } from '../../src/server/replay-guard';
import { deleteByPrefix, testRedis } from '../support/redis';
import { fakePortalCrm, startFakeHubSpot, type FakeHubSpot, type FakePortalCrm } from './fake-hubspot';
import { CLIENT_SECRET, NO_LIMITS, PUBLIC_BASE_URL, startSecurityApp, type SecurityHarness } from './harness';

/**
 * Replay protection. Every signature (webhooks and card API) is valid ±5 minutes around its
 * timestamp; a captured request replayed later is 401. Inside the window, an exact repeat of a
 * card API mutation (POST/PUT/PATCH/DELETE) is never applied again — a replayed "tick" or
 * settings PUT could otherwise undo a later change — but gets the first answer again, because
 * HubSpot's own one retry of a hubspot.fetch may be that exact repeat
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 * Webhooks are not guarded: a
 * replayed delivery only re-marks the same deals dirty and the worker recomputes from HubSpot's
 * current data (idempotent), so it cannot change any outcome.
 */

const PORTAL = '6001';
const TOKEN = 'replay-token-1';
let redis: Redis;
let h: SecurityHarness;
let clock = Date.now();
let hubspot: FakeHubSpot;
let crm: FakePortalCrm;

beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis, rateLimits: NO_LIMITS, now: () => clock });
  await h.installations.save({
    portalId: PORTAL,
    tokens: { accessToken: TOKEN, refreshToken: 'replay-refresh', expiresInSeconds: 24 * 3600 },
    scopes: ['oauth'],
  });
});
afterAll(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});
beforeEach(() => {
  clock = Date.now();
  crm = fakePortalCrm(PORTAL, TOKEN);
  crm.deals.set('42', { dealname: 'Replay', pipeline: 'default', dealstage: 'qualified' });
  hubspot = startFakeHubSpot([crm]);
});
afterEach(() => {
  hubspot.stop();
});

interface Captured {
  method: string;
  pathAndQuery: string;
  body: string;
  headers: Record<string, string>;
}

function capture(method: string, pathAndQuery: string, body = '', at = clock): Captured {
  const headers = {
    ...signedHeaders({
      clientSecret: CLIENT_SECRET,
      method,
      uri: `${PUBLIC_BASE_URL}${pathAndQuery}`,
      body,
      now: at,
    }),
    ...(body !== '' ? { 'Content-Type': 'application/json' } : {}),
  };
  return { method, pathAndQuery, body, headers };
}

async function replay(
  c: Captured,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; replayed: boolean }> {
  const res = await fetch(`${h.url}${c.pathAndQuery}`, {
    method: c.method,
    headers: { ...c.headers, ...headers },
    ...(c.body !== '' ? { body: c.body } : {}),
  });
  return {
    status: res.status,
    body: await res.text(),
    replayed: res.headers.get('x-stepwise-replayed') === 'true',
  };
}

const q = `portalId=${PORTAL}&userId=5&appId=9`;
const webhookBody = () =>
  JSON.stringify([
    {
      eventId: 1,
      subscriptionId: 1,
      portalId: Number(PORTAL),
      appId: 9,
      occurredAt: clock,
      subscriptionType: 'deal.creation',
      attemptNumber: 0,
      objectId: 42,
    },
  ]);

describe('replay window (±5 minutes)', () => {
  it('a captured webhook delivery replayed after 5 minutes → 401; within the window it is accepted (idempotent)', async () => {
    const captured = capture('POST', '/webhooks/hubspot', webhookBody());
    expect((await replay(captured)).status).toBe(200);
    clock += 4 * 60_000 + 50_000;
    expect((await replay(captured)).status).toBe(200); // same deal marked dirty again: harmless
    const dirty = await redis.zrange(h.queue.keys.dirtyDeals(PORTAL), 0, -1);
    expect(dirty).toEqual(['42']);
    clock += 11_000; // 5 min 1 s after signing
    const late = await replay(captured);
    expect(late.status).toBe(401);
    expect(late.body).toContain('outside the 5-minute window');
  });

  it('a signature dated more than 5 minutes in the future → 401', async () => {
    const future = capture('POST', '/webhooks/hubspot', webhookBody(), clock + 5 * 60_000 + 1_000);
    expect((await replay(future)).status).toBe(401);
    const cardFuture = capture('GET', `/api/v1/regrade?${q}`, '', clock + 6 * 60_000);
    expect((await replay(cardFuture)).status).toBe(401);
  });

  it('a captured card API request replayed after 5 minutes → 401', async () => {
    const captured = capture('GET', `/api/v1/regrade?${q}`);
    expect((await replay(captured)).status).toBe(200);
    clock += 5 * 60_000 + 1_000;
    expect((await replay(captured)).status).toBe(401);
  });
});

describe('card API mutations: exact repeats inside the window get the first answer, never a second run', () => {
  it('a repeated tick writes nothing and gets the first answer', async () => {
    const tick = capture(
      'POST',
      `/api/v1/deals/42/items?${q}`,
      JSON.stringify({ playbook: 'seven_step', step: 'need', item: 'problems_known', checked: true }),
    );
    const first = await replay(tick);
    expect(first.status, first.body).toBe(200);
    expect(first.replayed).toBe(false);
    const writes = hubspot.writesBy(crm).length;
    const again = await replay(tick);
    expect(again).toEqual({ status: 200, body: first.body, replayed: true });
    expect(hubspot.writesBy(crm).length).toBe(writes);
  });

  it('a replayed settings PUT cannot undo a later change', async () => {
    const toEn = capture('PUT', `/api/v1/settings?${q}`, JSON.stringify({ language: 'en' }));
    const first = await replay(toEn);
    expect(first.status).toBe(200);
    clock += 1_000;
    const toZh = capture('PUT', `/api/v1/settings?${q}`, JSON.stringify({ language: 'zh' }));
    expect((await replay(toZh)).status).toBe(200);
    expect(await replay(toEn)).toEqual({ ...first, replayed: true });
    expect((await h.settings.get(PORTAL)).language).toBe('zh');
  });

  it('a reused signature with a different body is refused (401) and writes nothing', async () => {
    const tick = capture(
      'POST',
      `/api/v1/deals/42/items?${q}`,
      JSON.stringify({ playbook: 'seven_step', step: 'need', item: 'problems_known', checked: true }),
    );
    expect((await replay(tick)).status).toBe(200);
    const writes = hubspot.writesBy(crm).length;
    const forged = await replay({
      ...tick,
      body: JSON.stringify({ playbook: 'seven_step', step: 'need', item: 'problems_known', checked: false }),
    });
    expect(forged.status).toBe(401);
    expect(hubspot.writesBy(crm).length).toBe(writes);
  });

  it('the same signature with junk added to the header is not a fresh request (401 or the first answer, never a run)', async () => {
    const patch = capture('POST', `/api/v1/regrade?${q}`);
    const first = await replay(patch);
    expect(first.status).toBe(200);
    const sig = patch.headers['X-HubSpot-Signature-v3'] as string;
    for (const variant of [
      `${sig}, ${sig}`,
      `${sig}==`,
      ` ${sig}`,
      `${sig.slice(0, -1)}`,
      sig.replace(/\+/g, '-').replace(/\//g, '_'),
      `${sig}\t`,
    ]) {
      const res = await replay(patch, { 'X-HubSpot-Signature-v3': variant });
      if (res.status === 200) expect(res, variant).toEqual({ ...first, replayed: true });
      else expect(res.status, variant).toBe(401);
    }
  });

  it('reads are not guarded: the same signed GET may be repeated (HubSpot may re-render a card)', async () => {
    const read = capture('GET', `/api/v1/regrade?${q}`);
    expect((await replay(read)).status).toBe(200);
    const again = await replay(read);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe(false);
  });

  it('a refused request (e.g. invalid body) keeps its answer for repeats; a fresh signature works', async () => {
    const bad = capture('POST', `/api/v1/deals/42/items?${q}`, JSON.stringify({ nope: true }));
    const first = await replay(bad);
    expect(first.status).toBe(400);
    expect(await replay(bad)).toEqual({ ...first, replayed: true });
    clock += 1;
    const good = capture(
      'POST',
      `/api/v1/deals/42/items?${q}`,
      JSON.stringify({ playbook: 'seven_step', step: 'need', item: 'deadline_known', checked: true }),
    );
    expect((await replay(good)).status).toBe(200);
  });
});

describe('ReplayGuard', () => {
  it('keys on the decoded signature, expires when the signature would, and never stores the signature', async () => {
    const guard = new ReplayGuard({ redis, prefix: h.prefix });
    const now = Date.now();
    const sig = 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=';
    expect(await guard.claim(sig, now, now)).toBe(true);
    expect(await guard.claim(sig, now, now)).toBe(false);
    const ttl = await redis.pttl(guard.key(sig));
    expect(ttl).toBeGreaterThan(5 * 60_000);
    expect(ttl).toBeLessThanOrEqual(6 * 60_000 + 1_000);
    expect(guard.key(sig)).not.toContain(sig);
    // Close to expiry: kept only as long as the signature is still acceptable.
    const old = 'AAAAEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=';
    expect(await guard.claim(old, now - 4 * 60_000, now)).toBe(true);
    expect(await redis.pttl(guard.key(old))).toBeLessThanOrEqual(2 * 60_000 + 1_000);
  });
});
