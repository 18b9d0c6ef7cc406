import type { Redis } from 'ioredis';
import type { TokenCipher } from '../crypto/token-cipher';
import type { Logger } from '../logger';
import { HubSpotError, InstallationError } from './errors';
import { OAuthError, type OAuthService, type TokenSet } from './oauth';
import type { TokenProvider } from './token-provider';
import { redisKeys } from '../redis/keys';
import { tryLock } from '../redis/lock';
import { luaScript } from '../redis/lua-scripts';

/**
 * Installations of the app, one Redis hash per portal (`<prefix>:inst:<portalId>`), tokens
 * encrypted with AES-256-GCM (TokenCipher). Also the TokenProvider of every HubSpot call:
 * refreshes ahead of expiry under a Redis lock, so one process refreshes per portal and the
 * others wait and re-read. A refresh token HubSpot no longer accepts marks the portal
 * uninstalled, deletes its tokens and calls `onUninstalled` (the queue drops its jobs).
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
export interface ReencryptReport {
  /** Installed portals examined. */
  portals: number;
  /** Token fields already under the current key. */
  current: number;
  /** Token fields found under a previous key. */
  previousKey: number;
  /** Of those, rewritten with the current key (0 in a dry run). */
  reencrypted: number;
  /** Portals with a token no configured key can open (reinstall needed, or a key is missing). */
  unreadable: string[];
}

export { InstallationError, type InstallationErrorCode } from './errors';

export interface InstallationStoreOptions {
  redis: Redis;
  cipher: TokenCipher;
  /** Only `refresh` is used here. */
  oauth: Pick<OAuthService, 'refresh'>;
  prefix?: string;
  logger?: Logger;
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

/** Writes refreshed tokens only while the portal is still installed (an uninstall wins). */
const WRITE_IF_INSTALLED = luaScript('write-if-installed');
/** Replaces a field only if it still holds the value we read (re-encryption after key rotation). */
const COMPARE_AND_SET = luaScript('compare-and-set');

/** Marks the access token expired unless it was refreshed within ARGV[2] ms. */
const FORCE_REFRESH = luaScript('force-refresh');

interface TokenRecord {
  status: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: number;
}

export class InstallationStore implements TokenProvider {
  private readonly redis: Redis;
  private readonly cipher: TokenCipher;
  private readonly oauth: Pick<OAuthService, 'refresh'>;
  private readonly prefix: string;
  private readonly logger: Logger | undefined;
  private readonly onUninstalled: ((portalId: string) => Promise<void> | void) | undefined;
  private readonly refreshMarginMs: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly lockPollMs: number;
  private readonly statusCacheMs: { installed: number; other: number };
  private readonly now: () => number;
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly statusCache = new Map<string, { status: InstallationStatus; until: number }>();

  constructor(options: InstallationStoreOptions) {
    this.redis = options.redis;
    this.cipher = options.cipher;
    this.oauth = options.oauth;
    this.prefix = options.prefix ?? 'sw';
    this.logger = options.logger;
    this.onUninstalled = options.onUninstalled;
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockWaitMs = options.lockWaitMs ?? 15_000;
    this.lockPollMs = options.lockPollMs ?? 50;
    this.statusCacheMs = options.statusCacheMs ?? { installed: 5_000, other: 1_000 };
    this.now = options.now ?? Date.now;
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
  private context(portalId: string, field: 'access' | 'refresh'): string {
    return `inst:${portalId}:${field}`;
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
      accessToken: this.cipher.encrypt(tokens.accessToken, this.context(portalId, 'access')),
      refreshToken: this.cipher.encrypt(tokens.refreshToken, this.context(portalId, 'refresh')),
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
    const rec = await this.readTokens(portalId);
    const fresh = this.freshAccessToken(portalId, rec);
    if (fresh !== null) return fresh;
    return this.refreshUnderLock(portalId);
  }

  private async readTokens(portalId: string): Promise<TokenRecord> {
    const [status, accessToken, refreshToken, expiresAt] = await this.redis.hmget(
      this.key(portalId),
      'status',
      'accessToken',
      'refreshToken',
      'expiresAt',
    );
    return {
      status: status ?? null,
      accessToken: accessToken ?? null,
      refreshToken: refreshToken ?? null,
      expiresAt: Number(expiresAt ?? 0) || 0,
    };
  }

  private assertInstalled(
    portalId: string,
    rec: TokenRecord,
  ): asserts rec is TokenRecord & { accessToken: string; refreshToken: string } {
    if (rec.status !== 'installed' || rec.accessToken === null || rec.refreshToken === null) {
      throw new InstallationError(
        'NOT_INSTALLED',
        `Stepwise is not installed in portal ${portalId} (or was uninstalled); install it again from the marketplace listing.`,
        portalId,
      );
    }
  }

  /** The decrypted access token when it is valid beyond the refresh margin, else null. */
  private freshAccessToken(portalId: string, rec: TokenRecord): string | null {
    this.assertInstalled(portalId, rec);
    if (rec.expiresAt - this.now() <= this.refreshMarginMs) return null;
    return this.decryptField(portalId, 'access', rec.accessToken);
  }

  private decryptField(portalId: string, field: 'access' | 'refresh', ciphertext: string): string {
    let result;
    try {
      result = this.cipher.decrypt(ciphertext, this.context(portalId, field));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new InstallationError(
        'TOKEN_UNREADABLE',
        `Cannot decrypt the stored ${field} token of portal ${portalId}: ${detail}`,
        portalId,
      );
    }
    if (result.stale) {
      // Key rotation: rewrite with the current key, unless someone changed the value meanwhile.
      const fresh = this.cipher.encrypt(result.plaintext, this.context(portalId, field));
      const name = field === 'access' ? 'accessToken' : 'refreshToken';
      this.redis.eval(COMPARE_AND_SET, 1, this.key(portalId), name, ciphertext, fresh).then(
        () => this.logger?.info({ portalId, field }, 'token re-encrypted with the current key'),
        (err: unknown) => this.logger?.warn({ portalId, err: errSummary(err) }, 'token re-encryption failed'),
      );
    }
    return result.plaintext;
  }

  /**
   * Key rotation, all at once: re-encrypts with the current key every stored token that was
   * written with a previous key (TOKEN_ENCRYPTION_KEY_PREVIOUS). Tokens are otherwise
   * re-encrypted lazily when read, which leaves idle portals (and refresh tokens, read only at
   * refresh) on the old key; after this returns with `unreadable` empty and `previousKey` 0,
   * the previous key can be removed. Safe while the service runs (compare-and-set per field).
   */
  async reencryptAll(options: { dryRun?: boolean } = {}): Promise<ReencryptReport> {
    const report: ReencryptReport = {
      portals: 0,
      current: 0,
      previousKey: 0,
      reencrypted: 0,
      unreadable: [],
    };
    for (const portalId of await this.listInstalled()) {
      report.portals += 1;
      const [accessToken, refreshToken] = await this.redis.hmget(
        this.key(portalId),
        'accessToken',
        'refreshToken',
      );
      let unreadable = false;
      for (const [field, name, value] of [
        ['access', 'accessToken', accessToken],
        ['refresh', 'refreshToken', refreshToken],
      ] as const) {
        if (value === null || value === undefined) continue;
        let result;
        try {
          result = this.cipher.decrypt(value, this.context(portalId, field));
        } catch {
          unreadable = true;
          continue;
        }
        if (!result.stale) {
          report.current += 1;
          continue;
        }
        report.previousKey += 1;
        if (options.dryRun === true) continue;
        const fresh = this.cipher.encrypt(result.plaintext, this.context(portalId, field));
        const swapped = await this.redis.eval(COMPARE_AND_SET, 1, this.key(portalId), name, value, fresh);
        // 0: the value changed meanwhile (a refresh wrote a new one, with the current key).
        if (swapped === 1) report.reencrypted += 1;
      }
      if (unreadable) report.unreadable.push(portalId);
    }
    this.logger?.info({ ...report, unreadable: report.unreadable.length }, 'token re-encryption finished');
    return report;
  }

  private async refreshUnderLock(portalId: string): Promise<string> {
    const deadline = this.now() + this.lockWaitMs;
    const lockKey = this.lockKey(portalId);
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
      const fresh = this.freshAccessToken(portalId, await this.readTokens(portalId));
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
    const rec = await this.readTokens(portalId);
    const fresh = this.freshAccessToken(portalId, rec); // another process may have just refreshed
    if (fresh !== null) return fresh;
    this.assertInstalled(portalId, rec);
    const refreshToken = this.decryptField(portalId, 'refresh', rec.refreshToken);
    let tokens: TokenSet;
    try {
      tokens = await this.oauth.refresh(refreshToken);
    } catch (err) {
      if (err instanceof OAuthError && err.code === 'REFRESH_REVOKED') {
        await this.markUninstalled(portalId, 'refresh_token_revoked');
        throw new InstallationError(
          'NOT_INSTALLED',
          `HubSpot revoked Stepwise's access to portal ${portalId} (app uninstalled); it was marked uninstalled.`,
          portalId,
        );
      }
      // Transient: keep using the current token while it is still valid.
      if (rec.expiresAt - this.now() > 30_000) {
        this.logger?.warn(
          { portalId, err: errSummary(err) },
          'token refresh failed; using the current token until it expires',
        );
        return this.decryptField(portalId, 'access', rec.accessToken);
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
      this.key(portalId),
      this.cipher.encrypt(tokens.accessToken, this.context(portalId, 'access')),
      this.cipher.encrypt(tokens.refreshToken, this.context(portalId, 'refresh')),
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
    return tokens.accessToken;
  }
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

function throwOnMultiError(res: [Error | null, unknown][] | null): void {
  if (res === null) throw new Error('Redis transaction was aborted');
  for (const [err] of res) if (err !== null) throw err;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error)
    return { name: err.name, message: err.message, code: (err as { code?: unknown }).code };
  return { message: String(err) };
}
