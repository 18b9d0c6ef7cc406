/**
 * Workflow action contract between the two custom actions declared here (evaluate-deal-hsmeta.json,
 * stage-gate-hsmeta.json; HubSpot's `workflow-action` component,
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions)
 * and the backend that answers them (which imports these types, type-only).
 *
 *   POST /api/v1/actions/evaluate-deal   body: ActionRequest<EvaluateDealInputs> → ActionResponse<EvaluateDealOutputs>
 *   POST /api/v1/actions/stage-gate      body: ActionRequest<StageGateInputs>    → ActionResponse<StageGateOutputs>
 *
 * Authentication: HubSpot signs custom action requests with the v2 X-HubSpot-Signature
 * (https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/custom-action-guide:
 * "Requests made for your custom action will use the v2 version of the X-HubSpot-Signature"):
 * header `X-HubSpot-Signature` = hex SHA-256 of client secret + method + full request URI + raw
 * body, with `X-HubSpot-Signature-Version: v2`. Where HubSpot also sends the v3 headers
 * (`X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp`), the backend checks v3 (HMAC-SHA256,
 * timestamp at most 5 minutes old) as the card API does. Raw body, timingSafeEqual, before parsing;
 * a missing or bad signature → 401. The portal is `origin.portalId` of a verified request only.
 *
 * Response (https://developers.hubspot.com/docs/api-reference/latest/automation/workflow-actions/custom-action-reference,
 * "Execution"): 200 with `{ outputFields }`, each value a string; enumeration outputs use the
 * option values of the hsmeta file so workflows can branch on them. A deal that cannot be
 * evaluated (deleted, portal not installed) answers 200 with `hs_execution_state: 'FAIL_CONTINUE'`
 * so the workflow goes on; 429 and 5xx make HubSpot retry, so the evaluation must be idempotent
 * (it is a read plus the usual write-back of changed values only).
 */

export type FunnelStageValue = 'none' | 'P' | 'I' | 'B' | 'W' | 'L';

/** What HubSpot POSTs to `actionUrl` when a workflow runs the action on an enrolled deal. */
export interface ActionRequest<Inputs> {
  callbackId: string;
  origin: {
    portalId: number;
    actionDefinitionId: number;
    actionDefinitionVersion: number;
    extensionDefinitionId?: number;
    extensionDefinitionVersionId?: number;
  };
  context: { source: string; workflowId: number };
  object: { objectId: number; objectType: 'DEAL' };
  inputFields: Inputs;
}

export type EvaluateDealInputs = Record<string, never>;

export interface StageGateInputs {
  /** Input field `required_stage` (STATIC_VALUE select). */
  required_stage: 'P' | 'I' | 'B';
}

/** Output field names of "Stepwise: evaluate deal" (the hsmeta file declares exactly these). */
export const EVALUATE_DEAL_OUTPUTS = [
  'funnel_stage',
  'lead_grade',
  'relationship_level',
  'lead_stage',
  'buying_phase',
  'alerts',
  'next_actions',
] as const;

/** Output field names of "Stepwise: check stage gate". */
export const STAGE_GATE_OUTPUTS = ['passes', 'funnel_stage', 'missing'] as const;

export interface EvaluateDealOutputs {
  funnel_stage: FunnelStageValue;
  lead_grade: 'strategic' | 'important' | 'ordinary';
  relationship_level: 'none' | 'C' | 'B' | 'A';
  lead_stage: 'none' | 'info' | 'valid' | 'prospect';
  buying_phase: 'need_definition' | 'evaluate_alternatives' | 'take_action' | 'closed';
  /** Alert ids joined by `;` exactly as `sw_alerts` stores them; '' when none. */
  alerts: string;
  /** The next actions' labels in the portal's label language, one per line; '' when none. */
  next_actions: string;
}

export interface StageGateOutputs {
  /** yes: the evidence reaches `required_stage` (or the deal is won). */
  passes: 'yes' | 'no';
  /** The funnel stage the evidence reaches. */
  funnel_stage: FunnelStageValue;
  /** What the deal lacks for `required_stage`, labelled, one per line; '' when it passes. */
  missing: string;
}

export interface ActionResponse<Outputs> {
  outputFields: Outputs | { hs_execution_state: 'FAIL_CONTINUE' };
}
