import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { compose } from '../../src/composition-root';
import { loadConfig, type Config } from '../../src/config/env';
import type { InstallationStore } from '../../src/hubspot/installations';
import type { OAuthService } from '../../src/hubspot/oauth';
import { signedHeaders } from '../../src/hubspot/signature';
import { createLogger, type Logger } from '../../src/logger';
import type { Metrics } from '../../src/observability/metrics';
import type { AppDeps } from '../../src/server/app';
import type { SettingsStore } from '../../src/settings/settings-store';
import type { RecomputeQueue, RecomputeRequest } from '../../webhooks/queue';

/** HubSpot API origin in service tests (nock intercepts it; the network is disabled). */
export const HUBSPOT_API = 'https://api.hubapi.test';
export const PUBLIC_BASE_URL = 'https://stepwise.example.test';
export const CLIENT_SECRET = 'test-client-secret-0123456789';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    HUBSPOT_CLIENT_ID: 'client-id-123',
    HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
    PUBLIC_BASE_URL,
    REDIS_URL: 'redis://127.0.0.1:6379',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUBSPOT_API_BASE_URL: HUBSPOT_API,
    HUBSPOT_AUTHORIZE_URL: 'https://app.hubspot.test/oauth/authorize',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...overrides,
  });
}

/** In-memory RecomputeQueue: records every enqueue; can be told to fail. */
export class FakeQueue implements RecomputeQueue {
  readonly batches: RecomputeRequest[][] = [];
  readonly dropped: string[] = [];
  failWith: Error | null = null;
  async enqueue(requests: readonly RecomputeRequest[]): Promise<void> {
    if (this.failWith !== null) throw this.failWith;
    this.batches.push([...requests]);
  }
  async dropPortal(portalId: string): Promise<void> {
    this.dropped.push(portalId);
  }
  async close(): Promise<void> {}
  get requests(): RecomputeRequest[] {
    return this.batches.flat();
  }
}

/** A logger whose output is kept in memory (to assert that no secret is ever logged). */
export function memoryLogger(level = 'trace'): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ level, destination }), lines: () => chunks.join('') };
}

export interface EdgeHarness {
  url: string;
  config: Config;
  redis: Redis;
  prefix: string;
  queue: FakeQueue;
  metrics: Metrics;
  installations: InstallationStore;
  settings: SettingsStore;
  oauth: OAuthService;
  logs: () => string;
  installed: string[];
  close(): Promise<void>;
}

export interface EdgeOptions {
  redis: Redis;
  prefix: string;
  /** Redis used by the stores (default: `redis`); point it at a dead server to test 503s. */
  storeRedis?: Redis;
  config?: Config;
  extra?: Partial<AppDeps>;
  onInstalled?: (portalId: string) => Promise<unknown>;
}

export async function startEdge(options: EdgeOptions): Promise<EdgeHarness> {
  const config = options.config ?? testConfig();
  const storeRedis = options.storeRedis ?? options.redis;
  const { logger, lines } = memoryLogger();
  const queue = new FakeQueue();
  const root = compose(config, logger, {
    prefix: options.prefix,
    redis: storeRedis,
    queue,
    statusCacheMs: { installed: 0, other: 0 },
  });
  const { metrics, installations, settings, oauth } = root;
  const installed: string[] = [];
  const app = root.webApp(
    {
      onInstalled:
        options.onInstalled ??
        (async (portalId) => {
          installed.push(portalId);
        }),
      ...options.extra,
    },
    { rateLimiter: false, replayGuard: false, cardApi: false, portalClientForInstall: false },
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    redis: options.redis,
    prefix: options.prefix,
    queue,
    metrics,
    installations,
    settings,
    oauth,
    logs: lines,
    installed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Signs a request the way HubSpot does: URI = PUBLIC_BASE_URL + path?query. */
export function hubspotSigned(
  method: string,
  pathAndQuery: string,
  body: string,
  now: number = Date.now(),
  secret: string = CLIENT_SECRET,
): Record<string, string> {
  return signedHeaders({ clientSecret: secret, method, uri: `${PUBLIC_BASE_URL}${pathAndQuery}`, body, now });
}

export function installTokens(n = 1): {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
} {
  return {
    accessToken: `at-${n}-${randomBytes(12).toString('hex')}`,
    refreshToken: `rt-${n}-${randomBytes(12).toString('hex')}`,
    expiresInSeconds: 1800,
  };
}

/** Every key and value under a prefix, as text (strings, hashes, sets, sorted sets, lists). */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      out.push(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    }
  } while (cursor !== '0');
  return out.join('\n');
}
