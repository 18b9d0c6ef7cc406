import { SEARCHABLE_TEXT } from './default-properties';
import { validationError } from './errors';
import type { CrmState } from './state';
import type { CrmObject, ObjectType, PropertyDefinition } from './types';

/**
 * CRM search (`POST /crm/v3/objects/{type}/search`): filterGroups are ORed, filters inside a group
 * ANDed; operators EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY,
 * NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN. HubSpot's limits: ≤200 per page,
 * ≤5 groups × ≤6 filters (≤18 in all), and no paging past 10 000 results.
 */

export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

interface Sort {
  propertyName: string;
  descending: boolean;
}

export interface ParsedSearch {
  groups: Filter[][];
  sorts: Sort[];
  query: string | null;
  properties: string[] | null;
  limit: number;
  offset: number;
}

export interface SearchResult {
  total: number;
  page: CrmObject[];
  nextAfter: string | null;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function parseSearch(body: unknown): ParsedSearch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError('Invalid input JSON: expected a search request object.');
  }
  const b = body as Record<string, unknown>;
  const limitRaw = b['limit'];
  const limit = limitRaw === undefined || limitRaw === null ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) {
    throw validationError(
      `limit must be between 1 and ${SEARCH_MAX_LIMIT}. Provided value: ${String(limitRaw)}`,
    );
  }
  const afterRaw = scalar(b['after']);
  const offset = afterRaw === undefined || afterRaw === '' ? 0 : Number(afterRaw);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`Invalid value for after: ${afterRaw}`);
  if (offset >= SEARCH_RESULT_CAP) {
    throw validationError(
      `Paging beyond ${SEARCH_RESULT_CAP} results is not supported: a search returns at most ${SEARCH_RESULT_CAP} results. Narrow the filters.`,
    );
  }
  const groupsRaw = Array.isArray(b['filterGroups']) ? b['filterGroups'] : [];
  if (groupsRaw.length > MAX_GROUPS) {
    throw validationError(`Too many filter groups: at most ${MAX_GROUPS} filterGroups are allowed.`);
  }
  let total = 0;
  const groups: Filter[][] = groupsRaw.map((g) => {
    const filtersRaw = asRecord(g)['filters'];
    const filters = Array.isArray(filtersRaw) ? filtersRaw : [];
    if (filters.length > MAX_FILTERS_PER_GROUP) {
      throw validationError(
        `Too many filters: at most ${MAX_FILTERS_PER_GROUP} filters per filterGroup are allowed.`,
      );
    }
    total += filters.length;
    return filters.map((f) => {
      const r = asRecord(f);
      const propertyName = scalar(r['propertyName']);
      const operator = (scalar(r['operator']) ?? 'EQ').toUpperCase();
      if (propertyName === undefined || propertyName === '')
        throw validationError('Each filter needs a propertyName.');
      if (!OPERATORS.has(operator)) throw validationError(`Unknown filter operator ${operator}.`);
      const filter: Filter = { propertyName, operator };
      const value = scalar(r['value']);
      if (value !== undefined) filter.value = value;
      const highValue = scalar(r['highValue']);
      if (highValue !== undefined) filter.highValue = highValue;
      if (Array.isArray(r['values'])) filter.values = (r['values'] as unknown[]).map((v) => scalar(v) ?? '');
      const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(operator);
      if (needsValue && filter.value === undefined) {
        throw validationError(`Filter on ${propertyName} with operator ${operator} requires a value.`);
      }
      if ((operator === 'IN' || operator === 'NOT_IN') && filter.values === undefined) {
        throw validationError(`Filter on ${propertyName} with operator ${operator} requires values.`);
      }
      if (operator === 'BETWEEN' && filter.highValue === undefined) {
        throw validationError(`Filter on ${propertyName} with operator BETWEEN requires a highValue.`);
      }
      return filter;
    });
  });
  if (total > MAX_FILTERS)
    throw validationError(`Too many filters: at most ${MAX_FILTERS} filters are allowed in all.`);
  const sorts: Sort[] = (Array.isArray(b['sorts']) ? b['sorts'] : []).map((s) => {
    if (typeof s === 'string') {
      const descending = s.startsWith('-');
      return { propertyName: descending ? s.slice(1) : s, descending };
    }
    const r = asRecord(s);
    return {
      propertyName: scalar(r['propertyName']) ?? 'hs_object_id',
      descending: (scalar(r['direction']) ?? 'ASCENDING').toUpperCase().startsWith('DESC'),
    };
  });
  const query = scalar(b['query']);
  const properties = Array.isArray(b['properties'])
    ? (b['properties'] as unknown[]).map((p) => scalar(p) ?? '').filter((p) => p !== '')
    : null;
  return {
    groups,
    sorts,
    query: query === undefined || query === '' ? null : query,
    properties,
    limit,
    offset,
  };
}

type Kind = 'number' | 'time' | 'multi' | 'text';

function kindOf(def: PropertyDefinition | undefined): Kind {
  if (def === undefined) return 'text';
  if (def.type === 'number') return 'number';
  if (def.type === 'datetime' || def.type === 'date') return 'time';
  if (def.type === 'enumeration' && def.fieldType === 'checkbox') return 'multi';
  return 'text';
}

function toTime(v: string): number {
  return /^-?\d{1,16}$/.test(v) ? Number(v) : Date.parse(v);
}

function comparable(kind: Kind, v: string): number | string {
  if (kind === 'number') return Number(v);
  if (kind === 'time') return toTime(v);
  return v.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
    return a - b;
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function tokenMatch(haystack: string, token: string): boolean {
  const t = token.toLowerCase().replace(/\*/g, '');
  return haystack.toLowerCase().includes(t);
}

function matches(kind: Kind, raw: string | undefined, f: Filter): boolean {
  const has = raw !== undefined && raw !== '';
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'CONTAINS_TOKEN':
      return has && tokenMatch(raw, f.value ?? '');
    case 'NOT_CONTAINS_TOKEN':
      return !has || !tokenMatch(raw, f.value ?? '');
    default:
      break;
  }
  if (kind === 'multi') {
    const parts = has ? raw.split(';').filter((p) => p !== '') : [];
    const want = (f.values ?? [f.value ?? '']).map((v) => v.toLowerCase());
    const any = parts.some((p) => want.includes(p.toLowerCase()));
    if (f.operator === 'EQ' || f.operator === 'IN') return any;
    if (f.operator === 'NEQ' || f.operator === 'NOT_IN') return !any;
  }
  if (f.operator === 'IN' || f.operator === 'NOT_IN') {
    const inSet =
      has && (f.values ?? []).some((v) => compare(comparable(kind, raw), comparable(kind, v)) === 0);
    return f.operator === 'IN' ? inSet : !inSet;
  }
  if (f.operator === 'NEQ') {
    return !has || compare(comparable(kind, raw), comparable(kind, f.value ?? '')) !== 0;
  }
  if (!has) return false;
  const c = compare(comparable(kind, raw), comparable(kind, f.value ?? ''));
  switch (f.operator) {
    case 'EQ':
      return c === 0;
    case 'GT':
      return c > 0;
    case 'GTE':
      return c >= 0;
    case 'LT':
      return c < 0;
    case 'LTE':
      return c <= 0;
    case 'BETWEEN': {
      const hi = compare(comparable(kind, raw), comparable(kind, f.highValue ?? ''));
      return c >= 0 && hi <= 0;
    }
    default:
      return false;
  }
}

export function runSearch(
  state: CrmState,
  portalId: number,
  type: ObjectType,
  search: ParsedSearch,
): SearchResult {
  const defs = new Map<string, PropertyDefinition | undefined>();
  const def = (name: string): PropertyDefinition | undefined => {
    if (!defs.has(name)) defs.set(name, state.getProperty(portalId, type, name));
    return defs.get(name);
  };
  const value = (o: CrmObject, name: string): string | undefined =>
    state.calculatedValue(portalId, o, name) ?? o.properties[name];
  const queryText = search.query?.toLowerCase() ?? null;
  const hits = state.listObjects(portalId, type).filter((o) => {
    if (queryText !== null) {
      const found = SEARCHABLE_TEXT[type].some((p) =>
        (o.properties[p] ?? '').toLowerCase().includes(queryText),
      );
      if (!found) return false;
    }
    if (search.groups.length === 0) return true;
    return search.groups.some((filters) =>
      filters.every((f) => matches(kindOf(def(f.propertyName)), value(o, f.propertyName), f)),
    );
  });
  if (search.sorts.length > 0) {
    hits.sort((a, b) => {
      for (const s of search.sorts) {
        const kind = kindOf(def(s.propertyName));
        const va = value(a, s.propertyName);
        const vb = value(b, s.propertyName);
        if (va === undefined || vb === undefined) {
          if (va === vb) continue;
          return va === undefined ? 1 : -1;
        }
        const c = compare(comparable(kind, va), comparable(kind, vb));
        if (c !== 0 && !Number.isNaN(c)) return s.descending ? -c : c;
      }
      return Number(a.id) - Number(b.id);
    });
  }
  const page = hits.slice(search.offset, search.offset + search.limit);
  const next = search.offset + search.limit;
  return { total: hits.length, page, nextAfter: next < hits.length ? String(next) : null };
}
