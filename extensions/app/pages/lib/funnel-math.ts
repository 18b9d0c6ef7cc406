import type { FunnelNorms, ManagerConversion } from './api-types';

/** One conversion step over the period: entries into `from` and into `to`, and the manual's norm. */
export interface ConversionStep {
  id: 'valid_prospect' | 'prospect_won' | 'P_I' | 'I_B' | 'B_W';
  from: number;
  to: number;
  /** to / from; null when nothing entered `from`. */
  rate: number | null;
  /** The seed's expected rate (seed 003 §2.3.1.4); null where the seeds give none. */
  norm: number | null;
  /** meets: rate ≥ norm · below: rate < norm · none: no norm or no rate. */
  verdict: 'meets' | 'below' | 'none';
}

function step(id: ConversionStep['id'], from: number, to: number, norm: number | null): ConversionStep {
  const rate = from > 0 ? to / from : null;
  const verdict = rate === null || norm === null ? 'none' : rate + 1e-9 >= norm ? 'meets' : 'below';
  return { id, from, to, rate, norm, verdict };
}

/**
 * Conversion over the period against the norms: 约15个有效信息才可能诞生1个准客户 (qualified lead →
 * prospect ≈ 1/15) and 约3个准客户成交1个客户 (prospect → won ≈ 1/3), then P → I → B → W, for which
 * the seeds state no norm.
 */
export function conversionSteps(c: ManagerConversion, norms: FunnelNorms): ConversionStep[] {
  return [
    step('valid_prospect', c.qualifiedLeads, c.prospects, 1 / norms.validPerProspect),
    step('prospect_won', c.prospects, c.stages.W, 1 / norms.prospectsPerWin),
    step('P_I', c.stages.P, c.stages.I, null),
    step('I_B', c.stages.I, c.stages.B, null),
    step('B_W', c.stages.B, c.stages.W, null),
  ];
}

export interface Coverage {
  wins: number;
  prospects: number;
  qualifiedLeads: number;
}

/**
 * The coverage calculator: how many prospects and qualified leads a target number of wins needs
 * under the norms (wins × prospectsPerWin prospects, each from validPerProspect qualified leads).
 * Null for a target that is not a whole number from 1 to 100,000.
 */
export function coverageFor(targetWins: number | undefined, norms: FunnelNorms): Coverage | null {
  if (targetWins === undefined || !Number.isInteger(targetWins) || targetWins < 1 || targetWins > 100_000)
    return null;
  const prospects = Math.ceil(targetWins * norms.prospectsPerWin);
  return { wins: targetWins, prospects, qualifiedLeads: Math.ceil(prospects * norms.validPerProspect) };
}
