import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchDealsPage } from '../../src/hubspot/deal-search';
import { loadDealSnapshots } from '../../src/hubspot/deal-snapshots';
import type { PortalClient } from '../../src/hubspot/portal-client';
import { writeDealOutputs } from '../../src/hubspot/write-back';
import { evaluateDeal } from '../../src/methodology';
import type { SeedResult } from '../../sandbox/admin';
import { sandboxClient } from '../../sandbox/client';
import { stepwiseSubscriptions } from '../../sandbox/default-subscriptions';
import { startReceiver, type Receiver } from './fixtures';
import { DEMO_PORTAL_ID, demoPortalSeed } from '../../sandbox/seed-data';
import { startSandbox, type Sandbox } from '../../sandbox/server';

/** Stepwise's own HubSpot modules (read, search, write back) against the sandbox. */

let sandbox: Sandbox;
let receiver: Receiver;
let seeded: SeedResult;
let portal: PortalClient;

beforeAll(async () => {
  receiver = await startReceiver('sandbox-client-secret');
  sandbox = await startSandbox({
    webhooks: { targetUrl: receiver.url, subscriptions: stepwiseSubscriptions(), flushDelayMs: 5 },
  });
  seeded = sandbox.admin.seed(demoPortalSeed({ stepwiseInputs: true }));
  const client = sandboxClient(sandbox, sandbox.admin.install(DEMO_PORTAL_ID).accessToken);
  portal = { portalId: String(DEMO_PORTAL_ID), call: (_op, fn) => fn(client) };
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.stop();
});

describe('Stepwise HubSpot modules against the sandbox', () => {
  it('loads deal snapshots (deals, contacts, stages) in a handful of calls', async () => {
    sandbox.calls.reset();
    const ids = Object.values(seeded.deals);
    const res = await loadDealSnapshots(portal, [...ids, '999']);
    expect(res.missing).toEqual(['999']);
    expect(res.deals).toHaveLength(16);
    expect(sandbox.calls.size).toBe(res.calls);
    expect(res.calls).toBe(4); // deals batch read, associations, contacts batch read, pipelines
    const group = res.deals.find((d) => d.snapshot.id === seeded.deals['wanjing-group-2026']);
    expect(group?.snapshot.contacts).toHaveLength(4);
    expect(group?.snapshot.stage).toEqual({ isClosed: false, probability: 0.85 });
    const won = res.deals.find((d) => d.snapshot.id === seeded.deals['beian-binjiang']);
    expect(won?.snapshot.stage).toEqual({ isClosed: true, probability: 1 });
  });

  it('pages deals by hs_object_id with search (keyset paging)', async () => {
    const seen: string[] = [];
    let afterId: string | null = '0';
    while (afterId !== null) {
      const page = await searchDealsPage(portal, { afterId, limit: 5 });
      seen.push(...page.deals.map((d) => d.id));
      afterId = page.nextAfterId;
      sandbox.rateLimit.reset();
    }
    expect(seen).toEqual(Object.values(seeded.deals));
  });

  it('writes outputs back; output-only writes send no webhook (outputs are not subscribed)', async () => {
    const { deals } = await loadDealSnapshots(portal, [seeded.deals['jcdata-gov-cloud'] as string]);
    const evaluation = evaluateDeal(deals[0]?.snapshot ?? { id: '0', properties: {}, contacts: [] });
    const result = await writeDealOutputs(portal, [
      { dealId: deals[0]?.snapshot.id ?? '', properties: evaluation.outputs },
    ]);
    expect(result.written).toEqual([seeded.deals['jcdata-gov-cloud']]);
    const stored = sandbox.admin.getObject(
      DEMO_PORTAL_ID,
      'deals',
      seeded.deals['jcdata-gov-cloud'] as string,
    );
    expect(stored?.properties['sw_lead_grade']).toBe(evaluation.outputs['sw_lead_grade']);
    expect(stored?.properties['sw_computed_at']).toMatch(/Z$/);
    await sandbox.webhooksIdle();
    // Outputs are not subscribed; the write changes no scoring input, so nothing is sent.
    expect(receiver.requests).toHaveLength(0);
  });
});
