import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/hubspot/signature';
import { deleteByPrefix, testRedis } from '../support/redis';
import { fakePortalCrm, startFakeHubSpot, type FakeHubSpot } from './fake-hubspot';
import {
  CLIENT_SECRET,
  NO_LIMITS,
  PUBLIC_BASE_URL,
  expectClean,
  expectHealthy,
  rawRequest,
  startSecurityApp,
  type SecurityHarness,
} from './harness';
import { CONTENT_TYPES, HTTP_METHODS, ODD_STRINGS, anyJson, fuzzParams, oddString } from './fuzz-common';

/**
 * Hostile input at the card and settings API (/api/v1/*) over real HTTP, SIGNED like HubSpot
 * signs hubspot.fetch calls, so every case reaches routing, parameter decoding, zod and the
 * handlers: random paths and ids (traversal, huge, non-numeric, broken percent-encoding),
 * random JSON bodies, wrong methods and content types, odd query parameters.
 * Always a clear 2xx/4xx, never a 5xx or a leak; /healthz after every batch.
 */

const PORTAL = '2001';
const TOKEN = 'card-fuzz-token-7f3a9c';
let redis: Redis;
let h: SecurityHarness;
let hubspot: FakeHubSpot;
const secrets = [CLIENT_SECRET, TOKEN];

beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis, rateLimits: NO_LIMITS, replayGuard: false });
  await h.installations.save({
    portalId: PORTAL,
    tokens: { accessToken: TOKEN, refreshToken: 'card-fuzz-refresh-1b2c', expiresInSeconds: 1800 },
    scopes: ['oauth'],
  });
  secrets.push('card-fuzz-refresh-1b2c', h.config.tokenEncryptionKey.toString('base64'));
});
afterAll(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});
beforeEach(() => {
  const crm = fakePortalCrm(PORTAL, TOKEN);
  crm.deals.set('42', { dealname: 'Fuzz deal', pipeline: 'default', dealstage: 'qualified', amount: '100' });
  crm.contacts.set('501', { firstname: 'Li', sw_decision_role: 'influencer' });
  crm.dealContacts.set('42', ['501']);
  hubspot = startFakeHubSpot([crm]);
});
afterEach(() => {
  hubspot.stop();
});

const query = (extra = ''): string =>
  `portalId=${PORTAL}&userId=7&userEmail=rep%40acme.test&appId=99&locale=en-us${extra}`;

/** Signs exactly the path+query the server will see (fetch normalises dot segments first). */
async function signedFetch(
  method: string,
  pathAndQuery: string,
  body?: string,
  contentType: string | undefined = 'application/json',
): Promise<{ status: number; body: string }> {
  const target = new URL(`${h.url}${pathAndQuery}`);
  const seen = `${target.pathname}${target.search}`;
  const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  const headers: Record<string, string> = {
    ...signedHeaders({
      clientSecret: CLIENT_SECRET,
      method,
      uri: `${PUBLIC_BASE_URL}${seen}`,
      body: hasBody ? body : '',
      now: Date.now(),
    }),
    ...(hasBody && contentType !== undefined ? { 'Content-Type': contentType } : {}),
  };
  const res = await fetch(target, { method, headers, ...(hasBody ? { body } : {}) });
  return { status: res.status, body: await res.text() };
}

/** Sends the path bytes as given (no URL normalisation), signed over exactly those bytes. */
async function signedRaw(
  method: string,
  pathAndQuery: string,
  body = '',
): Promise<{ status: number; body: string }> {
  const sig = signedHeaders({
    clientSecret: CLIENT_SECRET,
    method,
    uri: `${PUBLIC_BASE_URL}${pathAndQuery}`,
    body,
    now: Date.now(),
  });
  const head =
    `${method} ${pathAndQuery} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
    Object.entries(sig)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    (body !== '' ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '');
  const res = await rawRequest(h.port, `${head}\r\n${body}`);
  return { status: res.status, body: res.body };
}

const SEGMENTS = [
  'deals',
  'settings',
  'regrade',
  'contacts',
  'items',
  'card',
  'decision-chain',
  '42',
  '501',
  '43',
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F',
  '%2F',
  '%00',
  '%E0%A4%A',
  '%',
  '%%',
  '%ZZ',
  '%C0%AF',
  '%EF%BF%BF',
  '9'.repeat(21),
  '1'.repeat(5_000),
  '-1',
  '0x2a',
  '4.2e1',
  ' 42',
  '42 ',
  '%2042',
  '__proto__',
  'constructor',
  ':dealId',
  '*',
  '(.*)',
  ';',
  '~',
];

const ROUTES = [
  'deals/:id/card',
  'deals/:id/items',
  'deals/:id/decision-chain',
  'deals/:id/contacts/:id',
  'deals/42/contacts/:id',
  'settings',
  'regrade',
];

/** A real route with its ids replaced by hostile segments (reaches parameter decoding). */
const routePath = fc
  .tuple(fc.constantFrom(...ROUTES), fc.constantFrom(...SEGMENTS), fc.constantFrom(...SEGMENTS))
  .map(([route, a, b]) => route.replace(':id', a).replace(':id', b));

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: oddString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))) },
);

describe('card API fuzz (signed, real HTTP)', () => {
  it('random paths, ids and methods → 2xx/4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HTTP_METHODS),
        fc.oneof(
          routePath,
          fc.array(segment, { minLength: 1, maxLength: 5 }).map((x) => x.join('/')),
        ),
        fc.option(anyJson, { nil: undefined }),
        async (method, route, json) => {
          const path = `/api/v1/${route}?${query()}`;
          const res = await signedFetch(
            method,
            path,
            json === undefined ? undefined : (JSON.stringify(json) ?? 'null'),
          );
          expectClean(res, `${method} ${path.slice(0, 200)}`, secrets);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('exact (un-normalised) paths over a raw socket: traversal, broken escapes → 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PATCH', 'PUT'),
        fc.oneof(
          routePath,
          fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 }).map((x) => x.join('/')),
        ),
        async (method, route) => {
          const path = `/api/v1/${route}?${query()}`;
          const res = await signedRaw(method, path, method === 'GET' ? '' : '{}');
          expectClean(res, `${method} ${path.slice(0, 200)}`, secrets);
          expect(res.status).toBeGreaterThanOrEqual(200);
        },
      ),
      fuzzParams(150),
    );
    await expectHealthy(h.url);
  });

  it('random JSON bodies for every mutation → 200 or 400/404/409, never 5xx', async () => {
    const tick = fc.record(
      {
        playbook: fc.oneof(fc.constant('seven_step'), oddString),
        step: fc.oneof(fc.constant('need'), oddString),
        item: fc.oneof(fc.constant('problems_known'), oddString),
        checked: fc.oneof(fc.boolean(), anyJson),
      },
      { requiredKeys: [] },
    );
    const contactPatch = fc.dictionary(
      fc.constantFrom(
        'sw_decision_role',
        'sw_stance',
        'sw_contact_depth',
        'sw_personality',
        'email',
        '__proto__',
      ),
      fc.oneof(fc.constantFrom('coach', 'decision_maker', 'deep', 'pioneer', null), anyJson),
    );
    const settings = fc.oneof(
      anyJson,
      fc.record(
        {
          language: fc.oneof(fc.constantFrom('en', 'zh'), anyJson),
          defaultProcessPlaybook: fc.oneof(fc.constantFrom('seven_step', 'ten_step'), anyJson),
          processPlaybookByPipeline: fc.oneof(
            fc.dictionary(oddString, fc.constantFrom('seven_step', 'ten_step', 'nope')),
            anyJson,
          ),
          gradeThresholds: fc.oneof(
            fc.record(
              {
                strategicAmount: fc.oneof(fc.double(), fc.integer(), anyJson),
                importantAmount: fc.oneof(fc.double(), anyJson),
              },
              { requiredKeys: [] },
            ),
            anyJson,
          ),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          tick.map((b) => ['POST', '/api/v1/deals/42/items', b] as const),
          anyJson.map((b) => ['POST', '/api/v1/deals/42/items', b] as const),
          contactPatch.map((b) => ['PATCH', '/api/v1/deals/42/contacts/501', b] as const),
          anyJson.map((b) => ['PATCH', '/api/v1/deals/42/contacts/501', b] as const),
          settings.map((b) => ['PUT', '/api/v1/settings', b] as const),
          anyJson.map((b) => ['POST', '/api/v1/regrade', b] as const),
        ),
        async ([method, path, body]) => {
          const res = await signedFetch(method, `${path}?${query()}`, JSON.stringify(body) ?? 'null');
          expectClean(res, `${method} ${path} ${JSON.stringify(body)?.slice(0, 200)}`, secrets);
          expect([200, 400, 404, 409]).toContain(res.status);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('bodies with wrong content types, broken JSON, odd unicode, > 64 KB → 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'POST /api/v1/deals/42/items',
          'PATCH /api/v1/deals/42/contacts/501',
          'PUT /api/v1/settings',
        ),
        fc.constantFrom(...CONTENT_TYPES),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.constantFrom(
            '{',
            '[',
            '{"a":}',
            '\u0000',
            '\ufeff{}',
            '{"language":"\ud800"}',
            'x'.repeat(70_000),
            `[${'['.repeat(50_000)}`,
          ),
          oddString,
        ),
        async (route, contentType, body) => {
          const [method, path] = route.split(' ') as [string, string];
          const res = await signedFetch(method, `${path}?${query()}`, body, contentType);
          expectClean(res, `${route} as ${contentType}: ${JSON.stringify(body).slice(0, 100)}`, secrets);
          expect(res.status).toBeLessThan(500);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('odd query parameters (duplicated, arrays, odd unicode, huge) → 2xx/4xx; conflicting identities → 403', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'locale',
              'portalId',
              'userId',
              'userEmail',
              'appId',
              'portalId[]',
              'portalId[0]',
              'x',
              '__proto__',
            ),
            fc.oneof(
              fc.constantFrom(PORTAL, '2002', '', '7', 'zh-cn', ...ODD_STRINGS.slice(0, 20)),
              oddString,
            ),
          ),
          { maxLength: 4 },
        ),
        fc.constantFrom('/api/v1/settings', '/api/v1/deals/42/card', '/api/v1/regrade'),
        async (params, path) => {
          const extra = params
            .map(
              ([k, v]) =>
                `&${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '?'))}`,
            )
            .join('');
          const res = await signedFetch('GET', `${path}?${query(extra)}`);
          expectClean(res, `GET ${path}?…${extra.slice(0, 200)}`, secrets);
          const otherPortal = params.some(([k, v]) => k === 'portalId' && v !== PORTAL);
          if (otherPortal) expect(res.status).toBe(403);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('unsigned or mis-signed garbage → 401 before any HubSpot call', async () => {
    const before = hubspot.calls.length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HTTP_METHODS),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('none', 'junk', 'other-secret', 'stale'),
        async (method, segments, how) => {
          const path = `/api/v1/${segments.join('/')}?${query()}`;
          const target = new URL(`${h.url}${path}`);
          const seen = `${target.pathname}${target.search}`;
          const headers: Record<string, string> =
            how === 'none'
              ? {}
              : how === 'junk'
                ? { 'X-HubSpot-Signature-v3': 'AAAA', 'X-HubSpot-Request-Timestamp': String(Date.now()) }
                : signedHeaders({
                    clientSecret: how === 'other-secret' ? 'not-our-secret' : CLIENT_SECRET,
                    method,
                    uri: `${PUBLIC_BASE_URL}${seen}`,
                    body: '',
                    now: how === 'stale' ? Date.now() - 6 * 60_000 : Date.now(),
                  });
          const res = await fetch(target, { method, headers });
          const text = await res.text();
          expectClean({ status: res.status, body: text }, `${how} ${method} ${seen.slice(0, 200)}`, secrets);
          // fetch resolves `..`: a path that left /api/v1 is simply not found.
          expect(seen.startsWith('/api/v1/') ? [401] : [404]).toContain(res.status);
        },
      ),
      fuzzParams(150),
    );
    expect(hubspot.calls.length).toBe(before);
    await expectHealthy(h.url);
  });
});
