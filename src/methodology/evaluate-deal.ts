import type { CompiledCriterion, Facts, LevelRanks } from './criteria';
import { compileCriterion } from './compile-criterion';
import {
  FUNNEL_STAGE_LABELS,
  LEAD_GRADE_LABELS,
  LEAD_STAGE_LABELS,
  RELATIONSHIP_LEVEL_LABELS,
} from './labels';
import { parseSnapshot } from './parse-facts';
import { STEP_ENTRIES, popcount, processPlaybookFor, type StepEntry } from './registry';
import { RULE_SETS, RULES_VERSION } from './rule-sets';
import type { Ladder, LadderKey } from './rules';
import type { Language, LocalizedText, ProcessPlaybookId } from './schema';
import { DEFAULT_SETTINGS, portalSettingsSchema, type PortalSettings } from './settings';
import type {
  CriterionResult,
  DealEvaluation,
  DealSnapshot,
  InputWarning,
  LevelResult,
  StepProgress,
} from './types';
import { OUTPUTS, PURCHASE_TYPES, type FunnelStage, type RelationshipLevel } from './vocabulary';

const VALUE_LABELS: Record<LadderKey, Record<string, LocalizedText>> = {
  companyRelationship: RELATIONSHIP_LEVEL_LABELS,
  personalRelationship: RELATIONSHIP_LEVEL_LABELS,
  funnelStage: FUNNEL_STAGE_LABELS,
  leadStage: LEAD_STAGE_LABELS,
  leadGrade: LEAD_GRADE_LABELS,
};

const RANK: Record<string, number> = { none: 0, C: 1, B: 2, A: 3 };

/** Every step of every playbook, the process playbook's first. */
const STEPS_BY_PROCESS: Record<ProcessPlaybookId, readonly StepEntry[]> = {
  seven_step: [
    ...STEP_ENTRIES.filter((e) => e.playbook.id === 'seven_step'),
    ...STEP_ENTRIES.filter((e) => e.playbook.id !== 'seven_step'),
  ],
  ten_step: [
    ...STEP_ENTRIES.filter((e) => e.playbook.id === 'ten_step'),
    ...STEP_ENTRIES.filter((e) => e.playbook.id !== 'ten_step'),
  ],
};

interface CompiledLevel {
  value: string;
  /** Index 0 for purchase types without a specific list; otherwise per purchase type. */
  requires: Record<string, CompiledCriterion[]>;
}

interface CompiledLadder {
  ladder: Ladder;
  overrides: { value: string; when: CompiledCriterion }[];
  levels: CompiledLevel[];
}

/** 32-bit FNV-1a, hex: a short, pure fingerprint of the settings in force. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function compileRules(
  settings: PortalSettings,
): Record<ProcessPlaybookId, Record<LadderKey, CompiledLadder>> {
  const out = {} as Record<ProcessPlaybookId, Record<LadderKey, CompiledLadder>>;
  for (const [process, ruleSet] of Object.entries(RULE_SETS) as [
    ProcessPlaybookId,
    (typeof RULE_SETS)[ProcessPlaybookId],
  ][]) {
    const ladders = {} as Record<LadderKey, CompiledLadder>;
    for (const ladder of ruleSet.ladders) {
      ladders[ladder.key] = {
        ladder,
        overrides: ladder.overrides.map((o) => ({
          value: o.value,
          when: compileCriterion(o.when, settings),
        })),
        levels: ladder.levels.map((level) => {
          const common = level.requires.map((c) => compileCriterion(c, settings));
          const requires: Record<string, CompiledCriterion[]> = {};
          for (const pt of PURCHASE_TYPES) {
            const extra = level.byPurchaseType?.[pt] ?? [];
            requires[pt] = [...common, ...extra.map((c) => compileCriterion(c, settings))];
          }
          return { value: level.value, requires };
        }),
      };
    }
    out[process] = ladders;
  }
  return out;
}

interface CompiledSettings {
  settings: PortalSettings;
  byProcess: Record<ProcessPlaybookId, Record<LadderKey, CompiledLadder>>;
  rulesVersion: string;
  warning: InputWarning | null;
}

const compiledCache = new WeakMap<object, CompiledSettings>();

function compiledFor(settingsInput: unknown): CompiledSettings {
  const key = typeof settingsInput === 'object' && settingsInput !== null ? settingsInput : DEFAULT_SETTINGS;
  const hit = compiledCache.get(key);
  if (hit !== undefined) return hit;
  const parsed = portalSettingsSchema.safeParse(key);
  const settings = parsed.success ? parsed.data : DEFAULT_SETTINGS;
  const entry: CompiledSettings = {
    settings,
    byProcess: compileRules(settings),
    rulesVersion: `${RULES_VERSION}+${fnv1a(stableJson(settings))}`,
    warning: parsed.success ? null : { property: 'settings', value: 'invalid', reason: 'invalid_settings' },
  };
  compiledCache.set(key, entry);
  return entry;
}

function valueLabel(labels: Record<string, LocalizedText>, v: string): LocalizedText {
  return labels[v] ?? { zh: v, en: v };
}

function evaluateLadder<V extends string>(
  compiled: CompiledLadder,
  facts: Facts,
  ranks: LevelRanks,
): LevelResult<V> {
  const { ladder } = compiled;
  const labels = VALUE_LABELS[ladder.key];
  for (const o of compiled.overrides) {
    const r = o.when(facts, ranks);
    if (r.met)
      return {
        property: ladder.property,
        value: o.value as V,
        valueLabel: valueLabel(labels, o.value),
        met: [r],
        next: null,
      };
  }
  const floor = ladder.values[0] ?? 'none';
  let value = floor;
  let met: CriterionResult[] = [];
  let next: LevelResult<V>['next'] = null;
  for (const level of compiled.levels) {
    const criteria = level.requires[facts.purchaseType] ?? [];
    const results: CriterionResult[] = new Array<CriterionResult>(criteria.length);
    let ok = true;
    for (let i = 0; i < criteria.length; i++) {
      const r = (criteria[i] as CompiledCriterion)(facts, ranks);
      if (!r.met) ok = false;
      results[i] = r;
    }
    if (ok) {
      value = level.value;
      met = results;
      next = null;
      continue;
    }
    if (next === null) {
      const metNow: CriterionResult[] = [];
      const missing: CriterionResult[] = [];
      for (const r of results) (r.met ? metNow : missing).push(r);
      next = { value: level.value as V, valueLabel: valueLabel(labels, level.value), met: metNow, missing };
    }
    if (ladder.cumulative) break;
  }
  return { property: ladder.property, value: value as V, valueLabel: valueLabel(labels, value), met, next };
}

function minRelationship(
  company: LevelResult<RelationshipLevel>,
  personal: LevelResult<RelationshipLevel>,
): LevelResult<RelationshipLevel> {
  const low = (RANK[company.value] ?? 0) <= (RANK[personal.value] ?? 0) ? company : personal;
  const value = low.value;
  const dims: [string, LocalizedText, LevelResult<RelationshipLevel>][] = [
    ['companyRelationship', { zh: '公司关系', en: 'Company relationship' }, company],
    ['personalRelationship', { zh: '个人关系', en: 'Personal relationship' }, personal],
  ];
  const met: CriterionResult[] = dims.map(([id, dl, r]) => ({
    id: `level:${id}=${r.value}`,
    label: { zh: `${dl.zh}:${r.valueLabel.zh}`, en: `${dl.en}: ${r.valueLabel.en}` },
    met: true,
  }));
  const nextValue = (['C', 'B', 'A'] as const).find((v) => (RANK[v] ?? 0) > (RANK[value] ?? 0));
  let next: LevelResult<RelationshipLevel>['next'] = null;
  if (nextValue !== undefined) {
    const target = RANK[nextValue] ?? 0;
    const results: CriterionResult[] = dims.map(([id, dl, r]) => {
      const ok = (RANK[r.value] ?? 0) >= target;
      const res: CriterionResult = {
        id: `level:${id}>=${nextValue}`,
        label: {
          zh: `${dl.zh}达到${RELATIONSHIP_LEVEL_LABELS[nextValue].zh}或以上`,
          en: `${dl.en} at ${RELATIONSHIP_LEVEL_LABELS[nextValue].en} or above`,
        },
        met: ok,
      };
      if (!ok && r.next !== null) res.children = r.next.missing;
      return res;
    });
    next = {
      value: nextValue,
      valueLabel: RELATIONSHIP_LEVEL_LABELS[nextValue],
      met: results.filter((r) => r.met),
      missing: results.filter((r) => !r.met),
    };
  }
  return {
    property: OUTPUTS.relationshipLevel,
    value,
    valueLabel: RELATIONSHIP_LEVEL_LABELS[value],
    met,
    next,
  };
}

/** round(100 × part / whole), half up, in integers (0 when whole is 0). */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((200 * part + whole) / (2 * whole));
}

/** Leaves a rep can act on: an unmet "all" expands to its unmet parts. */
export function actionableLeaves(missing: readonly CriterionResult[]): CriterionResult[] {
  const out: CriterionResult[] = [];
  for (const m of missing) {
    if ((m.id.startsWith('allKey:') || m.id.startsWith('all:')) && m.children !== undefined) {
      out.push(...actionableLeaves(m.children.filter((c) => !c.met)));
    } else out.push(m);
  }
  return out;
}

function nextActionsText(actions: readonly CriterionResult[], language: Language): string {
  return actions
    .map((a) => `- ${a.label[language]}`)
    .join('\n')
    .slice(0, 4000);
}

/**
 * Grades a deal from its HubSpot properties (DESIGN §3–4). Pure and total: any input, never a throw;
 * every output comes with the explanation produced by the same evaluation.
 */
export function evaluateDeal(
  snapshot: DealSnapshot,
  settings: PortalSettings = DEFAULT_SETTINGS,
): DealEvaluation {
  const compiled = compiledFor(settings);
  const { facts, pipeline, warnings } = parseSnapshot(snapshot);
  if (compiled.warning !== null) warnings.push(compiled.warning);
  const s = compiled.settings;
  const process = processPlaybookFor(pipeline, s);
  const ladders = compiled.byProcess[process];

  const ranks: LevelRanks = {};
  const companyRelationship = evaluateLadder<RelationshipLevel>(ladders.companyRelationship, facts, ranks);
  ranks.companyRelationship = RANK[companyRelationship.value] ?? 0;
  const personalRelationship = evaluateLadder<RelationshipLevel>(ladders.personalRelationship, facts, ranks);
  ranks.personalRelationship = RANK[personalRelationship.value] ?? 0;
  const relationshipLevel = minRelationship(companyRelationship, personalRelationship);
  const funnelStage = evaluateLadder<FunnelStage>(ladders.funnelStage, facts, ranks);
  const leadStage = evaluateLadder<DealEvaluation['leadStage']['value']>(ladders.leadStage, facts, ranks);
  const leadGrade = evaluateLadder<DealEvaluation['leadGrade']['value']>(ladders.leadGrade, facts, ranks);

  // Totals over the process playbook's counted (non-optional) steps.
  let checked = 0;
  let total = 0;
  let keyChecked = 0;
  let keyTotal = 0;
  let currentKeyStep: string | null = null;
  let currentAnyStep: string | null = null;
  for (const entry of STEPS_BY_PROCESS[process]) {
    if (entry.step.optional || entry.playbook.id !== process) continue;
    const mask = facts.checked[entry.index] ?? 0;
    const c = popcount(mask);
    const kC = popcount(mask & entry.keyMask);
    const kT = popcount(entry.keyMask);
    checked += c;
    total += entry.step.items.length;
    keyChecked += kC;
    keyTotal += kT;
    if (currentKeyStep === null && kC < kT) currentKeyStep = entry.step.id;
    if (currentAnyStep === null && c < entry.step.items.length) currentAnyStep = entry.step.id;
  }
  const currentStep = currentKeyStep ?? currentAnyStep;
  const nextActions = funnelStage.next === null ? [] : actionableLeaves(funnelStage.next.missing);

  const outputs: Record<string, string> = {
    [OUTPUTS.funnelStage]: funnelStage.value,
    [OUTPUTS.companyRelationship]: companyRelationship.value,
    [OUTPUTS.personalRelationship]: personalRelationship.value,
    [OUTPUTS.relationshipLevel]: relationshipLevel.value,
    [OUTPUTS.leadStage]: leadStage.value,
    [OUTPUTS.leadGrade]: leadGrade.value,
    [OUTPUTS.checklistProgress]: String(percent(checked, total)),
    [OUTPUTS.keyItemsProgress]: String(percent(keyChecked, keyTotal)),
    [OUTPUTS.currentStep]: currentStep === null ? 'complete' : `${process}_${currentStep}`,
    [OUTPUTS.nextActions]: nextActionsText(nextActions, s.language),
    [OUTPUTS.rulesVersion]: compiled.rulesVersion,
  };

  return new Evaluation(
    isRecordWithId(snapshot) ? snapshot.id : '',
    process,
    compiled.rulesVersion,
    outputs,
    { funnelStage, companyRelationship, personalRelationship, relationshipLevel, leadStage, leadGrade },
    {
      checked,
      total,
      keyChecked,
      keyTotal,
      percent: percent(checked, total),
      keyPercent: percent(keyChecked, keyTotal),
      currentStep,
    },
    nextActions,
    warnings,
    facts.checked,
  );
}

type Levels = Pick<
  DealEvaluation,
  | 'funnelStage'
  | 'companyRelationship'
  | 'personalRelationship'
  | 'relationshipLevel'
  | 'leadStage'
  | 'leadGrade'
>;

/** The evaluation; per-step detail is built only when read (the card reads it, the worker does not). */
class Evaluation implements DealEvaluation {
  readonly funnelStage: DealEvaluation['funnelStage'];
  readonly companyRelationship: DealEvaluation['companyRelationship'];
  readonly personalRelationship: DealEvaluation['personalRelationship'];
  readonly relationshipLevel: DealEvaluation['relationshipLevel'];
  readonly leadStage: DealEvaluation['leadStage'];
  readonly leadGrade: DealEvaluation['leadGrade'];
  #steps: StepProgress[] | undefined;

  constructor(
    readonly dealId: string,
    readonly processPlaybook: ProcessPlaybookId,
    readonly rulesVersion: string,
    readonly outputs: Record<string, string>,
    levels: Levels,
    readonly progress: DealEvaluation['progress'],
    readonly nextActions: CriterionResult[],
    readonly warnings: InputWarning[],
    private readonly checkedMasks: Readonly<ArrayLike<number>>,
  ) {
    this.funnelStage = levels.funnelStage;
    this.companyRelationship = levels.companyRelationship;
    this.personalRelationship = levels.personalRelationship;
    this.relationshipLevel = levels.relationshipLevel;
    this.leadStage = levels.leadStage;
    this.leadGrade = levels.leadGrade;
  }

  get steps(): StepProgress[] {
    this.#steps ??= stepProgress(STEPS_BY_PROCESS[this.processPlaybook], this.checkedMasks);
    return this.#steps;
  }

  toJSON(): DealEvaluation {
    const { checkedMasks: _masks, ...rest } = this;
    return { ...rest, steps: this.steps };
  }
}

function stepProgress(entries: readonly StepEntry[], checked: Readonly<ArrayLike<number>>): StepProgress[] {
  return entries.map(({ playbook, step, keyMask, index }) => {
    const mask = checked[index] ?? 0;
    const checkedIds = step.items.filter((_, i) => (mask & (1 << i)) !== 0).map((i) => i.id);
    return {
      playbook: playbook.id as StepProgress['playbook'],
      step: step.id,
      label: step.label,
      optional: step.optional,
      checkedIds,
      checked: checkedIds.length,
      total: step.items.length,
      keyChecked: popcount(mask & keyMask),
      keyTotal: popcount(keyMask),
      percent: percent(checkedIds.length, step.items.length),
    };
  });
}

function isRecordWithId(v: unknown): v is { id: string } {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
}
