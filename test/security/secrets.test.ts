import { randomBytes } from 'node:crypto';
import nock from 'nock';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '../../src/hubspot/oauth';
import { signedHeaders } from '../../src/hubspot/signature';
import { startWorker, type RecomputeWorker } from '../../webhooks/worker';
import { deleteByPrefix, testRedis, testRedisUrl } from '../support/redis';
import { memoryLogger } from '../support/service-fixtures';
import { waitFor } from '../webhooks/fake-hubspot';
import { fakePortalCrm, startFakeHubSpot, type FakeHubSpot, type FakePortalCrm } from './fake-hubspot';
import {
  CLIENT_SECRET,
  HUBSPOT_API,
  PUBLIC_BASE_URL,
  startSecurityApp,
  type SecurityHarness,
} from './harness';

/**
 * Secrets never leave their place. One realistic run — OAuth install (code exchange, token info,
 * provisioning, backfill), token refresh, card API reads and writes (incl. a replayed request),
 * webhook intake, worker flushes, and a few error paths (bad signature, bad code, HubSpot 500) —
 * with EVERY log line captured at trace level, then:
 *   - the logs contain no access/refresh token, OAuth code, client secret, encryption key
 *     (base64, base64url, hex) or request signature;
 *   - a dump of every Redis key under the prefix (strings, hashes, sets, lists, sorted sets,
 *     streams) contains none of them either: tokens exist only as AES-GCM ciphertexts.
 */

const PORTAL = '4242';
const hex = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const AT1 = hex('access1');
const RT1 = hex('refresh1');
const AT2 = hex('access2');
const RT2 = hex('refresh2');
const CODE = hex('oauthcode');

let redis: Redis;
let h: SecurityHarness;
let hubspot: FakeHubSpot;
let crm: FakePortalCrm;
let worker: RecomputeWorker | undefined;
const captured = memoryLogger('trace');
const signatures: string[] = [];
const states: string[] = [];

beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis, logger: captured, coalesceMs: 100 });
});
afterAll(async () => {
  await worker?.close();
  hubspot?.stop();
  nock.cleanAll();
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});

function sign(method: string, pathAndQuery: string, body: string): Record<string, string> {
  const headers = signedHeaders({
    clientSecret: CLIENT_SECRET,
    method,
    uri: `${PUBLIC_BASE_URL}${pathAndQuery}`,
    body,
    now: Date.now(),
  });
  signatures.push(headers['X-HubSpot-Signature-v3'] as string);
  return headers;
}

async function card(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const pathAndQuery = `/api/v1${path}${path.includes('?') ? '&' : '?'}portalId=${PORTAL}&userId=9&userEmail=admin%40acme.test&appId=77`;
  const raw = body === undefined ? '' : JSON.stringify(body);
  const sent = headers ?? sign(method, pathAndQuery, raw);
  const res = await fetch(`${h.url}${pathAndQuery}`, {
    method,
    headers: { ...sent, ...(raw === '' ? {} : { 'Content-Type': 'application/json' }) },
    ...(raw === '' ? {} : { body: raw }),
  });
  return { status: res.status, text: await res.text(), headers: sent };
}

async function idle(): Promise<void> {
  await waitFor(async () => {
    const counts = await h.queue.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    const pending = await h.queue.pending(PORTAL);
    return Object.values(counts).every((n) => n === 0) && pending.deals + pending.inflightDeals === 0;
  }, 15_000);
}

/** Every key under the prefix and its whole value, whatever its type. */
async function dumpEverything(): Promise<{ keys: string[]; text: string; types: Set<string> }> {
  const out: string[] = [];
  const keys: string[] = [];
  const types = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${h.prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      keys.push(key);
      const type = await redis.type(key);
      types.add(type);
      out.push(key);
      switch (type) {
        case 'string':
          out.push((await redis.get(key)) ?? '');
          break;
        case 'hash':
          out.push(JSON.stringify(await redis.hgetall(key)));
          break;
        case 'set':
          out.push(JSON.stringify(await redis.smembers(key)));
          break;
        case 'zset':
          out.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
          break;
        case 'list':
          out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
          break;
        case 'stream':
          out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
          break;
        default:
          out.push(`<unknown type ${type}>`);
      }
    }
  } while (cursor !== '0');
  return { keys, text: out.join('\n'), types };
}

function secretsList(): [string, string][] {
  const key = h.config.tokenEncryptionKey;
  return [
    ['access token 1', AT1],
    ['refresh token 1', RT1],
    ['access token 2', AT2],
    ['refresh token 2', RT2],
    ['OAuth code', CODE],
    ['client secret', CLIENT_SECRET],
    ['encryption key (base64)', key.toString('base64')],
    ['encryption key (base64url)', key.toString('base64url')],
    ['encryption key (hex)', key.toString('hex')],
    ...signatures.map((s, i) => [`signature #${i}`, s] as [string, string]),
    ...states.map((s, i) => [`OAuth state #${i}`, s] as [string, string]),
  ];
}

describe('secrets never reach logs or Redis in plaintext', () => {
  it('runs install → backfill → refresh → card API → webhooks → flush → error paths', async () => {
    // HubSpot OAuth endpoints (registered before the catch-all fake so they match first).
    const tokenCalls: string[] = [];
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token')
      .times(3)
      .reply((_uri, body) => {
        const form = new URLSearchParams(typeof body === 'string' ? body : (body as Record<string, string>));
        const grant = form.get('grant_type') ?? '';
        tokenCalls.push(grant);
        if (grant === 'authorization_code' && form.get('code') === CODE) {
          return [200, { access_token: AT1, refresh_token: RT1, expires_in: 1800, token_type: 'bearer' }];
        }
        if (grant === 'refresh_token' && form.get('refresh_token') === RT1) {
          return [200, { access_token: AT2, refresh_token: RT2, expires_in: 1800, token_type: 'bearer' }];
        }
        return [400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' }];
      });
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token/introspect', (b: Record<string, string>) => b['token'] === AT1)
      .reply(200, {
        active: true,
        token: AT1,
        user: 'admin@acme.test',
        hub_domain: 'acme.test',
        scopes: REQUIRED_SCOPES,
        hub_id: Number(PORTAL),
        app_id: 77,
        expires_in: 1790,
        user_id: 9,
        token_type: 'access',
      });
    crm = fakePortalCrm(PORTAL, AT1);
    crm.otherTokens.push(AT2);
    crm.deals.set('100', {
      dealname: 'Firewall',
      pipeline: 'default',
      dealstage: 'qualified',
      amount: '3500000',
    });
    crm.deals.set('101', { dealname: 'Backup', pipeline: 'default', dealstage: 'qualified', amount: '10' });
    crm.contacts.set('500', {
      firstname: 'Li',
      sw_decision_role: 'decision_maker',
      sw_stance: 'coach',
      sw_contact_depth: 'deep',
    });
    crm.dealContacts.set('100', ['500']);
    hubspot = startFakeHubSpot([crm]);

    // 1. Install.
    const install = await fetch(`${h.url}/oauth/install`, { redirect: 'manual' });
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
    states.push(state);
    const done = await fetch(`${h.url}/oauth/callback?code=${CODE}&state=${encodeURIComponent(state)}`);
    expect(done.status, await done.clone().text()).toBe(200);
    // A second install attempt with a wrong code (error path: exchange refused).
    const install2 = await fetch(`${h.url}/oauth/install`, { redirect: 'manual' });
    const state2 = new URL(install2.headers.get('location') ?? '').searchParams.get('state') ?? '';
    states.push(state2);
    const bad = await fetch(`${h.url}/oauth/callback?code=${CODE}x&state=${encodeURIComponent(state2)}`);
    expect(bad.status).toBe(400);

    // 2. The worker grades existing deals (backfill started by the install).
    worker = await startWorker({
      redisUrl: testRedisUrl(),
      prefix: h.prefix,
      portalClients: h.portalClients,
      settings: h.settings,
      listPortals: () => h.installations.listInstalled(),
      metrics: h.metrics,
      logger: captured.logger,
      options: {
        coalesceMs: 100,
        backoffBaseMs: 50,
        backoffMaxMs: 200,
        reconcileIntervalMs: 0,
        queueDepthIntervalMs: 0,
      },
    });
    await idle();
    expect(crm.deals.get('100')?.['sw_lead_grade']).toBe('strategic');

    // 3. Token refresh: the access token is due, the next HubSpot call refreshes it.
    await redis.hset(`${h.prefix}:inst:${PORTAL}`, 'expiresAt', String(Date.now() + 1_000));
    const view = await card('GET', '/deals/100/card');
    expect(view.status, view.text).toBe(200);
    expect(tokenCalls).toEqual(['authorization_code', 'authorization_code', 'refresh_token']);

    // 4. Card API writes, a repeated signed write (HubSpot's retry: the first answer again), settings, regrade; a HubSpot 500 (error path).
    const tick = await card('POST', '/deals/100/items', {
      playbook: 'seven_step',
      step: 'need',
      item: 'problems_known',
      checked: true,
    });
    expect(tick.status, tick.text).toBe(200);
    const replay = await card(
      'POST',
      '/deals/100/items',
      { playbook: 'seven_step', step: 'need', item: 'problems_known', checked: true },
      tick.headers,
    );
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(tick.text);
    // The same signature over a different body is refused.
    const reusedSignature = await card(
      'POST',
      '/deals/100/items',
      { playbook: 'seven_step', step: 'need', item: 'problems_known', checked: false },
      tick.headers,
    );
    expect(reusedSignature.status).toBe(401);
    expect((await card('PATCH', '/deals/100/contacts/500', { sw_stance: 'supporter' })).status).toBe(200);
    expect((await card('PUT', '/settings', { language: 'en' })).status).toBe(200);
    expect((await card('GET', '/settings')).status).toBe(200);
    crm.faults.set('POST /crm/v3/objects/deals/batch/read', 500);
    const failing = await card('GET', '/deals/101/card');
    expect(failing.status).toBe(502);
    crm.faults.clear();

    // 5. Webhooks: a signed batch, and a forged one (401).
    const events = JSON.stringify([
      {
        eventId: 1,
        subscriptionId: 1,
        portalId: Number(PORTAL),
        appId: 77,
        occurredAt: Date.now(),
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: 101,
        propertyName: 'amount',
        propertyValue: '5000000',
        changeSource: 'CRM_UI',
      },
    ]);
    crm.deals.set('101', { ...crm.deals.get('101'), amount: '5000000' });
    const hook = await fetch(`${h.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...sign('POST', '/webhooks/hubspot', events) },
      body: events,
    });
    expect(hook.status).toBe(200);
    const forged = await fetch(`${h.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-HubSpot-Signature-v3': signatures[0] ?? '',
        'X-HubSpot-Request-Timestamp': String(Date.now()),
      },
      body: events,
    });
    expect(forged.status).toBe(401);

    // 6. The worker flushes the webhook's deal.
    await idle();
    expect(crm.deals.get('101')?.['sw_lead_grade']).toBe('strategic');
    await worker.close();
    worker = undefined;
    hubspot.stop();
  }, 30_000);

  it('no secret appears anywhere in the captured logs', () => {
    const logs = captured.lines();
    // The run was really logged (these lines prove each flow ran through the logger).
    for (const line of [
      'installation saved',
      'installed',
      'access token refreshed',
      'checklist item saved',
      'webhook rejected',
      'card API request refused',
      'card API repeat answered',
      'install failed',
    ]) {
      expect(logs, `expected a "${line}" log line`).toContain(`"msg":"${line}"`);
    }
    expect(logs.split('\n').length).toBeGreaterThan(50);
    for (const [what, secret] of secretsList()) {
      expect(logs.includes(secret), `${what} appears in the logs`).toBe(false);
    }
    // Bearer headers never appear at all.
    expect(logs).not.toMatch(/Bearer\s+\S/);
  });

  it('no secret appears in any Redis value (every key, every type, streams included)', async () => {
    const dump = await dumpEverything();
    expect(dump.keys.length).toBeGreaterThan(5);
    expect(dump.types.has('hash')).toBe(true);
    expect(dump.types.has('stream')).toBe(true); // BullMQ events: read too
    for (const [what, secret] of secretsList()) {
      expect(dump.text.includes(secret), `${what} appears in Redis`).toBe(false);
    }
    const inst = await redis.hgetall(`${h.prefix}:inst:${PORTAL}`);
    expect(inst['accessToken']).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(inst['refreshToken']).toMatch(/^v1\.[0-9a-f]{8}\./);
    // And the stored ciphertexts do decrypt to the current tokens (they are the real thing).
    expect(await h.installations.getAccessToken(PORTAL)).toBe(AT2);
  });
});
