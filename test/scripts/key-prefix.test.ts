import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../src/composition-root';
import { keyIdOf } from '../../src/crypto/token-cipher';
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_PORTAL_ID, demoPortalSeed } from '../../sandbox/seed-data';
import { deleteByPrefix, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { memoryLogger, testConfig } from '../support/service-fixtures';

/**
 * `npm run keys:rotate` and `npm run backfill` read REDIS_KEY_PREFIX like the service does (they
 * build their services with the composition root). With another prefix than `sw` they used to
 * find 0 portals and report success.
 */

const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const K1 = randomBytes(32);
const K2 = randomBytes(32);
// A valid REDIS_KEY_PREFIX ([A-Za-z0-9_-], no ':'), unique per run.
const PREFIX = uniquePrefix('prefix').replace(/[^A-Za-z0-9_-]/g, '');

let sandbox: Sandbox;
let root: Composition;
const redis = testRedis();

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(TSX, [script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}

const scriptEnv = (): Record<string, string> => ({
  HUBSPOT_CLIENT_ID: sandbox.app.clientId,
  HUBSPOT_CLIENT_SECRET: sandbox.app.clientSecret,
  PUBLIC_BASE_URL: 'https://stepwise.example.test',
  REDIS_URL: testRedisUrl(),
  REDIS_KEY_PREFIX: PREFIX,
  HUBSPOT_API_BASE_URL: sandbox.url,
  TOKEN_ENCRYPTION_KEY: K2.toString('base64'),
  TOKEN_ENCRYPTION_KEY_PREVIOUS: K1.toString('base64'),
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  sandbox = await startSandbox();
  sandbox.admin.seed(demoPortalSeed({ stepwiseInputs: true }));
  const config = testConfig({
    TOKEN_ENCRYPTION_KEY: K1.toString('base64'),
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: PREFIX,
    HUBSPOT_API_BASE_URL: sandbox.url,
  });
  root = compose(config, memoryLogger().logger);
  expect(root.prefix).toBe(PREFIX);
  const issued = sandbox.admin.install(DEMO_PORTAL_ID);
  await root.installations.save({
    portalId: String(DEMO_PORTAL_ID),
    tokens: {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresInSeconds: issued.expiresIn,
    },
    scopes: issued.scopes,
  });
});

afterAll(async () => {
  await root.close();
  await sandbox.stop();
  await deleteByPrefix(redis, PREFIX);
  await redis.quit();
});

describe('scripts honour REDIS_KEY_PREFIX', () => {
  it('keys:rotate finds the portal stored under the prefix and re-encrypts its tokens', async () => {
    const result = await run('scripts/rotate-token-key.ts', [], scriptEnv());
    expect(result.out).toContain('Installed portals: 1');
    expect(result.out).toContain('Token fields under a previous key: 2, re-encrypted: 2');
    expect(result.code, result.out).toBe(0);
    const [access, refresh] = await redis.hmget(
      `${PREFIX}:inst:${DEMO_PORTAL_ID}`,
      'accessToken',
      'refreshToken',
    );
    expect([access?.split('.')[1], refresh?.split('.')[1]]).toEqual([keyIdOf(K2), keyIdOf(K2)]);
  }, 30_000);

  it('backfill finds the installed portal under the prefix and grades every deal', async () => {
    const deals = sandbox.admin.listObjects(DEMO_PORTAL_ID, 'deals');
    expect(deals.length).toBeGreaterThan(0);
    const result = await run('scripts/backfill.ts', ['--portal', String(DEMO_PORTAL_ID)], scriptEnv());
    expect(result.out).toContain(`Backfill of portal ${DEMO_PORTAL_ID} done: ${deals.length} deals graded.`);
    expect(result.code, result.out).toBe(0);
    for (const deal of sandbox.admin.listObjects(DEMO_PORTAL_ID, 'deals'))
      expect(deal.properties['sw_lead_grade'], `deal ${deal.id}`).toMatch(/^(strategic|important|ordinary)$/);
  }, 60_000);
});
