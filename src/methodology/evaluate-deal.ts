import { timedOutputs } from './alerts';
import { buyingPhaseOf } from './buying-phase';
import { contactRuleOf } from './compile-criterion';
import { CONTACT_LANES, matchesContact, type LevelRanks } from './criteria';
import { compileLadder, evaluateLadder, minRelationship, RANK, type CompiledLadder } from './ladder';
import { completeSteps, parseSnapshot, pipelineOf, type ParsedSnapshot } from './parse-facts';
import { STEP_ENTRIES, popcount, processPlaybookFor, type StepEntry } from './registry';
import { RULE_SETS, RULES_VERSION, referencedSteps } from './rule-sets';
import type { LadderKey } from './rules';
import { PROCESS_PLAYBOOK_IDS, type Language, type ProcessPlaybookId } from './schema';
import { DEFAULT_SETTINGS, parsePortalSettings, portalSettingsSchema, type PortalSettings } from './settings';
import type {
  AlertResult,
  BlockingContact,
  CriterionResult,
  DealEvaluation,
  DealSnapshot,
  InputWarning,
  LevelResult,
  StepProgress,
} from './types';
import type { OUTPUTS } from './vocabulary';
import { DECISION_ROLES, type FunnelStage, type RelationshipLevel } from './vocabulary';

/** Steps each process needs parsed to grade: its own steps and those its rules read. */
const EAGER_STEPS: Record<ProcessPlaybookId, readonly boolean[]> = {
  seven_step: eagerSteps('seven_step'),
  ten_step: eagerSteps('ten_step'),
};

function eagerSteps(process: ProcessPlaybookId): boolean[] {
  const read = referencedSteps(RULE_SETS[process]);
  return STEP_ENTRIES.map((e) => e.playbook.id === process || read.has(`${e.playbook.id}.${e.step.id}`));
}

/** `sw_current_step` values per process step (`<playbook>_<step>`), built once. */
const CURRENT_STEP_VALUES: Record<ProcessPlaybookId, Record<string, string>> = {
  seven_step: Object.fromEntries(
    STEP_ENTRIES.filter((e) => e.playbook.id === 'seven_step').map((e) => [
      e.step.id,
      `seven_step_${e.step.id}`,
    ]),
  ),
  ten_step: Object.fromEntries(
    STEP_ENTRIES.filter((e) => e.playbook.id === 'ten_step').map((e) => [e.step.id, `ten_step_${e.step.id}`]),
  ),
};

/** The steps progress counts: the process playbook's steps, less optional and post-sale ones. */
const counted = (process: ProcessPlaybookId) =>
  STEP_ENTRIES.filter((e) => e.playbook.id === process && !e.step.optional && e.step.afterClose !== true);
const COUNTED_STEPS: Record<ProcessPlaybookId, readonly StepEntry[]> = {
  seven_step: counted('seven_step'),
  ten_step: counted('ten_step'),
};

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
  for (const process of PROCESS_PLAYBOOK_IDS) {
    const ladders = {} as Record<LadderKey, CompiledLadder>;
    for (const ladder of RULE_SETS[process].ladders) ladders[ladder.key] = compileLadder(ladder, settings);
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
const compiledByContent = new Map<string, CompiledSettings>();

function compiledFor(settingsInput: unknown): CompiledSettings {
  const key = typeof settingsInput === 'object' && settingsInput !== null ? settingsInput : DEFAULT_SETTINGS;
  const hit = compiledCache.get(key);
  if (hit !== undefined) return hit;
  // Settings stored before a setting existed lack it: merge them over the defaults.
  const full = portalSettingsSchema.safeParse(key);
  const merged = full.success ? null : parsePortalSettings(key);
  const parsed = full.success ? full : { success: merged?.ok === true };
  const settings = full.success ? full.data : merged?.ok === true ? merged.settings : DEFAULT_SETTINGS;
  const json = stableJson(settings);
  // Equal settings in a new object (e.g. read again from storage) reuse the compiled rules.
  const same = compiledByContent.get(json);
  const entry: CompiledSettings = {
    settings,
    byProcess: same?.byProcess ?? compileRules(settings),
    rulesVersion: same?.rulesVersion ?? `${RULES_VERSION}+${fnv1a(json)}`,
    warning: parsed.success ? null : { property: 'settings', value: 'invalid', reason: 'invalid_settings' },
  };
  if (same === undefined) {
    if (compiledByContent.size >= 256) compiledByContent.clear();
    compiledByContent.set(json, entry);
  }
  compiledCache.set(key, entry);
  return entry;
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

const nextActionsMemo = new WeakMap<object, { actions: CriterionResult[]; text: Record<Language, string> }>();

/** The rep's to-do list for the next funnel stage, and its text, shared per funnel result. */
function nextActionsOf(funnel: LevelResult<FunnelStage>): {
  actions: CriterionResult[];
  text: Record<Language, string>;
} {
  let hit = nextActionsMemo.get(funnel);
  if (hit === undefined) {
    const actions = funnel.next === null ? [] : actionableLeaves(funnel.next.missing);
    const text = (lang: Language) =>
      actions
        .map((a) => `- ${(a.action ?? a.label)[lang]}`)
        .join('\n')
        .slice(0, 4000);
    hit = { actions: Object.freeze(actions) as CriterionResult[], text: { zh: text('zh'), en: text('en') } };
    nextActionsMemo.set(funnel, hit);
  }
  return hit;
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
  const s = compiled.settings;
  const process = processPlaybookFor(pipelineOf(snapshot), s);
  const parsed = parseSnapshot(snapshot, EAGER_STEPS[process]);
  const { facts } = parsed;
  if (compiled.warning !== null) parsed.warnings.push(compiled.warning);
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
  for (const entry of COUNTED_STEPS[process]) {
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
  // A process playbook without ★ (ten_step): key progress is checklist progress.
  if (keyTotal === 0) {
    keyChecked = checked;
    keyTotal = total;
  }
  const currentStep = currentKeyStep ?? currentAnyStep;
  const next = nextActionsOf(funnelStage);
  const buyingPhase = buyingPhaseOf(funnelStage.value);
  const timed = timedOutputs(funnelStage.value, relationshipLevel.value, facts, parsed, s);
  const note = s.gradeNotes[leadGrade.value];

  // Literal keys (a fixed object shape is cheaper than computed keys); `satisfies` ties them to OUTPUTS.
  const outputs = {
    sw_funnel_stage: funnelStage.value,
    sw_company_relationship: companyRelationship.value,
    sw_personal_relationship: personalRelationship.value,
    sw_relationship_level: relationshipLevel.value,
    sw_lead_stage: leadStage.value,
    sw_lead_grade: leadGrade.value,
    sw_checklist_progress: String(percent(checked, total)),
    sw_key_items_progress: String(percent(keyChecked, keyTotal)),
    sw_current_step:
      currentStep === null ? 'complete' : (CURRENT_STEP_VALUES[process][currentStep] ?? 'complete'),
    sw_next_actions: next.text[s.language],
    sw_rules_version: compiled.rulesVersion,
    sw_buying_phase: buyingPhase.value,
    sw_alerts: timed.value,
    sw_funnel_stage_since: timed.since,
  } satisfies Record<(typeof OUTPUTS)[keyof typeof OUTPUTS], string>;

  return new Evaluation(
    isRecordWithId(snapshot) ? snapshot.id : '',
    process,
    compiled.rulesVersion,
    outputs,
    funnelStage,
    companyRelationship,
    personalRelationship,
    relationshipLevel,
    leadStage,
    leadGrade,
    {
      checked,
      total,
      keyChecked,
      keyTotal,
      percent: percent(checked, total),
      keyPercent: percent(keyChecked, keyTotal),
      currentStep,
    },
    next.actions,
    buyingPhase,
    timed.alerts,
    timed.since,
    note === undefined || note === '' ? null : note,
    parsed,
  );
}

/** The evaluation; per-step detail is built only when read (the card reads it, the worker does not). */
class Evaluation implements DealEvaluation {
  #steps: StepProgress[] | undefined;
  #blocking: Record<string, BlockingContact[]> | undefined;

  constructor(
    readonly dealId: string,
    readonly processPlaybook: ProcessPlaybookId,
    readonly rulesVersion: string,
    readonly outputs: Record<string, string>,
    readonly funnelStage: DealEvaluation['funnelStage'],
    readonly companyRelationship: DealEvaluation['companyRelationship'],
    readonly personalRelationship: DealEvaluation['personalRelationship'],
    readonly relationshipLevel: DealEvaluation['relationshipLevel'],
    readonly leadStage: DealEvaluation['leadStage'],
    readonly leadGrade: DealEvaluation['leadGrade'],
    readonly progress: DealEvaluation['progress'],
    readonly nextActions: CriterionResult[],
    readonly buyingPhase: DealEvaluation['buyingPhase'],
    readonly alerts: AlertResult[],
    readonly funnelStageSince: string,
    readonly gradeNote: string | null,
    private readonly parsed: ParsedSnapshot,
  ) {
    this.amount = parsed.facts.amount;
  }

  readonly amount: number;

  /** The contacts blocking each unmet contact criterion of the explanations (built when read). */
  get blocking(): Record<string, BlockingContact[]> {
    this.#blocking ??= blockingContacts(
      [this.companyRelationship, this.personalRelationship, this.funnelStage, this.leadStage],
      this.parsed,
    );
    return this.#blocking;
  }

  get steps(): StepProgress[] {
    completeSteps(this.parsed);
    this.#steps ??= stepProgress(STEPS_BY_PROCESS[this.processPlaybook], this.parsed.facts.checked);
    return this.#steps;
  }

  /** Every input the engine ignored (completes parsing of steps the rules did not need). */
  get warnings(): InputWarning[] {
    completeSteps(this.parsed);
    return this.parsed.warnings;
  }

  toJSON(): DealEvaluation {
    const { parsed: _parsed, ...rest } = this;
    return { ...rest, steps: this.steps, warnings: this.warnings, blocking: this.blocking };
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

/** Unmet `contacts:` criteria in the explanations, and the contacts that keep each unmet. */
function blockingContacts(
  levels: readonly LevelResult<string>[],
  parsed: ParsedSnapshot,
): Record<string, BlockingContact[]> {
  const out: Record<string, BlockingContact[]> = {};
  const { contacts } = parsed.facts;
  const visit = (results: readonly CriterionResult[]): void => {
    for (const r of results) {
      if (r.met) continue;
      if (r.children !== undefined) visit(r.children);
      const rule = r.id.startsWith('contacts:') ? contactRuleOf(r.id) : undefined;
      if (rule === undefined || Object.hasOwn(out, r.id)) continue;
      const list: BlockingContact[] = [];
      for (let i = 0; i < contacts.length; i++) {
        const code = contacts[i] as number;
        const inScope = rule.filter === undefined || matchesContact(code, rule.filter);
        const blocks =
          rule.quantifier === 'none'
            ? matchesContact(code, rule.where)
            : inScope &&
              (rule.quantifier === 'every' || rule.filter !== undefined) &&
              !matchesContact(code, rule.where);
        if (blocks) list.push({ contactId: parsed.contactIds[i] ?? '', role: roleOf(code) });
      }
      out[r.id] = list;
    }
  };
  for (const level of levels) if (level.next !== null) visit(level.next.missing);
  return out;
}

const ROLE_LANE = CONTACT_LANES[0];

function roleOf(code: number): BlockingContact['role'] {
  return DECISION_ROLES.find((r) => (code & (ROLE_LANE?.bits.get(r) ?? 0)) !== 0) ?? null;
}
