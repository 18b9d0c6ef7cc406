import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/hubspot/signature';
import {
  RedisRateLimiter,
  clientKey,
  rateLimit,
  DEFAULT_RATE_LIMITS,
  type RateLimits,
} from '../../src/server/rate-limit';
import { createRedisConnection } from '../../src/redis/connections';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { freePort } from '../../sandbox/redis-server';
import { hubspotSigned, installTokens, startEdge, testConfig } from '../support/service-fixtures';
import { CLIENT_SECRET, NO_LIMITS, PUBLIC_BASE_URL, startSecurityApp, type SecurityHarness } from './harness';

/**
 * Abuse protection of the public endpoints: per client IP on /, /oauth/* and /api/v1/* (never on
 * /webhooks/hubspot: HubSpot delivers every portal from one shared pool), per signed portal on the card API; 429 + Retry-After with a JSON or HTML body;
 * shared across processes through Redis; client IPs from X-Forwarded-For only with TRUST_PROXY;
 * fail-open when Redis is down (the webhook intake still answers 503 by itself).
 */

let redis: Redis;
const opened: SecurityHarness[] = [];
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  for (const h of opened) {
    await h.close();
    await deleteByPrefix(redis, h.prefix);
  }
  await redis.quit();
});

const SMALL: RateLimits = {
  pages: { limit: 2, windowMs: 60_000 },
  oauth: { limit: 3, windowMs: 60_000 },
  cardApiIp: { limit: 1_000, windowMs: 60_000 },
  cardApiPortal: { limit: 3, windowMs: 60_000 },
};

async function app(limits: Partial<RateLimits>, extra: { prefix?: string; trustProxy?: string } = {}) {
  const h = await startSecurityApp({
    redis,
    rateLimits: limits,
    ...(extra.prefix !== undefined ? { prefix: extra.prefix } : {}),
    ...(extra.trustProxy !== undefined ? { config: testConfig({ TRUST_PROXY: extra.trustProxy }) } : {}),
  });
  opened.push(h);
  return h;
}

describe('defaults', () => {
  it('are generous enough for HubSpot traffic and tight enough for abuse', () => {
    // No webhook bucket: HubSpot's shared delivery pool must never be throttled (see the test below).
    expect(Object.keys(DEFAULT_RATE_LIMITS)).not.toContain('webhooks');
    expect(DEFAULT_RATE_LIMITS.oauth).toEqual({ limit: 30, windowMs: 60_000 });
    expect(DEFAULT_RATE_LIMITS.cardApiPortal).toEqual({ limit: 600, windowMs: 60_000 });
  });
});

describe('per-IP limits on public endpoints', () => {
  it('GET / → 429 HTML page (localized) with Retry-After after the limit', async () => {
    const h = await app(SMALL);
    expect((await fetch(`${h.url}/`)).status).toBe(200);
    expect((await fetch(`${h.url}/`)).status).toBe(200);
    const res = await fetch(`${h.url}/`, { headers: { 'Accept-Language': 'zh-CN' } });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('ratelimit-limit')).toBe('2');
    const html = await res.text();
    expect(html).toContain('请求过于频繁');
    expect(html).toContain('RATE_LIMITED');
    // Health and metrics are never limited (load balancers, Prometheus).
    for (let i = 0; i < 5; i++) expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/stepwise_rate_limited_total\{bucket="pages"\} 1/);
  });

  it('/oauth/install and /oauth/callback share one per-IP budget → 429 HTML', async () => {
    const h = await app(SMALL);
    expect((await fetch(`${h.url}/oauth/install`, { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(`${h.url}/oauth/callback?code=x&state=y`)).status).toBe(400);
    expect((await fetch(`${h.url}/oauth/install`, { redirect: 'manual' })).status).toBe(302);
    const res = await fetch(`${h.url}/oauth/callback?code=x&state=y`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.text()).toContain('Too many requests');
  });

  it('POST /webhooks/hubspot is never throttled per IP: HubSpot delivers every portal from one shared pool', async () => {
    // Tight limits everywhere else; 60 signed deliveries of several portals from ONE address (the
    // test client) all reach the receiver (400: the empty batch is malformed), none is answered 429,
    // which HubSpot would retry (up to 10 times over 24 h) and finally drop.
    const h = await app({ ...SMALL, cardApiIp: { limit: 1, windowMs: 60_000 } });
    const body = '[]';
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${h.url}/webhooks/hubspot`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...hubspotSigned('POST', '/webhooks/hubspot', body),
          },
          body,
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([400]));
    // Forged deliveries are refused by the signature check (401), before any parsing.
    const forged = await fetch(`${h.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-HubSpot-Signature-v3': 'x',
        'X-HubSpot-Request-Timestamp': String(Date.now()),
      },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it('the window resets', async () => {
    const h = await app({ ...SMALL, pages: { limit: 1, windowMs: 300 } });
    expect((await fetch(`${h.url}/`)).status).toBe(200);
    expect((await fetch(`${h.url}/`)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 350));
    expect((await fetch(`${h.url}/`)).status).toBe(200);
  });

  it('counts across processes: two app instances on one Redis share the budget', async () => {
    const prefix = uniquePrefix('rl-two');
    const one = await app(SMALL, { prefix });
    const two = await app(SMALL, { prefix });
    expect((await fetch(`${one.url}/`)).status).toBe(200);
    expect((await fetch(`${two.url}/`)).status).toBe(200);
    expect((await fetch(`${one.url}/`)).status).toBe(429);
    expect((await fetch(`${two.url}/`)).status).toBe(429);
  });
});

describe('client IP and proxies (TRUST_PROXY)', () => {
  it('default: X-Forwarded-For is ignored, so spoofing it gives no fresh budget', async () => {
    const h = await app(SMALL);
    expect((await fetch(`${h.url}/`, { headers: { 'X-Forwarded-For': '1.1.1.1' } })).status).toBe(200);
    expect((await fetch(`${h.url}/`, { headers: { 'X-Forwarded-For': '2.2.2.2' } })).status).toBe(200);
    expect((await fetch(`${h.url}/`, { headers: { 'X-Forwarded-For': '3.3.3.3' } })).status).toBe(429);
  });

  it('TRUST_PROXY=1: the address the proxy saw is the client; entries the client added are ignored', async () => {
    const h = await app(SMALL, { trustProxy: '1' });
    const get = (xff: string) => fetch(`${h.url}/`, { headers: { 'X-Forwarded-For': xff } });
    // Two clients behind the proxy have separate budgets.
    expect((await get('10.0.0.1')).status).toBe(200);
    expect((await get('10.0.0.1')).status).toBe(200);
    expect((await get('10.0.0.1')).status).toBe(429);
    expect((await get('10.0.0.2')).status).toBe(200);
    // A client prepending fake hops does not escape: the proxy appends the real address last.
    expect((await get('6.6.6.6, 10.0.0.1')).status).toBe(429);
    expect((await get('7.7.7.7, 10.0.0.1')).status).toBe(429);
  });

  it('configuration: TRUST_PROXY accepts false or a hop count, nothing else', () => {
    expect(testConfig().trustProxy).toBe(false);
    expect(testConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(testConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => testConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => testConfig({ TRUST_PROXY: '10.0.0.0/8' })).toThrow(/TRUST_PROXY/);
  });

  it('clientKey: IPv4-mapped IPv6 unwrapped; IPv6 keyed by its /64', () => {
    const key = (ip: string) => clientKey({ ip, socket: {} } as never);
    expect(key('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(key('10.1.2.3')).toBe('10.1.2.3');
    expect(key('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(key('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(key('2001:0db8:0001:0002::ffff')).toBe('2001:db8:1:2::/64');
    expect(key('::1')).toBe('0:0:0:0::/64');
    expect(key('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('card API: per portal, after the signature check', () => {
  const identity = (portalId: string) => `portalId=${portalId}&userId=1&appId=9`;
  const signedGet = (h: SecurityHarness, path: string) => {
    const headers = signedHeaders({
      clientSecret: CLIENT_SECRET,
      method: 'GET',
      uri: `${PUBLIC_BASE_URL}${path}`,
      body: '',
      now: Date.now(),
    });
    return fetch(`${h.url}${path}`, { headers });
  };

  it('each portal has its own budget; unsigned requests naming a portal never spend it', async () => {
    const h = await app(SMALL);
    for (const id of ['5001', '5002'])
      await h.installations.save({ portalId: id, tokens: installTokens(), scopes: [] });
    // An attacker floods with unsigned requests naming portal 5002: all 401, budget untouched.
    for (let i = 0; i < 6; i++) {
      expect((await fetch(`${h.url}/api/v1/regrade?${identity('5002')}`)).status).toBe(401);
    }
    for (let i = 0; i < 3; i++)
      expect((await signedGet(h, `/api/v1/regrade?${identity('5001')}`)).status).toBe(200);
    const limited = await signedGet(h, `/api/v1/regrade?${identity('5001')}&locale=zh-CN`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringContaining('请求过于频繁') },
    });
    // Portal 5002 is unaffected by 5001's use and by the unsigned flood.
    for (let i = 0; i < 3; i++)
      expect((await signedGet(h, `/api/v1/regrade?${identity('5002')}`)).status).toBe(200);
  });

  it('a per-IP ceiling applies before the signature check (unsigned floods are cut off cheaply)', async () => {
    const h = await app({ ...NO_LIMITS, cardApiIp: { limit: 5, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${h.url}/api/v1/settings?${identity('1')}`)).status).toBe(401);
    const res = await fetch(`${h.url}/api/v1/settings?${identity('1')}`);
    expect(res.status).toBe(429);
  });
});

describe('Redis down: fail open, but the webhook intake still answers 503', () => {
  it('the limiter lets requests through; landing page 200; webhook 503 (HubSpot retries)', async () => {
    const port = await freePort();
    const dead = createRedisConnection(`redis://127.0.0.1:${port}`, 'store');
    const limiter = new RedisRateLimiter({ redis: dead, prefix: 'dead' });
    const edge = await startEdge({
      redis,
      storeRedis: dead,
      prefix: uniquePrefix('rl-down'),
      extra: { rateLimiter: limiter, rateLimits: { pages: { limit: 1, windowMs: 60_000 } } },
    });
    try {
      expect(await limiter.hit('pages', '1.2.3.4', { limit: 1, windowMs: 1_000 })).toBeNull();
      for (let i = 0; i < 3; i++) expect((await fetch(`${edge.url}/`)).status).toBe(200);
      const started = Date.now();
      const real = JSON.stringify([
        {
          eventId: 1,
          subscriptionId: 1,
          portalId: 1,
          appId: 1,
          occurredAt: 1,
          subscriptionType: 'deal.creation',
          attemptNumber: 0,
          objectId: 5,
        },
      ]);
      const hook = await fetch(`${edge.url}/webhooks/hubspot`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...hubspotSigned('POST', '/webhooks/hubspot', real) },
        body: real,
      });
      expect(hook.status).toBe(503);
      expect(hook.headers.get('retry-after')).toBe('10');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await edge.close();
      dead.disconnect();
    }
  });

  it('a limiter whose Redis does not answer in time lets the request through', async () => {
    const slow = { status: 'ready', eval: () => new Promise(() => undefined) } as never;
    const limiter = new RedisRateLimiter({ redis: slow, timeoutMs: 50 });
    const a = express();
    a.get(
      '/x',
      rateLimit({ limiter, bucket: 'pages', rule: { limit: 0, windowMs: 1_000 }, style: 'json' }),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    const server: Server = await new Promise((resolve) => {
      const s = a.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/x`);
      expect(res.status).toBe(200);
    } finally {
      server.close();
    }
  });
});
