import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** URL of the test Redis (private unless REDIS_URL was set). */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A unique key prefix per test, so parallel test files never touch each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `sw-test-${label}-${randomUUID().slice(0, 8)}`;
}

/** A connection to the test Redis; callers must quit() it. */
export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Deletes the keys under a prefix (only our own keys; never FLUSHDB on a Redis we did not start). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
