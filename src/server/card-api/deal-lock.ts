import type { Redis } from 'ioredis';
import { redisKeys } from '../../redis/keys';
import { waitForLock } from '../../redis/lock';

export interface DealLockOptions {
  redis: Redis;
  prefix?: string;
  /** A crashed holder frees the lock after this. Default 20 s (a tick is 3–5 HubSpot calls). */
  ttlMs?: number;
  /** How long a second change to the same deal waits for the first. Default 8 s. */
  waitMs?: number;
  pollMs?: number;
}

/** Raised when another change to the same deal holds the lock for longer than `waitMs`. */
export class DealBusyError extends Error {
  readonly code = 'DEAL_BUSY';
  constructor(
    readonly portalId: string,
    readonly dealId: string,
  ) {
    super(`Another change to deal ${dealId} is still being saved; try again in a moment.`);
    this.name = 'DealBusyError';
  }
}

/**
 * A per-deal mutex in Redis (`<prefix>:lock:deal:<portalId>:<dealId>`), shared by every web
 * process: card changes to one deal read-modify-write its properties one at a time, so two reps
 * ticking items of the same step never lose each other's tick.
 */
export class DealLocks {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(options: DealLockOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'sw';
    this.ttlMs = options.ttlMs ?? 20_000;
    this.waitMs = options.waitMs ?? 8_000;
    this.pollMs = options.pollMs ?? 25;
  }

  key(portalId: string, dealId: string): string {
    return redisKeys(this.prefix).dealLock(portalId, dealId);
  }

  async withLock<T>(portalId: string, dealId: string, fn: () => Promise<T>): Promise<T> {
    const lock = await waitForLock(this.redis, this.key(portalId, dealId), {
      ttlMs: this.ttlMs,
      waitMs: this.waitMs,
      pollMs: this.pollMs,
    });
    if (lock === null) throw new DealBusyError(portalId, dealId);
    try {
      return await fn();
    } finally {
      await lock.release().catch(() => {
        // The lock expires by itself.
      });
    }
  }
}
