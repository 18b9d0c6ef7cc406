import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeV3Signature, signedHeaders, verifyV3Signature } from '../../src/hubspot/signature';
import { deleteByPrefix, testRedis } from '../support/redis';
import { installTokens } from '../support/service-fixtures';
import {
  CLIENT_SECRET,
  NO_LIMITS,
  PUBLIC_BASE_URL,
  expectClean,
  rawRequest,
  startSecurityApp,
  type SecurityHarness,
} from './harness';

/**
 * One test per bug the security fuzzing found, with the input that failed:
 *  1. GET /api/v1/deals/%E0%A4%A/card (signed): the router's URIError (status 400, no `expose`)
 *     reached the app's error handler as an unknown error → 500 INTERNAL + an error log with a stack.
 *  2. POST /webhooks/hubspot with `Content-Encoding: br` and a body that is not brotli: the zlib
 *     error surfaced as {"code":"ERR__ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET","message":"Decompression failed"}
 *     (internal library code and message in the response).
 *  3. X-HubSpot-Signature-v3 sent twice (`<valid>, junk`, Node joins duplicates with ", "): Node's
 *     lenient base64 decoder stopped at the '=' and the signature verified → 200.
 */

let redis: Redis;
let h: SecurityHarness;
beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis, rateLimits: NO_LIMITS });
  await h.installations.save({ portalId: '8001', tokens: installTokens(), scopes: [] });
});
afterAll(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});

function signedRaw(
  method: string,
  pathAndQuery: string,
  body = '',
  extraHeaders = '',
): Promise<{ status: number; body: string }> {
  const sig = signedHeaders({
    clientSecret: CLIENT_SECRET,
    method,
    uri: `${PUBLIC_BASE_URL}${pathAndQuery}`,
    body,
    now: Date.now(),
  });
  return rawRequest(
    h.port,
    `${method} ${pathAndQuery} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
      Object.entries(sig)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      extraHeaders +
      (body !== '' ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '') +
      `\r\n${body}`,
  );
}

describe('regressions found by fuzzing', () => {
  it('1. broken percent-encoding in a route parameter → 400 VALIDATION_FAILED, not 500', async () => {
    for (const id of ['%E0%A4%A', '%', '%C0%AF%', '%ZZ']) {
      for (const path of [`/api/v1/deals/${id}/card`, `/api/v1/deals/42/contacts/${id}`]) {
        const res = await signedRaw('GET', `${path}?portalId=8001&userId=1`);
        expectClean(res, path);
        expect(res.status, path).toBe(400);
        expect(JSON.parse(res.body)).toEqual({
          error: { code: 'VALIDATION_FAILED', message: 'The URL contains malformed percent-encoding.' },
        });
      }
    }
    expect(h.logs()).not.toContain('"msg":"unhandled error"');
  });

  it('2. undecodable compressed bodies → 400 with our own code and message (webhooks and card API)', async () => {
    const bodies: [string, Buffer][] = [
      ['br', Buffer.from('[{"eventId":1}]')],
      ['gzip', Buffer.from('\x1f\x8b\x08garbage')],
      ['deflate', Buffer.from('not deflate')],
      ['gzip', gzipSync('[]').subarray(0, 12)], // truncated
    ];
    for (const [encoding, body] of bodies) {
      for (const path of ['/webhooks/hubspot', '/api/v1/settings?portalId=8001&userId=1']) {
        const method = path.startsWith('/webhooks') ? 'POST' : 'PUT';
        const res = await fetch(`${h.url}${path}`, {
          method,
          headers: {
            'Content-Type': 'application/json',
            'Content-Encoding': encoding,
            ...signedHeaders({
              clientSecret: CLIENT_SECRET,
              method,
              uri: `${PUBLIC_BASE_URL}${path}`,
              body: '',
              now: Date.now(),
            }),
          },
          body: new Uint8Array(body),
        });
        const text = await res.text();
        expectClean({ status: res.status, body: text }, `${encoding} ${path}`);
        expect(res.status, `${encoding} ${path}: ${text}`).toBe(400);
        expect(text).not.toMatch(/ERR_|Z_|Decompression failed|incorrect header/);
        expect(JSON.parse(text).error.code).toMatch(/^(BAD_REQUEST|VALIDATION_FAILED)$/);
      }
    }
    // Valid compressed bodies still work (HubSpot does not compress, but proxies may).
    const events = JSON.stringify([
      {
        eventId: 1,
        subscriptionId: 1,
        portalId: 8001,
        appId: 1,
        occurredAt: 1,
        subscriptionType: 'deal.creation',
        attemptNumber: 0,
        objectId: 5,
      },
    ]);
    for (const [encoding, body] of [
      ['gzip', gzipSync(events)],
      ['deflate', deflateSync(events)],
      ['br', brotliCompressSync(events)],
    ] as const) {
      const res = await fetch(`${h.url}/webhooks/hubspot`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': encoding,
          ...signedHeaders({
            clientSecret: CLIENT_SECRET,
            method: 'POST',
            uri: `${PUBLIC_BASE_URL}/webhooks/hubspot`,
            body: events,
            now: Date.now(),
          }),
        },
        body: new Uint8Array(body),
      });
      expect(res.status, encoding).toBe(200);
    }
  });

  it('3. a duplicated signature header (`<valid>, junk`) does not verify', async () => {
    const now = Date.now();
    const input = {
      clientSecret: CLIENT_SECRET,
      method: 'POST',
      uri: `${PUBLIC_BASE_URL}/webhooks/hubspot`,
      body: '[]',
    };
    const sig = computeV3Signature({ ...input, timestamp: String(now) });
    expect(verifyV3Signature({ ...input, signature: sig, timestamp: String(now), now })).toEqual({
      ok: true,
    });
    for (const variant of [
      `${sig}, junk`,
      `${sig}, ${sig}`,
      `${sig}=`,
      `${sig}AAAA`,
      `${sig} `,
      `${sig.slice(0, -1)}`,
      sig.replace(/\+/g, '-').replace(/\//g, '_'),
    ]) {
      if (variant === sig) continue;
      expect(
        verifyV3Signature({ ...input, signature: variant, timestamp: String(now), now }),
        variant,
      ).toEqual({
        ok: false,
        reason: 'mismatch',
      });
    }
    const res = await rawRequest(
      h.port,
      `POST /webhooks/hubspot HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `X-HubSpot-Signature-v3: ${sig}\r\nX-HubSpot-Signature-v3: junk\r\nX-HubSpot-Request-Timestamp: ${now}\r\nContent-Length: 2\r\n\r\n[]`,
    );
    expect(res.status).toBe(401);
  });
});
