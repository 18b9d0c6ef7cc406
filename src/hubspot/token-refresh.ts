import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { redisKeys } from '../redis/keys';
import { tryLock } from '../redis/lock';
import { luaScript } from '../redis/lua-scripts';
import { HubSpotError, InstallationError, errSummary } from './errors';
import { OAuthError, type OAuthService, type TokenSet } from './oauth';
import type { TokenProvider } from './token-provider';
import type { TokenRecord, TokenVault } from './token-vault';

/** Writes refreshed tokens only while the portal is still installed (an uninstall wins). */
const WRITE_IF_INSTALLED = luaScript('write-if-installed');

export interface TokenRefreshOptions {
  redis: Redis;
  vault: TokenVault;
  oauth: Pick<OAuthService, 'refresh'>;
  prefix: string;
  logger?: Logger | undefined;
  /** HubSpot revoked the grant (400 invalid_grant / BAD_REFRESH_TOKEN): mark the portal uninstalled. */
  onRevoked(portalId: string): Promise<void>;
  /** HubSpot refused our client credentials (401 / invalid_client): keep the install, report it. */
  onClientRejected?: ((portalId: string, message: string) => Promise<void>) | undefined;
  /** A refresh succeeded (clears a client-rejected report). */
  onRefreshed?: ((portalId: string) => Promise<void>) | undefined;
  refreshMarginMs: number;
  lockTtlMs: number;
  lockWaitMs: number;
  lockPollMs: number;
  now: () => number;
}

/**
 * Access tokens for HubSpot calls, refreshed ahead of expiry under a Redis lock: one process
 * refreshes per portal, the others wait and re-read what it stored.
 */
export class TokenRefresher implements TokenProvider {
  private readonly redis: Redis;
  private readonly vault: TokenVault;
  private readonly oauth: Pick<OAuthService, 'refresh'>;
  private readonly prefix: string;
  private readonly logger: Logger | undefined;
  private readonly onRevoked: (portalId: string) => Promise<void>;
  private readonly onClientRejected: TokenRefreshOptions['onClientRejected'];
  private readonly onRefreshed: TokenRefreshOptions['onRefreshed'];
  private readonly refreshMarginMs: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly lockPollMs: number;
  private readonly now: () => number;
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(options: TokenRefreshOptions) {
    this.redis = options.redis;
    this.vault = options.vault;
    this.oauth = options.oauth;
    this.prefix = options.prefix;
    this.logger = options.logger;
    this.onRevoked = options.onRevoked;
    this.onClientRejected = options.onClientRejected;
    this.onRefreshed = options.onRefreshed;
    this.refreshMarginMs = options.refreshMarginMs;
    this.lockTtlMs = options.lockTtlMs;
    this.lockWaitMs = options.lockWaitMs;
    this.lockPollMs = options.lockPollMs;
    this.now = options.now;
  }

  /**
   * A valid access token for the portal, refreshed when it expires within the margin.
   * Throws InstallationError NOT_INSTALLED (never retry), TOKEN_UNREADABLE (key problem),
   * TOKEN_REFRESH_TIMEOUT (retry), or HubSpotError SERVER_ERROR/NETWORK when HubSpot failed
   * to refresh an already expired token (retry with backoff).
   */
  getAccessToken(portalId: string): Promise<string> {
    const running = this.inflight.get(portalId);
    if (running !== undefined) return running;
    const p = this.resolveToken(portalId).finally(() => this.inflight.delete(portalId));
    this.inflight.set(portalId, p);
    return p;
  }

  private async resolveToken(portalId: string): Promise<string> {
    const rec = await this.vault.read(portalId);
    const fresh = this.freshAccessToken(portalId, rec);
    if (fresh !== null) return fresh;
    return this.refreshUnderLock(portalId);
  }

  /** The decrypted access token when it is valid beyond the refresh margin, else null. */
  private freshAccessToken(portalId: string, rec: TokenRecord): string | null {
    this.vault.assertInstalled(portalId, rec);
    if (rec.expiresAt - this.now() <= this.refreshMarginMs) return null;
    return this.vault.decrypt(portalId, 'access', rec.accessToken);
  }

  private async refreshUnderLock(portalId: string): Promise<string> {
    const deadline = this.now() + this.lockWaitMs;
    const lockKey = redisKeys(this.prefix).refreshLock(portalId);
    for (;;) {
      const lock = await tryLock(this.redis, lockKey, this.lockTtlMs);
      if (lock !== null) {
        try {
          return await this.refreshHoldingLock(portalId);
        } finally {
          await lock.release().catch((err: unknown) => {
            this.logger?.warn(
              { portalId, err: errSummary(err) },
              'refresh lock release failed (it expires by itself)',
            );
          });
        }
      }
      // Another process is refreshing: wait, then re-read what it stored.
      await sleep(this.lockPollMs);
      const fresh = this.freshAccessToken(portalId, await this.vault.read(portalId));
      if (fresh !== null) return fresh;
      if (this.now() > deadline) {
        throw new InstallationError(
          'TOKEN_REFRESH_TIMEOUT',
          `Timed out waiting for another process to refresh the token of portal ${portalId}; will retry.`,
          portalId,
        );
      }
    }
  }

  private async refreshHoldingLock(portalId: string): Promise<string> {
    const rec = await this.vault.read(portalId);
    const fresh = this.freshAccessToken(portalId, rec); // another process may have just refreshed
    if (fresh !== null) return fresh;
    this.vault.assertInstalled(portalId, rec);
    const refreshToken = this.vault.decrypt(portalId, 'refresh', rec.refreshToken);
    let tokens: TokenSet;
    try {
      tokens = await this.oauth.refresh(refreshToken);
    } catch (err) {
      if (err instanceof OAuthError && err.code === 'REFRESH_REVOKED') {
        await this.onRevoked(portalId);
        throw new InstallationError(
          'NOT_INSTALLED',
          `HubSpot revoked Stepwise's access to portal ${portalId} (app uninstalled); it was marked uninstalled.`,
          portalId,
        );
      }
      // A wrong or rotated client secret is not an uninstall: keep every installation, report it
      // (log once per portal, metric, /healthz degraded) and retry later.
      const clientRejected = err instanceof OAuthError && err.code === 'CLIENT_REJECTED';
      if (clientRejected) {
        await this.onClientRejected?.(portalId, err.message).catch((hookErr: unknown) => {
          this.logger?.warn({ portalId, err: errSummary(hookErr) }, 'recording a client rejection failed');
        });
      }
      // Transient: keep using the current token while it is still valid.
      if (rec.expiresAt - this.now() > 30_000) {
        this.logger?.warn(
          { portalId, err: errSummary(err) },
          'token refresh failed; using the current token until it expires',
        );
        return this.vault.decrypt(portalId, 'access', rec.accessToken);
      }
      if (clientRejected) {
        throw new InstallationError(
          'CLIENT_REJECTED',
          `HubSpot refused Stepwise's client credentials while refreshing portal ${portalId}'s token; ` +
            'check HUBSPOT_CLIENT_ID / HUBSPOT_CLIENT_SECRET. The installation is kept; retried later.',
          portalId,
        );
      }
      const retryable = !(err instanceof OAuthError) || err.retryable;
      throw new HubSpotError({
        code: retryable ? 'SERVER_ERROR' : 'UNAUTHORIZED',
        status: err instanceof OAuthError ? err.hubspotStatus : null,
        portalId,
        operation: 'oauth.refresh',
        message: `Refreshing the access token of portal ${portalId} failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    const at = this.now();
    const written = await this.redis.eval(
      WRITE_IF_INSTALLED,
      1,
      this.vault.key(portalId),
      this.vault.encrypt(portalId, 'access', tokens.accessToken),
      this.vault.encrypt(portalId, 'refresh', tokens.refreshToken),
      String(at + tokens.expiresInSeconds * 1000),
      String(at),
    );
    if (written !== 1) {
      throw new InstallationError(
        'NOT_INSTALLED',
        `Portal ${portalId} was uninstalled during a token refresh.`,
        portalId,
      );
    }
    this.logger?.info({ portalId, expiresInSeconds: tokens.expiresInSeconds }, 'access token refreshed');
    await this.onRefreshed?.(portalId).catch(() => undefined);
    return tokens.accessToken;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
