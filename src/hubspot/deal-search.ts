import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals/models/Filter';
import { HUBSPOT_LIMITS } from '../config/hubspot-limits';
import type { PortalClient } from './portal-client';

export interface DealSearchFilter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY';
  value?: string;
}

export interface DealSearchPageOptions {
  /** Only deals with hs_object_id greater than this (keyset paging; '0' for the first page). */
  afterId: string;
  /** Additional AND filters (e.g. hs_lastmodifieddate GTE since). */
  filters?: readonly DealSearchFilter[];
  /** Properties to return (default: only hs_object_id). */
  properties?: readonly string[];
  /** Page size, ≤200 (HubSpot's maximum for search, HUBSPOT_LIMITS.searchPageSize). Default 200. */
  limit?: number;
}

export interface DealSearchPage {
  deals: { id: string; properties: Record<string, string | null> }[];
  /** Total matching deals for this query (i.e. remaining after afterId). */
  total: number;
  /** The id to pass as afterId for the next page; null when this was the last page. */
  nextAfterId: string | null;
}

/**
 * One page of deals ordered by hs_object_id ascending, filtered by `hs_object_id > afterId`.
 * Keyset paging never uses the search `after` offset, so it goes past HubSpot's 10 000-result
 * cap of a single search query and resumes exactly from a persisted id.
 */
export async function searchDealsPage(
  portal: PortalClient,
  options: DealSearchPageOptions,
): Promise<DealSearchPage> {
  const max = HUBSPOT_LIMITS.searchPageSize;
  const limit = Math.min(max, Math.max(1, options.limit ?? max));
  const filters = [
    { propertyName: 'hs_object_id', operator: 'GT', value: options.afterId },
    ...(options.filters ?? []),
  ].map((f) => ({
    propertyName: f.propertyName,
    operator: f.operator as FilterOperatorEnum,
    ...(f.value !== undefined ? { value: f.value } : {}),
  }));
  // The SDK types sorts as string[]; the API takes sort objects (passed through unchanged).
  const sorts = [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }] as unknown as string[];
  const res = await portal.call(
    'deals.search',
    (c) =>
      c.crm.deals.searchApi.doSearch({
        filterGroups: [{ filters }],
        sorts,
        properties: [...(options.properties ?? ['hs_object_id'])],
        limit,
      }),
    { kind: 'search' },
  );
  const deals = (res.results ?? []).map((d) => {
    const properties: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(d.properties ?? {}))
      properties[k] = v === null || v === undefined ? null : String(v);
    return { id: String(d.id), properties };
  });
  const last = deals[deals.length - 1];
  const total = Number(res.total ?? deals.length);
  const nextAfterId = last !== undefined && total > deals.length ? last.id : null;
  return { deals, total: Number.isFinite(total) ? total : deals.length, nextAfterId };
}
