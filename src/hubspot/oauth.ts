import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { isNetworkLikeError } from './errors';
import { redisKeys } from '../redis/keys';

/**
 * HubSpot OAuth 2.0 for the marketplace app: authorize URL with a signed, expiring, once-only
 * `state`; code exchange, refresh, introspection and revocation on HubSpot's 2026-03 endpoints
 * (form-encoded bodies, every parameter in the body). @hubspot/api-client 13/14 still calls
 * `/oauth/v1/*`, which HubSpot switches off on 2027-02-16, so these calls are ours: plain
 * fetch, zod-validated answers, both of HubSpot's error shapes.
 * https://developers.hubspot.com/docs/api-reference/2026-03/authentication/manage-oauth-tokens
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
  | 'REVOKE_FAILED'
  /** HubSpot refused our client id / secret (401 or invalid_client): an operator must fix the config. */
  | 'CLIENT_REJECTED'
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
  /** Abandons an OAuth request after this many ms (HUBSPOT_UNAVAILABLE). Default 10 000. */
  timeoutMs?: number;
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
  /**
   * Throws OAuthError REFRESH_REVOKED only for HubSpot's revoked-grant answer (400 invalid_grant /
   * BAD_REFRESH_TOKEN), CLIENT_REJECTED when our client credentials were refused.
   */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes a refresh token; 'already_invalid' when HubSpot no longer knew it. */
  revoke(refreshToken: string): Promise<'revoked' | 'already_invalid'>;
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
  const apiBase = options.apiBaseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  /** POSTs a form to an OAuth endpoint: the parsed JSON body of a 2xx, else OAuthHttpError. */
  const post = async (path: string, form: Record<string, string>): Promise<unknown> => {
    const res = await fetch(`${apiBase}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = { message: text.slice(0, 200) };
      }
    }
    if (!res.ok) throw new OAuthHttpError(res.status, body);
    return body;
  };

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
      // Authorization-code grant: https://developers.hubspot.com/docs/api-reference/2026-03/authentication/manage-oauth-tokens
      const body = await post(TOKEN_PATH, {
        grant_type: 'authorization_code',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uri: redirectUri,
        code,
      }).catch((err: unknown) => {
        throw toOAuthError(err, 'EXCHANGE_FAILED', 'HubSpot rejected the authorization code');
      });
      return toTokenSet(body);
    },

    async getTokenInfo(accessToken) {
      // Introspection (token in the body, not the URL):
      // https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/token-introspect
      const what = 'HubSpot could not describe the new access token';
      const body = await post(INTROSPECT_PATH, {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        token: accessToken,
        token_type_hint: 'access_token',
      }).catch((err: unknown) => {
        throw toOAuthError(err, 'TOKEN_INFO_FAILED', what);
      });
      const parsed = introspectionSchema.safeParse(body);
      if (!parsed.success) {
        throw new OAuthError('TOKEN_INFO_FAILED', `${what}: unexpected answer (${zodSummary(parsed.error)}).`);
      }
      const info = parsed.data;
      if (!info.active || info.hub_id === undefined) {
        throw new OAuthError('TOKEN_INFO_FAILED', `${what}: HubSpot says the token is not active.`);
      }
      return {
        portalId: String(info.hub_id),
        scopes: info.scopes ?? [],
        hubDomain: info.hub_domain ?? null,
        userId: info.user_id === undefined ? null : String(info.user_id),
        appId: info.app_id === undefined ? null : String(info.app_id),
      };
    },

    async refresh(refreshToken) {
      // Refresh grant: https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/refresh-oauth-token
      const body = await post(TOKEN_PATH, {
        grant_type: 'refresh_token',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        refresh_token: refreshToken,
      }).catch((err: unknown) => {
        if (err instanceof OAuthHttpError && isRevokedGrant(err.status, err.body)) {
          throw new OAuthError(
            'REFRESH_REVOKED',
            'HubSpot no longer accepts the refresh token: the app was uninstalled or access was revoked.',
            err.status,
            hubspotCodeOf(err.body),
          );
        }
        throw toOAuthError(err, 'REFRESH_FAILED', 'HubSpot refused to refresh the access token');
      });
      return toTokenSet(body, refreshToken);
    },

    async revoke(refreshToken) {
      // https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token
      // The success status is not documented: any 2xx counts. A token HubSpot no longer knows
      // (invalid_grant / BAD_REFRESH_TOKEN, or 404 as the v1 endpoint answered) is already revoked.
      try {
        await post(REVOKE_PATH, {
          client_id: options.clientId,
          client_secret: options.clientSecret,
          token: refreshToken,
          token_type_hint: 'refresh_token',
        });
        return 'revoked';
      } catch (err) {
        if (err instanceof OAuthHttpError && (err.status === 404 || isRevokedGrant(err.status, err.body))) {
          return 'already_invalid';
        }
        throw toOAuthError(err, 'REVOKE_FAILED', 'HubSpot refused to revoke the refresh token');
      }
    },
  };
}

/** HubSpot's 2026-03 OAuth endpoints (v1 is switched off on 2027-02-16:
 * https://developers.hubspot.com/changelog/v1-oauth-api-deprecation). */
export const TOKEN_PATH = '/oauth/2026-03/token';
export const INTROSPECT_PATH = '/oauth/2026-03/token/introspect';
export const REVOKE_PATH = '/oauth/2026-03/token/revoke';

/** A non-2xx answer of an OAuth endpoint, with its parsed body. */
class OAuthHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HubSpot OAuth answered HTTP ${status}`);
    this.name = 'OAuthHttpError';
  }
}

/** Token response (snake_case, as the 2026-03 reference documents it). */
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive().optional(),
  token_type: z.string().optional(),
  hub_id: z.number().optional(),
  scopes: z.array(z.string()).optional(),
});

/** Introspection of an access token; fields HubSpot marks optional stay optional here. */
const introspectionSchema = z.object({
  active: z.boolean(),
  hub_id: z.number().int().nonnegative().optional(),
  user_id: z.number().int().optional(),
  user: z.string().optional(),
  app_id: z.number().int().optional(),
  hub_domain: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  token_use: z.string().optional(),
});

/**
 * Both error shapes HubSpot sends: RFC 6749 `error`/`error_description` and the legacy
 * `status`/`message` (kept for backward compatibility):
 * https://developers.hubspot.com/changelog/new-oauth-v3-api-endpoints-and-standardized-error-responses
 */
const oauthErrorSchema = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
  category: z.string().optional(),
});

type OAuthErrorBody = z.infer<typeof oauthErrorSchema>;

function errorBody(body: unknown): OAuthErrorBody {
  const parsed = oauthErrorSchema.safeParse(body);
  return parsed.success ? parsed.data : {};
}

function zodSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function toTokenSet(body: unknown, previousRefreshToken?: string): TokenSet {
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new OAuthError(
      'EXCHANGE_FAILED',
      `HubSpot answered without a usable access token (${zodSummary(parsed.error)}).`,
    );
  }
  const refreshToken = parsed.data.refresh_token ?? previousRefreshToken;
  if (refreshToken === undefined) {
    throw new OAuthError('EXCHANGE_FAILED', 'HubSpot answered without a refresh token.');
  }
  return {
    accessToken: parsed.data.access_token,
    refreshToken,
    // Access tokens live 30 minutes when HubSpot does not say otherwise.
    expiresInSeconds: parsed.data.expires_in ?? 1800,
  };
}

/** HubSpot's machine code of an OAuth error: RFC 6749 `error` first, else legacy `status`, else `category`. */
function hubspotCodeOf(body: unknown): string | null {
  const b = errorBody(body);
  return b.error ?? b.status ?? b.category ?? null;
}

/**
 * The revoked-grant answer, the ONLY one that means "uninstalled": 400 with `invalid_grant`
 * (RFC 6749 §5.2) or the legacy `BAD_REFRESH_TOKEN`.
 */
export function isRevokedGrant(status: number, body: unknown): boolean {
  if (status !== 400) return false;
  const b = errorBody(body);
  return b.error === 'invalid_grant' || b.status === 'BAD_REFRESH_TOKEN';
}

/** Our own credentials were refused: 401, or `invalid_client` / BAD_CLIENT_ID / BAD_CLIENT_SECRET. */
export function isClientRejected(status: number, body: unknown): boolean {
  if (status === 401) return true;
  const b = errorBody(body);
  return (
    b.error === 'invalid_client' ||
    b.error === 'unauthorized_client' ||
    b.status === 'BAD_CLIENT_ID' ||
    b.status === 'BAD_CLIENT_SECRET'
  );
}

function toOAuthError(err: unknown, code: OAuthErrorCode, what: string): OAuthError {
  if (err instanceof OAuthError) return err;
  if (err instanceof OAuthHttpError) {
    const status = err.status;
    const hsCode = hubspotCodeOf(err.body);
    const b = errorBody(err.body);
    const said = b.error_description ?? b.message;
    if (status >= 500 || status === 429) {
      return new OAuthError(
        'HUBSPOT_UNAVAILABLE',
        `${what}: HubSpot answered HTTP ${status}; try again in a minute.`,
        status,
        hsCode,
      );
    }
    if (isClientRejected(status, err.body)) {
      return new OAuthError(
        'CLIENT_REJECTED',
        `${what}: HubSpot refused Stepwise's client credentials (HTTP ${status}${hsCode !== null ? `, ${hsCode}` : ''}). ` +
          'Check HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET against the app in HubSpot (the secret may have been rotated).',
        status,
        hsCode,
      );
    }
    return new OAuthError(
      code,
      `${what} (HTTP ${status}${hsCode !== null ? `, ${hsCode}` : ''}${said !== undefined ? `: ${said}` : ''}).`,
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
