import { DEFAULT_RATE_LIMIT } from '../config/env';
import { HUBSPOT_LIMITS } from '../config/hubspot-limits';
import type { Logger } from '../logger';
import type { Metrics } from '../observability/metrics';
import { createHubSpotClient, type HubSpotClient } from './client';
import {
  HubSpotError,
  InstallationError,
  asksToWait,
  classifyHubSpotError,
  isHttpLikeError,
  isNetworkLikeError,
} from './errors';
import type { Redis } from 'ioredis';
import { createRateLimiter, type AcquireOptions, type RateLimiter } from './rate-limiter';
import type { TokenProvider } from './token-provider';
import { redisKeys } from '../redis/keys';

/**
 * HubSpot access for ONE portal. Every `call` is exactly one HTTP request and goes:
 * token (TokenProvider) → limiter slot (Redis, shared across processes) → SDK call (retries 0)
 * → metrics → errors classified as HubSpotError (429 also blocks the portal's limiter for
 * Retry-After). No retries here: the BullMQ worker is the one retry layer.
 */
export interface PortalClient {
  readonly portalId: string;
  call<T>(operation: string, fn: (client: HubSpotClient) => Promise<T>, options?: CallOptions): Promise<T>;
}

export interface CallOptions {
  /** Limiter wait budget for this call (e.g. the card API waits less than the worker). */
  maxWaitMs?: number;
  /** 'search' calls also take a slot of the search limiter (HubSpot: 5 search requests / s per portal). */
  kind?: 'search';
  /** 'interactive' (a person waits: the card API) may use the limiter's reserve. Default 'background'. */
  priority?: 'interactive' | 'background';
}

export interface PortalClientsOptions {
  tokenProvider: TokenProvider;
  limiter: RateLimiter;
  /** Extra limiter for CRM search calls (e.g. 5 / 1 000 ms per portal); optional. */
  searchLimiter?: RateLimiter;
  /** HUBSPOT_API_BASE_URL from Config. */
  basePath: string;
  metrics?: Metrics;
  logger?: Logger;
  /** Called (once per 401 response) so the installation layer can verify/mark the portal uninstalled. */
  onUnauthorized?: (portalId: string) => void | Promise<void>;
  /** Abandons a call that has not answered after this many ms (NETWORK, retried). Default 30 000. */
  callTimeoutMs?: number;
}

/**
 * Maps TokenProvider failures (typed InstallationError): NOT_INSTALLED → UNAUTHORIZED (category NOT_INSTALLED: the worker
 * drops the portal's pending work); other installation errors with `retryable: true` (e.g.
 * TOKEN_REFRESH_TIMEOUT) → SERVER_ERROR (retried); with `retryable: false` (e.g.
 * TOKEN_UNREADABLE) → UNAUTHORIZED (dead-lettered); HTTP/network errors are classified;
 * anything else (Redis down) is rethrown unchanged.
 */
function tokenError(err: unknown, portalId: string): unknown {
  if (err instanceof HubSpotError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof InstallationError && err.code === 'NOT_INSTALLED') {
    return new HubSpotError({
      code: 'UNAUTHORIZED',
      status: null,
      category: 'NOT_INSTALLED',
      portalId,
      operation: 'access-token',
      message: `Portal ${portalId} has no usable installation (${message}); reinstall the app to resume grading.`,
      cause: err,
    });
  }
  if (err instanceof InstallationError) {
    return new HubSpotError({
      code: err.retryable ? 'SERVER_ERROR' : 'UNAUTHORIZED',
      status: null,
      // A refused client secret needs an operator: retry no sooner than a minute.
      retryAfterMs: err.code === 'CLIENT_REJECTED' ? 60_000 : null,
      category: err.code,
      portalId,
      operation: 'access-token',
      message: `No access token for portal ${portalId}: ${message}`,
      cause: err,
    });
  }
  if (isHttpLikeError(err) || isNetworkLikeError(err)) {
    return classifyHubSpotError(err, { operation: 'access-token', portalId });
  }
  return err; // e.g. Redis unavailable: let the caller's retry layer handle it as is
}

export class PortalClients {
  private readonly clients = new Map<string, { token: string; client: HubSpotClient }>();
  private readonly callTimeoutMs: number;

  constructor(private readonly options: PortalClientsOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
  }

  forPortal(portalId: string): PortalClient {
    if (portalId === '' || /[:\s]/.test(portalId)) {
      throw new HubSpotError({
        code: 'CLIENT_ERROR',
        message: `Invalid portal id ${JSON.stringify(portalId)}.`,
      });
    }
    return {
      portalId,
      call: (operation, fn, callOptions) => this.call(portalId, operation, fn, callOptions),
    };
  }

  /** Forgets cached clients of a portal (after uninstall). */
  forget(portalId: string): void {
    this.clients.delete(portalId);
  }

  private clientFor(portalId: string, token: string): HubSpotClient {
    const cached = this.clients.get(portalId);
    if (cached !== undefined && cached.token === token) return cached.client;
    const client = createHubSpotClient({ basePath: this.options.basePath, accessToken: token });
    this.clients.set(portalId, { token, client });
    return client;
  }

  private async call<T>(
    portalId: string,
    operation: string,
    fn: (client: HubSpotClient) => Promise<T>,
    callOptions: CallOptions = {},
  ): Promise<T> {
    const { limiter, tokenProvider, metrics, logger } = this.options;
    let token: string;
    try {
      token = await tokenProvider.getAccessToken(portalId);
    } catch (err) {
      throw tokenError(err, portalId);
    }
    const acquire: AcquireOptions = {
      ...(callOptions.maxWaitMs !== undefined ? { maxWaitMs: callOptions.maxWaitMs } : {}),
      ...(callOptions.priority !== undefined ? { priority: callOptions.priority } : {}),
    };
    if (callOptions.kind === 'search' && this.options.searchLimiter !== undefined) {
      await this.options.searchLimiter.acquire(portalId, acquire);
    }
    await limiter.acquire(portalId, acquire);
    const client = this.clientFor(portalId, token);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const e = new Error(`no answer within ${this.callTimeoutMs} ms`);
          e.name = 'TimeoutError';
          reject(e);
        }, this.callTimeoutMs);
        timer.unref();
      });
      const result = await Promise.race([fn(client), timeout]);
      metrics?.hubspotCalls.inc({ operation, status: '2xx' });
      logger?.debug({ portalId, operation, ms: Date.now() - started }, 'hubspot call');
      return result;
    } catch (raw) {
      const err = classifyHubSpotError(raw, { operation, portalId });
      metrics?.hubspotCalls.inc({ operation, status: err.status === null ? 'network' : String(err.status) });
      logger?.warn(
        { portalId, operation, ms: Date.now() - started, err: err.toJSON() },
        'hubspot call failed',
      );
      if (err.code === 'RATE_LIMITED') metrics?.hubspotRateLimited.inc();
      // 429, 423 (locks last 2 s) and 477 (account migrating) hold every call of the portal, in
      // every process, for as long as HubSpot asked.
      if (asksToWait(err)) {
        await limiter.block(portalId, err.retryAfterMs ?? limiter.windowMs);
      }
      if (err.code === 'UNAUTHORIZED') {
        this.forget(portalId);
        try {
          await this.options.onUnauthorized?.(portalId);
        } catch (hookErr) {
          logger?.error({ portalId, err: String(hookErr) }, 'onUnauthorized hook failed');
        }
      }
      throw err;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

export interface CreatePortalClientsOptions extends Omit<PortalClientsOptions, 'limiter' | 'searchLimiter'> {
  /** Redis shared by every process (the limiter lives there). */
  redis: Redis;
  prefix?: string;
  /** Per-portal limits; defaults: 105 calls / 10 000 ms, search 5 / 1 000 ms, in-process wait ≤ 15 000 ms. */
  limits?: {
    max?: number;
    windowMs?: number;
    maxWaitMs?: number;
    searchMax?: number;
    searchWindowMs?: number;
  };
}

/** PortalClients with its own Redis-shared limiters, for a client without the whole composition root (unit tests). */
export function createPortalClients(options: CreatePortalClientsOptions): PortalClients {
  const { redis, prefix = 'sw', limits = {}, ...rest } = options;
  const limiter = createRateLimiter({
    redis,
    prefix,
    max: limits.max ?? DEFAULT_RATE_LIMIT,
    windowMs: limits.windowMs ?? HUBSPOT_LIMITS.windowMs,
    maxWaitMs: limits.maxWaitMs ?? 15_000,
  });
  const searchLimiter = createRateLimiter({
    redis,
    prefix: redisKeys(prefix).searchLimiterPrefix,
    max: limits.searchMax ?? HUBSPOT_LIMITS.searchPerSecond,
    windowMs: limits.searchWindowMs ?? HUBSPOT_LIMITS.searchWindowMs,
    maxWaitMs: limits.maxWaitMs ?? 15_000,
  });
  return new PortalClients({ ...rest, limiter, searchLimiter });
}
