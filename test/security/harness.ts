import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { compose } from '../../src/composition-root';
import type { Config } from '../../src/config/env';
import type { InstallationStore } from '../../src/hubspot/installations';
import type { OAuthService } from '../../src/hubspot/oauth';
import type { PortalClients } from '../../src/hubspot/portal-client';
import type { Logger } from '../../src/logger';
import type { Metrics } from '../../src/observability/metrics';
import type { RateLimits } from '../../src/server/rate-limit';
import type { SettingsStore } from '../../src/settings/settings-store';
import type { RecomputeQueueHandle } from '../../webhooks/queue';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import {
  CLIENT_SECRET,
  HUBSPOT_API,
  PUBLIC_BASE_URL,
  memoryLogger,
  testConfig,
} from '../support/service-fixtures';

export { CLIENT_SECRET, HUBSPOT_API, PUBLIC_BASE_URL };

/**
 * The whole HTTP edge as production wires it (the composition root): real Redis under a unique prefix,
 * the real RecomputeQueue (no worker: jobs just wait), InstallationStore with encrypted tokens,
 * SettingsStore, PortalClients with the shared limiter, the card API behind the signature
 * middleware, the Redis rate limiter and the replay guard. HubSpot is nock (see fake-hubspot.ts).
 */
export interface SecurityHarness {
  url: string;
  port: number;
  config: Config;
  redis: Redis;
  prefix: string;
  queue: RecomputeQueueHandle;
  metrics: Metrics;
  installations: InstallationStore;
  settings: SettingsStore;
  oauth: OAuthService;
  portalClients: PortalClients;
  logger: Logger;
  logs(): string;
  close(): Promise<void>;
}

export interface SecurityOptions {
  redis: Redis;
  prefix?: string;
  config?: Config;
  /** Rate limits (default: production defaults). `false` disables the limiter. */
  rateLimits?: Partial<RateLimits> | false;
  replayGuard?: boolean;
  logger?: { logger: Logger; lines: () => string };
  now?: () => number;
  /** Coalescing window of the webhook → flush delay (default 60 s: jobs wait, no worker needed). */
  coalesceMs?: number;
}

/** Limits so high that fuzzing never meets them. */
export const NO_LIMITS: RateLimits = {
  pages: { limit: 1e9, windowMs: 60_000 },
  oauth: { limit: 1e9, windowMs: 60_000 },
  cardApiIp: { limit: 1e9, windowMs: 60_000 },
  cardApiPortal: { limit: 1e9, windowMs: 60_000 },
};

export async function startSecurityApp(options: SecurityOptions): Promise<SecurityHarness> {
  // The queue's own connection goes to the test Redis, like the store connection passed in.
  const config: Config = { ...(options.config ?? testConfig()), redisUrl: testRedisUrl() };
  const prefix = options.prefix ?? uniquePrefix('sec');
  const { redis } = options;
  await redis.ping(); // connected: the rate limiter fails open while the connection is not ready
  const { logger, lines } = options.logger ?? memoryLogger();
  const root = compose(config, logger, {
    prefix,
    redis,
    coalesceMs: options.coalesceMs ?? 60_000,
    statusCacheMs: { installed: 0, other: 0 },
  });
  const { metrics, installations, settings, oauth, portalClients } = root;
  const queue = root.queueHandle();
  const app = root.webApp(
    {
      cardApi: root.cardApi({ lock: { waitMs: 500 } }),
      ...(options.rateLimits === false ? {} : { rateLimits: options.rateLimits ?? {} }),
      ...(options.now !== undefined ? { now: options.now } : {}),
    },
    { rateLimiter: options.rateLimits !== false, replayGuard: options.replayGuard !== false },
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    redis,
    prefix,
    queue,
    metrics,
    installations,
    settings,
    oauth,
    portalClients,
    logger,
    logs: lines,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      await root.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/**
 * Sends bytes exactly as given over a TCP socket (duplicate headers, broken framing, invalid
 * bytes — things fetch refuses to send) and reads the first response. `Connection: close` is the
 * caller's job; the socket is ended after the response or a timeout.
 */
export function rawRequest(port: number, request: Buffer | string, timeoutMs = 5_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = (): void => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end >= 0 ? text.slice(0, end) : text;
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const body = end >= 0 ? Buffer.from(text.slice(end + 4), 'latin1').toString('utf8') : '';
      resolve({ status, headers: head, body });
      socket.destroy();
    };
    const timer = setTimeout(() => {
      if (chunks.length > 0) finish();
      else {
        socket.destroy();
        reject(new Error('raw request: no response'));
      }
    }, timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1];
      if (length !== undefined && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length))
        finish();
    });
    socket.on('end', finish);
    socket.on('error', (err) => {
      if (chunks.length > 0) finish();
      else {
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.write(request);
  });
}

/** What no error body may ever contain: stack frames, source paths, error class names, secrets. */
const LEAKS = [
  /\n\s+at /,
  /\bat [\w.<>]+ \(/,
  /\.ts:\d+/,
  /node_modules/,
  /\/work\//,
  /\b(TypeError|SyntaxError|RangeError|ReferenceError|URIError)\b/,
  /ECONNREFUSED|ERR_[A-Z_]+/,
];

/** Status is a clear answer (never 5xx), and the body leaks nothing. */
export function expectClean(
  res: { status: number; body: string },
  what: string,
  secrets: readonly string[] = [],
): void {
  expect(res.status, `${what} → ${res.status} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${what} → ${res.status} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  for (const re of LEAKS) expect(res.body, `${what}: body leaks ${re}`).not.toMatch(re);
  for (const s of secrets) expect(res.body.includes(s), `${what}: body contains a secret`).toBe(false);
}

export async function expectHealthy(url: string): Promise<void> {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', redis: 'up' });
}
