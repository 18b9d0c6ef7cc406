import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../src/redis/connections';
import { createRecomputeQueue, type RecomputeQueueHandle } from '../../webhooks/queue';
import { deleteByPrefix, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { hubspotSigned, installTokens, startEdge, type EdgeHarness } from '../support/service-fixtures';

/**
 * Ack latency of the webhook intake with the real Redis-backed RecomputeQueue: 500 signed
 * requests of 100 events each, sequential (client-measured round trip over loopback HTTP) and
 * with 8 concurrent senders. Numbers are printed; the assertion is a loose regression guard.
 */
const REQUESTS = 500;
const EVENTS = 100;

let redis: Redis;
let queueRedis: Redis;
let queue: RecomputeQueueHandle;
let edge: EdgeHarness;
const prefix = uniquePrefix('lat');

beforeAll(async () => {
  redis = testRedis();
  queueRedis = createRedisConnection(testRedisUrl(), 'store');
  queue = createRecomputeQueue({ connection: queueRedis, prefix, coalesceMs: 60_000 });
  edge = await startEdge({ redis, prefix, extra: { queue } });
  await edge.installations.save({ portalId: '3001', tokens: installTokens(), scopes: ['oauth'] });
});
afterAll(async () => {
  await edge.close();
  await queue.close();
  await deleteByPrefix(redis, prefix);
  await queueRedis.quit();
  await redis.quit();
});

function batch(i: number): string {
  const now = Date.now();
  return JSON.stringify(
    Array.from({ length: EVENTS }, (_, j) => ({
      eventId: i * EVENTS + j,
      subscriptionId: 1,
      portalId: 3001,
      appId: 77,
      occurredAt: now,
      subscriptionType: j % 10 === 0 ? 'contact.propertyChange' : 'deal.propertyChange',
      attemptNumber: 0,
      objectId: 10_000 + ((i * EVENTS + j) % 5_000),
      propertyName: j % 10 === 0 ? 'sw_stance' : j % 3 === 0 ? 'sw_funnel_stage' : 'sw_seven_step_need',
      propertyValue: 'x',
      changeSource: 'CRM_UI',
    })),
  );
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function send(i: number): Promise<number> {
  const body = batch(i);
  const headers = { 'Content-Type': 'application/json', ...hubspotSigned('POST', '/webhooks/hubspot', body) };
  const t0 = performance.now();
  const res = await fetch(`${edge.url}/webhooks/hubspot`, { method: 'POST', headers, body });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return ms;
}

describe('webhook intake latency (100-event signed batches, real queue)', () => {
  it(`acks ${REQUESTS} requests quickly`, async () => {
    for (let i = 0; i < 20; i++) await send(i); // warm-up
    const sequential: number[] = [];
    for (let i = 0; i < REQUESTS; i++) sequential.push(await send(i));
    sequential.sort((a, b) => a - b);

    const concurrent: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < REQUESTS) concurrent.push(await send(next++));
      }),
    );
    const wall = performance.now() - t0;
    concurrent.sort((a, b) => a - b);

    const f = (n: number) => n.toFixed(2);
    const report =
      `webhook ack latency, ${EVENTS} events/request, ${REQUESTS} requests\n` +
      `  sequential:    p50 ${f(pct(sequential, 50))} ms  p90 ${f(pct(sequential, 90))} ms  p99 ${f(pct(sequential, 99))} ms  max ${f(sequential.at(-1) ?? 0)} ms\n` +
      `  8 concurrent:  p50 ${f(pct(concurrent, 50))} ms  p90 ${f(pct(concurrent, 90))} ms  p99 ${f(pct(concurrent, 99))} ms  ` +
      `throughput ${Math.round((REQUESTS / wall) * 1000)} req/s (${Math.round((REQUESTS * EVENTS * 1000) / wall)} events/s)`;
    console.log(report);
    const pending = await queue.pending('3001');
    expect(pending.deals).toBeGreaterThan(0);
    expect(pending.contacts).toBeGreaterThan(0);
    expect(pct(sequential, 99)).toBeLessThan(200);
  }, 120_000);
});
