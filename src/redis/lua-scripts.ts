import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * Stepwise's Redis Lua scripts live as .lua files in src/redis/lua/ (copied to dist/lua/ by
 * `npm run build`; `./lua/` resolves to both from this module and from the bundle). Each is
 * read from disk once and run with `runLua` (EVALSHA; see below).
 */
export type LuaScriptName =
  | 'abuse-hit'
  | 'backfill-progress'
  | 'backfill-start'
  | 'compare-and-set'
  | 'flush-claim'
  | 'flush-lease'
  | 'flush-recover'
  | 'force-refresh'
  | 'preview-record'
  | 'rate-acquire'
  | 'rate-block'
  | 'rate-state'
  | 'release-lock'
  | 'renew-lock'
  | 'write-if-installed';

const LUA_DIR = new URL('./lua/', import.meta.url);
const loaded = new Map<LuaScriptName, string>();

export function luaScript(name: LuaScriptName): string {
  let source = loaded.get(name);
  if (source === undefined) {
    source = readFileSync(new URL(`${name}.lua`, LUA_DIR), 'utf8');
    loaded.set(name, source);
  }
  return source;
}

type ScriptCommand = (numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;
/** What runLua needs of a connection (a Redis, or a test double of one). */
export type ScriptHost = Pick<Redis, 'defineCommand'>;
const defined = new WeakMap<ScriptHost, Set<LuaScriptName>>();

/**
 * Runs a script with EVALSHA. The first call on a connection registers the script with ioredis's
 * `defineCommand`, which loads it into Redis once (one EVAL per connection) and afterwards sends
 * only its SHA1; a NOSCRIPT reply (Redis restarted or SCRIPT FLUSH) makes it resend the source.
 */
export function runLua(
  redis: ScriptHost,
  name: LuaScriptName,
  keys: readonly string[],
  args: readonly string[] = [],
): Promise<unknown> {
  const command = `sw:${name}`;
  let names = defined.get(redis);
  if (names === undefined) {
    names = new Set();
    defined.set(redis, names);
  }
  if (!names.has(name)) {
    redis.defineCommand(command, { lua: luaScript(name) });
    names.add(name);
  }
  const run = (redis as unknown as Record<string, ScriptCommand>)[command] as ScriptCommand;
  return run.call(redis, keys.length, ...keys, ...args);
}
