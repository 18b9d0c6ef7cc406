import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyHubSpotError } from '../../src/hubspot/errors';
import { sandboxClient } from '../../sandbox/client';
import { caught, manualClock } from './fixtures';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const PORTAL = 9_900_001;
const clock = manualClock();
let sandbox: Sandbox;
let token: string;
let dealId: string;
const client = () => sandboxClient(sandbox, token);

beforeAll(async () => {
  sandbox = await startSandbox({
    now: clock.now,
    portals: [{ portalId: PORTAL }],
    rateLimit: { enabled: false },
    seed: 42,
  });
  token = sandbox.admin.install(PORTAL).accessToken;
  dealId = sandbox.admin.createObject(PORTAL, 'deals', { dealname: '故障注入' }).id;
});

afterAll(async () => {
  await sandbox.stop();
});

afterEach(() => {
  sandbox.faults.clear();
  sandbox.calls.reset();
});

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

describe('fault injection', () => {
  it('adds fixed and random latency, only to matching paths', async () => {
    sandbox.faults.latency(120, { path: '/crm/v3/objects/deals/batch/read' });
    const t0 = performance.now();
    await client().crm.deals.batchApi.read(
      { inputs: [{ id: dealId }], properties: [], propertiesWithHistory: [] },
      false,
    );
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    const t1 = performance.now();
    await client().crm.deals.basicApi.getById(dealId);
    expect(performance.now() - t1).toBeLessThan(100);
    sandbox.faults.clear();
    sandbox.faults.latency({ min: 20, max: 60 });
    const t2 = performance.now();
    await client().crm.deals.basicApi.getById(dealId);
    expect(performance.now() - t2).toBeGreaterThanOrEqual(18);
    expect(sandbox.calls.last()?.fault).toBe('latency');
  });

  it('answers a share of requests with 500/502/503, deterministically for a seed', async () => {
    const run = async (): Promise<number[]> => {
      sandbox.faults.clear();
      sandbox.faults.seed(7);
      sandbox.faults.errorRate(0.5);
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push(await statusOf(client().crm.deals.basicApi.getById(dealId)));
      return out;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(new Set(first.filter((s) => s !== 200))).toEqual(new Set([500, 502, 503]));
    const err = await caught(
      (async () => {
        sandbox.faults.clear();
        sandbox.faults.failNext(1, 503);
        await client().crm.deals.basicApi.getById(dealId);
      })(),
    );
    expect(err.code).toBe(503);
    expect(err.body).toMatchObject({ status: 'error', message: 'Service Unavailable' });
    expect(classifyHubSpotError(err)).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    await client().crm.deals.basicApi.getById(dealId);
  });

  it('fails exactly the next N matching requests (per method and path)', async () => {
    sandbox.faults.failNext(2, 502, { method: 'POST', path: /\/batch\/update$/ });
    const update = () =>
      client().crm.deals.batchApi.update({ inputs: [{ id: dealId, properties: { dealname: 'x' } }] });
    await client().crm.deals.basicApi.getById(dealId);
    expect(await statusOf(update())).toBe(502);
    expect(await statusOf(update())).toBe(502);
    expect(await statusOf(update())).toBe(200);
    expect(sandbox.calls.countByStatus()).toEqual({ '200': 2, '502': 2 });
    expect(sandbox.calls.countByRoute()).toEqual({
      'GET /crm/v3/objects/:objectType/:objectId': 1,
      'POST /crm/v3/objects/:objectType/batch/update': 3,
    });
  });

  it('bursts 429s for the next N requests or for a duration', async () => {
    sandbox.faults.burst429({ count: 2, retryAfterSeconds: 3 });
    const err = await caught(client().crm.deals.basicApi.getById(dealId));
    expect(err.code).toBe(429);
    expect(err.headers?.['retry-after']).toBe('3');
    expect(err.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(classifyHubSpotError(err)).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 3_000 });
    expect(await statusOf(client().crm.deals.basicApi.getById(dealId))).toBe(429);
    expect(await statusOf(client().crm.deals.basicApi.getById(dealId))).toBe(200);

    sandbox.faults.burst429({ durationMs: 5_000 });
    expect(await statusOf(client().crm.deals.basicApi.getById(dealId))).toBe(429);
    clock.advance(5_001);
    expect(await statusOf(client().crm.deals.basicApi.getById(dealId))).toBe(200);
  });

  it('drops connections (network errors) and can send Cloudflare-style HTML 502 pages', async () => {
    sandbox.faults.disconnectNext(1);
    const err = await caught(client().crm.deals.basicApi.getById(dealId));
    expect(err.code).toBe('ECONNRESET');
    expect(classifyHubSpotError(err)).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(sandbox.calls.last()?.status).toBe(0);

    sandbox.faults.add({ kind: 'error', rate: 1, statuses: [502], html: true, count: 1 });
    const html = await caught(client().crm.deals.basicApi.getById(dealId));
    expect(html.code).toBe(502);
    expect(String(html.body)).toContain('<html>');
    expect(classifyHubSpotError(html)).toMatchObject({ code: 'SERVER_ERROR' });
  });

  it('records every call with method, path, portal, status, duration and sizes', async () => {
    await client().crm.deals.basicApi.getById(dealId);
    await statusOf(client().crm.deals.basicApi.getById('404404'));
    const calls = sandbox.calls.list();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      method: 'GET',
      path: `/crm/v3/objects/deals/${dealId}`,
      route: '/crm/v3/objects/:objectType/:objectId',
      portalId: PORTAL,
      status: 200,
      fault: null,
    });
    expect(calls[0]?.responseBytes).toBeGreaterThan(50);
    expect(calls[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(sandbox.calls.count({ status: (s) => s >= 400 })).toBe(1);
    expect(sandbox.calls.countByPath({ path: '/crm/v3/objects/deals/*' })).toEqual({
      [`GET /crm/v3/objects/deals/${dealId}`]: 1,
      'GET /crm/v3/objects/deals/404404': 1,
    });
    sandbox.calls.reset();
    expect(sandbox.calls.size).toBe(0);
  });

  it('is configurable over HTTP for the standalone sandbox', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'error',
        rate: 1,
        statuses: [500],
        count: 1,
        filter: { pathRegex: 'deals/\\d+$' },
      }),
    });
    expect(res.status).toBe(201);
    expect(await statusOf(client().crm.deals.basicApi.getById(dealId))).toBe(500);
    expect(await statusOf(client().crm.deals.basicApi.getById(dealId))).toBe(200);
    const calls = (await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()) as {
      byStatus: Record<string, number>;
    };
    expect(calls.byStatus).toEqual({ '200': 1, '500': 1 });
  });
});
