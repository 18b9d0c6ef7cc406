import { compileCriterion, radixOf } from './compile-criterion';
import type { CompiledCriterion, Facts, LevelRanks } from './criteria';
import {
  FUNNEL_STAGE_LABELS,
  LEAD_GRADE_LABELS,
  LEAD_STAGE_LABELS,
  RELATIONSHIP_LEVEL_LABELS,
} from './labels';
import type { Ladder, LadderKey } from './rules';
import type { LocalizedText } from './schema';
import type { PortalSettings } from './settings';
import type { CriterionResult, LevelResult } from './types';
import { OUTPUTS, PURCHASE_TYPES, type PurchaseType, type RelationshipLevel } from './vocabulary';

const VALUE_LABELS: Record<LadderKey, Record<string, LocalizedText>> = {
  companyRelationship: RELATIONSHIP_LEVEL_LABELS,
  personalRelationship: RELATIONSHIP_LEVEL_LABELS,
  funnelStage: FUNNEL_STAGE_LABELS,
  leadStage: LEAD_STAGE_LABELS,
  leadGrade: LEAD_GRADE_LABELS,
};

export const RANK: Readonly<Record<string, number>> = { none: 0, C: 1, B: 2, A: 3 };

/** Evaluated requirements of one level in one state: shared and frozen. */
interface Outcome {
  ok: boolean;
  results: readonly CriterionResult[];
  met: readonly CriterionResult[];
  missing: readonly CriterionResult[];
}

interface Requirement {
  parts: readonly CompiledCriterion[];
  radix: readonly number[];
  size: number;
  outcome(state: number): Outcome;
}

interface CompiledLevel {
  value: string;
  byPurchaseType: Readonly<Record<PurchaseType, Requirement>>;
}

export interface CompiledLadder {
  ladder: Ladder;
  overrides: { when: CompiledCriterion; result: LevelResult<string> }[];
  levels: CompiledLevel[];
  /** Per purchase type: ladder state → result (null when the state space is too large to key). */
  memo: Readonly<Record<PurchaseType, Map<number, LevelResult<string>> | null>>;
  /** Past the top level: guidance shown as `next` (never a gate). */
  guidance: {
    value: string;
    requirement: Requirement;
    memo: WeakMap<object, Map<number, LevelResult<string>>>;
  } | null;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function valueLabel(labels: Record<string, LocalizedText>, v: string): LocalizedText {
  return labels[v] ?? { zh: v, en: v };
}

function compileRequirement(parts: CompiledCriterion[]): Requirement {
  const { radix, size } = radixOf(parts);
  const build = (state: number): Outcome => {
    const results = parts.map((p, i) => p.result(Math.floor(state / (radix[i] as number)) % p.size));
    return deepFreeze({
      ok: results.every((r) => r.met),
      results,
      met: results.filter((r) => r.met),
      missing: results.filter((r) => !r.met),
    });
  };
  // Small state spaces (all of the shipped rules) get an array; larger ones a bounded map.
  if (size <= 4096) {
    const table = new Array<Outcome | undefined>(size);
    return { parts, radix, size, outcome: (state) => (table[state] ??= build(state)) };
  }
  const table = new Map<number, Outcome>();
  return {
    parts,
    radix,
    size,
    outcome: (state) => {
      let o = table.get(state);
      if (o === undefined) {
        o = build(state);
        if (table.size >= 65_536) table.clear();
        table.set(state, o);
      }
      return o;
    },
  };
}

function requirementState(req: Requirement, facts: Facts, ranks: LevelRanks): number {
  let s = 0;
  for (let i = 0; i < req.parts.length; i++) {
    s += (req.parts[i] as CompiledCriterion).state(facts, ranks) * (req.radix[i] as number);
  }
  return s;
}

export function compileLadder(ladder: Ladder, settings: PortalSettings): CompiledLadder {
  const labels = VALUE_LABELS[ladder.key];
  const levels: CompiledLevel[] = ladder.levels.map((level) => {
    const common = level.requires.map((c) => compileCriterion(c, settings));
    const byPurchaseType = {} as Record<PurchaseType, Requirement>;
    for (const pt of PURCHASE_TYPES) {
      const extra = (level.byPurchaseType?.[pt] ?? []).map((c) => compileCriterion(c, settings));
      byPurchaseType[pt] = compileRequirement([...common, ...extra]);
    }
    return { value: level.value, byPurchaseType };
  });
  const memo = {} as Record<PurchaseType, Map<number, LevelResult<string>> | null>;
  for (const pt of PURCHASE_TYPES) {
    const space = levels.reduce((n, l) => n * l.byPurchaseType[pt].size, 1);
    memo[pt] = space <= Number.MAX_SAFE_INTEGER ? new Map() : null;
  }
  const guidance =
    ladder.guidance === undefined
      ? null
      : {
          value: ladder.guidance.value,
          requirement: compileRequirement(ladder.guidance.requires.map((c) => compileCriterion(c, settings))),
          memo: new WeakMap<object, Map<number, LevelResult<string>>>(),
        };
  return {
    ladder,
    guidance,
    overrides: ladder.overrides.map((o) => {
      const when = compileCriterion(o.when, settings);
      const met = when.result(1);
      return {
        when,
        result: deepFreeze({
          property: ladder.property,
          value: o.value,
          valueLabel: valueLabel(labels, o.value),
          met: [met],
          next: null,
          ...(ladder.measures === undefined ? {} : { measures: null }),
        }),
      };
    }),
    levels,
    memo,
  };
}

/** Scratch space for the states of one ladder walk (evaluation is synchronous). */
const states: number[] = [];

/**
 * The ladder's value: the highest level whose requirements hold (cumulative ladders also need
 * every level below), with the criteria it met and what the next level still misses. Identical
 * situations share one frozen result, so this allocates nothing once a situation has been seen.
 */
export function evaluateLadder<V extends string>(
  c: CompiledLadder,
  facts: Facts,
  ranks: LevelRanks,
): LevelResult<V> {
  for (const o of c.overrides) {
    if (o.when.result(o.when.state(facts, ranks)).met) return o.result as LevelResult<V>;
  }
  const pt = facts.purchaseType;
  let key = 0;
  let mult = 1;
  let walked = 0;
  for (const level of c.levels) {
    const req = level.byPurchaseType[pt];
    const s = requirementState(req, facts, ranks);
    states[walked++] = s;
    key += s * mult;
    mult *= req.size;
    if (!req.outcome(s).ok && c.ladder.cumulative) break;
  }
  const memo = c.memo[pt];
  let result = memo?.get(key);
  if (result === undefined) {
    result = buildLevelResult(c, pt, walked);
    if (memo !== null) {
      if (memo.size >= 65_536) memo.clear();
      memo.set(key, result);
    }
  }
  return withGuidance(c, result, facts, ranks) as LevelResult<V>;
}

/** At the top level, `next` is the ladder's guidance (e.g. B → W: closing), shared per state. */
function withGuidance(
  c: CompiledLadder,
  base: LevelResult<string>,
  facts: Facts,
  ranks: LevelRanks,
): LevelResult<string> {
  const g = c.guidance;
  const top = c.levels[c.levels.length - 1];
  if (g === null || top === undefined || base.value !== top.value) return base;
  const state = requirementState(g.requirement, facts, ranks);
  let byState = g.memo.get(base);
  if (byState === undefined) {
    byState = new Map();
    g.memo.set(base, byState);
  }
  let out = byState.get(state);
  if (out === undefined) {
    const o = g.requirement.outcome(state);
    out = deepFreeze({
      ...base,
      next: {
        value: g.value,
        valueLabel: valueLabel(VALUE_LABELS[c.ladder.key], g.value),
        met: [...o.met],
        missing: [...o.missing],
      },
    });
    byState.set(state, out);
  }
  return out;
}

function buildLevelResult(c: CompiledLadder, pt: PurchaseType, walked: number): LevelResult<string> {
  const { ladder } = c;
  const labels = VALUE_LABELS[ladder.key];
  let value = ladder.values[0] ?? 'none';
  let met: readonly CriterionResult[] = [];
  let next: LevelResult<string>['next'] = null;
  for (let i = 0; i < walked; i++) {
    const level = c.levels[i] as CompiledLevel;
    const o = level.byPurchaseType[pt].outcome(states[i] as number);
    if (o.ok) {
      value = level.value;
      met = o.results;
      next = null;
    } else if (next === null) {
      next = {
        value: level.value,
        valueLabel: valueLabel(labels, level.value),
        met: [...o.met],
        missing: [...o.missing],
      };
    }
  }
  return deepFreeze({
    property: ladder.property,
    value,
    valueLabel: valueLabel(labels, value),
    met: [...met],
    next,
    ...(ladder.measures === undefined ? {} : { measures: ladder.measures[value] ?? null }),
  });
}

const DIMENSIONS: readonly [string, LocalizedText][] = [
  ['companyRelationship', { zh: '公司关系', en: 'Company relationship' }],
  ['personalRelationship', { zh: '个人关系', en: 'Personal relationship' }],
];

const minMemo = new WeakMap<object, WeakMap<object, LevelResult<RelationshipLevel>>>();

/** Overall relationship = the lower of company and personal, explained by the lagging dimension. */
export function minRelationship(
  company: LevelResult<RelationshipLevel>,
  personal: LevelResult<RelationshipLevel>,
): LevelResult<RelationshipLevel> {
  let inner = minMemo.get(company);
  if (inner === undefined) {
    inner = new WeakMap();
    minMemo.set(company, inner);
  }
  const hit = inner.get(personal);
  if (hit !== undefined) return hit;
  const dims = [company, personal];
  const value = (RANK[company.value] ?? 0) <= (RANK[personal.value] ?? 0) ? company.value : personal.value;
  const met: CriterionResult[] = DIMENSIONS.map(([id, dl], i) => {
    const r = dims[i] as LevelResult<RelationshipLevel>;
    return {
      id: `level:${id}=${r.value}`,
      label: { zh: `${dl.zh}:${r.valueLabel.zh}`, en: `${dl.en}: ${r.valueLabel.en}` },
      met: true,
    };
  });
  const nextValue = (['C', 'B', 'A'] as const).find((v) => (RANK[v] ?? 0) > (RANK[value] ?? 0));
  let next: LevelResult<RelationshipLevel>['next'] = null;
  if (nextValue !== undefined) {
    const target = RANK[nextValue] ?? 0;
    const results: CriterionResult[] = DIMENSIONS.map(([id, dl], i) => {
      const r = dims[i] as LevelResult<RelationshipLevel>;
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
  const lagging = value === company.value ? company : personal;
  const result = deepFreeze({
    property: OUTPUTS.relationshipLevel,
    value,
    valueLabel: RELATIONSHIP_LEVEL_LABELS[value],
    met,
    next,
    measures: lagging.measures ?? null,
  });
  inner.set(personal, result);
  return result;
}
