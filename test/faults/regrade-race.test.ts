import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { bulkPortalSeed, type SeedResult } from '../../sandbox';
import { report, sleep, until } from './harness';

/**
 * Regression test (found by the 5xx scenario with a re-grade running during edits: more deal
 * writes than changed deals): a re-grade (backfill) and the flush of a rep's edit used to
 * recompute the same deal at the same time. When the backfill had read the deal before the edit
 * and its write reached HubSpot after the flush's, the deal kept grades computed from its old
 * inputs, and nothing marked it dirty again. Deals are now leased to one recompute at a time.
 */

const PORTAL = 47_500_001;
const BATCH_UPDATE = '/crm/v3/objects/:objectType/batch/update';

let stack: Stack;
let seeded: SeedResult;

beforeAll(async () => {
  stack = await startStack({
    redisUrl: testRedisUrl(),
    prefix: uniquePrefix('regrade'),
    service: { coalesceMs: 100 },
    sandbox: { seed: 23 },
  });
  seeded = stack.sandbox.admin.seed(
    bulkPortalSeed({ portalId: PORTAL, deals: 50, contactsPerDeal: 1, seed: 23 }),
  );
  await stack.install(PORTAL);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('re-grade racing a rep’s edit', () => {
  it('the deal ends graded from its latest inputs', async () => {
    const { sandbox } = stack;
    const dealId = Object.values(seeded.deals)[0] as string;
    // Outputs gone wrong (e.g. an admin cleared them): the re-grade has something to write.
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: { sw_lead_grade: '' },
    });
    // The re-grade's write is slow to reach HubSpot (only that one call).
    sandbox.faults.add({ kind: 'latency', ms: 1_500, count: 1, filter: { route: BATCH_UPDATE } });
    const writesBefore = sandbox.calls.count({ route: BATCH_UPDATE });
    const regrade = await stack.cardFetch(PORTAL, 'POST', '/api/v1/regrade');
    expect(regrade.status).toBe(200);
    // The backfill has read the page and sent its write; now the rep changes the deal's inputs.
    await sleep(400);
    sandbox.admin.userEdit(PORTAL, {
      objectType: 'deals',
      objectId: dealId,
      properties: {
        sw_seven_step_need: 'problems_known;deadline_known;opportunity_confirmed;competitive_edge',
        sw_seven_step_funding: 'exec_approved;budget_ready;project_established',
        amount: '4800000',
      },
    });
    const regradeState = async (): Promise<string> =>
      ((await (await stack.cardFetch(PORTAL, 'GET', '/api/v1/regrade')).json()) as { state: string }).state;
    await until(async () => (await regradeState()) === 'done', 20_000, 'the re-grade');
    await stack.waitForQuiet({ timeoutMs: 20_000 });
    const consistency = checkConsistency(sandbox, PORTAL);
    report('regrade-race', {
      writes: sandbox.calls.count({ route: BATCH_UPDATE }) - writesBefore,
      consistent: `${consistency.consistent}/${consistency.deals}`,
      mismatches: consistency.mismatches.map((m) => m.property),
    });
    expect(consistency.mismatches).toEqual([]);
  }, 60_000);
});
