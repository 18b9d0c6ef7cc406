import { afterAll, describe, expect, it } from 'vitest';
import { claim } from '../../webhooks/flush';
import { createRecomputeQueue, recomputeKeys } from '../../webhooks/queue';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';

/**
 * Regression test (found by the duplicated/reordered deliveries scenario: 290 deal writes for
 * 211 changed deals): a deal that is dirty again while a lane still has it in flight must not
 * be claimed by a second lane at the same time — both lanes wrote, and the one that read before
 * the latest edit could land last and leave a stale grade.
 */

const redis = testRedis();
const prefix = uniquePrefix('claim');
const keys = recomputeKeys(prefix);
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

describe('claim', () => {
  it('skips ids still in flight, keeps them dirty, and claims them once acknowledged', async () => {
    const dirty = keys.dirtyDeals('9001');
    const inflight = keys.inflightDeals('9001');
    await redis.zadd(dirty, 1, 'a', 2, 'b', 3, 'c', 4, 'd');
    const first = await claim(redis, dirty, inflight, 2);
    expect(first.ids).toEqual(['a', 'b']);
    // 'a' is marked dirty again (a duplicate delivery) while the first lane still works on it.
    await redis.zadd(dirty, 'NX', 5, 'a');
    const second = await claim(redis, dirty, inflight, 2);
    expect(second.ids).toEqual(['c', 'd']);
    expect(await claim(redis, dirty, inflight, 2)).toEqual({ ids: [], firstMarked: new Map() });
    expect(await redis.zrange(dirty, 0, -1)).toEqual(['a']);
    // The first lane acknowledges 'a'; now it can be claimed (and will be read afresh).
    await redis.zrem(inflight, 'a', 'b');
    const third = await claim(redis, dirty, inflight, 2);
    expect(third.ids).toEqual(['a']);
    expect(third.firstMarked.get('a')).toBe(5);
  });

  it('still returns the oldest ids first and at most the requested count', async () => {
    const dirty = keys.dirtyDeals('9002');
    const inflight = keys.inflightDeals('9002');
    await redis.zadd(dirty, ...Array.from({ length: 150 }, (_, i) => [i, `d${i}`]).flat());
    await redis.zadd(inflight, 0, 'd0', 0, 'd1');
    const got = await claim(redis, dirty, inflight, 100);
    expect(got.ids).toHaveLength(100);
    expect(got.ids[0]).toBe('d2');
    expect(got.ids.at(-1)).toBe('d101');
    expect(await redis.zcard(dirty)).toBe(50);
  });

  it('a reconcile sweep never queues in front of reps’ edits; an edit moves a swept deal forward', async () => {
    const queue = createRecomputeQueue({ connection: redis, prefix });
    try {
      await queue.enqueue([{ portalId: '9003', dealIds: ['100', '101', '102'], reason: 'reconcile' }]);
      await queue.enqueue([{ portalId: '9003', dealIds: ['200', '101'], reason: 'webhook' }]);
      const dirty = queue.keys.dirtyDeals('9003');
      const got = await claim(redis, dirty, queue.keys.inflightDeals('9003'), 2);
      expect(got.ids.sort()).toEqual(['101', '200']);
      // A deal marked by a webhook keeps its first mark when the sweep marks it again.
      await queue.enqueue([{ portalId: '9003', dealIds: ['300'], reason: 'webhook' }]);
      const first = await redis.zscore(dirty, '300');
      await queue.enqueue([{ portalId: '9003', dealIds: ['300'], reason: 'reconcile' }]);
      expect(await redis.zscore(dirty, '300')).toBe(first);
    } finally {
      await queue.close();
    }
  });
});
