import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFamilies, redisKeys } from '../../src/redis/keys';

const SECURITY = readFileSync(resolve(__dirname, '../../SECURITY.md'), 'utf8');

/** Rows of the Redis key table in SECURITY.md §3: [key, type, contents] per row. */
function keyTable(): string[][] {
  const section = SECURITY.slice(SECURITY.indexOf('### Redis'), SECURITY.indexOf('### Logs'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe('Redis keys', () => {
  it('SECURITY.md §3 lists exactly the key families src/redis/keys.ts builds, one per row', () => {
    const rows = keyTable();
    for (const row of rows) expect(row, `row ${row.join(' | ')}`).toHaveLength(3);
    const documented = rows.map((row) => /^`([^`]+)`$/.exec(row[0] ?? '')?.[1]);
    expect(documented).not.toContain(undefined);
    expect(new Set(documented)).toEqual(new Set(keyFamilies()));
    expect(documented).toHaveLength(keyFamilies().length);
  });

  it('every key is under the prefix', () => {
    const k = redisKeys('tenant-a');
    expect(k.installation('1')).toBe('tenant-a:inst:1');
    expect(k.dealLock('1', '2')).toBe('tenant-a:lock:deal:1:2');
    expect(k.searchLimiterPrefix).toBe('tenant-a:search');
    expect(redisKeys(k.searchLimiterPrefix).rateWindow('1')).toBe('tenant-a:search:rl:1');
    for (const family of keyFamilies()) expect(family.startsWith('<prefix>')).toBe(false);
  });
});
