import type { CompiledCriterion, ContactCondition, Criterion, Facts, LevelRanks } from './criteria';
import { matchesContact } from './criteria';
import { ACCOUNT_TRAIT_LABELS, RELATIONSHIP_LEVEL_LABELS } from './labels';
import { findItem, findStep } from './registry';
import type { LocalizedText } from './schema';
import type { PortalSettings } from './settings';
import type { CriterionResult } from './types';

const LEVEL_RANK = { none: 0, C: 1, B: 2, A: 3 } as const;

const DIMENSION_LABELS = {
  companyRelationship: { zh: '公司关系', en: 'Company relationship' },
  personalRelationship: { zh: '个人关系', en: 'Personal relationship' },
} as const;

function formatAmount(n: number): string {
  // Pure, locale-independent grouping (no Intl: same output everywhere).
  const [int = '0', frac] = String(n).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Thrown only while compiling rules (at module load / settings change), never while evaluating deals. */
export class RuleDefinitionError extends Error {
  readonly code = 'RULE_DEFINITION_INVALID';
}

/**
 * Compiles a criterion against the registry and settings into a closure that evaluates it
 * and explains itself. Unknown references are definition errors (caught by tests/module load).
 */
/** Leaf results never change shape: build both once and share them (frozen) across evaluations. */
function leaf(id: string, label: LocalizedText): [CriterionResult, CriterionResult] {
  return [Object.freeze({ id, label, met: true }), Object.freeze({ id, label, met: false })];
}

function anyContact(
  contacts: Facts['contacts'],
  filter: ContactCondition | undefined,
  where: ContactCondition,
): boolean {
  for (let i = 0; i < contacts.length; i++) {
    const ct = contacts[i] as Facts['contacts'][number];
    if ((filter === undefined || matchesContact(ct, filter)) && matchesContact(ct, where)) return true;
  }
  return false;
}

function everyContact(
  contacts: Facts['contacts'],
  filter: ContactCondition | undefined,
  where: ContactCondition,
): boolean {
  for (let i = 0; i < contacts.length; i++) {
    const ct = contacts[i] as Facts['contacts'][number];
    if ((filter === undefined || matchesContact(ct, filter)) && !matchesContact(ct, where)) return false;
  }
  return true;
}

export function compileCriterion(c: Criterion, settings: PortalSettings): CompiledCriterion {
  switch (c.kind) {
    case 'item': {
      const entry = findItem(c.ref);
      if (entry === undefined) throw new RuleDefinitionError(`unknown checklist item ${c.ref}`);
      const { step, item } = entry;
      const [yes, no] = leaf(`item:${c.ref}`, item.label);
      const index = findStep(`${entry.playbook.id}.${step.id}`)?.index ?? -1;
      const bit = 1 << step.items.indexOf(item);
      return (facts) => (((facts.checked[index] ?? 0) & bit) !== 0 ? yes : no);
    }
    case 'allKey': {
      const entry = findStep(c.step);
      if (entry === undefined) throw new RuleDefinitionError(`unknown step ${c.step}`);
      const keyItems = entry.step.items.filter((i) => i.key);
      if (keyItems.length === 0) throw new RuleDefinitionError(`step ${c.step} has no ★ items`);
      const index = entry.index;
      const id = `allKey:${c.step}`;
      const label: LocalizedText = {
        zh: `${entry.step.label.zh}:全部★项`,
        en: `${entry.step.label.en}: every ★ item`,
      };
      const children = keyItems.map((item) => ({
        bit: 1 << entry.step.items.indexOf(item),
        results: leaf(`item:${c.step}.${item.id}`, item.label),
      }));
      return (facts) => {
        const mask = facts.checked[index] ?? 0;
        let all = true;
        const results: CriterionResult[] = new Array<CriterionResult>(children.length);
        for (let i = 0; i < children.length; i++) {
          const ch = children[i] as (typeof children)[number];
          const met = (mask & ch.bit) !== 0;
          if (!met) all = false;
          results[i] = ch.results[met ? 0 : 1];
        }
        return { id, label, met: all, children: results };
      };
    }
    case 'trait': {
      const [yes, no] = leaf(`trait:${c.value}`, ACCOUNT_TRAIT_LABELS[c.value]);
      const value = c.value;
      return (facts) => (facts.traits.has(value) ? yes : no);
    }
    case 'amountAtLeast': {
      const threshold = settings.gradeThresholds[c.threshold];
      const [yes, no] = leaf(`amount:${c.threshold}`, {
        zh: `金额 ≥ ${formatAmount(threshold)}`,
        en: `Amount ≥ ${formatAmount(threshold)}`,
      });
      return (facts) => (facts.amount >= threshold ? yes : no);
    }
    case 'hasContact': {
      const [yes, no] = leaf('hasContact', {
        zh: '至少关联一位联系人',
        en: 'At least one associated contact',
      });
      return (facts) => (facts.contacts.length > 0 ? yes : no);
    }
    case 'contacts': {
      const { quantifier, filter, where } = c;
      const [yes, no] = leaf(`contacts:${c.id}`, c.label);
      if (quantifier === 'some') return (facts) => (anyContact(facts.contacts, filter, where) ? yes : no);
      if (quantifier === 'every') return (facts) => (everyContact(facts.contacts, filter, where) ? yes : no);
      return (facts) => (anyContact(facts.contacts, filter, where) ? no : yes);
    }
    case 'level': {
      const need = LEVEL_RANK[c.atLeast];
      const dimension = c.dimension;
      const [yes, no] = leaf(`level:${dimension}>=${c.atLeast}`, {
        zh: `${DIMENSION_LABELS[dimension].zh}达到${RELATIONSHIP_LEVEL_LABELS[c.atLeast].zh}或以上`,
        en: `${DIMENSION_LABELS[dimension].en} at ${RELATIONSHIP_LEVEL_LABELS[c.atLeast].en} or above`,
      });
      return (_facts: Facts, ranks: LevelRanks) => ((ranks[dimension] ?? 0) >= need ? yes : no);
    }
    case 'closed': {
      const outcome = c.outcome;
      const [yes, no] = leaf(
        `closed:${outcome}`,
        outcome === 'won'
          ? { zh: '交易阶段为已关闭赢单(概率 100%)', en: 'Deal stage is closed won (probability 100%)' }
          : { zh: '交易阶段为已关闭丢单(概率 0%)', en: 'Deal stage is closed lost (probability 0%)' },
      );
      return (facts) => (facts.closed === outcome ? yes : no);
    }
    case 'any':
    case 'all':
    case 'atLeast': {
      const parts = c.of.map((p) => compileCriterion(p, settings));
      let n: number;
      if (c.kind === 'atLeast') n = typeof c.n === 'number' ? c.n : settings.gradeThresholds[c.n];
      else n = c.kind === 'any' ? 1 : parts.length;
      const id = `${c.kind}:${c.id}`;
      const label: LocalizedText =
        c.kind === 'atLeast'
          ? { zh: c.label.zh.replace('{n}', String(n)), en: c.label.en.replace('{n}', String(n)) }
          : c.label;
      return (facts, ranks) => {
        let count = 0;
        const children: CriterionResult[] = new Array<CriterionResult>(parts.length);
        for (let i = 0; i < parts.length; i++) {
          const r = (parts[i] as CompiledCriterion)(facts, ranks);
          if (r.met) count++;
          children[i] = r;
        }
        return { id, label, met: count >= n, children };
      };
    }
  }
}
