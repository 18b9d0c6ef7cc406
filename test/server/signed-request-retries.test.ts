import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReplayGuard, requestContentHash } from '../../src/server/replay-guard';
import { createSignedRequestMiddleware } from '../../src/server/signed-request';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { CLIENT_SECRET, PUBLIC_BASE_URL, hubspotSigned } from '../support/service-fixtures';

/**
 * hubspot.fetch retries a request once on a 5xx or a connection failure, inside its timeout
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 * The card API answers within a deadline (503 + Retry-After past it), and a repeat of the same
 * signed mutation (same body and timestamp) gets the first answer instead of running twice.
 */

const DEADLINE_MS = 300;
const prefix = uniquePrefix('retries');
let redis: Redis;
let server: Server;
let url = '';
const runs: Record<string, number> = {};
let slowMs = 0;
let failNext = 0;

beforeAll(async () => {
  redis = testRedis();
  const app = express();
  const r = express.Router();
  r.post('/slow', (req, res) => {
    const body = req.body as { label: string };
    setTimeout(() => {
      runs[body.label] = (runs[body.label] ?? 0) + 1;
      res.status(201).json({ label: body.label, run: runs[body.label] });
    }, slowMs);
  });
  r.get('/slow', (_req, res) => {
    setTimeout(() => res.json({ ok: true }), slowMs);
  });
  r.put('/flaky', (req, res) => {
    const body = req.body as { label: string };
    runs[body.label] = (runs[body.label] ?? 0) + 1;
    if (failNext > 0) {
      failNext--;
      res.status(502).json({ error: { code: 'HUBSPOT_UNAVAILABLE', message: 'HubSpot is down' } });
      return;
    }
    res.set('Cache-Control', 'no-store').json({ label: body.label, run: runs[body.label] });
  });
  app.use(
    '/api/v1',
    createSignedRequestMiddleware({
      clientSecret: CLIENT_SECRET,
      publicBaseUrl: PUBLIC_BASE_URL,
      installations: { statusCached: async () => 'installed' },
      replayGuard: new ReplayGuard({ redis, prefix, pollMs: 20 }),
      deadlineMs: DEADLINE_MS,
      pendingWaitMs: 1_000,
    }),
    r,
  );
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});
beforeEach(() => {
  slowMs = 0;
  failNext = 0;
});

const Q = 'portalId=5001&userId=7&appId=77';

function signed(method: string, path: string, body: unknown) {
  const raw = JSON.stringify(body);
  const pathAndQuery = `/api/v1${path}?${Q}`;
  return { pathAndQuery, raw, method, headers: hubspotSigned(method, pathAndQuery, raw) };
}

async function send(req: ReturnType<typeof signed>, raw = req.raw) {
  const res = await fetch(`${url}${req.pathAndQuery}`, {
    method: req.method,
    headers: { ...req.headers, 'Content-Type': 'application/json' },
    body: raw,
  });
  return {
    status: res.status,
    body: await res.text(),
    replayed: res.headers.get('x-stepwise-replayed'),
    retryAfter: res.headers.get('retry-after'),
  };
}

describe('card API: deadline and idempotent repeats', () => {
  it('an exact repeat gets the first answer (status and body) and runs nothing again', async () => {
    const req = signed('POST', '/slow', { label: 'a' });
    const first = await send(req);
    expect(first.status).toBe(201);
    const again = await send(req);
    expect(again).toEqual({ ...first, replayed: 'true' });
    expect(runs['a']).toBe(1);
  });

  it('a different body under a reused signature is refused (the v3 signature covers the body)', async () => {
    const req = signed('POST', '/slow', { label: 'b' });
    expect((await send(req)).status).toBe(201);
    const forged = await send(req, JSON.stringify({ label: 'c' }));
    expect(forged.status).toBe(401);
    expect(runs['c']).toBeUndefined();
  });

  it('past the deadline: 503 + Retry-After; HubSpot’s retry of the same request gets the late answer', async () => {
    slowMs = DEADLINE_MS + 300;
    const req = signed('POST', '/slow', { label: 'd' });
    const first = await send(req);
    // 503 (not the handler's 201) proves the deadline answered before the handler did.
    expect(first.status).toBe(503);
    expect(first.retryAfter).toBe('2');
    expect(JSON.parse(first.body)).toEqual({
      error: { code: 'HUBSPOT_UNAVAILABLE', message: expect.stringContaining('slowly') },
    });
    // The retry arrives while the first run is still going: it waits for that run's answer.
    const retry = await send(req);
    expect(retry.status).toBe(201);
    expect(JSON.parse(retry.body)).toEqual({ label: 'd', run: 1 });
    expect(retry.replayed).toBe('true');
    expect(runs['d']).toBe(1);
  });

  it('reads get the deadline too (never guarded: a repeat runs again)', async () => {
    slowMs = DEADLINE_MS + 200;
    const res = await fetch(`${url}/api/v1/slow?${Q}`, {
      headers: hubspotSigned('GET', `/api/v1/slow?${Q}`, ''),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
  });

  it('a 5xx answer releases the signature: HubSpot’s retry runs the request again', async () => {
    failNext = 1;
    const req = signed('PUT', '/flaky', { label: 'e' });
    expect((await send(req)).status).toBe(502);
    const retry = await send(req);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBeNull();
    expect(JSON.parse(retry.body)).toEqual({ label: 'e', run: 2 });
    // ...and that answer is the one a further repeat gets.
    expect(await send(req)).toEqual({ ...retry, replayed: 'true' });
  });
});

describe('ReplayGuard content binding', () => {
  it('a repeat whose content differs from the first use is a conflict, never a replay', async () => {
    const guard = new ReplayGuard({ redis, prefix });
    const now = Date.now();
    const sig = 'ZmFrZS1zaWduYXR1cmUtZm9yLWNvbnRlbnQtYmluZGluZw==';
    const h1 = requestContentHash('POST', 'https://x/api/v1/a', '{"a":1}');
    const h2 = requestContentHash('POST', 'https://x/api/v1/a', '{"a":2}');
    expect(await guard.claimRequest(sig, now, h1, now)).toEqual({ kind: 'first' });
    expect(await guard.claimRequest(sig, now, h1, now)).toEqual({ kind: 'pending' });
    await guard.complete(sig, now, h1, { status: 200, contentType: 'application/json', body: '{}' }, now);
    expect(await guard.claimRequest(sig, now, h1, now)).toEqual({
      kind: 'replay',
      answer: { status: 200, contentType: 'application/json', body: '{}' },
    });
    expect(await guard.claimRequest(sig, now, h2, now)).toEqual({ kind: 'conflict' });
  });
});
