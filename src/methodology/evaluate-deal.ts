import type { CompiledCriterion, Facts, LevelRanks } from './criteria';
import { compileCriterion } from './compile-criterion';
import {
  FUNNEL_STAGE_LABELS,
  LEAD_GRADE_LABELS,
  LEAD_STAGE_LABELS,
  RELATIONSHIP_LEVEL_LABELS,
} from './labels';
import { parseSnapshot } from './parse-facts';
import { PLAYBOOKS, getPlaybook, processPlaybookFor } from './registry';
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

function evaluateLadder<V extends string>(
  compiled: CompiledLadder,
  facts: Facts,
  ranks: LevelRanks,
): LevelResult<V> {
  const { ladder } = compiled;
  const labels = VALUE_LABELS[ladder.key];
  const label = (v: string): LocalizedText => labels[v] ?? { zh: v, en: v };
  for (const o of compiled.overrides) {
    const r = o.when(facts, ranks);
    if (r.met)
      return {
        property: ladder.property,
        value: o.value as V,
        valueLabel: label(o.value),
        met: [r],
        next: null,
      };
  }
  const floor = ladder.values[0] ?? 'none';
  let value = floor;
  let met: CriterionResult[] = [];
  let next: LevelResult<V>['next'] = null;
  for (const level of compiled.levels) {
    const results = (level.requires[facts.purchaseType] ?? []).map((c) => c(facts, ranks));
    const ok = results.every((r) => r.met);
    if (ok) {
      value = level.value;
      met = results;
      next = null;
      continue;
    }
    if (next === null) {
      next = {
        value: level.value as V,
        valueLabel: label(level.value),
        met: results.filter((r) => r.met),
        missing: results.filter((r) => !r.met),
      };
    }
    if (ladder.cumulative) break;
  }
  return { property: ladder.property, value: value as V, valueLabel: label(value), met, next };
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

  // Progress over every step of every playbook; totals over the process playbook's counted steps.
  const steps: StepProgress[] = [];
  let checked = 0;
  let total = 0;
  let keyChecked = 0;
  let keyTotal = 0;
  let currentKeyStep: string | null = null;
  let currentAnyStep: string | null = null;
  const processPlaybook = getPlaybook(process);
  const ordered =
    processPlaybook === undefined
      ? PLAYBOOKS
      : [processPlaybook, ...PLAYBOOKS.filter((p) => p.id !== process)];
  for (const pb of ordered) {
    const isProcess = pb.id === process;
    for (const step of pb.steps) {
      const set = facts.checked.get(step.property);
      const checkedIds: string[] = [];
      let kC = 0;
      let kT = 0;
      for (const item of step.items) {
        const on = set?.has(item.id) === true;
        if (on) checkedIds.push(item.id);
        if (item.key) {
          kT++;
          if (on) kC++;
        }
      }
      steps.push({
        playbook: pb.id as StepProgress['playbook'],
        step: step.id,
        label: step.label,
        optional: step.optional,
        checkedIds,
        checked: checkedIds.length,
        total: step.items.length,
        keyChecked: kC,
        keyTotal: kT,
        percent: percent(checkedIds.length, step.items.length),
      });
      if (isProcess && !step.optional) {
        checked += checkedIds.length;
        total += step.items.length;
        keyChecked += kC;
        keyTotal += kT;
        if (currentKeyStep === null && kC < kT) currentKeyStep = step.id;
        if (currentAnyStep === null && checkedIds.length < step.items.length) currentAnyStep = step.id;
      }
    }
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

  return {
    dealId: isRecordWithId(snapshot) ? snapshot.id : '',
    processPlaybook: process,
    rulesVersion: compiled.rulesVersion,
    outputs,
    funnelStage,
    companyRelationship,
    personalRelationship,
    relationshipLevel,
    leadStage,
    leadGrade,
    progress: {
      checked,
      total,
      keyChecked,
      keyTotal,
      percent: percent(checked, total),
      keyPercent: percent(keyChecked, keyTotal),
      currentStep,
    },
    steps,
    nextActions,
    warnings,
  };
}

function isRecordWithId(v: unknown): v is { id: string } {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
}
