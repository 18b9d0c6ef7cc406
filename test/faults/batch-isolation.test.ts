import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { bulkPortalSeed, type SeedResult } from '../../sandbox';
import { queueState } from './harness';

/**
 * One bad deal among 100: HubSpot fails the whole batch update with 400 when one input is
 * refused (here an admin validation rule, MISSING_CONDITIONAL_REQUIRED_PROPERTY —
 * https://developers.hubspot.com/docs/api-reference/error-handling). Stepwise bisects the batch
 * until the refused deal stands alone: the 99 others are written, only it is dead-lettered,
 * with HubSpot's category and message as the reason.
 */

const PORTAL = 47_500_001;
const DEALS = 100;
const RULE = {
  category: 'MISSING_CONDITIONAL_REQUIRED_PROPERTY',
  message: 'Property "closedate" is required when "dealstage" is set (validation rule of this account)',
};

let stack: Stack;
let seeded: SeedResult;

beforeAll(async () => {
  stack = await startStack({
    redisUrl: testRedisUrl(),
    prefix: uniquePrefix('isolate'),
    service: { coalesceMs: 200, worker: { backoffBaseMs: 100, backoffMaxMs: 1_000 } },
    sandbox: { seed: 9 },
  });
  seeded = stack.sandbox.admin.seed(
    bulkPortalSeed({ portalId: PORTAL, deals: DEALS, contactsPerDeal: 1, seed: 9 }),
  );
});

afterAll(async () => {
  await stack?.stop();
});

describe('batch isolation: one refused deal among 100', () => {
  it('writes the 99 others and dead-letters only the refused deal, with HubSpot’s category and message', async () => {
    const { sandbox } = stack;
    const ids = Object.values(seeded.deals);
    expect(ids).toHaveLength(DEALS);
    const bad = ids[37] as string;
    sandbox.admin.refuseWrites(PORTAL, 'deals', bad, RULE);
    await stack.install(PORTAL);
    await stack.waitForQuiet({ timeoutMs: 60_000 });

    const consistency = checkConsistency(sandbox, PORTAL);
    expect(consistency.consistent).toBe(DEALS - 1);
    expect([...new Set(consistency.mismatches.map((m) => m.dealId))]).toEqual([bad]);
    const state = await queueState(stack);
    expect(state.deadLetters).toHaveLength(1);
    expect(state.deadLetters[0]).toMatchObject({
      portalId: String(PORTAL),
      dealIds: [bad],
      category: RULE.category,
      reason: 'WRITE_REJECTED',
    });
    expect(state.deadLetters[0]?.message).toContain(RULE.message);
    // Bisecting costs about 2·log2(100) extra calls, not one call per deal.
    const updates = sandbox.calls.list({ path: /\/deals\/batch\/update$/ });
    expect(updates.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(DEALS)) + 1);
    expect(updates.filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
