import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionProperties } from '../../src/hubspot/provisioning';
import { evaluateDeal } from '../../src/methodology';
import type { SeedResult } from '../../sandbox/admin';
import { sandboxClient } from '../../sandbox/client';
import {
  DEMO_PORTAL_ID,
  SECOND_PORTAL_ID,
  bulkPortalSeed,
  demoPortalSeed,
  demoUserEdits,
  secondPortalSeed,
} from '../../sandbox/seed-data';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sandbox: Sandbox;
let seeded: SeedResult;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: { enabled: false } });
  seeded = sandbox.admin.seed(demoPortalSeed({ stepwiseInputs: true }));
  sandbox.admin.seed(secondPortalSeed());
});

afterAll(async () => {
  await sandbox.stop();
});

describe('demo seed data', () => {
  it('is deterministic and realistic', () => {
    expect(demoPortalSeed()).toEqual(demoPortalSeed());
    expect(bulkPortalSeed({ portalId: 1, deals: 50 })).toEqual(bulkPortalSeed({ portalId: 1, deals: 50 }));
    const seed = demoPortalSeed();
    const amounts = (seed.deals ?? [])
      .map((d) => d.properties['amount'])
      .filter((a): a is string => a !== undefined)
      .map(Number);
    expect(Math.min(...amounts)).toBe(450_000);
    expect(Math.max(...amounts)).toBe(5_200_000);
    expect(amounts).toEqual(expect.arrayContaining([1_000_000, 3_000_000, 990_000]));
    expect((seed.deals ?? []).some((d) => d.properties['amount'] === undefined)).toBe(true);
    expect((seed.deals ?? []).map((d) => d.properties['dealname']).join()).toMatch(/楼宇对讲/);
    expect((seed.deals ?? []).map((d) => d.properties['dealname']).join()).toMatch(/安全/);
    const titles = new Set((seed.contacts ?? []).map((c) => c.properties['jobtitle']));
    for (const t of ['IT经理', '采购部长', '总经理']) expect(titles.has(t)).toBe(true);
    expect((seed.deals ?? []).some((d) => (d.contacts ?? []).length === 0)).toBe(true);
  });

  it('is served through the API: deals, contacts, associations, pipelines', async () => {
    const api = sandboxClient(sandbox, sandbox.admin.install(DEMO_PORTAL_ID).accessToken);
    const page = await api.crm.deals.basicApi.getPage(100, undefined, [
      'dealname',
      'amount',
      'pipeline',
      'sw_purchase_type',
    ]);
    expect(page.results).toHaveLength(16);
    const group = page.results.find((d) => d.id === seeded.deals['wanjing-group-2026']);
    expect(group?.properties).toMatchObject({
      dealname: '万景地产集团·2026年度楼宇对讲集中采购',
      amount: '5200000',
      pipeline: '113500001',
      sw_purchase_type: 'group',
    });
    const assoc = await api.crm.associations.v4.batchApi.getPage('deals', 'contacts', {
      inputs: Object.values(seeded.deals).map((id) => ({ id })),
    });
    expect(assoc.results).toHaveLength(15);
    const contacts = await api.crm.contacts.basicApi.getPage(100, undefined, [
      'firstname',
      'lastname',
      'jobtitle',
      'sw_stance',
    ]);
    expect(contacts.results).toHaveLength(24);
    expect(contacts.results.filter((c) => c.properties['sw_stance'] === null).length).toBeGreaterThan(0);
    const other = await sandboxClient(
      sandbox,
      sandbox.admin.install(SECOND_PORTAL_ID).accessToken,
    ).crm.deals.basicApi.getPage(100);
    expect(other.results).toHaveLength(1);
  });

  it('spreads deals across the lead grades when the engine evaluates them', () => {
    const grades = new Map<string, number>();
    for (const deal of sandbox.admin.listObjects(DEMO_PORTAL_ID, 'deals')) {
      const contacts = sandbox.admin.associatedIds(DEMO_PORTAL_ID, 'deals', deal.id).map((id) => ({
        id,
        properties: sandbox.admin.getObject(DEMO_PORTAL_ID, 'contacts', id)?.properties ?? {},
      }));
      const grade = evaluateDeal({ id: deal.id, properties: deal.properties, contacts, stage: null }).outputs[
        'sw_lead_grade'
      ];
      grades.set(String(grade), (grades.get(String(grade)) ?? 0) + 1);
    }
    expect([...grades.keys()].sort()).toEqual(['important', 'ordinary', 'strategic']);
  });

  it('demo user edits apply cleanly after Stepwise provisioned a fresh portal', async () => {
    const fresh = await startSandbox({ rateLimit: { enabled: false } });
    try {
      const result = fresh.admin.seed(demoPortalSeed());
      const client = sandboxClient(fresh, fresh.admin.install(DEMO_PORTAL_ID).accessToken);
      await provisionProperties((_op, fn) => fn(client), 'zh');
      for (const edit of demoUserEdits(result)) fresh.admin.userEdit(DEMO_PORTAL_ID, edit);
      expect(
        fresh.admin.getObject(DEMO_PORTAL_ID, 'deals', result.deals['dhbank-zero-trust'] as string)
          ?.properties['dealstage'],
      ).toBe('closedwon');
    } finally {
      await fresh.stop();
    }
  });
});
