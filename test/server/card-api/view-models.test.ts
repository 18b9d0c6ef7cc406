import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  PLAYBOOKS,
  evaluateDeal,
  getPlaybook,
  type DealSnapshot,
  type PortalSettings,
} from '../../../src/methodology';
import { buildDealCardView, isoTime } from '../../../src/server/card-api/deal-card-view';
import { buildDecisionChainView, contactName } from '../../../src/server/card-api/decision-chain-view';
import { languageOf, warningText } from '../../../src/server/card-api/localize';
import { buildSettingsView } from '../../../src/server/card-api/settings-view';
import { isChecked, mergeStepValue } from '../../../src/server/card-api/step-value';

function snapshot(
  properties: Record<string, string | null> = {},
  contacts: DealSnapshot['contacts'] = [],
): DealSnapshot {
  return {
    id: '42',
    properties: { dealname: 'ACME firewall refresh', ...properties },
    contacts,
    stage: null,
  };
}

function card(snap: DealSnapshot, lang: 'zh' | 'en' = 'en', settings: PortalSettings = DEFAULT_SETTINGS) {
  return buildDealCardView({
    portalId: '123',
    snapshot: snap,
    evaluation: evaluateDeal(snap, settings),
    lang,
  });
}

const sevenStep = getPlaybook('seven_step');

describe('languageOf', () => {
  it.each([
    ['zh-cn', 'zh'],
    ['zh-TW', 'zh'],
    ['zh', 'zh'],
    [['zh-cn', 'en'], 'zh'],
    ['en-us', 'en'],
    ['fr', 'en'],
    [undefined, 'en'],
    ['zhx', 'en'],
  ])('%o → %s', (locale, lang) => {
    expect(languageOf(locale)).toBe(lang);
  });
});

describe('buildDealCardView', () => {
  it('lists the process playbook first, then 6W+2P, follow-up and PPVVC, with every item of the registry', () => {
    const view = card(snapshot());
    expect(view.playbooks.map((p) => [p.id, p.kind])).toEqual([
      ['seven_step', 'process'],
      ['six_w_two_p', 'qualification'],
      ['followup', 'qualification'],
      ['ppvvc', 'questions'],
      ['closing', 'qualification'],
    ]);
    const seven = view.playbooks[0];
    expect(seven?.steps.map((s) => s.id)).toEqual(sevenStep?.steps.map((s) => s.id));
    expect(seven?.steps.map((s) => s.items.length)).toEqual([7, 4, 9, 5, 8, 2, 1]);
    expect(seven?.steps.flatMap((s) => s.items).filter((i) => i.key)).toHaveLength(14);
    expect(seven?.steps.find((s) => s.id === 'tender')?.optional).toBe(true);
    expect(seven?.steps[0]?.property).toBe('sw_seven_step_need');
    const ids = view.playbooks.flatMap((p) =>
      p.steps.flatMap((s) => s.items.map((i) => `${p.id}.${s.id}.${i.id}`)),
    );
    const registry = PLAYBOOKS.filter((p) => p.id !== 'ten_step').flatMap((p) =>
      p.steps.flatMap((s) => s.items.map((i) => `${p.id}.${s.id}.${i.id}`)),
    );
    expect(ids).toEqual(registry);
  });

  it('uses the pipeline’s process playbook (ten-step) when the settings say so', () => {
    const settings: PortalSettings = { ...DEFAULT_SETTINGS, processPlaybookByPipeline: { p2: 'ten_step' } };
    const view = card(snapshot({ pipeline: 'p2' }), 'en', settings);
    expect(view.processPlaybook).toBe('ten_step');
    expect(view.playbooks.map((p) => p.id)).toEqual([
      'ten_step',
      'six_w_two_p',
      'followup',
      'ppvvc',
      'closing',
    ]);
    expect(view.progress.currentStep?.id).toBe('focus');
  });

  it('marks checked items, counts progress like the engine and names the current step', () => {
    const view = card(
      snapshot({ sw_seven_step_need: 'problems_known;deadline_known', sw_six_w_two_p_qualify: 'why_need' }),
    );
    const need = view.playbooks[0]?.steps[0];
    expect(need?.items.filter((i) => i.checked).map((i) => i.id)).toEqual([
      'problems_known',
      'deadline_known',
    ]);
    expect(need).toMatchObject({ checked: 2, total: 7, keyChecked: 1, keyTotal: 2, percent: 29 });
    expect(view.progress).toEqual({
      checked: 2,
      total: 34,
      keyChecked: 1,
      keyTotal: 14,
      percent: 6,
      keyPercent: 7,
      currentStep: { id: 'need', label: sevenStep?.steps[0]?.label.en },
    });
  });

  it('gives labels, hints and ★ in the user’s language', () => {
    const item = sevenStep?.steps[0]?.items[0];
    const en = card(snapshot(), 'en').playbooks[0]?.steps[0]?.items[0];
    const zh = card(snapshot(), 'zh').playbooks[0]?.steps[0]?.items[0];
    expect(en).toEqual({
      id: item?.id,
      label: item?.label.en,
      hint: item?.hint.en,
      key: true,
      checked: false,
    });
    expect(zh?.label).toBe(item?.label.zh);
    expect(zh?.hint).toBe(item?.hint.zh);
    expect(card(snapshot(), 'zh').outputs.funnelStage.valueLabel).toBe('未入漏斗');
  });

  it('explains every output and lists what the next funnel stage needs', () => {
    const view = card(snapshot({ sw_six_w_two_p_qualify: 'why_need;budget_plan' }));
    expect(view.outputs.funnelStage).toMatchObject({
      property: 'sw_funnel_stage',
      value: 'none',
      valueLabel: 'Not in funnel',
    });
    expect(view.outputs.funnelStage.next?.value).toBe('P');
    // Each 5W+2P question is a fact: its tick or its evidence answers it (DESIGN v2 §3).
    expect(view.outputs.funnelStage.next?.met.map((c) => c.id)).toEqual([
      'any:fact_why_need',
      'any:fact_budget_plan',
    ]);
    expect(view.nextActions.map((c) => c.id)).toEqual([
      'any:fact_decision_maker',
      'any:fact_decision_process',
      'any:fact_decision_criteria',
      'any:fact_timeline',
      'any:fact_competitors',
    ]);
    expect(view.nextActions.every((c) => !c.met && c.label.length > 0)).toBe(true);
    // Nested criteria (at least n of …) keep their parts.
    const important = view.outputs.leadGrade.next?.missing[0];
    expect(important?.children?.length).toBeGreaterThan(0);
    expect(view.outputs.leadGrade.valueLabel).toBe('Ordinary customer');
  });

  it('describes relationship levels in the seed’s words', () => {
    const contacts = [
      {
        id: '7',
        properties: { sw_stance: 'coach', sw_decision_role: 'influencer', sw_contact_depth: 'frequent' },
      },
    ];
    const view = card(snapshot({}, contacts));
    expect(view.outputs.companyRelationship).toMatchObject({
      value: 'B',
      valueDescription: 'A relationship with a key person at the customer is established',
    });
    expect(view.outputs.relationshipLevel.valueDescription).toBeNull();
    expect(card(snapshot()).outputs.companyRelationship.valueDescription).toBeNull();
  });

  it('says a deal is closed won or lost', () => {
    const won = snapshot();
    won.stage = { isClosed: true, probability: 1 };
    const lost = snapshot();
    lost.stage = { isClosed: true, probability: 0 };
    const open = snapshot();
    open.stage = { isClosed: false, probability: 0.4 };
    expect(card(won).closed).toBe('won');
    expect(card(won).outputs.funnelStage.value).toBe('W');
    expect(card(lost).closed).toBe('lost');
    expect(card(open).closed).toBeNull();
  });

  it('turns ignored inputs into sentences and keeps the deal’s name and timestamps', () => {
    const view = buildDealCardView({
      portalId: '123',
      snapshot: snapshot({ amount: 'lots', sw_computed_at: '1764000000000' }),
      evaluation: evaluateDeal(snapshot({ amount: 'lots' })),
      lang: 'en',
      updatedAt: '2026-11-24T06:00:00.000Z',
    });
    expect(view.warnings).toEqual(['The amount “lots” is not a number; it counts as 0.']);
    expect(view.dealName).toBe('ACME firewall refresh');
    expect(view.computedAt).toBe('2025-11-24T16:00:00.000Z');
    expect(view.updatedAt).toBe('2026-11-24T06:00:00.000Z');
    expect(view.rulesVersion).toMatch(/\+/);
  });
});

describe('isoTime and warningText', () => {
  it('reads ISO and epoch-millisecond stamps', () => {
    expect(isoTime('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05.000Z');
    expect(isoTime('1764000000000')).toBe('2025-11-24T16:00:00.000Z');
    expect(isoTime('')).toBeNull();
    expect(isoTime('soon')).toBeNull();
    expect(isoTime(null)).toBeNull();
  });

  it('names the contact of a contact warning', () => {
    expect(
      warningText({ property: 'contact:9.sw_stance', value: 'friend', reason: 'unknown_option' }, 'en'),
    ).toBe('sw_stance of contact 9 has the value “friend”, which is not a Stepwise option; it was ignored.');
    expect(
      warningText({ property: 'settings', value: 'invalid', reason: 'invalid_settings' }, 'zh'),
    ).toContain('默认设置');
  });
});

describe('buildDecisionChainView', () => {
  const contacts = [
    {
      id: '501',
      properties: {
        firstname: 'Wei',
        lastname: 'Li',
        email: 'li.wei@acme.example',
        jobtitle: 'CIO',
        sw_decision_role: 'influencer',
        sw_stance: 'supporter',
        sw_contact_depth: 'frequent',
        sw_personality: 'pragmatist',
      },
    },
    {
      id: '502',
      properties: { firstname: '敏', lastname: '张', sw_stance: 'best friend', sw_decision_role: '' },
    },
    { id: '503', properties: { email: 'buyer@acme.example' } },
  ];

  it('shows each contact with valid values only, and the options in the user’s language', () => {
    const snap = snapshot({}, contacts);
    const view = buildDecisionChainView({
      portalId: '123',
      snapshot: snap,
      evaluation: evaluateDeal(snap),
      lang: 'en',
    });
    expect(view.contacts).toEqual([
      {
        id: '501',
        name: 'Wei Li',
        email: 'li.wei@acme.example',
        jobTitle: 'CIO',
        decisionRole: 'influencer',
        stance: 'supporter',
        contactDepth: 'frequent',
        personality: 'pragmatist',
        // Seed 003 §2.3.2.3 对策 for the influencer.
        tactics: [
          "Finding the influencer takes a thorough knowledge of the customer's inside and of the people around the decision maker",
          'Influencers judge by personal liking, so weigh the personal relationship over the business one',
        ],
      },
      {
        id: '502',
        name: '敏 张',
        email: null,
        jobTitle: null,
        decisionRole: null,
        stance: null,
        contactDepth: null,
        personality: null,
        tactics: [],
      },
      {
        id: '503',
        name: 'buyer@acme.example',
        email: 'buyer@acme.example',
        jobTitle: null,
        decisionRole: null,
        stance: null,
        contactDepth: null,
        personality: null,
        tactics: [],
      },
    ]);
    expect(view.options.stance.map((o) => o.value)).toEqual([
      'coach',
      'supporter',
      'neutral',
      'non_supporter',
      'enemy',
    ]);
    expect(view.options.decisionRole[0]).toEqual({
      value: 'decision_maker',
      label: 'Decision maker (has the final say)',
    });
    expect(view.companyRelationship.value).toBe('B');
    expect(view.companyRelationship.next?.value).toBe('A');
    expect(view.companyRelationship.next?.missing.length).toBeGreaterThan(0);
  });

  it('writes Chinese names family name first for a zh user', () => {
    expect(contactName({ firstname: '敏', lastname: '张' }, '502', 'zh')).toBe('张敏');
    expect(contactName({ firstname: 'Wei', lastname: 'Li' }, '501', 'zh')).toBe('Wei Li');
    expect(contactName({}, '9', 'zh')).toBe('联系人 9');
    const snap = snapshot({}, contacts);
    const zh = buildDecisionChainView({
      portalId: '123',
      snapshot: snap,
      evaluation: evaluateDeal(snap),
      lang: 'zh',
    });
    expect(zh.options.stance[0]).toEqual({ value: 'coach', label: '导师' });
    expect(zh.companyRelationship.valueDescription).toBe('在客户中已建立“关键人”关系');
  });
});

describe('buildSettingsView', () => {
  it('resolves each pipeline’s playbook and keeps the settings as stored', () => {
    const settings: PortalSettings = { ...DEFAULT_SETTINGS, processPlaybookByPipeline: { p2: 'ten_step' } };
    const view = buildSettingsView({
      portalId: '123',
      lang: 'en',
      settings,
      pipelines: [
        { id: 'p2', label: 'Channel', displayOrder: 1 },
        { id: 'default', label: 'Sales Pipeline', displayOrder: 0 },
      ],
      currency: 'CNY',
      installation: { installedAt: '2026-11-20T08:00:00.000Z', scopes: ['oauth'], status: 'installed' },
      regrade: { state: 'idle', processed: 0, total: null, startedAt: null, finishedAt: null, error: null },
      writeBack: {
        paused: false,
        pausedAt: null,
        deals: 0,
        grades: {},
        funnelStages: {},
        alerts: {},
      },
      rulesUpgrade: { current: '2026.12.1', graded: null, state: 'queued' },
    });
    expect(view.pipelines).toEqual([
      { id: 'default', label: 'Sales Pipeline', processPlaybook: 'seven_step', stages: [] },
      { id: 'p2', label: 'Channel', processPlaybook: 'ten_step', stages: [] },
    ]);
    expect(view.processPlaybooks.map((o) => o.value)).toEqual(['seven_step', 'ten_step']);
    expect(view.settings).toEqual(settings);
    expect(view.installation.status).toBe('installed');
  });
});

describe('mergeStepValue', () => {
  const step = { items: sevenStep?.steps[0]?.items ?? [] };

  it('adds an item in playbook order and keeps values Stepwise does not know', () => {
    expect(mergeStepValue('solution_known;admin_added', step, 'problems_known', true)).toBe(
      'problems_known;solution_known;admin_added',
    );
    expect(mergeStepValue(null, step, 'deadline_known', true)).toBe('deadline_known');
  });

  it('removes an item, and is idempotent', () => {
    expect(mergeStepValue('problems_known;deadline_known', step, 'problems_known', false)).toBe(
      'deadline_known',
    );
    expect(mergeStepValue('deadline_known', step, 'problems_known', false)).toBe('deadline_known');
    expect(mergeStepValue('deadline_known', step, 'deadline_known', true)).toBe('deadline_known');
    expect(mergeStepValue(' deadline_known ;; ', step, 'deadline_known', false)).toBe('');
  });

  it('tells whether an item is checked', () => {
    expect(isChecked('a; problems_known', 'problems_known')).toBe(true);
    expect(isChecked('problems_known_extra', 'problems_known')).toBe(false);
    expect(isChecked(undefined, 'x')).toBe(false);
  });
});

describe('coaching (DESIGN v2)', () => {
  const B = {
    sw_six_w_two_p_qualify:
      'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline;competitors',
    sw_followup_progress: 'proposal_submitted;quote_given',
    sw_seven_step_need: 'deadline_known;problems_known;opportunity_confirmed',
    sw_seven_step_funding: 'budget_ready;project_established',
    sw_seven_step_tech: 'differentiation_acknowledged;company_endorsed;technical_barrier_set',
    sw_seven_step_account:
      'decision_chain_mapped;coach_in_place;procurement_known;channel_known;competition_known',
    sw_seven_step_chain: 'coach_informs;key_person_assists',
  };
  const person = (id: string, first: string, role: string | null, stance: string, depth: string) => ({
    id,
    properties: {
      firstname: first,
      lastname: 'Li',
      sw_decision_role: role,
      sw_stance: stance,
      sw_contact_depth: depth,
    },
  });

  it('shows the buying phase with the concern and the seller task; at B the closing checklist is next', () => {
    const early = card(snapshot());
    expect(early.buyingPhase).toMatchObject({ value: 'need_definition', label: 'Need definition' });
    expect(early.buyingPhase.sellerTask).toMatch(/^Need Development/);
    expect(early.closingPlaybook).toBeNull();
    const atB = card(snapshot(B));
    expect(atB.outputs.funnelStage.value).toBe('B');
    expect(atB.buyingPhase.value).toBe('take_action');
    expect(atB.buyingPhase.concern).toMatch(/^Risk/);
    expect(atB.closingPlaybook).toBe('closing');
    expect(atB.outputs.funnelStage.next?.value).toBe('W');
    expect(atB.nextActions.map((a) => a.action)).toEqual([
      "Answer each of the customer's risk concerns",
      'Show the customer the price is reasonable',
      'Give the customer a reason to act now (time, price, benefit)',
      'Recall the pain, reasons, vision and proof with the customer',
      "Find out the customer's / channel partner's contract approval process and its current stage",
    ]);
  });

  it('next actions lead with an action, keep the seed question and cite the seed', () => {
    const view = card(snapshot({ sw_six_w_two_p_qualify: 'why_need;budget_plan' }), 'zh');
    const timeline = view.nextActions.find((a) => a.id === 'any:fact_timeline');
    expect(timeline).toMatchObject({ action: '弄清客户要求的解决时间', label: '大致时间表?(P)' });
    expect(timeline?.source).toContain('001');
  });

  it('names the contacts that block a criterion, and carries the measures of each relationship level', () => {
    const snap = snapshot({ sw_account_traits: 'reference_willing' }, [
      person('501', 'Wei', 'decision_maker', 'coach', 'deep'),
      person('502', 'Na', 'purchaser', 'neutral', 'general'),
    ]);
    const view = buildDecisionChainView({
      portalId: '123',
      snapshot: snap,
      evaluation: evaluateDeal(snap),
      lang: 'en',
    });
    expect(view.companyRelationship.value).toBe('B');
    const chain = view.companyRelationship.next?.missing.find(
      (m) => m.id === 'contacts:whole_chain_supports_close',
    );
    expect(chain?.blocking).toEqual([{ contactId: '502', name: 'Na Li', role: 'Purchaser' }]);
    expect(view.companyRelationship.measures[0]).toBe('Product demonstrations and reference-site visits');
    expect(view.personalRelationship.measures.length).toBeGreaterThan(0);
    expect(view.contacts[0]?.tactics[0]).toMatch(/key decision maker is hard to reach/);
  });

  it('shows amounts with the portal currency, in 万 for Chinese; no ★ bar for ten-step', () => {
    const snap = snapshot({ amount: '3000000' });
    const ev = evaluateDeal(snap);
    const zh = buildDealCardView({
      portalId: '1',
      snapshot: snap,
      evaluation: ev,
      lang: 'zh',
      currency: 'CNY',
    });
    const en = buildDealCardView({
      portalId: '1',
      snapshot: snap,
      evaluation: ev,
      lang: 'en',
      currency: 'CNY',
    });
    expect(zh.amount).toBe('300万 CNY');
    expect(en.amount).toBe('3,000,000 CNY');
    expect(zh.outputs.leadGrade.met[0]?.children?.[0]?.label).toBe('金额 ≥ 300万');
    expect(card(snapshot()).hasKeyItems).toBe(true);
    const ten = { ...DEFAULT_SETTINGS, processPlaybookByPipeline: { p2: 'ten_step' as const } };
    const tenView = card(snapshot({ pipeline: 'p2' }), 'en', ten);
    expect(tenView.hasKeyItems).toBe(false);
    expect(tenView.progress.keyPercent).toBe(tenView.progress.percent);
  });

  it('shows the quote-strategy note of the grade and the raised alerts', () => {
    const s = { ...DEFAULT_SETTINGS, gradeNotes: { strategic: 'Quote through head office' } };
    const snap = { ...snapshot({ amount: '5000000' }), activity: { completedVisits: 4 } };
    const view = card(snap, 'en', s);
    expect(view.gradeNote).toBe('Quote through head office');
    expect(view.alerts.map((a) => a.id)).toEqual(['insider_overdue']);
    expect(view.alerts[0]?.reason).toBe('4 completed visits (threshold 3)');
  });
});
