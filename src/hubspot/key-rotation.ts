import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { TokenVault } from './token-vault';

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

export interface KeyRotationDeps {
  redis: Redis;
  vault: TokenVault;
  listInstalled(): Promise<string[]>;
  logger?: Logger | undefined;
}

/**
 * Key rotation, all at once: re-encrypts with the current key every stored token that was
 * written with a previous key (TOKEN_ENCRYPTION_KEY_PREVIOUS). Tokens are otherwise
 * re-encrypted lazily when read, which leaves idle portals (and refresh tokens, read only at
 * refresh) on the old key; after this returns with `unreadable` empty and `previousKey` 0,
 * the previous key can be removed. Safe while the service runs (compare-and-set per field).
 */
export async function reencryptAll(
  deps: KeyRotationDeps,
  options: { dryRun?: boolean } = {},
): Promise<ReencryptReport> {
  const report: ReencryptReport = {
    portals: 0,
    current: 0,
    previousKey: 0,
    reencrypted: 0,
    unreadable: [],
  };
  for (const portalId of await deps.listInstalled()) {
    report.portals += 1;
    const [accessToken, refreshToken] = await deps.redis.hmget(
      deps.vault.key(portalId),
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
        result = deps.vault.open(portalId, field, value);
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
      const fresh = deps.vault.encrypt(portalId, field, result.plaintext);
      // false: the value changed meanwhile (a refresh wrote a new one, with the current key).
      if (await deps.vault.compareAndSet(portalId, name, value, fresh)) report.reencrypted += 1;
    }
    if (unreadable) report.unreadable.push(portalId);
  }
  deps.logger?.info({ ...report, unreadable: report.unreadable.length }, 'token re-encryption finished');
  return report;
}
