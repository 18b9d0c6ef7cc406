/**
 * Suggested `stageMap` entry for a HubSpot deal stage, from the stage's win probability. This is
 * Stepwise's default (the seeds name the funnel stages, not HubSpot's probabilities), shown on
 * the settings page as a starting point that ops confirm or change:
 *
 *   probability ≥ 0.8 → B (商务谈判: negotiating terms needs every ★ of steps 1–5 and a quote)
 *   probability ≥ 0.5 → I (客户真正进入考虑期: a proposal, a deadline and a budget)
 *   probability ≥ 0.2 → P (the 5W+2P facts answered)
 *   otherwise, and closed stages (won/lost come from the stage itself) → none (no check)
 */
export type StageMinimum = 'none' | 'P' | 'I' | 'B';

export const STAGE_SUGGESTION_THRESHOLDS: readonly { min: number; stage: StageMinimum }[] = [
  { min: 0.8, stage: 'B' },
  { min: 0.5, stage: 'I' },
  { min: 0.2, stage: 'P' },
];

export function suggestStageMinimum(stage: { probability: number; isClosed: boolean }): StageMinimum {
  if (stage.isClosed || !Number.isFinite(stage.probability)) return 'none';
  return STAGE_SUGGESTION_THRESHOLDS.find((t) => stage.probability >= t.min)?.stage ?? 'none';
}
