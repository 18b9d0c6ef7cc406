import { readFileSync } from 'node:fs';

/**
 * Stepwise's Redis Lua scripts live as .lua files in src/redis/lua/ (copied to dist/lua/ by
 * `npm run build`; `./lua/` resolves to both from this module and from the bundle). Each is
 * read from disk once, when the module that uses it is loaded.
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
