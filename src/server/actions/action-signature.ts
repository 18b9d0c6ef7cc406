import type { Request } from 'express';
import {
  SIGNATURE_HEADER,
  V2_SIGNATURE_HEADER,
  verifyV2Signature,
  type SignatureCheck,
} from '../../hubspot/signature';
import { checkRequestSignature } from '../../http/request-signature';

/**
 * Verifies a workflow-action request HubSpot sent to the app's actionUrl, on the raw body and
 * before any parsing. HubSpot signs custom actions with v2 (`X-HubSpot-Signature` = hex
 * SHA-256 of client secret + method + full URI + body;
 * https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/guide, "Requests made
 * for your custom action will use the v2 version of the X-HubSpot-Signature"); the new developer
 * platform's v3 headers (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation)
 * are checked instead when present, because they also bind a timestamp (5-minute window).
 */
export function checkActionSignature(
  req: Request,
  options: { clientSecret: string; publicBaseUrl: string; now: number },
): SignatureCheck & { version: 'v2' | 'v3' } {
  if (req.headers[SIGNATURE_HEADER] !== undefined) {
    return { ...checkRequestSignature(req, options), version: 'v3' };
  }
  const raw = req.headers[V2_SIGNATURE_HEADER];
  return {
    ...verifyV2Signature({
      clientSecret: options.clientSecret,
      method: req.method,
      uri: `${options.publicBaseUrl}${req.originalUrl}`,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      signature: Array.isArray(raw) ? raw[0] : raw,
    }),
    version: 'v2',
  };
}
