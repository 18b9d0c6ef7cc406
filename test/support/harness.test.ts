import { Client } from '@hubspot/api-client';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { testRedis, uniquePrefix } from './redis';

describe('test harness', () => {
  it('talks to a real Redis (private unless REDIS_URL is set)', async () => {
    const redis = testRedis();
    const key = `${uniquePrefix('harness')}:ping`;
    try {
      await redis.set(key, 'pong', 'EX', 10);
      expect(await redis.get(key)).toBe('pong');
    } finally {
      await redis.del(key);
      await redis.quit();
    }
  });

  it('nock intercepts the real @hubspot/api-client (node-fetch under the hood)', async () => {
    const scope = nock('https://api.hubapi.com')
      .get('/crm/v3/objects/deals/42')
      .query(true)
      .reply(200, {
        id: '42',
        properties: { dealname: 'Intercept' },
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        archived: false,
      });
    const client = new Client({ accessToken: 'test-token', numberOfApiCallRetries: 0 });
    const deal = await client.crm.deals.basicApi.getById('42');
    expect(deal.id).toBe('42');
    expect(deal.properties['dealname']).toBe('Intercept');
    expect(scope.isDone()).toBe(true);
  });

  it('refuses real network connections', async () => {
    const client = new Client({ accessToken: 'x', numberOfApiCallRetries: 0 });
    await expect(client.crm.deals.basicApi.getById('1')).rejects.toThrow();
  });
});
