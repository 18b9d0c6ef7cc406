import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GLOBAL_KEY_MEMBERS,
  clusterKeyPrefix,
  keyFamilies,
  keyPatterns,
  keyPrefixFor,
  redisKeys,
  type RedisKeys,
} from '../../src/redis/keys';

/** Redis Cluster's hash-tag rule: the part between the first `{` and the next `}`, when not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** The per-portal key builders of a layout (every member not deliberately global). */
function portalBuilders(k: RedisKeys): [string, (portalId: string, other: string) => string][] {
  const global = new Set<string>(GLOBAL_KEY_MEMBERS);
  return Object.entries(k)
    .filter(([name]) => !global.has(name))
    .map(([name, build]) => {
      if (typeof build !== 'function') throw new Error(`${name} is not a key builder; list it as global`);
      return [name, build as (portalId: string, other: string) => string];
    });
}

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

  it('on a single Redis the key names are the ones Stepwise always used (no migration)', () => {
    const k = redisKeys('sw');
    expect(k.dirtyDeals('42')).toBe('sw:dirty:42:deals');
    expect(k.rateWindow('42')).toBe('sw:rl:42');
    expect(k.installedPortals).toBe('sw:installs:active');
    expect(k.bullmq).toBe('sw');
    expect(keyPrefixFor('sw', false)).toBe('sw');
    expect(keyPatterns('sw')).toEqual(['sw*']);
  });

  it('on a cluster every key of one portal carries the hash tag {p:<portalId>} (one slot)', () => {
    const prefix = keyPrefixFor('sw', true);
    expect(prefix).toBe('{sw}');
    expect(clusterKeyPrefix(prefix)).toBe('{sw}');
    const k = redisKeys(prefix);
    const builders = portalBuilders(k);
    expect(builders.length).toBeGreaterThan(10);
    for (const [name, build] of builders) {
      const key = build('42', '7');
      expect(key.startsWith('sw:'), `${name}: ${key}`).toBe(true);
      expect(hashTag(key), `${name}: ${key}`).toBe('p:42');
    }
    const search = redisKeys(k.searchLimiterPrefix);
    for (const [name, build] of portalBuilders(search)) expect(hashTag(build('42', '7')), name).toBe('p:42');
    expect(search.rateWindow('42')).toBe('sw:search:rl:{p:42}');
    expect(k.dealLock('42', '7')).toBe('sw:lock:deal:{p:42}:7');
  });

  it('on a cluster the global keys are untagged and BullMQ gets the hash-tagged prefix {sw}', () => {
    const k = redisKeys('{sw}');
    expect(k.installedPortals).toBe('sw:installs:active');
    expect(k.dirtyPortals).toBe('sw:dirty-portals');
    expect(k.deadLetters).toBe('sw:dead-letters');
    expect(k.abuse('ip', '10.0.0.1')).toBe('sw:abuse:ip:10.0.0.1');
    expect(k.oauthState('n')).toBe('sw:oauth:state:n');
    expect(k.replay('d')).toBe('sw:replay:d');
    // BullMQ's keys are `<prefix>:<queue>:…`: all of the queue's keys share the slot of "sw".
    expect(k.bullmq).toBe('{sw}');
    expect(hashTag(`${k.bullmq}:recompute:wait`)).toBe('sw');
    expect(keyPatterns('{sw}')).toEqual(['sw*', '{sw}*']);
  });
});
