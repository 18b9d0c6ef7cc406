import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxClient } from '../../sandbox/client';
import { DEMO_PORTAL_ID } from '../../sandbox/seed-data';

const ROOT = resolve(import.meta.dirname, '../..');

describe('scripts/sandbox.ts', () => {
  it('starts seeded on a port, prints its URL and stops on SIGTERM', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !k.startsWith('HUBSPOT_') && k !== 'PUBLIC_BASE_URL') env[k] = v;
    }
    env['LOG_LEVEL'] = 'warn';
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/sandbox.ts', '--port=0', '--install'],
      {
        cwd: ROOT,
        env,
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
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!/SANDBOX_ACCESS_TOKEN=\S+/.test(out) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const url = /SANDBOX_URL=(\S+)/.exec(out)?.[1];
      const token = /SANDBOX_ACCESS_TOKEN=(\S+)/.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toContain(`HUBSPOT_AUTHORIZE_URL=${url}/oauth/authorize`);
      const api = sandboxClient({ url: url as string }, token);
      const page = await api.crm.deals.basicApi.getPage(100);
      expect(page.results.length).toBe(16);
      const portals = (await (await fetch(`${url}/_sandbox/portals`)).json()) as {
        results: { portalId: number }[];
      };
      expect(portals.results.map((p) => p.portalId)).toContain(DEMO_PORTAL_ID);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
