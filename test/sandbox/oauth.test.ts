import { ApiException } from '@hubspot/api-client/lib/codegen/oauth/apis/exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient } from '../../sandbox/client';
import { caught, manualClock } from './fixtures';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const PORTAL = 5_550_001;
const OTHER = 5_550_002;
const REDIRECT = 'http://127.0.0.1:3000/oauth/callback';
const clock = manualClock();

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    now: clock.now,
    app: { clientId: 'cid-1', clientSecret: 'secret-1', appId: 777, redirectUris: [REDIRECT] },
    portals: [
      { portalId: PORTAL, hubDomain: 'acme-demo.cn', users: [{ id: 901, email: 'owner@acme-demo.cn' }] },
      { portalId: OTHER },
    ],
    installPortalId: PORTAL,
    // The SDK (v13) calls the v1 endpoints: serve them, with the lenient scope check of old.
    // The 2026-03 endpoints and exact matching (the defaults) are tested in oauth-2026-03.test.ts.
    oauth: { v1: true, strictMatching: false },
  });
});

afterAll(async () => {
  await sandbox.stop();
});

/** Follows the authorize redirect like a browser would, returning the redirect URL. */
async function authorize(
  params: Record<string, string>,
): Promise<{ status: number; location: URL | null; body: unknown }> {
  const url = new URL(sandbox.authorizeUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  return {
    status: res.status,
    location: location === null ? null : new URL(location),
    body: res.status === 302 ? null : await res.json(),
  };
}

describe('OAuth', () => {
  it('authorize → code → tokens → token info → refresh, with the real SDK', async () => {
    const auth = await authorize({
      client_id: 'cid-1',
      redirect_uri: REDIRECT,
      scope: 'oauth crm.objects.deals.read crm.objects.deals.write',
      state: 'st-123',
    });
    expect(auth.status).toBe(302);
    expect(auth.location?.origin + (auth.location?.pathname ?? '')).toBe(REDIRECT);
    expect(auth.location?.searchParams.get('state')).toBe('st-123');
    const code = auth.location?.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const client = sandboxClient(sandbox);
    const tokens = await client.oauth.tokensApi.create(
      'authorization_code',
      code,
      REDIRECT,
      'cid-1',
      'secret-1',
    );
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresIn).toBe(1800);
    expect(tokens.accessToken.length).toBeGreaterThan(20);
    expect(tokens.refreshToken).toMatch(/^na1-/);

    const info = await client.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({
      hubId: PORTAL,
      appId: 777,
      userId: 901,
      user: 'owner@acme-demo.cn',
      hubDomain: 'acme-demo.cn',
      expiresIn: 1800,
    });
    expect(info.scopes).toEqual(['oauth', 'crm.objects.deals.read', 'crm.objects.deals.write']);

    // The code is single use.
    const reused = await caught(
      client.oauth.tokensApi.create('authorization_code', code, REDIRECT, 'cid-1', 'secret-1'),
    );
    expect(reused).toBeInstanceOf(ApiException);
    expect(reused.code).toBe(400);
    expect(reused.body).toMatchObject({
      status: 'BAD_AUTH_CODE',
      message: 'missing or unknown auth code',
      error: 'invalid_grant',
    });
    expect((reused.body as { correlationId?: string }).correlationId).toMatch(/^[0-9a-f-]{36}$/);

    clock.advance(60_000);
    const refreshed = await client.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      REDIRECT,
      'cid-1',
      'secret-1',
      tokens.refreshToken,
    );
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const deals = await sandboxClient(sandbox, refreshed.accessToken).crm.deals.basicApi.getPage(1);
    expect(deals.results).toEqual([]);
  });

  it('answers HubSpot error bodies for bad client id, secret, redirect URI, grant type and refresh token', async () => {
    const client = sandboxClient(sandbox);
    const code =
      (
        await authorize({ client_id: 'cid-1', redirect_uri: REDIRECT, scope: 'oauth' })
      ).location?.searchParams.get('code') ?? '';
    const cases: [Promise<unknown>, string][] = [
      [
        client.oauth.tokensApi.create('authorization_code', code, REDIRECT, 'wrong', 'secret-1'),
        'BAD_CLIENT_ID',
      ],
      [
        client.oauth.tokensApi.create('authorization_code', code, REDIRECT, 'cid-1', 'wrong'),
        'BAD_CLIENT_SECRET',
      ],
      [
        client.oauth.tokensApi.create('authorization_code', code, 'http://elsewhere/cb', 'cid-1', 'secret-1'),
        'BAD_REDIRECT_URI',
      ],
      [client.oauth.tokensApi.create('password', undefined, REDIRECT, 'cid-1', 'secret-1'), 'BAD_GRANT_TYPE'],
      [
        client.oauth.tokensApi.create('refresh_token', undefined, REDIRECT, 'cid-1', 'secret-1', 'na1-nope'),
        'BAD_REFRESH_TOKEN',
      ],
    ];
    for (const [call, status] of cases) {
      const err = await caught(call);
      expect(err.code).toBe(400);
      expect(err.body).toMatchObject({ status });
    }
    const badAuthorize = await authorize({
      client_id: 'cid-1',
      redirect_uri: 'http://evil.example/cb',
      scope: 'oauth',
    });
    expect(badAuthorize.status).toBe(400);
    expect(badAuthorize.body).toMatchObject({ status: 'BAD_REDIRECT_URI' });
  });

  it('installs into the portal named by the `portal` parameter', async () => {
    const auth = await authorize({
      client_id: 'cid-1',
      redirect_uri: REDIRECT,
      scope: 'oauth',
      portal: String(OTHER),
    });
    const tokens = await sandboxClient(sandbox).oauth.tokensApi.create(
      'authorization_code',
      auth.location?.searchParams.get('code') ?? '',
      REDIRECT,
      'cid-1',
      'secret-1',
    );
    const info = await sandboxClient(sandbox).oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.hubId).toBe(OTHER);
    expect(sandbox.admin.portal(OTHER).installed).toBe(true);
  });

  it('expires access tokens after the TTL with HubSpot’s EXPIRED_AUTHENTICATION 401', async () => {
    const tokens = sandbox.admin.install(PORTAL);
    const api = sandboxClient(sandbox, tokens.accessToken);
    await api.crm.deals.basicApi.getPage(1);
    clock.advance(1800_000 + 5_000);
    const err = await caught(api.crm.deals.basicApi.getPage(1));
    expect(err.code).toBe(401);
    expect(err.body).toMatchObject({
      status: 'error',
      category: 'EXPIRED_AUTHENTICATION',
      message: 'The OAuth token used to make this call expired 5 second(s) ago.',
    });
    const unknown = await caught(sandboxClient(sandbox, 'not-a-token').crm.deals.basicApi.getPage(1));
    expect(unknown.code).toBe(401);
    expect(unknown.body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
  });

  it('uninstall revokes the portal’s tokens; DELETE refresh-tokens revokes one refresh token', async () => {
    const a = sandbox.admin.install(OTHER);
    const b = sandbox.admin.install(OTHER);
    const client = sandboxClient(sandbox);
    await client.oauth.refreshTokensApi.archive(a.refreshToken);
    expect((await caught(client.oauth.refreshTokensApi.get(a.refreshToken))).code).toBe(404);
    expect((await client.oauth.refreshTokensApi.get(b.refreshToken)).hubId).toBe(OTHER);
    // Deleting a refresh token leaves its access tokens working (as HubSpot documents).
    await sandboxClient(sandbox, a.accessToken).crm.deals.basicApi.getPage(1);

    sandbox.admin.uninstall(OTHER);
    expect((await caught(sandboxClient(sandbox, b.accessToken).crm.deals.basicApi.getPage(1))).code).toBe(
      401,
    );
    const refresh = await caught(
      client.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        REDIRECT,
        'cid-1',
        'secret-1',
        b.refreshToken,
      ),
    );
    expect(refresh.body).toMatchObject({ status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' });
    expect(sandbox.admin.portal(OTHER).installed).toBe(false);
  });

  it('does not count OAuth calls against the portal rate limit', async () => {
    sandbox.rateLimit.configure({ max: 2 });
    try {
      const t = sandbox.admin.install(PORTAL);
      for (let i = 0; i < 5; i++) await sandboxClient(sandbox).oauth.accessTokensApi.get(t.accessToken);
      const api = sandboxClient(sandbox, t.accessToken);
      await api.crm.deals.basicApi.getPage(1);
      await api.crm.deals.basicApi.getPage(1);
      expect((await caught(api.crm.deals.basicApi.getPage(1))).code).toBe(429);
    } finally {
      sandbox.rateLimit.configure({ max: 100 });
      sandbox.rateLimit.reset();
    }
  });
});
