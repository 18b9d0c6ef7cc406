import { afterEach, describe, expect, it } from 'vitest';
import { flushDeduplicationId } from '../../webhooks/queue';
import {
  addDeal,
  fakePortal,
  mockAssociations,
  mockContactsBatchRead,
  mockDealsBatchRead,
  mockDealsBatchUpdate,
  mockPipelines,
  waitFor,
} from './fake-hubspot';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('recompute queue: coalescing, batching, write-only-changes', () => {
  it('50 events for one deal within the window → one flush job, one batch read, one write', async () => {
    const p = fakePortal('1001');
    addDeal(p, '100', { sw_purchase_type: 'P' }, ['900']);
    h = await startHarness([p], { worker: { coalesceMs: 300 } });
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockContactsBatchRead(p);
    mockPipelines(p);
    mockDealsBatchUpdate(p);

    for (let i = 0; i < 50; i++) {
      await h.worker.queue.enqueue([{ portalId: '1001', dealIds: ['100'], reason: 'webhook' }]);
    }
    // Deterministic deduplication id, exactly one pending flush job for the portal.
    const counts = await h.worker.queue.queue.getJobCounts('delayed', 'waiting', 'active');
    expect((counts['delayed'] ?? 0) + (counts['waiting'] ?? 0) + (counts['active'] ?? 0)).toBe(1);
    expect(await h.worker.queue.queue.getDeduplicationJobId(flushDeduplicationId('1001'))).not.toBeNull();

    await h.idle();
    expect(p.calls.filter((c) => c === 'deals.batchRead')).toHaveLength(1);
    expect(p.calls.filter((c) => c === 'deals.batchUpdate')).toHaveLength(1);
    expect(p.updates[0]).toEqual([
      {
        id: '100',
        properties: expect.objectContaining({
          sw_funnel_stage: 'P',
          sw_checklist_progress: '10',
          sw_lead_grade: 'open',
          sw_computed_at: expect.any(String),
        }) as unknown,
      },
    ]);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('writes nothing (no call) when outputs are unchanged, and only changed outputs otherwise', async () => {
    const p = fakePortal('1002');
    addDeal(p, '200', {
      sw_purchase_type: 'I',
      sw_funnel_stage: 'I',
      sw_checklist_progress: '0',
      sw_lead_grade: 'open',
    });
    addDeal(p, '201', {
      sw_purchase_type: 'B',
      sw_funnel_stage: 'I',
      sw_checklist_progress: '',
      sw_lead_grade: 'open',
    });
    h = await startHarness([p]);
    // First flush: 200 unchanged, 201 changes only sw_funnel_stage (progress '' vs '0' is a change: '' ≠ 0).
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await h.worker.queue.enqueue([{ portalId: '1002', dealIds: ['200', '201'], reason: 'webhook' }]);
    await h.idle();
    expect(p.updates).toHaveLength(1);
    expect(p.updates[0]?.map((u) => u.id)).toEqual(['201']);
    expect(Object.keys(p.updates[0]?.[0]?.properties ?? {}).sort()).toEqual([
      'sw_checklist_progress',
      'sw_computed_at',
      'sw_funnel_stage',
    ]);

    // Second flush: everything already correct → reads only, no write call at all.
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    await h.worker.queue.enqueue([{ portalId: '1002', dealIds: ['200', '201'], reason: 'webhook' }]);
    await h.idle();
    expect(p.calls.filter((c) => c === 'deals.batchUpdate')).toHaveLength(1);
  });

  it('a contact change fans out to every deal of that contact', async () => {
    const p = fakePortal('1003');
    addDeal(p, '301', {}, ['7001']);
    addDeal(p, '302', {}, ['7001', '7002']);
    addDeal(p, '303', {}, ['7002']);
    h = await startHarness([p]);
    mockAssociations(p, 'contacts');
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockContactsBatchRead(p);
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await h.worker.queue.enqueue([{ portalId: '1003', contactIds: ['7001'], reason: 'webhook' }]);
    await h.idle();
    expect(p.updates[0]?.map((u) => u.id).sort()).toEqual(['301', '302']);
    expect(p.updates[0]?.find((u) => u.id === '302')?.properties['sw_checklist_progress']).toBe('20');
  });

  it('350 dirty deals → object batches of ≤100 and one association read (about 3.7 calls per 100 deals)', async () => {
    const p = fakePortal('1004');
    const ids: string[] = [];
    for (let i = 0; i < 350; i++) {
      const id = String(10_000 + i);
      ids.push(id);
      addDeal(p, id, { sw_purchase_type: 'P' }, [String(50_000 + i)]);
    }
    h = await startHarness([p]);
    mockDealsBatchRead(p, 4);
    mockAssociations(p, 'deals', 1);
    mockContactsBatchRead(p, 4);
    mockPipelines(p);
    mockDealsBatchUpdate(p, 4);
    // One webhook delivery can carry many events: 350 single-deal requests in one enqueue.
    await h.worker.queue.enqueue(
      ids.map((id) => ({ portalId: '1004', dealIds: [id], reason: 'webhook' as const })),
    );
    await h.idle();
    expect(p.updates.flat()).toHaveLength(350);
    const perCall = p.calls.filter((c) => c !== 'pipelines').length;
    // 4 deal reads + 1 contact association read + 1 meeting association read (visits) + 4 contact reads + 4 writes
    expect(perCall).toBe(14);
    expect(await h.deadLetters()).toEqual([]);
    // latency metric observed once per deal
    const latency = await h.metrics.registry.getSingleMetricAsString('stepwise_job_latency_seconds');
    expect(latency).toMatch(/stepwise_job_latency_seconds_count 350/);
  });

  it('two portals are never mixed: each is read and written with its own token and data', async () => {
    const a = fakePortal('2001');
    const b = fakePortal('2002');
    addDeal(a, '500', { sw_purchase_type: 'P' });
    addDeal(b, '500', { sw_purchase_type: 'B' });
    addDeal(b, '501', { sw_purchase_type: 'I' });
    h = await startHarness([a, b]);
    for (const p of [a, b]) {
      mockDealsBatchRead(p);
      mockAssociations(p, 'deals');
      mockPipelines(p);
      mockDealsBatchUpdate(p);
    }
    await h.worker.queue.enqueue([
      { portalId: '2001', dealIds: ['500'], reason: 'webhook' },
      { portalId: '2002', dealIds: ['500', '501'], reason: 'webhook' },
    ]);
    await h.idle();
    expect(a.updates.flat().map((u) => [u.id, u.properties['sw_funnel_stage']])).toEqual([['500', 'P']]);
    expect(
      b.updates
        .flat()
        .map((u) => [u.id, u.properties['sw_funnel_stage']])
        .sort(),
    ).toEqual([
      ['500', 'B'],
      ['501', 'I'],
    ]);
  });

  it('events arriving while a flush runs trigger exactly one follow-up flush (nothing lost)', async () => {
    const p = fakePortal('1005');
    addDeal(p, '600', { sw_purchase_type: 'P' });
    addDeal(p, '601', { sw_purchase_type: 'P' });
    const harness = await startHarness([p], { worker: { coalesceMs: 50 } });
    h = harness;
    // First read is slow, so the second event lands while the flush is active.
    mockDealsBatchRead(p, 1, 400);
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await h.worker.queue.enqueue([{ portalId: '1005', dealIds: ['600'], reason: 'webhook' }]);
    await waitFor(async () => (await harness.worker.queue.queue.getJobCounts('active'))['active'] === 1);
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockDealsBatchUpdate(p);
    for (let i = 0; i < 5; i++) {
      await h.worker.queue.enqueue([{ portalId: '1005', dealIds: ['601'], reason: 'webhook' }]);
    }
    await h.idle();
    expect(p.updates.map((u) => u.map((x) => x.id))).toEqual([['600'], ['601']]);
  });

  it('ids left in flight by a crashed worker are recovered by the next flush (nothing lost)', async () => {
    const p = fakePortal('1006');
    addDeal(p, '700', { sw_purchase_type: 'P' });
    addDeal(p, '701', { sw_purchase_type: 'I' });
    const harness = await startHarness([p]);
    h = harness;
    // A previous worker claimed 700 and died before acknowledging it.
    await harness.redis.zadd(harness.worker.queue.keys.inflightDeals('1006'), Date.now() - 5_000, '700');
    mockDealsBatchRead(p);
    mockAssociations(p, 'deals');
    mockPipelines(p);
    mockDealsBatchUpdate(p);
    await harness.worker.queue.enqueue([{ portalId: '1006', dealIds: ['701'], reason: 'webhook' }]);
    await harness.idle();
    expect(
      p.updates
        .flat()
        .map((u) => u.id)
        .sort(),
    ).toEqual(['700', '701']);
  });
});
