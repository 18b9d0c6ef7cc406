import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyV3Signature } from '../../src/hubspot/signature';
import type { WebhookEvent } from '../../sandbox/webhooks';

/** Test fixtures for the sandbox tests: a controllable clock and a webhook receiver. */

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 2, 1, 8, 0, 0)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  events: WebhookEvent[];
  /** v3 signature verified with src/hubspot/signature.ts against the configured target URL. */
  signatureOk: boolean;
  signatureFailure: string | null;
  status: number;
}

export interface Receiver {
  /** Target URL to configure in the sandbox (`http://127.0.0.1:<port>/webhooks/hubspot`). */
  url: string;
  requests: ReceivedRequest[];
  /** Every event acknowledged with 2xx, in arrival order. */
  acceptedEvents(): WebhookEvent[];
  /** Decides the status of each request (default 200). */
  respond(fn: (req: ReceivedRequest, index: number) => number): void;
  /** The next `n` requests are answered after `ms` (a slow receiver). */
  delayNext(n: number, ms: number): void;
  stop(): Promise<void>;
}

/** A webhook endpoint that verifies HubSpot v3 signatures like Stepwise's receiver does. */
export async function startReceiver(clientSecret: string, now: () => number = Date.now): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let responder: (req: ReceivedRequest, index: number) => number = () => 200;
  let base = '';
  const delays: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string): string | undefined => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const check = verifyV3Signature({
        clientSecret,
        method: req.method ?? 'POST',
        uri: `${base}${req.url ?? ''}`,
        body,
        signature: header(SIGNATURE_HEADER),
        timestamp: header(TIMESTAMP_HEADER),
        now: now(),
      });
      let events: WebhookEvent[] = [];
      try {
        events = JSON.parse(body) as WebhookEvent[];
      } catch {
        events = [];
      }
      const rec: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        events,
        signatureOk: check.ok,
        signatureFailure: check.ok ? null : check.reason,
        status: 200,
      };
      rec.status = responder(rec, requests.length);
      requests.push(rec);
      const answer = (): void => {
        if (res.destroyed) return;
        res.writeHead(rec.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ received: events.length }));
      };
      const delay = delays.shift();
      if (delay === undefined) answer();
      else setTimeout(answer, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/webhooks/hubspot`,
    requests,
    acceptedEvents: () => requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.events),
    respond: (fn) => {
      responder = fn;
    },
    delayNext: (n, ms) => {
      for (let i = 0; i < n; i++) delays.push(ms);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs a promise and returns what it threw (fails when it resolves). */
export async function caught(
  p: Promise<unknown>,
): Promise<Record<string, unknown> & { code?: unknown; body?: unknown; headers?: Record<string, string> }> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown> & {
      code?: unknown;
      body?: unknown;
      headers?: Record<string, string>;
    };
  }
  throw new Error('expected the call to fail');
}
