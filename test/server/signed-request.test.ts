import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { hubspotSigned, installTokens, startEdge, type EdgeHarness } from '../support/service-fixtures';

let redis: Redis;
let edge: EdgeHarness;

/** A stand-in for the card API router: echoes what the middleware established. */
function echoRouter(): express.Router {
  const r = express.Router();
  r.all('/echo', (req, res) => {
    res.json({
      locals: {
        portalId: res.locals['portalId'],
        userId: res.locals['userId'],
        userEmail: res.locals['userEmail'],
        appId: res.locals['appId'],
      },
      body: req.body ?? null,
    });
  });
  r.get('/boom', () => {
    throw new Error('secret internal detail at /srv/app.ts:12');
  });
  return r;
}

beforeAll(async () => {
  redis = testRedis();
  edge = await startEdge({ redis, prefix: uniquePrefix('sig'), extra: { cardApi: echoRouter() } });
  await edge.installations.save({ portalId: '2001', tokens: installTokens(), scopes: ['oauth'] });
  await edge.installations.save({ portalId: '2002', tokens: installTokens(), scopes: ['oauth'] });
  await edge.installations.markUninstalled('2002', 'test');
});
afterAll(async () => {
  await edge.close();
  await deleteByPrefix(redis, edge.prefix);
  await redis.quit();
});

async function call(
  method: string,
  pathAndQuery: string,
  body = '',
  opts: { sign?: boolean; contentType?: string } = {},
) {
  const headers: Record<string, string> = {
    ...(opts.sign === false ? {} : hubspotSigned(method, pathAndQuery, body)),
    ...(body !== '' ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
  };
  return fetch(`${edge.url}${pathAndQuery}`, { method, headers, ...(body !== '' ? { body } : {}) });
}

const Q = 'portalId=2001&userId=7&userEmail=rep%40acme.test&appId=77&locale=en-us';

describe('signed-request middleware (card API)', () => {
  it('verifies the signature and exposes portalId/userId from the signed query', async () => {
    const res = await call('GET', `/api/v1/echo?${Q}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      locals: { portalId: '2001', userId: '7', userEmail: 'rep@acme.test', appId: '77' },
      body: null,
    });
  });

  it('parses a signed JSON body', async () => {
    const res = await call(
      'POST',
      `/api/v1/echo?${Q}`,
      JSON.stringify({ playbook: 'seven_step', checked: true }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { body: unknown }).body).toEqual({ playbook: 'seven_step', checked: true });
  });

  it('401 without a valid signature (ApiErrorBody, localized)', async () => {
    const res = await call('GET', `/api/v1/echo?${Q}`, '', { sign: false });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: expect.stringContaining('not signed by HubSpot') },
    });
    const zh = await call('GET', `/api/v1/echo?portalId=2001&locale=zh-cn`, '', { sign: false });
    expect(((await zh.json()) as { error: { message: string } }).error.message).toMatch(/签名/);
  });

  it('401 when the signed query has no portalId', async () => {
    const res = await call('GET', '/api/v1/echo?userId=7');
    expect(res.status).toBe(401);
  });

  it('403 when portalId appears twice with different values', async () => {
    const res = await call('GET', '/api/v1/echo?portalId=2001&userId=7&portalId=2003');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const same = await call('GET', '/api/v1/echo?portalId=2001&portalId=2001');
    expect(same.status).toBe(200);
  });

  it('a portalId added after signing is caught by the signature', async () => {
    const signed = hubspotSigned('GET', `/api/v1/echo?${Q}`, '');
    const res = await fetch(`${edge.url}/api/v1/echo?${Q}&portalId=2003`, { headers: signed });
    expect(res.status).toBe(401);
  });

  it('404 NOT_INSTALLED for uninstalled and unknown portals', async () => {
    for (const portal of ['2002', '2999']) {
      const res = await call('GET', `/api/v1/echo?portalId=${portal}&userId=7`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_INSTALLED');
    }
  });

  it('413 for bodies over 64 KB; 400 for invalid JSON; 415 for non-JSON bodies', async () => {
    const big = JSON.stringify({ x: 'y'.repeat(70 * 1024) });
    expect((await call('POST', `/api/v1/echo?${Q}`, big)).status).toBe(413);
    expect((await call('POST', `/api/v1/echo?${Q}`, '{bad')).status).toBe(400);
    expect(
      (await call('POST', `/api/v1/echo?${Q}`, 'a=b', { contentType: 'application/x-www-form-urlencoded' }))
        .status,
    ).toBe(415);
  });

  it('errors from card routes never leak internals', async () => {
    const res = await call('GET', `/api/v1/boom?${Q}`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('.ts');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL', message: expect.stringContaining('request id') },
    });
  });
});

describe('health, metrics, 404', () => {
  it('GET /healthz → 200 when Redis answers', async () => {
    const res = await fetch(`${edge.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', redis: 'up' });
  });

  it('GET /metrics → Prometheus text', async () => {
    const res = await fetch(`${edge.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain('# TYPE stepwise_webhook_events_total counter');
    expect(text).toContain('stepwise_webhook_ack_seconds_bucket');
  });

  it('unknown routes → JSON 404', async () => {
    const res = await fetch(`${edge.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('/nope') },
    });
  });
});
