import nock from 'nock';
import type { DealEvaluation, DealSnapshot } from '../../src/methodology';
import { InstallationError } from '../../src/hubspot/errors';

/** HubSpot base URL used by worker tests (nock intercepts it; the network is disabled). */
export const HUBSPOT = 'https://api.hubspot.test';

export type Props = Record<string, string | null>;

/** In-memory CRM of one portal that the nock interceptors read from and write to. */
export interface FakePortal {
  portalId: string;
  token: string;
  deals: Map<string, Props>;
  contacts: Map<string, Props>;
  /** deal id → contact ids */
  dealContacts: Map<string, string[]>;
  /** Every batch update input received, in order. */
  updates: { id: string; properties: Record<string, string> }[][];
  /** Request log: method + path. */
  calls: string[];
}

export function fakePortal(portalId: string): FakePortal {
  return {
    portalId,
    token: `token-${portalId}`,
    deals: new Map(),
    contacts: new Map(),
    dealContacts: new Map(),
    updates: [],
    calls: [],
  };
}

export const tokenProviderFor = (...portals: FakePortal[]) => ({
  async getAccessToken(portalId: string): Promise<string> {
    const p = portals.find((x) => x.portalId === portalId);
    if (p === undefined)
      throw new InstallationError('NOT_INSTALLED', `portal ${portalId} not installed`, portalId);
    return p.token;
  },
});

const stamp = {
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  archived: false,
};
const batchMeta = () => ({
  status: 'COMPLETE',
  startedAt: new Date().toISOString(),
  completedAt: new Date().toISOString(),
});

let latencyMs = 0;
/** Simulated HubSpot latency applied to every mock created afterwards (benchmarks). */
export function setLatency(ms: number): void {
  latencyMs = ms;
}

function scope(p: FakePortal): nock.Scope {
  return nock(HUBSPOT).matchHeader('authorization', `Bearer ${p.token}`);
}

interface BatchReadBody {
  inputs: { id: string }[];
  properties?: string[];
}

function pick(props: Props | undefined, names: readonly string[] | undefined): Props {
  const out: Props = {};
  if (props === undefined) return out;
  for (const [k, v] of Object.entries(props)) if (names === undefined || names.includes(k)) out[k] = v;
  return out;
}

export function mockDealsBatchRead(p: FakePortal, times = 1, delayMs = 0): nock.Scope {
  return scope(p)
    .post('/crm/v3/objects/deals/batch/read')
    .query(true)
    .times(times)
    .delay(delayMs || latencyMs)
    .reply((_uri, body) => {
      p.calls.push('deals.batchRead');
      const b = body as BatchReadBody;
      if (b.inputs.length > 100)
        return [400, { status: 'error', category: 'VALIDATION_ERROR', message: 'too many inputs' }];
      const results = b.inputs
        .filter((i) => p.deals.has(i.id))
        .map((i) => ({
          id: i.id,
          properties: { hs_object_id: i.id, ...pick(p.deals.get(i.id), b.properties) },
          ...stamp,
        }));
      const missing = b.inputs.filter((i) => !p.deals.has(i.id)).map((i) => i.id);
      if (missing.length === 0) return [200, { ...batchMeta(), results }];
      return [
        207,
        {
          ...batchMeta(),
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

export function mockContactsBatchRead(p: FakePortal, times = 1): nock.Scope {
  return scope(p)
    .post('/crm/v3/objects/contacts/batch/read')
    .query(true)
    .times(times)
    .delay(latencyMs)
    .reply((_uri, body) => {
      p.calls.push('contacts.batchRead');
      const b = body as BatchReadBody;
      const results = b.inputs
        .filter((i) => p.contacts.has(i.id))
        .map((i) => ({ id: i.id, properties: pick(p.contacts.get(i.id), b.properties), ...stamp }));
      return [200, { ...batchMeta(), results }];
    });
}

/**
 * v4 associations batch read; `from` 'deals' → contacts (and, as every deal load also reads the
 * deal's meetings for its visits, deals → meetings: none) or 'contacts' → deals.
 */
export function mockAssociations(p: FakePortal, from: 'deals' | 'contacts', times = 1): nock.Scope {
  const to = from === 'deals' ? 'contacts' : 'deals';
  if (from === 'deals') mockDealMeetings(p, times);
  return scope(p)
    .post(`/crm/v4/associations/${from}/${to}/batch/read`)
    .times(times)
    .delay(latencyMs)
    .reply((_uri, body) => {
      p.calls.push(`associations.${from}.${to}`);
      const b = body as { inputs: { id: string }[] };
      const lookup = (id: string): string[] => {
        if (from === 'deals') return p.dealContacts.get(id) ?? [];
        return [...p.dealContacts.entries()].filter(([, cs]) => cs.includes(id)).map(([d]) => d);
      };
      const results = b.inputs
        .map((i) => ({ id: i.id, to: lookup(i.id) }))
        .filter((r) => r.to.length > 0)
        .map((r) => ({
          from: { id: r.id },
          to: r.to.map((t) => ({
            toObjectId: Number(t),
            associationTypes: [
              { category: 'HUBSPOT_DEFINED', typeId: from === 'deals' ? 3 : 4, label: null },
            ],
          })),
        }));
      return [200, { ...batchMeta(), results }];
    });
}

/** v4 deals → meetings batch read: the fake portal's deals have no meetings (HubSpot's 207). */
export function mockDealMeetings(p: FakePortal, times = 1): nock.Scope {
  return scope(p)
    .post('/crm/v4/associations/deals/meetings/batch/read')
    .times(times)
    .delay(latencyMs)
    .reply(() => {
      p.calls.push('associations.deals.meetings');
      return [200, { ...batchMeta(), results: [] }];
    });
}

export function mockPipelines(p: FakePortal, times = 1): nock.Scope {
  return scope(p)
    .get('/crm/v3/pipelines/deals')
    .times(times)
    .delay(latencyMs)
    .reply(() => {
      p.calls.push('pipelines');
      return [
        200,
        {
          results: [
            {
              id: 'default',
              label: 'Sales Pipeline',
              displayOrder: 0,
              ...stamp,
              stages: [
                {
                  id: 'appointmentscheduled',
                  label: 'Appointment',
                  displayOrder: 0,
                  metadata: { isClosed: 'false', probability: '0.2' },
                  ...stamp,
                },
                {
                  id: 'closedwon',
                  label: 'Closed won',
                  displayOrder: 1,
                  metadata: { isClosed: 'true', probability: '1.0' },
                  ...stamp,
                },
                {
                  id: 'closedlost',
                  label: 'Closed lost',
                  displayOrder: 2,
                  metadata: { isClosed: 'true', probability: '0.0' },
                  ...stamp,
                },
              ],
            },
          ],
        },
      ];
    });
}

export function mockDealsBatchUpdate(p: FakePortal, times = 1): nock.Scope {
  return scope(p)
    .post('/crm/v3/objects/deals/batch/update')
    .times(times)
    .delay(latencyMs)
    .reply((_uri, body) => {
      p.calls.push('deals.batchUpdate');
      const b = body as { inputs: { id: string; properties: Record<string, string> }[] };
      p.updates.push(b.inputs);
      const results = b.inputs
        .filter((i) => p.deals.has(i.id))
        .map((i) => {
          const merged = { ...(p.deals.get(i.id) ?? {}), ...i.properties };
          p.deals.set(i.id, merged);
          return { id: i.id, properties: merged, ...stamp };
        });
      return [200, { ...batchMeta(), results }];
    });
}

interface SearchBody {
  filterGroups: { filters: { propertyName: string; operator: string; value?: string }[] }[];
  properties?: string[];
  limit?: number;
}

/** CRM search over the fake deals: supports hs_object_id GT and hs_lastmodifieddate GTE, sorted by id. */
export function mockDealsSearch(p: FakePortal, times = 1): nock.Scope {
  return scope(p)
    .post('/crm/v3/objects/deals/search')
    .times(times)
    .delay(latencyMs)
    .reply((_uri, body) => {
      p.calls.push('deals.search');
      const b = body as SearchBody;
      const filters = b.filterGroups[0]?.filters ?? [];
      let ids = [...p.deals.keys()].sort((x, y) => Number(x) - Number(y));
      for (const f of filters) {
        if (f.propertyName === 'hs_object_id' && f.operator === 'GT')
          ids = ids.filter((id) => Number(id) > Number(f.value));
        if (f.propertyName === 'hs_lastmodifieddate' && f.operator === 'GTE') {
          ids = ids.filter((id) => Number(p.deals.get(id)?.['hs_lastmodifieddate'] ?? 0) >= Number(f.value));
        }
      }
      const limit = b.limit ?? 10;
      const page = ids.slice(0, limit);
      const results = page.map((id) => ({
        id,
        properties: { hs_object_id: id, ...pick(p.deals.get(id), b.properties) },
        ...stamp,
      }));
      const more = ids.length > limit;
      return [
        200,
        { total: ids.length, results, ...(more ? { paging: { next: { after: String(limit) } } } : {}) },
      ];
    });
}

/** A tiny deterministic engine for worker tests: outputs depend on one input and the contact count. */
export function stubEvaluate(snapshot: DealSnapshot): DealEvaluation {
  const stage = snapshot.properties['sw_purchase_type'] ?? 'none';
  return {
    dealId: snapshot.id,
    outputs: {
      sw_funnel_stage: stage === '' || stage === null ? 'none' : stage,
      sw_checklist_progress: String(snapshot.contacts.length * 10),
      sw_lead_grade: snapshot.stage?.isClosed === true ? 'closed' : 'open',
    },
  } as unknown as DealEvaluation;
}

export function addDeal(p: FakePortal, id: string, props: Props = {}, contactIds: string[] = []): void {
  p.deals.set(id, {
    dealname: `Deal ${id}`,
    pipeline: 'default',
    dealstage: 'appointmentscheduled',
    ...props,
  });
  p.dealContacts.set(id, contactIds);
  for (const c of contactIds) if (!p.contacts.has(c)) p.contacts.set(c, { firstname: `C${c}` });
}

export async function waitFor(
  cond: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  stepMs = 20,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
