import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyV3Signature } from '../../src/hubspot/signature';
import {
  HUBSPOT_FETCH_MAX_BYTES,
  HUBSPOT_FETCH_MAX_CONCURRENT,
  createHubSpotFetch,
} from '../../sandbox/fetch-proxy';

/** The sandbox's hubspot.fetch emulation against a bare backend. */

const SECRET = 'proxy-secret';
const ORIGIN = 'https://backend.example';
let server: http.Server;
let base = '';
let handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void = (_r, _b, res) =>
  res.end('{}');
const seen: { url: string; signatureOk: boolean; signature: string; timestamp: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['x-hubspot-signature-v3'] ?? '');
      const timestamp = String(req.headers['x-hubspot-request-timestamp'] ?? '');
      const check = verifyV3Signature({
        clientSecret: SECRET,
        method: req.method ?? 'GET',
        uri: `${base}${req.url ?? ''}`,
        body,
        signature,
        timestamp,
        now: Date.now(),
      });
      seen.push({ url: req.url ?? '', signatureOk: check.ok, signature, timestamp });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const proxy = (portalId = 1) =>
  createHubSpotFetch({
    clientSecret: SECRET,
    appId: 77,
    portalId,
    userId: 5,
    userEmail: 'rep@acme.test',
    proxy: { [ORIGIN]: base },
  });

describe('hubspot.fetch emulation', () => {
  it('appends portalId, userId, userEmail, appId and signs v3 over the URL it calls', async () => {
    seen.length = 0;
    handler = (_r, body, res) => res.end(JSON.stringify({ echo: JSON.parse(body) }));
    const res = await proxy()(`${ORIGIN}/api/v1/x?locale=en-us`, { method: 'POST', body: { a: 1 } });
    expect(await res.json()).toEqual({ echo: { a: 1 } });
    expect(seen[0]?.url).toBe(
      '/api/v1/x?locale=en-us&portalId=1&userId=5&userEmail=rep%40acme.test&appId=77',
    );
    expect(seen[0]?.signatureOk).toBe(true);
  });

  it('refuses http and localhost URLs, and request bodies over 1 MB', async () => {
    await expect(proxy()('http://backend.example/x')).rejects.toThrow(/HTTPS/);
    await expect(proxy()('https://localhost/x')).rejects.toThrow(/localhost/);
    await expect(
      proxy()(`${ORIGIN}/x`, { method: 'POST', body: { big: 'x'.repeat(HUBSPOT_FETCH_MAX_BYTES) } }),
    ).rejects.toThrow(/1MB/);
  });

  it('fails responses over 1 MB', async () => {
    handler = (_r, _b, res) => res.end(JSON.stringify({ big: 'x'.repeat(HUBSPOT_FETCH_MAX_BYTES) }));
    await expect(proxy()(`${ORIGIN}/x`)).rejects.toThrow(/response payload exceeds 1MB/);
  });

  it('retries once on a 5xx with the same signature and timestamp', async () => {
    seen.length = 0;
    let n = 0;
    handler = (_r, _b, res) => {
      res.statusCode = n++ === 0 ? 503 : 200;
      res.end('{}');
    };
    expect((await proxy()(`${ORIGIN}/x`, { method: 'PUT', body: {} })).status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.signature).toBe(seen[0]?.signature);
    expect(seen[1]?.timestamp).toBe(seen[0]?.timestamp);
    n = -10;
    handler = (_r, _b, res) => {
      res.statusCode = 500;
      res.end('{}');
    };
    seen.length = 0;
    expect((await proxy()(`${ORIGIN}/x`)).status).toBe(500);
    expect(seen).toHaveLength(2); // one retry only
  });

  it('times out after the `timeout` option (default 15 s), the retry included', async () => {
    handler = (_r, _b, res) => setTimeout(() => res.end('{}'), 500);
    await expect(proxy()(`${ORIGIN}/x`, { timeout: 100 })).rejects.toThrow(/timed out after 100 ms/);
  });

  it('allows 20 concurrent requests per account; more are answered 429', async () => {
    const release: (() => void)[] = [];
    handler = (_r, _b, res) => release.push(() => res.end('{}'));
    const p = proxy(9);
    const inFlight = Array.from({ length: HUBSPOT_FETCH_MAX_CONCURRENT }, () => p(`${ORIGIN}/x`));
    await new Promise((r) => setTimeout(r, 100));
    expect((await p(`${ORIGIN}/x`)).status).toBe(429);
    // Another account is not affected.
    handler = (_r, _b, res) => res.end('{}');
    expect((await proxy(10)(`${ORIGIN}/x`)).status).toBe(200);
    for (const r of release) r();
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual(
      Array(HUBSPOT_FETCH_MAX_CONCURRENT).fill(200),
    );
  });
});
