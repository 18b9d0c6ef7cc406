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

/** The seeds a rule may cite (files under shared/seeds). */
export const SEED_FILES = {
  '000': '000_9fc3feababb7930c.txt',
  '001': '001_286e2b6c19b7b667.txt',
  '002': '002_958c185825c1fb55.txt',
  '003': '003_4f80fe95266cfc5f.txt',
  '004': '004_0f3f79d074ab19de.txt',
} as const;
export type SeedId = keyof typeof SEED_FILES;

/**
 * Where a rule comes from: the seed, the section, and the passage as the seed writes it (a test
 * finds every quote in its seed). `stepwiseDefault` marks a rule the seed does not give, which
 * Stepwise supplies and says so.
 */
export const seedRefSchema = z
  .object({
    seed: z.enum(Object.keys(SEED_FILES) as [SeedId, ...SeedId[]]),
    where: z.string().min(1),
    quote: z.string().min(2),
    stepwiseDefault: localizedTextSchema.optional(),
  })
  .strict();
export type SeedRef = z.infer<typeof seedRefSchema>;

/** Fields every criterion may carry; ladders require `source` on each requirement. */
interface Cited {
  source?: SeedRef | undefined;
  /** What the rep does about it when unmet (next actions show it; the label stays the question). */
  action?: LocalizedText | undefined;
}

export type Criterion = Cited &
  (
    | { kind: 'item'; ref: string }
    | { kind: 'allKey' | 'allItems'; step: string }
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
      }
  );

const cited = { source: seedRefSchema.optional(), action: localizedTextSchema.optional() };

const refPattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const stepPattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export const criterionSchema: z.ZodType<Criterion> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('item'), ref: z.string().regex(refPattern), ...cited }).strict(),
    z
      .object({ kind: z.enum(['allKey', 'allItems']), step: z.string().regex(stepPattern), ...cited })
      .strict(),
    z
      .object({
        kind: z.literal('trait'),
        ...cited,
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
    z.object({ kind: z.literal('amountAtLeast'), threshold: z.enum(AMOUNT_THRESHOLDS), ...cited }).strict(),
    z.object({ kind: z.literal('hasContact'), ...cited }).strict(),
    z
      .object({
        kind: z.literal('contacts'),
        ...cited,
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
        ...cited,
        dimension: z.enum(RELATIONSHIP_DIMENSIONS),
        atLeast: z.enum(['C', 'B', 'A']),
      })
      .strict(),
    z.object({ kind: z.literal('closed'), outcome: z.enum(['won', 'lost']), ...cited }).strict(),
    z
      .object({
        kind: z.enum(['any', 'all']),
        ...cited,
        id: z.string().min(1),
        label: localizedTextSchema,
        of: z.array(criterionSchema).min(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('atLeast'),
        ...cited,
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
  /** Completed visits (拜访) supplied by the caller; null when not supplied. */
  completedVisits: number | null;
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
