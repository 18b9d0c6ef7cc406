import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger';

/**
 * ioredis connections per purpose.
 * - `store`: stores and the HTTP edge. Fails fast while Redis is unreachable (so the webhook
 *   intake answers 503 within ~100 ms instead of hanging), reconnects in the background.
 * - `bullmq`: BullMQ workers and queues (BullMQ requires maxRetriesPerRequest: null).
 */
export type RedisPurpose = 'store' | 'bullmq';

export function redisOptions(purpose: RedisPurpose): RedisOptions {
  const common: RedisOptions = {
    connectionName: `stepwise-${purpose}`,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    enableReadyCheck: true,
  };
  return purpose === 'bullmq'
    ? { ...common, maxRetriesPerRequest: null }
    : { ...common, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 5_000 };
}

export function createRedisConnection(url: string, purpose: RedisPurpose, logger?: Logger): Redis {
  const redis = new Redis(url, redisOptions(purpose));
  let lastError = '';
  redis.on('error', (err: Error) => {
    // One line per distinct error, not one per reconnect attempt.
    if (err.message !== lastError)
      logger?.warn({ purpose, err: { message: err.message } }, 'redis connection error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    if (lastError !== '') logger?.info({ purpose }, 'redis connection restored');
    lastError = '';
  });
  return redis;
}
