import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment, withoutEmpty } from '../../src/config/env';

const REQUIRED = {
  HUBSPOT_CLIENT_ID: 'client-id',
  HUBSPOT_CLIENT_SECRET: 'client-secret',
  PUBLIC_BASE_URL: 'https://stepwise.example.test',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe('an empty variable counts as unset', () => {
  it('PORT= takes the default port 3000 (not 0, a random port)', () => {
    expect(loadConfig({ ...REQUIRED, PORT: '' }).port).toBe(3000);
    expect(loadConfig({ ...REQUIRED, PORT: '0' }).port).toBe(0);
  });

  it('HUBSPOT_API_BASE_URL= takes https://api.hubapi.com instead of failing', () => {
    expect(loadConfig({ ...REQUIRED, HUBSPOT_API_BASE_URL: '' }).hubspotApiBaseUrl).toBe(
      'https://api.hubapi.com',
    );
  });

  it('every optional variable left empty takes its default', () => {
    const config = loadConfig({
      ...REQUIRED,
      REDIS_URL: '',
      REDIS_KEY_PREFIX: ' ',
      HUBSPOT_AUTHORIZE_URL: '',
      TRUST_PROXY: '',
      TOKEN_ENCRYPTION_KEY_PREVIOUS: '',
      LOG_LEVEL: '',
      NODE_ENV: '',
    });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.redisKeyPrefix).toBe('sw');
    expect(config.hubspotAuthorizeUrl).toBe('https://app.hubspot.com/oauth/authorize');
    expect(config.trustProxy).toBe(false);
    expect(config.previousTokenEncryptionKeys).toEqual([]);
    expect(config.logLevel).toBe('info');
    expect(config.nodeEnv).toBe('production');
    // HubSpot's 110 / 10 s per portal less a margin of 5, and search 5 / s.
    expect(config.hubspotRateLimit).toEqual({
      max: 105,
      windowMs: 10_000,
      searchMax: 5,
      searchWindowMs: 1_000,
    });
  });

  it('HUBSPOT_RATE_LIMIT may go below HubSpot’s 110 / 10 s, never above', () => {
    expect(loadConfig({ ...REQUIRED, HUBSPOT_RATE_LIMIT: '90' }).hubspotRateLimit.max).toBe(90);
    expect(problems({ ...REQUIRED, HUBSPOT_RATE_LIMIT: '111' }).join(' ')).toContain('110');
    expect(problems({ ...REQUIRED, HUBSPOT_SEARCH_RATE_LIMIT: '6' }).join(' ')).toContain('5 / s');
  });

  it('an empty required variable is reported as missing, with the same actionable message', () => {
    const empty = problems({ ...REQUIRED, HUBSPOT_CLIENT_ID: '' });
    const missing = problems({ ...REQUIRED, HUBSPOT_CLIENT_ID: undefined } as unknown as Record<
      string,
      string
    >);
    expect(empty).toEqual(missing);
    expect(empty.join('\n')).toContain('HUBSPOT_CLIENT_ID is required');
  });

  it('withoutEmpty drops empty and blank values only', () => {
    expect(withoutEmpty({ A: '', B: '  ', C: 'x', D: undefined, E: '0' })).toEqual({ C: 'x', E: '0' });
  });
});

describe('.env loading', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('reads .env when present; the real environment wins, except where it is empty', () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-env-'));
    const envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      [
        '# comment',
        `HUBSPOT_CLIENT_ID=${REQUIRED.HUBSPOT_CLIENT_ID}`,
        `HUBSPOT_CLIENT_SECRET="${REQUIRED.HUBSPOT_CLIENT_SECRET}"`,
        `PUBLIC_BASE_URL=${REQUIRED.PUBLIC_BASE_URL}`,
        `TOKEN_ENCRYPTION_KEY=${REQUIRED.TOKEN_ENCRYPTION_KEY}`,
        'PORT=4100',
        'REDIS_KEY_PREFIX=fromfile',
        'HUBSPOT_API_BASE_URL=',
      ].join('\n'),
    );
    const env = readEnvironment({ envFile, env: { REDIS_KEY_PREFIX: 'fromenv', PORT: '' } });
    const config = loadConfig(env);
    expect(config.hubspotClientId).toBe('client-id');
    expect(config.hubspotClientSecret).toBe('client-secret');
    expect(config.port).toBe(4100); // PORT= in the real environment does not hide the file's value
    expect(config.redisKeyPrefix).toBe('fromenv'); // the real environment wins
    expect(config.hubspotApiBaseUrl).toBe('https://api.hubapi.com'); // empty in the file: default
  });

  it('no .env file: just the real environment', () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-env-'));
    expect(readEnvironment({ envFile: join(dir, '.env'), env: { PORT: '5000', EMPTY: '' } })).toEqual({
      PORT: '5000',
    });
  });
});
