import { ALERTS, FUNNEL_STAGES, type PortalSettings } from '../../src/methodology';

/**
 * The manager's view in the terminal, computed from the outputs Stepwise wrote on the deals
 * (the demo has them at hand): the funnel with amounts, conversion against the manual's norms
 * (seed 003 §2.3.1.4: about 15 qualified leads per prospect, about 3 prospects per win) and the
 * alert lists. The HubSpot app page reads the same numbers from the worker's aggregates.
 */
export interface ManagerSummary {
  funnel: { stage: string; deals: number; amount: number }[];
  conversion: {
    step: string;
    from: number;
    to: number;
    ratio: number | null;
    norm: number | null;
    meets: boolean | null;
  }[];
  alerts: { alert: string; deals: { name: string; id: string }[] }[];
}

type Deal = { id: string; properties: Record<string, string> };

const RANK: Record<string, number> = { none: 0, P: 1, I: 2, B: 3, W: 4 };

export function managerSummary(deals: readonly Deal[], norms: PortalSettings['funnelNorms']): ManagerSummary {
  const funnel = FUNNEL_STAGES.map((stage) => {
    const at = deals.filter((d) => (d.properties['sw_funnel_stage'] ?? 'none') === stage);
    return {
      stage,
      deals: at.length,
      amount: at.reduce((n, d) => n + (Number(d.properties['amount']) || 0), 0),
    };
  });
  const lead = (d: Deal): string => d.properties['sw_lead_stage'] ?? 'none';
  const reached = (stage: string): number =>
    deals.filter((d) => (RANK[d.properties['sw_funnel_stage'] ?? 'none'] ?? -1) >= (RANK[stage] ?? 0)).length;
  const won = reached('W');
  // Cumulative: a won deal was a prospect, a prospect was a qualified lead.
  const isWon = (d: Deal): boolean => d.properties['sw_funnel_stage'] === 'W';
  const prospects = deals.filter((d) => lead(d) === 'prospect' || isWon(d)).length;
  const qualified = deals.filter((d) => lead(d) === 'valid' || lead(d) === 'prospect' || isWon(d)).length;
  const ratio = (from: number, to: number): number | null => (to === 0 ? null : from / to);
  const step = (name: string, from: number, to: number, norm: number | null) => {
    const r = ratio(from, to);
    // "n per 1": at or below the norm meets it; steps without a norm in the seed are shown bare.
    return { step: name, from, to, ratio: r, norm, meets: r === null || norm === null ? null : r <= norm };
  };
  return {
    funnel,
    conversion: [
      step('qualified lead → prospect', qualified, prospects, norms.validPerProspect),
      step('prospect → won', prospects, won, norms.prospectsPerWin),
      step('P → I', reached('P'), reached('I'), null),
      step('I → B', reached('I'), reached('B'), null),
      step('B → W', reached('B'), won, null),
    ],
    alerts: ALERTS.map((alert) => ({
      alert,
      deals: deals
        .filter((d) => (d.properties['sw_alerts'] ?? '').split(';').includes(alert))
        .map((d) => ({ name: d.properties['dealname'] ?? d.id, id: d.id })),
    })),
  };
}
