import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../src/redis/connections';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { freePort } from '../../sandbox/redis-server';
import { hubspotSigned, installTokens, startEdge, type EdgeHarness } from '../support/service-fixtures';
import { routeEvent, webhookEventSchema } from '../../webhooks/receiver';

let redis: Redis;
let edge: EdgeHarness;
const PATH = '/webhooks/hubspot';

beforeAll(async () => {
  redis = testRedis();
  edge = await startEdge({ redis, prefix: uniquePrefix('wh') });
  await edge.installations.save({ portalId: '1001', tokens: installTokens(), scopes: ['oauth'] });
  await edge.installations.save({ portalId: '1002', tokens: installTokens(), scopes: ['oauth'] });
  await edge.installations.markUninstalled('1002', 'test');
  edge.queue.dropped.length = 0;
});
afterAll(async () => {
  await edge.close();
  await deleteByPrefix(redis, edge.prefix);
  await redis.quit();
});

let seq = 1;
function event(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    eventId: seq++,
    subscriptionId: 55,
    portalId: 1001,
    appId: 77,
    occurredAt: Date.now(),
    attemptNumber: 0,
    changeSource: 'CRM_UI',
    ...overrides,
  };
}
const dealChange = (dealId: number, propertyName: string, portalId = 1001) =>
  event({
    subscriptionType: 'deal.propertyChange',
    objectId: dealId,
    propertyName,
    propertyValue: 'x',
    portalId,
  });

interface PostOptions {
  contentType?: string;
  headers?: Record<string, string>;
  sign?: boolean;
  now?: number;
  path?: string;
  url?: string;
}

async function post(body: string, o: PostOptions = {}): Promise<Response> {
  const path = o.path ?? PATH;
  const headers: Record<string, string> = {
    'Content-Type': o.contentType ?? 'application/json',
    ...(o.sign === false ? {} : hubspotSigned('POST', path, body, o.now)),
    ...o.headers,
  };
  return fetch(`${o.url ?? edge.url}${path}`, { method: 'POST', headers, body });
}

async function outcomeCount(outcome: string): Promise<number> {
  const m = await edge.metrics.webhookEvents.get();
  return m.values.find((v) => v.labels['outcome'] === outcome)?.value ?? 0;
}

const clearQueue = () => {
  edge.queue.batches.length = 0;
};

describe('POST /webhooks/hubspot over HTTP', () => {
  it('acknowledges a signed batch and enqueues one request per portal', async () => {
    clearQueue();
    const events = [
      dealChange(11, 'sw_seven_step_need'),
      dealChange(11, 'amount'),
      event({ subscriptionType: 'deal.creation', objectId: 12 }),
      event({ subscriptionType: 'deal.deletion', objectId: 13 }),
      event({
        subscriptionType: 'deal.associationChange',
        associationType: 'DEAL_TO_CONTACT',
        fromObjectId: 14,
        toObjectId: 501,
        associationRemoved: false,
        isPrimaryAssociation: false,
      }),
      event({
        subscriptionType: 'contact.associationChange',
        associationType: 'CONTACT_TO_DEAL',
        fromObjectId: 502,
        toObjectId: 15,
        associationRemoved: true,
        isPrimaryAssociation: false,
      }),
      event({
        subscriptionType: 'contact.propertyChange',
        objectId: 503,
        propertyName: 'sw_stance',
        propertyValue: 'coach',
      }),
    ];
    const res = await post(JSON.stringify(events));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 7, queued: 7 });
    expect(edge.queue.batches).toHaveLength(1);
    expect(edge.queue.requests).toEqual([
      { portalId: '1001', dealIds: ['11', '12', '13', '14', '15'], contactIds: ['503'], reason: 'webhook' },
    ]);
  });

  it('understands the generic object.* format (objectTypeId 0-3 deal, 0-1 contact)', async () => {
    clearQueue();
    const events = [
      event({
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-3',
        objectId: 91,
        propertyName: 'sw_purchase_type',
        propertyValue: 'group',
      }),
      event({
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-1',
        objectId: 601,
        propertyName: 'sw_contact_depth',
        propertyValue: 'deep',
      }),
      event({ subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 92 }),
      event({
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-1',
        toObjectTypeId: '0-3',
        fromObjectId: 602,
        toObjectId: 93,
        associationType: 'CONTACT_TO_DEAL',
        associationRemoved: false,
      }),
      event({
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-3',
        toObjectTypeId: '0-2',
        fromObjectId: 94,
        toObjectId: 700,
        associationType: 'DEAL_TO_COMPANY',
        associationRemoved: false,
      }),
      event({
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-3',
        objectId: 95,
        propertyName: 'sw_next_actions',
        propertyValue: 'x',
      }),
      event({
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-2',
        objectId: 96,
        propertyName: 'name',
        propertyValue: 'x',
      }),
      event({
        subscriptionType: 'deal.merge',
        primaryObjectId: 97,
        mergedObjectIds: [98],
        newObjectId: 97,
        numberOfPropertiesMoved: 3,
      }),
    ];
    const res = await post(JSON.stringify(events));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 8, queued: 5 });
    expect(edge.queue.requests).toEqual([
      { portalId: '1001', dealIds: ['91', '92', '93', '97'], contactIds: ['601'], reason: 'webhook' },
    ]);
  });

  it('routes each generic object.* event exactly like its legacy twin', async () => {
    const twins: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        {
          subscriptionType: 'deal.propertyChange',
          objectId: 81,
          propertyName: 'sw_purchase_type',
          propertyValue: 'x',
        },
        {
          subscriptionType: 'object.propertyChange',
          objectTypeId: '0-3',
          objectId: 81,
          propertyName: 'sw_purchase_type',
          propertyValue: 'x',
        },
      ],
      [
        { subscriptionType: 'deal.deletion', objectId: 82, changeFlag: 'DELETED' },
        { subscriptionType: 'object.deletion', objectTypeId: '0-3', objectId: 82, changeFlag: 'DELETED' },
      ],
      [
        {
          subscriptionType: 'contact.merge',
          objectId: 611,
          primaryObjectId: 611,
          mergedObjectIds: [612],
          newObjectId: 611,
        },
        {
          subscriptionType: 'object.merge',
          objectTypeId: '0-1',
          objectId: 611,
          primaryObjectId: 611,
          mergedObjectIds: [612],
          newObjectId: 611,
          numberOfPropertiesMoved: 2,
        },
      ],
      [
        {
          subscriptionType: 'deal.associationChange',
          associationType: 'DEAL_TO_CONTACT',
          fromObjectId: 83,
          toObjectId: 613,
          associationRemoved: true,
          associationTypeId: 3,
          associationCategory: 'HUBSPOT_DEFINED',
        },
        {
          subscriptionType: 'object.associationChange',
          associationType: 'DEAL_TO_CONTACT',
          fromObjectTypeId: '0-3',
          toObjectTypeId: '0-1',
          fromObjectId: 83,
          toObjectId: 613,
          associationRemoved: true,
          associationTypeId: 3,
          associationCategory: 'HUBSPOT_DEFINED',
        },
      ],
    ];
    for (const [legacy, generic] of twins) {
      const a = webhookEventSchema.parse(event(legacy));
      const b = webhookEventSchema.parse(event(generic));
      expect(routeEvent(b)).toEqual(routeEvent(a));
      expect(routeEvent(b).target).not.toBe('ignore');
    }
    clearQueue();
    const res = await post(JSON.stringify(twins.flat().map((e) => event(e))));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 8, queued: 8 });
    expect(edge.queue.requests).toEqual([
      { portalId: '1001', dealIds: ['81', '82', '83'], contactIds: ['611'], reason: 'webhook' },
    ]);
  });

  it('ignores changes to output properties (loop prevention) and to properties no output depends on', async () => {
    clearQueue();
    const before = await outcomeCount('ignored_output');
    const events = [
      dealChange(21, 'sw_funnel_stage'),
      dealChange(21, 'sw_computed_at'),
      dealChange(21, 'sw_lead_grade'),
      dealChange(21, 'dealname'),
    ];
    const res = await post(JSON.stringify(events));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 4, queued: 0 });
    expect(edge.queue.batches).toHaveLength(0);
    expect((await outcomeCount('ignored_output')) - before).toBe(3);
  });

  it('acknowledges events of unknown and uninstalled portals without queueing them', async () => {
    clearQueue();
    const unknown = await outcomeCount('ignored_unknown_portal');
    const uninstalled = await outcomeCount('ignored_uninstalled');
    const res = await post(
      JSON.stringify([
        dealChange(31, 'amount', 9999),
        dealChange(32, 'amount', 1002),
        dealChange(33, 'amount', 1001),
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 3, queued: 1 });
    expect(edge.queue.requests).toEqual([{ portalId: '1001', dealIds: ['33'], reason: 'webhook' }]);
    expect((await outcomeCount('ignored_unknown_portal')) - unknown).toBe(1);
    expect((await outcomeCount('ignored_uninstalled')) - uninstalled).toBe(1);
  });

  it('the signed URI includes the query string', async () => {
    clearQueue();
    const res = await post(JSON.stringify([dealChange(41, 'amount')]), {
      path: `${PATH}?source=hubspot&x=%2Fy`,
    });
    expect(res.status).toBe(200);
  });

  describe('401 before any parsing', () => {
    const body = JSON.stringify([dealChange(51, 'amount')]);
    it.each([
      ['missing signature', { sign: false }],
      ['missing timestamp', { headers: { 'X-HubSpot-Request-Timestamp': '' } }],
      ['stale timestamp (6 minutes old)', { now: Date.now() - 6 * 60_000 }],
      ['timestamp in the future', { now: Date.now() + 6 * 60_000 }],
      ['wrong signature', { headers: { 'X-HubSpot-Signature-v3': Buffer.alloc(32, 1).toString('base64') } }],
    ])('%s', async (_name, opts) => {
      clearQueue();
      const res = await post(body, opts as PostOptions);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('UNAUTHORIZED');
      expect(JSON.stringify(json)).not.toMatch(/at .*\.ts/);
      expect(edge.queue.batches).toHaveLength(0);
    });

    it('a body changed after signing', async () => {
      const headers = hubspotSigned('POST', PATH, body);
      const res = await fetch(`${edge.url}${PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: body.replace('51', '52'),
      });
      expect(res.status).toBe(401);
    });

    it('a signature for another URL', async () => {
      const headers = hubspotSigned('POST', `${PATH}?a=1`, body);
      const res = await fetch(`${edge.url}${PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
      expect(res.status).toBe(401);
    });

    it('malformed JSON without a valid signature is 401, not 400', async () => {
      const res = await post('{not json', { sign: false });
      expect(res.status).toBe(401);
    });
  });

  describe('400 for malformed payloads', () => {
    it.each([
      ['not JSON', '{"oops'],
      ['an object instead of an array', JSON.stringify({ events: [] })],
      ['an empty array', '[]'],
      ['wrong types', JSON.stringify([{ ...dealChange(1, 'amount'), portalId: 'abc' }])],
      ['missing required fields', JSON.stringify([{ subscriptionType: 'deal.creation', objectId: 1 }])],
      [
        'propertyChange without propertyName',
        JSON.stringify([event({ subscriptionType: 'deal.propertyChange', objectId: 1 })]),
      ],
      [
        'associationChange without ids',
        JSON.stringify([
          event({ subscriptionType: 'deal.associationChange', associationType: 'DEAL_TO_CONTACT' }),
        ]),
      ],
      [
        'more than 1000 events',
        JSON.stringify(Array.from({ length: 1001 }, (_, i) => dealChange(i + 1, 'amount'))),
      ],
    ])('%s', async (_name, body) => {
      clearQueue();
      const res = await post(body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string } };
      expect(['INVALID_JSON', 'VALIDATION_FAILED']).toContain(json.error.code);
      expect(edge.queue.batches).toHaveLength(0);
    });

    it('lists the offending fields', async () => {
      const res = await post(JSON.stringify([{ ...dealChange(1, 'amount'), objectId: 'abc' }]));
      const json = (await res.json()) as { error: { issues: { path: string }[] } };
      expect(json.error.issues.map((i) => i.path)).toContain('0.objectId');
    });
  });

  it('413 for bodies over 1 MB', async () => {
    const big = JSON.stringify([
      event({ subscriptionType: 'deal.creation', objectId: 1, padding: 'x'.repeat(1_100_000) }),
    ]);
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('415 for a signed request that is not JSON', async () => {
    const body = JSON.stringify([dealChange(61, 'amount')]);
    const res = await post(body, { contentType: 'text/plain' });
    expect(res.status).toBe(415);
    const json = await post(body, { contentType: 'application/json; charset=utf-8' });
    expect(json.status).toBe(200);
  });

  it('405 for other methods', async () => {
    const res = await fetch(`${edge.url}${PATH}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('503 with Retry-After when the queue (Redis) fails; HubSpot will retry', async () => {
    edge.queue.failWith = new Error('Connection is closed.');
    try {
      const res = await post(JSON.stringify([dealChange(71, 'amount')]));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('10');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
    } finally {
      edge.queue.failWith = null;
    }
  });
});

describe('Redis unreachable', () => {
  it('webhook intake answers 503 quickly and /healthz reports redis down', async () => {
    const port = await freePort();
    const dead = createRedisConnection(`redis://127.0.0.1:${port}`, 'store');
    const down = await startEdge({ redis, storeRedis: dead, prefix: uniquePrefix('wh-down') });
    try {
      const started = Date.now();
      const body = JSON.stringify([dealChange(81, 'amount')]);
      const res = await fetch(`${down.url}${PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...hubspotSigned('POST', PATH, body) },
        body,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('10');
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(down.queue.batches).toHaveLength(0);

      const health = await fetch(`${down.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', redis: 'down' });
    } finally {
      await down.close();
      dead.disconnect();
    }
  });
});
