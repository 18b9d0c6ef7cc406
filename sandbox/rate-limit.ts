import type { RateLimitPolicy } from './errors';

/**
 * HubSpot's per-portal limits, as a rolling window log per portal:
 * - general: `max` requests per rolling `windowMs` (marketplace OAuth apps: 110 per 10 s per
 *   account, https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines) → policy
 *   TEN_SECONDLY_ROLLING, with X-HubSpot-RateLimit-* headers on every counted response;
 * - search: HubSpot limits CRM search separately (5 requests per second per account,
 *   https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm) → policy
 *   SECONDLY; search responses carry no rate-limit headers. Search does not count towards the
 *   general limit unless `searchCountsTowardsGeneral` is set.
 * Rejected requests do not consume a slot. OAuth token calls are never limited here.
 */

export interface RateLimitConfig {
  enabled: boolean;
  max: number;
  windowMs: number;
  /** null disables the search limit. */
  search: { max: number; windowMs: number } | null;
  searchCountsTowardsGeneral: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = {
  enabled: true,
  max: 110,
  windowMs: 10_000,
  search: { max: 5, windowMs: 1_000 },
  searchCountsTowardsGeneral: false,
};

export type RateLimitDecision =
  | { ok: true; max: number; remaining: number; windowMs: number; policy: RateLimitPolicy }
  | { ok: false; max: number; windowMs: number; retryAfterMs: number; policy: RateLimitPolicy };

/** Sliding-window log: timestamps of admitted requests, oldest first. */
class WindowLog {
  private times: number[] = [];
  private head = 0;

  private purge(now: number, windowMs: number): void {
    const cutoff = now - windowMs;
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  count(now: number, windowMs: number): number {
    this.purge(now, windowMs);
    return this.times.length - this.head;
  }

  /** Ms until the oldest entry leaves the window. */
  waitMs(now: number, windowMs: number): number {
    const oldest = this.times[this.head];
    return oldest === undefined ? 0 : Math.max(1, oldest + windowMs - now);
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export class PortalRateLimiter {
  private config: RateLimitConfig;
  private readonly general = new Map<number, WindowLog>();
  private readonly search = new Map<number, WindowLog>();

  constructor(config: Partial<RateLimitConfig> = {}) {
    this.config = { ...DEFAULT_RATE_LIMIT, ...config };
  }

  get settings(): RateLimitConfig {
    return { ...this.config, search: this.config.search === null ? null : { ...this.config.search } };
  }

  configure(patch: Partial<RateLimitConfig>): void {
    this.config = { ...this.config, ...patch };
  }

  /** Forgets the windows (all portals, or one). */
  reset(portalId?: number): void {
    if (portalId === undefined) {
      this.general.clear();
      this.search.clear();
    } else {
      this.general.delete(portalId);
      this.search.delete(portalId);
    }
  }

  private log(map: Map<number, WindowLog>, portalId: number): WindowLog {
    let l = map.get(portalId);
    if (l === undefined) {
      l = new WindowLog();
      map.set(portalId, l);
    }
    return l;
  }

  /** Admits (and counts) a request or says how long to wait. */
  check(portalId: number, kind: 'general' | 'search', now: number): RateLimitDecision {
    const c = this.config;
    if (kind === 'search' && c.search !== null && c.enabled) {
      const log = this.log(this.search, portalId);
      if (log.count(now, c.search.windowMs) >= c.search.max) {
        return {
          ok: false,
          max: c.search.max,
          windowMs: c.search.windowMs,
          retryAfterMs: log.waitMs(now, c.search.windowMs),
          policy: 'SECONDLY',
        };
      }
      if (!c.searchCountsTowardsGeneral) {
        log.add(now);
        return {
          ok: true,
          max: c.search.max,
          remaining: c.search.max - log.count(now, c.search.windowMs),
          windowMs: c.search.windowMs,
          policy: 'SECONDLY',
        };
      }
    }
    if (kind === 'search' && !c.searchCountsTowardsGeneral) {
      return { ok: true, max: c.max, remaining: c.max, windowMs: c.windowMs, policy: 'SECONDLY' };
    }
    const log = this.log(this.general, portalId);
    if (c.enabled && log.count(now, c.windowMs) >= c.max) {
      return {
        ok: false,
        max: c.max,
        windowMs: c.windowMs,
        retryAfterMs: log.waitMs(now, c.windowMs),
        policy: 'TEN_SECONDLY_ROLLING',
      };
    }
    log.add(now);
    if (kind === 'search' && c.search !== null && c.enabled) this.log(this.search, portalId).add(now);
    return {
      ok: true,
      max: c.max,
      remaining: Math.max(0, c.max - log.count(now, c.windowMs)),
      windowMs: c.windowMs,
      policy: 'TEN_SECONDLY_ROLLING',
    };
  }
}

/** X-HubSpot-RateLimit-* headers for a general-limit decision. */
export function rateLimitHeaders(max: number, remaining: number, windowMs: number): Record<string, string> {
  return {
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(windowMs),
    'X-HubSpot-RateLimit-Max': String(max),
    'X-HubSpot-RateLimit-Remaining': String(Math.max(0, remaining)),
  };
}
