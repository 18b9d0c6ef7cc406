import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/hubspot/rate-limiter';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { sleep } from './harness';

/**
 * Regression tests (found by `npm run load`: HubSpot answered 429 at the ceiling although the
 * limiter admitted exactly 100 calls / 10 s, and 15 % of card ticks timed out waiting for a slot
 * against the worker's lanes):
 * - an admitted call keeps its slot for windowMs + marginMs (it reaches HubSpot after admission);
 * - background work leaves `interactiveReserve` slots of every window to interactive calls.
 */

const redis = testRedis();
const prefix = uniquePrefix('headroom');
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

describe('rate limiter headroom', () => {
  it('keeps a slot for windowMs + marginMs', async () => {
    const limiter = createRateLimiter({ redis, prefix, max: 2, windowMs: 200, marginMs: 150 });
    await limiter.acquire('1');
    await limiter.acquire('1');
    await sleep(240);
    // Past the window, inside the margin: still taken.
    expect(await limiter.tryAcquire('1')).toBeGreaterThan(0);
    await sleep(150);
    expect(await limiter.tryAcquire('1')).toBe(0);
  });

  it('the default margin is 5 % of the window (500 ms of HubSpot’s 10 s)', async () => {
    const limiter = createRateLimiter({ redis, prefix, max: 1, windowMs: 10_000 });
    await limiter.acquire('2');
    // Without a margin the wait could never exceed the window.
    const wait = await limiter.tryAcquire('2');
    expect(wait).toBeGreaterThan(10_000);
    expect(wait).toBeLessThanOrEqual(10_500);
  });

  it('with no one at the cards, background work may use the whole window', async () => {
    const limiter = createRateLimiter({ redis, prefix, max: 10, windowMs: 60_000, interactiveReserve: 3 });
    for (let i = 0; i < 10; i++) expect(await limiter.tryAcquire('30')).toBe(0);
    expect(await limiter.tryAcquire('30')).toBeGreaterThan(55_000);
  });

  it('while people use the cards, background calls stop at max − reserve; interactive calls may use the reserve', async () => {
    const limiter = createRateLimiter({ redis, prefix, max: 10, windowMs: 60_000, interactiveReserve: 3 });
    // A rep opens a card: from now on the reserve is kept for people.
    expect(await limiter.tryAcquire('3', 'interactive')).toBe(0);
    for (let i = 0; i < 6; i++) expect(await limiter.tryAcquire('3')).toBe(0);
    const wait = await limiter.tryAcquire('3');
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(63_000);
    for (let i = 0; i < 3; i++) expect(await limiter.tryAcquire('3', 'interactive')).toBe(0);
    expect(await limiter.tryAcquire('3', 'interactive')).toBeGreaterThan(0);
    expect((await limiter.state('3')).inWindow).toBe(10);
  });

  it('a background waiter is told when its own limit frees up, not when the oldest slot does', async () => {
    const limiter = createRateLimiter({
      redis,
      prefix,
      max: 4,
      windowMs: 400,
      marginMs: 0,
      interactiveReserve: 2,
    });
    await limiter.acquire('4', { priority: 'interactive' });
    await sleep(150);
    await limiter.acquire('4', { priority: 'interactive' });
    await limiter.acquire('4', { priority: 'interactive' });
    // 3 in the window, background limit 2: the second oldest (t≈150 ms) must expire first.
    const wait = await limiter.tryAcquire('4');
    expect(wait).toBeGreaterThan(300);
    const t0 = Date.now();
    await limiter.acquire('4');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });
});
