import { seed } from './ladders/cite';
import { BUYING_PHASE_CONCERNS, BUYING_PHASE_LABELS, BUYING_PHASE_TASKS } from './labels';
import type { DealEvaluation } from './types';
import { BUYING_PHASES, type BuyingPhase, type FunnelStage } from './vocabulary';

/** Seed 001 大客户销售的三阶段: the funnel stage's buying phase. */
const PHASE_OF: Record<FunnelStage, BuyingPhase> = {
  none: 'need_definition',
  P: 'need_definition',
  I: 'evaluate_alternatives',
  B: 'take_action',
  W: 'closed',
  L: 'closed',
};

const SOURCE = seed(
  '001',
  '大客户销售的三阶段 / 购买三步曲进程中的心理曲线',
  '定义需求阶段评价方案阶段判断风险,实施采购阶段',
);

const RESULTS = Object.fromEntries(
  BUYING_PHASES.map((value) => [
    value,
    Object.freeze({
      value,
      label: BUYING_PHASE_LABELS[value],
      concern: BUYING_PHASE_CONCERNS[value],
      sellerTask: BUYING_PHASE_TASKS[value],
      source: SOURCE,
    }),
  ]),
) as Record<BuyingPhase, DealEvaluation['buyingPhase']>;

/** The buying phase, its main concern (concern curve) and the seller's task, for a funnel stage. */
export function buyingPhaseOf(stage: FunnelStage): DealEvaluation['buyingPhase'] {
  return RESULTS[PHASE_OF[stage]];
}
