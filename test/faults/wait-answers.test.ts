import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { bulkPortalSeed, type SeedResult } from '../../sandbox';
import { applyEdits, editPlan, queueState } from './harness';

/**
 * HubSpot answers that say "wait": 423 Locked (wait ≥ 2 s), 477 Migration in Progress
 * (Retry-After) and 429 without Retry-After (wait by policyName) —
 * https://developers.hubspot.com/docs/api-reference/error-handling and
 * https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines.
 * The one retry layer (BullMQ) must wait as long as HubSpot asked, then grade every deal right,
 * dead-lettering nothing; a 429 with policyName DAILY is final with a clear reason.
 */

const PORTAL = 47_400_001;
const DEALS = 40;

let stack: Stack;
let seeded: SeedResult;

beforeAll(async () => {
  stack = await startStack({
    redisUrl: testRedisUrl(),
    prefix: uniquePrefix('wait'),
    service: { coalesceMs: 200, worker: { backoffBaseMs: 100, backoffMaxMs: 1_000 } },
    sandbox: { seed: 5 },
  });
  seeded = stack.sandbox.admin.seed(
    bulkPortalSeed({ portalId: PORTAL, deals: DEALS, contactsPerDeal: 1, seed: 5 }),
  );
  await stack.install(PORTAL);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * After the first call on `path` answered `status`, no CRM call of the portal may START for
 * `waitMs`: the 429/423/477 blocks the portal's limiter in every process. Calls that had taken
 * their slot before the answer arrived (other flush lanes) may still land within a short grace.
 */
function quietAfter(status: number, path: RegExp, waitMs: number): void {
  const all = stack.sandbox.calls.list({ path: /^\/crm\// });
  const failed = all.find((c) => c.status === status && path.test(c.path));
  expect(failed, `a ${status} on ${String(path)}`).toBeDefined();
  const at = failed?.at ?? 0;
  const GRACE_MS = 250;
  const early = all.filter((c) => c.at > at + GRACE_MS && c.at < at + waitMs);
  expect(early.map((c) => `${c.path} +${c.at - at} ms`)).toEqual([]);
  expect(all.some((c) => c.at >= at + waitMs && path.test(c.path) && c.status < 300)).toBe(true);
}

describe('fault: 423, 477 and 429 without Retry-After are waited out in the one retry layer', () => {
  it('waits ≥ 2 s after a 423, Retry-After after a 477, 10 s (TEN_SECONDLY_ROLLING) after a bare 429; every deal right', async () => {
    const { sandbox } = stack;
    sandbox.calls.reset();
    sandbox.faults.lockNext(1, { path: /\/deals\/batch\/update$/ });
    sandbox.faults.migrateNext(1, 3, { path: /\/deals\/batch\/read$/ });
    sandbox.faults.burst429({
      count: 1,
      retryAfterSeconds: null,
      filter: { path: /\/contacts\/batch\/read$/ },
    });
    await applyEdits(sandbox, PORTAL, editPlan(31, seeded, 30), 200);
    await stack.waitForQuiet({ timeoutMs: 60_000 });

    quietAfter(423, /\/deals\/batch\/update$/, 2_000);
    quietAfter(477, /\/deals\/batch\/read$/, 3_000);
    quietAfter(429, /\/contacts\/batch\/read$/, 10_000);
    const consistency = checkConsistency(sandbox, PORTAL);
    expect(consistency.mismatches).toEqual([]);
    const state = await queueState(stack);
    expect(state.deadLetters).toEqual([]);
    expect(state.failedJobs).toBe(0);
  }, 120_000);

  it('a 429 with policyName DAILY is dead-lettered with the reason DAILY_LIMIT, not retried', async () => {
    const { sandbox } = stack;
    sandbox.faults.burst429({
      count: 1,
      retryAfterSeconds: null,
      policy: 'DAILY',
      filter: { path: /\/deals\/batch\/read$/ },
    });
    await applyEdits(sandbox, PORTAL, editPlan(32, seeded, 1), 50);
    await stack.waitForQuiet({ timeoutMs: 30_000 });
    const state = await queueState(stack);
    expect(state.deadLetters.map((d) => d.reason)).toContain('DAILY_LIMIT');
    expect(state.deadLetters.find((d) => d.reason === 'DAILY_LIMIT')?.message).toContain('daily');
  }, 60_000);
});
