/**
 * npm run build — compiles the service (src/main.ts and everything it imports) to dist/main.js
 * with esbuild: one ESM bundle for Node 20.12+, runtime dependencies left to node_modules, so
 * `npm ci --omit=dev && npm start` runs it with no dev dependency. Redis Lua scripts are copied
 * next to it (dist/lua/), where src/redis/lua-scripts.ts finds them in both layouts.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = resolve(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.12',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const lua = resolve(ROOT, 'src/redis/lua');
if (existsSync(lua))
  cpSync(lua, resolve(DIST, 'lua'), { recursive: true, filter: (f) => !f.endsWith('.ts') });
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(`built dist/main.js from ${inputs} modules\n`);
