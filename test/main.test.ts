import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env';
import { UsageError, parseRole } from '../src/server/cli';
import { deleteByPrefix, testRedis, testRedisUrl } from './support/redis';

const ROOT = resolve(__dirname, '..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx src/main.ts` with exactly `env` (plus PATH/HOME); `until` decides when to send SIGTERM. */
function runMain(
  args: string[],
  env: Record<string, string>,
  until?: (stdout: string) => boolean,
  onReady?: (stdout: string) => Promise<void>,
): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(TSX, ['src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not finish in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (!signalled && until?.(stdout) === true) {
        signalled = true;
        void (onReady?.(stdout) ?? Promise.resolve()).finally(() => child.kill('SIGTERM'));
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe('configuration errors', () => {
  it('loadConfig lists every missing or invalid variable', () => {
    let err: unknown;
    try {
      loadConfig({ PUBLIC_BASE_URL: 'not a url', TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.code).toBe('CONFIG_INVALID');
    const text = e.problems.join('\n');
    expect(text).toContain('HUBSPOT_CLIENT_ID');
    expect(text).toContain('HUBSPOT_CLIENT_SECRET');
    expect(text).toContain('PUBLIC_BASE_URL');
    expect(text).toContain('TOKEN_ENCRYPTION_KEY');
  });

  it('npm start with a missing variable prints the ConfigError (no stack trace) and exits 1', async () => {
    const run = await runMain([], {
      HUBSPOT_CLIENT_SECRET: 's',
      PUBLIC_BASE_URL: 'https://x.example',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Stepwise cannot start');
    expect(run.stderr).toContain('HUBSPOT_CLIENT_ID');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('an unknown --role is a usage error, exit 1', async () => {
    const run = await runMain(['--role', 'cron'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--role must be web, worker or all');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('parseRole', () => {
  it('defaults to all and accepts web/worker in both spellings', () => {
    expect(parseRole([])).toBe('all');
    expect(parseRole(['--role', 'web'])).toBe('web');
    expect(parseRole(['--role=worker'])).toBe('worker');
    expect(() => parseRole(['--port', '1'])).toThrow(UsageError);
    expect(() => parseRole(['--role'])).toThrow(UsageError);
  });
});

// Boots the real service, which uses the fixed 'sw' key prefix: only against a Redis the tests own.
describe.skipIf(!inject('redisOwned'))('npm start', () => {
  it.each([['all'], ['web'], ['worker']])(
    '--role %s boots, serves /healthz, and exits 0 on SIGTERM',
    async (role) => {
      let health: { status: number; body: unknown } | undefined;
      const run = await runMain(
        ['--role', role],
        {
          HUBSPOT_CLIENT_ID: 'cid',
          HUBSPOT_CLIENT_SECRET: 'secret',
          PUBLIC_BASE_URL: 'https://stepwise.example.test',
          TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          REDIS_URL: testRedisUrl(),
          PORT: '0',
          HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9',
          LOG_LEVEL: 'info',
        },
        (out) => out.includes('"stepwise started"'),
        async (out) => {
          const line = out.split('\n').find((l) => l.includes('"stepwise started"')) ?? '{}';
          const { port } = JSON.parse(line) as { port: number };
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          health = { status: res.status, body: await res.json() };
        },
      );
      expect(run.stderr).toBe('');
      expect(health).toEqual({ status: 200, body: { status: 'ok', redis: 'up' } });
      expect(run.stdout).toContain('"stopped"');
      expect(run.code).toBe(0);
      // The real service uses the 'sw' prefix: remove what this boot created in the test Redis.
      const redis = testRedis();
      await deleteByPrefix(redis, 'sw:');
      await redis.quit();
    },
    40_000,
  );
});
