import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../sandbox/redis-server';
import { createHubSpotClient } from '../../src/hubspot/client';
import { HubSpotError, classifyHubSpotError, parseRetryAfter } from '../../src/hubspot/errors';

const BASE = 'https://api.errors.test';

async function failWith(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  nock(BASE)
    .get('/crm/v3/pipelines/deals')
    .reply(status, body as nock.Body, headers);
  const client = createHubSpotClient({ basePath: BASE, accessToken: 't' });
  return client.crm.pipelines.pipelinesApi.getAll('deals').then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
}

describe('HubSpot client and error classification', () => {
  it('the client makes exactly one request per call (SDK retries are off) and throws ApiException', async () => {
    nock(BASE).get('/crm/v3/pipelines/deals').reply(503, { status: 'error', message: 'down' });
    const client = createHubSpotClient({ basePath: BASE, accessToken: 't' });
    const err = await client.crm.pipelines.pipelinesApi.getAll('deals').catch((e: unknown) => e);
    expect((err as { code: number }).code).toBe(503);
    // a second interceptor would be required for an SDK retry; none is pending or consumed
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('429 → RATE_LIMITED, retryable, Retry-After seconds honoured', async () => {
    const raw = await failWith(
      429,
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
      { 'Retry-After': '3' },
    );
    const err = classifyHubSpotError(raw, { operation: 'pipelines.getAll', portalId: '42' });
    expect(err).toBeInstanceOf(HubSpotError);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(3_000);
    expect(err.message).toContain('portal 42');
  });

  it('429 without Retry-After falls back to the policy window', async () => {
    const raw = await failWith(429, { status: 'error', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(classifyHubSpotError(raw).retryAfterMs).toBe(10_000);
  });

  it('429 without Retry-After waits by policyName: SECONDLY (or the search message) 1 s, DAILY is final', async () => {
    const secondly = classifyHubSpotError(await failWith(429, { status: 'error', policyName: 'SECONDLY' }));
    expect([secondly.code, secondly.retryAfterMs]).toEqual(['RATE_LIMITED', 1_000]);
    const byMessage = classifyHubSpotError(
      await failWith(429, { status: 'error', message: 'You have reached your secondly limit.' }),
    );
    expect(byMessage.retryAfterMs).toBe(1_000);
    const withHeader = classifyHubSpotError(
      await failWith(429, { status: 'error', policyName: 'TEN_SECONDLY_ROLLING' }, { 'Retry-After': '3' }),
    );
    expect(withHeader.retryAfterMs).toBe(3_000);
    const daily = classifyHubSpotError(
      await failWith(429, {
        status: 'error',
        message: 'You have reached your daily limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'DAILY',
      }),
    );
    expect([daily.code, daily.retryable, daily.category]).toEqual(['DAILY_LIMIT', false, 'DAILY']);
    expect(daily.message).toContain('daily limit');
  });

  it('423 Locked waits at least 2 s; 477 Migration in Progress waits its Retry-After; both retryable', async () => {
    const locked = classifyHubSpotError(await failWith(423, { status: 'error', message: 'locked' }));
    expect([locked.code, locked.retryable, locked.retryAfterMs]).toEqual(['LOCKED', true, 2_000]);
    const lockedLonger = classifyHubSpotError(await failWith(423, {}, { 'Retry-After': '5' }));
    expect(lockedLonger.retryAfterMs).toBe(5_000);
    const migrating = classifyHubSpotError(await failWith(477, {}, { 'Retry-After': '7200' }));
    expect([migrating.code, migrating.retryable, migrating.retryAfterMs]).toEqual([
      'MIGRATING',
      true,
      7_200_000,
    ]);
  });

  it('maps statuses: 401, 403, 404, 400 are not retryable; 5xx is', async () => {
    const cases: [number, string, boolean][] = [
      [401, 'UNAUTHORIZED', false],
      [403, 'FORBIDDEN', false],
      [404, 'NOT_FOUND', false],
      [400, 'CLIENT_ERROR', false],
      [409, 'CLIENT_ERROR', false],
      [500, 'SERVER_ERROR', true],
      [502, 'SERVER_ERROR', true],
    ];
    for (const [status, code, retryable] of cases) {
      const err = classifyHubSpotError(
        await failWith(status, {
          status: 'error',
          message: 'nope',
          category: 'VALIDATION_ERROR',
          correlationId: 'c-1',
        }),
      );
      expect([status, err.code, err.retryable]).toEqual([status, code, retryable]);
      expect(err.category).toBe('VALIDATION_ERROR');
      expect(err.correlationId).toBe('c-1');
    }
  });

  it('network failures → NETWORK, retryable', async () => {
    // A real refused connection on loopback (nock's replyWithError hangs node-fetch v2).
    const port = await freePort();
    const client = createHubSpotClient({ basePath: `http://127.0.0.1:${port}`, accessToken: 't' });
    const raw = await client.crm.pipelines.pipelinesApi.getAll('deals').catch((e: unknown) => e);
    const err = classifyHubSpotError(raw);
    expect(err.code).toBe('NETWORK');
    expect(err.retryable).toBe(true);
    expect(err.status).toBeNull();
  });

  it('parses Retry-After as seconds or HTTP date', () => {
    expect(parseRetryAfter('1')).toBe(1_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:02 GMT', now)).toBe(2_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
