import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeV2Signature,
  computeV3Signature,
  normalizeSignedUri,
  signedHeaders,
  verifyV2Signature,
  verifyV3Signature,
} from '../../src/hubspot/signature';

const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const uri = 'https://stepwise.example.com/webhooks/hubspot';
const body = '[{"eventId":1,"portalId":62515}]';
const now = 1_764_000_000_000;

describe('v3 request signatures', () => {
  it('is base64 HMAC-SHA256 of method + uri + body + timestamp', () => {
    const expected = createHmac('sha256', secret).update(`POST${uri}${body}${now}`).digest('base64');
    expect(
      computeV3Signature({ clientSecret: secret, method: 'post', uri, body, timestamp: String(now) }),
    ).toBe(expected);
  });

  it('decodes the escapes HubSpot decodes, and only those', () => {
    expect(normalizeSignedUri('https://x.io/a?b=%3A%2f%40%20')).toBe('https://x.io/a?b=:/@%20');
  });

  it('accepts a fresh valid signature and rejects a tampered body', () => {
    const h = signedHeaders({ clientSecret: secret, method: 'POST', uri, body, now });
    const base = { clientSecret: secret, method: 'POST', uri, body, now: now + 1000 };
    expect(
      verifyV3Signature({
        ...base,
        signature: h['X-HubSpot-Signature-v3'],
        timestamp: h['X-HubSpot-Request-Timestamp'],
      }),
    ).toEqual({ ok: true });
    expect(
      verifyV3Signature({
        ...base,
        body: `${body} `,
        signature: h['X-HubSpot-Signature-v3'],
        timestamp: h['X-HubSpot-Request-Timestamp'],
      }),
    ).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([
    ['missing signature', undefined, String(now), 'missing_signature'],
    ['missing timestamp', 'abc', undefined, 'missing_timestamp'],
    ['non-numeric timestamp', 'abc', '12x', 'bad_timestamp'],
    ['older than 5 minutes', 'abc', String(now - 5 * 60 * 1000 - 1), 'stale'],
    ['more than 5 minutes ahead', 'abc', String(now + 5 * 60 * 1000 + 1), 'stale'],
    ['signature of another length', 'abc', String(now), 'mismatch'],
  ])('rejects %s', (_name, signature, timestamp, reason) => {
    expect(
      verifyV3Signature({ clientSecret: secret, method: 'POST', uri, body, now, signature, timestamp }),
    ).toEqual({ ok: false, reason });
  });
});

describe('v2 signature (workflow actions)', () => {
  const base = {
    clientSecret: 'secret',
    method: 'POST',
    uri: 'https://stepwise.example.com/api/v1/actions/stage-gate',
    body: '{"callbackId":"ap-1"}',
  };

  it('is hex sha256 of secret + method + uri + body, checked in constant time', () => {
    const expected = createHash('sha256')
      .update('secretPOSThttps://stepwise.example.com/api/v1/actions/stage-gate{"callbackId":"ap-1"}')
      .digest('hex');
    expect(computeV2Signature(base)).toBe(expected);
    expect(verifyV2Signature({ ...base, signature: expected })).toEqual({ ok: true });
    expect(verifyV2Signature({ ...base, signature: expected.toUpperCase() })).toEqual({ ok: true });
  });

  it('refuses a missing, malformed or mismatching signature', () => {
    const good = computeV2Signature(base);
    expect(verifyV2Signature({ ...base, signature: undefined })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifyV2Signature({ ...base, signature: `${good}, ${good}` })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyV2Signature({ ...base, body: '{"callbackId":"ap-2"}', signature: good })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyV2Signature({ ...base, uri: base.uri.replace('https', 'http'), signature: good }).ok).toBe(
      false,
    );
  });
});
