import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createOAuthService, OPTIONAL_SCOPES, REQUIRED_SCOPES, type OAuthService } from '../../src/hubspot/oauth';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';

const PORTAL = 5_560_001;
const PUBLIC = 'https://stepwise.example.test';
const REDIRECT = `${PUBLIC}/oauth/callback`;

let sandbox: Sandbox;
let redis: Redis;
let oauth: OAuthService;
const prefix = uniquePrefix('oauth26');

beforeAll(async () => {
  // Defaults: v1 switched off, redirect_uri and scopes matched exactly.
  sandbox = await startSandbox({
    app: { clientId: 'cid-26', clientSecret: 'secret-26', appId: 2603, redirectUris: [REDIRECT] },
    portals: [{ portalId: PORTAL, users: [{ id: 77, email: 'admin@acme.test' }] }],
    installPortalId: PORTAL,
  });
  redis = testRedis();
  oauth = createOAuthService({
    clientId: 'cid-26',
    clientSecret: 'secret-26',
    publicBaseUrl: PUBLIC,
    apiBaseUrl: sandbox.url,
    authorizeUrl: sandbox.authorizeUrl,
    redis,
    prefix,
  });
});

afterAll(async () => {
  await sandbox.stop();
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

async function authorizeWith(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

async function installCode(): Promise<string> {
  const { url } = await oauth.createAuthorizeUrl();
  const res = await authorizeWith(url);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

describe('sandbox OAuth 2026-03 (defaults)', () => {
  it('v1 endpoints answer 404, as after HubSpot’s sunset', async () => {
    const form = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    };
    expect((await fetch(`${sandbox.url}/oauth/v1/token`, form)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/oauth/v1/access-tokens/x`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/oauth/v1/refresh-tokens/x`, { method: 'DELETE' })).status).toBe(404);
  });

  it('exchange → introspect → refresh → revoke through Stepwise’s own client', async () => {
    const tokens = await oauth.exchangeCode(await installCode());
    const info = await oauth.getTokenInfo(tokens.accessToken);
    expect(info).toMatchObject({ portalId: String(PORTAL), userId: '77', appId: '2603' });
    expect([...info.scopes].sort()).toEqual([...REQUIRED_SCOPES, ...OPTIONAL_SCOPES].sort());
    const refreshed = await oauth.refresh(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(await oauth.revoke(tokens.refreshToken)).toBe('revoked');
    await expect(oauth.refresh(tokens.refreshToken)).rejects.toMatchObject({
      code: 'REFRESH_REVOKED',
      hubspotStatus: 400,
      hubspotCode: 'invalid_grant',
    });
    // A token HubSpot no longer knows introspects as inactive.
    await expect(oauth.getTokenInfo('CN-unknown')).rejects.toMatchObject({ code: 'TOKEN_INFO_FAILED' });
  });

  it('a wrong client secret is CLIENT_REJECTED, never REFRESH_REVOKED', async () => {
    const tokens = await oauth.exchangeCode(await installCode());
    const wrong = createOAuthService({
      clientId: 'cid-26',
      clientSecret: 'rotated-away',
      publicBaseUrl: PUBLIC,
      apiBaseUrl: sandbox.url,
      authorizeUrl: sandbox.authorizeUrl,
      redis,
      prefix,
    });
    await expect(wrong.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'CLIENT_REJECTED' });
    // The grant itself is fine.
    expect((await oauth.refresh(tokens.refreshToken)).accessToken).not.toBe('');
  });

  it('matches redirect_uri and scopes exactly', async () => {
    const { url } = await oauth.createAuthorizeUrl();
    const base = new URL(url);
    const variant = (change: (u: URL) => void): string => {
      const u = new URL(base);
      change(u);
      return u.toString();
    };
    const cases = [
      variant((u) => u.searchParams.set('redirect_uri', `${REDIRECT}/`)),
      variant((u) => u.searchParams.set('redirect_uri', REDIRECT.replace('https', 'http'))),
      variant((u) => u.searchParams.set('scope', REQUIRED_SCOPES.slice(1).join(' '))),
      variant((u) => u.searchParams.set('scope', [...REQUIRED_SCOPES, 'tickets'].join(' '))),
    ];
    const answers = await Promise.all(cases.map(async (c) => (await authorizeWith(c)).json()));
    expect(answers.map((a) => (a as { status: string }).status)).toEqual([
      'BAD_REDIRECT_URI',
      'BAD_REDIRECT_URI',
      'BAD_SCOPES',
      'BAD_SCOPES',
    ]);
  });

  it('Uninstall App API: 204, the portal shows uninstalled, its tokens then answer 401', async () => {
    const tokens = await oauth.exchangeCode(await installCode());
    const call = (method: string, path: string) =>
      fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    expect((await call('GET', '/crm/v3/objects/deals?limit=1')).status).toBe(200);
    expect((await call('DELETE', '/appinstalls/2026-03/external-install')).status).toBe(204);
    expect(sandbox.admin.portal(PORTAL).installed).toBe(false);
    expect((await call('GET', '/crm/v3/objects/deals?limit=1')).status).toBe(401);
    await expect(oauth.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_REVOKED' });
  });
});
