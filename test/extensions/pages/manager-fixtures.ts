import type { PagesContext } from '@hubspot/ui-extensions';
import type { FunnelStage, ManagerView, TrendWeek } from '../../../extensions/app/pages/lib/api-types';
import { BACKEND } from '../cards/fixtures';

/** Gives a renderer's mock context a user locale, the portal and the profile variable the page needs. */
export function pagesContext(
  base: PagesContext,
  opts: { locale?: string; variables?: Record<string, string> } = {},
): PagesContext {
  return {
    ...base,
    user: { ...base.user, locale: opts.locale ?? 'en-us' },
    portal: { ...base.portal, id: 123, timezone: 'UTC' },
    variables: opts.variables ?? { BACKEND_URL: BACKEND },
  };
}

const zeroCounts = (): Record<FunnelStage, number> => ({ none: 0, P: 0, I: 0, B: 0, W: 0, L: 0 });

/** 12 Mondays ending with the week of 2026-12-01, with a slowly growing funnel. */
function trend(): TrendWeek[] {
  return Array.from({ length: 12 }, (_, i) => {
    const monday = new Date(Date.UTC(2026, 8, 14 + 7 * i));
    return {
      weekStart: monday.toISOString().slice(0, 10),
      counts: { none: 40 + i, P: 20 + i, I: 10 + (i >> 1), B: 4 + (i >> 2), W: i % 3, L: i % 2 },
    };
  });
}

/**
 * A CNY portal on 2026-12-01: 90 days period, two pipelines, 120 qualified leads → 6 prospects
 * (5%, below 1/15) → 3 won (50%, meets 1/3); one alert list with more deals than shown.
 */
export function managerView(overrides: Partial<ManagerView> = {}): ManagerView {
  return {
    portalId: '123',
    language: 'en',
    currency: 'CNY',
    norms: { validPerProspect: 15, prospectsPerWin: 3 },
    filters: {
      pipelines: [
        { id: 'default', label: 'Sales Pipeline' },
        { id: '777', label: 'Channel deals' },
      ],
      owners: [
        { id: '9001', label: 'Wang Fang' },
        { id: '9002', label: 'Chen Jie' },
      ],
      teams: [{ id: 't-east', label: 'East China' }],
    },
    applied: { pipeline: null, owner: null, team: null, from: '2026-09-03', to: '2026-12-01' },
    funnel: [
      { stage: 'none', deals: 51, amount: 8_000 },
      { stage: 'P', deals: 31, amount: 12_500_000 },
      { stage: 'I', deals: 15, amount: 9_800_000 },
      { stage: 'B', deals: 6, amount: 4_200_000 },
      { stage: 'W', deals: 3, amount: 3_600_000 },
      { stage: 'L', deals: 2, amount: 0 },
    ],
    conversion: { qualifiedLeads: 120, prospects: 6, stages: { P: 40, I: 18, B: 7, W: 3 } },
    alerts: {
      stage_ahead: {
        count: 2,
        deals: [
          {
            id: '5001',
            name: 'Vanke phase II intercom',
            reason: {
              zh: 'HubSpot 阶段要求 B,证据只达到 P',
              en: 'The HubSpot stage requires B; the evidence reaches P',
            },
            amount: 3_200_000,
            ownerName: 'Wang Fang',
          },
          {
            id: '5002',
            name: 'Gemdale tower',
            reason: {
              zh: 'HubSpot 阶段要求 I,证据只达到 none',
              en: 'The HubSpot stage requires I; the evidence reaches none',
            },
            amount: null,
            ownerName: null,
          },
        ],
      },
      stalled: {
        count: 57,
        deals: [
          {
            id: '5003',
            name: 'Longfor hotel',
            reason: { zh: '在 P 阶段已 41 天(上限 30 天)', en: '41 days in P (limit 30)' },
            amount: 850_000,
            ownerName: 'Chen Jie',
          },
        ],
      },
      insider_overdue: {
        count: 1,
        deals: [
          {
            id: '5004',
            name: 'Country Garden school',
            reason: {
              zh: '拜访 4 次仍未发展内线(拜访三次必须发展一个内线)',
              en: '4 visits and no insider yet (an insider is due after 3 visits)',
            },
            amount: 120_000,
            ownerName: 'Wang Fang',
          },
        ],
      },
      relationship_stuck: { count: 0, deals: [] },
    },
    distributions: {
      grade: { strategic: 4, important: 19, ordinary: 80 },
      relationship: { none: 35, C: 44, B: 20, A: 4 },
    },
    trend: trend(),
    computedFrom: 'aggregates',
    asOf: '2026-12-01T09:30:00.000Z',
    ...overrides,
  };
}

/** A portal without graded deals: every number zero. */
export function emptyManagerView(): ManagerView {
  const view = managerView();
  return {
    ...view,
    funnel: view.funnel.map((r) => ({ ...r, deals: 0, amount: 0 })),
    conversion: { qualifiedLeads: 0, prospects: 0, stages: { P: 0, I: 0, B: 0, W: 0 } },
    alerts: {
      stage_ahead: { count: 0, deals: [] },
      stalled: { count: 0, deals: [] },
      insider_overdue: { count: 0, deals: [] },
      relationship_stuck: { count: 0, deals: [] },
    },
    distributions: {
      grade: { strategic: 0, important: 0, ordinary: 0 },
      relationship: { none: 0, C: 0, B: 0, A: 0 },
    },
    trend: view.trend.map((w) => ({ ...w, counts: zeroCounts() })),
  };
}
