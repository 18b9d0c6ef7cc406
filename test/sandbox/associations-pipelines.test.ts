import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient } from '../../sandbox/client';
import { caught } from './fixtures';
import { DEMO_PORTAL_ID, KEY_ACCOUNTS_PIPELINE, demoPortalSeed } from '../../sandbox/seed-data';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sandbox: Sandbox;
let token: string;
let seeded: { deals: Record<string, string>; contacts: Record<string, string> };
const client = () => sandboxClient(sandbox, token);

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: { enabled: false } });
  seeded = sandbox.admin.seed(demoPortalSeed());
  token = sandbox.admin.install(DEMO_PORTAL_ID).accessToken;
});

afterAll(async () => {
  await sandbox.stop();
});

const deal = (key: string): string => seeded.deals[key] as string;
const contact = (key: string): string => seeded.contacts[key] as string;

describe('associations v4', () => {
  it('batch read deals→contacts returns HubSpot-defined type 3 and 207 for deals without contacts', async () => {
    const res = await client().crm.associations.v4.batchApi.getPage('deals', 'contacts', {
      inputs: [
        { id: deal('wanjing-group-2026') },
        { id: deal('jinhua-phase2') },
        { id: deal('qingyuan-water') },
      ],
    });
    expect(res.results).toHaveLength(2);
    const group = res.results.find((r) => r._from.id === deal('wanjing-group-2026'));
    expect(group?.to.map((t) => String(t.toObjectId))).toEqual(
      ['wanjing-wang', 'wanjing-chen', 'wanjing-liu', 'wanjing-zhao'].map(contact),
    );
    expect(group?.to[0]?.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }]);
    const errors =
      (res as { errors?: { subCategory?: string; context?: Record<string, string[]> }[] }).errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
      context: { fromObjectId: [deal('qingyuan-water')] },
    });
  });

  it('batch read contacts→deals uses type 4 and finds every deal of a shared contact', async () => {
    const res = await client().crm.associations.v4.batchApi.getPage('contacts', 'deals', {
      inputs: [{ id: contact('wanjing-wang') }],
    });
    expect(res.results[0]?.to.map((t) => String(t.toObjectId)).sort()).toEqual(
      [deal('wanjing-group-2026'), deal('wanjing-feicui-3')].sort(),
    );
    expect(res.results[0]?.to[0]?.associationTypes[0]?.typeId).toBe(4);
  });

  it('creates the default association (PUT …/associations/default/…) and deletes it', async () => {
    const d = deal('qingyuan-water');
    const c = contact('jchosp-xiao');
    const created = await client().crm.associations.v4.basicApi.createDefault('deals', d, 'contacts', c);
    expect(created.status).toBe('COMPLETE');
    expect(created.results.map((r) => [r._from.id, r.to.id, r.associationSpec.associationTypeId])).toEqual([
      [d, c, 3],
      [c, d, 4],
    ]);
    const page = await client().crm.associations.v4.basicApi.getPage('deals', d, 'contacts');
    expect(page.results.map((r) => String(r.toObjectId))).toEqual([c]);
    await client().crm.associations.v4.basicApi.archive('deals', d, 'contacts', c);
    const after = await client().crm.associations.v4.batchApi.getPage('deals', 'contacts', {
      inputs: [{ id: d }],
    });
    expect(after.results).toEqual([]);
  });

  it('batch creates and archives associations', async () => {
    const d = deal('mingde-campus');
    const c = contact('dongyue-peng');
    const res = await client().crm.associations.v4.batchApi.create('deals', 'contacts', {
      inputs: [
        {
          _from: { id: d },
          to: { id: c },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 3,
            },
          ],
        },
      ],
    });
    expect(res.results[0]).toMatchObject({ fromObjectTypeId: '0-3', toObjectTypeId: '0-1', labels: [] });
    expect(sandbox.admin.associatedIds(DEMO_PORTAL_ID, 'deals', d)).toContain(c);
    await client().crm.associations.v4.batchApi.archive('deals', 'contacts', {
      inputs: [{ _from: { id: d }, to: [{ id: c }] }],
    });
    expect(sandbox.admin.associatedIds(DEMO_PORTAL_ID, 'deals', d)).not.toContain(c);
  });

  it('batch read takes up to 1,000 inputs (HubSpot changelog 2025-02), more → 400; batch archive stays at 100', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1) }));
    const api = client().crm.associations.v4.batchApi;
    const ok = await api.getPage('deals', 'contacts', { inputs: ids(1_000) });
    expect(ok.status).toBeDefined();
    const err = await caught(api.getPage('deals', 'contacts', { inputs: ids(1_001) }));
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    const archive = await caught(
      api.archive('deals', 'contacts', {
        inputs: ids(101).map((i) => ({ _from: i, to: [{ id: '1' }] })),
      }),
    );
    expect(archive.code).toBe(400);
  });
});

describe('pipelines and account', () => {
  it('returns the default Sales Pipeline with HubSpot’s stages and string metadata, plus extra pipelines', async () => {
    const all = await client().crm.pipelines.pipelinesApi.getAll('deals');
    expect(all.results.map((p) => p.id)).toEqual(['default', KEY_ACCOUNTS_PIPELINE.id]);
    const sales = all.results[0];
    expect(sales?.label).toBe('Sales Pipeline');
    expect(sales?.stages.map((s) => s.id)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
      'presentationscheduled',
      'decisionmakerboughtin',
      'contractsent',
      'closedwon',
      'closedlost',
    ]);
    expect(sales?.stages.find((s) => s.id === 'appointmentscheduled')?.metadata).toEqual({
      isClosed: 'false',
      probability: '0.2',
    });
    expect(sales?.stages.find((s) => s.id === 'closedwon')?.metadata).toEqual({
      isClosed: 'true',
      probability: '1.0',
    });
    expect(sales?.stages.find((s) => s.id === 'closedlost')?.metadata).toEqual({
      isClosed: 'true',
      probability: '0.0',
    });
    const one = await client().crm.pipelines.pipelinesApi.getById(
      'deals',
      KEY_ACCOUNTS_PIPELINE.id as string,
    );
    expect(one.stages).toHaveLength(7);
    expect((await caught(client().crm.pipelines.pipelinesApi.getById('deals', 'nope'))).code).toBe(404);
  });

  it('creates a pipeline; deals may move to its stages', async () => {
    const created = await client().crm.pipelines.pipelinesApi.create('deals', {
      label: '渠道项目',
      displayOrder: 2,
      stages: [
        { label: '报备', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.2' } },
        { label: '成交', displayOrder: 1, metadata: { isClosed: 'true', probability: '1.0' } },
      ],
    });
    const stage = created.stages[1]?.id as string;
    const updated = await client().crm.deals.basicApi.update(deal('mingde-campus'), {
      properties: { dealstage: stage },
    });
    expect(updated.properties['dealstage']).toBe(stage);
    const read = await client().crm.deals.basicApi.getById(deal('mingde-campus'), ['pipeline']);
    expect(read.properties['pipeline']).toBe(created.id);
  });

  it('GET /account-info/v3/details returns the portal’s currency and time zone', async () => {
    const res = await client().apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      portalId: DEMO_PORTAL_ID,
      companyCurrency: 'CNY',
      timeZone: 'Asia/Shanghai',
      utcOffset: '+08:00',
      utcOffsetMilliseconds: 28_800_000,
      uiDomain: 'app.hubspot.com',
      accountType: 'STANDARD',
    });
  });
});
