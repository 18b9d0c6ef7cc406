import type { Language } from '../methodology';
import { OUTPUTS } from '../methodology';
import type { HubSpotCall } from './provisioning';

/**
 * The deal lists a manager starts from, created at install where the portal granted the
 * optional scope crm.lists.write (HubSpot's Lists API supports deal lists, objectTypeId 0-3:
 * https://developers.hubspot.com/docs/api-reference/latest/crm/lists/guide). Each is a DYNAMIC
 * list on one of Stepwise's properties, so HubSpot keeps its members current as deals are graded.
 * Idempotent: a list is looked up by name first (`GET /crm/lists/2026-03/object-type-id/0-3/name/{name}`,
 * case-insensitive, 404 when absent) and created only when missing; a create refused because
 * the name exists (another install racing) counts as found. Without the scope nothing is called.
 */

export const LIST_SCOPE = 'crm.lists.write';
const DEALS = '0-3';

export interface ReadyMadeList {
  key: 'strategic_accounts' | 'stage_ahead' | 'stalled' | 'insider_overdue';
  name: Record<Language, string>;
  property: string;
  value: string;
}

export const READY_MADE_LISTS: readonly ReadyMadeList[] = [
  {
    key: 'strategic_accounts',
    name: { en: 'Stepwise – strategic accounts', zh: 'Stepwise – 战略客户' },
    property: OUTPUTS.leadGrade,
    value: 'strategic',
  },
  {
    key: 'stage_ahead',
    name: { en: 'Stepwise – stage ahead of evidence', zh: 'Stepwise – 阶段超前于证据' },
    property: OUTPUTS.alerts,
    value: 'stage_ahead',
  },
  {
    key: 'stalled',
    name: { en: 'Stepwise – stalled deals', zh: 'Stepwise – 停滞的商机' },
    property: OUTPUTS.alerts,
    value: 'stalled',
  },
  {
    key: 'insider_overdue',
    name: { en: 'Stepwise – insider overdue', zh: 'Stepwise – 内线逾期' },
    property: OUTPUTS.alerts,
    value: 'insider_overdue',
  },
];

/** The create body: root OR branch holding one AND branch (the documented shape), enumeration IS_ANY_OF. */
export function listCreateBody(list: ReadyMadeList, language: Language): Record<string, unknown> {
  return {
    name: list.name[language],
    objectTypeId: DEALS,
    processingType: 'DYNAMIC',
    filterBranch: {
      filterBranchType: 'OR',
      filters: [],
      filterBranches: [
        {
          filterBranchType: 'AND',
          filterBranches: [],
          filters: [
            {
              filterType: 'PROPERTY',
              property: list.property,
              operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: [list.value] },
            },
          ],
        },
      ],
    },
  };
}

export type ListsReport =
  | { skipped: 'scope_not_granted' }
  | { skipped: null; created: string[]; existing: string[]; ids: Record<string, string> };

async function readJson(res: { json(): Promise<unknown> }): Promise<{ list?: { listId?: unknown } }> {
  return ((await res.json().catch(() => ({}))) ?? {}) as { list?: { listId?: unknown } };
}

export async function ensureReadyMadeLists(
  call: HubSpotCall,
  scopes: readonly string[],
  language: Language,
): Promise<ListsReport> {
  if (!scopes.includes(LIST_SCOPE)) return { skipped: 'scope_not_granted' };
  const report = {
    skipped: null,
    created: [] as string[],
    existing: [] as string[],
    ids: {} as Record<string, string>,
  };
  for (const list of READY_MADE_LISTS) {
    const name = list.name[language];
    const find = async (): Promise<string | null> => {
      const res = await call('lists.getByName', (c) =>
        c.apiRequest({
          method: 'GET',
          path: `/crm/lists/2026-03/object-type-id/${DEALS}/name/${encodeURIComponent(name)}`,
        }),
      );
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`HubSpot answered ${res.status} looking up the list “${name}”`);
      return String((await readJson(res)).list?.listId ?? '');
    };
    const found = await find();
    if (found !== null) {
      report.existing.push(list.key);
      report.ids[list.key] = found;
      continue;
    }
    const res = await call('lists.create', (c) =>
      c.apiRequest({ method: 'POST', path: '/crm/lists/2026-03', body: listCreateBody(list, language) }),
    );
    if (res.ok) {
      report.created.push(list.key);
      report.ids[list.key] = String((await readJson(res)).list?.listId ?? '');
      continue;
    }
    // Refused because it exists by now (a concurrent install): find it again.
    const again = res.status === 400 || res.status === 409 ? await find() : null;
    if (again === null) throw new Error(`HubSpot answered ${res.status} creating the list “${name}”`);
    report.existing.push(list.key);
    report.ids[list.key] = again;
  }
  return report;
}
