import type { CompiledCriterion, ContactMask, Criterion, Facts, LevelRanks } from './criteria';
import { contactMask, matchesContact } from './criteria';
import { ACCOUNT_TRAIT_LABELS, RELATIONSHIP_LEVEL_LABELS } from './labels';
import { findItem, findStep } from './registry';
import type { LocalizedText } from './schema';
import type { PortalSettings } from './settings';
import type { CriterionResult } from './types';
import { ACCOUNT_TRAITS } from './vocabulary';

const LEVEL_RANK = { none: 0, C: 1, B: 2, A: 3 } as const;

const DIMENSION_LABELS = {
  companyRelationship: { zh: '公司关系', en: 'Company relationship' },
  personalRelationship: { zh: '个人关系', en: 'Personal relationship' },
} as const;

/** Largest state space a composite may have (keeps memo tables small; rules are far below it). */
const MAX_STATES = 1 << 20;

function formatAmount(n: number): string {
  // Pure, locale-independent grouping (no Intl: same output everywhere).
  const [int = '0', frac] = String(n).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Chinese amounts in 万 (ten thousand) from 10,000 up: 3,000,000 → 300万. */
export function formatAmountZh(n: number): string {
  if (Math.abs(n) < 10_000) return formatAmount(n);
  const wan = Math.round(n / 100) / 100;
  return `${formatAmount(wan)}万`;
}

export { formatAmount };

/** Thrown only while compiling rules (at module load / settings change), never while evaluating deals. */
export class RuleDefinitionError extends Error {
  readonly code = 'RULE_DEFINITION_INVALID';
}

/** Deep-freezes an explanation so shared results can never be changed by a caller. */
function freeze(r: CriterionResult): CriterionResult {
  if (r.children !== undefined) Object.freeze(r.children);
  return Object.freeze(r);
}

/** The seed passage and action a criterion carries, as result fields. */
type Extras = Pick<CriterionResult, 'source' | 'action'>;

function extrasOf(c: Criterion, fallbackAction?: LocalizedText): Extras {
  const out: Extras = {};
  if (c.source !== undefined) out.source = c.source;
  const action = c.action ?? fallbackAction;
  if (action !== undefined) out.action = action;
  return out;
}

/** A yes/no criterion: two shared, frozen results; `state` returns 1 when it holds, else 0. */
function leaf(
  id: string,
  label: LocalizedText,
  state: (facts: Facts, ranks: LevelRanks) => 0 | 1,
  extras: Extras = {},
): CompiledCriterion {
  const results = [
    freeze({ id, label, met: false, ...extras }),
    freeze({ id, label, met: true, ...extras }),
  ] as const;
  return { size: 2, state, result: (s) => results[s === 1 ? 1 : 0] };
}

/** How a criterion over contacts is decided, by result id (to name the contacts that block it). */
export interface ContactRule {
  quantifier: 'some' | 'every' | 'none';
  filter: ContactMask | undefined;
  where: ContactMask;
}
const CONTACT_RULES = new Map<string, ContactRule>();

/** The contact rule behind a `contacts:` result id, if any. */
export function contactRuleOf(resultId: string): ContactRule | undefined {
  return CONTACT_RULES.get(resultId);
}

/** Memoises `build(state)` per state (array for small spaces, map otherwise). */
function memo(size: number, build: (state: number) => CriterionResult): (state: number) => CriterionResult {
  if (size <= 4096) {
    const table = new Array<CriterionResult | undefined>(size);
    return (state) => (table[state] ??= freeze(build(state)));
  }
  const table = new Map<number, CriterionResult>();
  return (state) => {
    let r = table.get(state);
    if (r === undefined) {
      r = freeze(build(state));
      if (table.size >= 65_536) table.clear();
      table.set(state, r);
    }
    return r;
  };
}

function anyContact(
  contacts: Facts['contacts'],
  filter: ContactMask | undefined,
  where: ContactMask,
): boolean {
  for (let i = 0; i < contacts.length; i++) {
    const code = contacts[i] as number;
    if ((filter === undefined || matchesContact(code, filter)) && matchesContact(code, where)) return true;
  }
  return false;
}

function everyContact(
  contacts: Facts['contacts'],
  filter: ContactMask | undefined,
  where: ContactMask,
): boolean {
  for (let i = 0; i < contacts.length; i++) {
    const code = contacts[i] as number;
    if ((filter === undefined || matchesContact(code, filter)) && !matchesContact(code, where)) return false;
  }
  return true;
}

/** Mixed-radix state of several compiled parts (part i contributes state_i × radix_i). */
export function radixOf(parts: readonly CompiledCriterion[]): { radix: number[]; size: number } {
  const radix: number[] = [];
  let size = 1;
  for (const p of parts) {
    radix.push(size);
    size *= p.size;
    if (size > MAX_STATES)
      throw new RuleDefinitionError(`criterion group has more than ${MAX_STATES} states`);
  }
  return { radix, size };
}

/**
 * Compiles a criterion against the registry and settings. Unknown references are definition
 * errors (caught when the rule sets load); evaluation itself never throws.
 */
export function compileCriterion(c: Criterion, settings: PortalSettings): CompiledCriterion {
  switch (c.kind) {
    case 'item': {
      const entry = findItem(c.ref);
      if (entry === undefined) throw new RuleDefinitionError(`unknown checklist item ${c.ref}`);
      const index = findStep(`${entry.playbook.id}.${entry.step.id}`)?.index ?? -1;
      const bit = 1 << entry.step.items.indexOf(entry.item);
      return leaf(
        `item:${c.ref}`,
        entry.item.label,
        (facts) => (((facts.checked[index] ?? 0) & bit) !== 0 ? 1 : 0),
        extrasOf(c, entry.item.action),
      );
    }
    case 'allKey':
    case 'allItems': {
      const entry = findStep(c.step);
      if (entry === undefined) throw new RuleDefinitionError(`unknown step ${c.step}`);
      const everyItem = c.kind === 'allItems';
      const keyItems = entry.step.items.filter((i) => everyItem || i.key);
      if (keyItems.length === 0) throw new RuleDefinitionError(`step ${c.step} has no ★ items`);
      const extras = extrasOf(c);
      const index = entry.index;
      const bits = keyItems.map((item) => 1 << entry.step.items.indexOf(item));
      const children = keyItems.map((item) => {
        const more: Extras = item.action === undefined ? {} : { action: item.action };
        return [
          freeze({ id: `item:${c.step}.${item.id}`, label: item.label, met: false, ...more }),
          freeze({ id: `item:${c.step}.${item.id}`, label: item.label, met: true, ...more }),
        ];
      });
      const id = `${c.kind}:${c.step}`;
      const label: LocalizedText = everyItem
        ? { zh: `${entry.step.label.zh}:全部检查项`, en: `${entry.step.label.en}: every item` }
        : { zh: `${entry.step.label.zh}:全部★项`, en: `${entry.step.label.en}: every ★ item` };
      const size = 1 << keyItems.length;
      return {
        size,
        state: (facts) => {
          const mask = facts.checked[index] ?? 0;
          let s = 0;
          for (let i = 0; i < bits.length; i++) if ((mask & (bits[i] as number)) !== 0) s |= 1 << i;
          return s;
        },
        result: memo(size, (s) => ({
          id,
          label,
          met: s === size - 1,
          children: children.map((pair, i) => pair[(s >> i) & 1] as CriterionResult),
          ...extras,
        })),
      };
    }
    case 'trait': {
      const value = c.value;
      const bit = 1 << ACCOUNT_TRAITS.indexOf(value);
      return leaf(
        `trait:${value}`,
        ACCOUNT_TRAIT_LABELS[value],
        (facts) => ((facts.traits & bit) !== 0 ? 1 : 0),
        extrasOf(c),
      );
    }
    case 'amountAtLeast': {
      const threshold = settings.gradeThresholds[c.threshold];
      return leaf(
        `amount:${c.threshold}`,
        { zh: `金额 ≥ ${formatAmountZh(threshold)}`, en: `Amount ≥ ${formatAmount(threshold)}` },
        (facts) => (facts.amount >= threshold ? 1 : 0),
        extrasOf(c),
      );
    }
    case 'hasContact':
      return leaf(
        'hasContact',
        { zh: '至少关联一位联系人', en: 'At least one associated contact' },
        (facts) => (facts.contacts.length > 0 ? 1 : 0),
        extrasOf(c),
      );
    case 'contacts': {
      const quantifier = c.quantifier;
      const filter = c.filter === undefined ? undefined : contactMask(c.filter);
      const where = contactMask(c.where);
      const id = `contacts:${c.id}`;
      const extras = extrasOf(c);
      CONTACT_RULES.set(id, { quantifier, filter, where });
      if (quantifier === 'some')
        return leaf(id, c.label, (facts) => (anyContact(facts.contacts, filter, where) ? 1 : 0), extras);
      if (quantifier === 'every')
        return leaf(id, c.label, (facts) => (everyContact(facts.contacts, filter, where) ? 1 : 0), extras);
      return leaf(id, c.label, (facts) => (anyContact(facts.contacts, filter, where) ? 0 : 1), extras);
    }
    case 'level': {
      const need = LEVEL_RANK[c.atLeast];
      const dimension = c.dimension;
      return leaf(
        `level:${dimension}>=${c.atLeast}`,
        {
          zh: `${DIMENSION_LABELS[dimension].zh}达到${RELATIONSHIP_LEVEL_LABELS[c.atLeast].zh}或以上`,
          en: `${DIMENSION_LABELS[dimension].en} at ${RELATIONSHIP_LEVEL_LABELS[c.atLeast].en} or above`,
        },
        (_facts, ranks) => ((ranks[dimension] ?? 0) >= need ? 1 : 0),
        extrasOf(c),
      );
    }
    case 'closed': {
      const outcome = c.outcome;
      return leaf(
        `closed:${outcome}`,
        outcome === 'won'
          ? { zh: '交易阶段为已关闭赢单(概率 100%)', en: 'Deal stage is closed won (probability 100%)' }
          : { zh: '交易阶段为已关闭丢单(概率 0%)', en: 'Deal stage is closed lost (probability 0%)' },
        (facts) => (facts.closed === outcome ? 1 : 0),
        extrasOf(c),
      );
    }
    case 'any':
    case 'all':
    case 'atLeast': {
      const parts = c.of.map((p) => compileCriterion(p, settings));
      const { radix, size } = radixOf(parts);
      let n: number;
      if (c.kind === 'atLeast') n = typeof c.n === 'number' ? c.n : settings.gradeThresholds[c.n];
      else n = c.kind === 'any' ? 1 : parts.length;
      const id = `${c.kind}:${c.id}`;
      const extras = extrasOf(c);
      const label: LocalizedText =
        c.kind === 'atLeast'
          ? { zh: c.label.zh.replace('{n}', String(n)), en: c.label.en.replace('{n}', String(n)) }
          : c.label;
      return {
        size,
        state: (facts, ranks) => {
          let s = 0;
          for (let i = 0; i < parts.length; i++) {
            s += (parts[i] as CompiledCriterion).state(facts, ranks) * (radix[i] as number);
          }
          return s;
        },
        result: memo(size, (s) => {
          const children = parts.map((p, i) => p.result(Math.floor(s / (radix[i] as number)) % p.size));
          return { id, label, met: children.filter((ch) => ch.met).length >= n, children, ...extras };
        }),
      };
    }
  }
}
