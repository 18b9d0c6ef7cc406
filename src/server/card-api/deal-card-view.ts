import type {
  DealCardView,
  ItemView,
  Lang,
  PlaybookView,
  StepView,
} from '../../../extensions/app/cards/lib/api-types';
import {
  COMPANY_RELATIONSHIP_DESCRIPTIONS,
  COMPUTED_AT_PROPERTY,
  HUBSPOT_DEAL_PROPERTIES,
  PERSONAL_RELATIONSHIP_DESCRIPTIONS,
  PLAYBOOKS,
  formatAmount,
  formatAmountZh,
  getPlaybook,
  type DealEvaluation,
  type DealSnapshot,
  type LocalizedText,
  type Playbook,
  type StepProgress,
} from '../../methodology';
import { explainContext } from './decision-chain-view';
import { criterionView, outputView, warningText } from './localize';

export interface DealCardViewInput {
  portalId: string;
  snapshot: DealSnapshot;
  evaluation: DealEvaluation;
  lang: Lang;
  /** HubSpot's last-modified time of the deal behind `snapshot` (ISO), when known. */
  updatedAt?: string | null;
  /** Overrides the deal's sw_computed_at (e.g. the stamp just written). */
  computedAt?: string | null;
  /** The portal's home currency (ISO code), when known. */
  currency?: string | null;
}

/** An amount with the portal currency, in 万 for Chinese (3,000,000 → 300万). */
export function amountText(amount: number, lang: Lang, currency: string | null | undefined): string {
  const n = lang === 'zh' ? formatAmountZh(amount) : formatAmount(amount);
  return currency === null || currency === undefined || currency === '' ? n : `${n} ${currency}`;
}

/** Order of the playbooks on the card after the deal's process playbook (DESIGN: contract order). */
const SECONDARY = ['six_w_two_p', 'followup', 'ppvvc', 'closing'];

/** sw_computed_at as HubSpot returns it (ISO, or ms since epoch) → ISO; null when absent or unreadable. */
export function isoTime(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const t = raw.trim();
  const ms = /^\d{10,16}$/.test(t) ? Number(t) : Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function relationshipDescription(
  table: Record<'C' | 'B' | 'A', LocalizedText>,
  value: string,
): LocalizedText | null {
  return value === 'A' || value === 'B' || value === 'C' ? table[value] : null;
}

function stepView(playbook: Playbook, progress: StepProgress, lang: Lang): StepView {
  const step = playbook.steps.find((s) => s.id === progress.step);
  const checked = new Set(progress.checkedIds);
  const items: ItemView[] = (step?.items ?? []).map((item) => ({
    id: item.id,
    label: item.label[lang],
    hint: item.hint[lang],
    key: item.key,
    checked: checked.has(item.id),
  }));
  return {
    playbook: playbook.id,
    id: progress.step,
    label: progress.label[lang],
    optional: progress.optional,
    property: step?.property ?? `sw_${playbook.id}_${progress.step}`,
    checked: progress.checked,
    total: progress.total,
    keyChecked: progress.keyChecked,
    keyTotal: progress.keyTotal,
    percent: progress.percent,
    items,
  };
}

function playbookView(playbook: Playbook, steps: readonly StepProgress[], lang: Lang): PlaybookView {
  return {
    id: playbook.id,
    label: playbook.label[lang],
    description: playbook.description[lang],
    kind: playbook.kind,
    steps: steps.filter((s) => s.playbook === playbook.id).map((s) => stepView(playbook, s, lang)),
  };
}

/** Closed outcome from the funnel stage (W/L), else from the stage metadata. */
function closedOutcome(snapshot: DealSnapshot, evaluation: DealEvaluation): DealCardView['closed'] {
  if (evaluation.funnelStage.value === 'W') return 'won';
  if (evaluation.funnelStage.value === 'L') return 'lost';
  const stage = snapshot.stage;
  if (stage === null || stage === undefined || !stage.isClosed) return null;
  return stage.probability > 0 ? 'won' : 'lost';
}

/**
 * The "Sales steps" card's view model: every label localized, every output with its explanation,
 * the process playbook first, then 6W+2P, follow-up and PPVVC. Pure.
 */
export function buildDealCardView(input: DealCardViewInput): DealCardView {
  const { snapshot, evaluation, lang } = input;
  const props = snapshot.properties;
  const processPlaybook = getPlaybook(evaluation.processPlaybook);
  const ordered = [
    ...(processPlaybook === undefined ? [] : [processPlaybook]),
    ...SECONDARY.map((id) => PLAYBOOKS.find((p) => p.id === id)).filter(
      (p): p is Playbook => p !== undefined,
    ),
  ];
  const currentId = evaluation.progress.currentStep;
  const currentStep = currentId === null ? undefined : processPlaybook?.steps.find((s) => s.id === currentId);
  const name = props[HUBSPOT_DEAL_PROPERTIES.dealname];
  const ctx = explainContext(snapshot, evaluation, lang);
  const out = (level: Parameters<typeof outputView>[0], description: LocalizedText | null = null) =>
    outputView(level, lang, description, ctx);
  const phase = evaluation.buyingPhase;
  return {
    portalId: input.portalId,
    dealId: snapshot.id,
    dealName: typeof name === 'string' ? name : '',
    language: lang,
    closed: closedOutcome(snapshot, evaluation),
    processPlaybook: evaluation.processPlaybook,
    computedAt: input.computedAt !== undefined ? input.computedAt : isoTime(props[COMPUTED_AT_PROPERTY]),
    updatedAt: input.updatedAt ?? null,
    rulesVersion: evaluation.rulesVersion,
    progress: {
      checked: evaluation.progress.checked,
      total: evaluation.progress.total,
      keyChecked: evaluation.progress.keyChecked,
      keyTotal: evaluation.progress.keyTotal,
      percent: evaluation.progress.percent,
      keyPercent: evaluation.progress.keyPercent,
      currentStep: currentStep === undefined ? null : { id: currentStep.id, label: currentStep.label[lang] },
    },
    outputs: {
      funnelStage: out(evaluation.funnelStage),
      leadGrade: out(evaluation.leadGrade),
      leadStage: out(evaluation.leadStage),
      relationshipLevel: out(evaluation.relationshipLevel),
      companyRelationship: out(
        evaluation.companyRelationship,
        relationshipDescription(COMPANY_RELATIONSHIP_DESCRIPTIONS, evaluation.companyRelationship.value),
      ),
      personalRelationship: out(
        evaluation.personalRelationship,
        relationshipDescription(PERSONAL_RELATIONSHIP_DESCRIPTIONS, evaluation.personalRelationship.value),
      ),
    },
    nextActions: evaluation.nextActions.map((c) => criterionView(c, lang, ctx)),
    buyingPhase: {
      value: phase.value,
      label: phase.label[lang],
      concern: phase.concern[lang],
      sellerTask: phase.sellerTask[lang],
    },
    alerts: evaluation.alerts
      .filter((a) => a.active)
      .map((a) => ({ id: a.alert, label: a.label[lang], reason: a.reason[lang] })),
    amount: amountText(evaluation.amount, lang, input.currency),
    gradeNote: evaluation.gradeNote,
    hasKeyItems: processPlaybook?.steps.some((s) => s.items.some((i) => i.key)) ?? false,
    closingPlaybook: evaluation.funnelStage.value === 'B' ? 'closing' : null,
    playbooks: ordered.map((p) => playbookView(p, evaluation.steps, lang)),
    warnings: evaluation.warnings.map((w) => warningText(w, lang)),
  };
}
