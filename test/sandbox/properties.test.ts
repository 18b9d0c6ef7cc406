import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionProperties, type HubSpotCall } from '../../src/hubspot/provisioning';
import { sandboxClient } from '../../sandbox/client';
import { caught } from './fixtures';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const PORTAL = 6_600_001;
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ portals: [{ portalId: PORTAL }] });
  token = sandbox.admin.install(PORTAL).accessToken;
});

afterAll(async () => {
  await sandbox.stop();
});

const checkbox = (name: string, values: string[]) => ({
  name,
  label: name,
  description: `${name} checklist`,
  groupName: 'stepwise',
  type: 'enumeration',
  fieldType: 'checkbox',
  formField: true,
  options: values.map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
});

describe('properties API', () => {
  it('creates, lists and relabels a property group; a duplicate is 409', async () => {
    const api = sandboxClient(sandbox, token).crm.properties.groupsApi;
    const created = await api.create('deals', { name: 'stepwise', label: 'Stepwise', displayOrder: -1 });
    expect(created).toMatchObject({ name: 'stepwise', label: 'Stepwise', displayOrder: -1, archived: false });
    const all = await api.getAll('deals');
    expect(all.results.map((g) => g.name)).toEqual(expect.arrayContaining(['dealinformation', 'stepwise']));
    const updated = await api.update('deals', 'stepwise', { label: 'Stepwise 销售方法' });
    expect(updated.label).toBe('Stepwise 销售方法');
    const dup = await caught(api.create('deals', { name: 'stepwise', label: 'again' }));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({ status: 'error', category: 'OBJECT_ALREADY_EXISTS' });
    expect((await caught(api.update('deals', 'nope', { label: 'x' }))).code).toBe(404);
  });

  it('keeps HubSpot’s built-in deal and contact properties', async () => {
    const core = sandboxClient(sandbox, token).crm.properties.coreApi;
    const deals = (await core.getAll('deals', false)).results.map((p) => p.name);
    expect(deals).toEqual(
      expect.arrayContaining([
        'dealname',
        'amount',
        'amount_in_home_currency',
        'dealstage',
        'pipeline',
        'closedate',
        'hs_lastmodifieddate',
        'createdate',
        'hs_object_id',
      ]),
    );
    const contacts = (await core.getAll('contacts', false)).results.map((p) => p.name);
    expect(contacts).toEqual(
      expect.arrayContaining(['firstname', 'lastname', 'email', 'jobtitle', 'hs_object_id']),
    );
    const stage = await core.getByName('deals', 'dealstage');
    expect(stage).toMatchObject({ type: 'enumeration', hubspotDefined: true });
    expect(stage.options.map((o) => o.value)).toContain('closedwon');
    expect(stage.modificationMetadata).toMatchObject({ readOnlyDefinition: true, readOnlyValue: false });
  });

  it('creates one property (201), batch-creates more (201, then 207 for existing ones) and 409s a duplicate', async () => {
    const core = sandboxClient(sandbox, token).crm.properties.coreApi;
    const batch = sandboxClient(sandbox, token).crm.properties.batchApi;
    const one = await core.create('deals', checkbox('sw_test_need', ['a', 'b', 'c']) as never);
    expect(one).toMatchObject({
      name: 'sw_test_need',
      type: 'enumeration',
      fieldType: 'checkbox',
      hubspotDefined: false,
    });
    expect(one.options.map((o) => o.value)).toEqual(['a', 'b', 'c']);

    const dup = await caught(core.create('deals', checkbox('sw_test_need', ['a']) as never));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({
      category: 'OBJECT_ALREADY_EXISTS',
      message: "Property named 'sw_test_need' already exists.",
    });

    const created = await batch.create('deals', {
      inputs: [checkbox('sw_test_funding', ['x', 'y']), checkbox('sw_test_tech', ['z'])] as never,
    });
    expect(created.status).toBe('COMPLETE');
    expect(created.results.map((p) => p.name).sort()).toEqual(['sw_test_funding', 'sw_test_tech']);

    const partial = await batch.create('deals', {
      inputs: [checkbox('sw_test_tech', ['z']), checkbox('sw_test_award', ['w'])] as never,
    });
    expect(partial.results.map((p) => p.name)).toEqual(['sw_test_award']);
    const errors = (partial as { errors?: { message?: string }[] }).errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/already exists/);

    const read = await batch.read('deals', {
      archived: false,
      inputs: [{ name: 'sw_test_tech' }, { name: 'dealname' }],
    });
    expect(read.results.map((p) => p.name).sort()).toEqual(['dealname', 'sw_test_tech']);
  });

  it('updates label, description and options; rejects invalid definitions with 400', async () => {
    const core = sandboxClient(sandbox, token).crm.properties.coreApi;
    await core.create('contacts', {
      ...checkbox('sw_test_stance', ['coach']),
      fieldType: 'select',
      groupName: 'contactinformation',
    } as never);
    const updated = await core.update('contacts', 'sw_test_stance', {
      label: '立场',
      description: 'Stance',
      options: [
        { label: '教练', value: 'coach', displayOrder: 0, hidden: false },
        { label: '支持者', value: 'supporter', displayOrder: 1, hidden: false },
      ],
    } as never);
    expect(updated.label).toBe('立场');
    expect(updated.options.map((o) => o.value)).toEqual(['coach', 'supporter']);
    expect((await core.getByName('contacts', 'sw_test_stance')).description).toBe('Stance');

    const missingGroup = await caught(
      core.create('deals', { ...checkbox('sw_x', ['a']), groupName: 'nope' } as never),
    );
    expect(missingGroup.code).toBe(400);
    expect(missingGroup.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect((await caught(core.getByName('deals', 'sw_missing'))).code).toBe(404);
    expect((await caught(core.update('deals', 'dealname', { label: 'Name' } as never))).code).toBe(400);
  });

  it('100+1 property inputs → 400 VALIDATION_ERROR', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => checkbox(`sw_bulk_${i}`, ['a']));
    const err = await caught(
      sandboxClient(sandbox, token).crm.properties.batchApi.create('deals', { inputs } as never),
    );
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      message:
        'The maximum number of inputs supported in a batch is 100. Please reduce the number of items and try again',
    });
  });

  it('Stepwise provisioning runs against the sandbox and is idempotent', async () => {
    const fresh = 6_600_002;
    sandbox.admin.createPortal({ portalId: fresh });
    const client = sandboxClient(sandbox, sandbox.admin.install(fresh).accessToken);
    const call: HubSpotCall = (_op, fn) => fn(client);
    const first = await provisionProperties(call, 'zh');
    expect(first.deals.groupCreated).toBe(true);
    expect(first.deals.created.length).toBeGreaterThan(10);
    expect(first.deals.conflicts).toEqual([]);
    sandbox.calls.reset();
    const second = await provisionProperties(call, 'zh');
    expect(second.deals.created).toEqual([]);
    expect(second.deals.updated).toEqual([]);
    expect(sandbox.calls.list({ portalId: fresh }).every((c) => c.method === 'GET')).toBe(true);
    const relabel = await provisionProperties(call, 'en');
    expect(relabel.deals.updated.length).toBeGreaterThan(0);
  });
});
