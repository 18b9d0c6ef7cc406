import { z } from 'zod';
import { localizedTextSchema, type LocalizedText } from './schema';
import type { CriterionResult } from './types';
import { CONTACT_DEPTHS, DECISION_ROLES, STANCES, type AccountTrait, type PurchaseType } from './vocabulary';

/**
 * The criteria language: rules are data, validated with zod, compiled once into closures.
 * Each compiled criterion returns its own explanation (label, met, children), so the value
 * and its explanation always come from the same evaluation.
 */

const contactConditionSchema = z
  .object({
    role: z.array(z.enum(DECISION_ROLES)).min(1).optional(),
    stance: z.array(z.enum(STANCES)).min(1).optional(),
    depth: z.array(z.enum(CONTACT_DEPTHS)).min(1).optional(),
  })
  .strict();
export type ContactCondition = z.infer<typeof contactConditionSchema>;

export const RELATIONSHIP_DIMENSIONS = ['companyRelationship', 'personalRelationship'] as const;
export type RelationshipDimension = (typeof RELATIONSHIP_DIMENSIONS)[number];
export const AMOUNT_THRESHOLDS = ['strategicAmount', 'importantAmount'] as const;
export const COUNT_THRESHOLDS = ['strategicTraitsMin', 'importantTraitsMin'] as const;

export type Criterion =
  | { kind: 'item'; ref: string }
  | { kind: 'allKey'; step: string }
  | { kind: 'trait'; value: AccountTrait }
  | { kind: 'amountAtLeast'; threshold: (typeof AMOUNT_THRESHOLDS)[number] }
  | { kind: 'hasContact' }
  | {
      kind: 'contacts';
      id: string;
      label: LocalizedText;
      quantifier: 'some' | 'every' | 'none';
      filter?: ContactCondition | undefined;
      where: ContactCondition;
    }
  | { kind: 'level'; dimension: RelationshipDimension; atLeast: 'C' | 'B' | 'A' }
  | { kind: 'closed'; outcome: 'won' | 'lost' }
  | { kind: 'any' | 'all'; id: string; label: LocalizedText; of: Criterion[] }
  | {
      kind: 'atLeast';
      id: string;
      label: LocalizedText;
      n: number | (typeof COUNT_THRESHOLDS)[number];
      of: Criterion[];
    };

const refPattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const stepPattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export const criterionSchema: z.ZodType<Criterion> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('item'), ref: z.string().regex(refPattern) }).strict(),
    z.object({ kind: z.literal('allKey'), step: z.string().regex(stepPattern) }).strict(),
    z
      .object({
        kind: z.literal('trait'),
        value: z.enum([
          'group_influence',
          'industry_benchmark',
          'broad_influence',
          'repeat_purchase',
          'reference_willing',
          'growth_potential',
          'loyal_referrer',
        ]),
      })
      .strict(),
    z.object({ kind: z.literal('amountAtLeast'), threshold: z.enum(AMOUNT_THRESHOLDS) }).strict(),
    z.object({ kind: z.literal('hasContact') }).strict(),
    z
      .object({
        kind: z.literal('contacts'),
        id: z.string().min(1),
        label: localizedTextSchema,
        quantifier: z.enum(['some', 'every', 'none']),
        filter: contactConditionSchema.optional(),
        where: contactConditionSchema,
      })
      .strict(),
    z
      .object({
        kind: z.literal('level'),
        dimension: z.enum(RELATIONSHIP_DIMENSIONS),
        atLeast: z.enum(['C', 'B', 'A']),
      })
      .strict(),
    z.object({ kind: z.literal('closed'), outcome: z.enum(['won', 'lost']) }).strict(),
    z
      .object({
        kind: z.enum(['any', 'all']),
        id: z.string().min(1),
        label: localizedTextSchema,
        of: z.array(criterionSchema).min(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('atLeast'),
        id: z.string().min(1),
        label: localizedTextSchema,
        n: z.union([z.number().int().min(1), z.enum(COUNT_THRESHOLDS)]),
        of: z.array(criterionSchema).min(1),
      })
      .strict(),
  ]),
);

/** Parsed, total view of a deal's inputs: garbage never reaches the rules. */

export interface Facts {
  /** Bitmask of checked items per step, indexed by StepEntry.index (only ids that exist in the step). */
  checked: Readonly<ArrayLike<number>>;
  purchaseType: PurchaseType;
  /** Account traits as bits (bit i = ACCOUNT_TRAITS[i]). */
  traits: number;
  amount: number;
  /** Each associated contact's role, stance and depth as a lane code (see CONTACT_LANES). */
  contacts: readonly number[];
  closed: 'won' | 'lost' | null;
}

/** Ranks of relationship levels already computed in this evaluation (none 0 … A 3). */
export type LevelRanks = Partial<Record<RelationshipDimension, number>>;

/**
 * A compiled criterion is a small state machine: `state()` reads the facts into one of `size`
 * states, and `result(state)` is the (memoised, frozen) explanation of that state. Because a
 * criterion's explanation is a function of its state, identical situations share one result
 * object and evaluating a deal allocates almost nothing.
 */
export interface CompiledCriterion {
  readonly size: number;
  state(facts: Facts, ranks: LevelRanks): number;
  result(state: number): CriterionResult;
}

/*
 * A contact's role, stance and depth as one number: each field is one-hot in its own 6-bit lane
 * (the last bit of a lane means "not set"). A condition is three lane masks; a contact matches
 * when every lane shares a bit with the mask. An unconstrained lane's mask is all ones.
 */
const LANE = 6;
const ROLE_BITS = new Map<string, number>(DECISION_ROLES.map((v, i) => [v, 1 << i]));
const STANCE_BITS = new Map<string, number>(STANCES.map((v, i) => [v, 1 << (LANE + i)]));
const DEPTH_BITS = new Map<string, number>(CONTACT_DEPTHS.map((v, i) => [v, 1 << (2 * LANE + i)]));
const UNSET = [1 << (LANE - 1), 1 << (2 * LANE - 1), 1 << (3 * LANE - 1)] as const;
const FULL = [0x3f, 0x3f << LANE, 0x3f << (2 * LANE)] as const;

/** Per contact input property: value → its bit, and the bit meaning "not set". */
export const CONTACT_LANES: readonly { bits: ReadonlyMap<string, number>; unset: number }[] = [
  { bits: ROLE_BITS, unset: UNSET[0] },
  { bits: STANCE_BITS, unset: UNSET[1] },
  { bits: DEPTH_BITS, unset: UNSET[2] },
];

/** A condition compiled to lane masks. */
export type ContactMask = readonly [number, number, number];

export function contactMask(cond: ContactCondition): ContactMask {
  const lane = (values: readonly string[] | undefined, bits: Map<string, number>, full: number): number =>
    values === undefined ? full : values.reduce((m, v) => m | (bits.get(v) ?? 0), 0);
  return [
    lane(cond.role, ROLE_BITS, FULL[0]),
    lane(cond.stance, STANCE_BITS, FULL[1]),
    lane(cond.depth, DEPTH_BITS, FULL[2]),
  ];
}

export function matchesContact(code: number, mask: ContactMask): boolean {
  return (code & mask[0]) !== 0 && (code & mask[1]) !== 0 && (code & mask[2]) !== 0;
}
