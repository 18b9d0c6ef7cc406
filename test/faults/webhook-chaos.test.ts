import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { bulkPortalSeed, type SeedResult } from '../../sandbox';
import {
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
 * HubSpot's delivery quirks, exaggerated: every delivery shuffled (events inside batches and
 * batches among themselves), half of the deliveries sent twice, then already-processed deliveries
 * replayed, and one replay signed more than 5 minutes ago. The outcome must not depend on
 * order or repetition: every deal right, each changed deal written exactly once (one write per
 * changed deal per coalescing window), replays of processed events cost reads but no writes,
 * and a stale signature is refused with 401 (the sandbox's retry, signed afresh, is accepted).
 */

const PORTAL = 47_400_001;
const DEALS = 300;
const EDITS = 1_200;

let clockOffsetMs = 0;
let stack: Stack;
let seeded: SeedResult;

beforeAll(async () => {
  stack = await startStack({
    redisUrl: testRedisUrl(),
    prefix: uniquePrefix('whchaos'),
    service: { coalesceMs: 300 },
    sandbox: { seed: 17, now: () => Date.now() + clockOffsetMs },
  });
  seeded = stack.sandbox.admin.seed(
    bulkPortalSeed({ portalId: PORTAL, deals: DEALS, contactsPerDeal: 2, seed: 17 }),
  );
  await stack.install(PORTAL);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('fault: duplicated, reordered and replayed webhook deliveries', () => {
  it('order and repetition change nothing; one write per changed deal; stale replays get 401', async () => {
    const { sandbox } = stack;
    const wh = sandbox.webhooks;
    wh.resetRecords();
    wh.configure({ duplicateRate: 0.5, shuffle: true });
    const before = expectedOutputs(sandbox, PORTAL);
    const writtenBefore = await metricValue(stack.baseUrl, 'stepwise_deals_written_total');
    const t0 = Date.now();

    // All edits are made while deliveries are held, then everything is shuffled and released.
    wh.pause();
    for (const edit of editPlan(31_337, seeded, EDITS)) sandbox.admin.userEdit(PORTAL, edit);
    wh.duplicateNext(3);
    wh.flush();
    wh.reorderPending();
    wh.resume();
    await stack.waitForQuiet({ timeoutMs: 60_000 });

    const firstPass = wh.deliveries({ portalId: PORTAL });
    const duplicates = firstPass.filter((d) => d.kind === 'duplicate').length;
    const after = expectedOutputs(sandbox, PORTAL);
    const changed = changedDeals(before, after);
    const writtenFirst = (await metricValue(stack.baseUrl, 'stepwise_deals_written_total')) - writtenBefore;
    const writeCallsFirst = callSummary(sandbox, t0).writes;

    // Replays of deliveries already processed: same events again, later, signed afresh.
    const originals = firstPass.filter((d) => d.kind === 'original' && d.state === 'delivered');
    const replayed = originals.slice(0, 5).map((d) => wh.replay(d.id));
    await stack.waitForQuiet({ timeoutMs: 30_000 });

    // A replay whose signature is 6 minutes old (the sandbox's clock is set back while it signs).
    const target = originals[5] ?? originals[0];
    if (target === undefined) throw new Error('no delivered batch to replay');
    clockOffsetMs = -6 * 60_000;
    const stale = wh.replay(target.id);
    clockOffsetMs = 0;
    await stack.waitForQuiet({ timeoutMs: 30_000 });
    // The stale attempt, re-sent byte for byte (a captured request), is refused again.
    const staleAttempt = stale.attempts[0];
    if (staleAttempt === undefined) throw new Error('the stale replay was not attempted');
    const resent = await fetch(`${stack.baseUrl}/webhooks/hubspot`, {
      method: 'POST',
      headers: staleAttempt.headers,
      body: staleAttempt.body,
    });

    const writtenTotal = (await metricValue(stack.baseUrl, 'stepwise_deals_written_total')) - writtenBefore;
    const calls = callSummary(sandbox, t0);
    const deliveries = wh.deliveries({ portalId: PORTAL });
    const consistency = checkConsistency(sandbox, PORTAL);
    const written = dealsWrittenSince(sandbox, PORTAL, t0);
    const state = await queueState(stack);
    report('webhook-chaos', {
      events: originals.reduce((n, d) => n + d.events.length, 0),
      deliveries: deliveries.length,
      duplicates,
      replays: replayed.length + 1,
      staleAttempts: stale.attempts.map((a) => a.status),
      resentStale: resent.status,
      changed: changed.length,
      dealsWrittenFirstPass: writtenFirst,
      dealsWrittenTotal: writtenTotal,
      writeCallsFirstPass: writeCallsFirst,
      calls,
      consistent: `${consistency.consistent}/${consistency.deals}`,
      deadLetters: state.deadLetters.length,
      seconds: (Date.now() - t0) / 1000,
    });

    expect(duplicates).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.state !== 'delivered')).toEqual([]);
    expect(consistency.mismatches).toEqual([]);
    expect(consistency.consistent).toBe(DEALS);
    expect(changed.filter((id) => !written.has(id))).toEqual([]);
    // Exactly one write per changed deal: neither duplicates nor replays nor order add writes.
    expect(writtenFirst).toBe(changed.length);
    expect(writtenTotal).toBe(changed.length);
    expect(calls.writes).toBe(writeCallsFirst);
    expect(writeCallsFirst).toBeLessThanOrEqual(Math.ceil(changed.length / 100) + 2);
    // Stale signature → 401; HubSpot's retry (fresh timestamp) → 200; the captured copy → 401 again.
    expect(stale.attempts[0]?.status).toBe(401);
    expect(stale.attempts.at(-1)?.status).toBe(200);
    expect(resent.status).toBe(401);
    expect(state.deadLetters).toEqual([]);
    expect(state.failedJobs).toBe(0);
  }, 90_000);
});
