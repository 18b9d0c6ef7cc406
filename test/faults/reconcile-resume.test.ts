import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors';
import { reconcilePortal, type ReconcileProgress } from '../../webhooks/reconcile';
import { HUBSPOT, addDeal, fakePortal, mockDealsSearch } from '../webhooks/fake-hubspot';
import { startHarness, type Harness } from '../webhooks/harness';

/**
 * Regression test (found by `npm run load`: at the 10-minute reconcile tick the sweep of 2 000
 * recently modified deals per portal met search 429s and started over from the first page after
 * every one, re-marking the same deals and draining for minutes): an interrupted sweep resumes
 * at the page where it stopped and sets the watermark of its original start.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('reconcile sweep interrupted by a 429', () => {
  it('resumes at the page where it stopped', async () => {
    const p = fakePortal('5101');
    const now = Date.now();
    for (let i = 1; i <= 250; i++) addDeal(p, String(1000 + i), { hs_lastmodifieddate: String(now - 1_000) });
    h = await startHarness([p], { worker: { autorun: false } });
    const queue = h.worker.queue;
    const portal = h.portalClients.forPortal('5101');
    mockDealsSearch(p, 1); // page 1 (200 deals: HubSpot's maximum search page)
    nock(HUBSPOT)
      .post('/crm/v3/objects/deals/search')
      .reply(() => {
        p.calls.push('deals.search:429');
        return [
          429,
          { status: 'error', message: 'You have reached your secondly limit.', policyName: 'SECONDLY' },
          { 'Retry-After': '1' },
        ];
      });
    let progress: ReconcileProgress | undefined;
    const onPage = async (x: ReconcileProgress): Promise<void> => {
      progress = x;
    };
    const first = await reconcilePortal(queue, portal, { onPage }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(HubSpotError);
    expect((first as HubSpotError).code).toBe('RATE_LIMITED');
    expect(progress?.afterId).toBe('1200');
    const sweepStart = progress?.sweepStart;

    mockDealsSearch(p, 1); // page 2 (the last 50), not page 1 again
    const second = await reconcilePortal(queue, portal, {
      onPage,
      ...(progress ? { resume: progress } : {}),
    });
    expect(second).toMatchObject({ complete: true, pages: 1, enqueued: 50 });
    expect(p.calls.filter((c) => c.startsWith('deals.search'))).toEqual([
      'deals.search',
      'deals.search:429',
      'deals.search',
    ]);
    expect(await h.redis.zcard(queue.keys.dirtyDeals('5101'))).toBe(250);
    expect(await h.redis.get(queue.keys.reconcileWatermark('5101'))).toBe(String(sweepStart));
  });
});
