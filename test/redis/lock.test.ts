import { afterAll, describe, expect, it } from 'vitest';
import { tryLock, waitForLock } from '../../src/redis/lock';
import { luaScript } from '../../src/redis/lua-scripts';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('lock');

afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

describe('Redis lock', () => {
  it('is exclusive; only its holder renews or releases it', async () => {
    const key = `${prefix}:a`;
    const first = await tryLock(redis, key, 5_000);
    expect(first).not.toBeNull();
    expect(await tryLock(redis, key, 5_000)).toBeNull();
    // A holder of another token cannot free this key.
    await redis.eval(luaScript('release-lock'), 1, key, 'someone-else');
    expect(await redis.get(key)).toBe(first?.token);
    expect(await first?.renew(10_000)).toBe(true);
    expect(await redis.pttl(key)).toBeGreaterThan(5_000);
    await first?.release();
    expect(await redis.exists(key)).toBe(0);
    expect(await first?.renew(10_000)).toBe(false);
  });

  it('waitForLock waits for the holder and gives up after waitMs', async () => {
    const key = `${prefix}:b`;
    const held = await tryLock(redis, key, 5_000);
    const started = Date.now();
    expect(await waitForLock(redis, key, { ttlMs: 5_000, waitMs: 150, pollMs: 20 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    setTimeout(() => void held?.release(), 100);
    const next = await waitForLock(redis, key, { ttlMs: 5_000, waitMs: 2_000, pollMs: 20 });
    expect(next).not.toBeNull();
    await next?.release();
  });

  it('every Lua script is read from its .lua file', () => {
    expect(luaScript('release-lock')).toContain("redis.call('DEL', KEYS[1])");
    expect(luaScript('release-lock')).toBe(luaScript('release-lock'));
  });
});
