import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  RULES_VERSION,
  evaluateDeal,
  gradedByCurrentRules,
  parsePortalSettings,
  type DealSnapshot,
  type PortalSettings,
} from '../../src/methodology';
import { formatIsoTime, parseIsoTime } from '../../src/methodology/time';
import { deal, FOLLOWUP, P_ITEMS, SEVEN, SEVEN_KEYS, SIX, type ContactSpec } from './fixtures';

/** DESIGN v2 §3: table-driven tests for every v2 rule and its boundaries. */

function settings(patch: unknown): PortalSettings {
  const r = parsePortalSettings(patch);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.settings;
}

const STEP_KEYS = SEVEN_KEYS;
const I_CHECKS = {
  [SIX]: P_ITEMS,
  [FOLLOWUP]: ['proposal_submitted'],
  [SEVEN.need]: ['deadline_known'],
  [SEVEN.funding]: ['budget_ready'],
};
const B_CHECKS: Record<string, string[]> = {
  ...I_CHECKS,
  ...STEP_KEYS,
  [SEVEN.need]: ['deadline_known', ...(STEP_KEYS[SEVEN.need] ?? [])],
  [FOLLOWUP]: ['proposal_submitted', 'quote_given'],
};

describe('facts with evidence (DESIGN v2 §3)', () => {
  const without = (fact: string) => P_ITEMS.filter((f) => f !== fact);
  it.each<[string, Record<string, string[]>, ContactSpec[]]>([
    ['why_need', { [SEVEN.need]: ['problems_known'] }, []],
    ['budget_plan', { [SEVEN.funding]: ['budget_ready'] }, []],
    ['decision_maker', {}, [{ role: 'decision_maker' }]],
    ['decision_maker', { [SEVEN.account]: ['decision_chain_mapped'] }, []],
    ['decision_process', { [SEVEN.account]: ['procurement_known'] }, []],
    ['decision_criteria', { [SEVEN.account]: ['procurement_known'] }, []],
    ['timeline', { [SEVEN.need]: ['deadline_known'] }, []],
    ['competitors', { [SEVEN.account]: ['competition_known'] }, []],
    ['competitors', { [SEVEN.tech]: ['main_competitor_known'] }, []],
  ])('%s is answered by evidence %j %j and the explanation names it', (fact, checks, contacts) => {
    const ev = evaluateDeal(deal({ checks: { [SIX]: without(fact), ...checks }, contacts }));
    expect(ev.outputs['sw_funnel_stage']).toBe('P');
    const answered = ev.funnelStage.met.find((m) => m.id === `any:fact_${fact}`);
    expect(answered?.met).toBe(true);
    expect(answered?.children?.[0]).toMatchObject({ id: `item:six_w_two_p.qualify.${fact}`, met: false });
    expect(answered?.children?.filter((c) => c.met)).toHaveLength(1);
  });

  it('why_us is answered by differentiation_acknowledged', () => {
    // why_us is not needed for P; it is visible through the fact's evidence in the ten-step map too.
    const ev = evaluateDeal(
      deal({ checks: { [SIX]: P_ITEMS, [SEVEN.tech]: ['differentiation_acknowledged'] } }),
    );
    expect(ev.outputs['sw_funnel_stage']).toBe('P');
  });

  it('a user or influencer is no evidence of the decision maker', () => {
    const ev = evaluateDeal(
      deal({
        checks: { [SIX]: without('decision_maker') },
        contacts: [{ role: 'influencer' }, { role: 'user' }],
      }),
    );
    expect(ev.outputs['sw_funnel_stage']).toBe('none');
    expect(ev.nextActions.map((a) => a.id)).toEqual(['any:fact_decision_maker']);
  });

  it('next actions read as actions, keep the seed question as the label and cite the seed', () => {
    const ev = evaluateDeal(deal({ checks: { [SIX]: without('timeline') } }));
    const [a] = ev.nextActions;
    expect(a?.label.zh).toBe('大致时间表?(P)');
    expect(a?.action?.zh).toBe('弄清客户要求的解决时间');
    expect(a?.source).toMatchObject({ seed: '001', quote: '大致时间表?(P)' });
    expect(ev.outputs['sw_next_actions']).toBe('- 弄清客户要求的解决时间');
    const en = evaluateDeal(deal({ checks: { [SIX]: without('timeline') } }), settings({ language: 'en' }));
    expect(en.outputs['sw_next_actions']).toBe('- Find out when the customer needs it solved');
  });

  it('ten_step pipelines take the facts from their own items', () => {
    const s = settings({ processPlaybookByPipeline: { p2: 'ten_step' } });
    const ev = evaluateDeal(
      deal({
        props: { pipeline: 'p2' },
        checks: {
          [SIX]: ['budget_plan', 'timeline'],
          sw_ten_step_coach: ['needs_via_coach'],
          sw_ten_step_research: ['key_people_researched', 'decision_process_known', 'competitors_known'],
        },
      }),
      s,
    );
    expect(ev.outputs['sw_funnel_stage']).toBe('P');
  });
});

describe('B (v2): I + every ★ of steps 1–5 + the quote; then W is guidance', () => {
  it('all of it → B', () => {
    expect(evaluateDeal(deal({ checks: B_CHECKS })).outputs['sw_funnel_stage']).toBe('B');
  });

  // budget_ready is also an I criterion (without it the deal falls to P), tested below.
  it.each(
    Object.entries(STEP_KEYS).flatMap(([step, keys]) =>
      keys.filter((k) => k !== 'budget_ready').map((k) => [step, k] as const),
    ),
  )('without %s ★ %s → I', (step, key) => {
    const checks = { ...B_CHECKS, [step]: (B_CHECKS[step] ?? []).filter((k) => k !== key) };
    const ev = evaluateDeal(deal({ checks }));
    expect(ev.outputs['sw_funnel_stage']).toBe('I');
    expect(ev.nextActions.map((a) => a.id)).toEqual([`item:${stepKey(step)}.${key}`]);
  });

  it('without budget_ready → P (it is an I criterion too)', () => {
    const checks = { ...B_CHECKS, [SEVEN.funding]: ['project_established'] };
    expect(evaluateDeal(deal({ checks })).outputs['sw_funnel_stage']).toBe('P');
  });

  it('without the quote → I', () => {
    const ev = evaluateDeal(deal({ checks: { ...B_CHECKS, [FOLLOWUP]: ['proposal_submitted'] } }));
    expect(ev.outputs['sw_funnel_stage']).toBe('I');
  });

  it('at B the next level is W: the closing checklist and the contract flow, never "nothing missing"', () => {
    const ev = evaluateDeal(deal({ checks: { ...B_CHECKS, sw_closing_actions: ['risk_addressed'] } }));
    expect(ev.funnelStage.value).toBe('B');
    expect(ev.funnelStage.next?.value).toBe('W');
    expect(ev.funnelStage.next?.met.map((m) => m.id)).toEqual(['item:closing.actions.risk_addressed']);
    expect(ev.nextActions.map((a) => a.id)).toEqual([
      'item:closing.actions.price_justified',
      'item:closing.actions.push_reason',
      'item:closing.actions.pain_vision_recalled',
      'item:seven_step.award.contract_flow_known',
    ]);
    expect(ev.outputs['sw_next_actions']).not.toBe('');
  });

  it('closing never gates: everything ticked at B is still B until the deal closes won', () => {
    const all = {
      ...B_CHECKS,
      sw_closing_actions: ['risk_addressed', 'price_justified', 'push_reason', 'pain_vision_recalled'],
      [SEVEN.award]: ['contract_flow_known'],
    };
    const open = evaluateDeal(deal({ checks: all }));
    expect(open.outputs['sw_funnel_stage']).toBe('B');
    expect(open.funnelStage.next?.missing).toEqual([]);
    const won = evaluateDeal(deal({ checks: all, stage: { isClosed: true, probability: 1 } }));
    expect(won.outputs['sw_funnel_stage']).toBe('W');
    expect(won.funnelStage.next).toBeNull();
  });
});

function stepKey(property: string): string {
  return `seven_step.${property.replace('sw_seven_step_', '')}`;
}

describe('buying phase (seed 001 三阶段)', () => {
  it.each<[string, Record<string, string[]>, DealSnapshot['stage'], string]>([
    ['none', {}, null, 'need_definition'],
    ['P', { [SIX]: P_ITEMS }, null, 'need_definition'],
    ['I', I_CHECKS, null, 'evaluate_alternatives'],
    ['B', B_CHECKS, null, 'take_action'],
    ['W', {}, { isClosed: true, probability: 1 }, 'closed'],
    ['L', {}, { isClosed: true, probability: 0 }, 'closed'],
  ])('funnel %s → %s, with the concern and the seller task', (_s, checks, stage, phase) => {
    const ev = evaluateDeal(deal({ checks, stage }));
    expect(ev.outputs['sw_buying_phase']).toBe(phase);
    expect(ev.buyingPhase.value).toBe(phase);
    expect(ev.buyingPhase.concern.zh.length).toBeGreaterThan(0);
    expect(ev.buyingPhase.sellerTask.en.length).toBeGreaterThan(0);
  });

  it('the concern curve and seller task follow the seed (needs → solution → cost → risk; Need Development → Proof → Close)', () => {
    const phase = (checks: Record<string, string[]>) => evaluateDeal(deal({ checks })).buyingPhase;
    expect(phase({}).sellerTask.en).toMatch(/^Need Development/);
    expect(phase(I_CHECKS).sellerTask.en).toMatch(/^Proof/);
    expect(phase(I_CHECKS).concern.en).toMatch(/cost/i);
    expect(phase(B_CHECKS).sellerTask.en).toMatch(/^Close the Sale/);
    expect(phase(B_CHECKS).concern.en).toMatch(/^Risk/);
  });
});

describe('relationship (v2): company A is the whole chain; personal C needs a chain contact', () => {
  const chain: ContactSpec[] = [
    { role: 'decision_maker', stance: 'coach', depth: 'deep' },
    { role: 'gatekeeper', stance: 'supporter', depth: 'frequent' },
  ];
  const company = (contacts: ContactSpec[], traits = 'reference_willing') =>
    evaluateDeal(deal({ contacts, props: { sw_account_traits: traits } }));

  it.each<[string, ContactSpec[], string, string]>([
    ['whole chain, reference willing', chain, 'reference_willing', 'A'],
    ['no reference willingness', chain, '', 'B'],
    [
      'no decision maker',
      [{ role: 'influencer', stance: 'coach', depth: 'deep' }, chain[1] as ContactSpec],
      'reference_willing',
      'B',
    ],
    ['no gatekeeper or purchaser', [chain[0] as ContactSpec], 'reference_willing', 'B'],
    [
      'a purchaser instead of a gatekeeper',
      [chain[0] as ContactSpec, { role: 'purchaser', stance: 'supporter', depth: 'deep' }],
      'reference_willing',
      'A',
    ],
    [
      'a chain contact neutral',
      [...chain, { role: 'user', stance: 'neutral', depth: 'deep' }],
      'reference_willing',
      'B',
    ],
    [
      'a chain contact with general depth',
      [...chain, { role: 'user', stance: 'coach', depth: 'general' }],
      'reference_willing',
      'B',
    ],
    ['an enemy off the chain', [...chain, { stance: 'enemy' }], 'reference_willing', 'B'],
  ])('%s → %s', (_n, contacts, traits, expected) => {
    expect(company(contacts, traits).outputs['sw_company_relationship']).toBe(expected);
  });

  it('names the contacts that block a criterion, with their role', () => {
    const ev = company([...chain, { role: 'user', stance: 'neutral', depth: 'deep' }, { stance: 'enemy' }]);
    expect(ev.blocking['contacts:whole_chain_supports_close']).toEqual([{ contactId: 'c3', role: 'user' }]);
    expect(ev.blocking['contacts:no_enemy']).toEqual([{ contactId: 'c4', role: null }]);
  });

  it('every relationship explanation carries the seed measures (措施) of its own dimension', () => {
    const ev = company([{ role: 'user', stance: 'supporter', depth: 'general' }], '');
    expect(ev.companyRelationship.value).toBe('C');
    expect(ev.companyRelationship.measures?.source.where).toMatch(/公司关系 C级 措施/);
    expect(ev.companyRelationship.measures?.items[0]?.zh).toContain('确定关键环节的关键人');
    expect(ev.personalRelationship.value).toBe('C');
    expect(ev.personalRelationship.measures?.source.where).toMatch(/个人关系 C级 措施/);
    const none = evaluateDeal(deal());
    expect(none.companyRelationship.measures?.items[0]?.zh).toContain('拜访三次必须发展一个内线人');
    expect(none.relationshipLevel.measures).not.toBeNull();
  });

  it.each<[string, ContactSpec[], string]>([
    ['a chain contact with general contact', [{ role: 'purchaser', depth: 'general' }], 'C'],
    ['a contact with no role, deep', [{ depth: 'deep' }], 'none'],
    ['a chain contact with no contact', [{ role: 'user', depth: 'none' }], 'none'],
  ])('personal: %s → %s', (_n, contacts, expected) => {
    expect(evaluateDeal(deal({ contacts })).outputs['sw_personal_relationship']).toBe(expected);
  });
});

describe('alerts and funnel stage since (DESIGN v2 §3)', () => {
  const AS_OF = '2026-12-01T12:00:00.000Z';
  const day = 86_400_000;
  const before = (days: number, ms = 0) => formatIsoTime((parseIsoTime(AS_OF) ?? 0) - days * day - ms);
  const pDeal = (props: Record<string, string | null>, extra: Partial<DealSnapshot> = {}) => ({
    ...deal({ checks: { [SIX]: P_ITEMS }, props }),
    ...extra,
  });

  it.each<[string, Record<string, string | null>, Partial<DealSnapshot>, string]>([
    [
      'stage unchanged keeps its since',
      { sw_funnel_stage: 'P', sw_funnel_stage_since: before(3) },
      { asOf: AS_OF },
      before(3),
    ],
    [
      'stage moved takes asOf',
      { sw_funnel_stage: 'none', sw_funnel_stage_since: before(3) },
      { asOf: AS_OF },
      AS_OF,
    ],
    ['first evaluation takes asOf', {}, { asOf: AS_OF }, AS_OF],
    [
      'no asOf keeps the previous value',
      { sw_funnel_stage: 'none', sw_funnel_stage_since: before(3) },
      {},
      before(3),
    ],
    ['no asOf and nothing before', {}, {}, ''],
    [
      'epoch-ms previous value is read',
      { sw_funnel_stage: 'P', sw_funnel_stage_since: String(parseIsoTime(before(1))) },
      { asOf: AS_OF },
      before(1),
    ],
  ])('since: %s', (_n, props, extra, expected) => {
    expect(evaluateDeal(pDeal(props, extra)).outputs['sw_funnel_stage_since']).toBe(expected);
  });

  it.each<[string, number, number, boolean]>([
    ['P exactly 30 days', 30, 0, false],
    ['P 30 days + 1 ms', 30, -1, true],
    ['P 29 days', 29, 0, false],
  ])('stalled: %s → %s', (_n, days, ms, expected) => {
    const ev = evaluateDeal(
      pDeal({ sw_funnel_stage: 'P', sw_funnel_stage_since: before(days, -ms) }, { asOf: AS_OF }),
    );
    expect(ev.outputs['sw_alerts']?.split(';').includes('stalled')).toBe(expected);
    expect(ev.alerts.find((a) => a.alert === 'stalled')?.active).toBe(expected);
  });

  it('stalled uses the portal stallDays, never fires when closed, and without asOf keeps its previous value', () => {
    const s = settings({ stallDays: { P: 5 } });
    const old = { sw_funnel_stage: 'P', sw_funnel_stage_since: before(6) };
    expect(evaluateDeal(pDeal(old, { asOf: AS_OF }), s).outputs['sw_alerts']).toBe('stalled');
    expect(evaluateDeal(pDeal(old, { asOf: AS_OF })).outputs['sw_alerts']).toBe('');
    expect(evaluateDeal(pDeal({ ...old, sw_alerts: 'stalled' }), s).outputs['sw_alerts']).toBe('stalled');
    expect(evaluateDeal(pDeal({ ...old, sw_alerts: '' }), s).outputs['sw_alerts']).toBe('');
    const won = evaluateDeal(
      { ...pDeal(old, { asOf: AS_OF }), stage: { isClosed: true, probability: 1 } },
      s,
    );
    expect(won.outputs['sw_alerts']).toBe('');
  });

  const visits = (
    n: number | null,
    checks: Record<string, string[]> = {},
    contacts: ContactSpec[] = [],
    props = {},
  ) =>
    evaluateDeal({
      ...deal({ checks, contacts, props }),
      activity: n === null ? null : { completedVisits: n },
    })
      .outputs['sw_alerts']?.split(';')
      .filter((a) => a !== '') ?? [];

  it.each<[string, number, Record<string, string[]>, ContactSpec[], boolean]>([
    ['2 visits', 2, {}, [], false],
    ['3 visits, no insider', 3, {}, [], true],
    ['3 visits, insider ticked', 3, { [FOLLOWUP]: ['insider_developed'] }, [], false],
    ['3 visits, a supporter contact', 3, {}, [{ stance: 'supporter' }], false],
    ['3 visits, a coach contact', 3, {}, [{ stance: 'coach' }], false],
  ])('insider_overdue: %s → %s', (_n, n, checks, contacts, expected) => {
    expect(visits(n, checks, contacts).includes('insider_overdue')).toBe(expected);
  });

  it.each<[string, number, ContactSpec[], boolean]>([
    ['5 visits at none', 5, [], false],
    ['6 visits at none', 6, [], true],
    ['6 visits at C', 6, [{ role: 'user', stance: 'supporter', depth: 'general' }], true],
    ['6 visits at B', 6, [{ role: 'decision_maker', stance: 'supporter', depth: 'frequent' }], false],
  ])('relationship_stuck: %s → %s', (_n, n, contacts, expected) => {
    expect(visits(n, {}, contacts).includes('relationship_stuck')).toBe(expected);
  });

  it('visit alerts use visitRules; without activity they keep their previous values while still true', () => {
    const s = settings({ visitRules: { insiderAfter: 1 } });
    const ev = evaluateDeal({ ...deal(), activity: { completedVisits: 1 } }, s);
    expect(ev.outputs['sw_alerts']).toBe('insider_overdue');
    expect(visits(null, {}, [], { sw_alerts: 'insider_overdue;relationship_stuck' })).toEqual([
      'insider_overdue',
      'relationship_stuck',
    ]);
    expect(visits(null, { [FOLLOWUP]: ['insider_developed'] }, [], { sw_alerts: 'insider_overdue' })).toEqual(
      [],
    );
    expect(visits(null)).toEqual([]);
  });

  it.each<[string, string | undefined, boolean]>([
    ['mapped to I, evidence P', 'I', true],
    ['mapped to P, evidence P', 'P', false],
    ['mapped to none', 'none', false],
    ['not mapped', undefined, false],
  ])('stage_ahead: %s → %s', (_n, least, expected) => {
    const s = settings({ stageMap: least === undefined ? {} : { default: { contract: least } } });
    const ev = evaluateDeal(pDeal({ pipeline: 'default', dealstage: 'contract' }), s);
    expect(ev.alerts.find((a) => a.alert === 'stage_ahead')?.active).toBe(expected);
  });

  it('a malformed asOf or activity is reported and treated as absent', () => {
    const ev = evaluateDeal({ ...pDeal({}), asOf: 'yesterday', activity: { completedVisits: -1 } });
    expect(ev.outputs['sw_funnel_stage_since']).toBe('');
    expect(ev.warnings.map((w) => w.property)).toEqual(expect.arrayContaining(['asOf', 'activity']));
  });
});

describe('progress (v2): ★ only where the seed marks ★; ten-step post-sale steps not counted', () => {
  const ten = settings({ processPlaybookByPipeline: { p2: 'ten_step' } });
  it('ten_step has no ★: key progress equals checklist progress', () => {
    const ev = evaluateDeal(
      deal({ props: { pipeline: 'p2' }, checks: { sw_ten_step_focus: ['focus_prospect'] } }),
      ten,
    );
    expect(ev.progress.keyPercent).toBe(ev.progress.percent);
    expect(ev.outputs['sw_key_items_progress']).toBe(ev.outputs['sw_checklist_progress']);
  });

  it('retain and referral are not counted toward an open deal', () => {
    const ev = evaluateDeal(
      deal({ props: { pipeline: 'p2' }, checks: { sw_ten_step_referral: ['referral_obtained'] } }),
      ten,
    );
    expect(ev.progress.checked).toBe(0);
    expect(ev.progress.total).toBe(16); // 19 items less the 3 post-sale ones
    expect(ev.steps.find((s) => s.step === 'referral')?.checked).toBe(1);
  });
});

describe('lead grade note and settings defaults', () => {
  it('shows the portal quote-strategy note for the grade, none by default', () => {
    const s = settings({ gradeNotes: { strategic: '总部统一报价' } });
    expect(evaluateDeal(deal({ props: { amount: '3000000' } }), s).gradeNote).toBe('总部统一报价');
    expect(evaluateDeal(deal({ props: { amount: '10' } }), s).gradeNote).toBeNull();
  });

  it('DESIGN defaults: stageMap empty, stallDays 30/45/30, visitRules 3/6, funnelNorms 15/3', () => {
    expect(DEFAULT_SETTINGS.stageMap).toEqual({});
    expect(DEFAULT_SETTINGS.stallDays).toEqual({ P: 30, I: 45, B: 30 });
    expect(DEFAULT_SETTINGS.visitRules).toEqual({ insiderAfter: 3, escalateAfter: 6 });
    expect(DEFAULT_SETTINGS.funnelNorms).toEqual({ validPerProspect: 15, prospectsPerWin: 3 });
  });

  it('settings stored before v2 (without the new keys) still apply', () => {
    const {
      stageMap: _a,
      stallDays: _b,
      visitRules: _c,
      funnelNorms: _d,
      gradeNotes: _e,
      ...old
    } = DEFAULT_SETTINGS;
    const ev = evaluateDeal(deal({ props: { amount: '1000000' } }), {
      ...old,
      gradeThresholds: { ...old.gradeThresholds, importantAmount: 2_000_000 },
    } as PortalSettings);
    expect(ev.outputs['sw_lead_grade']).toBe('ordinary');
    expect(ev.warnings.some((w) => w.reason === 'invalid_settings')).toBe(false);
  });
});

describe('pure ISO time', () => {
  it.each([
    '1970-01-01T00:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2026-12-01T12:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
  ])('round-trips %s', (iso) => {
    expect(formatIsoTime(parseIsoTime(iso) ?? -1)).toBe(iso);
  });
  it.each([
    ['2026-12-01T20:00:00+08:00', '2026-12-01T12:00:00.000Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(formatIsoTime(parseIsoTime(text) ?? -1)).toBe(iso);
  });
  it.each(['2025-02-29T00:00:00Z', '2026-13-01', 'now', '2026-12-01T24:00:00Z'])('rejects %s', (text) => {
    expect(parseIsoTime(text)).toBeNull();
  });
});

describe('rules version (for the re-grade after a rules change)', () => {
  it('tells a deal graded by these rules from one graded before', () => {
    const written = evaluateDeal(deal()).outputs['sw_rules_version'];
    expect(written?.startsWith(`${RULES_VERSION}+`)).toBe(true);
    expect(gradedByCurrentRules(written)).toBe(true);
    expect(gradedByCurrentRules('2026.11.1+0a1b2c3d')).toBe(false);
    expect(gradedByCurrentRules(null)).toBe(false);
  });
});
