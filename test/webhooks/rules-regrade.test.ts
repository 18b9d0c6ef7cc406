import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RegradeStatus } from '../../extensions/app/cards/lib/api-types';
import { RULES_VERSION } from '../../src/methodology';
import type { BackfillControl } from '../../webhooks/backfill';
import { JOB, createRecomputeQueue, type RecomputeQueueHandle } from '../../webhooks/queue';
import { queueRulesRegrade, rulesUpgradeStatus, runRulesRegradeTick } from '../../webhooks/rules-regrade';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';

/** A backfill double: `startBackfill` marks a run; `finish` ends it the way a real run does (rules version recorded). */
function fakeBackfill(redis: Redis, q: RecomputeQueueHandle) {
  const running = new Set<string>();
  const started: string[] = [];
  const status = (portalId: string): RegradeStatus => ({
    state: running.has(portalId) ? 'running' : 'idle',
    processed: 0,
    total: null,
    startedAt: null,
    finishedAt: null,
    error: null,
  });
  const control: BackfillControl = {
    startBackfill: (portalId) => {
      running.add(portalId);
      started.push(portalId);
      return Promise.resolve(status(portalId));
    },
    getBackfillStatus: (portalId) => Promise.resolve(status(portalId)),
  };
  const finish = async (portalId: string): Promise<void> => {
    running.delete(portalId);
    await redis.set(q.keys.rulesVersion(portalId), RULES_VERSION);
  };
  return { control, started, finish };
}

describe('post-deploy rules re-grade', () => {
  let redis: Redis;
  let prefix: string;
  let q: RecomputeQueueHandle;

  beforeAll(() => {
    redis = testRedis();
  });
  afterEach(async () => {
    await q.close();
    await deleteByPrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('queues only portals graded with other rules and re-grades them one at a time until done', async () => {
    prefix = uniquePrefix('rules');
    q = createRecomputeQueue({ connection: redis, prefix });
    await redis.set(q.keys.rulesVersion('1'), '2025.01.1');
    await redis.set(q.keys.rulesVersion('2'), RULES_VERSION);
    // Portal 3 has no record (installed before versions were recorded).
    expect(await queueRulesRegrade(q, ['1', '2', '3'])).toEqual(['1', '3']);
    // A second worker start keeps the places.
    expect(await queueRulesRegrade(q, ['1', '2', '3'])).toEqual(['1', '3']);
    expect(await redis.zrange(q.keys.rulesRegradeQueue, 0, -1)).toEqual(['1', '3']);

    const b = fakeBackfill(redis, q);
    const installed = (): Promise<boolean> => Promise.resolve(true);
    const fixed = { intervalMs: 1_000, random: () => 0 };
    let tick = await runRulesRegradeTick(q, b.control, installed, fixed);
    expect(tick).toEqual({ started: ['1'], waiting: 2 });
    expect((await rulesUpgradeStatus(q, '1', true)).state).toBe('running');
    expect((await rulesUpgradeStatus(q, '3', false)).state).toBe('queued');
    expect(await rulesUpgradeStatus(q, '2', false)).toEqual({
      current: RULES_VERSION,
      graded: RULES_VERSION,
      state: 'current',
    });
    // Still running: nothing else starts (concurrency 1), and the next tick is scheduled.
    tick = await runRulesRegradeTick(q, b.control, installed, fixed);
    expect(tick.started).toEqual([]);
    const delayed = await q.queue.getJobs(['delayed']);
    expect(delayed.some((j) => j.name === JOB.rulesRegrade)).toBe(true);

    await b.finish('1');
    tick = await runRulesRegradeTick(q, b.control, installed, fixed);
    expect(tick).toEqual({ started: ['3'], waiting: 1 });
    await b.finish('3');
    tick = await runRulesRegradeTick(q, b.control, installed, fixed);
    expect(tick).toEqual({ started: [], waiting: 0 });
    expect(b.started).toEqual(['1', '3']);
  });

  it('drops uninstalled portals and honours a small concurrency', async () => {
    prefix = uniquePrefix('rules');
    q = createRecomputeQueue({ connection: redis, prefix });
    await queueRulesRegrade(q, ['10', '11', '12', '13']);
    const b = fakeBackfill(redis, q);
    const tick = await runRulesRegradeTick(q, b.control, (p) => Promise.resolve(p !== '11'), {
      concurrency: 2,
      random: () => 0,
    });
    expect(tick).toEqual({ started: ['10', '12'], waiting: 3 });
  });
});
