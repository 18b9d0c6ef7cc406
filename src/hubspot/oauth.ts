import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createHubSpotClient } from './client';
import { isHttpLikeError, isNetworkLikeError } from './errors';
import { redisKeys } from '../redis/keys';

/**
 * HubSpot OAuth 2.0 for the marketplace app: authorize URL with a signed, expiring, once-only
 * `state`; code exchange; token introspection; refresh. All HubSpot calls go through the
 * @hubspot/api-client oauth API (basePath from config, SDK retries off).
 */

/** Scopes Stepwise asks for at install (also the `requiredScopes` of the app definition). */
export const REQUIRED_SCOPES: readonly string[] = Object.freeze([
  'oauth',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.deals.read',
  'crm.schemas.deals.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
]);

/**
 * Asked for but not required (`optional_scope`; the app definition's `optionalScopes`): the
 * ready-made deal lists need them, and install skips the lists when they are not granted.
 */
export const OPTIONAL_SCOPES: readonly string[] = Object.freeze(['crm.lists.read', 'crm.lists.write']);

export const CALLBACK_PATH = '/oauth/callback';
export const STATE_TTL_MS = 10 * 60 * 1000;

export type OAuthErrorCode =
  | 'STATE_MISSING'
  | 'STATE_INVALID'
  | 'STATE_EXPIRED'
  | 'STATE_REPLAYED'
  | 'CODE_MISSING'
  | 'EXCHANGE_FAILED'
  | 'TOKEN_INFO_FAILED'
  | 'REFRESH_REVOKED'
  | 'REFRESH_FAILED'
  | 'HUBSPOT_UNAVAILABLE';

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
    /** HTTP status HubSpot answered with, when there was one. */
    readonly hubspotStatus: number | null = null,
    /** HubSpot's machine status (e.g. BAD_AUTH_CODE, BAD_REFRESH_TOKEN), when given. */
    readonly hubspotCode: string | null = null,
  ) {
    super(message);
    this.name = 'OAuthError';
  }

  /** True when trying again later may succeed (HubSpot 5xx / unreachable). */
  get retryable(): boolean {
    return this.code === 'HUBSPOT_UNAVAILABLE';
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      hubspotStatus: this.hubspotStatus,
      hubspotCode: this.hubspotCode,
      message: this.message,
    };
  }
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export interface TokenInfo {
  /** hub_id: the HubSpot portal (account) id. */
  portalId: string;
  scopes: string[];
  hubDomain: string | null;
  /** The HubSpot user who installed the app. */
  userId: string | null;
  appId: string | null;
}

export interface OAuthServiceOptions {
  clientId: string;
  clientSecret: string;
  publicBaseUrl: string;
  /** HubSpot API base (Config.hubspotApiBaseUrl). */
  apiBaseUrl: string;
  /** HubSpot authorize page (Config.hubspotAuthorizeUrl). */
  authorizeUrl: string;
  redis: Redis;
  prefix?: string;
  stateTtlMs?: number;
  now?: () => number;
}

export type StateCheck =
  { ok: true } | { ok: false; code: Extract<OAuthErrorCode, `STATE_${string}`>; message: string };

export interface OAuthService {
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** Creates a once-only state (nonce stored in Redis) and the URL to send the installer to. */
  createAuthorizeUrl(): Promise<{ url: string; state: string }>;
  /** Verifies signature and expiry, then consumes the nonce (a second use is STATE_REPLAYED). Never throws for bad input. */
  consumeState(state: string | undefined): Promise<StateCheck>;
  exchangeCode(code: string): Promise<TokenSet>;
  getTokenInfo(accessToken: string): Promise<TokenInfo>;
  /** Throws OAuthError REFRESH_REVOKED when HubSpot says the refresh token is no longer valid. */
  refresh(refreshToken: string): Promise<TokenSet>;
}

const STATE_DOMAIN = 'stepwise.oauth-state.v1|';

export function createOAuthService(options: OAuthServiceOptions): OAuthService {
  const prefix = options.prefix ?? 'sw';
  const ttl = options.stateTtlMs ?? STATE_TTL_MS;
  const now = options.now ?? Date.now;
  const redirectUri = `${options.publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;
  const stateKey = redisKeys(prefix).oauthState;
  const sign = (payload: string): Buffer =>
    createHmac('sha256', options.clientSecret).update(STATE_DOMAIN).update(payload).digest();
  const client = () => createHubSpotClient({ basePath: options.apiBaseUrl });

  return {
    redirectUri,
    scopes: REQUIRED_SCOPES,

    async createAuthorizeUrl() {
      const nonce = randomBytes(18).toString('base64url');
      const expiresAt = now() + ttl;
      const payload = `${nonce}.${expiresAt}`;
      const state = `${payload}.${sign(payload).toString('base64url')}`;
      // Kept a little longer than the state is valid so an expired state is reported as expired.
      await options.redis.set(stateKey(nonce), String(expiresAt), 'PX', ttl + 60_000);
      const url = new URL(options.authorizeUrl);
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', REQUIRED_SCOPES.join(' '));
      url.searchParams.set('optional_scope', OPTIONAL_SCOPES.join(' '));
      url.searchParams.set('state', state);
      return { url: url.toString(), state };
    },

    async consumeState(state) {
      if (state === undefined || state === '') {
        return { ok: false, code: 'STATE_MISSING', message: 'The install link carried no state.' };
      }
      const parts = state.split('.');
      if (parts.length !== 3 || state.length > 200) {
        return { ok: false, code: 'STATE_INVALID', message: 'The install state is malformed.' };
      }
      const [nonce, expText, sigText] = parts as [string, string, string];
      const expected = sign(`${nonce}.${expText}`);
      const given = Buffer.from(sigText, 'base64url');
      if (
        given.length !== expected.length ||
        !timingSafeEqual(given, expected) ||
        !/^\d{1,16}$/.test(expText)
      ) {
        return {
          ok: false,
          code: 'STATE_INVALID',
          message: 'The install state was not issued by this Stepwise server.',
        };
      }
      if (Number(expText) < now()) {
        return {
          ok: false,
          code: 'STATE_EXPIRED',
          message: 'The install link expired (it is valid for 10 minutes).',
        };
      }
      const stored = await options.redis.getdel(stateKey(nonce));
      if (stored === null) {
        return { ok: false, code: 'STATE_REPLAYED', message: 'This install link was already used.' };
      }
      return { ok: true };
    },

    async exchangeCode(code) {
      try {
        const res = await client().oauth.tokensApi.create(
          'authorization_code',
          code,
          redirectUri,
          options.clientId,
          options.clientSecret,
        );
        return toTokenSet(res);
      } catch (err) {
        throw toOAuthError(err, 'EXCHANGE_FAILED', 'HubSpot rejected the authorization code');
      }
    },

    async getTokenInfo(accessToken) {
      try {
        const info = await client().oauth.accessTokensApi.get(accessToken);
        if (typeof info.hubId !== 'number' || !Number.isFinite(info.hubId)) {
          throw new OAuthError('TOKEN_INFO_FAILED', 'HubSpot token information had no hub_id.');
        }
        return {
          portalId: String(info.hubId),
          scopes: Array.isArray(info.scopes) ? info.scopes.map(String) : [],
          hubDomain: typeof info.hubDomain === 'string' ? info.hubDomain : null,
          userId: typeof info.userId === 'number' ? String(info.userId) : null,
          appId: typeof info.appId === 'number' ? String(info.appId) : null,
        };
      } catch (err) {
        if (err instanceof OAuthError) throw err;
        throw toOAuthError(err, 'TOKEN_INFO_FAILED', 'HubSpot could not describe the new access token');
      }
    },

    async refresh(refreshToken) {
      try {
        const res = await client().oauth.tokensApi.create(
          'refresh_token',
          undefined,
          redirectUri,
          options.clientId,
          options.clientSecret,
          refreshToken,
        );
        return toTokenSet(res, refreshToken);
      } catch (err) {
        if (isHttpLikeError(err) && isRevocation(err.code, err.body)) {
          throw new OAuthError(
            'REFRESH_REVOKED',
            'HubSpot no longer accepts the refresh token: the app was uninstalled or access was revoked.',
            err.code,
            hubspotStatusField(err.body),
          );
        }
        throw toOAuthError(err, 'REFRESH_FAILED', 'HubSpot refused to refresh the access token');
      }
    },
  };
}

function toTokenSet(
  res: { accessToken?: unknown; refreshToken?: unknown; expiresIn?: unknown },
  previousRefreshToken?: string,
): TokenSet {
  const accessToken = typeof res.accessToken === 'string' ? res.accessToken : '';
  const refreshToken =
    typeof res.refreshToken === 'string' && res.refreshToken !== '' ? res.refreshToken : previousRefreshToken;
  const expiresIn =
    typeof res.expiresIn === 'number' && Number.isFinite(res.expiresIn) ? res.expiresIn : 1800;
  if (accessToken === '' || refreshToken === undefined || refreshToken === '') {
    throw new OAuthError('EXCHANGE_FAILED', 'HubSpot answered without an access token or refresh token.');
  }
  return { accessToken, refreshToken, expiresInSeconds: expiresIn };
}

function hubspotStatusField(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  for (const field of ['status', 'error', 'category']) {
    const v = b[field];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

/** 401, or 400 with BAD_REFRESH_TOKEN / invalid_grant: the grant is gone for good. */
function isRevocation(status: number, body: unknown): boolean {
  if (status === 401) return true;
  if (status !== 400) return false;
  const code = hubspotStatusField(body);
  if (code === 'BAD_REFRESH_TOKEN' || code === 'invalid_grant') return true;
  const message =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['message'] : undefined;
  return (
    typeof message === 'string' &&
    /refresh token/i.test(message) &&
    /(missing|unknown|invalid|revoked)/i.test(message)
  );
}

function toOAuthError(err: unknown, code: OAuthErrorCode, what: string): OAuthError {
  if (err instanceof OAuthError) return err;
  if (isHttpLikeError(err)) {
    const status = err.code;
    const hsCode = hubspotStatusField(err.body);
    if (status >= 500 || status === 429) {
      return new OAuthError(
        'HUBSPOT_UNAVAILABLE',
        `${what}: HubSpot answered HTTP ${status}; try again in a minute.`,
        status,
        hsCode,
      );
    }
    return new OAuthError(
      code,
      `${what} (HTTP ${status}${hsCode !== null ? `, ${hsCode}` : ''}).`,
      status,
      hsCode,
    );
  }
  if (isNetworkLikeError(err)) {
    return new OAuthError(
      'HUBSPOT_UNAVAILABLE',
      `${what}: HubSpot could not be reached; try again in a minute.`,
    );
  }
  return new OAuthError(code, `${what}.`);
}
