import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { Metrics } from '../observability/metrics';
import { redisKeys } from '../redis/keys';

/** What /healthz says about Stepwise's OAuth client credentials. */
export interface OAuthClientHealthStatus {
  ok: boolean;
  /** Portals whose last token refresh HubSpot refused for our client id / secret. */
  portals: number;
  /** When the earliest of those refusals happened (ISO), null when ok. */
  since: string | null;
  /** Actionable reason, null when ok. */
  reason: string | null;
}

/**
 * A wrong or rotated client secret (HubSpot answers the refresh with 401 / invalid_client) is an
 * operator's mistake, not an uninstall: every installation stays. This records it across
 * processes in one Redis hash (field = portal id), so the error is logged once per portal (not
 * once per job), /metrics counts every refusal and /healthz reports "degraded" until a refresh of
 * that portal succeeds again.
 */
export class OAuthClientHealth {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly metrics?: Metrics,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.key = redisKeys(prefix).oauthClientRejected;
  }

  async recordRejected(portalId: string, message: string): Promise<void> {
    this.metrics?.oauthClientRejected.inc();
    const first = await this.redis.hsetnx(
      this.key,
      portalId,
      JSON.stringify({ at: new Date(this.now()).toISOString(), message }),
    );
    if (first === 1) {
      this.logger?.error(
        { portalId, alert: 'OAUTH_CLIENT_REJECTED' },
        `${message} The installation is kept; refreshes are retried. (Logged once per portal until a refresh succeeds.)`,
      );
    }
  }

  /** A refresh of the portal succeeded (or the portal was removed): it no longer counts. */
  async clear(portalId: string): Promise<void> {
    const removed = await this.redis.hdel(this.key, portalId);
    if (removed === 1) this.logger?.info({ portalId }, 'HubSpot accepts the client credentials again');
  }

  async status(): Promise<OAuthClientHealthStatus> {
    const all = await this.redis.hgetall(this.key);
    const entries = Object.values(all);
    if (entries.length === 0) return { ok: true, portals: 0, since: null, reason: null };
    let since: string | null = null;
    for (const raw of entries) {
      try {
        const at = (JSON.parse(raw) as { at?: unknown }).at;
        if (typeof at === 'string' && (since === null || at < since)) since = at;
      } catch {
        // a corrupt entry still counts as a refusal
      }
    }
    return {
      ok: false,
      portals: entries.length,
      since,
      reason:
        `HubSpot refused Stepwise's OAuth client credentials for ${entries.length} portal(s): ` +
        'check HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET (a rotated secret must be updated). ' +
        'No installation was removed; token refreshes are retried.',
    };
  }
}
