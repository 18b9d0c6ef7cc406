import type { Redis } from 'ioredis';
import type { TokenCipher } from '../crypto/token-cipher';
import type { Logger } from '../logger';
import { errSummary } from './errors';
import type { OAuthService, TokenSet } from './oauth';
import { reencryptAll, type ReencryptReport } from './key-rotation';
import type { TokenProvider } from './token-provider';
import { TokenRefresher } from './token-refresh';
import { TokenVault } from './token-vault';
import type { OAuthClientHealth } from './oauth-client-health';
import { redisKeys } from '../redis/keys';
import { luaScript } from '../redis/lua-scripts';

/**
 * Installations of the app, one Redis hash per portal (`<prefix>:inst:<portalId>`): storage and
 * status here; tokens encrypted at rest by TokenVault (token-vault.ts); the TokenProvider of
 * every HubSpot call is TokenRefresher (token-refresh.ts, refresh ahead of expiry under a
 * lock); re-encryption after a key rotation is key-rotation.ts. A refresh token HubSpot no
 * longer accepts marks the portal uninstalled, deletes its tokens and calls `onUninstalled`.
 */

export type InstallationStatus = 'installed' | 'uninstalled' | 'unknown';

export interface Installation {
  portalId: string;
  status: 'installed' | 'uninstalled';
  installedAt: string;
  uninstalledAt: string | null;
  uninstallReason: string | null;
  scopes: string[];
  hubDomain: string | null;
  installerUserId: string | null;
  /** Access-token expiry (ms since epoch) while installed. */
  accessTokenExpiresAt: number | null;
}

export interface SaveInstallationInput {
  portalId: string;
  tokens: TokenSet;
  scopes: readonly string[];
  hubDomain?: string | null;
  installerUserId?: string | null;
}

/** Result of `reencryptAll` (counts are token fields; `unreadable` lists portals). */
export type { ReencryptReport } from './key-rotation';

export { InstallationError, type InstallationErrorCode } from './errors';

export interface InstallationStoreOptions {
  redis: Redis;
  cipher: TokenCipher;
  /** Only `refresh` is used here. */
  oauth: Pick<OAuthService, 'refresh'>;
  prefix?: string;
  logger?: Logger;
  /** Reports refreshes refused for our client credentials (kept installed; /healthz degraded). */
  clientHealth?: Pick<OAuthClientHealth, 'recordRejected' | 'clear'>;
  /** Called after a portal is marked uninstalled (e.g. queue.dropPortal). Errors are logged, not thrown. */
  onUninstalled?: (portalId: string) => Promise<void> | void;
  /** Refresh when the access token expires within this window. Default 5 minutes. */
  refreshMarginMs?: number;
  /** Lock lifetime (a crashed refresher frees it after this). Default 30 s. */
  lockTtlMs?: number;
  /** How long a waiter waits for another process's refresh. Default 15 s. */
  lockWaitMs?: number;
  lockPollMs?: number;
  /** How long `isInstalled`/`statusCached` trust an answer. Default 5 s (installed) / 1 s (other). */
  statusCacheMs?: { installed: number; other: number };
  now?: () => number;
}

/** Marks the access token expired unless it was refreshed within ARGV[2] ms. */
const FORCE_REFRESH = luaScript('force-refresh');

export class InstallationStore implements TokenProvider {
  private readonly redis: Redis;
  private readonly cipher: TokenCipher;
  private readonly prefix: string;
  private readonly logger: Logger | undefined;
  private readonly onUninstalled: ((portalId: string) => Promise<void> | void) | undefined;
  private readonly statusCacheMs: { installed: number; other: number };
  private readonly now: () => number;
  private readonly vault: TokenVault;
  private readonly tokens: TokenRefresher;
  private readonly statusCache = new Map<string, { status: InstallationStatus; until: number }>();

  constructor(options: InstallationStoreOptions) {
    this.redis = options.redis;
    this.cipher = options.cipher;
    this.prefix = options.prefix ?? 'sw';
    this.logger = options.logger;
    this.onUninstalled = options.onUninstalled;
    this.statusCacheMs = options.statusCacheMs ?? { installed: 5_000, other: 1_000 };
    this.now = options.now ?? Date.now;
    this.vault = new TokenVault(this.redis, this.cipher, this.prefix, this.logger);
    this.tokens = new TokenRefresher({
      redis: this.redis,
      vault: this.vault,
      oauth: options.oauth,
      prefix: this.prefix,
      logger: this.logger,
      onRevoked: (portalId) => this.markUninstalled(portalId, 'refresh_token_revoked'),
      onClientRejected: options.clientHealth
        ? (portalId, message) => options.clientHealth?.recordRejected(portalId, message) ?? Promise.resolve()
        : undefined,
      onRefreshed: options.clientHealth
        ? (portalId) => options.clientHealth?.clear(portalId) ?? Promise.resolve()
        : undefined,
      refreshMarginMs: options.refreshMarginMs ?? 5 * 60_000,
      lockTtlMs: options.lockTtlMs ?? 30_000,
      lockWaitMs: options.lockWaitMs ?? 15_000,
      lockPollMs: options.lockPollMs ?? 50,
      now: this.now,
    });
  }

  private key(portalId: string): string {
    return redisKeys(this.prefix).installation(portalId);
  }
  private lockKey(portalId: string): string {
    return redisKeys(this.prefix).refreshLock(portalId);
  }
  private get activeKey(): string {
    return redisKeys(this.prefix).installedPortals;
  }

  /** Stores (or replaces, on reinstall) an installation with its encrypted tokens. */
  async save(input: SaveInstallationInput): Promise<Installation> {
    const at = this.now();
    const { portalId, tokens } = input;
    const fields: Record<string, string> = {
      portalId,
      status: 'installed',
      installedAt: new Date(at).toISOString(),
      scopes: JSON.stringify([...input.scopes]),
      hubDomain: input.hubDomain ?? '',
      installerUserId: input.installerUserId ?? '',
      accessToken: this.vault.encrypt(portalId, 'access', tokens.accessToken),
      refreshToken: this.vault.encrypt(portalId, 'refresh', tokens.refreshToken),
      expiresAt: String(at + tokens.expiresInSeconds * 1000),
      updatedAt: String(at),
    };
    await this.redis
      .multi()
      .hset(this.key(portalId), fields)
      .hdel(this.key(portalId), 'uninstalledAt', 'uninstallReason')
      .sadd(this.activeKey, portalId)
      .exec()
      .then(throwOnMultiError);
    this.statusCache.delete(portalId);
    this.logger?.info({ portalId, scopes: input.scopes }, 'installation saved');
    const saved = await this.get(portalId);
    if (saved === null)
      throw new Error(`installation of portal ${portalId} vanished right after it was saved`);
    return saved;
  }

  /** The installation (never its tokens), or null when the portal never installed Stepwise. */
  async get(portalId: string): Promise<Installation | null> {
    const h = await this.redis.hgetall(this.key(portalId));
    if (h['status'] !== 'installed' && h['status'] !== 'uninstalled') return null;
    let scopes: string[] = [];
    try {
      const parsed: unknown = JSON.parse(h['scopes'] ?? '[]');
      if (Array.isArray(parsed)) scopes = parsed.map(String);
    } catch {
      scopes = [];
    }
    const expiresAt = Number(h['expiresAt']);
    return {
      portalId,
      status: h['status'],
      installedAt: h['installedAt'] ?? new Date(0).toISOString(),
      uninstalledAt: nonEmpty(h['uninstalledAt']),
      uninstallReason: nonEmpty(h['uninstallReason']),
      scopes,
      hubDomain: nonEmpty(h['hubDomain']),
      installerUserId: nonEmpty(h['installerUserId']),
      accessTokenExpiresAt:
        h['status'] === 'installed' && Number.isFinite(expiresAt) && expiresAt > 0 ? expiresAt : null,
    };
  }

  /** Portal ids currently installed. */
  async listInstalled(): Promise<string[]> {
    const ids = await this.redis.smembers(this.activeKey);
    return ids.sort();
  }

  /** One round trip; throws when Redis is unreachable. */
  async status(portalId: string): Promise<InstallationStatus> {
    const res = await this.redis
      .multi()
      .sismember(this.activeKey, portalId)
      .exists(this.key(portalId))
      .exec();
    throwOnMultiError(res);
    const member = res?.[0]?.[1] === 1;
    const exists = res?.[1]?.[1] === 1;
    return member ? 'installed' : exists ? 'uninstalled' : 'unknown';
  }

  /** `status` with a short in-process cache (the webhook path asks for every event batch). */
  async statusCached(portalId: string): Promise<InstallationStatus> {
    const t = this.now();
    const hit = this.statusCache.get(portalId);
    if (hit !== undefined && hit.until > t) return hit.status;
    const status = await this.status(portalId);
    const ttl = status === 'installed' ? this.statusCacheMs.installed : this.statusCacheMs.other;
    if (this.statusCache.size > 10_000) this.statusCache.clear();
    this.statusCache.set(portalId, { status, until: t + ttl });
    return status;
  }

  async isInstalled(portalId: string): Promise<boolean> {
    return (await this.statusCached(portalId)) === 'installed';
  }

  /**
   * Marks a portal uninstalled and deletes its tokens (settings and the record itself stay, so a
   * reinstall keeps them). Calls `onUninstalled`. Idempotent.
   */
  async markUninstalled(portalId: string, reason: string): Promise<void> {
    const at = this.now();
    const key = this.key(portalId);
    const exists = await this.redis.exists(key);
    const tx = this.redis.multi();
    if (exists === 1) {
      tx.hset(key, {
        status: 'uninstalled',
        uninstalledAt: new Date(at).toISOString(),
        uninstallReason: reason,
        updatedAt: String(at),
      });
      tx.hdel(key, 'accessToken', 'refreshToken', 'expiresAt');
    }
    tx.srem(this.activeKey, portalId);
    await tx.exec().then(throwOnMultiError);
    this.statusCache.delete(portalId);
    this.logger?.warn({ portalId, reason }, 'installation marked uninstalled; tokens deleted');
    if (this.onUninstalled !== undefined) {
      try {
        await this.onUninstalled(portalId);
      } catch (err) {
        this.logger?.error({ portalId, err: errSummary(err) }, 'onUninstalled hook failed');
      }
    }
  }

  /**
   * PortalClients' `onUnauthorized` hook: HubSpot answered 401 with our access token. Forces a
   * refresh (at most once a minute per portal); a revoked grant then marks the portal uninstalled.
   * Never throws.
   */
  async handleUnauthorized(portalId: string): Promise<void> {
    try {
      const forced = await this.redis.eval(FORCE_REFRESH, 1, this.key(portalId), String(this.now()), '60000');
      if (forced === 1) await this.getAccessToken(portalId);
    } catch (err) {
      this.logger?.warn({ portalId, err: errSummary(err) }, 'token check after a 401 failed');
    }
  }

  /**
   * A valid access token for the portal (see TokenRefresher): throws InstallationError
   * NOT_INSTALLED, TOKEN_UNREADABLE or TOKEN_REFRESH_TIMEOUT, or HubSpotError when HubSpot failed
   * to refresh an already expired token.
   */
  getAccessToken(portalId: string): Promise<string> {
    return this.tokens.getAccessToken(portalId);
  }

  /**
   * The portal's decrypted refresh token (to revoke it on disconnect), or null when none is
   * stored (uninstalled, never installed, or unreadable with the configured keys).
   */
  async refreshTokenOf(portalId: string): Promise<string | null> {
    const sealed = await this.redis.hget(this.key(portalId), 'refreshToken');
    if (sealed === null || sealed === '') return null;
    try {
      return this.vault.decrypt(portalId, 'refresh', sealed);
    } catch (err) {
      this.logger?.warn({ portalId, err: errSummary(err) }, 'refresh token unreadable');
      return null;
    }
  }

  /** Key rotation, all at once (see key-rotation.ts). */
  reencryptAll(options: { dryRun?: boolean } = {}): Promise<ReencryptReport> {
    return reencryptAll(
      {
        redis: this.redis,
        vault: this.vault,
        listInstalled: () => this.listInstalled(),
        logger: this.logger,
      },
      options,
    );
  }
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

function throwOnMultiError(res: [Error | null, unknown][] | null): void {
  if (res === null) throw new Error('Redis transaction was aborted');
  for (const [err] of res) if (err !== null) throw err;
}
