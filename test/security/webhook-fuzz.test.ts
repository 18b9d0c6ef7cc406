import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeV3Signature, signedHeaders } from '../../src/hubspot/signature';
import { deleteByPrefix, testRedis } from '../support/redis';
import { hubspotSigned, installTokens } from '../support/service-fixtures';
import {
  CLIENT_SECRET,
  NO_LIMITS,
  PUBLIC_BASE_URL,
  expectClean,
  expectHealthy,
  rawRequest,
  startSecurityApp,
  type SecurityHarness,
} from './harness';
import {
  CONTENT_ENCODINGS,
  CONTENT_TYPES,
  HTTP_METHODS,
  ODD_STRINGS,
  anyJson,
  fuzzParams,
  oddString,
} from './fuzz-common';

/**
 * Hostile input at POST /webhooks/hubspot over real HTTP: every answer is a clear 4xx (or 200
 * for a valid batch), never a 5xx, the body never leaks internals, the process stays up.
 * Signed fuzz cases carry a VALID signature over the garbage, so the fuzz reaches the parser
 * and the validator instead of stopping at 401.
 */

const PATH = '/webhooks/hubspot';
const PORTAL = 1001;
let redis: Redis;
let h: SecurityHarness;
const secrets = [CLIENT_SECRET];

beforeAll(async () => {
  redis = testRedis();
  h = await startSecurityApp({ redis, rateLimits: NO_LIMITS });
  await h.installations.save({ portalId: String(PORTAL), tokens: installTokens(), scopes: ['oauth'] });
  secrets.push(h.config.tokenEncryptionKey.toString('base64'), h.config.tokenEncryptionKey.toString('hex'));
});
afterAll(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
  await redis.quit();
});

interface Send {
  body?: Buffer | string;
  sign?: boolean;
  contentType?: string | undefined;
  headers?: Record<string, string>;
  method?: string;
  path?: string;
}

async function send(o: Send): Promise<{ status: number; body: string }> {
  const method = o.method ?? 'POST';
  const path = o.path ?? PATH;
  const body = o.body ?? '';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const headers: Record<string, string> = {
    ...(o.contentType !== undefined ? { 'Content-Type': o.contentType } : {}),
    ...(o.sign === false
      ? {}
      : signedHeaders({
          clientSecret: CLIENT_SECRET,
          method,
          uri: `${PUBLIC_BASE_URL}${path}`,
          body: hasBody ? body : '',
          now: Date.now(),
        })),
    ...o.headers,
  };
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers,
    ...(hasBody ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}),
  });
  return { status: res.status, body: await res.text() };
}

let seq = 1;
const validEvent = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId: seq++,
  subscriptionId: 5,
  portalId: PORTAL,
  appId: 77,
  occurredAt: Date.now(),
  subscriptionType: 'deal.propertyChange',
  attemptNumber: 0,
  objectId: 4242,
  propertyName: 'sw_seven_step_need',
  propertyValue: 'problems_known',
  changeSource: 'CRM_UI',
  ...over,
});

describe('webhook intake fuzz (real HTTP)', () => {
  it('random bytes, unsigned, any content type → 4xx (401 unless the body cannot even be read)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2_000 }),
        fc.constantFrom(...CONTENT_TYPES),
        async (bytes, contentType) => {
          const res = await send({ body: Buffer.from(bytes), sign: false, contentType });
          expectClean(res, `unsigned ${bytes.length} bytes as ${contentType}`, secrets);
          expect(res.status).toBe(401);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('random bytes with a VALID signature → 400/415, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3_000 }),
          fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
        ),
        fc.constantFrom(...CONTENT_TYPES),
        async (bytes, contentType) => {
          const body = Buffer.from(bytes);
          const res = await send({ body, contentType });
          expectClean(res, `signed ${body.length} bytes as ${contentType}`, secrets);
          expect([400, 415]).toContain(res.status);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('any JSON value, signed → 400 (or 200 when it happens to be a valid batch)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, fc.array(anyJson, { maxLength: 5 })), async (json) => {
        const res = await send({ body: JSON.stringify(json) ?? 'null', contentType: 'application/json' });
        expectClean(res, `json ${JSON.stringify(json)?.slice(0, 120)}`, secrets);
        expect([200, 400]).toContain(res.status);
      }),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('valid events with one field of the wrong type or an odd value → 200 or 400; only digit ids are queued', async () => {
    const fields = Object.keys(validEvent()).concat([
      'objectTypeId',
      'fromObjectId',
      'toObjectId',
      'associationType',
      'associationTypeId',
      'primaryObjectId',
      'mergedObjectIds',
      'newObjectId',
      '__proto__',
      'constructor',
    ]);
    const subscriptionTypes = [
      'deal.propertyChange',
      'deal.creation',
      'deal.deletion',
      'deal.associationChange',
      'deal.merge',
      'deal.restore',
      'contact.propertyChange',
      'contact.associationChange',
      'object.propertyChange',
      'object.associationChange',
      'company.creation',
      '.',
      '..',
      'deal.',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            type: fc.constantFrom(...subscriptionTypes),
            field: fc.constantFrom(...fields),
            value: fc.oneof(anyJson, oddString),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (mutations) => {
          const events = mutations.map((m) => {
            const e = validEvent({
              subscriptionType: m.type,
              fromObjectId: 1,
              toObjectId: 2,
              associationTypeId: 3,
            });
            Object.defineProperty(e, m.field, {
              value: m.value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
            return e;
          });
          const res = await send({ body: JSON.stringify(events), contentType: 'application/json' });
          expectClean(res, `events ${JSON.stringify(mutations).slice(0, 200)}`, secrets);
          expect([200, 400]).toContain(res.status);
        },
      ),
      fuzzParams(),
    );
    // Whatever got queued is a HubSpot record id: digits only, never the fuzz's strings.
    const dirty = await redis.zrange(h.queue.keys.dirtyDeals(String(PORTAL)), 0, -1);
    const contacts = await redis.zrange(h.queue.keys.dirtyContacts(String(PORTAL)), 0, -1);
    for (const id of [...dirty, ...contacts]) expect(id).toMatch(/^\d{1,20}$/);
    await expectHealthy(h.url);
  });

  it('odd unicode in every string field (lone surrogates, RTL, zero-width, NUL) → 200 or 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          subscriptionType: fc.oneof(fc.constant('deal.propertyChange'), oddString),
          propertyName: oddString,
          propertyValue: oddString,
          changeSource: oddString,
          objectTypeId: oddString,
          objectId: fc.oneof(fc.constant(1), oddString),
        }),
        fc.boolean(),
        async (fields, rawInvalidUtf8) => {
          let body: Buffer = Buffer.from(JSON.stringify([validEvent(fields)]), 'utf8');
          if (rawInvalidUtf8) {
            // Splice raw invalid UTF-8 (overlong, lone continuation, truncated) into a string value.
            const text = body.toString('latin1').replace('"CRM_UI"', '"\xc0\xaf\x80\xed\xa0\x80\xf0\x9f"');
            body = Buffer.from(text, 'latin1');
          }
          const res = await send({ body, contentType: 'application/json' });
          expectClean(res, `unicode ${JSON.stringify(fields).slice(0, 200)}`, secrets);
          expect([200, 400]).toContain(res.status);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('content types and encodings (signed; gzip bodies, bombs, broken compressed data) → 4xx/200', async () => {
    const valid = JSON.stringify([validEvent()]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONTENT_TYPES),
        fc.constantFrom(...CONTENT_ENCODINGS),
        fc.constantFrom('valid-gzip', 'plain', 'garbage'),
        fc.string({
          minLength: 0,
          maxLength: 40,
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
        async (contentType, encoding, shape, randomType) => {
          const body =
            shape === 'valid-gzip'
              ? gzipSync(valid)
              : shape === 'plain'
                ? Buffer.from(valid)
                : Buffer.from('\x1f\x8b\x08garbage');
          const type = contentType ?? (randomType === '' ? undefined : randomType);
          const res = await send({
            body,
            contentType: type,
            ...(encoding !== undefined ? { headers: { 'Content-Encoding': encoding } } : {}),
          });
          expectClean(res, `type=${type} encoding=${encoding} ${shape}`, secrets);
          expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('a gzip bomb (50 MB of zeros in 50 KB) → 413 without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    const res = await send({
      body: bomb,
      contentType: 'application/json',
      headers: { 'Content-Encoding': 'gzip' },
    });
    expectClean(res, 'gzip bomb', secrets);
    expect(res.status).toBe(413);
    await expectHealthy(h.url);
  });

  it('huge bodies: just over 1 MB → 413 (signed or not); exactly 1 MB → parsed (400)', async () => {
    const limit = 1024 * 1024;
    const over = Buffer.alloc(limit + 1, 'a');
    for (const sign of [true, false]) {
      const res = await send({ body: over, sign, contentType: 'application/json' });
      expectClean(res, `1 MB + 1 (signed=${sign})`, secrets);
      expect(res.status).toBe(413);
    }
    const huge = Buffer.alloc(20 * limit, '[');
    const big = await send({ body: huge, contentType: 'application/json' });
    expect(big.status).toBe(413);
    // Exactly at the limit: a JSON array padded with spaces, read and validated.
    const events = JSON.stringify([validEvent()]);
    const exact = Buffer.from(events + ' '.repeat(limit - Buffer.byteLength(events)));
    expect(exact.length).toBe(limit);
    const ok = await send({ body: exact, contentType: 'application/json' });
    expectClean(ok, 'exactly 1 MB', secrets);
    expect(ok.status).toBe(200);
    // 1 001 events (one over the batch limit) → 400.
    const many = JSON.stringify(Array.from({ length: 1001 }, () => validEvent()));
    const tooMany = await send({ body: many, contentType: 'application/json' });
    expect(tooMany.status).toBe(400);
    await expectHealthy(h.url);
  });

  it('deeply nested JSON (100k levels, open, closed, inside an event) → 400, no stack overflow', async () => {
    const depth = 100_000;
    const bodies = [
      '['.repeat(depth),
      '['.repeat(depth) + ']'.repeat(depth),
      '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      JSON.stringify([validEvent()]).replace('"CRM_UI"', '['.repeat(depth) + ']'.repeat(depth)),
      // An unknown extra field (looseObject keeps unknown keys): must not be walked recursively.
      JSON.stringify([validEvent()]).replace(
        '"changeSource"',
        `"extra":${'['.repeat(depth)}${']'.repeat(depth)},"changeSource"`,
      ),
    ];
    for (const body of bodies) {
      const res = await send({ body, contentType: 'application/json' });
      expectClean(res, `deep ${body.slice(0, 20)}… (${body.length} bytes)`, secrets);
      expect([200, 400]).toContain(res.status);
    }
    await expectHealthy(h.url);
  });

  it('any method other than POST → 405; odd paths and queries → 4xx or a checked signature', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HTTP_METHODS.filter((m) => m !== 'POST')),
        fc.constantFrom(
          PATH,
          `${PATH}/`,
          `${PATH}?a=1`,
          '/WEBHOOKS/HUBSPOT',
          `${PATH}/..`,
          `${PATH}%2F`,
          `${PATH}?%E0%A4%A`,
        ),
        fc.boolean(),
        async (method, path, sign) => {
          const res = await send({ method, path, sign, body: '[]', contentType: 'application/json' });
          expectClean(res, `${method} ${path}`, secrets);
        },
      ),
      fuzzParams(100),
    );
    for (const path of [
      `${PATH}/`,
      `${PATH}?a=%E0%A4%A&b=${'x'.repeat(5000)}`,
      '/WEBHOOKS/HUBSPOT',
      `${PATH}%2F..%2F`,
    ]) {
      const res = await send({ path, body: JSON.stringify([validEvent()]), contentType: 'application/json' });
      expectClean(res, `POST ${path}`, secrets);
    }
    await expectHealthy(h.url);
  });

  it('timestamps of every shape (signature computed over them) → 401 unless within ±5 min', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 25 }),
          fc.constantFrom(
            '0',
            '-1',
            '1e12',
            '0x1',
            ' 1',
            `${Date.now()}.5`,
            '9'.repeat(17),
            '9'.repeat(400),
            `${Date.now() + 301_000}`,
            `${Date.now() - 301_000}`,
          ),
          fc.integer({ min: -1e15, max: 1e15 }).map(String),
        ),
        async (timestamp) => {
          const body = JSON.stringify([validEvent()]);
          let headerOk = true;
          try {
            new Headers({ 'X-HubSpot-Request-Timestamp': timestamp });
          } catch {
            headerOk = false;
          }
          const age = Math.abs(Date.now() - Number(timestamp));
          // Skip the few cases within 10 s of the window's edge (the clock moves during the request).
          fc.pre(headerOk && !(age > 290_000 && age < 310_000));
          const signature = computeV3Signature({
            clientSecret: CLIENT_SECRET,
            method: 'POST',
            uri: `${PUBLIC_BASE_URL}${PATH}`,
            body,
            timestamp,
          });
          const res = await send({
            body,
            sign: false,
            contentType: 'application/json',
            headers: { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp },
          });
          expectClean(res, `timestamp ${JSON.stringify(timestamp)}`, secrets);
          const fresh = /^\d{1,16}$/.test(timestamp) && age <= 290_000;
          expect(res.status).toBe(fresh ? 200 : 401);
        },
      ),
      fuzzParams(),
    );
    await expectHealthy(h.url);
  });

  it('duplicate and malformed headers over a raw socket → 4xx, server stays up', async () => {
    const body = JSON.stringify([validEvent()]);
    const sig = hubspotSigned('POST', PATH, body);
    const s = sig['X-HubSpot-Signature-v3'] as string;
    const t = sig['X-HubSpot-Request-Timestamp'] as string;
    const len = Buffer.byteLength(body);
    const base = (extra: string, b: string = body, l: number = len) =>
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}Content-Length: ${l}\r\n\r\n${b}`;
    const cases: [string, string | Buffer][] = [
      [
        'two signatures (valid + junk)',
        base(
          `Content-Type: application/json\r\nX-HubSpot-Signature-v3: ${s}\r\nX-HubSpot-Signature-v3: junk\r\nX-HubSpot-Request-Timestamp: ${t}\r\n`,
        ),
      ],
      [
        'two timestamps',
        base(
          `Content-Type: application/json\r\nX-HubSpot-Signature-v3: ${s}\r\nX-HubSpot-Request-Timestamp: ${t}\r\nX-HubSpot-Request-Timestamp: ${t}\r\n`,
        ),
      ],
      [
        'two content types',
        base(
          `Content-Type: text/plain\r\nContent-Type: application/json\r\nX-HubSpot-Signature-v3: ${s}\r\nX-HubSpot-Request-Timestamp: ${t}\r\n`,
        ),
      ],
      [
        'two content lengths',
        `POST ${PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${len}\r\nContent-Length: 3\r\n\r\n${body}`,
      ],
      [
        'content-length + chunked',
        `POST ${PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ],
      [
        'broken chunk size',
        `POST ${PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
      ],
      [
        'NUL in a header value',
        Buffer.from(
          base(
            `Content-Type: application/json\r\nX-HubSpot-Signature-v3: a\u0000b\r\nX-HubSpot-Request-Timestamp: ${t}\r\n`,
          ),
          'latin1',
        ),
      ],
      [
        'non-ASCII header bytes',
        Buffer.from(
          base(
            `Content-Type: application/json\u00ff\r\nX-HubSpot-Signature-v3: ${s}\u00e9\r\nX-HubSpot-Request-Timestamp: ${t}\r\n`,
          ),
          'latin1',
        ),
      ],
      ['header without colon', base(`Content-Type application/json\r\n`)],
      ['huge header (> 16 KB)', base(`X-Pad: ${'a'.repeat(20_000)}\r\n`)],
      ['bad request line', `POST  ${PATH}  HTTP/9.9\r\n\r\n`],
      ['negative content length', base('Content-Type: application/json\r\n', body, -1)],
      [
        'HTTP/1.0 without host',
        `POST ${PATH} HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${len}\r\n\r\n${body}`,
      ],
    ];
    for (const [name, req] of cases) {
      const res = await rawRequest(h.port, req);
      expectClean({ status: res.status, body: res.body }, name, secrets);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
    }
    await expectHealthy(h.url);
  });

  it('ODD_STRINGS as portal ids → 400, nothing queued for them', async () => {
    for (const portalId of ODD_STRINGS) {
      const res = await send({
        body: JSON.stringify([validEvent({ portalId })]),
        contentType: 'application/json',
      });
      expectClean(res, `portalId ${JSON.stringify(portalId).slice(0, 40)}`, secrets);
      expect(res.status).toBe(/^\d{1,20}$/.test(portalId) ? 200 : 400);
    }
    await expectHealthy(h.url);
  });
});
