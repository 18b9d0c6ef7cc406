import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { runLua } from './lua-scripts';


/**
 * The one Redis lock of Stepwise: `SET key token NX PX ttl`, renewed and released only by the
 * holder of the token (compare-and-delete in Lua), freed by its TTL when a holder crashes.
 * Used for the per-deal card lock, the token-refresh lock and the backfill lease.
 */
export interface HeldLock {
  readonly key: string;
  readonly token: string;
  /** Extends the TTL; false when the lock was lost (expired, taken over). */
  renew(ttlMs: number): Promise<boolean>;
  /** Frees the lock if still held; rejects only on a Redis error (the TTL frees it then). */
  release(): Promise<void>;
}

/** Takes the lock if it is free; null when someone else holds it. */
export async function tryLock(
  redis: Redis,
  key: string,
  ttlMs: number,
  token: string = randomBytes(16).toString('hex'),
): Promise<HeldLock | null> {
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  return {
    key,
    token,
    renew: async (ms) => (await runLua(redis, 'renew-lock', [key], [token, String(ms)])) === 1,
    release: async () => {
      await runLua(redis, 'release-lock', [key], [token]);
    },
  };
}

/** Polls for the lock until `waitMs` passed; null on timeout. */
export async function waitForLock(
  redis: Redis,
  key: string,
  options: { ttlMs: number; waitMs: number; pollMs: number },
): Promise<HeldLock | null> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const lock = await tryLock(redis, key, options.ttlMs);
    if (lock !== null) return lock;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, options.pollMs));
  }
}
