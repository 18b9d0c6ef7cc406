import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('stop()', () => {
  it('closes the server, timers and pending deliveries so the process can exit', async () => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/sandbox/lifecycle-fixture.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(-1);
      }, 15_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    expect(out).toContain('stopped aborted');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
