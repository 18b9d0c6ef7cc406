import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SIGNATURE_MAX_AGE_MS } from '../hubspot/signature';
import { redisKeys } from '../redis/keys';
import type { CapturedAnswer } from './response-capture';

/**
 * Once-only v3 signatures for card API mutations (POST/PATCH/PUT/DELETE), idempotent by content.
 *
 * A signature is valid for ±5 minutes around its timestamp. Within that window an exact copy of
 * a captured request would pass the signature check again; for mutations this could undo a
 * later change (e.g. re-tick an item the rep unticked a minute later, or restore older
 * settings). So a signed mutation is APPLIED at most once.
 *
 * But HubSpot itself repeats requests: "HubSpot will automatically retry a request once if
 * there are issues establishing a connection, or if the request fails with a 5XX status code
 * within the timeout window"
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 * That retry may carry the same signature and timestamp as the first try. It must get the same
 * answer, not a 409: the first answer (any status below 500) is stored under the signature for
 * the rest of its validity and sent again for an exact repeat. A 5xx answer releases the
 * signature (nothing was applied, or the handler failed and a retry should run it again). While
 * the first request is still running (e.g. answered 503 by the request deadline), a repeat waits
 * briefly for its answer. A repeat whose content (method, URL, body) differs from the stored
 * one is refused (409) — with a valid HMAC that cannot happen, so this is defence in depth.
 *
 * `<prefix>:replay:<sha256(decoded signature)>` holds `{s:'pending'|'done', h, status, type,
 * body}` with a TTL that ends when the signature would expire anyway. The key is derived from
 * the DECODED signature bytes: Node's base64 decoder skips junk characters, so two different
 * header strings can carry the same valid signature, and keying on the header text would let a
 * replay through.
 *
 * Webhooks are deliberately NOT guarded: a replayed delivery only marks the same deals dirty
 * again (the worker recomputes from HubSpot's current data, so the outcome is identical), and
 * the intake path stays one Redis round trip lighter.
 */
export interface ReplayGuardOptions {
  redis: Pick<Redis, 'set' | 'get' | 'del'>;
  prefix?: string;
  maxAgeMs?: number;
  /** How often a repeat of a still-running request looks for its answer. Default 50 ms. */
  pollMs?: number;
}

/** What a signed mutation is, in the guard's eyes. */
export type ReplayClaim =
  { kind: 'first' } | { kind: 'replay'; answer: CapturedAnswer } | { kind: 'pending' } | { kind: 'conflict' };

interface Stored {
  s: 'pending' | 'done';
  h: string;
  status?: number;
  type?: string | null;
  body?: string;
}

/** sha256 of what the v3 signature covers besides the timestamp: method, URI, body. */
export function requestContentHash(method: string, uri: string, body: Buffer | string): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${uri}\n`).update(body).digest('hex');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ReplayGuard {
  private readonly redis: Pick<Redis, 'set' | 'get' | 'del'>;
  private readonly prefix: string;
  private readonly maxAgeMs: number;
  private readonly pollMs: number;

  constructor(options: ReplayGuardOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'sw';
    this.maxAgeMs = options.maxAgeMs ?? SIGNATURE_MAX_AGE_MS;
    this.pollMs = options.pollMs ?? 50;
  }

  key(signature: string): string {
    const canonical = Buffer.from(signature, 'base64');
    return redisKeys(this.prefix).replay(createHash('sha256').update(canonical).digest('hex').slice(0, 40));
  }

  private ttl(timestampMs: number, now: number): number {
    return Math.max(1_000, Math.ceil(timestampMs + this.maxAgeMs - now) + 1_000);
  }

  /**
   * Records a verified signature. True the first time, false for a repeat within its validity.
   * Throws when Redis fails (the caller answers 503: it cannot tell a replay from a first use).
   */
  async claim(signature: string, timestampMs: number, now: number = Date.now()): Promise<boolean> {
    return (await this.claimRequest(signature, timestampMs, '', now)).kind === 'first';
  }

  /** First use of the signature, or the stored answer / state of its earlier use. */
  async claimRequest(
    signature: string,
    timestampMs: number,
    contentHash: string,
    now: number = Date.now(),
  ): Promise<ReplayClaim> {
    const key = this.key(signature);
    const pending: Stored = { s: 'pending', h: contentHash };
    for (let i = 0; i < 2; i++) {
      const ok = await this.redis.set(key, JSON.stringify(pending), 'PX', this.ttl(timestampMs, now), 'NX');
      if (ok === 'OK') return { kind: 'first' };
      const seen = await this.read(key);
      if (seen !== null) return this.asClaim(seen, contentHash);
      // Released or expired between SET and GET: try to claim again.
    }
    return { kind: 'pending' };
  }

  /** Waits up to `waitMs` for the answer of a request that is still running. */
  async awaitAnswer(
    signature: string,
    timestampMs: number,
    contentHash: string,
    waitMs: number,
    now: () => number = Date.now,
  ): Promise<ReplayClaim> {
    const until = Date.now() + waitMs;
    for (;;) {
      const seen = await this.read(this.key(signature));
      // Released (the first try failed with a 5xx): this repeat runs the request again.
      if (seen === null) return this.claimRequest(signature, timestampMs, contentHash, now());
      const claim = this.asClaim(seen, contentHash);
      if (claim.kind !== 'pending' || Date.now() >= until) return claim;
      await sleep(this.pollMs);
    }
  }

  /** Stores the answer to a first use, sent again for exact repeats while the signature is valid. */
  async complete(
    signature: string,
    timestampMs: number,
    contentHash: string,
    answer: CapturedAnswer,
    now: number = Date.now(),
  ): Promise<void> {
    const done: Stored = {
      s: 'done',
      h: contentHash,
      status: answer.status,
      type: answer.contentType,
      body: answer.body,
    };
    await this.redis.set(this.key(signature), JSON.stringify(done), 'PX', this.ttl(timestampMs, now));
  }

  /** Forgets a first use whose answer was a failure worth retrying (5xx). */
  async release(signature: string): Promise<void> {
    await this.redis.del(this.key(signature));
  }

  private async read(key: string): Promise<Stored | null> {
    const raw = await this.redis.get(key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as Stored;
    } catch {
      // A value of an older format ('1'): a use whose answer is unknown.
      return { s: 'done', h: '' };
    }
  }

  private asClaim(seen: Stored, contentHash: string): ReplayClaim {
    if (seen.h !== contentHash) return { kind: 'conflict' };
    if (seen.s === 'pending') return { kind: 'pending' };
    if (seen.status === undefined) return { kind: 'conflict' };
    return {
      kind: 'replay',
      answer: { status: seen.status, contentType: seen.type ?? null, body: seen.body ?? '' },
    };
  }
}
