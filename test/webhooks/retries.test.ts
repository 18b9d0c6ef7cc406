import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HUBSPOT,
  addDeal,
  fakePortal,
  mockAssociations,
  mockDealsBatchRead,
  mockDealsBatchUpdate,
  mockPipelines,
  waitFor,
  type FakePortal,
} from './fake-hubspot';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function failDealsRead(
  p: FakePortal,
  status: number,
  body: object,
  headers: Record<string, string> = {},
  times = 1,
) {
  return nock(HUBSPOT)
    .matchHeader('authorization', `Bearer ${p.token}`)
    .post('/crm/v3/objects/deals/batch/read')
    .query(true)
    .times(times)
    .reply(() => {
      p.calls.push(`deals.batchRead:${status}@${Date.now()}`);
      return [status, body, headers];
    });
}

describe('worker retries, rate limits and dead letters (one retry layer)', () => {
  it('429 → waits Retry-After (portal limiter blocked), then succeeds without spending an attempt', async () => {
    const p = fakePortal('3001');
    addDeal(p, '100', { sw_purchase_type: 'P' });
    // attempts: 1 — had the 429 spent an attempt, the job would be dead-lettered instead.
    h = await startHarness([p], { worker: { attempts: 1 } });
    failDealsRead(
      p,
      429,
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
      { 'Retry-After': '1' },
    );
    let retriedAt = 0;
    mockDealsBatchRead(p).on('request', () => {
      retriedAt = Date.now();
    });
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await h.worker.queue.enqueue([{ portalId: '3001', dealIds: ['100'], reason: 'webhook' }]);
    await waitFor(() => p.calls.some((c) => c.startsWith('deals.batchRead:429')));
    const firstAt = Number(p.calls.find((c) => c.startsWith('deals.batchRead:429'))?.split('@')[1]);
    await h.idle();
    expect(retriedAt - firstAt).toBeGreaterThanOrEqual(950);
    expect(p.updates.flat().map((u) => u.id)).toEqual(['100']);
    expect(await h.deadLetters()).toEqual([]);
    const rl = await h.metrics.registry.getSingleMetricAsString('stepwise_hubspot_rate_limited_total');
    expect(rl).toMatch(/stepwise_hubspot_rate_limited_total 1/);
  });

  it('5xx is retried with backoff by BullMQ, then succeeds', async () => {
    const p = fakePortal('3002');
    addDeal(p, '100', { sw_purchase_type: 'I' });
    h = await startHarness([p]);
    failDealsRead(p, 503, { status: 'error', message: 'Service Unavailable' }, {}, 2);
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await h.worker.queue.enqueue([{ portalId: '3002', dealIds: ['100'], reason: 'webhook' }]);
    await h.idle();
    const failures = p.calls
      .filter((c) => c.startsWith('deals.batchRead:503'))
      .map((c) => Number(c.split('@')[1]));
    expect(failures).toHaveLength(2);
    expect(p.updates.flat().map((u) => [u.id, u.properties['sw_funnel_stage']])).toEqual([['100', 'I']]);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('400 → dead letter with the reason, no retry; other deals of the portal still processed later', async () => {
    const p = fakePortal('3003');
    addDeal(p, '100', {});
    const harness = await startHarness([p]);
    h = harness;
    failDealsRead(p, 400, {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'Property values were not valid',
      correlationId: 'abc',
    });
    await h.worker.queue.enqueue([{ portalId: '3003', dealIds: ['100'], reason: 'webhook' }]);
    await waitFor(async () => (await harness.deadLetters()).length === 1);
    await h.idle();
    const [dl] = await h.deadLetters();
    expect(dl).toMatchObject({
      portalId: '3003',
      dealIds: ['100'],
      reason: 'CLIENT_ERROR',
      status: 400,
      category: 'VALIDATION_ERROR',
      source: 'flush',
    });
    expect(dl?.message).toContain('Property values were not valid');
    expect(p.calls.filter((c) => c.startsWith('deals.batchRead'))).toHaveLength(1);
    const metric = await h.metrics.registry.getSingleMetricAsString('stepwise_dead_letters_total');
    expect(metric).toMatch(/reason="CLIENT_ERROR"} 1/);
  });

  it('retryable failures that never stop are dead-lettered after the configured attempts', async () => {
    const p = fakePortal('3004');
    addDeal(p, '100', {});
    const harness = await startHarness([p], { worker: { attempts: 3 } });
    h = harness;
    failDealsRead(p, 500, { status: 'error', message: 'boom' }, {}, 3);
    await h.worker.queue.enqueue([{ portalId: '3004', dealIds: ['100'], reason: 'webhook' }]);
    await waitFor(async () => (await harness.deadLetters()).length === 1);
    await h.idle();
    const [dl] = await h.deadLetters();
    expect(dl).toMatchObject({
      portalId: '3004',
      dealIds: ['100'],
      reason: 'SERVER_ERROR_RETRIES_EXHAUSTED',
      status: 500,
    });
  });

  it('a portal that is no longer installed is dropped, not retried', async () => {
    const p = fakePortal('3005');
    const harness = await startHarness([p]);
    h = harness;
    // 3999 is unknown to the token provider → NOT_INSTALLED
    await h.worker.queue.enqueue([{ portalId: '3999', dealIds: ['1', '2'], reason: 'webhook' }]);
    await waitFor(async () => (await harness.deadLetters()).length === 1);
    await h.idle();
    expect(await h.worker.queue.pending('3999')).toEqual({
      deals: 0,
      contacts: 0,
      inflightDeals: 0,
      inflightContacts: 0,
      meetings: 0,
      inflightMeetings: 0,
    });
    expect((await h.deadLetters())[0]).toMatchObject({ portalId: '3999', reason: 'NOT_INSTALLED' });
  });

  it('close() waits for the running job to finish and then stops taking jobs', async () => {
    const p = fakePortal('3006');
    addDeal(p, '100', { sw_purchase_type: 'P' });
    h = await startHarness([p], { worker: { coalesceMs: 10 } });
    mockDealsBatchRead(p, 1, 500);
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await h.worker.queue.enqueue([{ portalId: '3006', dealIds: ['100'], reason: 'webhook' }]);
    // Five mocks (deals, contacts and meetings associations, pipelines, update): one consumed = the job is running.
    await waitFor(() => nock.pendingMocks().length < 5);
    const t0 = Date.now();
    const harness = h;
    h = undefined;
    await harness.worker.close();
    // the in-flight flush completed its write before close() resolved
    expect(p.updates.flat().map((u) => u.id)).toEqual(['100']);
    expect(Date.now() - t0).toBeGreaterThan(100);
    await harness.close().catch(() => undefined);
  });

  it('401 → one retry (token refreshed by the installation layer), a second 401 is dead-lettered', async () => {
    const p = fakePortal('3007');
    addDeal(p, '100', {});
    const harness = await startHarness([p]);
    h = harness;
    failDealsRead(p, 401, { status: 'error', category: 'INVALID_AUTHENTICATION', message: 'expired' }, {}, 2);
    await harness.worker.queue.enqueue([{ portalId: '3007', dealIds: ['100'], reason: 'webhook' }]);
    await waitFor(async () => (await harness.deadLetters()).length === 1);
    await harness.idle();
    expect((await harness.deadLetters())[0]).toMatchObject({
      portalId: '3007',
      reason: 'UNAUTHORIZED',
      status: 401,
    });
    expect(p.calls.filter((c) => c.startsWith('deals.batchRead:401'))).toHaveLength(2);
  });
});
