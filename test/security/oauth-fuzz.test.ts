import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import nock from 'nock';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteByPrefix, testRedis } from '../support/redis';
import {
  HUBSPOT_API,
  NO_LIMITS,
  expectClean,
  expectHealthy,
  rawRequest,
  startSecurityApp,
  type SecurityHarness,
} from './harness';
import { ODD_STRINGS, fuzzParams, oddString } from './fuzz-common';

/**
 * Hostile input at GET /, /oauth/install and /oauth/callback over real HTTP: random, missing,
 * duplicated and oversized `code`, `state`, `error`, `error_description`; forged states; valid
 * states with garbage codes (HubSpot answers 400 BAD_AUTH_CODE). Always a 4xx page (never 5xx),
 * input reflected only HTML-escaped, nothing stored, server up.
 */

let redis: Redis;
let h: SecurityHarness;
let secrets: string[];

beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis, rateLimits: NO_LIMITS });
  secrets = [h.config.hubspotClientSecret, h.config.tokenEncryptionKey.toString('base64')];
});
afterAll(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});
afterEach(() => {
  nock.cleanAll();
});

const enc = (s: string): string => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

async function get(pathAndQuery: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${h.url}${pathAndQuery}`, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

/** Reflected input appears only escaped: no raw markup from the attacker survives. */
function expectEscaped(body: string, inputs: readonly string[]): void {
  for (const input of inputs) {
    for (const needle of ['<script', '<img']) {
      if (input.toLowerCase().includes(needle)) expect(body.toLowerCase()).not.toContain(needle);
    }
  }
}

async function expectNoInstallation(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${h.prefix}:inst:*`, 'COUNT', 500);
    cursor = next;
    expect(keys).toEqual([]);
  } while (cursor !== '0');
}

const param = fc.oneof(
  oddString,
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ minLength: 500, maxLength: 5_000 }),
  fc.constant('x'.repeat(12_000)),
);

describe('OAuth endpoints fuzz', () => {
  it('random/missing/duplicated/oversized code, state, error → 400 page, escaped, nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'code',
              'state',
              'error',
              'error_description',
              'code[]',
              'state[x]',
              'scope',
              '__proto__',
            ),
            param,
          ),
          { maxLength: 5 },
        ),
        async (params) => {
          const q = params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
          const res = await get(`/oauth/callback?${q}`);
          expectClean(res, `callback ?${q.slice(0, 200)}`, secrets);
          // 431 when the URL alone exceeds Node's 16 KB header limit.
          expect([400, 431]).toContain(res.status);
          expectEscaped(
            res.body,
            params.map(([, v]) => v),
          );
        },
      ),
      fuzzParams(),
    );
    await expectNoInstallation();
    await expectHealthy(h.url);
  });

  it('well-formed but forged states (random parts, another secret, far expiry) → 400 STATE_INVALID/EXPIRED', async () => {
    const sign = (secret: string, payload: string): string =>
      createHmac('sha256', secret).update('stepwise.oauth-state.v1|').update(payload).digest('base64url');
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 0, maxLength: 40 }),
        fc.oneof(
          fc.integer({ min: 0, max: 2 ** 52 }).map(String),
          fc.constantFrom('', '-1', '1e20', 'NaN', '9'.repeat(17)),
        ),
        fc.oneof(fc.constant('forged'), fc.string({ maxLength: 60 })),
        async (nonce, exp, sigKind) => {
          const payload = `${nonce}.${exp}`;
          const state =
            sigKind === 'forged'
              ? `${payload}.${sign('some-other-secret', payload)}`
              : `${payload}.${sigKind}`;
          const res = await get(`/oauth/callback?code=abc&state=${enc(state)}`);
          expectClean(res, `state ${state.slice(0, 100)}`, secrets);
          expect(res.status).toBe(400);
          expect(res.body).toMatch(/STATE_(INVALID|MISSING|EXPIRED)/);
        },
      ),
      fuzzParams(),
    );
    await expectNoInstallation();
    await expectHealthy(h.url);
  });

  it('a valid state with a garbage code → HubSpot refuses the code → 400, nothing stored', async () => {
    const token = nock(HUBSPOT_API)
      .persist()
      .post('/oauth/2026-03/token')
      .reply(400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: 'c-1' });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          oddString.filter((s) => s !== ''),
          fc.string({ minLength: 1, maxLength: 512 }),
        ),
        async (code) => {
          const install = await fetch(`${h.url}/oauth/install`, { redirect: 'manual' });
          expect(install.status).toBe(302);
          const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
          const res = await get(`/oauth/callback?state=${enc(state)}&code=${enc(code)}`);
          expectClean(res, `code ${JSON.stringify(code).slice(0, 100)}`, [
            ...secrets,
            code.length > 8 ? code : '\u0000never',
          ]);
          expect(res.status).toBe(400);
          expect(res.body).toMatch(/EXCHANGE_FAILED|CODE_MISSING/);
        },
      ),
      fuzzParams(100),
    );
    token.persist(false);
    await expectNoInstallation();
    await expectHealthy(h.url);
  });

  it('/ and /oauth/install with random queries, headers and methods → 2xx/3xx/4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/',
          '/oauth/install',
          '/oauth/callback',
          '/oauth',
          '/oauth/',
          '/OAUTH/INSTALL',
          '/oauth/install/..',
        ),
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'),
        fc.array(fc.tuple(fc.constantFrom('a', 'state', 'redirect_uri', 'client_id', 'scope'), param), {
          maxLength: 3,
        }),
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('zh-CN', 'en', '*', 'zz;q=x', ',,,', 'x'.repeat(3000)),
        ),
        async (path, method, params, lang) => {
          const q = params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
          const res = await fetch(`${h.url}${path}?${q}`, {
            method,
            redirect: 'manual',
            headers: lang !== undefined ? { 'Accept-Language': lang } : {},
          });
          const body = method === 'HEAD' ? '' : await res.text();
          expectClean({ status: res.status, body }, `${method} ${path}?${q.slice(0, 100)}`, secrets);
          if (res.status === 302) {
            // The redirect goes to HubSpot's authorize page, never to anything taken from the query.
            expect(res.headers.get('location')).toMatch(/^https:\/\/app\.hubspot\.test\/oauth\/authorize\?/);
            expect(res.headers.get('location')).toContain(enc(`${h.config.publicBaseUrl}/oauth/callback`));
          }
        },
      ),
      fuzzParams(150),
    );
    await expectHealthy(h.url);
  });

  it('raw requests: broken escapes, NUL bytes, absolute-form targets, huge URLs → 4xx', async () => {
    const cases = [
      'GET /oauth/callback?code=%E0%A4%A&state=% HTTP/1.1',
      'GET /oauth/callback?code=\u0000&state=a.b.c HTTP/1.1',
      'GET /oauth/callback?state[__proto__][x]=1&code=a HTTP/1.1',
      'GET http://evil.example/oauth/callback?code=a&state=b HTTP/1.1',
      `GET /oauth/callback?code=${'a'.repeat(20_000)} HTTP/1.1`,
      'GET /oauth/callback?code=a&code=b&state=x&state=y&error=&error= HTTP/1.1',
      'GET /%2e%2e/oauth/callback HTTP/1.1',
      'GET /oauth/%2e%2e/oauth/callback?code=a HTTP/1.1',
    ];
    for (const line of cases) {
      const res = await rawRequest(
        h.port,
        Buffer.from(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'),
      );
      expectClean({ status: res.status, body: res.body }, line.slice(0, 80), secrets);
      expect(res.status, line.slice(0, 80)).toBeGreaterThanOrEqual(400);
    }
    await expectNoInstallation();
    await expectHealthy(h.url);
  });
});
