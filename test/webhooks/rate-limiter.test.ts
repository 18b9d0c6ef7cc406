import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { HubSpotError } from '../../src/hubspot/errors';
import { createRateLimiter } from '../../src/hubspot/rate-limiter';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';

const connections: Redis[] = [];
const prefixes: string[] = [];
function redis(): Redis {
  const r = testRedis();
  connections.push(r);
  return r;
}

afterEach(async () => {
  const r = connections[0];
  if (r !== undefined) for (const p of prefixes.splice(0)) await deleteByPrefix(r, p);
  await Promise.all(connections.splice(0).map((c) => c.quit()));
});

/** Largest number of timestamps inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while ((t[hi] ?? 0) - (t[lo] ?? 0) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('Redis-shared per-portal rate limiter', () => {
  it('never admits more than max calls per window across two limiter instances (two connections)', async () => {
    const prefix = uniquePrefix('rl');
    prefixes.push(prefix);
    const opts = { prefix, max: 10, windowMs: 500, maxWaitMs: 10_000 };
    const a = createRateLimiter({ redis: redis(), ...opts });
    const b = createRateLimiter({ redis: redis(), ...opts });
    const admitted: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).acquire('111').then(() => {
          admitted.push(Date.now());
        }),
      ),
    );
    const elapsed = Date.now() - started;
    expect(admitted).toHaveLength(40);
    // 40 calls at 10 / 500 ms need at least three full windows after the first ten.
    expect(elapsed).toBeGreaterThanOrEqual(1_450);
    // Throughput stays close to the ceiling (not serialised far below it).
    expect(elapsed).toBeLessThan(2_600);
    // Observed admission times (small slack for Redis round trips) never exceed the limit.
    expect(maxInWindow(admitted, 480)).toBeLessThanOrEqual(10);
  });

  it('keeps portals independent', async () => {
    const prefix = uniquePrefix('rl');
    prefixes.push(prefix);
    const limiter = createRateLimiter({ redis: redis(), prefix, max: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) await limiter.acquire('1');
    expect(await limiter.tryAcquire('1')).toBeGreaterThan(0);
    expect(await limiter.tryAcquire('2')).toBe(0);
    expect((await limiter.state('1')).inWindow).toBe(3);
  });

  it('throws RATE_LIMITED with retryAfterMs instead of waiting longer than maxWaitMs', async () => {
    const prefix = uniquePrefix('rl');
    prefixes.push(prefix);
    const limiter = createRateLimiter({ redis: redis(), prefix, max: 2, windowMs: 5_000, maxWaitMs: 100 });
    await limiter.acquire('7');
    await limiter.acquire('7');
    const err = await limiter.acquire('7').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubSpotError);
    expect((err as HubSpotError).code).toBe('RATE_LIMITED');
    expect((err as HubSpotError).retryAfterMs).toBeGreaterThan(4_000);
  });

  it('a block (429 Retry-After) stops every instance until it expires, and is never shortened', async () => {
    const prefix = uniquePrefix('rl');
    prefixes.push(prefix);
    const a = createRateLimiter({ redis: redis(), prefix, max: 100, windowMs: 10_000 });
    const b = createRateLimiter({ redis: redis(), prefix, max: 100, windowMs: 10_000 });
    await a.block('9', 300);
    await a.block('9', 50); // shorter block does not shorten the existing one
    expect((await b.state('9')).blockedMs).toBeGreaterThan(200);
    const t0 = Date.now();
    await b.acquire('9');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });
});
