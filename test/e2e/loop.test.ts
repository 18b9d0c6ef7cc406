import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { DEMO_PORTAL_ID, demoPortalSeed, demoUserEdits } from '../../sandbox/seed-data';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';

describe('end to end on the sandbox: install → provision → backfill → edits → outputs', () => {
  let stack: Stack;
  let seeded: ReturnType<Stack['sandbox']['admin']['seed']>;

  beforeAll(async () => {
    stack = await startStack({
      redisUrl: testRedisUrl(),
      prefix: uniquePrefix('e2e'),
      service: { coalesceMs: 200 },
    });
    seeded = stack.sandbox.admin.seed(demoPortalSeed());
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('installs through the real OAuth flow, provisions every property and grades every deal', async () => {
    const page = await stack.install(DEMO_PORTAL_ID);
    expect(page).toMatch(/Stepwise/);
    const snap = stack.sandbox.admin.snapshot(DEMO_PORTAL_ID) as {
      properties: { deals: { name: string }[]; contacts: { name: string }[] };
    };
    const dealProps = snap.properties.deals.map((p) => p.name);
    expect(dealProps).toEqual(
      expect.arrayContaining(['sw_seven_step_need', 'sw_funnel_stage', 'sw_lead_grade', 'sw_computed_at']),
    );
    expect(snap.properties.contacts.map((p) => p.name)).toEqual(
      expect.arrayContaining(['sw_decision_role', 'sw_stance', 'sw_contact_depth', 'sw_personality']),
    );
    await stack.waitForQuiet();
    const report = checkConsistency(stack.sandbox, DEMO_PORTAL_ID);
    expect(report.mismatches).toEqual([]);
    expect(report.deals).toBeGreaterThan(5);
  });

  it('reps’ edits in HubSpot (webhooks) are recomputed and written back', async () => {
    for (const edit of demoUserEdits(seeded)) stack.sandbox.admin.userEdit(DEMO_PORTAL_ID, edit);
    await stack.waitForQuiet();
    const report = checkConsistency(stack.sandbox, DEMO_PORTAL_ID);
    expect(report.mismatches).toEqual([]);
    expect(report.consistent).toBe(report.deals);
  });

  it('a tick in the card writes the input and the recomputed outputs at once', async () => {
    const dealId = Object.values(seeded.deals)[0] as string;
    const res = await stack.cardFetch(DEMO_PORTAL_ID, 'POST', `/api/v1/deals/${dealId}/items`, {
      playbook: 'six_w_two_p',
      step: 'qualify',
      item: 'why_us',
      checked: true,
    });
    expect(res.status).toBe(200);
    const deal = stack.sandbox.admin.getObject(DEMO_PORTAL_ID, 'deals', dealId);
    expect(deal?.properties['sw_six_w_two_p_qualify']?.split(';')).toContain('why_us');
    await stack.waitForQuiet();
    expect(checkConsistency(stack.sandbox, DEMO_PORTAL_ID).mismatches).toEqual([]);
  });
});
