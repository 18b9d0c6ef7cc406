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
} from '../webhooks/fake-hubspot';
import { startHarness, type Harness } from '../webhooks/harness';

/**
 * Regression tests for the retry budget of transient HubSpot failures (found by the 30 % 5xx
 * scenario, which used to dead-letter whole batches): the budget is `attempts` consecutive tries
 * in which HubSpot answered no call, so a flaky HubSpot that answers some calls of every try
 * cannot exhaust it; a batch that fails the same way on every try still ends in a dead letter
 * (hard cap: 5 × attempts tries), never in an endless retry loop.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function fail(p: FakePortal, path: string, times: number): nock.Scope {
  return nock(HUBSPOT)
    .matchHeader('authorization', `Bearer ${p.token}`)
    .post(path)
    .query(true)
    .times(times)
    .reply(() => {
      p.calls.push(`${path}:500`);
      return [500, { status: 'error', message: 'internal error' }];
    });
}

describe('transient HubSpot failures: the retry budget counts tries without any answer', () => {
  it('a try that got some answers resets the streak: 3 failing tries succeed with attempts = 2', async () => {
    const p = fakePortal('8101');
    addDeal(p, '100', { sw_purchase_type: 'I' });
    h = await startHarness([p], { worker: { attempts: 2 } });
    // try 1: deals read 500 (no answer: streak 1)
    fail(p, '/crm/v3/objects/deals/batch/read', 1);
    // try 2: deals read ok, associations 500 (an answer: streak 0)
    mockDealsBatchRead(p);
    fail(p, '/crm/v4/associations/deals/contacts/batch/read', 1);
    // try 3: deals read 500 again (streak 1) — with a plain attempt count this was the end
    fail(p, '/crm/v3/objects/deals/batch/read', 1);
    // try 4: everything answers
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);

    await h.worker.queue.enqueue([{ portalId: '8101', dealIds: ['100'], reason: 'webhook' }]);
    await waitFor(() => p.updates.length === 1);
    await h.idle();
    expect(p.updates.flat().map((u) => [u.id, u.properties['sw_funnel_stage']])).toEqual([['100', 'I']]);
    expect(await h.deadLetters()).toEqual([]);
    const failed = await h.worker.queue.queue.getJobCounts('failed');
    expect(failed['failed']).toBe(0);
  });

  it('a batch that fails the same way on every try is dead-lettered at 5 × attempts tries', async () => {
    const p = fakePortal('8102');
    addDeal(p, '200', { sw_purchase_type: 'B' });
    const harness = await startHarness([p], { worker: { attempts: 2 } });
    h = harness;
    // Every try: deals read answers, associations 500 — progress each time, so only the cap ends it.
    mockDealsBatchRead(p, 10);
    fail(p, '/crm/v4/associations/deals/contacts/batch/read', 10);
    await h.worker.queue.enqueue([{ portalId: '8102', dealIds: ['200'], reason: 'webhook' }]);
    await waitFor(async () => (await harness.deadLetters()).length === 1, 15_000);
    await h.idle();
    const [dl] = await h.deadLetters();
    expect(dl).toMatchObject({
      portalId: '8102',
      dealIds: ['200'],
      reason: 'SERVER_ERROR_RETRIES_EXHAUSTED',
      status: 500,
      attempts: 10,
    });
    expect(p.calls.filter((c) => c === 'deals.batchRead')).toHaveLength(10);
    expect(p.updates).toEqual([]);
  });
});
