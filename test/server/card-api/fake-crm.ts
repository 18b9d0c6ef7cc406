import nock from 'nock';

/** HubSpot base URL of the card API tests (nock answers it; the network is off). */
export const HUBSPOT = 'https://api.hubspot.card-test';
export const TOKEN = 'card-test-token';

export type Props = Record<string, string | null>;

/**
 * A tiny in-memory CRM of one portal: the nock interceptors below read it and write to it, so a
 * test can check what HubSpot ends up holding, and every interceptor is registered for an exact
 * number of calls (a test fails if the card API makes fewer or more).
 */
export interface FakeCrm {
  deals: Map<string, Props>;
  contacts: Map<string, Props>;
  dealContacts: Map<string, string[]>;
  /** Deal batch-update inputs, one entry per call. */
  dealUpdates: { id: string; properties: Record<string, string> }[][];
  contactUpdates: { id: string; properties: Record<string, string> }[];
  /** HubSpot's updatedAt clock (ms), advanced by every write. */
  clock: number;
}

export function fakeCrm(): FakeCrm {
  return {
    deals: new Map(),
    contacts: new Map(),
    dealContacts: new Map(),
    dealUpdates: [],
    contactUpdates: [],
    clock: Date.parse('2026-11-24T06:00:00.000Z'),
  };
}

const stamp = {
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-11-24T05:00:00.000Z',
  archived: false,
};
const batch = () => ({
  status: 'COMPLETE',
  startedAt: '2026-11-24T06:00:00.000Z',
  completedAt: '2026-11-24T06:00:00.100Z',
});

function hs(): nock.Scope {
  return nock(HUBSPOT).matchHeader('authorization', `Bearer ${TOKEN}`);
}

function pick(props: Props | undefined, names: readonly string[] | undefined): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) if (names === undefined || names.includes(k)) out[k] = v;
  return out;
}

export function dealsRead(crm: FakeCrm, times = 1): nock.Scope {
  return hs()
    .post('/crm/v3/objects/deals/batch/read')
    .query(true)
    .times(times)
    .reply((_uri, body) => {
      const b = body as { inputs: { id: string }[]; properties?: string[] };
      const results = b.inputs
        .filter((i) => crm.deals.has(i.id))
        .map((i) => ({
          id: i.id,
          properties: { hs_object_id: i.id, ...pick(crm.deals.get(i.id), b.properties) },
          ...stamp,
        }));
      const missing = b.inputs.filter((i) => !crm.deals.has(i.id)).map((i) => i.id);
      if (missing.length === 0) return [200, { ...batch(), results }];
      return [
        207,
        {
          ...batch(),
          results,
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some DEAL objects',
              context: { ids: missing },
            },
          ],
        },
      ];
    });
}

/** Deal → meetings (visits; every deal load reads them): the fake CRM's deals have none. */
export function dealMeetingsRead(times = 1): nock.Scope {
  return hs()
    .post('/crm/v4/associations/deals/meetings/batch/read')
    .times(times)
    .reply(() => [200, { ...batch(), results: [] }]);
}

export function dealContactsRead(crm: FakeCrm, times = 1): nock.Scope {
  dealMeetingsRead(times);
  return hs()
    .post('/crm/v4/associations/deals/contacts/batch/read')
    .times(times)
    .reply((_uri, body) => {
      const b = body as { inputs: { id: string }[] };
      const results = b.inputs
        .map((i) => ({ id: i.id, to: crm.dealContacts.get(i.id) ?? [] }))
        .filter((r) => r.to.length > 0)
        .map((r) => ({
          from: { id: r.id },
          to: r.to.map((t) => ({
            toObjectId: Number(t),
            associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }],
          })),
        }));
      return [200, { ...batch(), results }];
    });
}

export function contactsRead(crm: FakeCrm, times = 1): nock.Scope {
  return hs()
    .post('/crm/v3/objects/contacts/batch/read')
    .query(true)
    .times(times)
    .reply((_uri, body) => {
      const b = body as { inputs: { id: string }[]; properties?: string[] };
      const results = b.inputs
        .filter((i) => crm.contacts.has(i.id))
        .map((i) => ({ id: i.id, properties: pick(crm.contacts.get(i.id), b.properties), ...stamp }));
      return [200, { ...batch(), results }];
    });
}

export function pipelinesRead(times = 1): nock.Scope {
  const stage = (id: string, label: string, order: number, isClosed: boolean, probability: string) => ({
    id,
    label,
    displayOrder: order,
    metadata: { isClosed: String(isClosed), probability },
    ...stamp,
  });
  return hs()
    .get('/crm/v3/pipelines/deals')
    .times(times)
    .reply(200, {
      results: [
        {
          id: 'default',
          label: 'Sales Pipeline',
          displayOrder: 0,
          ...stamp,
          stages: [
            stage('qualified', 'Qualified', 0, false, '0.2'),
            stage('closedwon', 'Closed won', 1, true, '1.0'),
            stage('closedlost', 'Closed lost', 2, true, '0.0'),
          ],
        },
        {
          id: '777',
          label: 'Channel deals',
          displayOrder: 1,
          ...stamp,
          stages: [stage('c1', 'Open', 0, false, '0.1')],
        },
      ],
    });
}

/** Everything GET card / decision-chain reads: deal, its contacts (when any) and — first time — pipelines. */
export function dealLoad(crm: FakeCrm, dealId: string, opts: { pipelines?: boolean } = {}): void {
  dealsRead(crm);
  dealContactsRead(crm);
  if ((crm.dealContacts.get(dealId) ?? []).some((c) => crm.contacts.has(c))) contactsRead(crm);
  if (opts.pipelines !== false) pipelinesRead();
}

export function dealsUpdate(crm: FakeCrm, times = 1, opts: { delayMs?: number } = {}): nock.Scope {
  return hs()
    .post('/crm/v3/objects/deals/batch/update')
    .times(times)
    .delay(opts.delayMs ?? 0)
    .reply((_uri, body) => {
      const b = body as { inputs: { id: string; properties: Record<string, string> }[] };
      crm.dealUpdates.push(b.inputs);
      const results = b.inputs.map((i) => {
        crm.deals.set(i.id, { ...(crm.deals.get(i.id) ?? {}), ...i.properties });
        crm.clock += 1000;
        return {
          id: i.id,
          properties: { ...i.properties },
          ...stamp,
          updatedAt: new Date(crm.clock).toISOString(),
        };
      });
      return [200, { ...batch(), results }];
    });
}

export function contactUpdate(crm: FakeCrm, contactId: string): nock.Scope {
  return hs()
    .patch(`/crm/v3/objects/contacts/${contactId}`)
    .reply((_uri, body) => {
      const b = body as { properties: Record<string, string> };
      crm.contactUpdates.push({ id: contactId, properties: b.properties });
      const next: Props = { ...(crm.contacts.get(contactId) ?? {}) };
      for (const [k, v] of Object.entries(b.properties)) next[k] = v === '' ? null : v;
      crm.contacts.set(contactId, next);
      return [200, { id: contactId, properties: next, ...stamp }];
    });
}

export function accountDetails(currency = 'CNY'): nock.Scope {
  return hs().get('/account-info/v3/details').reply(200, {
    portalId: 123,
    accountType: 'STANDARD',
    timeZone: 'Asia/Shanghai',
    companyCurrency: currency,
  });
}

/** A HubSpot error answer for one call. */
export function hubspotFails(
  method: 'get' | 'post' | 'patch',
  path: string,
  status: number,
  headers: Record<string, string> = {},
): nock.Scope {
  const body =
    status === 429
      ? {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          category: 'RATE_LIMITS',
          policyName: 'TEN_SECONDLY_ROLLING',
        }
      : {
          status: 'error',
          message: `HubSpot said ${status}`,
          category: status === 403 ? 'MISSING_SCOPES' : 'ERROR',
        };
  const scope = hs();
  const i = method === 'get' ? scope.get(path) : method === 'post' ? scope.post(path) : scope.patch(path);
  return i.query(true).reply(status, body, headers);
}
