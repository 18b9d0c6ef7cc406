import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_RATE_LIMIT } from '../config/env';
import { HUBSPOT_LIMITS } from '../config/hubspot-limits';
import { HubSpotError } from './errors';
import { redisKeys } from '../redis/keys';
import { luaScript } from '../redis/lua-scripts';

/**
 * Per-portal sliding-window-log limiter shared through Redis, correct across any number of
 * processes: one Lua script (atomic) drops entries older than the window, admits the call if
 * fewer than `max` remain and otherwise answers how long to wait. The clock is Redis's
 * (`TIME`), so hosts with skewed clocks still share one window. A 429 "blocks" the portal until
 * Retry-After has passed, for every process.
 *
 * Guarantee: in any interval of `windowMs` at most `max` acquisitions succeed per portal
 * (HubSpot marketplace OAuth apps: 110 requests / 10 s per portal per app, see HUBSPOT_LIMITS; the
 * service runs at HUBSPOT_RATE_LIMIT, default 105).
 *
 * Two refinements (found by the load test, which saw HubSpot 429s and failing card ticks at the
 * ceiling):
 * - Send margin: HubSpot counts arrivals, and a call arrives a little after its slot was taken
 *   (event loop, connection). Admissions are therefore spaced over `windowMs + marginMs`, so
 *   HubSpot never sees `max + 1` calls in its window because of that skew.
 * - Interactive reserve: while people are using the cards of a portal (an interactive call in
 *   the last `3 × windowMs`), background work (the worker) may fill only `max - interactiveReserve`
 *   slots of a window; the rest stays free for calls a person is waiting on (the card API), which
 *   would otherwise lose every race for a slot against the worker's lanes and time out. With no
 *   one at the cards, the worker may use the whole window.
 */

const ACQUIRE_SCRIPT = luaScript('rate-acquire');

const BLOCK_SCRIPT = luaScript('rate-block');

const STATE_SCRIPT = luaScript('rate-state');

export interface RateLimiterOptions {
  redis: Redis;
  /** Key prefix (default 'sw'); tests pass uniquePrefix(). */
  prefix?: string;
  /** Calls per window per portal (default DEFAULT_RATE_LIMIT = 105 of HubSpot's 110). */
  max?: number;
  /** Window length in ms (default 10 000). */
  windowMs?: number;
  /**
   * Longest a caller waits in-process for a slot (default 15 000 ms). Beyond it `acquire` throws
   * a RATE_LIMITED HubSpotError with `retryAfterMs`, which the worker turns into a delayed job.
   */
  maxWaitMs?: number;
  /**
   * Extra time an admitted call keeps its slot (default windowMs / 100, at least 50 ms: 100 ms of 10 s; the arrival
   * skew on one host is a few ms, and every 1 % of margin is 1 % of throughput given away).
   */
  marginMs?: number;
  /** Slots per window only `priority: 'interactive'` acquisitions may use (default 0). */
  interactiveReserve?: number;
}

export interface AcquireOptions {
  /** Overrides the limiter's maxWaitMs for this call. */
  maxWaitMs?: number;
  /** 'interactive': a person waits for this call (may use the reserve). Default 'background'. */
  priority?: 'interactive' | 'background';
}

export interface RateLimiterState {
  /** Calls admitted in the current window. */
  inWindow: number;
  /** Remaining block (after a 429) in ms; 0 when not blocked. */
  blockedMs: number;
}

export interface RateLimiter {
  readonly max: number;
  readonly windowMs: number;
  /** Waits for a call slot for this portal (shared across processes). */
  acquire(portalId: string, options?: AcquireOptions): Promise<void>;
  /** Tries once: 0 when a slot was taken, else the ms to wait. */
  tryAcquire(portalId: string, priority?: AcquireOptions['priority']): Promise<number>;
  /** Blocks the portal for `ms` (429 Retry-After); never shortens an existing block. */
  block(portalId: string, ms: number): Promise<void>;
  state(portalId: string): Promise<RateLimiterState>;
  /** Removes the portal's limiter keys (uninstall). */
  clear(portalId: string): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { redis } = options;
  const prefix = options.prefix ?? 'sw';
  const max = options.max ?? DEFAULT_RATE_LIMIT;
  const windowMs = options.windowMs ?? HUBSPOT_LIMITS.windowMs;
  const defaultMaxWaitMs = options.maxWaitMs ?? 15_000;
  if (!Number.isInteger(max) || max < 1) throw new RangeError('rate limiter max must be an integer ≥ 1');
  if (!Number.isInteger(windowMs) || windowMs < 1) throw new RangeError('rate limiter windowMs must be ≥ 1');
  const marginMs = options.marginMs ?? Math.max(50, Math.round(windowMs / 100));
  const reserve = options.interactiveReserve ?? 0;
  if (!Number.isInteger(marginMs) || marginMs < 0) throw new RangeError('rate limiter marginMs must be ≥ 0');
  if (!Number.isInteger(reserve) || reserve < 0 || reserve >= max)
    throw new RangeError('rate limiter interactiveReserve must be an integer in [0, max)');
  /** How long an admission occupies its slot. */
  const span = windowMs + marginMs;

  const { rateWindow: windowKey, rateBlock: blockKey, rateInteractive: activeKey } = redisKeys(prefix);

  const tryAcquire = async (
    portalId: string,
    priority: AcquireOptions['priority'] = 'background',
  ): Promise<number> => {
    const res = (await redis.eval(
      ACQUIRE_SCRIPT,
      3,
      windowKey(portalId),
      blockKey(portalId),
      activeKey(portalId),
      String(max),
      String(span),
      randomUUID(),
      priority,
      String(reserve),
      String(3 * windowMs),
    )) as [number, number];
    return res[0] === 1 ? 0 : Math.max(1, Number(res[1]));
  };

  return {
    max,
    windowMs,
    tryAcquire,
    async acquire(portalId, acquireOptions = {}) {
      const maxWaitMs = acquireOptions.maxWaitMs ?? defaultMaxWaitMs;
      const started = Date.now();
      for (;;) {
        const wait = await tryAcquire(portalId, acquireOptions.priority);
        if (wait === 0) return;
        const waited = Date.now() - started;
        if (waited + wait > maxWaitMs) {
          throw new HubSpotError({
            code: 'RATE_LIMITED',
            status: null,
            retryAfterMs: wait,
            portalId,
            operation: 'rate-limiter',
            message: `Portal ${portalId} is at its HubSpot rate limit (${max} calls / ${windowMs} ms); next slot in ${wait} ms.`,
          });
        }
        // Small jitter so waiters in several processes do not all wake on the same millisecond.
        await sleep(wait + Math.floor(Math.random() * 5));
      }
    },
    async block(portalId, ms) {
      const duration = Math.max(1, Math.ceil(ms));
      await redis.eval(BLOCK_SCRIPT, 1, blockKey(portalId), String(duration));
    },
    async state(portalId) {
      const res = (await redis.eval(
        STATE_SCRIPT,
        2,
        windowKey(portalId),
        blockKey(portalId),
        String(span),
      )) as [number, number];
      return { inWindow: Number(res[0]), blockedMs: Math.max(0, Number(res[1])) };
    },
    async clear(portalId) {
      await redis.del(windowKey(portalId), blockKey(portalId), activeKey(portalId));
    },
  };
}
