import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import express from 'express';
import type { Redis } from 'ioredis';
import { ConfigError, loadConfig, type Config } from './config/env';
import { createTokenCipher } from './crypto/token-cipher';
import { InstallationStore } from './hubspot/installations';
import { createOAuthService } from './hubspot/oauth';
import { PipelinesCache } from './hubspot/pipelines-cache';
import { PortalClients } from './hubspot/portal-client';
import { createRateLimiter } from './hubspot/rate-limiter';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './observability/metrics';
import { createApp } from './server/app';
import { UsageError, parseRole, type Role } from './server/cli';
import { createHealthRouter } from './server/health';
import { RedisRateLimiter } from './server/rate-limit';
import { createRedisConnection } from './server/redis-connections';
import { ReplayGuard } from './server/replay-guard';
import { SettingsStore } from './settings/settings-store';
import { createBackfillControl } from '../webhooks/backfill';
import { createRecomputeQueue, type RecomputeQueueHandle } from '../webhooks/queue';
import { startWorker, type RecomputeWorker } from '../webhooks/worker';
import { createCardApiRouter } from './server/card-api/router'; // mounted at /api/v1

/**
 * `npm start` — the Stepwise service.
 *   --role all     HTTP edge + worker in one process (default)
 *   --role web     HTTP edge only (install, webhooks, card API, health, metrics)
 *   --role worker  worker only (queue processing, backfill, reconcile), with /healthz and /metrics on PORT
 * SIGTERM/SIGINT: stop accepting requests, finish in-flight requests and the current jobs, close
 * queues and Redis, exit 0. An invalid configuration prints what is wrong and exits 1.
 */

export const DEFAULT_KEY_PREFIX = 'sw';
const SHUTDOWN_GRACE_MS = 25_000;
/** Slots of each portal's rate window that background work (the worker) leaves to the card API. */
const INTERACTIVE_RESERVE = 15;

export interface Service {
  /** Resolves when the HTTP server listens (if any) and the worker runs (if any). */
  readonly port: number | null;
  /** The recompute queue (producer side), e.g. to wait until work has drained. */
  readonly queue: RecomputeQueueHandle;
  stop(): Promise<void>;
}

/** Knobs for embedding the service (demo, end-to-end tests, benchmark); production uses the defaults. */
export interface ServiceOptions {
  /** Redis key prefix (default 'sw'); lets several services share one Redis in tests. */
  prefix?: string;
  /** Coalescing window of the recompute queue (default 1500 ms). */
  coalesceMs?: number;
  /** Worker concurrency / reconcile knobs passed to startWorker. */
  worker?: Parameters<typeof startWorker>[0]['options'];
}

export async function startService(
  config: Config,
  role: Role,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<Service> {
  const KEY_PREFIX = options.prefix ?? config.redisKeyPrefix ?? DEFAULT_KEY_PREFIX;
  const metrics = createMetrics({ defaultMetrics: true });
  const storeRedis = createRedisConnection(config.redisUrl, 'store', logger);
  // The producer side fails fast too (webhook intake → 503 while Redis is down); the worker opens its own.
  const queueRedis = createRedisConnection(config.redisUrl, 'store', logger);
  const queue = createRecomputeQueue({
    connection: queueRedis,
    prefix: KEY_PREFIX,
    logger,
    ...(options.coalesceMs === undefined ? {} : { coalesceMs: options.coalesceMs }),
  });
  const backfill = createBackfillControl(queue);
  // 15 of HubSpot's 100 calls / 10 s per portal stay free for the card API (reps waiting).
  const limiter = createRateLimiter({
    redis: storeRedis,
    prefix: KEY_PREFIX,
    interactiveReserve: INTERACTIVE_RESERVE,
  });
  const oauth = createOAuthService({
    clientId: config.hubspotClientId,
    clientSecret: config.hubspotClientSecret,
    publicBaseUrl: config.publicBaseUrl,
    apiBaseUrl: config.hubspotApiBaseUrl,
    authorizeUrl: config.hubspotAuthorizeUrl,
    redis: storeRedis,
    prefix: KEY_PREFIX,
  });
  // PortalClients needs the store (TokenProvider) and the store's uninstall hook needs PortalClients.
  const late: { clients?: PortalClients } = {};
  const installations = new InstallationStore({
    redis: storeRedis,
    cipher: createTokenCipher({
      currentKey: config.tokenEncryptionKey,
      previousKeys: config.previousTokenEncryptionKeys,
    }),
    oauth,
    prefix: KEY_PREFIX,
    logger,
    onUninstalled: async (portalId) => {
      late.clients?.forget(portalId);
      await queue.dropPortal(portalId);
      await limiter.clear(portalId);
    },
  });
  const settings = new SettingsStore({ redis: storeRedis, prefix: KEY_PREFIX, logger });
  const clients = new PortalClients({
    tokenProvider: installations,
    limiter,
    // CRM search has its own, tighter HubSpot limit (≈5 requests / s per portal); without this the
    // reconcile sweep's back-to-back pages met 429s (found by `npm run load`).
    searchLimiter: createRateLimiter({
      redis: storeRedis,
      prefix: `${KEY_PREFIX}:search`,
      max: 4,
      windowMs: 1_000,
    }),
    basePath: config.hubspotApiBaseUrl,
    metrics,
    logger,
    onUnauthorized: (portalId) => installations.handleUnauthorized(portalId),
  });
  late.clients = clients;

  let worker: RecomputeWorker | undefined;
  if (role === 'all' || role === 'worker') {
    worker = await startWorker({
      redisUrl: config.redisUrl,
      prefix: KEY_PREFIX,
      portalClients: clients,
      settings,
      listPortals: () => installations.listInstalled(),
      metrics,
      logger,
      ...(options.worker === undefined ? {} : { options: options.worker }),
    });
  }

  let server: Server | undefined;
  if (role === 'all' || role === 'web') {
    const cardApi = createCardApiRouter({
      portals: clients,
      pipelines: new PipelinesCache({ redis: storeRedis, prefix: KEY_PREFIX }),
      settings,
      installations,
      regrade: backfill,
      redis: storeRedis,
      prefix: KEY_PREFIX,
      logger,
    });
    const app = createApp({
      config,
      redis: storeRedis,
      installations,
      settings,
      oauth,
      queue,
      metrics,
      logger,
      onInstalled: (portalId) => backfill.startBackfill(portalId),
      hubspotCallForInstall: (portalId) => (operation, fn) => clients.forPortal(portalId).call(operation, fn),
      cardApi,
      rateLimiter: new RedisRateLimiter({ redis: storeRedis, prefix: KEY_PREFIX, logger }),
      replayGuard: new ReplayGuard({ redis: storeRedis, prefix: KEY_PREFIX }),
    });
    server = await listen(app, config.port);
  } else {
    const app = express();
    app.disable('x-powered-by');
    app.use(createHealthRouter({ redis: storeRedis, metrics }));
    server = await listen(app, config.port);
  }
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : null;
  logger.info({ role, port, publicBaseUrl: config.publicBaseUrl }, 'stepwise started');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ role }, 'shutting down: no new requests, finishing current work');
      const srv = server;
      const httpClosed =
        srv === undefined
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              srv.close(() => resolve());
              srv.closeIdleConnections();
            });
      const force = setTimeout(() => server?.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      await httpClosed;
      clearTimeout(force);
      await worker?.close();
      await queue.close();
      await quietly(storeRedis);
      await quietly(queueRedis);
      logger.info('stopped');
    })();
    return stopping;
  };

  return { port, queue, stop };
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (err?: Error) => {
      if (err !== undefined) reject(err);
      else resolve(server);
    });
    // Slightly above typical load-balancer idle timeouts, so the proxy closes first.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  });
}

async function quietly(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  let role: Role;
  let config: Config;
  try {
    role = parseRole(argv);
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  let service: Service;
  try {
    service = await startService(config, role, logger);
  } catch (err) {
    logger.fatal({ err }, 'stepwise could not start');
    process.exit(1);
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting immediately');
      process.exit(1);
    }
    logger.info({ signal }, 'signal received');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  void main(process.argv.slice(2));
}
