import { afterEach, describe, expect, it } from 'vitest';
import { createPortalClients } from '../../src/hubspot/portal-client';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import {
  HUBSPOT,
  addDeal,
  fakePortal,
  mockAssociations,
  mockContactsBatchRead,
  mockDealsBatchRead,
  mockDealsBatchUpdate,
  mockPipelines,
  tokenProviderFor,
  waitFor,
} from './fake-hubspot';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('worker with the real engine and several processes', () => {
  it('writes the engine outputs once; a re-grade of an unchanged deal writes nothing', async () => {
    const p = fakePortal('6001');
    addDeal(p, '100', { sw_seven_step_need: 'problems_known;deadline_known', amount: '5000000' }, ['9']);
    p.contacts.set('9', { sw_decision_role: 'decision_maker', sw_stance: 'coach', sw_contact_depth: 'deep' });
    h = await startHarness([p], { evaluate: null });
    mockDealsBatchRead(p, 2);
    mockAssociations(p, 'deals', 2);
    mockContactsBatchRead(p, 2);
    mockPipelines(p);
    mockDealsBatchUpdate(p, 1);
    await h.worker.queue.enqueue([{ portalId: '6001', dealIds: ['100'], reason: 'webhook' }]);
    await h.idle();
    const written = p.updates[0]?.[0]?.properties ?? {};
    expect(written).toMatchObject({
      sw_lead_grade: 'strategic',
      sw_relationship_level: 'B',
      sw_lead_stage: 'info',
    });
    expect(written['sw_computed_at']).toMatch(/^\d{4}-\d\d-\d\dT/);
    // HubSpot would echo our write as a webhook: the re-grade finds nothing changed → no write.
    await h.worker.queue.enqueue([{ portalId: '6001', dealIds: ['100'], reason: 'webhook' }]);
    await h.idle();
    expect(p.updates).toHaveLength(1);
  });

  it('two processes (two PortalClients, two connections) never exceed the per-portal limit at HubSpot', async () => {
    const prefix = uniquePrefix('two');
    const redisA = testRedis();
    const redisB = testRedis();
    const p = fakePortal('6002');
    const seen: number[] = [];
    mockPipelines(p, 30).on('request', () => {
      seen.push(Date.now());
    });
    try {
      const limits = { max: 5, windowMs: 400 };
      const clients = [redisA, redisB].map((redis) =>
        createPortalClients({
          redis,
          prefix,
          tokenProvider: tokenProviderFor(p),
          basePath: HUBSPOT,
          limits,
        }).forPortal('6002'),
      );
      const t0 = Date.now();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          clients[i % 2]?.call('pipelines.getAll', (c) => c.crm.pipelines.pipelinesApi.getAll('deals')),
        ),
      );
      const elapsed = Date.now() - t0;
      const sorted = [...seen].sort((x, y) => x - y);
      let worst = 0;
      for (let i = 0; i < sorted.length; i++) {
        let j = i;
        while (j < sorted.length && (sorted[j] ?? 0) - (sorted[i] ?? 0) < 380) j++;
        worst = Math.max(worst, j - i);
      }
      expect(sorted).toHaveLength(30);
      expect(worst).toBeLessThanOrEqual(5);
      expect(elapsed).toBeGreaterThanOrEqual(5 * 400 - 50); // 30 calls = 6 windows
    } finally {
      await deleteByPrefix(redisA, prefix);
      await redisA.quit();
      await redisB.quit();
    }
  });

  it('dropPortal forgets pending ids and the pending flush of that portal only', async () => {
    const x = fakePortal('6003');
    const y = fakePortal('6004');
    h = await startHarness([x, y], { worker: { autorun: false } });
    await h.worker.queue.enqueue([
      { portalId: '6003', dealIds: ['1', '2'], contactIds: ['3'], reason: 'webhook' },
      { portalId: '6004', dealIds: ['1'], reason: 'webhook' },
    ]);
    await h.worker.queue.dropPortal('6003');
    expect(await h.worker.queue.pending('6003')).toEqual({
      deals: 0,
      contacts: 0,
      inflightDeals: 0,
      inflightContacts: 0,
      meetings: 0,
      inflightMeetings: 0,
    });
    expect((await h.worker.queue.pending('6004')).deals).toBe(1);
    const jobs = await h.worker.queue.queue.getJobs(['delayed', 'waiting']);
    expect(jobs.map((j) => (j.data as { portalId: string }).portalId)).toEqual(['6004']);
  });

  it('exports queue depth (jobs by state and dirty ids) as a gauge', async () => {
    const x = fakePortal('6005');
    h = await startHarness([x], { worker: { autorun: false, queueDepthIntervalMs: 30 } });
    await h.worker.queue.enqueue([{ portalId: '6005', dealIds: ['1', '2', '3'], reason: 'webhook' }]);
    const harness = h;
    await waitFor(async () =>
      /state="dirty_ids"} 3/.test(
        await harness.metrics.registry.getSingleMetricAsString('stepwise_queue_depth'),
      ),
    );
    const text = await harness.metrics.registry.getSingleMetricAsString('stepwise_queue_depth');
    expect(text).toMatch(/queue="recompute",state="delayed"} 1/);
  });
});
