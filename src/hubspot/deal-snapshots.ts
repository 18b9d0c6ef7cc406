import { HUBSPOT_LIMITS } from '../config/hubspot-limits';
import { CONTACT_READ_PROPERTIES, DEAL_READ_PROPERTIES, type DealSnapshot } from '../methodology';
import type { PipelinesCache, ResolvedStage } from './pipelines-cache';
import type { PortalClient } from './portal-client';

/** HubSpot CRM object batch endpoints accept at most 100 inputs per call. */
export const HUBSPOT_BATCH_LIMIT = HUBSPOT_LIMITS.objectBatch;
/** Associations batch read accepts up to 1,000 inputs (HUBSPOT_LIMITS.associationBatchRead). */
export const HUBSPOT_ASSOCIATION_BATCH_LIMIT = HUBSPOT_LIMITS.associationBatchRead;

/**
 * Batch calls of one load run this many at a time: with HubSpot's ~150 ms a call, sequential
 * chunks would leave the portal's rate budget unused; the portal limiter still bounds the rate.
 */
export const BATCH_CALL_CONCURRENCY = 4;

/** Maps `fn` over `items` with at most `limit` calls running at once; results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return out;
}

export interface LoadedDeal {
  /** Engine input (contacts and resolved stage included). */
  snapshot: DealSnapshot;
  /** The deal's properties as read in the same load (current outputs included), for write-only-changes. */
  current: Record<string, string | null>;
}

export interface DealSnapshotsResult {
  /** Loaded deals, in the order requested. */
  deals: LoadedDeal[];
  /** Requested ids that HubSpot did not return (deleted, archived, never existed, or malformed). */
  missing: string[];
  /** HubSpot calls made (for benchmarks and logs). */
  calls: number;
}

export interface LoadDealSnapshotsOptions {
  /** Stage metadata cache; without it pipelines are fetched once per load (one extra call). */
  pipelines?: PipelinesCache;
  /**
   * Deal properties already read (e.g. by a search page requesting DEAL_READ_PROPERTIES): those
   * deals are not read again, saving the deals batch read call.
   */
  preloaded?: ReadonlyMap<string, Record<string, string | null>>;
  /** Stop following association pages after this many per deal (default 10 ≈ 5 000 contacts). */
  maxAssociationPages?: number;
  /**
   * The evaluation time (the caller's clock). With it every snapshot carries `asOf` and the
   * deal's completed visits, counted from its meetings (see countCompletedVisits); without it
   * no meetings are read and the engine keeps its time- and visit-dependent outputs.
   */
  asOf?: Date;
}

export type CrmObjectType = 'deals' | 'contacts' | 'meetings';

/**
 * Meeting properties that decide whether a meeting is a completed visit.
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/activities/meetings/guide
 */
export const MEETING_READ_PROPERTIES = ['hs_meeting_start_time', 'hs_meeting_outcome'] as const;

/** Outcomes that mean the visit did not happen (HubSpot's internal values CANCELED, NO_SHOW). */
const NOT_HELD_OUTCOMES = new Set(['CANCELED', 'NO_SHOW']);

/** HubSpot returns datetimes as ISO-8601 strings and accepts ms epochs; both are read. */
function timeOf(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const t = /^\d+$/.test(raw.trim()) ? Number(raw) : Date.parse(raw);
  return Number.isFinite(t) ? t : null;
}

/**
 * A meeting is a completed visit (拜访, DESIGN §2 "Visits") when its start time has passed and its
 * outcome is not CANCELED or NO_SHOW (custom outcomes and SCHEDULED/RESCHEDULED meetings in the
 * past count: the meeting took place as far as HubSpot knows). A meeting without a start time
 * does not count. Outcome values: the meetings guide above ("scheduled, completed, rescheduled,
 * no show, and canceled").
 */
export function isCompletedVisit(meeting: Record<string, string | null>, asOfMs: number): boolean {
  const start = timeOf(meeting['hs_meeting_start_time']);
  if (start === null || start > asOfMs) return false;
  const outcome = (meeting['hs_meeting_outcome'] ?? '').trim().toUpperCase();
  return !NOT_HELD_OUTCOMES.has(outcome);
}

const ID_PATTERN = /^\d{1,20}$/;

export function chunk<T>(items: readonly T[], size: number = HUBSPOT_BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function uniqueIds(ids: readonly string[]): { valid: string[]; invalid: string[] } {
  const seen = new Set<string>();
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const raw of ids) {
    const id = String(raw).trim();
    if (seen.has(id)) continue;
    seen.add(id);
    (ID_PATTERN.test(id) ? valid : invalid).push(id);
  }
  return { valid, invalid };
}

interface Counter {
  calls: number;
}

/**
 * Association ids from each `fromType` object to `toType` objects (v4 batch read, ≤1,000 inputs
 * per call — https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api —
 * following per-object paging). Objects with no associations map to [].
 */
export async function readAssociatedIds(
  portal: PortalClient,
  fromType: CrmObjectType,
  toType: CrmObjectType,
  ids: readonly string[],
  options: { maxPages?: number; counter?: Counter } = {},
): Promise<Map<string, string[]>> {
  const maxPages = options.maxPages ?? 10;
  const out = new Map<string, string[]>();
  const { valid } = uniqueIds(ids);
  for (const id of valid) out.set(id, []);
  let pending: { id: string; after?: string }[] = valid.map((id) => ({ id }));
  const pages = new Map<string, number>();
  while (pending.length > 0) {
    const next: { id: string; after?: string }[] = [];
    const answers = await mapConcurrent(
      chunk(pending, HUBSPOT_ASSOCIATION_BATCH_LIMIT),
      BATCH_CALL_CONCURRENCY,
      async (part) => {
        const res = await portal.call(`associations.${fromType}.${toType}.batchRead`, (c) =>
          c.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs: part }),
        );
        if (options.counter !== undefined) options.counter.calls += 1;
        return res;
      },
    );
    for (const res of answers) {
      for (const r of res.results ?? []) {
        const fromId = String((r as { _from?: { id?: unknown } })._from?.id ?? '');
        const list = out.get(fromId);
        if (list === undefined) continue;
        for (const t of r.to ?? []) {
          const toId = String(t.toObjectId);
          if (!list.includes(toId)) list.push(toId);
        }
        const after = r.paging?.next?.after;
        if (after !== undefined && after !== '') {
          const n = (pages.get(fromId) ?? 1) + 1;
          pages.set(fromId, n);
          if (n <= maxPages) next.push({ id: fromId, after });
        }
      }
    }
    pending = next;
  }
  return out;
}

/** Deals associated with any of the contacts or meetings (their change → its deals), deduplicated. */
export async function findAssociatedDeals(
  portal: PortalClient,
  fromType: 'contacts' | 'meetings',
  ids: readonly string[],
  options: { counter?: Counter } = {},
): Promise<string[]> {
  const map = await readAssociatedIds(portal, fromType, 'deals', ids, options);
  const deals = new Set<string>();
  for (const list of map.values()) for (const id of list) deals.add(id);
  return [...deals];
}

async function readObjects(
  portal: PortalClient,
  type: CrmObjectType,
  ids: readonly string[],
  properties: readonly string[],
  counter: Counter,
): Promise<Map<string, Record<string, string | null>>> {
  const out = new Map<string, Record<string, string | null>>();
  const answers = await mapConcurrent(chunk(ids), BATCH_CALL_CONCURRENCY, async (part) => {
    const input = {
      inputs: part.map((id) => ({ id })),
      properties: [...properties],
      propertiesWithHistory: [],
    };
    const res =
      type === 'deals'
        ? await portal.call('deals.batchRead', (c) => c.crm.deals.batchApi.read(input, false))
        : type === 'contacts'
          ? await portal.call('contacts.batchRead', (c) => c.crm.contacts.batchApi.read(input, false))
          : await portal.call('meetings.batchRead', (c) =>
              c.crm.objects.meetings.batchApi.read(input, false),
            );
    counter.calls += 1;
    return res;
  });
  for (const res of answers) {
    for (const obj of res.results ?? []) {
      const props: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(obj.properties ?? {})) {
        props[k] = v === null || v === undefined ? null : String(v);
      }
      out.set(String(obj.id), props);
    }
  }
  return out;
}

/**
 * Completed visits per deal at `asOf`: deal→meeting ids (v4 associations batch read, like
 * contacts), then one meetings batch read per ≤100 distinct meetings (none when no deal has one).
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/activities/meetings/guide
 */
export async function countCompletedVisits(
  portal: PortalClient,
  dealIds: readonly string[],
  asOf: Date,
  options: { maxPages?: number; counter?: Counter } = {},
): Promise<Map<string, number>> {
  const counter = options.counter ?? { calls: 0 };
  const assoc = await readAssociatedIds(portal, 'deals', 'meetings', dealIds, {
    counter,
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
  });
  const meetingIds = new Set<string>();
  for (const list of assoc.values()) for (const id of list) meetingIds.add(id);
  const meetings =
    meetingIds.size > 0
      ? await readObjects(portal, 'meetings', [...meetingIds], MEETING_READ_PROPERTIES, counter)
      : new Map<string, Record<string, string | null>>();
  const asOfMs = asOf.getTime();
  const out = new Map<string, number>();
  for (const [dealId, ids] of assoc) {
    let n = 0;
    for (const id of ids) {
      const m = meetings.get(id);
      if (m !== undefined && isCompletedVisit(m, asOfMs)) n += 1;
    }
    out.set(dealId, n);
  }
  return out;
}

/**
 * Loads everything evaluateDeal needs for a set of deals, in as few calls as HubSpot allows:
 * per ≤100 deals one deals batch read, per ≤1,000 deals one v4 associations batch read
 * (deals→contacts), and one contacts batch read per ≤100 distinct contacts; with `asOf`, per
 * ≤1,000 deals one v4 associations batch read (deals→meetings) and one meetings batch read per
 * ≤100 distinct meetings; stage metadata from the pipelines cache. Chunks of one step run
 * BATCH_CALL_CONCURRENCY at a time.
 */
export async function loadDealSnapshots(
  portal: PortalClient,
  dealIds: readonly string[],
  options: LoadDealSnapshotsOptions = {},
): Promise<DealSnapshotsResult> {
  const counter: Counter = { calls: 0 };
  const { valid, invalid } = uniqueIds(dealIds);
  if (valid.length === 0) return { deals: [], missing: invalid, calls: 0 };

  const preloaded = options.preloaded;
  const toRead = preloaded === undefined ? valid : valid.filter((id) => !preloaded.has(id));
  const deals =
    toRead.length > 0
      ? await readObjects(portal, 'deals', toRead, DEAL_READ_PROPERTIES, counter)
      : new Map<string, Record<string, string | null>>();
  if (preloaded !== undefined) {
    for (const id of valid) {
      const p = preloaded.get(id);
      if (p !== undefined) deals.set(id, p);
    }
  }
  const found = valid.filter((id) => deals.has(id));
  const missing = [...invalid, ...valid.filter((id) => !deals.has(id))];
  if (found.length === 0) return { deals: [], missing, calls: counter.calls };

  const assoc = await readAssociatedIds(portal, 'deals', 'contacts', found, {
    counter,
    ...(options.maxAssociationPages !== undefined ? { maxPages: options.maxAssociationPages } : {}),
  });
  const contactIds = new Set<string>();
  for (const list of assoc.values()) for (const id of list) contactIds.add(id);
  const contacts =
    contactIds.size > 0
      ? await readObjects(portal, 'contacts', [...contactIds], CONTACT_READ_PROPERTIES, counter)
      : new Map<string, Record<string, string | null>>();
  const asOf = options.asOf;
  const visits =
    asOf === undefined
      ? undefined
      : await countCompletedVisits(portal, found, asOf, {
          counter,
          ...(options.maxAssociationPages !== undefined ? { maxPages: options.maxAssociationPages } : {}),
        });

  const wanted = found.map((id) => {
    const p = deals.get(id) ?? {};
    return { pipelineId: p['pipeline'] ?? null, stageId: p['dealstage'] ?? null };
  });
  let resolve: (pipelineId: string | null, stageId: string | null) => ResolvedStage | null;
  if (options.pipelines !== undefined) {
    resolve = await options.pipelines.resolver(portal, wanted);
  } else {
    const res = await portal.call('pipelines.getAll', (c) => c.crm.pipelines.pipelinesApi.getAll('deals'));
    counter.calls += 1;
    const stages = new Map<string, ResolvedStage>();
    for (const p of res.results ?? []) {
      for (const s of p.stages ?? []) {
        const probability = Number(s.metadata?.['probability']);
        const value = {
          isClosed: s.metadata?.['isClosed'] === 'true',
          probability: Number.isFinite(probability) ? probability : 0,
        };
        stages.set(`${p.id}/${s.id}`, value);
        if (!stages.has(`*/${s.id}`)) stages.set(`*/${s.id}`, value);
      }
    }
    resolve = (pipelineId, stageId) =>
      stageId === null
        ? null
        : (stages.get(`${pipelineId ?? ''}/${stageId}`) ?? stages.get(`*/${stageId}`) ?? null);
  }

  const loaded: LoadedDeal[] = found.map((id) => {
    const props = deals.get(id) ?? {};
    const snapshot: DealSnapshot = {
      id,
      properties: { ...props },
      contacts: (assoc.get(id) ?? [])
        .filter((cid) => contacts.has(cid))
        .map((cid) => ({ id: cid, properties: { ...(contacts.get(cid) ?? {}) } })),
      stage: resolve(props['pipeline'] ?? null, props['dealstage'] ?? null),
      ...(asOf === undefined
        ? {}
        : { asOf: asOf.toISOString(), activity: { completedVisits: visits?.get(id) ?? 0 } }),
    };
    return { snapshot, current: props };
  });
  return { deals: loaded, missing, calls: counter.calls };
}
