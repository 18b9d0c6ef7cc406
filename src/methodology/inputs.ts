import { STEP_PROPERTIES } from './registry';
import {
  COMPUTED_AT_PROPERTY,
  CONTACT_INPUTS,
  DEAL_INPUTS,
  HUBSPOT_DEAL_PROPERTIES,
  OUTPUTS,
} from './vocabulary';

/**
 * Properties whose change can change an output. Webhook subscriptions are generated from
 * these (one source of truth); a test proves every input read by the rules is listed.
 */
export const SCORING_INPUTS: { readonly deal: readonly string[]; readonly contact: readonly string[] } =
  Object.freeze({
    deal: Object.freeze([
      ...STEP_PROPERTIES,
      DEAL_INPUTS.purchaseType,
      DEAL_INPUTS.accountTraits,
      HUBSPOT_DEAL_PROPERTIES.amount,
      HUBSPOT_DEAL_PROPERTIES.amountHome,
      HUBSPOT_DEAL_PROPERTIES.dealstage,
      HUBSPOT_DEAL_PROPERTIES.pipeline,
    ]),
    contact: Object.freeze([CONTACT_INPUTS.decisionRole, CONTACT_INPUTS.stance, CONTACT_INPUTS.contactDepth]),
  });

/** Every deal property the engine writes (the writer also stamps sw_computed_at). */
export const OUTPUT_PROPERTIES: readonly string[] = Object.freeze(Object.values(OUTPUTS));

const OUTPUT_SET: ReadonlySet<string> = new Set([...OUTPUT_PROPERTIES, COMPUTED_AT_PROPERTY]);

/** True for properties Stepwise itself writes: changes to them are never a reason to recompute. */
export function isOutputProperty(name: string): boolean {
  return OUTPUT_SET.has(name);
}

/**
 * Outputs the engine reads back as their previous values: the stage-since and the time- and
 * visit-dependent alerts are kept when the caller supplies no time or visits (DESIGN §4). They
 * are Stepwise's own writes, so they are never subscribed.
 */
export const PREVIOUS_OUTPUTS_READ: readonly string[] = Object.freeze([
  OUTPUTS.funnelStage,
  OUTPUTS.funnelStageSince,
  OUTPUTS.alerts,
]);

/** What to read per deal: scoring inputs, current outputs (to write only changes), name, computed-at. */
export const DEAL_READ_PROPERTIES: readonly string[] = Object.freeze([
  ...SCORING_INPUTS.deal,
  ...OUTPUT_PROPERTIES,
  COMPUTED_AT_PROPERTY,
  HUBSPOT_DEAL_PROPERTIES.dealname,
]);

/** What to read per contact: inputs, personality (shown, not scored), and identity for display. */
export const CONTACT_READ_PROPERTIES: readonly string[] = Object.freeze([
  ...SCORING_INPUTS.contact,
  CONTACT_INPUTS.personality,
  'firstname',
  'lastname',
  'email',
  'jobtitle',
]);
