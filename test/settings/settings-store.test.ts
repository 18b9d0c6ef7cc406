import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { DEFAULT_SETTINGS } from '../../src/methodology';
import { SettingsStore } from '../../src/settings/settings-store';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { memoryLogger } from '../support/service-fixtures';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

describe('SettingsStore', () => {
  it('defaults when nothing is stored; save merges a validated patch', async () => {
    const prefix = uniquePrefix('set');
    const store = new SettingsStore({ redis, prefix });
    expect(await store.get('1')).toEqual(DEFAULT_SETTINGS);
    const r = await store.save('1', { language: 'en', gradeThresholds: { importantAmount: 500_000 } });
    expect(r.ok).toBe(true);
    const got = await store.get('1');
    expect(got.language).toBe('en');
    expect(got.gradeThresholds).toEqual({ ...DEFAULT_SETTINGS.gradeThresholds, importantAmount: 500_000 });
    // Merges over what is stored, not over the defaults.
    await store.save('1', { defaultProcessPlaybook: 'ten_step' });
    expect(await store.get('1')).toMatchObject({ language: 'en', defaultProcessPlaybook: 'ten_step' });
    expect(await store.get('2')).toEqual(DEFAULT_SETTINGS);
    await deleteByPrefix(redis, prefix);
  });

  it('rejects invalid patches without storing them', async () => {
    const prefix = uniquePrefix('set');
    const store = new SettingsStore({ redis, prefix });
    const r = await store.save('1', { gradeThresholds: { strategicAmount: 10, importantAmount: 20 } });
    expect(r.ok).toBe(false);
    const bad = await store.save('1', { language: 'fr', extra: true });
    expect(bad).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
    });
    expect(await redis.exists(`${prefix}:settings:1`)).toBe(0);
    await deleteByPrefix(redis, prefix);
  });

  it('corrupt stored JSON reads as defaults and logs a warning', async () => {
    const prefix = uniquePrefix('set');
    const { logger, lines } = memoryLogger();
    const store = new SettingsStore({ redis, prefix, logger });
    await redis.set(`${prefix}:settings:1`, '{not json');
    expect(await store.get('1')).toEqual(DEFAULT_SETTINGS);
    await redis.set(`${prefix}:settings:2`, JSON.stringify({ language: 'klingon' }));
    expect(await store.get('2')).toEqual(DEFAULT_SETTINGS);
    expect(lines()).toMatch(/"level":40.*stored settings are/);
    // A partial older record is read as a patch over the defaults.
    await redis.set(`${prefix}:settings:3`, JSON.stringify({ language: 'en' }));
    expect(await store.get('3')).toEqual({ ...DEFAULT_SETTINGS, language: 'en' });
    await deleteByPrefix(redis, prefix);
  });
});
