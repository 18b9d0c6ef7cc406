import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { DEMO_PORTAL_ID, demoPortalSeed } from '../../sandbox/seed-data';
import { checkConsistency } from '../../sandbox/consistency';
import { startStack, type Stack } from '../../sandbox/stack';
import { directHubSpotCall } from '../../src/server/app';
import { READY_MADE_LISTS, ensureReadyMadeLists } from '../../src/hubspot/ready-made-lists';

/** Ops on the sandbox: workflow actions called as HubSpot calls them, and the write-back pause. */
describe('workflow actions and the write-back pause on the sandbox', () => {
  let stack: Stack;
  let seeded: ReturnType<Stack['sandbox']['admin']['seed']>;
  let dealId: string;

  beforeAll(async () => {
    stack = await startStack({
      redisUrl: testRedisUrl(),
      prefix: uniquePrefix('ops'),
      service: { coalesceMs: 200 },
    });
    seeded = stack.sandbox.admin.seed(demoPortalSeed());
    dealId = Object.values(seeded.deals)[0] as string;
    await stack.install(DEMO_PORTAL_ID);
    await stack.waitForQuiet();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const action = (name: string) => `${stack.baseUrl}/api/v1/actions/${name}`;
  const written = (id: string): Record<string, string> =>
    stack.sandbox.admin.getObject(DEMO_PORTAL_ID, 'deals', id)?.properties ?? {};

  it('install created the ready-made deal lists once (optional scope granted); again creates nothing', async () => {
    const lists = stack.sandbox.lists(DEMO_PORTAL_ID);
    expect(lists.map((l) => l.name).sort()).toEqual(READY_MADE_LISTS.map((l) => l.name.zh).sort());
    expect(lists.every((l) => l.objectTypeId === '0-3' && l.processingType === 'DYNAMIC')).toBe(true);
    const token = stack.sandbox.admin.install(DEMO_PORTAL_ID).accessToken;
    const call = directHubSpotCall(stack.sandbox.url, String(DEMO_PORTAL_ID), token);
    const again = await ensureReadyMadeLists(call, ['crm.lists.write'], 'zh');
    expect(again).toMatchObject({ skipped: null, created: [], existing: READY_MADE_LISTS.map((l) => l.key) });
    const skipped = await ensureReadyMadeLists(call, ['oauth'], 'zh');
    expect(skipped).toEqual({ skipped: 'scope_not_granted' });
    expect(stack.sandbox.lists(DEMO_PORTAL_ID)).toHaveLength(READY_MADE_LISTS.length);
  });

  it('evaluate deal answers the outputs the worker wrote (one recompute path)', async () => {
    const answer = await stack.sandbox.workflows.run({
      actionUrl: action('evaluate-deal'),
      portalId: DEMO_PORTAL_ID,
      dealId,
    });
    expect(answer.status).toBe(200);
    const p = written(dealId);
    expect(answer.body).toEqual({
      outputFields: {
        funnel_stage: p['sw_funnel_stage'],
        lead_grade: p['sw_lead_grade'],
        relationship_level: p['sw_relationship_level'],
        lead_stage: p['sw_lead_stage'],
        buying_phase: p['sw_buying_phase'],
        alerts: p['sw_alerts'] ?? '',
        next_actions: p['sw_next_actions'] ?? '',
      },
    });
  });

  it('the stage gate says no and what is missing, and HubSpot’s retry gets the same answer', async () => {
    const first = await stack.sandbox.workflows.run({
      actionUrl: action('stage-gate'),
      portalId: DEMO_PORTAL_ID,
      dealId,
      inputFields: { required_stage: 'B' },
    });
    expect(first.status).toBe(200);
    const out = (first.body as { outputFields: Record<string, string> }).outputFields;
    expect(out['passes']).toBe('no');
    expect(out['funnel_stage']).toBe(written(dealId)['sw_funnel_stage']);
    expect(out['missing']).toMatch(/\S/);
    const calls = stack.sandbox.calls.list().length;
    const retry = await stack.sandbox.workflows.run({
      actionUrl: action('stage-gate'),
      portalId: DEMO_PORTAL_ID,
      dealId,
      inputFields: { required_stage: 'B' },
      callbackId: first.callbackId,
      withV3: true,
    });
    expect(retry.body).toEqual(first.body);
    expect(stack.sandbox.calls.list().length).toBe(calls);
  });

  it('refuses a forged or tampered call with 401 and answers FAIL_CONTINUE for a deleted deal', async () => {
    const forged = await stack.sandbox.workflows.run({
      actionUrl: action('evaluate-deal'),
      portalId: DEMO_PORTAL_ID,
      dealId,
      clientSecret: 'not-the-app-secret',
    });
    expect(forged.status).toBe(401);
    const sent = await stack.sandbox.workflows.run({
      actionUrl: action('evaluate-deal'),
      portalId: DEMO_PORTAL_ID,
      dealId,
    });
    const tampered = await fetch(action('evaluate-deal'), {
      method: 'POST',
      headers: sent.request.headers,
      body: sent.request.body.replace(String(dealId), '1'),
    });
    expect(tampered.status).toBe(401);
    const gone = await stack.sandbox.workflows.run({
      actionUrl: action('evaluate-deal'),
      portalId: DEMO_PORTAL_ID,
      dealId: '999999999',
    });
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ outputFields: { hs_execution_state: 'FAIL_CONTINUE' } });
  });

  it('pause: the worker evaluates without writing and keeps the preview; resume writes', async () => {
    const paused = await stack.cardFetch(DEMO_PORTAL_ID, 'POST', '/api/v1/write-back/pause');
    expect(paused.status).toBe(200);
    await stack.waitForQuiet();
    const dealCount = Object.keys(seeded.deals).length;
    const preview = (await (await stack.cardFetch(DEMO_PORTAL_ID, 'GET', '/api/v1/write-back')).json()) as {
      paused: boolean;
      deals: number;
      grades: Record<string, number>;
      funnelStages: Record<string, number>;
    };
    expect(preview.paused).toBe(true);
    expect(preview.deals).toBe(dealCount);
    expect(Object.values(preview.grades).reduce((a, b) => a + b, 0)).toBe(dealCount);
    expect(Object.values(preview.funnelStages).reduce((a, b) => a + b, 0)).toBe(dealCount);

    // A change in HubSpot that moves the grade: evaluated, not written.
    const before = written(dealId);
    stack.sandbox.admin.userEdit(DEMO_PORTAL_ID, {
      objectType: 'deals',
      objectId: dealId,
      properties: { amount: '5000000' },
    });
    await stack.waitForQuiet();
    const during = written(dealId);
    expect(during['sw_lead_grade']).toBe(before['sw_lead_grade']);
    expect(during['sw_computed_at']).toBe(before['sw_computed_at']);
    const after = (await (await stack.cardFetch(DEMO_PORTAL_ID, 'GET', '/api/v1/write-back')).json()) as {
      deals: number;
      grades: Record<string, number>;
    };
    expect(after.deals).toBe(dealCount);
    expect(after.grades['strategic']).toBeGreaterThanOrEqual(1);

    const resumed = await stack.cardFetch(DEMO_PORTAL_ID, 'POST', '/api/v1/write-back/resume');
    expect(((await resumed.json()) as { paused: boolean }).paused).toBe(false);
    await stack.waitForQuiet();
    expect(written(dealId)['sw_lead_grade']).toBe('strategic');
    expect(checkConsistency(stack.sandbox, DEMO_PORTAL_ID).mismatches).toEqual([]);
  });
});
