import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  evaluateDeal,
  parsePortalSettings,
  type CriterionResult,
  type PortalSettings,
} from '../../src/methodology';
import { deal, FOLLOWUP, P_ITEMS, SEVEN, SEVEN_KEYS, SIX, type ContactSpec } from './fixtures';

const ids = (rs: readonly CriterionResult[]): string[] => rs.map((r) => r.id);

function settings(patch: unknown): PortalSettings {
  const r = parsePortalSettings(patch);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.settings;
}

const key = (step: string): string[] => SEVEN_KEYS[step] ?? [];
const NEED_KEYS = key(SEVEN.need);
const FUNDING_KEYS = key(SEVEN.funding);
const TECH_KEYS = key(SEVEN.tech);
const ACCOUNT_KEYS = key(SEVEN.account);
const CHAIN_KEYS = key(SEVEN.chain);

describe('funnel stage (seed 001: P / I / B, W / L)', () => {
  const pChecks = { [SIX]: P_ITEMS };
  const iChecks = {
    ...pChecks,
    [FOLLOWUP]: ['proposal_submitted'],
    [SEVEN.need]: ['deadline_known'],
    [SEVEN.funding]: ['budget_ready'],
  };
  // DESIGN v2: B needs every ★ of steps 1–5 and the quote.
  const bChecks = {
    ...iChecks,
    [FOLLOWUP]: ['proposal_submitted', 'quote_given'],
    [SEVEN.need]: ['deadline_known', ...NEED_KEYS],
    [SEVEN.funding]: FUNDING_KEYS,
    [SEVEN.tech]: TECH_KEYS,
    [SEVEN.account]: ACCOUNT_KEYS,
    [SEVEN.chain]: CHAIN_KEYS,
  };

  it.each([
    ['nothing checked', {}, 'none'],
    ['six of the seven 5W+2P', { [SIX]: P_ITEMS.slice(1) }, 'none'],
    ['all seven 5W+2P (why_us not needed)', pChecks, 'P'],
    ['P + proposal + deadline + budget', iChecks, 'I'],
    ['I criteria without P', { ...iChecks, [SIX]: [] }, 'none'],
    ['I + every ★ of steps 1–5 + quote', bChecks, 'B'],
    ['B without one ★ tech item', { ...bChecks, [SEVEN.tech]: TECH_KEYS.slice(1) }, 'I'],
  ])('%s → %s', (_name, checks, expected) => {
    expect(evaluateDeal(deal({ checks })).outputs['sw_funnel_stage']).toBe(expected);
  });

  it('lists exactly what is missing for the next stage, labelled, expanding ★ groups', () => {
    const ev = evaluateDeal(deal({ checks: { ...iChecks, [SEVEN.tech]: TECH_KEYS.slice(0, 2) } }));
    expect(ev.funnelStage.value).toBe('I');
    expect(ev.funnelStage.next?.value).toBe('B');
    expect(ids(ev.nextActions)).toEqual([
      'item:seven_step.need.problems_known',
      'item:seven_step.need.opportunity_confirmed',
      'item:seven_step.funding.project_established',
      'item:seven_step.tech.technical_barrier_set',
      ...ACCOUNT_KEYS.map((k) => `item:seven_step.account.${k}`),
      'item:seven_step.chain.coach_informs',
      'item:seven_step.chain.key_person_assists',
      'item:followup.progress.quote_given',
    ]);
    for (const a of ev.nextActions) expect(a.label.zh.length).toBeGreaterThan(0);
    const lines = ev.outputs['sw_next_actions']?.split('\n') ?? [];
    expect(lines).toHaveLength(12);
    expect(lines.every((l) => l.startsWith('- '))).toBe(true);
  });

  it('explains the current stage with the criteria it met', () => {
    const ev = evaluateDeal(deal({ checks: pChecks }));
    expect(ids(ev.funnelStage.met)).toEqual(P_ITEMS.map((i) => `any:fact_${i}`));
    expect(ev.funnelStage.met.every((m) => m.met)).toBe(true);
  });

  it.each([
    [{ isClosed: true, probability: 1 }, 'W'],
    [{ isClosed: true, probability: 0 }, 'L'],
    [{ isClosed: true, probability: 0.5 }, 'B'],
    [{ isClosed: false, probability: 1 }, 'B'],
  ])('stage %j → %s (closed stages override the checklist)', (stage, expected) => {
    const ev = evaluateDeal(deal({ checks: bChecks, stage }));
    expect(ev.outputs['sw_funnel_stage']).toBe(expected);
    if (expected === 'W' || expected === 'L') {
      expect(ev.funnelStage.next).toBeNull();
      expect(ev.nextActions).toEqual([]);
      expect(ev.outputs['sw_next_actions']).toBe('');
    }
  });
});

describe('relationship levels (seed 003 §2.3.2.4, §2.4.1)', () => {
  const personal = (contacts: ContactSpec[]) =>
    evaluateDeal(deal({ contacts })).outputs['sw_personal_relationship'];
  const company = (contacts: ContactSpec[], traits = 'reference_willing') =>
    evaluateDeal(deal({ contacts, props: { sw_account_traits: traits } })).outputs['sw_company_relationship'];
  // DESIGN v2 company A: every chain contact supporter+ and frequent/deep, a decision maker and a
  // gatekeeper or purchaser, no enemy, and the customer willing to be a reference.
  const fullChain: ContactSpec[] = [
    { role: 'decision_maker', stance: 'supporter', depth: 'frequent' },
    { role: 'purchaser', stance: 'coach', depth: 'deep' },
  ];

  it.each<[string, ContactSpec[], string]>([
    ['no contacts', [], 'none'],
    ['only neutral contacts', [{ role: 'decision_maker', stance: 'neutral', depth: 'deep' }], 'none'],
    ['a supporter who is a user', [{ role: 'user', stance: 'supporter', depth: 'deep' }], 'C'],
    [
      'a supporting key person with only general contact',
      [{ role: 'influencer', stance: 'coach', depth: 'general' }],
      'C',
    ],
    [
      'a supporting influencer with frequent contact',
      [{ role: 'influencer', stance: 'supporter', depth: 'frequent' }],
      'B',
    ],
    [
      'B + supporting decision maker, but no gatekeeper or purchaser',
      [{ role: 'decision_maker', stance: 'supporter', depth: 'deep' }],
      'B',
    ],
    ['the whole chain supports us', fullChain, 'A'],
    ['…but an enemy anywhere', [...fullChain, { role: 'user', stance: 'enemy' }], 'B'],
    [
      '…but one gatekeeper is neutral',
      [...fullChain, { role: 'gatekeeper', stance: 'neutral', depth: 'general' }],
      'B',
    ],
    ['…but the decision maker has no stance', [...fullChain, { role: 'decision_maker' }], 'B'],
    [
      '…but a supporting user has only general contact',
      [...fullChain, { role: 'user', stance: 'supporter', depth: 'general' }],
      'B',
    ],
    [
      '…a contact without a role is not on the chain',
      [...fullChain, { stance: 'neutral', depth: 'none' }],
      'A',
    ],
  ])('company: %s → %s', (_n, contacts, expected) => {
    expect(company(contacts)).toBe(expected);
  });

  it('company A needs the customer willing to be a reference', () => {
    expect(company(fullChain, '')).toBe('B');
  });

  it.each<[string, ContactSpec[], string]>([
    ['no contacts', [], 'none'],
    ['no contact at all with anyone', [{ role: 'decision_maker', depth: 'none' }], 'none'],
    ['general contact with a user', [{ role: 'user', depth: 'general' }], 'C'],
    ['general contact with someone off the chain (no role)', [{ depth: 'deep', stance: 'coach' }], 'none'],
    ['deep contact but not with a key person', [{ role: 'purchaser', depth: 'deep', stance: 'coach' }], 'C'],
    ['frequent contact with a decision maker', [{ role: 'decision_maker', depth: 'frequent' }], 'B'],
    [
      'deep with an influencer who is a supporter (not coach)',
      [{ role: 'influencer', depth: 'deep', stance: 'supporter' }],
      'B',
    ],
    [
      'deep with an influencer who is our coach',
      [{ role: 'influencer', depth: 'deep', stance: 'coach' }],
      'A',
    ],
  ])('personal: %s → %s', (_n, contacts, expected) => {
    expect(personal(contacts)).toBe(expected);
  });

  it('overall level is the lower of the two and says which dimension holds it back', () => {
    const ev = evaluateDeal(deal({ contacts: [{ role: 'influencer', depth: 'deep', stance: 'coach' }] }));
    expect(ev.outputs['sw_personal_relationship']).toBe('A');
    expect(ev.outputs['sw_company_relationship']).toBe('B');
    expect(ev.outputs['sw_relationship_level']).toBe('B');
    expect(ev.relationshipLevel.next?.value).toBe('A');
    expect(ids(ev.relationshipLevel.next?.missing ?? [])).toEqual(['level:companyRelationship>=A']);
    expect(ids(ev.relationshipLevel.next?.missing[0]?.children ?? [])).toEqual([
      'contacts:decision_maker_on_chain',
      'contacts:gatekeeper_or_purchaser_on_chain',
      'trait:reference_willing',
    ]);
  });
});

describe('lead stage (seed 003 §2.1.3, per purchase type)', () => {
  const contact: ContactSpec = { role: 'user', stance: 'neutral', depth: 'general' };
  const validSingle = {
    [SIX]: ['why_need'],
    [SEVEN.need]: ['deadline_known', 'solution_known'],
    [SEVEN.account]: ['decision_chain_mapped', 'competition_known'],
    [FOLLOWUP]: ['developer_known', 'demo_done', 'insider_developed'],
  };
  const validGroup = { ...validSingle, [FOLLOWUP]: ['company_profiled', 'demo_done', 'insider_developed'] };
  const validStrategic = {
    [SEVEN.need]: ['problems_known'],
    [SEVEN.account]: ['decision_chain_mapped'],
    [FOLLOWUP]: [
      'tender_shortlisted',
      'company_profiled',
      'demo_done',
      'visit_invited',
      'proposal_submitted',
      'quote_given',
    ],
  };
  const closeKeyPerson: ContactSpec = { role: 'decision_maker', stance: 'supporter', depth: 'frequent' };
  const stage = (
    checks: Record<string, string[]>,
    purchase: string | null,
    contacts: ContactSpec[] = [contact],
  ) =>
    evaluateDeal(deal({ checks, contacts, props: { sw_purchase_type: purchase } })).outputs['sw_lead_stage'];

  it.each<[string, Record<string, string[]>, string | null, ContactSpec[], string]>([
    ['need clear but no contact', { [SIX]: ['why_need'] }, null, [], 'none'],
    ['contact but need unclear', {}, null, [contact], 'none'],
    ['contact + 6W why_need', { [SIX]: ['why_need'] }, null, [contact], 'info'],
    [
      'contact + seven-step problems_known',
      { [SEVEN.need]: ['problems_known'] },
      'single',
      [contact],
      'info',
    ],
    ['valid criteria, empty purchase type = single', validSingle, null, [contact], 'valid'],
    ['valid criteria, group', validGroup, 'group', [contact], 'valid'],
    [
      'single column (developer known) does not make a group deal valid',
      validSingle,
      'group',
      [contact],
      'info',
    ],
    [
      'group column (company profiled) does not make a single deal valid',
      validGroup,
      'single',
      [contact],
      'info',
    ],
    ['single criteria do not make a strategic deal valid', validSingle, 'strategic', [contact], 'info'],
    ['strategic criteria', validStrategic, 'strategic', [contact], 'valid'],
    [
      'competition known through 6W+2P instead',
      { ...validSingle, [SIX]: ['why_need', 'competitors'], [SEVEN.account]: ['decision_chain_mapped'] },
      'single',
      [contact],
      'valid',
    ],
    [
      'prospect, single',
      {
        ...validSingle,
        [FOLLOWUP]: [
          'developer_known',
          'demo_done',
          'insider_developed',
          'chain_exchanges',
          'chain_insider',
          'proposal_submitted',
          'quote_given',
          'visit_invited',
        ],
      },
      'single',
      [closeKeyPerson],
      'prospect',
    ],
    [
      'prospect criteria but personal relationship only C',
      {
        ...validSingle,
        [FOLLOWUP]: [
          'developer_known',
          'demo_done',
          'insider_developed',
          'chain_exchanges',
          'chain_insider',
          'proposal_submitted',
          'quote_given',
          'visit_invited',
        ],
      },
      'single',
      [
        { ...closeKeyPerson, depth: 'general' },
        { role: 'user', stance: 'supporter', depth: 'general' },
      ],
      'valid',
    ],
    [
      'prospect, strategic needs the second tender round',
      {
        ...validStrategic,
        [FOLLOWUP]: [
          ...(validStrategic[FOLLOWUP] ?? []),
          'chain_exchanges',
          'chain_insider',
          'tender_second_round',
        ],
      },
      'strategic',
      [closeKeyPerson],
      'prospect',
    ],
  ])('%s → %s', (_n, checks, purchase, contacts, expected) => {
    expect(stage(checks, purchase, contacts)).toBe(expected);
  });

  it('garbage purchase type counts as single and is reported', () => {
    const ev = evaluateDeal(
      deal({ checks: validSingle, contacts: [contact], props: { sw_purchase_type: 'bulk' } }),
    );
    expect(ev.outputs['sw_lead_stage']).toBe('valid');
    expect(ev.warnings).toContainEqual({
      property: 'sw_purchase_type',
      value: 'bulk',
      reason: 'unknown_option',
    });
  });
});

describe('lead grade (seed 003 §2.4.2)', () => {
  const grade = (props: Record<string, string | null>, s: PortalSettings = DEFAULT_SETTINGS) =>
    evaluateDeal(deal({ props }), s).outputs['sw_lead_grade'];

  it.each<[string, Record<string, string | null>, string]>([
    ['no amount', {}, 'ordinary'],
    ['999,999.99', { amount: '999999.99' }, 'ordinary'],
    ['exactly 1,000,000', { amount: '1000000' }, 'important'],
    ['2,999,999', { amount: '2999999' }, 'important'],
    ['exactly 3,000,000', { amount: '3000000' }, 'strategic'],
    [
      'home-currency amount wins over amount',
      { amount: '5000000', amount_in_home_currency: '700000' },
      'ordinary',
    ],
    [
      'blank home-currency amount falls back to amount',
      { amount: '1500000', amount_in_home_currency: ' ' },
      'important',
    ],
    ['unparsable amount counts as 0', { amount: '3 million' }, 'ordinary'],
    ['negative amount', { amount: '-5000000' }, 'ordinary'],
    ['scientific notation', { amount: '3e6' }, 'strategic'],
    ['two important traits', { sw_account_traits: 'growth_potential;loyal_referrer' }, 'important'],
    ['one important trait', { sw_account_traits: 'growth_potential' }, 'ordinary'],
    [
      'three strategic traits, no amount',
      { sw_account_traits: 'group_influence;industry_benchmark;reference_willing' },
      'strategic',
    ],
    ['two strategic traits', { sw_account_traits: 'group_influence;industry_benchmark' }, 'ordinary'],
    [
      'repeat_purchase counts for both lists',
      { sw_account_traits: 'repeat_purchase;growth_potential' },
      'important',
    ],
    ['duplicated trait counts once', { sw_account_traits: 'growth_potential;growth_potential' }, 'ordinary'],
  ])('%s → %s', (_n, props, expected) => {
    expect(grade(props)).toBe(expected);
  });

  it('uses the portal thresholds', () => {
    const s = settings({
      gradeThresholds: { strategicAmount: 500_000, importantAmount: 100_000, strategicTraitsMin: 1 },
    });
    expect(grade({ amount: '100000' }, s)).toBe('important');
    expect(grade({ amount: '500000' }, s)).toBe('strategic');
    expect(grade({ sw_account_traits: 'broad_influence' }, s)).toBe('strategic');
  });

  it('reports an unparsable amount and says what is missing for the next grade', () => {
    const ev = evaluateDeal(deal({ props: { amount: 'abc' } }));
    expect(ev.warnings).toContainEqual({ property: 'amount', value: 'abc', reason: 'unparsable_amount' });
    expect(ev.leadGrade.next?.value).toBe('important');
    const test = ev.leadGrade.next?.missing[0];
    expect(test?.id).toBe('any:important_customer');
    expect(test?.children?.map((c) => c.label.en)).toEqual([
      'Amount ≥ 1,000,000',
      "At least 2 (Stepwise's default count) of: growth potential, repeat purchase, loyal referrer",
    ]);
  });
});

describe('progress', () => {
  it('counts the 34 items and 14 ★ outside the optional tender step, rounding half up', () => {
    const none = evaluateDeal(deal());
    expect(none.progress).toMatchObject({
      checked: 0,
      total: 34,
      keyChecked: 0,
      keyTotal: 14,
      percent: 0,
      keyPercent: 0,
    });
    const ev = evaluateDeal(
      deal({
        checks: { [SEVEN.need]: ['problems_known'], [SEVEN.tender]: ['bid_specs_aligned', 'shortlisted'] },
      }),
    );
    expect(ev.progress.checked).toBe(1);
    expect(ev.outputs['sw_checklist_progress']).toBe('3'); // 100/34 = 2.94
    expect(ev.outputs['sw_key_items_progress']).toBe('7'); // 100/14 = 7.14
  });

  it('17 of 34 items is 50%, 9 of 14 ★ is 64%', () => {
    const ev = evaluateDeal(
      deal({
        checks: {
          [SEVEN.need]: [
            'problems_known',
            'deadline_known',
            'opportunity_confirmed',
            'competitive_edge',
            'need_source_known',
            'solution_known',
            'environment_known',
          ],
          [SEVEN.funding]: ['exec_approved', 'budget_ready', 'project_established', 'budget_breakdown_known'],
          [SEVEN.account]: [
            'decision_chain_mapped',
            'coach_in_place',
            'procurement_known',
            'channel_known',
            'competition_known',
          ],
          [SEVEN.award]: ['contract_flow_known'],
        },
      }),
    );
    expect(ev.progress.checked).toBe(17);
    expect(ev.outputs['sw_checklist_progress']).toBe('50');
    expect(ev.progress.keyChecked).toBe(9);
    expect(ev.outputs['sw_key_items_progress']).toBe('64'); // 9/14 = 64.3
  });

  it('rounds exact halves up (1 of 8 = 12.5% → 13, 5 of 8 = 62.5% → 63)', () => {
    const one = evaluateDeal(deal({ checks: { [SIX]: ['why_us'] } }));
    expect(one.steps.find((s) => s.playbook === 'six_w_two_p')?.percent).toBe(13);
    const five = evaluateDeal(deal({ checks: { [SIX]: P_ITEMS.slice(0, 5) } }));
    expect(five.steps.find((s) => s.playbook === 'six_w_two_p')?.percent).toBe(63);
  });

  it('current step is the first step with an unchecked ★, then the first incomplete one', () => {
    expect(evaluateDeal(deal()).outputs['sw_current_step']).toBe('seven_step_need');
    const needKeysDone = evaluateDeal(
      deal({ checks: { [SEVEN.need]: ['problems_known', 'opportunity_confirmed'] } }),
    );
    expect(needKeysDone.outputs['sw_current_step']).toBe('seven_step_funding');
  });

  it('reports per-step progress for every playbook, process playbook first', () => {
    const ev = evaluateDeal(deal({ checks: { [SIX]: ['why_need', 'why_us'] } }));
    expect(ev.steps[0]?.playbook).toBe('seven_step');
    const six = ev.steps.find((s) => s.playbook === 'six_w_two_p');
    expect(six).toMatchObject({
      step: 'qualify',
      checked: 2,
      total: 8,
      checkedIds: ['why_need', 'why_us'],
      percent: 25,
    });
  });
});

describe('settings and outputs', () => {
  it('outputs are exactly the contract properties, as strings', () => {
    const ev = evaluateDeal(deal());
    expect(Object.keys(ev.outputs).sort()).toEqual(
      [
        'sw_checklist_progress',
        'sw_company_relationship',
        'sw_current_step',
        'sw_funnel_stage',
        'sw_key_items_progress',
        'sw_lead_grade',
        'sw_lead_stage',
        'sw_next_actions',
        'sw_personal_relationship',
        'sw_relationship_level',
        'sw_rules_version',
        'sw_buying_phase',
        'sw_alerts',
        'sw_funnel_stage_since',
      ].sort(),
    );
    expect(ev.outputs['sw_rules_version']).toMatch(/^\d{4}\.\d+\.\d+\+[0-9a-f]{8}$/);
  });

  it('a pipeline mapped to ten_step is graded with the ten-step playbook', () => {
    const s = settings({ processPlaybookByPipeline: { p2: 'ten_step' } });
    const ev = evaluateDeal(deal({ props: { pipeline: 'p2' } }), s);
    expect(ev.processPlaybook).toBe('ten_step');
    expect(ev.steps[0]?.playbook).toBe('ten_step');
    expect(ev.outputs['sw_current_step']).toMatch(/^ten_step_/);
    expect(evaluateDeal(deal({ props: { pipeline: 'default' } }), s).processPlaybook).toBe('seven_step');
  });

  it('next actions follow the portal language', () => {
    const en = evaluateDeal(deal(), settings({ language: 'en' })).outputs['sw_next_actions'] ?? '';
    const zh = evaluateDeal(deal()).outputs['sw_next_actions'] ?? '';
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en.split('\n')).toHaveLength(7);
  });

  it('different settings give a different rules version; invalid settings fall back to defaults, reported', () => {
    const a = evaluateDeal(deal()).outputs['sw_rules_version'];
    const b = evaluateDeal(deal(), settings({ language: 'en' })).outputs['sw_rules_version'];
    expect(a).not.toBe(b);
    const bad = evaluateDeal(deal(), { nonsense: true } as unknown as PortalSettings);
    expect(bad.outputs['sw_rules_version']).toBe(a);
    expect(bad.warnings).toContainEqual({
      property: 'settings',
      value: 'invalid',
      reason: 'invalid_settings',
    });
  });

  it('unknown checklist ids are ignored and reported', () => {
    const ev = evaluateDeal(deal({ props: { [SIX]: 'why_need;;hacked; timeline ' } }));
    expect(ev.steps.find((s) => s.playbook === 'six_w_two_p')?.checkedIds).toEqual(['why_need', 'timeline']);
    expect(ev.warnings).toEqual([{ property: SIX, value: 'hacked', reason: 'unknown_option' }]);
  });
});

describe('settings objects', () => {
  it('equal settings read again (new objects) give identical results', () => {
    const a = settings({ language: 'en', gradeThresholds: { importantAmount: 500_000 } });
    const b = JSON.parse(JSON.stringify(a)) as PortalSettings;
    const d = deal({ props: { amount: '600000' } });
    expect(evaluateDeal(d, b).outputs).toEqual(evaluateDeal(d, a).outputs);
    expect(evaluateDeal(d, b).outputs['sw_lead_grade']).toBe('important');
  });
});

describe('immutability', () => {
  it('an evaluation does not change when its snapshot is changed afterwards, and its explanations are frozen', () => {
    const snap = deal({ checks: { sw_ppvvc_pain: ['customer_will_act'], [SIX]: ['why_need'] } });
    const ev = evaluateDeal(snap);
    snap.properties['sw_ppvvc_pain'] = 'top_pain_found';
    snap.properties[SIX] = '';
    expect(ev.steps.find((s) => s.step === 'pain')?.checkedIds).toEqual(['customer_will_act']);
    expect(ev.steps.find((s) => s.step === 'qualify')?.checkedIds).toEqual(['why_need']);
    expect(Object.isFrozen(ev.funnelStage)).toBe(true);
    expect(Object.isFrozen(ev.nextActions)).toBe(true);
  });
});
