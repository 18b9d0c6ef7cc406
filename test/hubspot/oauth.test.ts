import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { buildPropertyDefinitions } from '../../src/methodology';
import { REQUIRED_SCOPES } from '../../src/hubspot/oauth';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import {
  HUBSPOT_API,
  PUBLIC_BASE_URL,
  dumpPrefix,
  startEdge,
  type EdgeHarness,
} from '../support/service-fixtures';

let redis: Redis;
let edge: EdgeHarness;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(async () => {
  edge = await startEdge({ redis, prefix: uniquePrefix('oauth') });
});
afterEach(async () => {
  await edge.close();
  await deleteByPrefix(redis, edge.prefix);
});

async function startInstall(): Promise<{ location: URL; state: string }> {
  const res = await fetch(`${edge.url}/oauth/install`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  return { location, state: location.searchParams.get('state') ?? '' };
}

const callback = (query: string) => fetch(`${edge.url}/oauth/callback?${query}`, { redirect: 'manual' });

/** Nothing about the portal was stored (only the consumed state nonce may have existed). */
async function expectNothingStored(): Promise<void> {
  const dump = await dumpPrefix(redis, edge.prefix);
  expect(dump).not.toContain(':inst:');
  expect(edge.installed).toEqual([]);
}

function mockExchange(accessToken = 'access-xyz', refreshToken = 'refresh-xyz') {
  return nock(HUBSPOT_API)
    .post(
      '/oauth/2026-03/token',
      (b: Record<string, string>) =>
        b['grant_type'] === 'authorization_code' &&
        b['code'] === 'auth-code-1' &&
        b['redirect_uri'] === `${PUBLIC_BASE_URL}/oauth/callback` &&
        b['client_id'] === 'client-id-123' &&
        b['client_secret'] === edge.config.hubspotClientSecret,
    )
    .reply(200, {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: 1800,
      token_type: 'bearer',
    });
}

function mockTokenInfo(scopes: readonly string[] = REQUIRED_SCOPES, accessToken = 'access-xyz') {
  return nock(HUBSPOT_API)
    .post('/oauth/2026-03/token/introspect', (b: Record<string, string>) => b['token'] === accessToken)
    .reply(200, {
      active: true,
      token: accessToken,
      user: 'admin@acme.test',
      hub_domain: 'acme.test',
      scopes,
      hub_id: 4242,
      app_id: 77,
      expires_in: 1790,
      user_id: 9,
      token_type: 'access',
    });
}

describe('GET / and GET /oauth/install', () => {
  it('landing page explains Stepwise and links to the install', async () => {
    const res = await fetch(`${edge.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('href="/oauth/install"');
    expect(html).toMatch(/funnel stage/i);
    const zh = await (
      await fetch(`${edge.url}/`, { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } })
    ).text();
    expect(zh).toContain('安装');
  });

  it('redirects to HubSpot with client_id, redirect_uri, scopes and a signed state stored once', async () => {
    const { location, state } = await startInstall();
    expect(`${location.origin}${location.pathname}`).toBe('https://app.hubspot.test/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe('client-id-123');
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_BASE_URL}/oauth/callback`);
    expect(location.searchParams.get('scope')?.split(' ')).toEqual([...REQUIRED_SCOPES]);
    expect(state).toMatch(/^[\w-]+\.\d+\.[\w-]+$/);
    const nonce = state.split('.')[0] as string;
    expect(await redis.exists(`${edge.prefix}:oauth:state:${nonce}`)).toBe(1);
    const exp = Number(state.split('.')[1]);
    expect(exp - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(exp - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  });
});

describe('GET /oauth/callback', () => {
  it('happy path: exchanges the code, stores the installation encrypted, provisions properties, starts the backfill', async () => {
    const { state } = await startInstall();
    const defs = buildPropertyDefinitions('zh'); // DEFAULT_SETTINGS.language
    const created: Record<string, string[]> = { deals: [], contacts: [] };
    const exchange = mockExchange();
    const info = mockTokenInfo();
    const hs = nock(HUBSPOT_API, { reqheaders: { authorization: 'Bearer access-xyz' } });
    for (const objectType of ['deals', 'contacts'] as const) {
      hs.get(`/crm/v3/properties/${objectType}/groups`).reply(200, {
        results: [{ name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false }],
      });
      hs.post(
        `/crm/v3/properties/${objectType}/groups`,
        (b: Record<string, unknown>) => b['name'] === 'stepwise' && b['label'] === defs.group.label,
      ).reply(201, {
        name: 'stepwise',
        label: defs.group.label,
        displayOrder: -1,
        archived: false,
      });
      hs.get(`/crm/v3/properties/${objectType}`).query({ archived: 'false' }).reply(200, { results: [] });
      hs.post(
        `/crm/v3/properties/${objectType}/batch/create`,
        (b: { inputs: { name: string; groupName: string }[] }) => {
          created[objectType]?.push(...b.inputs.map((i) => i.name));
          return b.inputs.every((i) => i.groupName === 'stepwise') && b.inputs.length <= 100;
        },
      ).reply(201, {
        status: 'COMPLETE',
        results: [],
        startedAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
      });
    }

    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(exchange.isDone() && info.isDone() && hs.isDone()).toBe(true);
    expect(created['deals']?.sort()).toEqual(defs.deals.map((d) => d.name).sort());
    expect(created['contacts']?.sort()).toEqual(defs.contacts.map((d) => d.name).sort());
    expect(html).toContain('Stepwise is installed');
    expect(html).toContain('acme.test (4242)');
    expect(html).toContain(`${defs.deals.length + defs.contacts.length} created`);
    expect(html).toMatch(/being graded/);
    expect(html).toMatch(/right sidebar/);
    expect(html).toContain('https://app.hubspot.test/contacts/4242/objects/0-3/views/all/list');

    expect(edge.installed).toEqual(['4242']);
    const inst = await edge.installations.get('4242');
    expect(inst).toMatchObject({
      status: 'installed',
      hubDomain: 'acme.test',
      scopes: [...REQUIRED_SCOPES],
      installerUserId: '9',
    });
    expect(await edge.installations.getAccessToken('4242')).toBe('access-xyz');
    const dump = await dumpPrefix(redis, edge.prefix);
    expect(dump).not.toContain('access-xyz');
    expect(dump).not.toContain('refresh-xyz');
    expect(edge.logs()).not.toContain('access-xyz');
    expect(edge.logs()).not.toContain('refresh-xyz');
    expect(edge.logs()).not.toContain('auth-code-1');

    // The same state cannot be used twice.
    const again = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('STATE_REPLAYED');
  });

  it('provisions in the language of stored settings (reinstall keeps settings)', async () => {
    await edge.settings.save('4242', { language: 'en' });
    const { state } = await startInstall();
    mockExchange();
    mockTokenInfo();
    const en = buildPropertyDefinitions('en');
    const hs = nock(HUBSPOT_API);
    for (const objectType of ['deals', 'contacts'] as const) {
      hs.get(`/crm/v3/properties/${objectType}/groups`).reply(200, {
        results: [{ name: 'stepwise', label: en.group.label, displayOrder: -1, archived: false }],
      });
      const defs = objectType === 'deals' ? en.deals : en.contacts;
      hs.get(`/crm/v3/properties/${objectType}`)
        .query(true)
        .reply(200, {
          results: defs.map((d) => ({ ...d, options: d.options })),
        });
    }
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(html).toContain(`0 created, 0 updated, ${en.deals.length + en.contacts.length} already in place`);
  });

  it.each([
    ['missing', '', 'STATE_MISSING'],
    ['malformed', 'state=garbage', 'STATE_INVALID'],
    [
      'forged',
      `state=${encodeURIComponent(`abc.${Date.now() + 60_000}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)}`,
      'STATE_INVALID',
    ],
  ])('%s state → 400 page, nothing stored, no HubSpot call', async (_name, stateQuery, code) => {
    const res = await callback(`code=auth-code-1${stateQuery === '' ? '' : `&${stateQuery}`}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain(code);
    expect(html).toContain('href="/oauth/install"');
    await expectNothingStored();
  });

  it('expired state → 400 page, nothing stored', async () => {
    const { createOAuthService } = await import('../../src/hubspot/oauth');
    const past = createOAuthService({
      clientId: 'client-id-123',
      clientSecret: edge.config.hubspotClientSecret,
      publicBaseUrl: PUBLIC_BASE_URL,
      apiBaseUrl: HUBSPOT_API,
      authorizeUrl: edge.config.hubspotAuthorizeUrl,
      redis,
      prefix: edge.prefix,
      now: () => Date.now() - 11 * 60_000,
    });
    const { state } = await past.createAuthorizeUrl();
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('STATE_EXPIRED');
    expect(html).toMatch(/expired/);
    await expectNothingStored();
  });

  it('replayed state (second use) → 400 page', async () => {
    const { state } = await startInstall();
    expect((await edge.oauth.consumeState(state)).ok).toBe(true);
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('STATE_REPLAYED');
    await expectNothingStored();
  });

  it('HubSpot error parameter (user cancelled) → 400 page with the reason, escaped', async () => {
    const { state } = await startInstall();
    const res = await callback(
      `error=access_denied&error_description=${encodeURIComponent('<script>x</script> denied')}&state=${encodeURIComponent(state)}`,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Install cancelled');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>x');
    await expectNothingStored();
  });

  it('failed code exchange → 400 page, nothing stored', async () => {
    const { state } = await startInstall();
    nock(HUBSPOT_API)
      .post('/oauth/2026-03/token')
      .reply(400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: 'x' });
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('EXCHANGE_FAILED');
    expect(html).toContain('BAD_AUTH_CODE');
    expect(html).toMatch(/Start the install again/);
    await expectNothingStored();
  });

  it('HubSpot unavailable during the exchange → 502 page, nothing stored', async () => {
    const { state } = await startInstall();
    nock(HUBSPOT_API).post('/oauth/2026-03/token').reply(503, { message: 'unavailable' });
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('HUBSPOT_UNAVAILABLE');
    await expectNothingStored();
  });

  it('granted scopes missing a required one → 403 page, nothing stored', async () => {
    const { state } = await startInstall();
    mockExchange();
    mockTokenInfo(REQUIRED_SCOPES.filter((s) => s !== 'crm.schemas.deals.write'));
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('crm.schemas.deals.write');
    await expectNothingStored();
  });

  it('missing code with a valid state → 400 page', async () => {
    const { state } = await startInstall();
    const res = await callback(`state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('CODE_MISSING');
    await expectNothingStored();
  });

  it('provisioning failure → 502 page that says the install can be retried safely; no backfill', async () => {
    const { state } = await startInstall();
    mockExchange();
    mockTokenInfo();
    nock(HUBSPOT_API)
      .get('/crm/v3/properties/deals/groups')
      .reply(500, { message: 'internal error', category: 'INTERNAL_ERROR' });
    const res = await callback(`code=auth-code-1&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain('PROVISIONING_FAILED');
    expect(html).toMatch(/safe to repeat/);
    expect(edge.installed).toEqual([]);
  });
});
