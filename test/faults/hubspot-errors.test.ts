import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { bulkPortalSeed, type SeedResult } from '../../sandbox';
import {
  applyEdits,
  callSummary,
  changedDeals,
  dealsWrittenSince,
  editPlan,
  expectedOutputs,
  metricValue,
  queueState,
  report,
} from './harness';

/**
 * HubSpot (the sandbox) answers 30 % of CRM calls with a 5xx (500/502/503, some as HTML pages)
 * and throws 429 bursts (Retry-After 1 s) every ~1.5 s while reps edit deals and contacts. The
 * one retry layer (BullMQ, jittered backoff; 429 waits Retry-After without spending an attempt)
 * must grade every deal from its final inputs, dead-letter nothing and not turn the errors
 * into a write storm.
 */

const PORTAL = 47_300_001;
const DEALS = 300;
const EDITS = 1_200;
const RATE = 400;

let stack: Stack;
let seeded: SeedResult;

beforeAll(async () => {
  stack = await startStack({
    redisUrl: testRedisUrl(),
    prefix: uniquePrefix('hs5xx'),
    // Backoff scaled down for the test (production: 1 s base, 5 min cap); the attempt budget is the production one.
    service: { coalesceMs: 300, worker: { backoffBaseMs: 100, backoffMaxMs: 1_000 } },
    sandbox: { seed: 13 },
  });
  seeded = stack.sandbox.admin.seed(
    bulkPortalSeed({ portalId: PORTAL, deals: DEALS, contactsPerDeal: 2, seed: 13 }),
  );
  await stack.install(PORTAL);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('fault: HubSpot answers 30 % 5xx plus 429 bursts', () => {
  it('retries with backoff; every deal right, no dead letters, no write storm', async () => {
    const { sandbox } = stack;
    const before = expectedOutputs(sandbox, PORTAL);
    const writtenBefore = await metricValue(stack.baseUrl, 'stepwise_deals_written_total');
    sandbox.faults.seed(13);
    const errors = sandbox.faults.errorRate(0.3, { filter: { path: '/crm/' } });
    const html = sandbox.faults.errorRate(0.05, { filter: { path: '/crm/' }, html: true, statuses: [502] });
    const t0 = Date.now();
    let lastBurst = 0;
    let regrade: Response | undefined;
    await applyEdits(sandbox, PORTAL, editPlan(777, seeded, EDITS), RATE, async (done) => {
      // An admin re-grades every deal (backfill) in the middle of the edits.
      if (regrade === undefined && done >= EDITS / 4)
        regrade = await stack.cardFetch(PORTAL, 'POST', '/api/v1/regrade');
      if (Date.now() - lastBurst < 1_500) return;
      lastBurst = Date.now();
      sandbox.faults.burst429({ count: 4, retryAfterSeconds: 1, filter: { path: '/crm/' } });
    });
    await stack.waitForQuiet({ timeoutMs: 90_000 });
    const backfill = (await (await stack.cardFetch(PORTAL, 'GET', '/api/v1/regrade')).json()) as {
      state: string;
      processed: number;
    };
    sandbox.faults.remove(errors);
    sandbox.faults.remove(html);
    const seconds = (Date.now() - t0) / 1000;

    const after = expectedOutputs(sandbox, PORTAL);
    const changed = changedDeals(before, after);
    const written = dealsWrittenSince(sandbox, PORTAL, t0);
    const consistency = checkConsistency(sandbox, PORTAL);
    const state = await queueState(stack);
    const calls = callSummary(sandbox, t0);
    const dealsWritten = (await metricValue(stack.baseUrl, 'stepwise_deals_written_total')) - writtenBefore;
    report('hubspot-5xx-429', {
      calls,
      changed: changed.length,
      dealsWritten,
      writtenSinceStart: written.size,
      consistent: `${consistency.consistent}/${consistency.deals}`,
      deadLetters: state.deadLetters.length,
      deadLetterReasons: state.deadLetters.map((d) => d.reason),
      failedJobs: state.failedJobs,
      regrade: { status: regrade?.status, state: backfill.state, processed: backfill.processed },
      seconds,
    });

    expect(regrade?.status).toBe(200);
    expect(backfill).toMatchObject({ state: 'done', processed: DEALS });
    expect(calls.status5xx).toBeGreaterThan(0);
    expect(calls.status429).toBeGreaterThan(0);
    expect(consistency.mismatches).toEqual([]);
    expect(consistency.consistent).toBe(DEALS);
    expect(changed.filter((id) => !written.has(id))).toEqual([]);
    expect(state.deadLetters).toEqual([]);
    expect(state.failedJobs).toBe(0);
    // No write storm: a failed batch write is repeated, a deal is not written over and over.
    expect(dealsWritten).toBeLessThanOrEqual(2 * changed.length);
    expect(calls.writes).toBeLessThanOrEqual(3 * Math.ceil(changed.length / 100) + 20);
  }, 120_000);
});
