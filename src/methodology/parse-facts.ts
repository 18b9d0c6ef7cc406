import type { ContactFacts, Facts } from './criteria';
import { STEP_PROPERTIES, findStepByProperty } from './registry';
import type { InputWarning, PropertyBag } from './types';
import {
  ACCOUNT_TRAITS,
  CONTACT_DEPTHS,
  CONTACT_INPUTS,
  DEAL_INPUTS,
  DECISION_ROLES,
  DEFAULT_PURCHASE_TYPE,
  HUBSPOT_DEAL_PROPERTIES,
  PURCHASE_TYPES,
  STANCES,
  type PurchaseType,
} from './vocabulary';

const TRAITS: ReadonlySet<string> = new Set(ACCOUNT_TRAITS);
const ROLES: ReadonlySet<string> = new Set(DECISION_ROLES);
const STANCE_SET: ReadonlySet<string> = new Set(STANCES);
const DEPTHS: ReadonlySet<string> = new Set(CONTACT_DEPTHS);
const PURCHASE: ReadonlySet<string> = new Set(PURCHASE_TYPES);
const EMPTY: ReadonlySet<string> = new Set();
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

export interface ParsedSnapshot {
  facts: Facts;
  pipeline: string | null;
  warnings: InputWarning[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property value as a trimmed non-empty string, or null (missing, null, non-string, blank). */
function str(bag: Record<string, unknown>, name: string): string | null {
  if (!Object.hasOwn(bag, name)) return null;
  const v = bag[name];
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function splitOptions(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(';')) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

function enumValue<T extends string>(
  bag: Record<string, unknown>,
  name: string,
  allowed: ReadonlySet<string>,
  warnings: InputWarning[],
  where: string,
): T | null {
  const v = str(bag, name);
  if (v === null) return null;
  if (allowed.has(v)) return v as T;
  warnings.push({ property: `${where}${name}`, value: v.slice(0, 200), reason: 'unknown_option' });
  return null;
}

function parseAmount(bag: Record<string, unknown>, warnings: InputWarning[]): number {
  const home = str(bag, HUBSPOT_DEAL_PROPERTIES.amountHome);
  const name = home !== null ? HUBSPOT_DEAL_PROPERTIES.amountHome : HUBSPOT_DEAL_PROPERTIES.amount;
  const raw = home ?? str(bag, HUBSPOT_DEAL_PROPERTIES.amount);
  if (raw === null) return 0;
  const n = NUMBER.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) {
    warnings.push({ property: name, value: raw.slice(0, 200), reason: 'unparsable_amount' });
    return 0;
  }
  return n;
}

/**
 * Turns any snapshot-shaped value into facts the rules can trust. Total: never throws;
 * anything it cannot use becomes a warning and is ignored.
 */
export function parseSnapshot(input: unknown): ParsedSnapshot {
  const warnings: InputWarning[] = [];
  const snap = isRecord(input) ? input : {};
  if (!isRecord(input))
    warnings.push({ property: 'snapshot', value: typeof input, reason: 'malformed_input' });
  const props = isRecord(snap['properties']) ? snap['properties'] : {};

  const checked = new Map<string, ReadonlySet<string>>();
  for (const property of STEP_PROPERTIES) {
    const raw = str(props, property);
    if (raw === null) continue;
    const entry = findStepByProperty(property);
    if (entry === undefined) continue;
    const set = new Set<string>();
    for (const id of splitOptions(raw)) {
      if (entry.items.has(id)) set.add(id);
      else warnings.push({ property, value: id.slice(0, 200), reason: 'unknown_option' });
    }
    checked.set(property, set);
  }

  const purchaseType =
    enumValue<PurchaseType>(props, DEAL_INPUTS.purchaseType, PURCHASE, warnings, '') ?? DEFAULT_PURCHASE_TYPE;

  let traits: ReadonlySet<string> = EMPTY;
  const rawTraits = str(props, DEAL_INPUTS.accountTraits);
  if (rawTraits !== null) {
    const set = new Set<string>();
    for (const t of splitOptions(rawTraits)) {
      if (TRAITS.has(t)) set.add(t);
      else
        warnings.push({
          property: DEAL_INPUTS.accountTraits,
          value: t.slice(0, 200),
          reason: 'unknown_option',
        });
    }
    traits = set;
  }

  const contacts: ContactFacts[] = [];
  const rawContacts = snap['contacts'];
  if (Array.isArray(rawContacts)) {
    for (const c of rawContacts as unknown[]) {
      if (!isRecord(c)) continue;
      const cp = isRecord(c['properties']) ? c['properties'] : {};
      const where = `contact:${typeof c['id'] === 'string' ? c['id'].slice(0, 40) : '?'}.`;
      contacts.push({
        role: enumValue(cp, CONTACT_INPUTS.decisionRole, ROLES, warnings, where),
        stance: enumValue(cp, CONTACT_INPUTS.stance, STANCE_SET, warnings, where),
        depth: enumValue(cp, CONTACT_INPUTS.contactDepth, DEPTHS, warnings, where),
      });
    }
  }

  let closed: Facts['closed'] = null;
  const stage = snap['stage'];
  if (isRecord(stage) && stage['isClosed'] === true && typeof stage['probability'] === 'number') {
    if (stage['probability'] >= 1) closed = 'won';
    else if (stage['probability'] <= 0) closed = 'lost';
  }

  return {
    facts: { checked, purchaseType, traits, amount: parseAmount(props, warnings), contacts, closed },
    pipeline: str(props, HUBSPOT_DEAL_PROPERTIES.pipeline),
    warnings,
  };
}

/** Raw deal properties as a plain record (for callers holding a PropertyBag). */
export type { PropertyBag };
