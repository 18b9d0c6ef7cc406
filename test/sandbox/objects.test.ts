import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals/models/Filter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient } from '../../sandbox/client';
import { caught, manualClock } from './fixtures';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const PORTAL = 7_700_001;
const clock = manualClock();
let sandbox: Sandbox;
let token: string;
const ids: string[] = [];

const client = () => sandboxClient(sandbox, token);

beforeAll(async () => {
  sandbox = await startSandbox({
    now: clock.now,
    portals: [{ portalId: PORTAL, exchangeRates: { USD: 7 } }],
    rateLimit: { enabled: false },
  });
  token = sandbox.admin.install(PORTAL).accessToken;
  sandbox.admin.defineGroup(PORTAL, 'deals', { name: 'stepwise', label: 'Stepwise' });
  sandbox.admin.defineProperty(PORTAL, 'deals', {
    name: 'sw_seven_step_need',
    label: 'Need',
    groupName: 'stepwise',
    type: 'enumeration',
    fieldType: 'checkbox',
    options: ['problems_known', 'deadline_known', 'solution_known'].map((value) => ({ label: value, value })),
  });
  sandbox.admin.defineProperty(PORTAL, 'deals', {
    name: 'sw_purchase_type',
    label: 'Purchase type',
    groupName: 'stepwise',
    type: 'enumeration',
    fieldType: 'select',
    options: ['single', 'group', 'strategic'].map((value) => ({ label: value, value })),
  });
  // 25 deals: amounts 100 000 … 2 500 000, every 5th without amount, alternating stages.
  const inputs = Array.from({ length: 25 }, (_, i) => ({
    properties: {
      dealname: `项目 ${i + 1}`,
      ...(i % 5 === 4 ? {} : { amount: String((i + 1) * 100_000) }),
      dealstage: i % 2 === 0 ? 'appointmentscheduled' : 'closedwon',
      ...(i < 3 ? { sw_seven_step_need: 'problems_known;deadline_known' } : {}),
    },
    associations: [],
  }));
  const created = await client().crm.deals.batchApi.create({ inputs: inputs.slice(0, 20) });
  const more = await client().crm.deals.batchApi.create({ inputs: inputs.slice(20) });
  ids.push(...[...created.results, ...more.results].map((d) => d.id).sort((a, b) => Number(a) - Number(b)));
});

afterAll(async () => {
  await sandbox.stop();
});

describe('deals and contacts', () => {
  it('creates with defaults: pipeline, first stage, hs_object_id, createdate, amount_in_home_currency', async () => {
    const deal = await client().crm.deals.basicApi.create({
      properties: { dealname: 'USD deal', amount: '1000', deal_currency_code: 'USD' },
      associations: [],
    });
    const read = await client().crm.deals.basicApi.getById(deal.id, [
      'pipeline',
      'dealstage',
      'amount',
      'amount_in_home_currency',
    ]);
    expect(read.properties).toMatchObject({
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
      amount: '1000',
      amount_in_home_currency: '7000',
      hs_object_id: deal.id,
    });
    expect(read.properties['createdate']).toBe(new Date(clock.now()).toISOString());
    expect(read.createdAt).toBeInstanceOf(Date);
  });

  it('batch read returns requested properties (unknown ones omitted, unset ones null) and 207 for missing ids', async () => {
    const res = await client().crm.deals.batchApi.read(
      {
        inputs: [{ id: ids[0] as string }, { id: ids[4] as string }, { id: '999' }],
        properties: ['amount', 'sw_seven_step_need', 'nope'],
        propertiesWithHistory: [],
      },
      false,
    );
    expect(res.status).toBe('COMPLETE');
    expect(res.results).toHaveLength(2);
    const byId = new Map(res.results.map((r) => [r.id, r.properties]));
    expect(byId.get(ids[0] as string)).toEqual({
      amount: '100000',
      sw_seven_step_need: 'problems_known;deadline_known',
      createdate: expect.any(String),
      hs_lastmodifieddate: expect.any(String),
      hs_object_id: ids[0],
    });
    expect(byId.get(ids[4] as string)?.['amount']).toBeNull();
    expect(byId.get(ids[4] as string)?.['sw_seven_step_need']).toBeNull();
    const errors =
      (res as { errors?: { category?: string; context?: Record<string, string[]> }[] }).errors ?? [];
    expect(errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999'] } });
  });

  it('batch update writes values, moves hs_lastmodifieddate, and mirrors amount_in_home_currency', async () => {
    const id = ids[1] as string;
    const before = await client().crm.deals.basicApi.getById(id, ['hs_lastmodifieddate']);
    clock.advance(5_000);
    const res = await client().crm.deals.batchApi.update({
      inputs: [
        {
          id,
          properties: {
            amount: '2500000',
            sw_seven_step_need: 'problems_known;solution_known',
            sw_purchase_type: 'group',
          },
        },
      ],
    });
    expect(res.results[0]?.properties).toMatchObject({ amount: '2500000', sw_purchase_type: 'group' });
    const after = await client().crm.deals.basicApi.getById(id, [
      'hs_lastmodifieddate',
      'amount_in_home_currency',
    ]);
    expect(after.properties['amount_in_home_currency']).toBe('2500000');
    expect(Date.parse(after.properties['hs_lastmodifieddate'] ?? '')).toBe(
      Date.parse(before.properties['hs_lastmodifieddate'] ?? '') + 5_000,
    );
    // Writing the same values again is not a change: hs_lastmodifieddate stays.
    clock.advance(5_000);
    await client().crm.deals.batchApi.update({ inputs: [{ id, properties: { amount: '2500000' } }] });
    const again = await client().crm.deals.basicApi.getById(id, ['hs_lastmodifieddate']);
    expect(again.properties['hs_lastmodifieddate']).toBe(after.properties['hs_lastmodifieddate']);
    // Clearing a value.
    await client().crm.deals.batchApi.update({ inputs: [{ id, properties: { sw_purchase_type: '' } }] });
    expect(
      (await client().crm.deals.basicApi.getById(id, ['sw_purchase_type'])).properties['sw_purchase_type'],
    ).toBe('');
  });

  it('rejects unknown properties and invalid enumeration options (each checkbox value) with VALIDATION_ERROR', async () => {
    const id = ids[2] as string;
    const unknown = await caught(
      client().crm.deals.batchApi.update({ inputs: [{ id, properties: { sw_nope: 'x' } }] }),
    );
    expect(unknown.code).toBe(400);
    expect(unknown.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    const message = (unknown.body as { message: string }).message;
    expect(message.startsWith('Property values were not valid: ')).toBe(true);
    expect(JSON.parse(message.slice('Property values were not valid: '.length))).toEqual([
      {
        isValid: false,
        message: 'Property "sw_nope" does not exist',
        error: 'PROPERTY_DOESNT_EXIST',
        name: 'sw_nope',
        localizedErrorMessage: 'Property "sw_nope" does not exist',
        portalId: PORTAL,
      },
    ]);

    const option = await caught(
      client().crm.deals.basicApi.update(id, {
        properties: { sw_seven_step_need: 'problems_known;made_up' },
      }),
    );
    expect(option.code).toBe(400);
    expect((option.body as { message: string }).message).toContain(
      'made_up was not one of the allowed options: [problems_known, deadline_known, solution_known]',
    );
    expect((option.body as { message: string }).message).toContain('"error":"INVALID_OPTION"');
    const select = await caught(
      client().crm.deals.basicApi.update(id, { properties: { sw_purchase_type: 'single;group' } }),
    );
    expect(select.code).toBe(400);
    const stage = await caught(
      client().crm.deals.basicApi.update(id, { properties: { dealstage: 'nowhere' } }),
    );
    expect(stage.code).toBe(400);
    const number = await caught(client().crm.deals.basicApi.update(id, { properties: { amount: 'lots' } }));
    expect((number.body as { message: string }).message).toContain('INVALID_FLOAT');
    const readOnly = await caught(
      client().crm.deals.basicApi.update(id, { properties: { amount_in_home_currency: '1' } }),
    );
    expect(readOnly.code).toBe(400);
    // Nothing was written by the failed batch.
    expect(
      (await client().crm.deals.basicApi.getById(id, ['sw_seven_step_need'])).properties[
        'sw_seven_step_need'
      ],
    ).toBe('problems_known;deadline_known');
  });

  it('batch update reports missing ids as 207 and refuses duplicate ids', async () => {
    const res = await client().crm.deals.batchApi.update({
      inputs: [
        { id: ids[3] as string, properties: { dealname: 'renamed' } },
        { id: '12345', properties: { dealname: 'ghost' } },
      ],
    });
    expect(res.results.map((r) => r.id)).toEqual([ids[3]]);
    expect((res as { errors?: unknown[] }).errors).toHaveLength(1);
    const dup = await caught(
      client().crm.deals.batchApi.update({
        inputs: [
          { id: ids[3] as string, properties: { dealname: 'a' } },
          { id: ids[3] as string, properties: { dealname: 'b' } },
        ],
      }),
    );
    expect(dup.code).toBe(400);
  });

  it('contacts: create, unique email (409), batch read by email idProperty, update', async () => {
    const api = client().crm.contacts;
    const c = await api.basicApi.create({
      properties: { firstname: '建国', lastname: '王', email: 'wang@example.cn', jobtitle: '采购部长' },
      associations: [],
    });
    const conflict = await caught(
      api.basicApi.create({ properties: { email: 'WANG@example.cn' }, associations: [] }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body).toMatchObject({
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${c.id}`,
    });
    const byEmail = await api.batchApi.read(
      {
        inputs: [{ id: 'wang@example.cn' }],
        idProperty: 'email',
        properties: ['jobtitle'],
        propertiesWithHistory: [],
      },
      false,
    );
    expect(byEmail.results[0]?.id).toBe(c.id);
    expect(byEmail.results[0]?.properties).toMatchObject({
      jobtitle: '采购部长',
      lastmodifieddate: expect.any(String),
    });
    const updated = await api.basicApi.update(c.id, { properties: { jobtitle: '总经理' } });
    expect(updated.properties['jobtitle']).toBe('总经理');
  });

  it('archives: 204, then 404 on read and absent from lists', async () => {
    const d = await client().crm.deals.basicApi.create({
      properties: { dealname: 'to delete' },
      associations: [],
    });
    await client().crm.deals.basicApi.archive(d.id);
    const err = await caught(client().crm.deals.basicApi.getById(d.id));
    expect(err.code).toBe(404);
    expect(err.body).toMatchObject({
      category: 'OBJECT_NOT_FOUND',
      message: 'Object not found.  objectId are usually numeric.',
    });
  });

  it('lists deals with `after` paging', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await client().crm.deals.basicApi.getPage(10, after, ['dealname']);
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    expect(seen.slice(0, 25)).toEqual(ids);
  });
});

describe('search', () => {
  const search = (body: Record<string, unknown>) =>
    client().crm.deals.searchApi.doSearch({
      filterGroups: [],
      properties: ['amount'],
      limit: 100,
      ...body,
    } as never);
  const f = (
    propertyName: string,
    operator: string,
    value?: string,
    extra: Record<string, unknown> = {},
  ) => ({
    propertyName,
    operator: operator as FilterOperatorEnum,
    ...(value !== undefined ? { value } : {}),
    ...extra,
  });

  it('supports EQ, NEQ, GT, GTE, LT, LTE, HAS_PROPERTY, NOT_HAS_PROPERTY and IN', async () => {
    const count = async (filters: unknown[]) => (await search({ filterGroups: [{ filters }] })).total;
    expect(await count([f('amount', 'EQ', '300000')])).toBe(1);
    expect(await count([f('amount', 'GT', '2000000')])).toBe(5); // 2.1M … 2.4M and the 2.5M update of deal 2
    expect(await count([f('amount', 'GTE', '2000000'), f('amount', 'LT', '2300000')])).toBe(2);
    expect(await count([f('amount', 'LTE', '100000')])).toBe(2); // 100 000 and the USD deal's 1 000
    expect(await count([f('amount', 'NOT_HAS_PROPERTY')])).toBe(5);
    expect(
      await count([
        f('amount', 'HAS_PROPERTY'),
        f('dealstage', 'NEQ', 'closedwon'),
        f('dealname', 'HAS_PROPERTY'),
      ]),
    ).toBeGreaterThan(0);
    expect(await count([f('dealstage', 'IN', undefined, { values: ['closedwon'] })])).toBe(12);
    expect(await count([f('sw_seven_step_need', 'EQ', 'deadline_known')])).toBe(2);
    expect(
      await count([f('hs_object_id', 'GT', ids[22] as string), f('hs_object_id', 'LTE', ids[24] as string)]),
    ).toBe(2);
  });

  it('ORs filter groups, sorts, pages with `after` and reports `total`', async () => {
    const res = await search({
      filterGroups: [{ filters: [f('amount', 'LT', '300000')] }, { filters: [f('amount', 'GT', '2350000')] }],
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
      limit: 2,
    });
    expect(res.total).toBe(4);
    expect(res.results.map((r) => r.properties['amount'])).toEqual(['2500000', '2400000']);
    expect(res.paging?.next?.after).toBe('2');
    const next = await search({
      filterGroups: [{ filters: [f('amount', 'LT', '300000')] }, { filters: [f('amount', 'GT', '2350000')] }],
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
      limit: 2,
      after: '2',
    });
    expect(next.results.map((r) => r.properties['amount'])).toEqual(['100000', '1000']);
    expect(next.paging).toBeUndefined();
  });

  it('filters by hs_lastmodifieddate (epoch ms) like the reconcile job does', async () => {
    clock.advance(60_000);
    const since = clock.now();
    clock.advance(1_000);
    await client().crm.deals.basicApi.update(ids[10] as string, { properties: { dealname: 'touched' } });
    const res = await search({
      filterGroups: [{ filters: [f('hs_lastmodifieddate', 'GTE', String(since))] }],
    });
    expect(res.results.map((r) => r.id)).toEqual([ids[10]]);
  });

  it('enforces limit ≤ 200, the 10 000-result cap and filter counts', async () => {
    expect((await caught(search({ limit: 201 }))).code).toBe(400);
    const cap = await caught(search({ limit: 10, after: '10000' }));
    expect(cap.code).toBe(400);
    expect(cap.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    const tooMany = await caught(
      search({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [f('amount', 'HAS_PROPERTY')] })) }),
    );
    expect(tooMany.code).toBe(400);
    expect((await search({ limit: 200 })).results.length).toBeLessThanOrEqual(200);
  });
});
