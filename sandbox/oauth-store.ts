import { randomBytes } from 'node:crypto';
import type { IssuedTokens } from './types';

/**
 * OAuth state: authorization codes (single use, short-lived), access tokens (expire after
 * `accessTokenTtlSeconds`), refresh tokens (never expire; revoked by DELETE or uninstall).
 * Each token belongs to exactly one portal.
 */

export interface AccessTokenRecord {
  token: string;
  portalId: number;
  userId: number;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  portalId: number;
  userId: number;
  scopes: string[];
  revoked: boolean;
}

export interface AuthCodeRecord {
  code: string;
  portalId: number;
  userId: number;
  scopes: string[];
  redirectUri: string;
  clientId: string;
  expiresAt: number;
  used: boolean;
}

export type AccessCheck =
  | { ok: true; record: AccessTokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'revoked' }
  | { ok: false; reason: 'expired'; expiredAt: number };

const CODE_TTL_MS = 10 * 60_000;

function opaque(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export class OAuthStore {
  private readonly codes = new Map<string, AuthCodeRecord>();
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();

  constructor(
    private readonly now: () => number,
    public accessTokenTtlSeconds: number,
  ) {}

  issueCode(input: Omit<AuthCodeRecord, 'code' | 'expiresAt' | 'used'>): AuthCodeRecord {
    const rec: AuthCodeRecord = {
      ...input,
      code: opaque('', 27),
      expiresAt: this.now() + CODE_TTL_MS,
      used: false,
    };
    this.codes.set(rec.code, rec);
    return rec;
  }

  /** Consumes a code: undefined when unknown, used or expired. */
  consumeCode(code: string): AuthCodeRecord | undefined {
    const rec = this.codes.get(code);
    if (rec === undefined || rec.used || rec.expiresAt <= this.now()) return undefined;
    rec.used = true;
    return rec;
  }

  issueAccessToken(portalId: number, userId: number, scopes: string[]): AccessTokenRecord {
    const issuedAt = this.now();
    const rec: AccessTokenRecord = {
      token: opaque('CN', 96),
      portalId,
      userId,
      scopes: [...scopes],
      issuedAt,
      expiresAt: issuedAt + this.accessTokenTtlSeconds * 1000,
      revoked: false,
    };
    this.access.set(rec.token, rec);
    return rec;
  }

  issueRefreshToken(portalId: number, userId: number, scopes: string[]): RefreshTokenRecord {
    const token = `na1-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`;
    const rec: RefreshTokenRecord = { token, portalId, userId, scopes: [...scopes], revoked: false };
    this.refresh.set(token, rec);
    return rec;
  }

  /** A fresh access + refresh token pair (code exchange, admin install). */
  issuePair(portalId: number, userId: number, scopes: string[]): IssuedTokens {
    const a = this.issueAccessToken(portalId, userId, scopes);
    const r = this.issueRefreshToken(portalId, userId, scopes);
    return {
      accessToken: a.token,
      refreshToken: r.token,
      expiresIn: this.accessTokenTtlSeconds,
      portalId,
      userId,
      scopes: [...scopes],
    };
  }

  checkAccess(token: string | undefined): AccessCheck {
    if (token === undefined || token === '') return { ok: false, reason: 'missing' };
    const rec = this.access.get(token);
    if (rec === undefined) return { ok: false, reason: 'unknown' };
    if (rec.revoked) return { ok: false, reason: 'revoked' };
    if (rec.expiresAt <= this.now()) return { ok: false, reason: 'expired', expiredAt: rec.expiresAt };
    return { ok: true, record: rec };
  }

  accessRecord(token: string): AccessTokenRecord | undefined {
    return this.access.get(token);
  }

  refreshRecord(token: string): RefreshTokenRecord | undefined {
    const rec = this.refresh.get(token);
    return rec === undefined || rec.revoked ? undefined : rec;
  }

  revokeRefreshToken(token: string): boolean {
    const rec = this.refresh.get(token);
    if (rec === undefined || rec.revoked) return false;
    rec.revoked = true;
    return true;
  }

  /** Uninstall: every access and refresh token of the portal stops working. */
  revokePortal(portalId: number): void {
    for (const a of this.access.values()) if (a.portalId === portalId) a.revoked = true;
    for (const r of this.refresh.values()) if (r.portalId === portalId) r.revoked = true;
  }

  /** Makes the portal's (or every) live access token expire now. */
  expireAccessTokens(portalId?: number): number {
    const now = this.now();
    let n = 0;
    for (const a of this.access.values()) {
      if (portalId !== undefined && a.portalId !== portalId) continue;
      if (!a.revoked && a.expiresAt > now) {
        a.expiresAt = now;
        n++;
      }
    }
    return n;
  }
}
