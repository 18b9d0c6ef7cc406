import type { Request } from 'express';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyV3Signature,
  type SignatureCheck,
} from '../hubspot/signature';

/**
 * Verifies HubSpot's v3 signature of an express request whose body was read raw: the signed URI
 * is the public base URL (what HubSpot called) + the original path and query.
 */
export function checkRequestSignature(
  req: Request,
  options: { clientSecret: string; publicBaseUrl: string; now: number },
): SignatureCheck {
  const first = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return verifyV3Signature({
    clientSecret: options.clientSecret,
    method: req.method,
    uri: `${options.publicBaseUrl}${req.originalUrl}`,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    signature: first(SIGNATURE_HEADER),
    timestamp: first(TIMESTAMP_HEADER),
    now: options.now,
  });
}
