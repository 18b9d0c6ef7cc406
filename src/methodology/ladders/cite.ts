import type { Criterion, SeedId, SeedRef } from '../criteria';
import type { LocalizedText } from '../schema';

/** A seed passage: `quote` is the seed's own text (a test finds it in the seed, ignoring whitespace). */
export function seed(id: SeedId, where: string, quote: string, stepwiseDefault?: LocalizedText): SeedRef {
  return stepwiseDefault === undefined
    ? { seed: id, where, quote }
    : { seed: id, where, quote, stepwiseDefault };
}

/** A checklist item criterion. */
export const item = (ref: string, source?: SeedRef): Criterion =>
  source === undefined ? { kind: 'item', ref } : { kind: 'item', ref, source };

/** The criterion with its seed passage attached. */
export function cite<C extends Criterion>(c: C, source: SeedRef): C {
  return { ...c, source };
}

export const SUPPORTIVE = ['coach', 'supporter'] as const;
export const KEY_PEOPLE = ['decision_maker', 'influencer'] as const;
/** "Chain contact" = a contact with any decision role. */
export const CHAIN_ROLES = ['decision_maker', 'influencer', 'gatekeeper', 'purchaser', 'user'] as const;
