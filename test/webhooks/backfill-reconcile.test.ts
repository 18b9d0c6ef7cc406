import { afterEach, describe, expect, it } from 'vitest';
import { PipelinesCache } from '../../src/hubspot/pipelines-cache';
import { createBackfillControl, readBackfillState, runBackfillSlice } from '../../webhooks/backfill';
import { enqueueReconcileJobs, reconcileOffsetMs, reconcilePortal } from '../../webhooks/reconcile';
import {
  addDeal,
  fakePortal,
  mockAssociations,
  mockDealsBatchUpdate,
  mockDealsSearch,
  mockPipelines,
  stubEvaluate,
  type FakePortal,
} from './fake-hubspot';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function portalWithDeals(portalId: string, n: number): FakePortal {
  const p = fakePortal(portalId);
  for (let i = 1; i <= n; i++) addDeal(p, String(i * 3), { sw_purchase_type: i % 2 === 0 ? 'P' : 'I' });
  return p;
}

describe('backfill', () => {
  it('grades every deal page by page through the worker, with progress, and is idempotent', async () => {
    const p = portalWithDeals('4001', 250);
    h = await startHarness([p]);
    // 2 search pages of HubSpot's maximum 200 (200/50, DEAL_READ_PROPERTIES from search: no deals
    // batch read); the 250 deals are graded as one group: 1 association read (≤1,000 inputs),
    // 1 pipelines call, 3 batch updates (≤100).
    mockDealsSearch(p, 2);
    mockAssociations(p, 'deals', 1);
    mockPipelines(p);
    mockDealsBatchUpdate(p, 3);
    const control = createBackfillControl(h.worker.queue);
    const first = await control.startBackfill('4001');
    expect(first.state).toBe('running');
    const second = await control.startBackfill('4001');
    expect(second.startedAt).toBe(first.startedAt); // still the same run
    await h.idle();
    const status = await control.getBackfillStatus('4001');
    expect(status).toMatchObject({ state: 'done', processed: 250, total: 250, error: null });
    expect(status.finishedAt).not.toBeNull();
    expect(p.updates.flat()).toHaveLength(250);
    expect(p.calls.filter((c) => c === 'deals.batchRead')).toHaveLength(0);
  });

  it('resumes from the saved cursor after an interruption', async () => {
    const p = portalWithDeals('4002', 230);
    h = await startHarness([p], { worker: { autorun: false } });
    const queue = h.worker.queue;
    const control = createBackfillControl(queue);
    await control.startBackfill('4002');
    const runId = (await readBackfillState(queue, '4002')).runId ?? '';
    const portal = h.portalClients.forPortal('4002');
    const ctx = {
      pipelines: new PipelinesCache({ redis: h.redis, prefix: h.prefix }),
      evaluate: stubEvaluate,
    };

    // Runner 1 does one page and "crashes" (budget 0 → stops after the first page).
    mockDealsSearch(p, 1);
    mockAssociations(p, 'deals', 1);
    mockPipelines(p);
    mockDealsBatchUpdate(p, 1);
    expect(await runBackfillSlice(ctx, queue, portal, runId, { budgetMs: 0, pageSize: 100 })).toBe('more');
    const mid = await readBackfillState(queue, '4002');
    expect(mid.status).toMatchObject({ state: 'running', processed: 100, total: 230 });
    expect(mid.cursor).toBe('300'); // id of the 100th deal

    // Runner 2 (a new process) continues from the cursor: pages 2 and 3 only, graded as one
    // group (progress is recorded per graded group).
    const progress: number[] = [];
    mockDealsSearch(p, 2);
    mockAssociations(p, 'deals', 1);
    mockDealsBatchUpdate(p, 2);
    expect(
      await runBackfillSlice(ctx, queue, portal, runId, {
        pageSize: 100,
        onProgress: (s) => progress.push(s.processed),
      }),
    ).toBe('done');
    expect(progress).toEqual([230]);
    const ids = p.updates.flat().map((u) => Number(u.id));
    expect(new Set(ids).size).toBe(230); // every deal graded exactly once
    expect((await control.getBackfillStatus('4002')).state).toBe('done');
  });

  it('a second runner is refused while one holds the lease', async () => {
    const p = portalWithDeals('4003', 1);
    h = await startHarness([p], { worker: { autorun: false } });
    const control = createBackfillControl(h.worker.queue);
    await control.startBackfill('4003');
    const runId = (await readBackfillState(h.worker.queue, '4003')).runId ?? '';
    await h.redis.set(h.worker.queue.keys.backfillLease('4003'), 'someone-else', 'PX', 5_000);
    const ctx = {
      pipelines: new PipelinesCache({ redis: h.redis, prefix: h.prefix }),
      evaluate: stubEvaluate,
    };
    expect(await runBackfillSlice(ctx, h.worker.queue, h.portalClients.forPortal('4003'), runId)).toBe(
      'busy',
    );
  });
});

describe('reconcile', () => {
  it('enqueues deals modified since the last sweep (minus overlap) and advances the watermark', async () => {
    const p = fakePortal('5001');
    const now = 1_700_000_000_000;
    addDeal(p, '10', { hs_lastmodifieddate: String(now - 60 * 60_000) }); // an hour ago: not swept
    addDeal(p, '11', { hs_lastmodifieddate: String(now - 5 * 60_000) });
    addDeal(p, '12', { hs_lastmodifieddate: String(now - 60_000) });
    h = await startHarness([p], { worker: { autorun: false } });
    const queue = h.worker.queue;
    const portal = h.portalClients.forPortal('5001');
    mockDealsSearch(p, 1);
    const r1 = await reconcilePortal(queue, portal, {
      intervalMs: 10 * 60_000,
      overlapMs: 2 * 60_000,
      now: () => now,
    });
    expect(r1).toMatchObject({ enqueued: 2, complete: true, since: now - 12 * 60_000 });
    expect(await h.redis.zrange(queue.keys.dirtyDeals('5001'), 0, -1)).toEqual(['11', '12']);
    expect(await h.redis.get(queue.keys.reconcileWatermark('5001'))).toBe(String(now));
    // a flush is scheduled for the portal through the normal coalescing path
    expect(await queue.queue.getDeduplicationJobId('flush-5001')).not.toBeNull();

    // Next sweep starts at the watermark minus overlap.
    addDeal(p, '13', { hs_lastmodifieddate: String(now + 9 * 60_000) });
    mockDealsSearch(p, 1);
    const later = now + 10 * 60_000;
    const r2 = await reconcilePortal(queue, portal, {
      intervalMs: 10 * 60_000,
      overlapMs: 2 * 60_000,
      now: () => later,
    });
    // deal 12 is inside the overlap, deal 13 is new
    expect(r2).toMatchObject({ since: now - 2 * 60_000, enqueued: 2 });
  });

  it('a tick fans out one reconcile job per portal, deduplicated per slot across processes', async () => {
    h = await startHarness([], { worker: { autorun: false } });
    const queue = h.worker.queue;
    const t = 1_700_000_000_000;
    expect(await enqueueReconcileJobs(queue, ['1', '2', 'bad:id'], 600_000, t)).toBe(2);
    await enqueueReconcileJobs(queue, ['1', '2'], 600_000, t + 1_000); // another process, same slot
    const jobs = await queue.queue.getJobs(['waiting', 'delayed']);
    expect(jobs.map((j) => j.id).sort()).toEqual([
      `reconcile-1-${Math.floor(t / 600_000)}`,
      `reconcile-2-${Math.floor(t / 600_000)}`,
    ]);
    // Each sweep waits for its portal's place in the period.
    for (const j of jobs)
      expect(j.opts.delay).toBe(reconcileOffsetMs((j.data as { portalId: string }).portalId, 600_000));
  });

  it('sweeps are spread over the period: no herd at its top', () => {
    const interval = 600_000;
    const buckets = new Array<number>(10).fill(0);
    for (let p = 0; p < 10_000; p++) {
      const offset = reconcileOffsetMs(String(40_000_000 + p), interval);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(interval);
      buckets[Math.floor((offset / interval) * 10)] =
        (buckets[Math.floor((offset / interval) * 10)] ?? 0) + 1;
    }
    // Every tenth of the period holds about a tenth of the portals (1 000 ± 15 %).
    for (const n of buckets) expect(Math.abs(n - 1_000)).toBeLessThan(150);
    expect(reconcileOffsetMs('123', interval)).toBe(reconcileOffsetMs('123', interval));
  });
});
