import { ApiException } from '@hubspot/api-client/lib/codegen/crm/deals/apis/exception';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyHubSpotError } from '../../src/hubspot/errors';
import { sandboxClient } from '../../sandbox/client';
import { caught, manualClock } from './fixtures';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const A = 8_800_001;
const B = 8_800_002;
const clock = manualClock();
let sandbox: Sandbox;
let tokenA: string;
let tokenB: string;
let dealA: string;
let dealB: string;
let contactB: string;

beforeAll(async () => {
  sandbox = await startSandbox({ now: clock.now, portals: [{ portalId: A }, { portalId: B }] });
  tokenA = sandbox.admin.install(A).accessToken;
  tokenB = sandbox.admin.install(B).accessToken;
  dealA = sandbox.admin.createObject(A, 'deals', { dealname: 'A 的项目', amount: '1000000' }).id;
  dealB = sandbox.admin.createObject(B, 'deals', { dealname: 'B 的项目', amount: '2000000' }).id;
  contactB = sandbox.admin.createObject(B, 'contacts', { email: 'b@b.cn' }).id;
  sandbox.admin.associate(B, dealB, contactB);
});

afterAll(async () => {
  await sandbox.stop();
});

afterEach(() => {
  sandbox.rateLimit.configure({ max: 110, windowMs: 10_000, search: { max: 5, windowMs: 1_000 } });
  sandbox.rateLimit.reset();
});

describe('batch size', () => {
  it('100 inputs are fine, 100+1 → 400 VALIDATION_ERROR on every batch endpoint', async () => {
    const api = sandboxClient(sandbox, tokenA).crm.deals.batchApi;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(1000 + i) }));
    const ok = await api.read({ inputs: ids(100), properties: [], propertiesWithHistory: [] }, false);
    expect((ok as { errors?: unknown[] }).errors).toHaveLength(1);
    const expected = {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message:
        'The maximum number of inputs supported in a batch is 100. Please reduce the number of items and try again',
    };
    for (const call of [
      api.read({ inputs: ids(101), properties: [], propertiesWithHistory: [] }, false),
      api.update({ inputs: ids(101).map((i) => ({ ...i, properties: { dealname: 'x' } })) }),
      api.create({
        inputs: Array.from({ length: 101 }, () => ({ properties: { dealname: 'x' }, associations: [] })),
      }),
      api.archive({ inputs: ids(101) }),
      sandboxClient(sandbox, tokenA).crm.contacts.batchApi.read(
        { inputs: ids(101), properties: [], propertiesWithHistory: [] },
        false,
      ),
    ]) {
      const err = await caught(call);
      // Every SDK module has its own ApiException class: test the name and `.code`, not instanceof.
      expect(err.constructor.name).toBe('ApiException');
      expect(err.code).toBe(400);
      expect(err.body).toMatchObject(expected);
    }
  });
});

describe('rate limits', () => {
  it('defaults to HubSpot’s 110 requests / 10 s per portal and search 5 / s', async () => {
    const fresh = await startSandbox({ portals: [{ portalId: A }] });
    try {
      expect(fresh.rateLimit.settings).toMatchObject({
        max: 110,
        windowMs: 10_000,
        search: { max: 5, windowMs: 1_000 },
      });
    } finally {
      await fresh.stop();
    }
  });

  it('429 after `max` calls in the rolling window, with Retry-After, HubSpot’s body and rate-limit headers', async () => {
    sandbox.rateLimit.configure({ max: 3 });
    const api = sandboxClient(sandbox, tokenA);
    const first = await api.crm.deals.basicApi.getByIdWithHttpInfo(dealA);
    expect(first.headers['x-hubspot-ratelimit-max']).toBe('3');
    expect(first.headers['x-hubspot-ratelimit-remaining']).toBe('2');
    expect(first.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
    clock.advance(4_000);
    await api.crm.deals.basicApi.getById(dealA);
    await api.crm.deals.basicApi.getById(dealA);

    const err = await caught(api.crm.deals.basicApi.getById(dealA));
    // How @hubspot/api-client 13 surfaces it: an ApiException (extends Error) with the numeric
    // status in `.code`, the parsed JSON body in `.body` and lower-cased headers in `.headers`.
    expect(err).toBeInstanceOf(ApiException);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe(429);
    expect(err.headers?.['retry-after']).toBe('6');
    expect(err.headers?.['x-hubspot-ratelimit-remaining']).toBe('0');
    expect(err.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.stringContaining(String(A)),
    });
    const classified = classifyHubSpotError(err, { operation: 'deals.get', portalId: String(A) });
    expect(classified).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterMs: 6_000,
      retryable: true,
    });

    // Another portal has its own window; the first recovers when the oldest call leaves it.
    await sandboxClient(sandbox, tokenB).crm.deals.basicApi.getById(dealB);
    clock.advance(6_000);
    await api.crm.deals.basicApi.getById(dealA);
    expect(sandbox.calls.count({ portalId: A, status: 429 })).toBe(1);
  });

  it('limits search separately (SECONDLY), without rate-limit headers', async () => {
    sandbox.rateLimit.configure({ search: { max: 2, windowMs: 1_000 } });
    const search = () =>
      sandboxClient(sandbox, tokenA).crm.deals.searchApi.doSearchWithHttpInfo({
        filterGroups: [],
        properties: [],
        limit: 10,
      } as never);
    const ok = await search();
    expect(ok.headers['x-hubspot-ratelimit-max']).toBeUndefined();
    await search();
    const err = await caught(search());
    expect(err.code).toBe(429);
    expect(err.body).toMatchObject({
      policyName: 'SECONDLY',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
    });
    expect(err.headers?.['retry-after']).toBe('1');
    clock.advance(1_000);
    await search();
  });
});

describe('tenant isolation', () => {
  it('portal A’s token cannot read, update, search or associate portal B’s objects', async () => {
    const a = sandboxClient(sandbox, tokenA);
    const get = await caught(a.crm.deals.basicApi.getById(dealB));
    expect(get.code).toBe(404);
    expect(get.body).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { id: [dealB] } });
    const read = await a.crm.deals.batchApi.read(
      { inputs: [{ id: dealB }, { id: dealA }], properties: ['dealname'], propertiesWithHistory: [] },
      false,
    );
    expect(read.results.map((r) => r.id)).toEqual([dealA]);
    expect(
      (await caught(a.crm.deals.basicApi.update(dealB, { properties: { dealname: 'hijack' } }))).code,
    ).toBe(404);
    const search = await a.crm.deals.searchApi.doSearch({
      filterGroups: [],
      properties: ['dealname'],
      limit: 100,
    } as never);
    expect(search.results.map((r) => r.id)).toEqual([dealA]);
    const assoc = await a.crm.associations.v4.batchApi.getPage('deals', 'contacts', {
      inputs: [{ id: dealB }],
    });
    expect(assoc.results).toEqual([]);
    expect(
      (await caught(a.crm.associations.v4.basicApi.createDefault('deals', dealA, 'contacts', contactB))).code,
    ).toBe(404);
    expect(sandbox.admin.getObject(B, 'deals', dealB)?.properties['dealname']).toBe('B 的项目');
  });

  it('403 MISSING_SCOPES when the token lacks the scope', async () => {
    const readOnly = sandbox.admin.install(A, { scopes: ['oauth', 'crm.objects.deals.read'] }).accessToken;
    const err = await caught(
      sandboxClient(sandbox, readOnly).crm.deals.basicApi.update(dealA, { properties: { dealname: 'x' } }),
    );
    expect(err.code).toBe(403);
    expect(err.body).toMatchObject({ category: 'MISSING_SCOPES' });
    expect(JSON.stringify(err.body)).toContain('crm.objects.deals.write');
  });
});
