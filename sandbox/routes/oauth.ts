import { SandboxHttpError, correlationId, oauthError } from '../errors';
import type { Router, RouteContext, HttpResult } from '../router';
import type { SandboxServices } from '../services';

/**
 * OAuth 2.0 as HubSpot runs it for marketplace apps: the authorize page (auto-approved by the
 * sandbox), the token endpoint (authorization_code / refresh_token, x-www-form-urlencoded),
 * token introspection and refresh-token deletion.
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
  if (s.app.redirectUris.length > 0 && !s.app.redirectUris.includes(redirectUri)) {
    throw authorizeError(
      'BAD_REDIRECT_URI',
      `redirect_uri ${redirectUri} is not one of the app's redirect URLs`,
    );
  }
  const required = scopesOf(q.get('scope'));
  const optional = scopesOf(q.get('optional_scope'));
  if (s.app.scopes.length > 0) {
    const unknown = required.filter((sc) => !s.app.scopes.includes(sc));
    if (unknown.length > 0) {
      throw authorizeError(
        'BAD_SCOPES',
        `There is a mismatch between the scopes in the install URL and the app's configured scopes: ${unknown.join(', ')}`,
      );
    }
  }
  const granted = [
    ...new Set([
      ...(required.length > 0 ? required : s.defaultScopes),
      ...optional.filter((sc) => s.app.scopes.length === 0 || s.app.scopes.includes(sc)),
    ]),
  ];
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
  if (form.get('client_id') !== s.app.clientId) {
    throw oauthError('BAD_CLIENT_ID', 'missing or invalid client_id', 'invalid_client');
  }
  if (form.get('client_secret') !== s.app.clientSecret) {
    throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret', 'invalid_client');
  }
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
