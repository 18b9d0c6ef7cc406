import { randomUUID } from 'node:crypto';
import { actionSignedHeaders } from '../src/hubspot/signature';
import type { SandboxApp } from './types';

/**
 * HubSpot's workflow engine running a custom workflow action on an enrolled deal: it POSTs the
 * execution request to the action's `actionUrl` with HubSpot's payload
 * (callbackId, origin, context, object, inputFields and the legacy `fields`) signed with the v2
 * X-HubSpot-Signature (https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/guide;
 * optionally also the v3 headers), and reads `{ outputFields }` back. A retry (429/5xx) reuses
 * the callbackId, as HubSpot does.
 */
export interface RunWorkflowActionInput {
  actionUrl: string;
  portalId: number;
  dealId: string;
  inputFields?: Record<string, string>;
  /** Default: a fresh id (a new execution). Pass the same id to replay HubSpot's retry. */
  callbackId?: string;
  workflowId?: number;
  actionDefinitionId?: number;
  /** Also send the v3 signature headers. Default false (HubSpot documents v2 for actions). */
  withV3?: boolean;
  /** Sign with this secret instead of the app's (tests of a forged call). */
  clientSecret?: string;
}

export interface WorkflowActionAnswer {
  status: number;
  body: unknown;
  callbackId: string;
  /** The request as sent (headers and raw body), for assertions. */
  request: { headers: Record<string, string>; body: string };
}

export class WorkflowActionRunner {
  constructor(
    private readonly app: SandboxApp,
    private readonly now: () => number,
  ) {}

  async run(input: RunWorkflowActionInput): Promise<WorkflowActionAnswer> {
    const callbackId = input.callbackId ?? `ap-${input.portalId}-${randomUUID()}`;
    const inputFields = input.inputFields ?? {};
    const actionDefinitionId = input.actionDefinitionId ?? 1;
    const body = JSON.stringify({
      callbackId,
      origin: {
        portalId: input.portalId,
        actionDefinitionId,
        actionDefinitionVersion: 1,
        extensionDefinitionId: actionDefinitionId,
        extensionDefinitionVersionId: 1,
      },
      context: { workflowId: input.workflowId ?? 1, actionId: 1, source: 'WORKFLOWS' },
      object: { objectId: Number(input.dealId), objectType: 'DEAL' },
      fields: inputFields,
      inputFields,
    });
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'HubSpot Workflows (sandbox)',
      ...actionSignedHeaders({
        clientSecret: input.clientSecret ?? this.app.clientSecret,
        method: 'POST',
        uri: input.actionUrl,
        body,
        now: this.now(),
        ...(input.withV3 === true ? { withV3: true } : {}),
      }),
    };
    const res = await fetch(input.actionUrl, { method: 'POST', headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, callbackId, request: { headers, body } };
  }
}
