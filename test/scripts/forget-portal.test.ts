import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../src/composition-root';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { deleteByPrefix, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { dumpPrefix, memoryLogger, testConfig } from '../support/service-fixtures';

/** `npm run portal:forget` against the sandbox: a live portal and one whose token is already dead. */

const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const KEY = randomBytes(32);
const PREFIX = uniquePrefix('forget').replace(/[^A-Za-z0-9_-]/g, '');
const LIVE = 7_100_001;
const DEAD = 7_100_002;

let sandbox: Sandbox;
let root: Composition;
const redis = testRedis();

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(TSX, ['scripts/forget-portal.ts', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        HUBSPOT_CLIENT_ID: sandbox.app.clientId,
        HUBSPOT_CLIENT_SECRET: sandbox.app.clientSecret,
        PUBLIC_BASE_URL: 'https://stepwise.example.test',
        REDIS_URL: testRedisUrl(),
        REDIS_KEY_PREFIX: PREFIX,
        HUBSPOT_API_BASE_URL: sandbox.url,
        TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}

async function install(portalId: number): Promise<void> {
  const issued = sandbox.admin.install(portalId);
  await root.installations.save({
    portalId: String(portalId),
    tokens: {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresInSeconds: issued.expiresIn,
    },
    scopes: issued.scopes,
  });
  await root.settings.save(String(portalId), { language: 'zh' });
}

beforeAll(async () => {
  sandbox = await startSandbox({ portals: [{ portalId: LIVE }, { portalId: DEAD }] });
  const config = testConfig({
    TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: PREFIX,
    HUBSPOT_API_BASE_URL: sandbox.url,
  });
  root = compose(config, memoryLogger().logger);
  await install(LIVE);
  await install(DEAD);
  sandbox.admin.uninstall(DEAD); // removed in HubSpot: its tokens no longer work
});

afterAll(async () => {
  await root.close();
  await sandbox.stop();
  await deleteByPrefix(redis, PREFIX);
  await redis.quit();
});

describe('npm run portal:forget', () => {
  it('with an invalid token: deletes only local data and says so; the other portal is untouched', async () => {
    const res = await run(['--portal', String(DEAD)]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/only local data was deleted/);
    const dump = await dumpPrefix(redis, PREFIX);
    expect(dump).not.toContain(`:${DEAD}`);
    expect(dump).toContain(`:inst:${LIVE}`);
    expect(dump).toContain(`:settings:${LIVE}`);
  });

  it('with a live token: uninstalls at HubSpot, revokes, deletes every key of the portal', async () => {
    const res = await run(['--portal', String(LIVE)]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Stepwise uninstalled/);
    expect(res.out).toMatch(/Kept: Stepwise properties and deal values/);
    expect(sandbox.admin.portal(LIVE).installed).toBe(false);
    const dump = await dumpPrefix(redis, PREFIX);
    expect(dump).not.toContain(`:${LIVE}`);
  });

  it('refuses a malformed portal id', async () => {
    expect((await run(['--portal', 'x*'])).code).toBe(2);
  });
});
