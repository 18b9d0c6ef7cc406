import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import { createTokenCipher, keyIdOf } from '../../src/crypto/token-cipher';
import { HubSpotError } from '../../src/hubspot/errors';
import { InstallationError, InstallationStore } from '../../src/hubspot/installations';
import { createOAuthService } from '../../src/hubspot/oauth';
import { OAuthClientHealth } from '../../src/hubspot/oauth-client-health';
import { PortalClients } from '../../src/hubspot/portal-client';
import { createRateLimiter } from '../../src/hubspot/rate-limiter';
import { createMetrics } from '../../src/observability/metrics';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { HUBSPOT_API, dumpPrefix, memoryLogger } from '../support/service-fixtures';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

function makeStore(
  prefix: string,
  opts: {
    key?: Buffer;
    previous?: Buffer[];
    onUninstalled?: (p: string) => void;
    clientHealth?: OAuthClientHealth;
  } = {},
) {
  const { logger, lines } = memoryLogger();
  const oauth = createOAuthService({
    clientId: 'cid',
    clientSecret: 'secret',
    publicBaseUrl: 'https://stepwise.example.test',
    apiBaseUrl: HUBSPOT_API,
    authorizeUrl: 'https://app.hubspot.test/oauth/authorize',
    redis,
    prefix,
  });
  const store = new InstallationStore({
    redis,
    cipher: createTokenCipher({ currentKey: opts.key ?? randomBytes(32), previousKeys: opts.previous ?? [] }),
    oauth,
    prefix,
    logger,
    lockPollMs: 20,
    ...(opts.onUninstalled !== undefined ? { onUninstalled: opts.onUninstalled } : {}),
    ...(opts.clientHealth !== undefined ? { clientHealth: opts.clientHealth } : {}),
  });
  return { store, lines };
}

const tokens = (expiresInSeconds: number) => ({
  accessToken: `access-${randomBytes(8).toString('hex')}`,
  refreshToken: `refresh-${randomBytes(8).toString('hex')}`,
  expiresInSeconds,
});

describe('InstallationStore', () => {
  it('saves an installation, reports status, and never stores tokens in plaintext', async () => {
    const prefix = uniquePrefix('inst');
    const { store, lines } = makeStore(prefix);
    const t = tokens(1800);
    const saved = await store.save({
      portalId: '101',
      tokens: t,
      scopes: ['oauth', 'crm.objects.deals.read'],
      hubDomain: 'acme.com',
    });
    expect(saved).toMatchObject({
      portalId: '101',
      status: 'installed',
      scopes: ['oauth', 'crm.objects.deals.read'],
      hubDomain: 'acme.com',
    });
    expect(await store.status('101')).toBe('installed');
    expect(await store.status('999')).toBe('unknown');
    expect(await store.listInstalled()).toEqual(['101']);
    expect(await store.getAccessToken('101')).toBe(t.accessToken);

    const dump = await dumpPrefix(redis, prefix);
    expect(dump).toContain('101');
    expect(dump).not.toContain(t.accessToken);
    expect(dump).not.toContain(t.refreshToken);
    expect(dump).not.toContain(t.accessToken.slice(7));
    expect(lines()).not.toContain(t.accessToken);
    expect(lines()).not.toContain(t.refreshToken);
    await deleteByPrefix(redis, prefix);
  });

  it('refreshes ahead of expiry: two processes at once → exactly one refresh request', async () => {
    const prefix = uniquePrefix('inst');
    const key = randomBytes(32);
    const a = makeStore(prefix, { key });
    const b = makeStore(prefix, { key });
    const t = tokens(120); // inside the 5-minute margin
    await a.store.save({ portalId: '202', tokens: t, scopes: ['oauth'] });

    let bodies: string[] = [];
    const scope = nock(HUBSPOT_API)
      .post('/oauth/2026-03/token', (body: Record<string, string>) => {
        bodies.push(JSON.stringify(body));
        return body['grant_type'] === 'refresh_token' && body['refresh_token'] === t.refreshToken;
      })
      .delay(150)
      .once()
      .reply(200, {
        access_token: 'access-new',
        refresh_token: 'refresh-new',
        expires_in: 1800,
        token_type: 'bearer',
      });

    const results = await Promise.all([
      a.store.getAccessToken('202'),
      b.store.getAccessToken('202'),
      b.store.getAccessToken('202'),
      a.store.getAccessToken('202'),
    ]);
    expect(results).toEqual(['access-new', 'access-new', 'access-new', 'access-new']);
    expect(scope.isDone()).toBe(true);
    expect(bodies).toHaveLength(1);
    // Fresh now: no further refresh (a second request would hit the disabled network and fail).
    expect(await b.store.getAccessToken('202')).toBe('access-new');
    const dump = await dumpPrefix(redis, prefix);
    expect(dump).not.toContain('access-new');
    expect(dump).not.toContain('refresh-new');
    expect(dump).not.toContain(t.refreshToken);
    expect(await redis.exists(`${prefix}:inst:202:refresh-lock`)).toBe(0);
    bodies = [];
    await deleteByPrefix(redis, prefix);
  });

  it('a revoked refresh token marks the portal uninstalled, deletes tokens and calls the hook', async () => {
    const prefix = uniquePrefix('inst');
    const hook = vi.fn();
    const { store } = makeStore(prefix, { onUninstalled: hook });
    await store.save({ portalId: '303', tokens: tokens(10), scopes: ['oauth'] });
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(400, {
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or unknown refresh token',
      correlationId: 'c-1',
    });

    const err = await store.getAccessToken('303').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InstallationError);
    expect(err).toMatchObject({ code: 'NOT_INSTALLED', retryable: false });
    expect(hook).toHaveBeenCalledWith('303');
    expect(await store.status('303')).toBe('uninstalled');
    expect(await store.isInstalled('303')).toBe(false);
    const h = await redis.hgetall(`${prefix}:inst:303`);
    expect(h['accessToken']).toBeUndefined();
    expect(h['refreshToken']).toBeUndefined();
    expect(h['uninstallReason']).toBe('refresh_token_revoked');
    // Later calls fail fast without calling HubSpot.
    await expect(store.getAccessToken('303')).rejects.toMatchObject({ code: 'NOT_INSTALLED' });
    // A reinstall brings it back.
    await store.save({ portalId: '303', tokens: tokens(1800), scopes: ['oauth'] });
    expect(await store.status('303')).toBe('installed');
    await deleteByPrefix(redis, prefix);
  });

  it('the RFC 6749 revoked-grant answer (invalid_grant, no legacy status) also uninstalls', async () => {
    const prefix = uniquePrefix('inst');
    const hook = vi.fn();
    const { store } = makeStore(prefix, { onUninstalled: hook });
    await store.save({ portalId: '306', tokens: tokens(10), scopes: ['oauth'] });
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token')
      .reply(400, {
        error: 'invalid_grant',
        error_description: 'refresh token is invalid, expired or revoked',
      });
    await expect(store.getAccessToken('306')).rejects.toMatchObject({ code: 'NOT_INSTALLED' });
    expect(hook).toHaveBeenCalledWith('306');
    await deleteByPrefix(redis, prefix);
  });

  it('a mis-set client secret (401 or invalid_client) uninstalls nothing: logged once per portal, counted, /healthz degraded, retried', async () => {
    const prefix = uniquePrefix('inst');
    const hook = vi.fn();
    const { logger, lines } = memoryLogger();
    const metrics = createMetrics();
    const health = new OAuthClientHealth(redis, prefix, metrics, logger);
    const { store } = makeStore(prefix, { onUninstalled: hook, clientHealth: health });
    await store.save({ portalId: '304', tokens: tokens(10), scopes: ['oauth'] });
    await store.save({ portalId: '305', tokens: tokens(10), scopes: ['oauth'] });
    // Both of HubSpot's answers to bad client credentials, twice for 304.
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(401, { status: 'error', message: 'unauthorized' });
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(400, {
      error: 'invalid_client',
      error_description: 'missing or invalid client secret',
      status: 'BAD_CLIENT_SECRET',
      message: 'missing or invalid client secret',
    });
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token')
      .reply(400, { error: 'invalid_client', error_description: 'missing or invalid client secret' });
    const first = await store.getAccessToken('304').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(InstallationError);
    expect(first).toMatchObject({ code: 'CLIENT_REJECTED', retryable: true });
    await expect(store.getAccessToken('304')).rejects.toMatchObject({ code: 'CLIENT_REJECTED' });
    await expect(store.getAccessToken('305')).rejects.toMatchObject({ code: 'CLIENT_REJECTED' });

    expect(hook).not.toHaveBeenCalled();
    expect(await store.listInstalled()).toEqual(['304', '305']);
    expect(await redis.hget(`${prefix}:inst:304`, 'refreshToken')).not.toBeNull();
    const errors = lines()
      .split('\n')
      .filter((l) => l.includes('OAUTH_CLIENT_REJECTED'));
    expect(errors).toHaveLength(2); // once per portal, not once per refusal
    expect(await metrics.registry.getSingleMetricAsString('stepwise_oauth_client_rejected_total')).toMatch(
      /stepwise_oauth_client_rejected_total 3/,
    );
    const degraded = await health.status();
    expect(degraded).toMatchObject({ ok: false, portals: 2 });
    expect(degraded.reason).toMatch(/HUBSPOT_CLIENT_SECRET/);

    // Through a PortalClient the refusal is a retryable error, not an uninstall.
    const clients = new PortalClients({
      tokenProvider: store,
      limiter: createRateLimiter({ redis, prefix }),
      basePath: HUBSPOT_API,
    });
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(401, {});
    const viaClient = await clients
      .forPortal('304')
      .call('x', async () => 1)
      .catch((e: unknown) => e);
    expect(viaClient).toMatchObject({ code: 'SERVER_ERROR', retryable: true, category: 'CLIENT_REJECTED' });
    expect((viaClient as HubSpotError).retryAfterMs).toBeGreaterThanOrEqual(60_000);

    // The secret is fixed: the next refresh succeeds and clears the report for that portal.
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token')
      .reply(200, {
        access_token: 'at-new',
        refresh_token: 'rt-new',
        expires_in: 1800,
        token_type: 'bearer',
      });
    expect(await store.getAccessToken('304')).toBe('at-new');
    expect(await health.status()).toMatchObject({ ok: false, portals: 1 });
    await deleteByPrefix(redis, prefix);
  });

  it('HubSpot down during refresh: keeps using a still-valid token; an expired one → retryable HubSpotError', async () => {
    const prefix = uniquePrefix('inst');
    const { store } = makeStore(prefix);
    const t = tokens(120);
    await store.save({ portalId: '404', tokens: t, scopes: ['oauth'] });
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(503, { message: 'down' });
    expect(await store.getAccessToken('404')).toBe(t.accessToken);

    await store.save({ portalId: '405', tokens: tokens(5), scopes: ['oauth'] });
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(502, { message: 'bad gateway' });
    const err = await store.getAccessToken('405').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubSpotError);
    expect(err).toMatchObject({ retryable: true });
    expect(await store.status('405')).toBe('installed');
    await deleteByPrefix(redis, prefix);
  });

  it('key rotation: reads tokens written with the previous key and re-encrypts them with the current key', async () => {
    const prefix = uniquePrefix('inst');
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = makeStore(prefix, { key: oldKey });
    const t = tokens(1800);
    await before.store.save({ portalId: '505', tokens: t, scopes: ['oauth'] });
    expect((await redis.hget(`${prefix}:inst:505`, 'accessToken'))?.split('.')[1]).toBe(keyIdOf(oldKey));

    const after = makeStore(prefix, { key: newKey, previous: [oldKey] });
    expect(await after.store.getAccessToken('505')).toBe(t.accessToken);
    await vi.waitFor(async () => {
      expect((await redis.hget(`${prefix}:inst:505`, 'accessToken'))?.split('.')[1]).toBe(keyIdOf(newKey));
    });
    // The new key alone now reads it.
    expect(await makeStore(prefix, { key: newKey }).store.getAccessToken('505')).toBe(t.accessToken);
    // Without the old key, an old value is an actionable error, not a crash.
    await before.store.save({ portalId: '506', tokens: t, scopes: ['oauth'] });
    await expect(makeStore(prefix, { key: newKey }).store.getAccessToken('506')).rejects.toMatchObject({
      code: 'TOKEN_UNREADABLE',
    });
    await deleteByPrefix(redis, prefix);
  });

  it('unknown portals are NOT_INSTALLED; markUninstalled is idempotent', async () => {
    const prefix = uniquePrefix('inst');
    const hook = vi.fn();
    const { store } = makeStore(prefix, { onUninstalled: hook });
    await expect(store.getAccessToken('777')).rejects.toMatchObject({ code: 'NOT_INSTALLED' });
    expect(await store.get('777')).toBeNull();
    await store.save({ portalId: '778', tokens: tokens(1800), scopes: ['oauth'] });
    await store.markUninstalled('778', 'test');
    await store.markUninstalled('778', 'test');
    expect(await store.get('778')).toMatchObject({
      status: 'uninstalled',
      uninstallReason: 'test',
      accessTokenExpiresAt: null,
    });
    expect(hook).toHaveBeenCalledTimes(2);
    await deleteByPrefix(redis, prefix);
  });

  it('handleUnauthorized forces one refresh; a revoked grant uninstalls', async () => {
    const prefix = uniquePrefix('inst');
    const hook = vi.fn();
    const now = { t: Date.now() };
    const { store } = makeStore(prefix, { onUninstalled: hook });
    await store.save({ portalId: '808', tokens: tokens(1800), scopes: ['oauth'] });
    // Refreshed just now (updatedAt = now): a 401 right after does not force another refresh.
    await store.handleUnauthorized('808');
    expect(await store.status('808')).toBe('installed');
    // Older than a minute: forced refresh, HubSpot says revoked.
    await redis.hset(`${prefix}:inst:808`, 'updatedAt', String(now.t - 120_000));
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token')
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' });
    await store.handleUnauthorized('808');
    expect(await store.status('808')).toBe('uninstalled');
    expect(hook).toHaveBeenCalledWith('808');
    await deleteByPrefix(redis, prefix);
  });
});
