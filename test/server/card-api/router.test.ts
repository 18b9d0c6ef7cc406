import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  DealCardView,
  DecisionChainView,
  SettingsView,
} from '../../../extensions/app/cards/lib/api-types';
import { deleteByPrefix, testRedis } from '../../support/redis';
import {
  accountDetails,
  contactUpdate,
  contactsRead,
  dealContactsRead,
  dealLoad,
  dealsRead,
  dealsUpdate,
  fakeCrm,
  hubspotFails,
  pipelinesRead,
  type FakeCrm,
} from './fake-crm';
import { PORTAL, cardFetch, signedQuery, startCardApi, type CardApiHarness } from './harness';

let redis: Redis;
let h: CardApiHarness;
let crm: FakeCrm;

beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(async () => {
  h = await startCardApi(redis);
  crm = fakeCrm();
  crm.deals.set('42', {
    dealname: 'ACME firewall refresh',
    pipeline: 'default',
    dealstage: 'qualified',
    amount: '1500000',
    sw_six_w_two_p_qualify: 'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline',
    sw_seven_step_need: 'problems_known',
    sw_funnel_stage: 'none',
    sw_lead_grade: 'important',
  });
  crm.contacts.set('501', {
    firstname: 'Wei',
    lastname: 'Li',
    email: 'li.wei@acme.example',
    jobtitle: 'CIO',
    sw_decision_role: 'influencer',
    sw_stance: 'supporter',
    sw_contact_depth: 'general',
  });
  crm.contacts.set('502', { firstname: 'Min', lastname: 'Zhang' });
  crm.dealContacts.set('42', ['501', '502']);
});
afterEach(async () => {
  await h.close();
  await deleteByPrefix(redis, h.prefix);
});

const url = (path: string, extra: Record<string, string> = {}) => `/api/v1${path}?${signedQuery(extra)}`;

describe('GET /deals/:dealId/card', () => {
  it('returns the deal’s view model: playbooks with item states, outputs with explanations, in English', async () => {
    dealLoad(crm, '42');
    const res = await cardFetch(h, 'GET', url('/deals/42/card'));
    expect(res.status).toBe(200);
    const view = res.body as DealCardView;
    expect(view).toMatchObject({
      portalId: PORTAL,
      dealId: '42',
      dealName: 'ACME firewall refresh',
      language: 'en',
      closed: null,
    });
    expect(view.playbooks.map((p) => p.id)).toEqual([
      'seven_step',
      'six_w_two_p',
      'followup',
      'ppvvc',
      'closing',
    ]);
    expect(view.playbooks[0]?.steps[0]?.items.find((i) => i.id === 'problems_known')).toMatchObject({
      checked: true,
      key: true,
    });
    expect(view.outputs.funnelStage.value).toBe('none');
    expect(view.outputs.funnelStage.next?.missing.map((c) => c.id)).toEqual(['any:fact_competitors']);
    expect(view.nextActions.map((c) => c.label)).toEqual(['Who are the competitors? (W)']);
    expect(view.outputs.leadGrade.valueLabel).toBe('Important customer');
    expect(view.outputs.companyRelationship.value).toBe('C');
  });

  it('answers in Chinese for a zh locale, the amount in 万 with the portal currency', async () => {
    dealLoad(crm, '42');
    accountDetails('CNY');
    const res = await cardFetch(h, 'GET', url('/deals/42/card', { locale: 'zh-cn' }));
    expect(res.status).toBe(200);
    expect((res.body as DealCardView).outputs.leadGrade.valueLabel).toBe('重要客户');
    expect((res.body as DealCardView).amount).toBe('150万 CNY');
  });

  it('refuses unsigned requests and requests naming two portals, before calling HubSpot', async () => {
    expect((await cardFetch(h, 'GET', url('/deals/42/card'), undefined, { sign: false })).status).toBe(401);
    expect((await cardFetch(h, 'GET', url('/deals/42/card'), undefined, { secret: 'wrong' })).status).toBe(
      401,
    );
    const twoPortals = `/api/v1/deals/42/card?portalId=456&${signedQuery()}`;
    const res = await cardFetch(h, 'GET', twoPortals);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('says NOT_INSTALLED for a portal without Stepwise', async () => {
    const res = await cardFetch(h, 'GET', `/api/v1/deals/42/card?${signedQuery({}, '456')}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_INSTALLED');
  });

  it('says DEAL_NOT_FOUND for a deleted deal and rejects ids that are not record ids', async () => {
    dealsRead(crm);
    const res = await cardFetch(h, 'GET', url('/deals/4040/card'));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'DEAL_NOT_FOUND' });
    expect((await cardFetch(h, 'GET', url('/deals/abc/card'))).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('passes HubSpot’s rate limit on with Retry-After, and HubSpot outages as HUBSPOT_UNAVAILABLE, without retrying', async () => {
    hubspotFails('post', '/crm/v3/objects/deals/batch/read', 429, { 'Retry-After': '3' });
    const limited = await cardFetch(h, 'GET', url('/deals/42/card'));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('3');

    await redis.del(`${h.prefix}:rl:${PORTAL}:block`); // the 429 blocked the portal's limiter for 3 s
    hubspotFails('post', '/crm/v3/objects/deals/batch/read', 503);
    const down = await cardFetch(h, 'GET', url('/deals/42/card'));
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe('HUBSPOT_UNAVAILABLE');

    hubspotFails('post', '/crm/v3/objects/deals/batch/read', 403);
    const scopes = await cardFetch(h, 'GET', url('/deals/42/card', { locale: 'zh-cn' }));
    expect(scopes.status).toBe(403);
    expect(scopes.body.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(scopes.body.error.message).toContain('重新安装');
  });
});

describe('POST /deals/:dealId/items', () => {
  it('saves the tick and the recomputed outputs in ONE batch update and returns the new view', async () => {
    dealLoad(crm, '42');
    dealsUpdate(crm);
    const res = await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'six_w_two_p',
      step: 'qualify',
      item: 'competitors',
      checked: true,
    });
    expect(res.status).toBe(200);
    expect(crm.dealUpdates).toHaveLength(1);
    const [update] = crm.dealUpdates[0] ?? [];
    expect(update?.id).toBe('42');
    expect(update?.properties).toMatchObject({
      sw_six_w_two_p_qualify:
        'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline;competitors',
      sw_funnel_stage: 'P',
      sw_computed_at: '2026-11-24T06:30:00.000Z',
    });
    expect(update?.properties).not.toHaveProperty('sw_lead_grade'); // unchanged outputs are not written
    const view = res.body as DealCardView;
    expect(view.outputs.funnelStage.value).toBe('P');
    expect(view.playbooks[1]?.steps[0]?.items.every((i) => i.checked)).toBe(false);
    expect(view.playbooks[1]?.steps[0]?.items.find((i) => i.id === 'competitors')?.checked).toBe(true);
    expect(view.computedAt).toBe('2026-11-24T06:30:00.000Z');
    expect(view.updatedAt).toBe('2026-11-24T06:00:01.000Z');
  });

  it('unticks an item, keeping the others', async () => {
    dealLoad(crm, '42');
    dealsUpdate(crm);
    const res = await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'six_w_two_p',
      step: 'qualify',
      item: 'budget_plan',
      checked: false,
    });
    expect(res.status).toBe(200);
    expect(crm.deals.get('42')?.['sw_six_w_two_p_qualify']).toBe(
      'why_need;decision_maker;decision_process;decision_criteria;timeline',
    );
  });

  it('writes nothing when the item is already as asked (HubSpot may retry a request)', async () => {
    crm.deals.set('42', { ...crm.deals.get('42'), sw_checklist_progress: '3', sw_key_items_progress: '7' });
    dealLoad(crm, '42');
    dealsUpdate(crm); // the first request brings the other outputs up to date
    await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'seven_step',
      step: 'need',
      item: 'problems_known',
      checked: true,
    });
    dealLoad(crm, '42', { pipelines: false });
    const res = await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'seven_step',
      step: 'need',
      item: 'problems_known',
      checked: true,
    });
    expect(res.status).toBe(200);
    expect(crm.dealUpdates).toHaveLength(1);
  });

  it('never loses a tick when two reps tick items of the same step at the same moment', async () => {
    dealsRead(crm, 2);
    dealContactsRead(crm, 2);
    contactsRead(crm, 2);
    pipelinesRead();
    dealsUpdate(crm, 2, { delayMs: 50 });
    const [a, b] = await Promise.all([
      cardFetch(h, 'POST', url('/deals/42/items'), {
        playbook: 'seven_step',
        step: 'need',
        item: 'deadline_known',
        checked: true,
      }),
      cardFetch(h, 'POST', url('/deals/42/items'), {
        playbook: 'seven_step',
        step: 'need',
        item: 'solution_known',
        checked: true,
      }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(crm.deals.get('42')?.['sw_seven_step_need']).toBe('problems_known;deadline_known;solution_known');
    expect(crm.dealUpdates).toHaveLength(2);
  });

  it('rejects unknown items and malformed bodies without calling HubSpot', async () => {
    const unknown = await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'seven_step',
      step: 'need',
      item: 'bribe_paid',
      checked: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    const bad = await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'seven_step',
      checked: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['step', 'item', 'checked']),
    );
  });

  it('reports a failed write so the card rolls back', async () => {
    dealLoad(crm, '42');
    hubspotFails('post', '/crm/v3/objects/deals/batch/update', 500);
    const res = await cardFetch(h, 'POST', url('/deals/42/items'), {
      playbook: 'seven_step',
      step: 'need',
      item: 'deadline_known',
      checked: true,
    });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('HUBSPOT_UNAVAILABLE');
    expect(crm.deals.get('42')?.['sw_seven_step_need']).toBe('problems_known');
  });
});

describe('decision chain', () => {
  it('GET lists the deal’s contacts with their roles and the relationship levels', async () => {
    dealLoad(crm, '42');
    const res = await cardFetch(h, 'GET', url('/deals/42/decision-chain'));
    expect(res.status).toBe(200);
    const view = res.body as DecisionChainView;
    expect(view.contacts.map((c) => [c.name, c.decisionRole, c.stance, c.contactDepth])).toEqual([
      ['Wei Li', 'influencer', 'supporter', 'general'],
      ['Min Zhang', null, null, null],
    ]);
    expect(view.companyRelationship.value).toBe('C');
    expect(view.companyRelationship.next?.value).toBe('B');
    expect(view.options.contactDepth.map((o) => o.value)).toEqual(['none', 'general', 'frequent', 'deep']);
  });

  it('PATCH writes the contact, then the deal’s recomputed relationship outputs, and returns the new levels', async () => {
    dealLoad(crm, '42');
    contactUpdate(crm, '501');
    dealsUpdate(crm);
    const res = await cardFetch(h, 'PATCH', url('/deals/42/contacts/501'), {
      sw_contact_depth: 'frequent',
      sw_personality: null,
    });
    expect(res.status).toBe(200);
    expect(crm.contactUpdates).toEqual([
      { id: '501', properties: { sw_contact_depth: 'frequent', sw_personality: '' } },
    ]);
    expect(crm.dealUpdates[0]?.[0]?.properties).toMatchObject({
      sw_company_relationship: 'B',
      sw_computed_at: '2026-11-24T06:30:00.000Z',
    });
    const view = res.body as DecisionChainView;
    expect(view.companyRelationship.value).toBe('B');
    expect(view.contacts[0]?.contactDepth).toBe('frequent');
  });

  it('PATCH refuses a contact that is not on the deal, and values that are not options', async () => {
    dealLoad(crm, '42');
    const stranger = await cardFetch(h, 'PATCH', url('/deals/42/contacts/999'), { sw_stance: 'coach' });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('CONTACT_NOT_FOUND');
    expect(crm.contactUpdates).toEqual([]);

    const bad = await cardFetch(h, 'PATCH', url('/deals/42/contacts/501'), { sw_stance: 'best_friend' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('sw_stance');
    const empty = await cardFetch(h, 'PATCH', url('/deals/42/contacts/501'), {});
    expect(empty.status).toBe(400);
    const other = await cardFetch(h, 'PATCH', url('/deals/42/contacts/501'), { email: 'x@y.z' });
    expect(other.status).toBe(400);
  });
});

describe('settings and re-grade', () => {
  it('GET returns the settings, pipelines with their playbook, currency, installation and re-grade status', async () => {
    pipelinesRead();
    accountDetails('CNY');
    const res = await cardFetch(h, 'GET', url('/settings'));
    expect(res.status).toBe(200);
    const view = res.body as SettingsView;
    expect(view.settings.language).toBe('zh');
    // Each stage with the stage map's suggestion from its probability (≥ 0.2 → P; closed → none).
    expect(view.pipelines).toEqual([
      {
        id: 'default',
        label: 'Sales Pipeline',
        processPlaybook: 'seven_step',
        stages: [
          { id: 'qualified', label: 'Qualified', probability: 0.2, isClosed: false, suggested: 'P' },
          { id: 'closedwon', label: 'Closed won', probability: 1, isClosed: true, suggested: 'none' },
          { id: 'closedlost', label: 'Closed lost', probability: 0, isClosed: true, suggested: 'none' },
        ],
      },
      {
        id: '777',
        label: 'Channel deals',
        processPlaybook: 'seven_step',
        stages: [{ id: 'c1', label: 'Open', probability: 0.1, isClosed: false, suggested: 'none' }],
      },
    ]);
    expect(view.writeBack.paused).toBe(false);
    expect(view.rulesUpgrade.state).toBe('queued');
    expect(view.currency).toBe('CNY');
    expect(view.installation).toEqual({
      installedAt: '2026-11-20T08:00:00.000Z',
      scopes: ['oauth', 'crm.objects.deals.read'],
      status: 'installed',
    });
    expect(view.regrade.state).toBe('idle');
  });

  it('PUT validates with the engine schema and stores nothing invalid', async () => {
    const res = await cardFetch(h, 'PUT', url('/settings'), {
      gradeThresholds: { strategicAmount: 10, importantAmount: 20 },
      language: 'fr',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('language');
    expect((await h.settings.get(PORTAL)).gradeThresholds.importantAmount).toBe(1_000_000);
    expect(h.relabelled).toEqual([]);
  });

  it('PUT saves, re-labels the properties only when the language changes, and returns the new view', async () => {
    pipelinesRead();
    accountDetails('CNY');
    const res = await cardFetch(h, 'PUT', url('/settings'), {
      processPlaybookByPipeline: { '777': 'ten_step' },
      gradeThresholds: { importantAmount: 500_000 },
      language: 'en',
    });
    expect(res.status).toBe(200);
    expect(h.relabelled).toEqual(['en']);
    const view = res.body as SettingsView;
    expect(view.settings.gradeThresholds.importantAmount).toBe(500_000);
    expect(view.pipelines.find((p) => p.id === '777')?.processPlaybook).toBe('ten_step');
    expect((await h.settings.get(PORTAL)).language).toBe('en');

    const again = await cardFetch(h, 'PUT', url('/settings'), {
      gradeThresholds: { importantAmount: 600_000 },
    });
    expect(again.status).toBe(200); // pipelines cached, currency remembered: no HubSpot call
    expect(h.relabelled).toEqual(['en']);
    // Every save that changed the settings re-graded the portal.
    expect(h.regrade.started).toBe(2);
    const same = await cardFetch(h, 'PUT', url('/settings'), {
      gradeThresholds: { importantAmount: 600_000 },
    });
    expect(same.status).toBe(200);
    expect(h.regrade.started).toBe(2);
  });

  it('PUT keeps the old settings when re-labelling fails', async () => {
    h.relabelError.current = Object.assign(new Error('HubSpot 500'), { code: 'X' });
    const res = await cardFetch(h, 'PUT', url('/settings'), { language: 'en' });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('The property labels could not be changed in HubSpot');
    expect((await h.settings.get(PORTAL)).language).toBe('zh');
  });

  it('POST /regrade starts re-grading all deals; GET /regrade reports progress', async () => {
    const started = await cardFetch(h, 'POST', url('/regrade'), {});
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'running', total: 40 });
    expect(h.regrade.started).toBe(1);
    h.regrade.status = { ...h.regrade.status, processed: 10 };
    const status = await cardFetch(h, 'GET', url('/regrade'));
    expect(status.body).toMatchObject({ state: 'running', processed: 10, total: 40 });
  });
});
