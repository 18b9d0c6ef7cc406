import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { buildPropertyDefinitions, type PropertyDefinition } from '../../src/methodology';
import { directHubSpotCall } from '../../src/server/app';
import { mergeOptions, provisionProperties } from '../../src/hubspot/provisioning';
import { HUBSPOT_API } from '../support/service-fixtures';

const call = () => directHubSpotCall(HUBSPOT_API, '1', 'token-1');
const en = buildPropertyDefinitions('en');
const zh = buildPropertyDefinitions('zh');

/** How HubSpot returns a property we created. */
const asHubSpot = (d: PropertyDefinition) => ({
  ...d,
  hidden: false,
  hubspotDefined: false,
  createdAt: '2024-01-01T00:00:00Z',
  options: d.options.map((o) => ({ ...o })),
});

function mockExisting(deals: unknown[], contacts: unknown[], groupLabel = en.group.label) {
  const hs = nock(HUBSPOT_API);
  hs.get('/crm/v3/properties/deals/groups').reply(200, {
    results: [{ name: 'stepwise', label: groupLabel, displayOrder: -1, archived: false }],
  });
  hs.get('/crm/v3/properties/deals').query({ archived: 'false' }).reply(200, { results: deals });
  hs.get('/crm/v3/properties/contacts/groups').reply(200, {
    results: [{ name: 'stepwise', label: groupLabel, displayOrder: -1, archived: false }],
  });
  hs.get('/crm/v3/properties/contacts').query({ archived: 'false' }).reply(200, { results: contacts });
  return hs;
}

/** HubSpot's answer to a batch create that created everything. */
const BATCH_CREATED = {
  status: 'COMPLETE',
  results: [],
  startedAt: '2024-01-01T00:00:00Z',
  completedAt: '2024-01-01T00:00:01Z',
};

describe('provisionProperties', () => {
  it('is idempotent: with everything in place it only reads (no create, no update)', async () => {
    const hs = mockExisting(
      [
        ...en.deals.map(asHubSpot),
        {
          name: 'amount',
          label: 'Amount',
          type: 'number',
          fieldType: 'number',
          groupName: 'dealinformation',
          description: '',
          options: [],
        },
      ],
      en.contacts.map(asHubSpot),
    );
    const report = await provisionProperties(call(), 'en');
    expect(hs.isDone()).toBe(true);
    expect(report.deals).toMatchObject({
      groupCreated: false,
      groupUpdated: false,
      created: [],
      updated: [],
      conflicts: [],
    });
    expect(report.deals.unchanged).toHaveLength(en.deals.length);
    expect(report.contacts.unchanged).toHaveLength(en.contacts.length);
  });

  it('creates only what is missing, in one batch per object type', async () => {
    const missing = en.deals.slice(0, 3).map((d) => d.name);
    const hs = mockExisting(en.deals.slice(3).map(asHubSpot), en.contacts.map(asHubSpot));
    let inputs: { name: string; options?: unknown[] }[] = [];
    hs.post('/crm/v3/properties/deals/batch/create', (b: { inputs: typeof inputs }) => {
      inputs = b.inputs;
      return true;
    }).reply(201, BATCH_CREATED);
    const report = await provisionProperties(call(), 'en');
    expect(report.deals.created).toEqual(missing);
    expect(inputs.map((i) => i.name)).toEqual(missing);
    expect(inputs[0]?.options?.length).toBeGreaterThan(0);
  });

  it('tolerates "already exists" from a concurrent install, fails clearly on other batch errors', async () => {
    const hs = mockExisting(en.deals.slice(1).map(asHubSpot), en.contacts.map(asHubSpot));
    hs.post('/crm/v3/properties/deals/batch/create').reply(207, {
      status: 'COMPLETE',
      results: [],
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_ALREADY_EXISTS',
          message: `Property named '${en.deals[0]?.name}' already exists.`,
          context: {},
          links: {},
          errors: [],
        },
      ],
      startedAt: '2024-01-01T00:00:00Z',
      completedAt: '2024-01-01T00:00:01Z',
    });
    await expect(provisionProperties(call(), 'en')).resolves.toBeDefined();

    const hs2 = nock(HUBSPOT_API);
    hs2.get('/crm/v3/properties/deals/groups').reply(200, {
      results: [{ name: 'stepwise', label: en.group.label, displayOrder: -1, archived: false }],
    });
    hs2
      .get('/crm/v3/properties/deals')
      .query(true)
      .reply(200, { results: en.deals.slice(1).map(asHubSpot) });
    hs2.post('/crm/v3/properties/deals/batch/create').reply(207, {
      status: 'COMPLETE',
      results: [],
      errors: [
        {
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: 'Too many properties',
          context: {},
          links: {},
          errors: [],
        },
      ],
      startedAt: '2024-01-01T00:00:00Z',
      completedAt: '2024-01-01T00:00:01Z',
    });
    await expect(provisionProperties(call(), 'en')).rejects.toMatchObject({
      code: 'PROVISIONING_FAILED',
      message: expect.stringContaining('Too many properties'),
    });
  });

  it('a changed label only → PATCH of the label alone (options untouched)', async () => {
    const target = en.deals.find((d) => d.type === 'enumeration') as PropertyDefinition;
    const stale = {
      ...asHubSpot(target),
      label: 'Old label',
      options: [
        ...target.options,
        { label: 'Legacy', value: 'legacy', description: '', displayOrder: 50, hidden: false },
      ],
    };
    const hs = mockExisting(
      en.deals.map((d) => (d.name === target.name ? stale : asHubSpot(d))),
      en.contacts.map(asHubSpot),
    );
    hs.patch(`/crm/v3/properties/deals/${target.name}`, { label: target.label }).reply(200, {
      ...stale,
      label: target.label,
    });
    const report = await provisionProperties(call(), 'en');
    expect(report.deals.updated).toEqual([target.name]);
  });

  it('changed label and option label → PATCH; an extra option that exists in HubSpot is kept', async () => {
    const target = en.deals.find(
      (d) => d.type === 'enumeration' && d.fieldType === 'checkbox',
    ) as PropertyDefinition;
    const stale = {
      ...asHubSpot(target),
      label: 'Old label',
      options: [
        ...target.options.map((o, i) =>
          i === 0 ? { ...o, hidden: true } : i === 1 ? { ...o, label: 'Old option label' } : o,
        ),
        { label: 'Legacy item', value: 'legacy_item', description: '', displayOrder: 99, hidden: false },
      ],
    };
    const hs = mockExisting(
      en.deals.map((d) => (d.name === target.name ? stale : asHubSpot(d))),
      en.contacts.map(asHubSpot),
    );
    let patch: { label?: string; options?: { value: string; hidden: boolean }[]; type?: string } = {};
    hs.patch(`/crm/v3/properties/deals/${target.name}`, (b: typeof patch) => {
      patch = b;
      return true;
    }).reply(200, { ...stale, label: target.label });
    const report = await provisionProperties(call(), 'en');
    expect(report.deals.updated).toEqual([target.name]);
    expect(patch.label).toBe(target.label);
    expect(patch.type).toBeUndefined(); // never changes a type
    const values = patch.options?.map((o) => o.value) ?? [];
    expect(values).toEqual([...target.options.map((o) => o.value), 'legacy_item']);
    expect(patch.options?.[0]?.hidden).toBe(true); // user's choice kept
  });

  it('upgrades a portal provisioned before v2: creates the new properties, adds new options, relabels roles', async () => {
    const NEW = ['sw_closing_actions', 'sw_buying_phase', 'sw_alerts', 'sw_funnel_stage_since'];
    const v1Deals = en.deals
      .filter((d) => !NEW.includes(d.name))
      .map((d) =>
        d.name === 'sw_followup_progress'
          ? {
              ...asHubSpot(d),
              options: asHubSpot(d).options.filter(
                (o) => !['developer_known', 'company_profiled'].includes(o.value),
              ),
            }
          : asHubSpot(d),
      );
    const v1Contacts = en.contacts.map((d) =>
      d.name === 'sw_decision_role'
        ? {
            ...asHubSpot(d),
            options: asHubSpot(d).options.map((o) =>
              o.value === 'decision_maker' ? { ...o, label: 'Decision maker' } : o,
            ),
          }
        : asHubSpot(d),
    );
    const hs = mockExisting(v1Deals, v1Contacts);
    let created: string[] = [];
    hs.post('/crm/v3/properties/deals/batch/create', (b: { inputs: { name: string }[] }) => {
      created = b.inputs.map((i) => i.name);
      return true;
    }).reply(201, BATCH_CREATED);
    let followup: { options?: { value: string }[] } = {};
    hs.patch('/crm/v3/properties/deals/sw_followup_progress', (b: typeof followup) => {
      followup = b;
      return true;
    }).reply(200, {});
    let role: { options?: { value: string; label: string }[] } = {};
    hs.patch('/crm/v3/properties/contacts/sw_decision_role', (b: typeof role) => {
      role = b;
      return true;
    }).reply(200, {});
    const report = await provisionProperties(call(), 'en');
    expect(hs.isDone()).toBe(true);
    expect(created.sort()).toEqual([...NEW].sort());
    expect(report.deals.updated).toEqual(['sw_followup_progress']);
    expect(followup.options?.map((o) => o.value).slice(0, 2)).toEqual([
      'developer_known',
      'company_profiled',
    ]);
    expect(report.contacts.updated).toEqual(['sw_decision_role']);
    // Option values never change; only their labels follow seed 003.
    expect(role.options?.map((o) => o.value)).toEqual([
      'decision_maker',
      'influencer',
      'gatekeeper',
      'purchaser',
      'user',
    ]);
    expect(role.options?.[0]?.label).toBe('Decision maker (has the final say)');
  });

  it('relabel to another language PATCHes labels and the group label', async () => {
    const hs = mockExisting(en.deals.map(asHubSpot), en.contacts.map(asHubSpot));
    hs.patch('/crm/v3/properties/deals/groups/stepwise', { label: zh.group.label }).reply(200, {
      name: 'stepwise',
      label: zh.group.label,
      displayOrder: -1,
      archived: false,
    });
    hs.patch('/crm/v3/properties/contacts/groups/stepwise', { label: zh.group.label }).reply(200, {
      name: 'stepwise',
      label: zh.group.label,
      displayOrder: -1,
      archived: false,
    });
    const patched: string[] = [];
    hs.patch(/\/crm\/v3\/properties\/(deals|contacts)\/sw_[a-z0-9_]+$/)
      .times(en.deals.length + en.contacts.length)
      .reply(200, (uri, body) => {
        patched.push(uri);
        return { name: uri.split('/').pop(), ...(body as object) };
      });
    const { relabelProperties } = await import('../../src/hubspot/provisioning');
    const report = await relabelProperties(call(), 'zh');
    expect(report.deals.groupUpdated).toBe(true);
    expect(report.deals.updated).toHaveLength(en.deals.length);
    expect(report.contacts.updated).toHaveLength(en.contacts.length);
    expect(patched).toHaveLength(en.deals.length + en.contacts.length);
  });

  it('a same-named property of another type is a reported conflict, never modified', async () => {
    const target = en.deals.find((d) => d.type === 'enumeration') as PropertyDefinition;
    const conflicting = { ...asHubSpot(target), type: 'string', fieldType: 'text', options: [] };
    mockExisting(
      en.deals.map((d) => (d.name === target.name ? conflicting : asHubSpot(d))),
      en.contacts.map(asHubSpot),
    );
    const report = await provisionProperties(call(), 'en');
    expect(report.deals.conflicts).toEqual([
      { name: target.name, reason: expect.stringContaining('type string') },
    ]);
    expect(report.deals.updated).toEqual([]);
  });

  it('HubSpot errors surface as classified HubSpotErrors', async () => {
    nock(HUBSPOT_API)
      .get('/crm/v3/properties/deals/groups')
      .reply(403, { status: 'error', message: 'missing scopes', category: 'MISSING_SCOPES' });
    await expect(provisionProperties(call(), 'en')).rejects.toMatchObject({
      name: 'HubSpotError',
      code: 'FORBIDDEN',
      status: 403,
    });
  });
});

describe('mergeOptions', () => {
  const desired = [
    { label: 'A', value: 'a', description: '', displayOrder: 0, hidden: false },
    { label: 'B', value: 'b', description: 'hint', displayOrder: 1, hidden: false },
  ];
  it('unchanged when labels and descriptions match (order and displayOrder are not compared)', () => {
    expect(
      mergeOptions(desired, [{ ...desired[1], displayOrder: 7 } as never, desired[0] as never]).changed,
    ).toBe(false);
  });
  it('never drops existing values and appends them after ours', () => {
    const r = mergeOptions(desired, [{ label: 'Z', value: 'z', hidden: false, displayOrder: 0 }]);
    expect(r.changed).toBe(true);
    expect(r.options.map((o) => o.value)).toEqual(['a', 'b', 'z']);
    expect(r.options[2]).toMatchObject({ label: 'Z', displayOrder: 2 });
  });
});
