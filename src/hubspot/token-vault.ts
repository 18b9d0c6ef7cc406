import type { Redis } from 'ioredis';
import type { TokenCipher } from '../crypto/token-cipher';
import type { Logger } from '../logger';
import { redisKeys } from '../redis/keys';
import { runLua } from '../redis/lua-scripts';
import { InstallationError, errSummary } from './errors';

/** Replaces a field only if it still holds the value we read (re-encryption after key rotation). */

export type TokenField = 'access' | 'refresh';

export interface TokenRecord {
  status: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: number;
}

/**
 * The tokens in an installation hash, encrypted at rest with AES-256-GCM bound to portal and
 * field. Reading a token written under a previous key re-encrypts it with the current one.
 */
export class TokenVault {
  constructor(
    private readonly redis: Redis,
    private readonly cipher: TokenCipher,
    private readonly prefix: string,
    private readonly logger: Logger | undefined,
  ) {}

  key(portalId: string): string {
    return redisKeys(this.prefix).installation(portalId);
  }

  /** Associated data of a token field (a ciphertext cannot be moved to another portal or field). */
  context(portalId: string, field: TokenField): string {
    return `inst:${portalId}:${field}`;
  }

  encrypt(portalId: string, field: TokenField, plaintext: string): string {
    return this.cipher.encrypt(plaintext, this.context(portalId, field));
  }

  async read(portalId: string): Promise<TokenRecord> {
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

  assertInstalled(
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

  decrypt(portalId: string, field: 'access' | 'refresh', ciphertext: string): string {
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
      runLua(this.redis, 'compare-and-set', [this.key(portalId)], [name, ciphertext, fresh]).then(
        () => this.logger?.info({ portalId, field }, 'token re-encrypted with the current key'),
        (err: unknown) => this.logger?.warn({ portalId, err: errSummary(err) }, 'token re-encryption failed'),
      );
    }
    return result.plaintext;
  }

  /** Rewrites a field under the current key if it still holds `read`; true when swapped. */
  async compareAndSet(
    portalId: string,
    name: 'accessToken' | 'refreshToken',
    read: string,
    fresh: string,
  ): Promise<boolean> {
    return (await runLua(this.redis, 'compare-and-set', [this.key(portalId)], [name, read, fresh])) === 1;
  }

  /** Decrypts without side effects: the plaintext and whether it was under a previous key. */
  open(portalId: string, field: TokenField, ciphertext: string): { plaintext: string; stale: boolean } {
    return this.cipher.decrypt(ciphertext, this.context(portalId, field));
  }
}
