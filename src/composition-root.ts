import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from './config/env';
import { createTokenCipher, type TokenCipher } from './crypto/token-cipher';
import { InstallationStore } from './hubspot/installations';
import { createOAuthService, type OAuthService } from './hubspot/oauth';
import { PipelinesCache } from './hubspot/pipelines-cache';
import { PortalClients } from './hubspot/portal-client';
import { ensureReadyMadeLists } from './hubspot/ready-made-lists';
import { createRateLimiter, type RateLimiter } from './hubspot/rate-limiter';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { createRedisConnection } from './redis/connections';
import { createApp, type AppDeps } from './server/app';
import { createCardApiRouter, type CardApiDeps } from './server/card-api/router';
import { createActionRouter, type ActionRouterDeps } from './server/actions/action-router';
import { RedisRateLimiter } from './server/rate-limit';
import { ReplayGuard } from './server/replay-guard';
import { SettingsStore } from './settings/settings-store';
import { WriteBackPause } from './settings/write-back-pause';
import { createBackfillControl, type BackfillControl } from '../webhooks/backfill';
import { createRecomputeQueue, type RecomputeQueue, type RecomputeQueueHandle } from '../webhooks/queue';
import { startWorker, type RecomputeWorker, type WorkerOptions } from '../webhooks/worker';
import { redisKeys } from './redis/keys';
import { OAuthClientHealth } from './hubspot/oauth-client-health';
import { createPortalRemoval, type PortalRemoval } from './server/portal-removal';
import { deletePortalData } from '../webhooks/portal-data';

/**
 * The composition root: every Stepwise service built once from the parsed config. `npm start`,
 * every script (`backfill`, `keys:rotate`, the demo stack) and the test harnesses build their
 * services here, so a setting such as REDIS_KEY_PREFIX means the same thing everywhere.
 */

/** Slots of each portal's rate window that background work (the worker) leaves to the card API. */
export const INTERACTIVE_RESERVE = 15;

export interface CompositionOptions {
  /** Redis key prefix; default config.redisKeyPrefix. */
  prefix?: string;
  /** Store connection supplied by the caller (who then closes it); default: one opened here. */
  redis?: Redis;
  /** A queue supplied by the caller (unit tests record enqueues); default: the BullMQ queue. */
  queue?: RecomputeQueue;
  /** Coalescing window of the recompute queue (default 1500 ms). */
  coalesceMs?: number;
  /** Process-wide default metrics (CPU, memory); off in tests that build several roots. */
  defaultMetrics?: boolean;
  /** Installation status cache lifetimes (tests: 0 so every read sees the latest state). */
  statusCacheMs?: { installed: number; other: number };
  /** Slots per rate window kept for the card API (default INTERACTIVE_RESERVE). */
  interactiveReserve?: number;
  /** The clock of the worker and the card API (evaluation time); tests and the demo advance it. */
  now?: () => Date;
}

export interface WebAppParts {
  rateLimiter?: boolean;
  replayGuard?: boolean;
  cardApi?: boolean;
  /** Provisioning during install through the portal client (rate limited, token store). Default true. */
  portalClientForInstall?: boolean;
}

export interface Composition {
  readonly config: Config;
  readonly logger: Logger;
  readonly prefix: string;
  readonly metrics: Metrics;
  /** Connection of the stores and the HTTP edge (fails fast while Redis is down). */
  readonly redis: Redis;
  readonly queue: RecomputeQueue;
  /** The BullMQ queue behind `queue` (throws when the caller supplied another queue). */
  queueHandle(): RecomputeQueueHandle;
  /** Backfill (re-grade) control; needs the BullMQ queue, so it throws when a queue was supplied. */
  readonly backfill: BackfillControl;
  readonly limiter: RateLimiter;
  readonly cipher: TokenCipher;
  readonly oauth: OAuthService;
  readonly installations: InstallationStore;
  readonly settings: SettingsStore;
  /** Write-back pause (dry run) and its preview, per portal. */
  readonly writeBack: WriteBackPause;
  readonly portalClients: PortalClients;
  readonly pipelines: PipelinesCache;
  /** Refreshes HubSpot refused for our client credentials (/healthz degraded). */
  readonly oauthClientHealth: OAuthClientHealth;
  /**
   * Removes a portal: Uninstall App API, refresh-token revocation, then every Stepwise key of the
   * portal (settings page "Disconnect", `npm run portal:forget`).
   */
  readonly removePortal: PortalRemoval;
  /** The card API router (mounted at /api/v1). */
  cardApi(overrides?: Partial<CardApiDeps>): Router;
  /** The workflow-action router (mounted at /api/v1/actions). */
  actionApi(overrides?: Partial<ActionRouterDeps>): Router;
  /**
   * The HTTP edge: install, OAuth, webhooks, card API, health, metrics, with the per-IP/portal
   * rate limiter and the replay guard. `parts` leaves pieces out for unit tests of the edge
   * alone (no card API, install calls with the fresh token instead of the portal client).
   */
  webApp(overrides?: Partial<AppDeps>, parts?: WebAppParts): ReturnType<typeof createApp>;
  /** Starts a queue worker (flush, backfill, reconcile) on this composition's services. */
  startWorker(options?: WorkerOptions): Promise<RecomputeWorker>;
  /** Closes the queue and the connections opened here (not the ones supplied by the caller). */
  close(): Promise<void>;
}

export function compose(config: Config, logger: Logger, options: CompositionOptions = {}): Composition {
  const prefix = options.prefix ?? config.redisKeyPrefix;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const ownedConnections: Redis[] = [];
  const open = (): Redis => {
    const connection = createRedisConnection(config.redisUrl, 'store', logger);
    ownedConnections.push(connection);
    return connection;
  };
  const redis = options.redis ?? open();
  // The producer side fails fast too (webhook intake → 503 while Redis is down); the worker opens its own.
  const handle: RecomputeQueueHandle | undefined =
    options.queue === undefined
      ? createRecomputeQueue({
          connection: open(),
          prefix,
          logger,
          ...(options.coalesceMs === undefined ? {} : { coalesceMs: options.coalesceMs }),
        })
      : undefined;
  const queue: RecomputeQueue = handle ?? (options.queue as RecomputeQueue);
  const backfill: BackfillControl = handle === undefined ? noBackfill() : createBackfillControl(handle);
  // HUBSPOT_RATE_LIMIT (default 105 of HubSpot's 110 calls / 10 s per portal per app); 15 of
  // them stay free for the card API (reps waiting).
  const limiter = createRateLimiter({
    redis,
    prefix,
    max: config.hubspotRateLimit.max,
    windowMs: config.hubspotRateLimit.windowMs,
    interactiveReserve: options.interactiveReserve ?? INTERACTIVE_RESERVE,
  });
  const cipher = createTokenCipher({
    currentKey: config.tokenEncryptionKey,
    previousKeys: config.previousTokenEncryptionKeys,
  });
  const oauth = createOAuthService({
    clientId: config.hubspotClientId,
    clientSecret: config.hubspotClientSecret,
    publicBaseUrl: config.publicBaseUrl,
    apiBaseUrl: config.hubspotApiBaseUrl,
    authorizeUrl: config.hubspotAuthorizeUrl,
    redis,
    prefix,
  });
  const oauthClientHealth = new OAuthClientHealth(redis, prefix, metrics, logger);
  // PortalClients needs the store (TokenProvider) and the store's uninstall hook needs PortalClients.
  const late: { clients?: PortalClients } = {};
  const installations = new InstallationStore({
    redis,
    cipher,
    oauth,
    prefix,
    logger,
    clientHealth: oauthClientHealth,
    onUninstalled: async (portalId) => {
      late.clients?.forget(portalId);
      await queue.dropPortal(portalId);
      await limiter.clear(portalId);
    },
    ...(options.statusCacheMs === undefined ? {} : { statusCacheMs: options.statusCacheMs }),
  });
  const settings = new SettingsStore({ redis, prefix, logger });
  const writeBack = new WriteBackPause(redis, prefix);
  const portalClients = new PortalClients({
    tokenProvider: installations,
    limiter,
    // CRM search has its own, tighter HubSpot limit (5 requests / s per portal,
    // https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm); without this
    // the reconcile sweep's back-to-back pages met 429s (found by `npm run load`). The limiter
    // spaces admissions over 1 s + 50 ms, the margin for arrival skew.
    searchLimiter: createRateLimiter({
      redis,
      prefix: redisKeys(prefix).searchLimiterPrefix,
      max: config.hubspotRateLimit.searchMax,
      windowMs: config.hubspotRateLimit.searchWindowMs,
    }),
    basePath: config.hubspotApiBaseUrl,
    metrics,
    logger,
    onUnauthorized: (portalId) => installations.handleUnauthorized(portalId),
  });
  late.clients = portalClients;
  const pipelines = new PipelinesCache({ redis, prefix });
  const removePortal = createPortalRemoval({
    installations,
    oauth,
    portals: portalClients,
    deleteData: (portalId) => deletePortalData({ redis, prefix, queue: handle ?? queue }, portalId),
    metrics,
    logger,
  });

  const cardApi = (overrides: Partial<CardApiDeps> = {}): Router =>
    createCardApiRouter({
      portals: portalClients,
      pipelines,
      settings,
      installations,
      regrade: backfill,
      writeBack,
      redis,
      prefix,
      logger,
      disconnect: (portalId) => removePortal(portalId, { how: 'disconnect' }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...overrides,
    });

  /** Ready-made deal lists at install (optional scope); a failure is logged, never fails the install. */
  const installLists = async (portalId: string): Promise<void> => {
    try {
      const [installation, portalSettings] = await Promise.all([
        installations.get(portalId),
        settings.get(portalId),
      ]);
      const client = portalClients.forPortal(portalId);
      const report = await ensureReadyMadeLists(
        (operation, fn) => client.call(operation, fn),
        installation?.scopes ?? [],
        portalSettings.language,
      );
      if (report.skipped === null && Object.keys(report.ids).length > 0)
        await redis.hset(redisKeys(prefix).lists(portalId), report.ids);
      logger.info({ portalId, lists: report }, 'ready-made deal lists');
    } catch (err) {
      logger.warn(
        { portalId, err: err instanceof Error ? err.message : String(err) },
        'ready-made lists not created',
      );
    }
  };

  const actionApi = (overrides: Partial<ActionRouterDeps> = {}): Router =>
    createActionRouter({
      clientSecret: config.hubspotClientSecret,
      publicBaseUrl: config.publicBaseUrl,
      portals: portalClients,
      installations,
      pipelines,
      settings,
      writeBack,
      redis,
      prefix,
      logger,
      ...overrides,
    });

  return {
    config,
    logger,
    prefix,
    metrics,
    redis,
    queue,
    queueHandle: () => handle ?? refuseWithoutBullmq(),
    backfill,
    limiter,
    cipher,
    oauth,
    installations,
    settings,
    writeBack,
    portalClients,
    pipelines,
    oauthClientHealth,
    removePortal,
    cardApi,
    actionApi,
    webApp: (overrides = {}, parts = {}) =>
      createApp({
        config,
        redis,
        installations,
        settings,
        oauth,
        queue,
        metrics,
        logger,
        oauthClientHealth,
        onInstalled: async (portalId) => {
          const status = await backfill.startBackfill(portalId);
          await installLists(portalId);
          return status;
        },
        ...(parts.portalClientForInstall === false
          ? {}
          : {
              hubspotCallForInstall: (portalId: string) => (operation, fn) =>
                portalClients.forPortal(portalId).call(operation, fn),
            }),
        ...(parts.cardApi === false ? {} : { cardApi: cardApi(), actionApi: actionApi() }),
        ...(parts.rateLimiter === false
          ? {}
          : { rateLimiter: new RedisRateLimiter({ redis, prefix, logger }) }),
        ...(parts.replayGuard === false ? {} : { replayGuard: new ReplayGuard({ redis, prefix }) }),
        ...overrides,
      }),
    startWorker: (workerOptions) =>
      startWorker({
        redisUrl: config.redisUrl,
        prefix,
        portalClients,
        settings,
        writeBack,
        listPortals: () => installations.listInstalled(),
        metrics,
        logger,
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(workerOptions === undefined ? {} : { options: workerOptions }),
      }),
    async close() {
      await handle?.close();
      for (const connection of ownedConnections) await quietly(connection);
    },
  };
}

function refuseWithoutBullmq(): never {
  throw new Error('this needs the BullMQ recompute queue (the composition was given another queue)');
}

function noBackfill(): BackfillControl {
  return { startBackfill: refuseWithoutBullmq, getBackfillStatus: refuseWithoutBullmq };
}

async function quietly(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
