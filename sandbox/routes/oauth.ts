import { SandboxHttpError, correlationId, oauthError } from '../errors';
import type { Router, RouteContext, HttpResult } from '../router';
import { OPTIONAL_APP_SCOPES, REQUIRED_APP_SCOPES, type SandboxServices } from '../services';

/**
 * OAuth 2.0 as HubSpot runs it for marketplace apps: the authorize page (auto-approved by the
 * sandbox), the 2026-03 token endpoints (exchange/refresh, introspect, revoke; every parameter
 * in an x-www-form-urlencoded body) and the Uninstall App API.
 * https://developers.hubspot.com/docs/api-reference/2026-03/authentication/manage-oauth-tokens
 * The v1 endpoints answer 404 by default, as they will after HubSpot's sunset on 2027-02-16
 * (https://developers.hubspot.com/changelog/v1-oauth-api-deprecation); `oauth.v1: true` serves them.
 */

function scopesOf(raw: string | null): string[] {
  if (raw === null) return [];
  return raw
    .split(/[\s+]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function authorizeError(status: string, message: string): SandboxHttpError {
  return new SandboxHttpError(400, { status, message, correlationId: correlationId() });
}

function authorize(s: SandboxServices, ctx: RouteContext): HttpResult {
  const q = ctx.query;
  const clientId = q.get('client_id');
  if (clientId !== s.app.clientId) throw authorizeError('BAD_CLIENT_ID', 'missing or invalid client_id');
  const redirectUri = q.get('redirect_uri');
  if (redirectUri === null || redirectUri === '') {
    throw authorizeError('BAD_REDIRECT_URI', 'redirect_uri is required');
  }
  // HubSpot accepts only a redirect URL configured on the app, compared exactly, and the
  // install URL's `scope` must be exactly the app's required scopes:
  // https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/oauth/working-with-oauth
  const strict = s.oauthOptions.strictMatching;
  if ((strict || s.app.redirectUris.length > 0) && !s.app.redirectUris.includes(redirectUri)) {
    throw authorizeError(
      'BAD_REDIRECT_URI',
      `redirect_uri ${redirectUri} is not one of the app's redirect URLs (${s.app.redirectUris.join(', ') || 'none configured'})`,
    );
  }
  const required = scopesOf(q.get('scope'));
  const optional = scopesOf(q.get('optional_scope'));
  const configured = s.app.scopes.length > 0 ? s.app.scopes : strict ? [...REQUIRED_APP_SCOPES] : [];
  const configuredOptional =
    s.app.optionalScopes ?? (s.app.scopes.length > 0 ? [] : [...OPTIONAL_APP_SCOPES]);
  if (configured.length > 0) {
    const allowed = [...configured, ...configuredOptional];
    const unknown = [...required, ...optional].filter((sc) => !allowed.includes(sc));
    const missing = strict ? configured.filter((sc) => !required.includes(sc)) : [];
    if (unknown.length > 0 || missing.length > 0) {
      const diff = [
        ...(unknown.length > 0 ? [`not configured: ${unknown.join(', ')}`] : []),
        ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
      ].join('; ');
      throw authorizeError(
        'BAD_SCOPES',
        `There is a mismatch between the scopes in the install URL and the app's configured scopes (${diff})`,
      );
    }
  }
  const granted = [...new Set([...(required.length > 0 ? required : s.defaultScopes), ...optional])];
  const portalRaw = ctx.params['portalId'] ?? q.get('portal');
  const portalId =
    portalRaw !== null && portalRaw !== undefined && portalRaw !== ''
      ? Number(portalRaw)
      : (s.installPortalId ?? s.state.listPortals()[0]?.portalId ?? NaN);
  if (!Number.isInteger(portalId) || !s.state.hasPortal(portalId)) {
    throw authorizeError('BAD_HUB', `missing or unknown hub id ${String(portalRaw ?? '')}`.trim());
  }
  const info = s.state.portalInfo(portalId);
  const userId = info.users[0]?.id ?? portalId;
  s.state.updatePortal(portalId, { installed: true });
  const code = s.oauth.issueCode({ portalId, userId, scopes: granted, redirectUri, clientId });
  const location = new URL(redirectUri);
  location.searchParams.set('code', code.code);
  const state = q.get('state');
  if (state !== null) location.searchParams.set('state', state);
  return { status: 302, headers: { Location: location.toString() } };
}

function tokenResponse(
  s: SandboxServices,
  accessToken: string,
  refreshToken: string,
  portalId: number,
  userId: number,
  scopes: string[],
): HttpResult {
  return {
    status: 200,
    body: {
      token_type: 'bearer',
      refresh_token: refreshToken,
      access_token: accessToken,
      expires_in: s.oauth.accessTokenTtlSeconds,
      hub_id: portalId,
      user_id: userId,
      scopes,
      token_use: 'access_token',
    },
  };
}

function token(s: SandboxServices, ctx: RouteContext): HttpResult {
  const form = ctx.form();
  const grant = form.get('grant_type');
  if (grant !== 'authorization_code' && grant !== 'refresh_token') {
    throw oauthError(
      'BAD_GRANT_TYPE',
      `unsupported grant_type: ${grant ?? '(missing)'}`,
      'unsupported_grant_type',
    );
  }
  checkClient(s, form);
  if (grant === 'authorization_code') {
    const code = s.oauth.consumeCode(form.get('code') ?? '');
    if (code === undefined)
      throw oauthError('BAD_AUTH_CODE', 'missing or unknown auth code', 'invalid_grant');
    if (form.get('redirect_uri') !== code.redirectUri) {
      throw oauthError(
        'BAD_REDIRECT_URI',
        'redirect_uri does not match initial auth code URL',
        'invalid_grant',
      );
    }
    const pair = s.oauth.issuePair(code.portalId, code.userId, code.scopes);
    return tokenResponse(s, pair.accessToken, pair.refreshToken, code.portalId, code.userId, code.scopes);
  }
  const refresh = s.oauth.refreshRecord(form.get('refresh_token') ?? '');
  if (
    refresh === undefined ||
    !s.state.hasPortal(refresh.portalId) ||
    !s.state.portalInfo(refresh.portalId).installed
  ) {
    throw oauthError('BAD_REFRESH_TOKEN', 'refresh token is invalid, expired or revoked', 'invalid_grant');
  }
  const access = s.oauth.issueAccessToken(refresh.portalId, refresh.userId, refresh.scopes);
  return tokenResponse(s, access.token, refresh.token, refresh.portalId, refresh.userId, refresh.scopes);
}

function accessTokenInfo(s: SandboxServices, ctx: RouteContext): HttpResult {
  const raw = ctx.params['token'] ?? '';
  const check = s.oauth.checkAccess(raw);
  if (!check.ok) {
    throw new SandboxHttpError(404, {
      status: 'error',
      message: check.reason === 'expired' ? 'access token expired' : 'access token not found',
      correlationId: correlationId(),
      category: 'OBJECT_NOT_FOUND',
    });
  }
  const rec = check.record;
  const info = s.state.portalInfo(rec.portalId);
  const user = info.users.find((u) => u.id === rec.userId);
  return {
    status: 200,
    body: {
      token: rec.token,
      user: user?.email ?? null,
      hub_domain: info.hubDomain,
      scopes: rec.scopes,
      hub_id: rec.portalId,
      app_id: s.app.appId,
      expires_in: Math.max(0, Math.floor((rec.expiresAt - s.now()) / 1000)),
      user_id: rec.userId,
      token_type: 'access',
      is_private_distribution: false,
    },
  };
}

function refreshTokenInfo(s: SandboxServices, ctx: RouteContext): HttpResult {
  const rec = s.oauth.refreshRecord(ctx.params['token'] ?? '');
  if (rec === undefined) {
    throw new SandboxHttpError(404, {
      status: 'error',
      message: 'refresh token not found',
      correlationId: correlationId(),
      category: 'OBJECT_NOT_FOUND',
    });
  }
  const info = s.state.portalInfo(rec.portalId);
  const user = info.users.find((u) => u.id === rec.userId);
  return {
    status: 200,
    body: {
      token: rec.token,
      user: user?.email ?? null,
      hub_domain: info.hubDomain,
      scopes: rec.scopes,
      hub_id: rec.portalId,
      client_id: s.app.clientId,
      user_id: rec.userId,
      token_type: 'refresh',
    },
  };
}

function deleteRefreshToken(s: SandboxServices, ctx: RouteContext): HttpResult {
  if (!s.oauth.revokeRefreshToken(ctx.params['token'] ?? '')) {
    throw new SandboxHttpError(404, {
      status: 'error',
      message: 'refresh token not found',
      correlationId: correlationId(),
      category: 'OBJECT_NOT_FOUND',
    });
  }
  return { status: 204 };
}

/** The app's own credentials in a form body (400 invalid_client otherwise, as the token endpoint). */
function checkClient(s: SandboxServices, form: URLSearchParams): void {
  if (form.get('client_id') !== s.app.clientId) {
    throw oauthError('BAD_CLIENT_ID', 'missing or invalid client_id', 'invalid_client');
  }
  if (form.get('client_secret') !== s.app.clientSecret) {
    throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret', 'invalid_client');
  }
}

/**
 * POST /oauth/2026-03/token/introspect: the token's description, or `{active: false}` for a
 * token that is unknown, expired or revoked (RFC 7662 §2.2; HubSpot does not document this case).
 * https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/token-introspect
 */
function introspect(s: SandboxServices, ctx: RouteContext): HttpResult {
  const form = ctx.form();
  checkClient(s, form);
  const raw = form.get('token') ?? '';
  const hint = form.get('token_type_hint');
  const access = hint === 'refresh_token' ? undefined : s.oauth.checkAccess(raw);
  if (access?.ok === true) {
    const rec = access.record;
    const info = s.state.portalInfo(rec.portalId);
    const user = info.users.find((u) => u.id === rec.userId);
    return {
      status: 200,
      body: {
        active: true,
        token: rec.token,
        token_use: 'access_token',
        token_type: 'bearer',
        hub_id: rec.portalId,
        hub_domain: info.hubDomain,
        user_id: rec.userId,
        ...(user === undefined ? {} : { user: user.email }),
        app_id: s.app.appId,
        client_id: s.app.clientId,
        scopes: rec.scopes,
        expires_in: Math.max(0, Math.floor((rec.expiresAt - s.now()) / 1000)),
        is_private_distribution: false,
      },
    };
  }
  const refresh = hint === 'access_token' ? undefined : s.oauth.refreshRecord(raw);
  if (refresh !== undefined && s.state.portalInfo(refresh.portalId).installed) {
    const info = s.state.portalInfo(refresh.portalId);
    const user = info.users.find((u) => u.id === refresh.userId);
    return {
      status: 200,
      body: {
        active: true,
        token: refresh.token,
        token_use: 'refresh_token',
        token_type: 'bearer',
        hub_id: refresh.portalId,
        hub_domain: info.hubDomain,
        user_id: refresh.userId,
        ...(user === undefined ? {} : { user: user.email }),
        app_id: s.app.appId,
        client_id: s.app.clientId,
        scopes: refresh.scopes,
      },
    };
  }
  return { status: 200, body: { active: false } };
}

/**
 * POST /oauth/2026-03/token/revoke: revokes a refresh token. HubSpot documents no success body;
 * like RFC 7009 §2.2 an unknown token is answered as a success too.
 * https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token
 */
function revoke(s: SandboxServices, ctx: RouteContext): HttpResult {
  const form = ctx.form();
  checkClient(s, form);
  s.oauth.revokeRefreshToken(form.get('token') ?? '');
  return { status: 200, body: {} };
}

/**
 * DELETE /appinstalls/2026-03/external-install: the app uninstalls itself from the token's
 * account (needs the `oauth` scope) → 204; every token of the install stops working.
 * https://developers.hubspot.com/docs/api-reference/2026-03/app-management/app-uninstalls/uninstall-app
 */
function uninstallApp(s: SandboxServices, ctx: RouteContext): HttpResult {
  ctx.requireScopes(['oauth']);
  s.state.updatePortal(ctx.portalId, { installed: false });
  s.oauth.revokePortal(ctx.portalId);
  return { status: 204 };
}

export function registerOAuthRoutes(router: Router, s: SandboxServices): void {
  router.add({
    method: 'GET',
    pattern: '/oauth/authorize',
    auth: 'public',
    handler: (ctx) => authorize(s, ctx),
  });
  router.add({
    method: 'GET',
    pattern: '/oauth/:portalId/authorize',
    auth: 'public',
    handler: (ctx) => authorize(s, ctx),
  });
  router.add({
    method: 'POST',
    pattern: '/oauth/2026-03/token',
    auth: 'public',
    handler: (ctx) => token(s, ctx),
  });
  router.add({
    method: 'POST',
    pattern: '/oauth/2026-03/token/introspect',
    auth: 'public',
    handler: (ctx) => introspect(s, ctx),
  });
  router.add({
    method: 'POST',
    pattern: '/oauth/2026-03/token/revoke',
    auth: 'public',
    handler: (ctx) => revoke(s, ctx),
  });
  router.add({
    method: 'DELETE',
    pattern: '/appinstalls/2026-03/external-install',
    auth: 'portal',
    handler: (ctx) => uninstallApp(s, ctx),
  });
  if (!s.oauthOptions.v1) return; // switched off: unknown routes answer HubSpot's 404
  router.add({ method: 'POST', pattern: '/oauth/v1/token', auth: 'public', handler: (ctx) => token(s, ctx) });
  router.add({
    method: 'GET',
    pattern: '/oauth/v1/access-tokens/:token',
    auth: 'public',
    handler: (ctx) => accessTokenInfo(s, ctx),
  });
  router.add({
    method: 'GET',
    pattern: '/oauth/v1/refresh-tokens/:token',
    auth: 'public',
    handler: (ctx) => refreshTokenInfo(s, ctx),
  });
  router.add({
    method: 'DELETE',
    pattern: '/oauth/v1/refresh-tokens/:token',
    auth: 'public',
    handler: (ctx) => deleteRefreshToken(s, ctx),
  });
}
