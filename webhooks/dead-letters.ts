import type { Redis } from 'ioredis';
import type { Metrics } from '../src/observability/metrics';
import { redisKeys } from '../src/redis/keys';

/** A recompute that will not be retried, with why. Kept in Redis (newest first) for operators. */
export interface DeadLetter {
  portalId: string;
  dealIds: string[];
  contactIds: string[];
  /** Meetings whose deals could not be looked up (absent when none). */
  meetingIds?: string[];
  /** Stable reason code: CLIENT_ERROR, FORBIDDEN, NOT_FOUND, UNAUTHORIZED, SERVER_ERROR, NETWORK, WRITE_REJECTED, … */
  reason: string;
  /** HTTP status when the reason came from HubSpot. */
  status: number | null;
  /** HubSpot's error category (VALIDATION_ERROR, …) when known. */
  category: string | null;
  message: string;
  /** 'flush' | 'backfill' | 'reconcile' */
  source: string;
  jobId: string | null;
  attempts: number;
  at: string;
}

export const DEAD_LETTER_MAX = 10_000;

export function deadLetterKey(prefix: string): string {
  return redisKeys(prefix).deadLetters;
}

export async function recordDeadLetter(
  redis: Redis,
  prefix: string,
  entry: Omit<DeadLetter, 'at'> & { at?: string },
  metrics?: Metrics,
): Promise<DeadLetter> {
  const full: DeadLetter = { ...entry, at: entry.at ?? new Date().toISOString() };
  await redis
    .multi()
    .lpush(deadLetterKey(prefix), JSON.stringify(full))
    .ltrim(deadLetterKey(prefix), 0, DEAD_LETTER_MAX - 1)
    .exec();
  metrics?.deadLetters.inc({ reason: full.reason });
  return full;
}

/** Newest first. */
export async function listDeadLetters(redis: Redis, prefix: string, limit = 100): Promise<DeadLetter[]> {
  const raw = await redis.lrange(deadLetterKey(prefix), 0, Math.max(0, limit - 1));
  const out: DeadLetter[] = [];
  for (const r of raw) {
    try {
      out.push(JSON.parse(r) as DeadLetter);
    } catch {
      // skip corrupt entries
    }
  }
  return out;
}
