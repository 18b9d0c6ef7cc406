import { isIPv6 } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { sendJsonError, withTimeout } from '../http/http-error';
import { renderError } from './pages';
import { redisKeys } from '../redis/keys';
import { luaScript } from '../redis/lua-scripts';

/**
 * Abuse protection of the public endpoints: a fixed-window request counter per bucket and
 * subject (client IP, or the signed portal id), shared by every process through Redis.
 *
 *   `<prefix>:abuse:<bucket>:<subject>` = INCR; the first hit of a window sets PEXPIRE windowMs
 *   (atomic in one Lua call, so a key never lives without an expiry). Over the limit → 429 with
 *   Retry-After (seconds until the window ends) and a JSON or HTML body.
 *
 * Fails OPEN: when Redis is not ready or does not answer within `timeoutMs`, the request passes.
 * Every route behind a limiter needs Redis itself (webhook intake → 503, card API → 503, OAuth
 * state → 503) except the static landing page, so failing open never lets real work through
 * unprotected, and the limiter never turns a Redis blip into an outage of its own.
 */

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Default limits; generous enough that HubSpot's own traffic never meets them. */
export const DEFAULT_RATE_LIMITS = {
  /** GET / (static landing page), per client IP. */
  pages: { limit: 120, windowMs: 60_000 },
  /** /oauth/install and /oauth/callback, per client IP. */
  oauth: { limit: 30, windowMs: 60_000 },
  /** /api/v1/* before the signature check, per client IP (hubspot.fetch comes from HubSpot's IPs). */
  cardApiIp: { limit: 6_000, windowMs: 60_000 },
  /** /api/v1/* after the signature check, per signed portal. */
  cardApiPortal: { limit: 600, windowMs: 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimits = typeof DEFAULT_RATE_LIMITS;
export type RateLimitBucket = keyof RateLimits;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  count: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

const HIT = luaScript('abuse-hit');

export interface RateLimiterOptions {
  redis: Pick<Redis, 'eval' | 'status'>;
  prefix?: string;
  /** A Redis answer slower than this lets the request through. Default 500 ms. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Counts hits in Redis; `null` means "could not decide" (Redis unavailable → fail open). */
export class RedisRateLimiter {
  private readonly redis: Pick<Redis, 'eval' | 'status'>;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger | undefined;
  private lastWarnAt = 0;

  constructor(options: RateLimiterOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'sw';
    this.timeoutMs = options.timeoutMs ?? 500;
    this.logger = options.logger;
  }

  key(bucket: string, subject: string): string {
    return redisKeys(this.prefix).abuse(bucket, subject);
  }

  async hit(bucket: string, subject: string, rule: RateLimitRule): Promise<RateLimitDecision | null> {
    // Not connected: do not queue behind ioredis' reconnects, decide at once (fail open).
    if (this.redis.status !== 'ready') return null;
    try {
      const reply = await withTimeout(
        this.redis.eval(HIT, 1, this.key(bucket, subject), String(rule.windowMs)) as Promise<unknown>,
        this.timeoutMs,
        'Redis',
      );
      const [count, ttl] = Array.isArray(reply) ? reply.map(Number) : [Number.NaN, Number.NaN];
      if (count === undefined || !Number.isFinite(count)) return null;
      const resetMs = ttl !== undefined && Number.isFinite(ttl) && ttl > 0 ? ttl : rule.windowMs;
      return {
        allowed: count <= rule.limit,
        limit: rule.limit,
        count,
        remaining: Math.max(0, rule.limit - count),
        resetMs,
      };
    } catch (err) {
      const now = Date.now();
      if (now - this.lastWarnAt > 10_000) {
        this.lastWarnAt = now;
        this.logger?.warn(
          { bucket, err: err instanceof Error ? err.message : String(err) },
          'rate limiter unavailable; letting requests through',
        );
      }
      return null;
    }
  }
}

/**
 * The client address a limit is keyed on: `req.ip` (which honours `trust proxy`), IPv4-mapped
 * IPv6 unwrapped, and IPv6 reduced to its /64 (one host usually owns a whole /64, so per-address
 * keys would let it rotate addresses freely).
 */
export function clientKey(req: Request): string {
  const raw = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(raw);
  if (mapped !== null) return mapped[1] as string;
  if (!isIPv6(raw)) return raw;
  return `${expandIPv6(raw).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(addr: string): string[] {
  const noZone = addr.split('%')[0] ?? addr;
  const [head = '', tail] = noZone.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill =
    tail === undefined ? [] : Array.from({ length: Math.max(0, 8 - h.length - t.length) }, () => '0');
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

type Lang = 'en' | 'zh';

function languageOf(req: Request, style: 'json' | 'html'): Lang {
  if (style === 'json') {
    const locale = req.query['locale'];
    const first = Array.isArray(locale) ? locale[0] : locale;
    return typeof first === 'string' && /^zh/i.test(first) ? 'zh' : 'en';
  }
  const header = req.headers['accept-language'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.trim().toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export interface RateLimitMiddlewareOptions {
  limiter: RedisRateLimiter;
  bucket: RateLimitBucket | string;
  rule: RateLimitRule;
  /** The subject of the limit (default: the client IP). null skips limiting for this request. */
  subject?: (req: Request, res: Response) => string | null;
  /** Body of a 429: JSON error (APIs, webhooks) or an HTML page (browser pages). */
  style: 'json' | 'html';
  logger?: Logger;
  /** Called on every refusal (metrics). */
  onLimited?: (bucket: string) => void;
}

export function rateLimit(options: RateLimitMiddlewareOptions): RequestHandler {
  const { limiter, bucket, rule, style } = options;
  const subjectOf = options.subject ?? ((req: Request) => clientKey(req));
  return (req: Request, res: Response, next: NextFunction): void => {
    const subject = subjectOf(req, res);
    if (subject === null) {
      next();
      return;
    }
    limiter.hit(bucket, subject, rule).then(
      (decision) => {
        if (decision === null || decision.allowed) {
          next();
          return;
        }
        const seconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
        res.set({
          'Retry-After': String(seconds),
          'RateLimit-Limit': String(decision.limit),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(seconds),
        });
        options.onLimited?.(bucket);
        // Log the first refusal of a window only: an attacker must not be able to flood the logs.
        if (decision.count === rule.limit + 1) {
          options.logger?.warn(
            { bucket, subject, limit: rule.limit, windowMs: rule.windowMs },
            'rate limited',
          );
        }
        const lang = languageOf(req, style);
        if (style === 'json') {
          sendJsonError(
            res,
            429,
            'RATE_LIMITED',
            lang === 'zh'
              ? `请求过于频繁,请 ${seconds} 秒后重试。`
              : `Too many requests; try again in ${seconds} s.`,
          );
          return;
        }
        renderError(req, res, {
          status: 429,
          code: 'RATE_LIMITED',
          retry: false,
          title: { en: 'Too many requests', zh: '请求过于频繁' },
          detail: {
            en: 'This address sent more requests than Stepwise accepts in a minute.',
            zh: '此地址在一分钟内发送的请求超过了 Stepwise 的上限。',
          },
          action: {
            en: `Wait ${seconds} seconds, then try again.`,
            zh: `请等待 ${seconds} 秒后重试。`,
          },
        });
      },
      (err: unknown) => {
        // hit() never rejects; keep the request flowing if it ever does.
        options.logger?.warn({ bucket, err: String(err) }, 'rate limiter failed; request let through');
        next();
      },
    );
  };
}
