import { SCORING_INPUTS } from '../src/methodology';
import type { WebhookSubscriptionInput } from './webhooks';

/**
 * The subscriptions a Stepwise installation needs, derived from the engine's scoring inputs
 * (the same source of truth the app's webhooks-hsmeta.json is generated from): property
 * changes of every deal and contact input, deal creation/deletion and deal↔contact
 * association changes. Used when no webhooks-hsmeta.json is given.
 */
export function stepwiseSubscriptions(): WebhookSubscriptionInput[] {
  return [
    { objectType: 'deal', eventType: 'object.creation' },
    { objectType: 'deal', eventType: 'object.deletion' },
    { objectType: 'deal', eventType: 'object.associationChange' },
    { objectType: 'contact', eventType: 'object.associationChange' },
    ...SCORING_INPUTS.deal.map((propertyName) => ({
      objectType: 'deal',
      eventType: 'object.propertyChange',
      propertyName,
    })),
    ...SCORING_INPUTS.contact.map((propertyName) => ({
      objectType: 'contact',
      eventType: 'object.propertyChange',
      propertyName,
    })),
  ];
}
