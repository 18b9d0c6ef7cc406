import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { luaScript, runLua } from '../../src/redis/lua-scripts';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';

const redis = testRedis();
const prefix = uniquePrefix('lua');

afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

describe('Lua scripts', () => {
  it('are sent once per connection (EVAL), then called by SHA1 (EVALSHA)', async () => {
    const monitor = await redis.monitor();
    const key = `${prefix}:probe`;
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      // Commands the script itself runs are reported with source "lua"; keep the client's.
      if (args.includes(key) && source !== 'lua') seen.push(String(args[0]).toLowerCase());
    });
    const conn = testRedis();
    try {
      await conn.set(key, 'holder');
      for (let i = 0; i < 3; i++) expect(await runLua(conn, 'release-lock', [key], ['other'])).toBe(0);
      expect(await runLua(conn, 'release-lock', [key], ['holder'])).toBe(1);
      expect(await conn.exists(key)).toBe(0);
      const deadline = Date.now() + 5_000;
      while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.filter((c) => c.startsWith('eval'))).toEqual(['eval', 'evalsha', 'evalsha', 'evalsha']);
      const [sha] = (await redis.script('EXISTS', sha1(luaScript('release-lock')))) as number[];
      expect(sha).toBe(1);
    } finally {
      monitor.disconnect();
      await conn.quit();
    }
  });
});

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
