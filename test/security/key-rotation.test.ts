import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import nock from 'nock';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/config/env';
import { createTokenCipher, keyIdOf } from '../../src/crypto/token-cipher';
import { InstallationStore } from '../../src/hubspot/installations';
import { createOAuthService } from '../../src/hubspot/oauth';
import { deleteByPrefix, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { HUBSPOT_API, PUBLIC_BASE_URL, testConfig } from '../support/service-fixtures';

/**
 * TOKEN_ENCRYPTION_KEY rotation as SECURITY.md describes it, through the real configuration
 * parsing: tokens written under K1 stay readable once K2 is current and K1 is listed in
 * TOKEN_ENCRYPTION_KEY_PREVIOUS, are re-encrypted under K2 when read (lazily) or all at once
 * (`reencryptAll`, `npm run keys:rotate`), and after that K2 alone opens everything.
 */

const ROOT = resolve(__dirname, '../..');
const K1 = randomBytes(32);
const K2 = randomBytes(32);
const K3 = randomBytes(32);
let redis: Redis;
const prefix = uniquePrefix('rot');

beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

function configWith(current: Buffer, previous: Buffer[] = []): Config {
  return testConfig({
    TOKEN_ENCRYPTION_KEY: current.toString('base64'),
    TOKEN_ENCRYPTION_KEY_PREVIOUS: previous.map((k) => k.toString('base64')).join(', '),
  });
}

function storeFor(config: Config): InstallationStore {
  return new InstallationStore({
    redis,
    cipher: createTokenCipher({
      currentKey: config.tokenEncryptionKey,
      previousKeys: config.previousTokenEncryptionKeys,
    }),
    oauth: createOAuthService({
      clientId: config.hubspotClientId,
      clientSecret: config.hubspotClientSecret,
      publicBaseUrl: config.publicBaseUrl,
      apiBaseUrl: config.hubspotApiBaseUrl,
      authorizeUrl: config.hubspotAuthorizeUrl,
      redis,
      prefix,
    }),
    prefix,
  });
}

const keyIdsOf = async (portalId: string): Promise<string[]> => {
  const [a, r] = await redis.hmget(`${prefix}:inst:${portalId}`, 'accessToken', 'refreshToken');
  return [a?.split('.')[1] ?? '', r?.split('.')[1] ?? ''];
};

const tokens = (n: string) => ({ accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresInSeconds: 1800 });

describe('TOKEN_ENCRYPTION_KEY rotation', () => {
  it('configuration: TOKEN_ENCRYPTION_KEY_PREVIOUS takes a comma-separated list and rejects bad keys', () => {
    expect(configWith(K2, [K1, K3]).previousTokenEncryptionKeys.map((k) => k.toString('hex'))).toEqual([
      K1.toString('hex'),
      K3.toString('hex'),
    ]);
    expect(() => configWith(K2, [randomBytes(16)])).toThrow(/TOKEN_ENCRYPTION_KEY_PREVIOUS/);
  });

  it('K1 tokens read under K2 (+K1 previous), are re-encrypted with K2 on read, then K2 alone suffices', async () => {
    await storeFor(configWith(K1)).save({ portalId: '701', tokens: tokens('701'), scopes: ['oauth'] });
    expect(await keyIdsOf('701')).toEqual([keyIdOf(K1), keyIdOf(K1)]);

    // Without K1 configured, the token is an actionable error, not garbage.
    await expect(storeFor(configWith(K2)).getAccessToken('701')).rejects.toMatchObject({
      code: 'TOKEN_UNREADABLE',
    });

    const rotated = storeFor(configWith(K2, [K1]));
    expect(await rotated.getAccessToken('701')).toBe('at-701');
    await vi.waitFor(async () => expect((await keyIdsOf('701'))[0]).toBe(keyIdOf(K2)));

    // The refresh token is read (and so re-encrypted lazily) only at the next refresh.
    expect((await keyIdsOf('701'))[1]).toBe(keyIdOf(K1));
    await redis.hset(`${prefix}:inst:701`, 'expiresAt', '0');
    const refresh = nock(HUBSPOT_API)
      .post('/oauth/2026-03/token', (b: Record<string, string>) => b['refresh_token'] === 'rt-701')
      .reply(200, { access_token: 'at-701b', refresh_token: 'rt-701b', expires_in: 1800 });
    expect(await rotated.getAccessToken('701')).toBe('at-701b');
    expect(refresh.isDone()).toBe(true);
    expect(await keyIdsOf('701')).toEqual([keyIdOf(K2), keyIdOf(K2)]);
    expect(await storeFor(configWith(K2)).getAccessToken('701')).toBe('at-701b');
  });

  it('reencryptAll moves every token to K2 at once (dry run first), and reports unreadable portals', async () => {
    const old = storeFor(configWith(K1));
    for (const id of ['711', '712', '713']) await old.save({ portalId: id, tokens: tokens(id), scopes: [] });
    await storeFor(configWith(K3)).save({ portalId: '714', tokens: tokens('714'), scopes: [] }); // a key nobody has any more

    const rotated = storeFor(configWith(K2, [K1]));
    const dry = await rotated.reencryptAll({ dryRun: true });
    expect(dry.previousKey).toBeGreaterThanOrEqual(6);
    expect(dry.reencrypted).toBe(0);
    expect(dry.unreadable).toEqual(['714']);
    expect(await keyIdsOf('711')).toEqual([keyIdOf(K1), keyIdOf(K1)]);

    const report = await rotated.reencryptAll();
    expect(report.reencrypted).toBe(report.previousKey);
    expect(report.unreadable).toEqual(['714']);
    for (const id of ['711', '712', '713']) expect(await keyIdsOf(id)).toEqual([keyIdOf(K2), keyIdOf(K2)]);
    const again = await rotated.reencryptAll();
    expect(again.previousKey).toBe(0);

    // K1 can now be dropped: K2 alone opens both tokens of every portal.
    const k2only = storeFor(configWith(K2));
    for (const id of ['711', '712', '713']) {
      expect(await k2only.getAccessToken(id)).toBe(`at-${id}`);
      const rt = await redis.hget(`${prefix}:inst:${id}`, 'refreshToken');
      expect(createTokenCipher({ currentKey: K2 }).decrypt(rt ?? '', `inst:${id}:refresh`).plaintext).toBe(
        `rt-${id}`,
      );
    }
    await storeFor(configWith(K3)).markUninstalled('714', 'test');
  });

  it('npm run keys:rotate (scripts/rotate-token-key.ts) re-encrypts and prints counts, never tokens', async () => {
    await storeFor(configWith(K1)).save({ portalId: '721', tokens: tokens('721'), scopes: [] });
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      HUBSPOT_CLIENT_ID: 'cid',
      HUBSPOT_CLIENT_SECRET: 'secret',
      PUBLIC_BASE_URL,
      REDIS_URL: testRedisUrl(),
      TOKEN_ENCRYPTION_KEY: K2.toString('base64'),
      TOKEN_ENCRYPTION_KEY_PREVIOUS: K1.toString('base64'),
    };
    const run = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(
        resolve(ROOT, 'node_modules/.bin/tsx'),
        ['scripts/rotate-token-key.ts', '--prefix', prefix],
        {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => done({ code, out }));
    });
    expect(run.out).toContain(`Current key id: ${keyIdOf(K2)}`);
    expect(run.out).toMatch(/re-encrypted: [1-9]/);
    expect(run.out).not.toContain('at-721');
    expect(run.out).not.toContain('rt-721');
    expect(run.out).not.toContain(K1.toString('base64'));
    expect(run.code, run.out).toBe(0);
    expect(await keyIdsOf('721')).toEqual([keyIdOf(K2), keyIdOf(K2)]);
  }, 30_000);
});
