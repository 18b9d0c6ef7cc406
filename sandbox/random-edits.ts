import { SCORING_INPUTS, buildPropertyDefinitions } from '../src/methodology';
import type { SeedResult, UserEdit } from './admin';
import { createRng, type Rng } from './rng';

/**
 * Deterministic random user edits on a seeded sandbox portal (the fault scenarios and
 * `npm run load` replay the same mix).
 */

interface InputOptions {
  deal: Map<string, string[]>;
  contact: Map<string, string[]>;
}

let cachedOptions: InputOptions | undefined;

/** Allowed values of every enumerated scoring input (from the app's own property definitions). */
function inputOptions(): InputOptions {
  if (cachedOptions !== undefined) return cachedOptions;
  const defs = buildPropertyDefinitions('zh');
  const pick = (
    list: readonly { name: string; options?: readonly { value: string }[] }[],
    names: readonly string[],
  ) =>
    new Map(
      list
        .filter((p) => names.includes(p.name) && (p.options?.length ?? 0) > 0)
        .map((p) => [p.name, (p.options ?? []).map((o) => o.value)] as const),
    );
  cachedOptions = {
    deal: pick(defs.deals, SCORING_INPUTS.deal),
    contact: pick(defs.contacts, SCORING_INPUTS.contact),
  };
  return cachedOptions;
}

const SINGLE_SELECT = new Set(['sw_purchase_type', 'sw_decision_role', 'sw_stance', 'sw_contact_depth']);
const DEFAULT_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
];

function randomValue(rng: Rng, name: string, options: readonly string[]): string {
  if (SINGLE_SELECT.has(name)) return options[rng.int(0, options.length - 1)] ?? '';
  return rng.shuffle(options).slice(0, rng.int(0, options.length)).join(';');
}

export interface EditMix {
  /** Share of edits to a deal's checklist / traits / purchase type (default 0.6). */
  dealInputs?: number;
  /** Amount or stage changes (default 0.15). */
  dealFields?: number;
  /** Contact role / stance / depth (default 0.15); the rest are edits no output depends on. */
  contactInputs?: number;
}

/**
 * One deterministic user edit: deal inputs (checkboxes, traits, purchase type), amount or stage,
 * contact role/stance/depth, or a property no output depends on (the receiver ignores it).
 */
export function randomEdit(rng: Rng, seeded: SeedResult, mix: EditMix = {}): UserEdit {
  const opts = inputOptions();
  const deals = Object.values(seeded.deals);
  const contacts = Object.values(seeded.contacts);
  const r = rng.next();
  const a = mix.dealInputs ?? 0.6;
  const b = a + (mix.dealFields ?? 0.15);
  const c = b + (mix.contactInputs ?? 0.15);
  const deal = deals[rng.int(0, deals.length - 1)] as string;
  if (r < a) {
    const names = [...opts.deal.keys()];
    const name = names[rng.int(0, names.length - 1)] as string;
    return {
      objectType: 'deals',
      objectId: deal,
      properties: { [name]: randomValue(rng, name, opts.deal.get(name) ?? []) },
    };
  }
  if (r < b) {
    return rng.chance(0.5)
      ? { objectType: 'deals', objectId: deal, properties: { amount: String(rng.int(30, 600) * 10_000) } }
      : {
          objectType: 'deals',
          objectId: deal,
          properties: { dealstage: DEFAULT_STAGES[rng.int(0, DEFAULT_STAGES.length - 1)] as string },
        };
  }
  if (r < c && contacts.length > 0) {
    const names = [...opts.contact.keys()];
    const name = names[rng.int(0, names.length - 1)] as string;
    return {
      objectType: 'contacts',
      objectId: contacts[rng.int(0, contacts.length - 1)] as string,
      properties: { [name]: randomValue(rng, name, opts.contact.get(name) ?? []) },
    };
  }
  return {
    objectType: 'deals',
    objectId: deal,
    properties: { description: `note ${rng.int(0, 1_000_000)}` },
  };
}

/** `count` deterministic edits for a seed. */
export function editPlan(seed: number, seeded: SeedResult, count: number, mix?: EditMix): UserEdit[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => randomEdit(rng, seeded, mix));
}
