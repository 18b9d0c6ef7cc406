import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDealSnapshots } from '../../src/hubspot/deal-snapshots';
import { PipelinesCache } from '../../src/hubspot/pipelines-cache';
import { createPortalClients } from '../../src/hubspot/portal-client';
import { changedOutputs, sameOutputValue, writeDealOutputs } from '../../src/hubspot/write-back';
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
} from './fake-hubspot';

let redis: Redis;
const prefix = uniquePrefix('snap');

beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

describe('changedOutputs', () => {
  it('treats null, undefined and empty string as equal and compares numbers numerically', () => {
    expect(sameOutputValue(null, '')).toBe(true);
    expect(sameOutputValue(undefined, '')).toBe(true);
    expect(sameOutputValue('50', '50.0')).toBe(true);
    expect(sameOutputValue('a\r\nb ', 'a\nb')).toBe(true);
    expect(sameOutputValue('P', 'I')).toBe(false);
    expect(
      changedOutputs(
        { sw_funnel_stage: 'P', sw_checklist_progress: '40', sw_next_actions: null },
        { sw_funnel_stage: 'I', sw_checklist_progress: '40', sw_next_actions: '' },
      ),
    ).toEqual({ sw_funnel_stage: 'I' });
  });
});

describe('loadDealSnapshots and writeDealOutputs', () => {
  it('loads 150 deals with object batch calls of ≤100 and one association read, resolves contacts and stages, reports missing deals', async () => {
    const p = fakePortal('501');
    for (let i = 1; i <= 149; i++) addDeal(p, String(1000 + i), { amount: '10' }, [String(5000 + (i % 120))]);
    addDeal(p, '2000', { dealstage: 'closedwon' }, []);
    const portal = createPortalClients({
      redis,
      prefix,
      tokenProvider: tokenProviderFor(p),
      basePath: HUBSPOT,
    }).forPortal('501');
    const ids = [...p.deals.keys(), '999999'];
    mockDealsBatchRead(p, 2);
    mockAssociations(p, 'deals', 1);
    mockContactsBatchRead(p, 2);
    mockPipelines(p, 1);
    const pipelines = new PipelinesCache({ redis, prefix });
    const asOf = new Date('2026-03-01T00:00:00.000Z');
    const res = await loadDealSnapshots(portal, ids, { pipelines, asOf });
    expect(res.deals).toHaveLength(150);
    expect(res.missing).toEqual(['999999']);
    const d = res.deals.find((x) => x.snapshot.id === '1001');
    expect(d?.snapshot.contacts.map((c) => c.id)).toEqual(['5001']);
    expect(d?.snapshot.stage).toEqual({ isClosed: false, probability: 0.2 });
    expect(res.deals.find((x) => x.snapshot.id === '2000')?.snapshot.stage).toEqual({
      isClosed: true,
      probability: 1,
    });
    expect(d?.current['amount']).toBe('10');
    // The caller's clock and the visits (no meetings here) go into every snapshot.
    expect(d?.snapshot.asOf).toBe('2026-03-01T00:00:00.000Z');
    expect(d?.snapshot.activity).toEqual({ completedVisits: 0 });
    // 2 deal reads (≤100) + 1 contact association read (≤1,000 inputs) + 2 contact reads (120
    // distinct contacts) + 1 meeting association read (no meeting to read)
    expect(res.calls).toBe(6);

    // Pipelines are cached: a second load makes no pipeline call (mockPipelines was times(1)).
    mockDealsBatchRead(p, 1);
    mockAssociations(p, 'deals', 1);
    mockContactsBatchRead(p, 1);
    const again = await loadDealSnapshots(portal, ['1001'], { pipelines, asOf });
    expect(again.deals).toHaveLength(1);
  });

  it('writes only changed values in batches of ≤100 with sw_computed_at, and makes no call when nothing changed', async () => {
    const p = fakePortal('502');
    for (let i = 1; i <= 120; i++) addDeal(p, String(i + 10), {});
    const portal = createPortalClients({
      redis,
      prefix,
      tokenProvider: tokenProviderFor(p),
      basePath: HUBSPOT,
    }).forPortal('502');
    const none = await writeDealOutputs(portal, [{ dealId: '11', properties: {} }]);
    expect(none).toEqual({ written: [], failed: [], calls: 0 });

    mockDealsBatchUpdate(p, 2);
    const writes = [...p.deals.keys()].map((id) => ({ dealId: id, properties: { sw_funnel_stage: 'P' } }));
    const res = await writeDealOutputs(portal, writes, { now: () => new Date('2024-05-01T00:00:00Z') });
    expect(res.calls).toBe(2);
    expect(res.written).toHaveLength(120);
    expect(p.updates.map((u) => u.length)).toEqual([100, 20]);
    expect(p.updates[0]?.[0]?.properties).toEqual({
      sw_funnel_stage: 'P',
      sw_computed_at: '2024-05-01T00:00:00.000Z',
    });
  });
});
