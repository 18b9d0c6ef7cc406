import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SIGNATURE_MAX_AGE_MS } from '../hubspot/signature';
import { redisKeys } from '../redis/keys';

/**
 * Once-only v3 signatures for card API mutations (POST/PATCH/PUT/DELETE).
 *
 * A signature is valid for ±5 minutes around its timestamp. Within that window an exact copy of
 * a captured request would pass the signature check again; for mutations this could undo a
 * later change (e.g. re-tick an item the rep unticked a minute later, or restore older
 * settings). HubSpot signs every `hubspot.fetch` afresh (new timestamp, new signature), so a
 * legitimate retry from the card never reuses a signature: rejecting exact repeats costs
 * nothing legitimate.
 *
 * `<prefix>:replay:<sha256(decoded signature)>` is SET NX with a TTL that ends when the
 * signature would expire anyway. The key is derived from the DECODED signature bytes: Node's
 * base64 decoder skips junk characters, so two different header strings can carry the same
 * valid signature, and keying on the header text would let a replay through.
 *
 * Webhooks are deliberately NOT guarded: a replayed delivery only marks the same deals dirty
 * again (the worker recomputes from HubSpot's current data, so the outcome is identical), and
 * the intake path stays one Redis round trip lighter.
 */
export interface ReplayGuardOptions {
  redis: Pick<Redis, 'set'>;
  prefix?: string;
  maxAgeMs?: number;
}

export class ReplayGuard {
  private readonly redis: Pick<Redis, 'set'>;
  private readonly prefix: string;
  private readonly maxAgeMs: number;

  constructor(options: ReplayGuardOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'sw';
    this.maxAgeMs = options.maxAgeMs ?? SIGNATURE_MAX_AGE_MS;
  }

  key(signature: string): string {
    const canonical = Buffer.from(signature, 'base64');
    return redisKeys(this.prefix).replay(createHash('sha256').update(canonical).digest('hex').slice(0, 40));
  }

  /**
   * Records a verified signature. True the first time, false for a repeat within its validity.
   * Throws when Redis fails (the caller answers 503: it cannot tell a replay from a first use).
   */
  async claim(signature: string, timestampMs: number, now: number = Date.now()): Promise<boolean> {
    const ttl = Math.max(1_000, Math.ceil(timestampMs + this.maxAgeMs - now) + 1_000);
    const ok = await this.redis.set(this.key(signature), '1', 'PX', ttl, 'NX');
    return ok === 'OK';
  }
}
