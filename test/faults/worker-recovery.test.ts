import { afterEach, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors';
import type { PortalClient, PortalClients } from '../../src/hubspot/portal-client';
import { listDeadLetters } from '../../webhooks/dead-letters';
import { createRecomputeQueue, flushDeduplicationId } from '../../webhooks/queue';
import { startWorker, sweepStranded, type RecomputeWorker } from '../../webhooks/worker';
import { deleteByPrefix, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { until } from './harness';

/**
 * Regression tests for crash recovery of the recompute worker (found by the SIGKILL scenario):
 * - a crashed worker's flush used to hold its portal for 60–90 s (BullMQ's 30 s lock and 30 s
 *   stalled checks); the worker now takes over within ~lock (10 s) + one stalled check (5 s);
 * - a flush failed by BullMQ for stalling too often never reached processFlush, so its in-flight
 *   and dirty ids were stranded until the next event; they are now dead-lettered (in flight) and
 *   rescheduled (dirty);
 * - the safety sweep gives any portal with pending ids but no flush job one.
 */

const redis = testRedis();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** PortalClients stand-in: every HubSpot call runs `call`. */
function clients(call: () => Promise<never>): PortalClients {
  return {
    forPortal: (portalId: string): PortalClient => ({ portalId, call }),
  } as unknown as PortalClients;
}

const hang = (): Promise<never> => new Promise<never>(() => undefined);
const refuse = (): Promise<never> =>
  Promise.reject(new HubSpotError({ code: 'CLIENT_ERROR', status: 400, message: 'refused (test)' }));

describe('worker crash recovery', () => {
  it('sweepStranded schedules one flush for a portal with dirty ids and no flush job', async () => {
    const prefix = uniquePrefix('sweep');
    const queue = createRecomputeQueue({ connection: redis, prefix });
    cleanups.push(async () => {
      await queue.close();
      await deleteByPrefix(redis, prefix);
    });
    // Ids marked dirty, but the flush job was never added (e.g. the producer lost Redis in between).
    await redis.zadd(queue.keys.dirtyDeals('5001'), Date.now(), '11');
    await redis.zadd(queue.keys.inflightDeals('5002'), Date.now(), '12');
    await redis.sadd(queue.keys.dirtyPortals, '5001', '5002', '5003');

    expect(await sweepStranded(queue)).toBe(2);
    for (const portal of ['5001', '5002']) {
      const jobId = await queue.queue.getDeduplicationJobId(flushDeduplicationId(portal));
      expect(jobId).not.toBeNull();
      expect(await queue.queue.getJob(jobId as string)).toBeDefined();
    }
    // Second sweep: both portals have a pending flush, the third has nothing pending.
    expect(await sweepStranded(queue)).toBe(0);
  });

  it('a flush whose worker died is taken over; after too many stalls its in-flight ids are dead-lettered and the rest rescheduled', async () => {
    const prefix = uniquePrefix('stall');
    const fast = {
      coalesceMs: 20,
      reconcileIntervalMs: 0,
      queueDepthIntervalMs: 0,
      sweepIntervalMs: 0,
      lockDurationMs: 800,
      stalledIntervalMs: 200,
    };
    // Worker A claims deal 100 and hangs inside its HubSpot call, then "crashes" (no lock release).
    const a: RecomputeWorker = await startWorker({
      redisUrl: testRedisUrl(),
      prefix,
      portalClients: clients(hang),
      options: { ...fast, maxStalledCount: 0 },
    });
    let aClosed = false;
    cleanups.push(async () => {
      await deleteByPrefix(redis, prefix);
    });
    cleanups.push(async () => {
      if (!aClosed) await a.worker.close(true);
      await a.queue.close();
    });
    await a.queue.enqueue([{ portalId: '6001', dealIds: ['100'], reason: 'webhook' }]);
    await until(async () => (await a.queue.pending('6001')).inflightDeals === 1, 5_000, 'deal 100 in flight');
    await a.worker.close(true);
    aClosed = true;
    // More work arrives for the portal while its flush is orphaned.
    await a.queue.enqueue([{ portalId: '6001', dealIds: ['101'], reason: 'webhook' }]);

    // Worker B: the orphaned flush stalls past maxStalledCount (0) → failed by BullMQ.
    const b = await startWorker({
      redisUrl: testRedisUrl(),
      prefix,
      portalClients: clients(refuse),
      options: { ...fast, maxStalledCount: 0 },
    });
    cleanups.push(() => b.close());

    await until(
      async () => (await listDeadLetters(redis, prefix)).length >= 2,
      10_000,
      'dead letters for both deals',
    );
    const letters = await listDeadLetters(redis, prefix);
    // The suspect batch is isolated; the id that arrived meanwhile was flushed (and refused here).
    expect(letters.find((l) => l.reason === 'STALLED')?.dealIds).toEqual(['100']);
    expect(letters.find((l) => l.reason === 'CLIENT_ERROR')?.dealIds).toEqual(['101']);
    const pending = await b.queue.pending('6001');
    expect(pending).toEqual({
      deals: 0,
      contacts: 0,
      meetings: 0,
      inflightDeals: 0,
      inflightContacts: 0,
      inflightMeetings: 0,
    });
  });

  it('with the default stall budget a crashed flush is simply run again, within seconds', async () => {
    const prefix = uniquePrefix('takeover');
    const fast = {
      coalesceMs: 20,
      reconcileIntervalMs: 0,
      queueDepthIntervalMs: 0,
      sweepIntervalMs: 0,
      lockDurationMs: 800,
      stalledIntervalMs: 200,
    };
    const a = await startWorker({
      redisUrl: testRedisUrl(),
      prefix,
      portalClients: clients(hang),
      options: fast,
    });
    let aClosed = false;
    cleanups.push(async () => {
      await deleteByPrefix(redis, prefix);
    });
    cleanups.push(async () => {
      if (!aClosed) await a.worker.close(true);
      await a.queue.close();
    });
    await a.queue.enqueue([{ portalId: '7001', dealIds: ['200'], reason: 'webhook' }]);
    await until(async () => (await a.queue.pending('7001')).inflightDeals === 1, 5_000, 'deal 200 in flight');
    await a.worker.close(true);
    aClosed = true;
    const crashedAt = Date.now();

    const b = await startWorker({
      redisUrl: testRedisUrl(),
      prefix,
      portalClients: clients(refuse),
      options: fast,
    });
    cleanups.push(() => b.close());
    await until(async () => (await listDeadLetters(redis, prefix)).length >= 1, 10_000, 'the takeover');
    const letters = await listDeadLetters(redis, prefix);
    // Run again by B (its HubSpot refuses → CLIENT_ERROR), not failed as stalled.
    expect(letters.map((l) => [l.reason, l.dealIds])).toEqual([['CLIENT_ERROR', ['200']]]);
    expect(Date.now() - crashedAt).toBeLessThan(5_000);
  });
});
