import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/hubspot/signature';
import { deleteByPrefix, testRedis } from '../support/redis';
import { hubspotSigned } from '../support/service-fixtures';
import { fakePortalCrm, startFakeHubSpot, type FakeHubSpot, type FakePortalCrm } from './fake-hubspot';
import { CLIENT_SECRET, PUBLIC_BASE_URL, startSecurityApp, type SecurityHarness } from './harness';

/**
 * Tenant isolation: the only identity of a card API caller is the portalId in the query HubSpot
 * signed. Portal A's signed requests naming B's deals or contacts, tampering with or duplicating
 * portalId, or smuggling it in a body never read or write B's data: HubSpot is only ever called
 * with A's token (so HubSpot itself scopes every read/write to A), and the answers are 401/403/404.
 * Webhook batches (signed by the app, not a portal) are routed per event portalId only.
 */

const A = '3001';
const B = '3002';
const TOKEN_A = 'token-portal-a-51f0';
const TOKEN_B = 'token-portal-b-9c2e';

let redis: Redis;
let h: SecurityHarness;
let hubspot: FakeHubSpot;
let crmA: FakePortalCrm;
let crmB: FakePortalCrm;

beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis });
  for (const [portalId, token] of [
    [A, TOKEN_A],
    [B, TOKEN_B],
  ] as const) {
    await h.installations.save({
      portalId,
      tokens: { accessToken: token, refreshToken: `refresh-${token}`, expiresInSeconds: 1800 },
      scopes: ['oauth'],
    });
  }
});
afterAll(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});
beforeEach(() => {
  crmA = fakePortalCrm(A, TOKEN_A);
  crmA.deals.set('100', { dealname: 'A-deal', pipeline: 'default', dealstage: 'qualified', amount: '10' });
  crmA.contacts.set('500', { firstname: 'Alice', sw_stance: 'neutral' });
  crmA.dealContacts.set('100', ['500']);
  crmB = fakePortalCrm(B, TOKEN_B);
  crmB.deals.set('200', {
    dealname: 'B-secret-deal',
    pipeline: 'default',
    dealstage: 'qualified',
    amount: '99',
  });
  crmB.contacts.set('600', { firstname: 'Bob-secret', sw_stance: 'coach' });
  crmB.dealContacts.set('200', ['600']);
  hubspot = startFakeHubSpot([crmA, crmB]);
});
afterEach(() => {
  hubspot.stop();
});

const identity = (portalId: string): string => `userId=11&userEmail=u%40x.test&appId=99&portalId=${portalId}`;

/** A request exactly as HubSpot would sign it for `pathAndQuery` (the attacker controls the path). */
async function signed(
  method: string,
  pathAndQuery: string,
  body?: unknown,
  opts: { sendAs?: string } = {},
): Promise<{ status: number; text: string; json: { error?: { code?: string } } | null }> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const headers = {
    ...signedHeaders({
      clientSecret: CLIENT_SECRET,
      method,
      uri: `${PUBLIC_BASE_URL}${pathAndQuery}`,
      body: raw,
      now: Date.now(),
    }),
    ...(raw === '' ? {} : { 'Content-Type': 'application/json' }),
  };
  const res = await fetch(`${h.url}${opts.sendAs ?? pathAndQuery}`, {
    method,
    headers,
    ...(raw === '' ? {} : { body: raw }),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text) as { error?: { code?: string } };
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

function expectBUntouched(): void {
  expect(hubspot.callsBy(crmB)).toEqual([]);
  expect(hubspot.writesBy(crmA)).toEqual([]);
  expect(crmB.deals.get('200')).toEqual({
    dealname: 'B-secret-deal',
    pipeline: 'default',
    dealstage: 'qualified',
    amount: '99',
  });
  expect(crmB.contacts.get('600')).toEqual({ firstname: 'Bob-secret', sw_stance: 'coach' });
}

describe('card API: portal A can never reach portal B', () => {
  it('control: A reads its own deal with its own token', async () => {
    const res = await signed('GET', `/api/v1/deals/100/card?${identity(A)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('A-deal');
    expect(hubspot.calls.length).toBeGreaterThan(0);
    expect(hubspot.calls.every((c) => c.token === TOKEN_A)).toBe(true);
  });

  it("A's signed requests with B's deal and contact ids → 404, only A's token used, nothing written", async () => {
    const tick = { playbook: 'seven_step', step: 'need', item: 'problems_known', checked: true };
    const cases: [string, string, unknown, number, string][] = [
      ['GET', '/api/v1/deals/200/card', undefined, 404, 'DEAL_NOT_FOUND'],
      ['GET', '/api/v1/deals/200/decision-chain', undefined, 404, 'DEAL_NOT_FOUND'],
      ['POST', '/api/v1/deals/200/items', tick, 404, 'DEAL_NOT_FOUND'],
      ['PATCH', '/api/v1/deals/200/contacts/600', { sw_stance: 'enemy' }, 404, 'DEAL_NOT_FOUND'],
      // A's own deal, B's contact: refused before any write.
      ['PATCH', '/api/v1/deals/100/contacts/600', { sw_stance: 'enemy' }, 404, 'CONTACT_NOT_FOUND'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await signed(method, `${path}?${identity(A)}`, body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
      expect(res.json?.error?.code).toBe(code);
      expect(res.text).not.toMatch(/B-secret|Bob-secret/);
    }
    expect(hubspot.calls.every((c) => c.token === TOKEN_A)).toBe(true);
    expectBUntouched();
  });

  it('portalId tampered after signing → 401; no HubSpot call', async () => {
    const res = await signed('GET', `/api/v1/deals/200/card?${identity(A)}`, undefined, {
      sendAs: `/api/v1/deals/200/card?${identity(B)}`,
    });
    expect(res.status).toBe(401);
    expect(res.json?.error?.code).toBe('UNAUTHORIZED');
    expect(hubspot.calls).toEqual([]);
  });

  it('duplicated or disguised portalId values in a signed URL → 403; no HubSpot call', async () => {
    const queries = [
      `${identity(A)}&portalId=${B}`,
      `portalId=${B}&${identity(A)}`,
      `${identity(A)}&portal%49d=${B}`, // percent-encoded key decodes to portalId
      `${identity(A)}&%70ortalId=${B}`,
      `userId=11&portalId=${A}%00`,
      `userId=11&portalId=${A}%20`,
      `userId=11&portalId=-${A}`,
      `userId=11&portalId=${A}.0`,
      `userId=11&portalId=${'9'.repeat(21)}`,
      `${identity(A)}&userId=12`, // two different users
    ];
    for (const q of queries) {
      const res = await signed('GET', `/api/v1/deals/200/card?${q}`);
      expect(res.status, q).toBe(403);
      expect(res.json?.error?.code).toBe('FORBIDDEN');
    }
    expect(hubspot.calls).toEqual([]);
  });

  it('portalId in other shapes never selects B: array keys, case variants, body fields', async () => {
    // Not `portalId`: ignored, the caller is still A (the express query parser does not nest).
    for (const q of [
      `${identity(A)}&portalId[]=${B}`,
      `${identity(A)}&PortalId=${B}`,
      `${identity(A)}&portalId[x]=${B}`,
    ]) {
      const res = await signed('GET', `/api/v1/deals/200/card?${q}`);
      expect(res.status, q).toBe(404);
    }
    // No signed portalId at all (only look-alikes) → 401.
    const none = await signed('GET', `/api/v1/settings?portalId[]=${B}&userId=1`);
    expect(none.status).toBe(401);
    // A portalId in a JSON body is not a setting: 400, B's settings untouched.
    const body = await signed('PUT', `/api/v1/settings?${identity(A)}`, { portalId: B, language: 'en' });
    expect(body.status).toBe(400);
    expect(await redis.exists(`${h.prefix}:settings:${B}`)).toBe(0);
    expectBUntouched();
  });

  it("A's settings are never visible to B, and B's regrade state is its own", async () => {
    const saved = await signed('PUT', `/api/v1/settings?${identity(A)}&locale=en`, {
      language: 'en',
      gradeThresholds: { strategicAmount: 7_777_777, importantAmount: 1_234_567 },
    });
    expect(saved.status, saved.text).toBe(200);
    const a = await signed('GET', `/api/v1/settings?${identity(A)}`);
    const b = await signed('GET', `/api/v1/settings?${identity(B)}`);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.text).toContain('7777777');
    expect(b.text).not.toContain('7777777');
    expect((JSON.parse(b.text) as { settings: { language: string } }).settings.language).toBe('zh');
    expect((JSON.parse(b.text) as { portalId: string }).portalId).toBe(B);
    // Each portal's calls used its own token.
    expect(hubspot.callsBy(crmA).length).toBeGreaterThan(0);
    expect(hubspot.callsBy(crmB).length).toBeGreaterThan(0);
    expect(hubspot.calls.every((c) => c.token === TOKEN_A || c.token === TOKEN_B)).toBe(true);

    const started = await signed('POST', `/api/v1/regrade?${identity(A)}`);
    expect(started.status).toBe(200);
    const bStatus = await signed('GET', `/api/v1/regrade?${identity(B)}`);
    expect((JSON.parse(bStatus.text) as { state: string }).state).toBe('idle');
    await h.settings.delete(A);
  });

  it('an uninstalled portal is refused even with a valid signature', async () => {
    await h.installations.save({
      portalId: '3003',
      tokens: { accessToken: 'token-c', refreshToken: 'refresh-c', expiresInSeconds: 1800 },
      scopes: [],
    });
    await h.installations.markUninstalled('3003', 'test');
    const res = await signed('GET', `/api/v1/deals/200/card?${identity('3003')}`);
    expect(res.status).toBe(404);
    expect(res.json?.error?.code).toBe('NOT_INSTALLED');
    expect(hubspot.calls).toEqual([]);
  });
});

describe('webhooks: events are routed by their own portalId only', () => {
  it('a batch with events of A, B and an unknown portal queues each id under its own portal', async () => {
    const event = (portalId: number, objectId: number, extra: Record<string, unknown> = {}) => ({
      eventId: objectId,
      subscriptionId: 1,
      portalId,
      appId: 99,
      occurredAt: Date.now(),
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId,
      propertyName: 'sw_seven_step_need',
      propertyValue: 'x',
      changeSource: 'CRM_UI',
      ...extra,
    });
    const body = JSON.stringify([
      event(Number(A), 100),
      event(Number(B), 200),
      event(Number(A), 101),
      event(9999, 300),
      {
        ...event(Number(B), 0),
        subscriptionType: 'contact.propertyChange',
        objectId: 600,
        propertyName: 'sw_stance',
      },
    ]);
    const res = await fetch(`${h.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...hubspotSigned('POST', '/webhooks/hubspot', body) },
      body,
    });
    expect(res.status).toBe(200);
    const dirty = async (portalId: string) => ({
      deals: (await redis.zrange(h.queue.keys.dirtyDeals(portalId), 0, -1)).sort(),
      contacts: await redis.zrange(h.queue.keys.dirtyContacts(portalId), 0, -1),
    });
    expect(await dirty(A)).toEqual({ deals: ['100', '101'], contacts: [] });
    expect(await dirty(B)).toEqual({ deals: ['200'], contacts: ['600'] });
    expect(await dirty('9999')).toEqual({ deals: [], contacts: [] });
    // One flush job per portal, carrying only its portal id.
    const jobs = await h.queue.queue.getJobs(['delayed', 'waiting']);
    const flushes = jobs
      .filter((j) => j.name === 'flush')
      .map((j) => (j.data as { portalId: string }).portalId);
    expect(flushes.sort()).toEqual([A, B]);
    expect(hubspot.calls).toEqual([]); // no HubSpot call in the webhook path
  });
});
