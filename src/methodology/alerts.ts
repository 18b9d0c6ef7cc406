import { contactMask, matchesContact, type Facts } from './criteria';
import { seed, SUPPORTIVE } from './ladders/cite';
import { ALERT_LABELS, FUNNEL_STAGE_LABELS } from './labels';
import type { ParsedSnapshot } from './parse-facts';
import { findItem, findStep } from './registry';
import type { LocalizedText } from './schema';
import type { PortalSettings } from './settings';
import { formatIsoTime } from './time';
import type { AlertResult } from './types';
import { ALERTS, type Alert, type FunnelStage, type RelationshipLevel } from './vocabulary';

const DAY_MS = 86_400_000;
const FUNNEL_RANK: Record<string, number> = { none: 0, P: 1, I: 2, B: 3 };

export const ALERT_SOURCES = {
  stage_ahead: seed('001', '销售漏斗简表', '销售漏斗简表客户联系预计时间预计投资状态或成功率', {
    zh: '阶段对照表由门户设置(原文没有 HubSpot 交易阶段)',
    en: 'The stage map is a portal setting (the seed has no HubSpot deal stages)',
  }),
  stalled: seed('001', '销售漏斗简表', '销售漏斗简表客户联系预计时间预计投资状态或成功率', {
    zh: '停滞天数为 Stepwise 默认(P 30 / I 45 / B 30 天),可在设置中修改',
    en: "The stall days are Stepwise's default (P 30 / I 45 / B 30 days); change them in settings",
  }),
  insider_overdue: seed('003', '§2.3.1.3 客户拜访 3、发展内线', '销售工程师拜访三次必须发展一个内线人'),
  relationship_stuck: seed(
    '003',
    '§2.4.1 准客户筛选',
    '如果在销售工程师进行了多次拜访之后,与客户的关系和客户决策链关键人的关系都仍处于“C”级',
    {
      zh: '“多次”取 Stepwise 默认 6 次,可在设置中修改',
      en: '"Many visits" is Stepwise\'s default of 6; change it in settings',
    },
  ),
} satisfies Record<Alert, AlertResult['source']>;

const INSIDER = findItem('followup.progress.insider_developed');
const INSIDER_INDEX = findStep('followup.progress')?.index ?? -1;
const INSIDER_BIT = INSIDER === undefined ? 0 : 1 << INSIDER.step.items.indexOf(INSIDER.item);
const SUPPORTER = contactMask({ stance: [...SUPPORTIVE] });

function alert(alertId: Alert, active: boolean, reason: LocalizedText): AlertResult {
  return { alert: alertId, active, label: ALERT_LABELS[alertId], reason, source: ALERT_SOURCES[alertId] };
}

function iso(ms: number | null): string {
  return ms === null ? '' : formatIsoTime(ms);
}

export interface TimedOutputs {
  since: string;
  alerts: AlertResult[];
  /** `sw_alerts`: the raised alerts, `;`-joined in contract order. */
  value: string;
}

/**
 * `sw_funnel_stage_since` and `sw_alerts` (DESIGN §3), from the caller's `asOf` and `activity`.
 * No clock: without `asOf` the stage-since and `stalled` keep their previous values; without
 * `activity` the visit alerts keep theirs (while their other conditions still hold).
 */
export function timedOutputs(
  stage: FunnelStage,
  relationship: RelationshipLevel,
  facts: Facts,
  parsed: ParsedSnapshot,
  settings: PortalSettings,
): TimedOutputs {
  const { asOf, previous } = parsed;
  const unchanged = previous.funnelStage === stage;
  const sinceMs = unchanged && previous.since !== null ? previous.since : (asOf ?? previous.since);
  const open = stage !== 'W' && stage !== 'L';
  const stageLabel = FUNNEL_STAGE_LABELS[stage];

  // stage_ahead: the portal's least funnel stage for the deal's HubSpot stage.
  const byPipeline = parsed.pipeline === null ? undefined : settings.stageMap[parsed.pipeline];
  const least =
    parsed.dealstage === null || byPipeline === undefined || !Object.hasOwn(byPipeline, parsed.dealstage)
      ? undefined
      : byPipeline[parsed.dealstage];
  const ahead = open && least !== undefined && (FUNNEL_RANK[stage] ?? 0) < (FUNNEL_RANK[least] ?? 0);
  const aheadReason: LocalizedText =
    least === undefined
      ? { zh: '该交易阶段未设置最低漏斗阶段', en: 'No least funnel stage is set for this deal stage' }
      : {
          zh: `交易阶段要求至少 ${least},证据为 ${stageLabel.zh}`,
          en: `The deal stage expects at least ${least}; the evidence shows ${stageLabel.en}`,
        };

  // stalled: open and in the same P/I/B stage longer than stallDays[stage].
  const limit = stage === 'P' || stage === 'I' || stage === 'B' ? settings.stallDays[stage] : null;
  let stalled = false;
  let stalledReason: LocalizedText = { zh: '不在 P/I/B 阶段', en: 'Not in stage P, I or B' };
  if (limit !== null) {
    if (asOf === null) {
      stalled = unchanged && previous.alerts.has('stalled');
      stalledReason = {
        zh: '未提供评估时间,沿用上次结果',
        en: 'No evaluation time given; the previous result is kept',
      };
    } else if (sinceMs !== null) {
      const days = Math.floor((asOf - sinceMs) / DAY_MS);
      stalled = asOf - sinceMs > limit * DAY_MS;
      stalledReason = {
        zh: `已在 ${stage} 阶段 ${days} 天(上限 ${limit} 天)`,
        en: `${days} days in stage ${stage} (limit ${limit} days)`,
      };
    }
  }

  // Visit rules (seed 003): an insider within three visits; still C after many visits → escalate.
  const visits = facts.completedVisits;
  const insider = ((facts.checked[INSIDER_INDEX] ?? 0) & INSIDER_BIT) !== 0;
  const supporter = facts.contacts.some((code) => matchesContact(code, SUPPORTER));
  const insiderMissing = open && !insider && !supporter;
  const { insiderAfter, escalateAfter } = settings.visitRules;
  const low = relationship === 'none' || relationship === 'C';
  const noVisits: LocalizedText = {
    zh: '未提供拜访次数,沿用上次结果',
    en: 'No visit count given; the previous result is kept',
  };
  const insiderOverdue =
    insiderMissing && (visits === null ? previous.alerts.has('insider_overdue') : visits >= insiderAfter);
  const stuck =
    open && low && (visits === null ? previous.alerts.has('relationship_stuck') : visits >= escalateAfter);
  const visitText = (need: number): LocalizedText =>
    visits === null
      ? noVisits
      : {
          zh: `已完成拜访 ${visits} 次(阈值 ${need} 次)`,
          en: `${visits} completed visits (threshold ${need})`,
        };

  const alerts = [
    alert('stage_ahead', ahead, aheadReason),
    alert('stalled', stalled, stalledReason),
    alert('insider_overdue', insiderOverdue, visitText(insiderAfter)),
    alert('relationship_stuck', stuck, visitText(escalateAfter)),
  ];
  return {
    since: iso(sinceMs),
    alerts,
    value: ALERTS.filter((_, i) => alerts[i]?.active === true).join(';'),
  };
}
