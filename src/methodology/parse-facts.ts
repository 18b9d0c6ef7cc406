import { CONTACT_LANES, type Facts } from './criteria';
import { STEP_ENTRIES, type StepEntry } from './registry';
import { parseIsoTime } from './time';
import type { InputWarning, PropertyBag } from './types';
import {
  ACCOUNT_TRAITS,
  CONTACT_INPUTS,
  DEAL_INPUTS,
  DEFAULT_PURCHASE_TYPE,
  HUBSPOT_DEAL_PROPERTIES,
  OUTPUTS,
  PURCHASE_TYPES,
  type PurchaseType,
} from './vocabulary';

const PURCHASE: ReadonlySet<string> = new Set(PURCHASE_TYPES);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

export interface ParsedSnapshot {
  facts: Facts;
  warnings: InputWarning[];
  /** Associated contacts' ids, parallel to facts.contacts. */
  contactIds: string[];
  /** The caller's evaluation time (ms since epoch), null when absent or invalid. */
  asOf: number | null;
  /** Current values of the time-dependent outputs (kept when the inputs to move them are missing). */
  previous: { funnelStage: string | null; since: number | null; alerts: ReadonlySet<string> };
  /** HubSpot stage and pipeline ids (for the portal's stage map). */
  dealstage: string | null;
  pipeline: string | null;
  /** Raw values of steps not parsed yet (by StepEntry.index); see completeSteps. */
  pending: (string | undefined)[] | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property value as a trimmed non-empty string, or null (missing, null, non-string, blank). */
function str(bag: Record<string, unknown>, name: string): string | null {
  // Names read here are fixed (`sw_…`, `amount`, …), none of which Object.prototype has.
  const v = bag[name];
  if (typeof v !== 'string' || v === '') return null;
  // Trim only when needed (most values are clean).
  if (v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32) return v;
  const t = v.trim();
  return t === '' ? null : t;
}

/**
 * Per-step memo of raw value → mask. Checkbox values repeat heavily across a portal's deals
 * (the same few combinations of checked ids), so most parses are a lookup. Only clean values
 * (no unknown ids, hence no warnings) are memoised; the memo is bounded and invisible to callers.
 */
const MASK_MEMO_LIMIT = 4096;
const maskMemo: Map<string, number>[] = STEP_ENTRIES.map(() => new Map<string, number>());

function stepMask(raw: string, entry: StepEntry, warnings: InputWarning[]): number {
  const memo = maskMemo[entry.index] as Map<string, number>;
  const hit = memo.get(raw);
  if (hit !== undefined) return hit;
  const before = warnings.length;
  const mask = scanMask(raw, entry, warnings);
  if (warnings.length === before && raw.length <= 1024) {
    if (memo.size >= MASK_MEMO_LIMIT) memo.clear();
    memo.set(raw, mask);
  }
  return mask;
}

/** Checked-item mask of a `;`-joined value, matching ids in place (no allocation unless an id is unknown). */
function scanMask(raw: string, entry: StepEntry, warnings: InputWarning[]): number {
  let mask = 0;
  const n = raw.length;
  let start = 0;
  while (start <= n) {
    let end = raw.indexOf(';', start);
    if (end === -1) end = n;
    let s = start;
    let e = end;
    while (s < e && raw.charCodeAt(s) <= 32) s++;
    while (e > s && raw.charCodeAt(e - 1) <= 32) e--;
    if (e > s) {
      let bit = 0;
      const candidates = entry.idsByLength.get(e - s);
      if (candidates !== undefined) {
        for (const cand of candidates) {
          if (raw.startsWith(cand.id, s)) {
            bit = cand.bit;
            break;
          }
        }
      }
      if (bit !== 0) mask |= bit;
      else
        warnings.push({
          property: entry.step.property,
          value: raw.slice(s, Math.min(e, s + 200)),
          reason: 'unknown_option',
        });
    }
    start = end + 1;
  }
  return mask;
}

/** Trimmed, non-empty parts of a `;`-joined HubSpot multi-value. */
function options(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(';')) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

const traitMemo = new Map<string, number>();

/** Trait bits of a `;`-joined value (memoised like step masks: values repeat across deals). */
function traitMask(raw: string, warnings: InputWarning[]): number {
  const hit = traitMemo.get(raw);
  if (hit !== undefined) return hit;
  let mask = 0;
  let clean = true;
  for (const id of options(raw)) {
    const i = ACCOUNT_TRAITS.indexOf(id as (typeof ACCOUNT_TRAITS)[number]);
    if (i >= 0) mask |= 1 << i;
    else {
      clean = false;
      warnings.push({
        property: DEAL_INPUTS.accountTraits,
        value: id.slice(0, 200),
        reason: 'unknown_option',
      });
    }
  }
  if (clean && raw.length <= 1024) {
    if (traitMemo.size >= MASK_MEMO_LIMIT) traitMemo.clear();
    traitMemo.set(raw, mask);
  }
  return mask;
}

/** Contact properties in lane order (CONTACT_LANES). */
const CONTACT_LANE_PROPERTIES = [
  CONTACT_INPUTS.decisionRole,
  CONTACT_INPUTS.stance,
  CONTACT_INPUTS.contactDepth,
] as const;

function contactProperty(contactId: unknown, name: string): string {
  return `contact:${typeof contactId === 'string' ? contactId.slice(0, 40) : '?'}.${name}`;
}

function enumValue<T extends string>(
  bag: Record<string, unknown>,
  name: string,
  allowed: ReadonlySet<string>,
  warnings: InputWarning[],
  contactId?: unknown,
): T | null {
  const v = str(bag, name);
  if (v === null) return null;
  if (allowed.has(v)) return v as T;
  const where =
    contactId === undefined ? '' : `contact:${typeof contactId === 'string' ? contactId.slice(0, 40) : '?'}.`;
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
/** The deal's pipeline id, read before parsing (it decides the process playbook). */
export function pipelineOf(input: unknown): string | null {
  if (!isRecord(input) || !isRecord(input['properties'])) return null;
  return str(input['properties'], HUBSPOT_DEAL_PROPERTIES.pipeline);
}

/** Parses steps left pending by parseSnapshot into `checked`, adding their warnings. */
export function completeSteps(parsed: ParsedSnapshot): void {
  const { pending } = parsed;
  if (pending === null) return;
  parsed.pending = null;
  const checked = parsed.facts.checked as number[];
  for (const entry of STEP_ENTRIES) {
    const raw = pending[entry.index];
    if (raw !== undefined) checked[entry.index] = stepMask(raw, entry, parsed.warnings);
  }
}

/**
 * `eager` (by StepEntry.index) says which steps the rules need now; the others keep their raw
 * value (strings are immutable, so the result does not depend on later changes to the input).
 */
export function parseSnapshot(input: unknown, eager?: readonly boolean[]): ParsedSnapshot {
  const warnings: InputWarning[] = [];
  const snap = isRecord(input) ? input : {};
  if (!isRecord(input))
    warnings.push({ property: 'snapshot', value: typeof input, reason: 'malformed_input' });
  const props = isRecord(snap['properties']) ? snap['properties'] : {};

  const checked: number[] = new Array<number>(STEP_ENTRIES.length).fill(0);
  let pending: (string | undefined)[] | null = null;
  for (const entry of STEP_ENTRIES) {
    const raw = props[entry.step.property];
    // Step properties are fixed `sw_` names: never inherited, so no hasOwn check is needed here.
    if (typeof raw !== 'string' || raw === '') continue;
    if (eager === undefined || eager[entry.index] === true)
      checked[entry.index] = stepMask(raw, entry, warnings);
    else (pending ??= [])[entry.index] = raw;
  }

  const purchaseType =
    enumValue<PurchaseType>(props, DEAL_INPUTS.purchaseType, PURCHASE, warnings) ?? DEFAULT_PURCHASE_TYPE;

  const rawTraits = str(props, DEAL_INPUTS.accountTraits);
  const traits = rawTraits === null ? 0 : traitMask(rawTraits, warnings);

  const contacts: number[] = [];
  const contactIds: string[] = [];
  const rawContacts = snap['contacts'];
  if (Array.isArray(rawContacts)) {
    for (const c of rawContacts as unknown[]) {
      if (!isRecord(c)) continue;
      const cp = isRecord(c['properties']) ? c['properties'] : {};
      let code = 0;
      for (let lane = 0; lane < CONTACT_LANE_PROPERTIES.length; lane++) {
        const { bits, unset } = CONTACT_LANES[lane] as (typeof CONTACT_LANES)[number];
        const name = CONTACT_LANE_PROPERTIES[lane] as string;
        const v = str(cp, name);
        const bit = v === null ? undefined : bits.get(v);
        if (bit !== undefined) code |= bit;
        else {
          code |= unset;
          if (v !== null)
            warnings.push({
              property: contactProperty(c['id'], name),
              value: v.slice(0, 200),
              reason: 'unknown_option',
            });
        }
      }
      contacts.push(code);
      contactIds.push(typeof c['id'] === 'string' ? c['id'].slice(0, 100) : '');
    }
  }

  let closed: Facts['closed'] = null;
  const stage = snap['stage'];
  if (isRecord(stage) && stage['isClosed'] === true && typeof stage['probability'] === 'number') {
    if (stage['probability'] >= 1) closed = 'won';
    else if (stage['probability'] <= 0) closed = 'lost';
  }

  const rawAlerts = str(props, OUTPUTS.alerts);
  return {
    facts: {
      checked,
      purchaseType,
      traits,
      amount: parseAmount(props, warnings),
      contacts,
      closed,
      completedVisits: visitsOf(snap['activity'], warnings),
    },
    warnings,
    pending,
    contactIds,
    asOf: timeOf(snap['asOf'], 'asOf', warnings),
    previous: {
      funnelStage: str(props, OUTPUTS.funnelStage),
      since: timeOf(str(props, OUTPUTS.funnelStageSince), OUTPUTS.funnelStageSince, warnings),
      alerts: new Set(rawAlerts === null ? [] : options(rawAlerts)),
    },
    dealstage: str(props, HUBSPOT_DEAL_PROPERTIES.dealstage),
    pipeline: str(props, HUBSPOT_DEAL_PROPERTIES.pipeline),
  };
}

/** Latest time Stepwise accepts (year 9999), so every accepted time has an ISO form. */
const MAX_TIME = 253_402_300_799_999;

/**
 * A time as ms since epoch: an ISO string (or HubSpot's epoch-ms string), null when absent.
 * Unusable values are reported and count as absent.
 */
function timeOf(raw: unknown, property: string, warnings: InputWarning[]): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  let ms = Number.NaN;
  if (typeof raw === 'string')
    ms = /^\d{1,16}$/.test(raw) ? Number(raw) : (parseIsoTime(raw.trim()) ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME) return ms;
  warnings.push({ property, value: String(raw).slice(0, 200), reason: 'malformed_input' });
  return null;
}

/** The caller's completed-visit count, null when not supplied. */
function visitsOf(raw: unknown, warnings: InputWarning[]): number | null {
  if (raw === null || raw === undefined) return null;
  const n = isRecord(raw) ? raw['completedVisits'] : undefined;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  warnings.push({ property: 'activity', value: String(n).slice(0, 200), reason: 'malformed_input' });
  return null;
}

/** Raw deal properties as a plain record (for callers holding a PropertyBag). */
export type { PropertyBag };
