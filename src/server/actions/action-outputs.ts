import type {
  EvaluateDealOutputs,
  FunnelStageValue,
  StageGateOutputs,
} from '../../../extensions/app/workflow-actions/action-contract';
import { OUTPUTS, type DealEvaluation, type Language } from '../../methodology';

/**
 * The workflow actions' output fields, read from the same evaluation (and the same outputs) the
 * worker writes and the card shows. Pure.
 */

const RANK: Record<FunnelStageValue, number> = { none: 0, P: 1, I: 2, B: 3, W: 4, L: -1 };

export function evaluateDealOutputs(evaluation: DealEvaluation): EvaluateDealOutputs {
  const o = evaluation.outputs;
  return {
    funnel_stage: (o[OUTPUTS.funnelStage] ?? 'none') as EvaluateDealOutputs['funnel_stage'],
    lead_grade: (o[OUTPUTS.leadGrade] ?? 'ordinary') as EvaluateDealOutputs['lead_grade'],
    relationship_level: (o[OUTPUTS.relationshipLevel] ?? 'none') as EvaluateDealOutputs['relationship_level'],
    lead_stage: (o[OUTPUTS.leadStage] ?? 'none') as EvaluateDealOutputs['lead_stage'],
    buying_phase: (o[OUTPUTS.buyingPhase] ?? 'need_definition') as EvaluateDealOutputs['buying_phase'],
    alerts: o[OUTPUTS.alerts] ?? '',
    next_actions: o[OUTPUTS.nextActions] ?? '',
  };
}

const THEN_MORE: Record<Language, (next: string, required: string) => string> = {
  en: (next, required) =>
    `- Then ${required} needs more evidence beyond ${next}: check the gate again once ${next} is reached.`,
  zh: (next, required) => `- 达到 ${next} 之后,${required} 还需要更多证据:达到 ${next} 后再检查一次。`,
};

const LOST: Record<Language, string> = { en: '- The deal is closed lost.', zh: '- 此商机已丢单。' };

/**
 * Stage gate: passes when the evidence reaches `required` (or the deal is won). What is missing
 * is the next funnel stage's missing criteria, as actions (the card's "needed for the next
 * stage"); when `required` is further up, a line says more is needed after that.
 */
export function stageGateOutputs(
  evaluation: DealEvaluation,
  required: 'P' | 'I' | 'B',
  language: Language,
): StageGateOutputs {
  const stage = (evaluation.outputs[OUTPUTS.funnelStage] ?? 'none') as FunnelStageValue;
  const passes = stage !== 'L' && RANK[stage] >= RANK[required];
  if (passes) return { passes: 'yes', funnel_stage: stage, missing: '' };
  if (stage === 'L') return { passes: 'no', funnel_stage: stage, missing: LOST[language] };
  const lines = [evaluation.outputs[OUTPUTS.nextActions] ?? ''];
  const next = evaluation.funnelStage.next?.value;
  if (next !== undefined && next !== required) lines.push(THEN_MORE[language](next, required));
  return {
    passes: 'no',
    funnel_stage: stage,
    missing: lines
      .filter((l) => l !== '')
      .join('\n')
      .slice(0, 4000),
  };
}
