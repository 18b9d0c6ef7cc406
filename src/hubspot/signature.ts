import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot rejects/ignores signatures older than this; so do we (replay window). */
export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
/** A v3 signature as HubSpot sends it: standard base64 of a SHA-256 HMAC (44 characters). */
const SIGNATURE_FORMAT = /^[A-Za-z0-9+/]{43}=$/;
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';

/**
 * HubSpot decodes these percent-escapes in the request URI before signing (v3 rules);
 * everything else stays as sent.
 */
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function normalizeSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (m) => DECODED_ESCAPES[m.toUpperCase()] ?? m,
  );
}

export interface SignatureInput {
  clientSecret: string;
  method: string;
  /** Full URI HubSpot called: PUBLIC_BASE_URL + path + query. */
  uri: string;
  /** Raw body exactly as received ('' for GET). */
  body: string | Buffer;
  /** X-HubSpot-Request-Timestamp (milliseconds since epoch, as a string). */
  timestamp: string;
}

/** base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), as HubSpot computes it. */
export function computeV3Signature(input: SignatureInput): string {
  const hmac = createHmac('sha256', input.clientSecret);
  hmac.update(input.method.toUpperCase());
  hmac.update(normalizeSignedUri(input.uri));
  hmac.update(input.body);
  hmac.update(input.timestamp);
  return hmac.digest('base64');
}

export type SignatureFailure =
  'missing_signature' | 'missing_timestamp' | 'bad_timestamp' | 'stale' | 'mismatch';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

export interface VerifyInput extends Omit<SignatureInput, 'timestamp'> {
  signature: string | undefined;
  timestamp: string | undefined;
  /** Current time in ms (injected for tests). */
  now: number;
  maxAgeMs?: number;
}

/**
 * Checks a v3 signature in constant time, and that the timestamp is within the replay window
 * (also rejects timestamps more than the window in the future). Never throws.
 */
export function verifyV3Signature(input: VerifyInput): SignatureCheck {
  const { signature, timestamp } = input;
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing_signature' };
  if (timestamp === undefined || timestamp === '') return { ok: false, reason: 'missing_timestamp' };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const age = input.now - Number(timestamp);
  const maxAge = input.maxAgeMs ?? SIGNATURE_MAX_AGE_MS;
  if (Math.abs(age) > maxAge) return { ok: false, reason: 'stale' };
  // Canonical base64 of 32 bytes only: Node's decoder skips junk characters and stops at '=',
  // so without this `<valid>, <anything>` (duplicated headers) would verify.
  if (!SIGNATURE_FORMAT.test(signature)) return { ok: false, reason: 'mismatch' };
  const expected = Buffer.from(computeV3Signature({ ...input, timestamp }), 'base64');
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length) return { ok: false, reason: 'mismatch' };
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** Headers for a request signed like HubSpot's (used by the sandbox, the demo and tests). */
export function signedHeaders(
  input: Omit<SignatureInput, 'timestamp'> & { now: number },
): Record<string, string> {
  const timestamp = String(input.now);
  return {
    'X-HubSpot-Signature-v3': computeV3Signature({ ...input, timestamp }),
    'X-HubSpot-Request-Timestamp': timestamp,
  };
}

/** v1/v2 signature header and its version header (workflow-action calls carry v2). */
export const V2_SIGNATURE_HEADER = 'x-hubspot-signature';
export const SIGNATURE_VERSION_HEADER = 'x-hubspot-signature-version';
const V2_SIGNATURE_FORMAT = /^[0-9a-f]{64}$/i;

/**
 * v2 = hex SHA-256 of clientSecret + method + full URI + raw body (no timestamp). HubSpot signs
 * custom workflow-action requests this way: "Requests made for your custom action will use the
 * v2 version of the X-HubSpot-Signature" (https://developers.hubspot.com/docs/faq/v2-request-validation,
 * https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/guide). The URI "must
 * exactly match the original request, including the protocol".
 */
export function computeV2Signature(input: Omit<SignatureInput, 'timestamp'>): string {
  return createHash('sha256')
    .update(input.clientSecret)
    .update(input.method.toUpperCase())
    .update(input.uri)
    .update(input.body)
    .digest('hex');
}

/** Checks a v2 signature in constant time. Never throws. */
export function verifyV2Signature(
  input: Omit<SignatureInput, 'timestamp'> & { signature: string | undefined },
): SignatureCheck {
  const { signature } = input;
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing_signature' };
  if (!V2_SIGNATURE_FORMAT.test(signature)) return { ok: false, reason: 'mismatch' };
  const expected = Buffer.from(computeV2Signature(input), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** Headers of a workflow-action call as HubSpot sends them: v2, plus v3 when `withV3` (sandbox, tests). */
export function actionSignedHeaders(
  input: Omit<SignatureInput, 'timestamp'> & { now: number; withV3?: boolean },
): Record<string, string> {
  return {
    'X-HubSpot-Signature': computeV2Signature(input),
    'X-HubSpot-Signature-Version': 'v2',
    ...(input.withV3 === true ? signedHeaders(input) : {}),
  };
}
