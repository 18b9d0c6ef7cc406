import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { DEFAULT_SUPPORT_EMAIL, type Config } from '../config/env';
import type { Logger } from '../logger';
import type { Language } from '../methodology';
import type { Metrics } from '../observability/metrics';
import { createHubSpotClient } from '../hubspot/client';
import { classifyHubSpotError } from '../hubspot/errors';
import type { InstallationStatus, Installation, SaveInstallationInput } from '../hubspot/installations';
import type { OAuthService } from '../hubspot/oauth';
import { provisionProperties, type HubSpotCall, type ProvisioningReport } from '../hubspot/provisioning';
import type { RecomputeQueue } from '../../webhooks/queue';
import { createWebhookReceiver } from '../../webhooks/receiver';
import { createHealthRouter, type HealthDeps } from './health';
import { HttpError, fromBodyParserError, sendJsonError } from '../http/http-error';
import { createListingRouter } from './listing/router';
import { listingRoutePaths } from './listing/paths';
import { createOAuthRouter } from './oauth-routes';
import { DEFAULT_RATE_LIMITS, rateLimit, type RateLimits, type RedisRateLimiter } from './rate-limit';
import { createSignedRequestMiddleware, type SignedRequestDeps } from './signed-request';

/**
 * The HTTP edge: install pages and OAuth, the webhook intake, the card API (behind the v3
 * signature middleware), health and metrics. JSON 404s; errors never leak stacks.
 */
export interface AppDeps {
  config: Pick<
    Config,
    'hubspotClientSecret' | 'publicBaseUrl' | 'hubspotApiBaseUrl' | 'hubspotAuthorizeUrl'
  > &
    Partial<Pick<Config, 'trustProxy' | 'supportEmail'>>;
  /** Used by /healthz (PING). */
  redis: Pick<Redis, 'ping'>;
  installations: {
    statusCached(portalId: string): Promise<InstallationStatus>;
    save(input: SaveInstallationInput): Promise<Installation>;
  };
  settings: { get(portalId: string): Promise<{ language: Language }> };
  oauth: OAuthService;
  queue: Pick<RecomputeQueue, 'enqueue'>;
  metrics: Metrics;
  logger: Logger;
  /** After a successful install: start grading existing deals (webhooks/backfill.ts startBackfill). */
  onInstalled?: (portalId: string) => Promise<unknown>;
  /**
   * Runs HubSpot calls for provisioning during install. Default: a client with the fresh access
   * token (SDK retries off, errors classified as HubSpotError).
   */
  hubspotCallForInstall?: (portalId: string, accessToken: string) => HubSpotCall;
  /** The card API router (createCardApiRouter), mounted at /api/v1 behind the signature check. */
  cardApi?: Router;
  /** The workflow-action router (createActionRouter, its own v2/v3 check), mounted at /api/v1/actions. */
  actionApi?: Router;
  /**
   * Abuse protection of the public endpoints (main.ts passes a RedisRateLimiter): per client IP
   * on /, /oauth/*, /webhooks/hubspot and /api/v1/*, and per signed portal on /api/v1/*.
   * Absent → no limits (unit tests).
   */
  rateLimiter?: RedisRateLimiter;
  /** Overrides of DEFAULT_RATE_LIMITS. */
  rateLimits?: Partial<RateLimits>;
  /** Once-only signatures for card API mutations (main.ts passes a ReplayGuard). */
  replayGuard?: SignedRequestDeps['replayGuard'];
  /** Client-credential refusals reported by /healthz (OAuthClientHealth). */
  oauthClientHealth?: HealthDeps['oauthClient'];
  now?: () => number;
}

export function directHubSpotCall(basePath: string, portalId: string, accessToken: string): HubSpotCall {
  const client = createHubSpotClient({ basePath, accessToken });
  return async (operation, fn) => {
    try {
      return await fn(client);
    } catch (err) {
      throw classifyHubSpotError(err, { operation, portalId });
    }
  };
}

export function createApp(deps: AppDeps): Express {
  const { config, logger, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Client IPs (rate limits) come from X-Forwarded-For only for the configured number of proxy hops.
  app.set('trust proxy', config.trustProxy ?? false);

  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const limited = (
    bucket: keyof RateLimits,
    style: 'json' | 'html',
    subject?: (req: Request, res: Response) => string | null,
  ) =>
    deps.rateLimiter === undefined
      ? (_req: Request, _res: Response, next: NextFunction) => next()
      : rateLimit({
          limiter: deps.rateLimiter,
          bucket,
          rule: limits[bucket],
          style,
          logger,
          onLimited: (b) => metrics.rateLimited.inc({ bucket: b }),
          ...(subject !== undefined ? { subject } : {}),
        });

  // Request id + one log line per request (path only: queries may hold OAuth codes or emails).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = id;
    res.set('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      const quiet = req.path === '/healthz' || req.path === '/metrics' || req.path.startsWith('/webhooks/');
      if (res.statusCode >= 500) logger.warn(line, 'request');
      else if (quiet) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  });

  app.use(
    createHealthRouter({
      redis: deps.redis,
      metrics,
      ...(deps.oauthClientHealth === undefined ? {} : { oauthClient: deps.oauthClientHealth }),
    }),
  );

  // No rate limit on the webhook intake, on purpose. HubSpot delivers every portal's webhooks from
  // a shared pool of addresses and retries any non-2xx (429 included) up to 10 times over 24 hours
  // (https://developers.hubspot.com/docs/api/webhooks): a per-IP limit would throttle all portals
  // behind one address and can lose events once the retries run out. A per-portal limit after the
  // signature check does not fit either: one signed batch mixes portals, so refusing it refuses
  // them all. What bounds abuse instead: the body cap (1 MB, 413), the v3 HMAC checked before any
  // parsing (401, constant-time, microseconds) and no HubSpot call in this path (SECURITY.md §2).
  app.get(['/', ...listingRoutePaths()], limited('pages', 'html'));
  app.use('/oauth', limited('oauth', 'html'));
  app.use('/api/v1', limited('cardApiIp', 'json'));

  app.use(
    createWebhookReceiver({
      clientSecret: config.hubspotClientSecret,
      publicBaseUrl: config.publicBaseUrl,
      installations: deps.installations,
      queue: deps.queue,
      metrics,
      logger,
      ...(deps.now !== undefined ? { now: deps.now } : {}),
    }),
  );

  app.use(createListingRouter({ supportEmail: config.supportEmail ?? DEFAULT_SUPPORT_EMAIL }));

  const callForInstall =
    deps.hubspotCallForInstall ??
    ((portalId: string, accessToken: string) =>
      directHubSpotCall(config.hubspotApiBaseUrl, portalId, accessToken));
  app.use(
    createOAuthRouter({
      oauth: deps.oauth,
      installations: deps.installations,
      settings: deps.settings,
      provision: (portalId, accessToken, language): Promise<ProvisioningReport> =>
        provisionProperties(callForInstall(portalId, accessToken), language, {
          logger: logger.child({ portalId }),
        }),
      ...(deps.onInstalled !== undefined ? { onInstalled: deps.onInstalled } : {}),
      hubspotAppOrigin: hubspotAppOrigin(config.hubspotAuthorizeUrl),
      logger,
    }),
  );

  // Workflow actions carry HubSpot's v2 signature (v3 only where sent): their own check, ahead
  // of the card API's v3-only middleware.
  if (deps.actionApi !== undefined) app.use('/api/v1/actions', deps.actionApi);

  app.use(
    '/api/v1',
    createSignedRequestMiddleware({
      clientSecret: config.hubspotClientSecret,
      publicBaseUrl: config.publicBaseUrl,
      installations: deps.installations,
      logger,
      ...(deps.now !== undefined ? { now: deps.now } : {}),
      ...(deps.replayGuard !== undefined ? { replayGuard: deps.replayGuard } : {}),
    }),
    // Per portal, AFTER the signature check: an unsigned request can never spend a portal's budget.
    limited('cardApiPortal', 'json', (_req, res) => {
      const portalId: unknown = res.locals['portalId'];
      return typeof portalId === 'string' ? portalId : null;
    }),
  );
  if (deps.cardApi !== undefined) app.use('/api/v1', deps.cardApi);

  app.use((req: Request, res: Response) => {
    sendJsonError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path}. The install page is at /.`);
  });

  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = err instanceof HttpError ? err : fromBodyParserError(err, 'the size limit');
    if (known !== null) {
      sendJsonError(res, known.status, known.code, known.message, known.issues, known.headers);
      return;
    }
    const exposed = exposedClientError(err);
    if (exposed !== null) {
      // The card API's error codes (ApiErrorCode) know VALIDATION_FAILED, not BAD_REQUEST.
      const cardApi = req.originalUrl.startsWith('/api/v1/') && exposed.code === 'BAD_REQUEST';
      sendJsonError(res, exposed.status, cardApi ? 'VALIDATION_FAILED' : exposed.code, exposed.message);
      return;
    }
    const requestId = String(res.locals['requestId'] ?? '');
    logger.error({ err, reqId: requestId, method: req.method, path: req.path }, 'unhandled error');
    sendJsonError(
      res,
      500,
      'INTERNAL',
      `Something went wrong on our side; it was logged with request id ${requestId}. Try again, and contact support with that id if it persists.`,
    );
  });

  return app;
}

const CLIENT_ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Errors that libraries mark as the client's fault (a 4xx `status`) keep that status: e.g. the
 * router's URIError (status 400, no `expose`) for a path parameter with broken percent-encoding
 * such as `/api/v1/deals/%E0%A4%A/card`, which used to fall through to a 500.
 * The code is ours (a library's or the system's error code never reaches the client); the
 * message is kept only for http-errors marked `expose` and never for system errors.
 */
function exposedClientError(err: unknown): { status: number; code: string; message: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    message?: unknown;
    errno?: unknown;
    syscall?: unknown;
  };
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (status === null || !Number.isInteger(status) || status < 400 || status > 499) return null;
  const code = CLIENT_ERROR_CODES[status] ?? 'BAD_REQUEST';
  if (err instanceof URIError) {
    return { status, code, message: 'The URL contains malformed percent-encoding.' };
  }
  const systemError = e.errno !== undefined || e.syscall !== undefined;
  const message =
    e.expose === true &&
    !systemError &&
    typeof e.message === 'string' &&
    e.message.length <= 200 &&
    !e.message.includes('\n')
      ? e.message
      : 'The request could not be processed.';
  return { status, code, message };
}

function hubspotAppOrigin(authorizeUrl: string): string {
  try {
    return new URL(authorizeUrl).origin;
  } catch {
    return 'https://app.hubspot.com';
  }
}
