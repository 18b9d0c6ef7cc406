import nock from 'nock';
import { HUBSPOT_API } from '../support/service-fixtures';

/**
 * A multi-portal HubSpot behind nock, keyed by bearer token: every request is answered from the
 * CRM of the portal the token belongs to (an unknown token gets 401, like HubSpot) and recorded
 * with the token that made it, so a test can prove which portal's credentials were used.
 * Persistent interceptors: call `stop()` at the end of the test (before the nock hook checks).
 */

export type Props = Record<string, string | null>;

export interface FakePortalCrm {
  portalId: string;
  token: string;
  /** Further access tokens of this portal (e.g. after a refresh). */
  otherTokens: string[];
  /** `METHOD path` → HTTP status to answer instead (error paths). */
  faults: Map<string, number>;
  deals: Map<string, Props>;
  contacts: Map<string, Props>;
  dealContacts: Map<string, string[]>;
}

export interface RecordedCall {
  token: string | null;
  method: string;
  path: string;
  body: unknown;
}

export interface FakeHubSpot {
  calls: RecordedCall[];
  /** Calls made with this portal's token. */
  callsBy(portal: FakePortalCrm): RecordedCall[];
  /** Writes (batch update / contact PATCH) made with this portal's token. */
  writesBy(portal: FakePortalCrm): RecordedCall[];
  stop(): void;
}

export function fakePortalCrm(portalId: string, token: string): FakePortalCrm {
  return {
    portalId,
    token,
    otherTokens: [],
    faults: new Map(),
    deals: new Map(),
    contacts: new Map(),
    dealContacts: new Map(),
  };
}

const stamp = {
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  archived: false,
};
const batch = () => ({
  status: 'COMPLETE',
  startedAt: '2026-01-02T00:00:00.000Z',
  completedAt: '2026-01-02T00:00:00.100Z',
});

function pick(props: Props | undefined, names: readonly string[] | undefined): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) if (names === undefined || names.includes(k)) out[k] = v;
  return out;
}

const PIPELINES = {
  results: [
    {
      id: 'default',
      label: 'Sales Pipeline',
      displayOrder: 0,
      ...stamp,
      stages: [
        {
          id: 'qualified',
          label: 'Qualified',
          displayOrder: 0,
          metadata: { isClosed: 'false', probability: '0.2' },
          ...stamp,
        },
        {
          id: 'closedwon',
          label: 'Won',
          displayOrder: 1,
          metadata: { isClosed: 'true', probability: '1.0' },
          ...stamp,
        },
      ],
    },
  ],
};

type Reply = [number, unknown];

function answer(p: FakePortalCrm, method: string, path: string, body: unknown): Reply {
  const b = (body ?? {}) as {
    inputs?: { id: string; properties?: Record<string, string> }[];
    properties?: string[];
  };
  const inputs = Array.isArray(b.inputs) ? b.inputs : [];
  if (method === 'POST' && path === '/crm/v3/objects/deals/batch/read') {
    const results = inputs
      .filter((i) => p.deals.has(i.id))
      .map((i) => ({
        id: i.id,
        properties: { hs_object_id: i.id, ...pick(p.deals.get(i.id), b.properties) },
        ...stamp,
      }));
    const missing = inputs.filter((i) => !p.deals.has(i.id)).map((i) => i.id);
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
  }
  if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') {
    const results = inputs
      .filter((i) => p.contacts.has(i.id))
      .map((i) => ({ id: i.id, properties: pick(p.contacts.get(i.id), b.properties), ...stamp }));
    return [200, { ...batch(), results }];
  }
  if (method === 'POST' && path === '/crm/v4/associations/deals/contacts/batch/read') {
    const results = inputs
      .map((i) => ({ id: i.id, to: p.dealContacts.get(i.id) ?? [] }))
      .filter((r) => r.to.length > 0)
      .map((r) => ({
        from: { id: r.id },
        to: r.to.map((t) => ({
          toObjectId: Number(t),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }],
        })),
      }));
    return [200, { ...batch(), results }];
  }
  if (method === 'POST' && path === '/crm/v4/associations/deals/meetings/batch/read') {
    // The fake portals' deals have no meetings (visits read on every deal load).
    return [200, { ...batch(), results: [] }];
  }
  if (method === 'POST' && path === '/crm/v4/associations/contacts/deals/batch/read') {
    const results = inputs
      .map((i) => ({
        id: i.id,
        to: [...p.dealContacts].filter(([, cs]) => cs.includes(i.id)).map(([d]) => d),
      }))
      .filter((r) => r.to.length > 0)
      .map((r) => ({
        from: { id: r.id },
        to: r.to.map((t) => ({
          toObjectId: Number(t),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }],
        })),
      }));
    return [200, { ...batch(), results }];
  }
  if (method === 'POST' && path === '/crm/v3/objects/deals/batch/update') {
    const results = inputs
      .filter((i) => p.deals.has(i.id))
      .map((i) => {
        p.deals.set(i.id, { ...p.deals.get(i.id), ...i.properties });
        return { id: i.id, properties: { ...i.properties }, ...stamp, updatedAt: new Date().toISOString() };
      });
    return [200, { ...batch(), results }];
  }
  const contactPatch = /^\/crm\/v3\/objects\/contacts\/(\d+)$/.exec(path);
  if (method === 'PATCH' && contactPatch !== null) {
    const id = contactPatch[1] as string;
    if (!p.contacts.has(id))
      return [404, { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'not found' }];
    const props = (body as { properties?: Record<string, string> }).properties ?? {};
    p.contacts.set(id, { ...p.contacts.get(id), ...props });
    return [200, { id, properties: p.contacts.get(id), ...stamp }];
  }
  // Property provisioning / relabelling (install, settings language change).
  const props = /^\/crm\/v3\/properties\/(deals|contacts)(\/groups|\/batch\/create)?(?:\/([\w-]+))?$/.exec(
    path,
  );
  if (props !== null) {
    const [, , sub, name] = props;
    if (method === 'GET' && sub === undefined && name === undefined) return [200, { results: [] }];
    if (method === 'GET' && sub === '/groups') return [200, { results: [] }];
    if (method === 'POST' && sub === '/groups') {
      const g = body as { name?: string; label?: string };
      return [201, { name: g.name ?? 'stepwise', label: g.label ?? '', displayOrder: -1, archived: false }];
    }
    if (method === 'PATCH' && sub === '/groups')
      return [200, { name, label: '', displayOrder: -1, archived: false }];
    if (method === 'POST' && sub === '/batch/create') return [201, { ...batch(), results: [] }];
  }
  if (method === 'POST' && path === '/crm/v3/objects/deals/search') {
    // Keyset paging by hs_object_id > value (the only filter the backfill/reconcile use first).
    const q = (body ?? {}) as {
      filterGroups?: { filters?: { propertyName: string; value?: string }[] }[];
      limit?: number;
      properties?: string[];
    };
    const after = Number(
      q.filterGroups?.[0]?.filters?.find((f) => f.propertyName === 'hs_object_id')?.value ?? 0,
    );
    const ids = [...p.deals.keys()].filter((id) => Number(id) > after).sort((x, y) => Number(x) - Number(y));
    const page = ids.slice(0, q.limit ?? 100);
    return [
      200,
      {
        total: ids.length,
        results: page.map((id) => ({
          id,
          properties: { hs_object_id: id, ...pick(p.deals.get(id), q.properties) },
          ...stamp,
        })),
      },
    ];
  }
  if (method === 'GET' && path === '/crm/v3/pipelines/deals') return [200, PIPELINES];
  if (method === 'GET' && path === '/account-info/v3/details') {
    return [
      200,
      { portalId: Number(p.portalId), accountType: 'STANDARD', timeZone: 'UTC', companyCurrency: 'USD' },
    ];
  }
  return [
    404,
    { status: 'error', category: 'OBJECT_NOT_FOUND', message: `fake HubSpot has no ${method} ${path}` },
  ];
}

export function startFakeHubSpot(portals: readonly FakePortalCrm[]): FakeHubSpot {
  const calls: RecordedCall[] = [];
  const handler = (method: string) =>
    function (
      this: { req: { headers: Record<string, string | string[] | undefined> } },
      uri: string,
      body: unknown,
    ): Reply {
      const auth = this.req.headers['authorization'];
      const header = Array.isArray(auth) ? auth[0] : auth;
      const token = header?.startsWith('Bearer ') === true ? header.slice(7) : null;
      const path = new URL(uri, HUBSPOT_API).pathname;
      calls.push({ token, method, path, body });
      const portal = portals.find(
        (p) => token !== null && (p.token === token || p.otherTokens.includes(token)),
      );
      if (portal === undefined) {
        return [
          401,
          {
            status: 'error',
            category: 'INVALID_AUTHENTICATION',
            message: 'Authentication credentials not found.',
          },
        ];
      }
      const fault = portal.faults.get(`${method} ${path}`);
      if (fault !== undefined) {
        return [
          fault,
          {
            status: 'error',
            category: 'ERROR',
            message: `fake HubSpot fault ${fault}`,
            correlationId: 'fault-1',
          },
        ];
      }
      return answer(portal, method, path, body);
    };
  const scope = nock(HUBSPOT_API).persist();
  scope.get(/.*/).query(true).reply(handler('GET'));
  scope.post(/.*/).query(true).reply(handler('POST'));
  scope.patch(/.*/).query(true).reply(handler('PATCH'));
  scope.put(/.*/).query(true).reply(handler('PUT'));
  const writes = (c: RecordedCall) =>
    c.path.startsWith('/crm/v3/objects/') &&
    (c.method === 'PATCH' || c.method === 'PUT' || c.path.endsWith('/batch/update'));
  return {
    calls,
    callsBy: (p) =>
      calls.filter((c) => c.token !== null && (c.token === p.token || p.otherTokens.includes(c.token))),
    writesBy: (p) =>
      calls.filter(
        (c) => c.token !== null && (c.token === p.token || p.otherTokens.includes(c.token)) && writes(c),
      ),
    stop: () => {
      scope.persist(false);
      nock.cleanAll();
    },
  };
}
