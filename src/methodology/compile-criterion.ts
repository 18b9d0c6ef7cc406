import type { Criterion, CompiledCriterion, Facts, LevelRanks } from './criteria';
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
export function compileCriterion(c: Criterion, settings: PortalSettings): CompiledCriterion {
  switch (c.kind) {
    case 'item': {
      const entry = findItem(c.ref);
      if (entry === undefined) throw new RuleDefinitionError(`unknown checklist item ${c.ref}`);
      const { step, item } = entry;
      const id = `item:${c.ref}`;
      const label = item.label;
      const property = step.property;
      return (facts) => ({ id, label, met: facts.checked.get(property)?.has(item.id) === true });
    }
    case 'allKey': {
      const entry = findStep(c.step);
      if (entry === undefined) throw new RuleDefinitionError(`unknown step ${c.step}`);
      const keyItems = entry.step.items.filter((i) => i.key);
      if (keyItems.length === 0) throw new RuleDefinitionError(`step ${c.step} has no ★ items`);
      const property = entry.step.property;
      const id = `allKey:${c.step}`;
      const label: LocalizedText = {
        zh: `${entry.step.label.zh}:全部★项`,
        en: `${entry.step.label.en}: every ★ item`,
      };
      const children = keyItems.map((item) => ({
        id: `item:${c.step}.${item.id}`,
        label: item.label,
        itemId: item.id,
      }));
      return (facts) => {
        const set = facts.checked.get(property);
        let all = true;
        const results: CriterionResult[] = children.map((ch) => {
          const met = set?.has(ch.itemId) === true;
          if (!met) all = false;
          return { id: ch.id, label: ch.label, met };
        });
        return { id, label, met: all, children: results };
      };
    }
    case 'trait': {
      const id = `trait:${c.value}`;
      const label = ACCOUNT_TRAIT_LABELS[c.value];
      const value = c.value;
      return (facts) => ({ id, label, met: facts.traits.has(value) });
    }
    case 'amountAtLeast': {
      const threshold = settings.gradeThresholds[c.threshold];
      const id = `amount:${c.threshold}`;
      const label: LocalizedText = {
        zh: `金额 ≥ ${formatAmount(threshold)}`,
        en: `Amount ≥ ${formatAmount(threshold)}`,
      };
      return (facts) => ({ id, label, met: facts.amount >= threshold });
    }
    case 'hasContact': {
      const label: LocalizedText = { zh: '至少关联一位联系人', en: 'At least one associated contact' };
      return (facts) => ({ id: 'hasContact', label, met: facts.contacts.length > 0 });
    }
    case 'contacts': {
      const { id, label, quantifier, filter, where } = c;
      return (facts) => {
        let met: boolean;
        if (quantifier === 'some') {
          met = facts.contacts.some(
            (ct) => (filter === undefined || matchesContact(ct, filter)) && matchesContact(ct, where),
          );
        } else if (quantifier === 'every') {
          met = facts.contacts.every(
            (ct) => (filter !== undefined && !matchesContact(ct, filter)) || matchesContact(ct, where),
          );
        } else {
          met = !facts.contacts.some(
            (ct) => (filter === undefined || matchesContact(ct, filter)) && matchesContact(ct, where),
          );
        }
        return { id: `contacts:${id}`, label, met };
      };
    }
    case 'level': {
      const need = LEVEL_RANK[c.atLeast];
      const dimension = c.dimension;
      const id = `level:${dimension}>=${c.atLeast}`;
      const label: LocalizedText = {
        zh: `${DIMENSION_LABELS[dimension].zh}达到${RELATIONSHIP_LEVEL_LABELS[c.atLeast].zh}或以上`,
        en: `${DIMENSION_LABELS[dimension].en} at ${RELATIONSHIP_LEVEL_LABELS[c.atLeast].en} or above`,
      };
      return (_facts: Facts, ranks: LevelRanks) => ({ id, label, met: (ranks[dimension] ?? 0) >= need });
    }
    case 'closed': {
      const outcome = c.outcome;
      const label: LocalizedText =
        outcome === 'won'
          ? { zh: '交易阶段为已关闭赢单(概率 100%)', en: 'Deal stage is closed won (probability 100%)' }
          : { zh: '交易阶段为已关闭丢单(概率 0%)', en: 'Deal stage is closed lost (probability 0%)' };
      return (facts) => ({ id: `closed:${outcome}`, label, met: facts.closed === outcome });
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
        const children = parts.map((p) => {
          const r = p(facts, ranks);
          if (r.met) count++;
          return r;
        });
        return { id, label, met: count >= n, children };
      };
    }
  }
}
