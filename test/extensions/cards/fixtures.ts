import { hubspot, type CrmContext, type SettingsContext } from '@hubspot/ui-extensions';
import { vi } from 'vitest';
import type {
  DealCardView,
  DecisionChainView,
  ItemView,
  OutputView,
  RegradeStatus,
  SettingsView,
  StepView,
} from '../../../extensions/app/cards/lib/api-types';

/** The backend origin every card test uses (BACKEND_URL in the project profile). */
export const BACKEND = 'https://stepwise.test';

/** Gives a renderer's mock context a deal, a user locale and the profile variable the cards need. */
export function crmContext(base: CrmContext, opts: { dealId?: number; locale?: string } = {}): CrmContext {
  return {
    ...base,
    user: { ...base.user, locale: opts.locale ?? 'en-us' },
    portal: { ...base.portal, id: 123, timezone: 'UTC' },
    crm: { objectId: opts.dealId ?? 42, objectTypeId: '0-3' },
    variables: { BACKEND_URL: BACKEND },
  };
}

export function settingsContext(base: SettingsContext, opts: { locale?: string } = {}): SettingsContext {
  return {
    ...base,
    user: { ...base.user, locale: opts.locale ?? 'en-us' },
    portal: { ...base.portal, id: 123, timezone: 'UTC' },
    variables: { BACKEND_URL: BACKEND },
  };
}

/** A JSON response as hubspot.fetch resolves it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function apiError(
  status: number,
  code: string,
  message: string,
  issues?: { path: string; message: string }[],
): Response {
  return json({ error: { code, message, ...(issues === undefined ? {} : { issues }) } }, status);
}

export function item(id: string, label: string, hint: string, key: boolean, checked = false): ItemView {
  return { id, label, hint, key, checked };
}

export function step(
  playbook: string,
  id: string,
  label: string,
  items: ItemView[],
  optional = false,
): StepView {
  const checked = items.filter((i) => i.checked).length;
  const keyTotal = items.filter((i) => i.key).length;
  const keyChecked = items.filter((i) => i.key && i.checked).length;
  return {
    playbook,
    id,
    label,
    optional,
    property: `sw_${playbook}_${id}`,
    checked,
    total: items.length,
    keyChecked,
    keyTotal,
    percent: Math.floor((200 * checked + items.length) / (2 * items.length)),
    items,
  };
}

function output(
  property: string,
  value: string,
  valueLabel: string,
  next: OutputView['next'] = null,
): OutputView {
  return { property, value, valueLabel, valueDescription: null, met: [], next, measures: [] };
}

/**
 * A seven-step deal early in the process: two of the need items ticked (one ★), nothing in funding.
 * Overall 2 of 11 counted items (18%), ★ 1 of 4 (25%).
 */
export function dealCardView(overrides: Partial<DealCardView> = {}): DealCardView {
  const need = step('seven_step', 'need', 'Need discovery', [
    item(
      'problems_known',
      'The customer’s problems are known',
      '1. The customer states the problems in their own words',
      true,
      true,
    ),
    item('deadline_known', 'The deadline is known', '1. A date by which the project must be done', false),
    item(
      'opportunity_confirmed',
      'The opportunity is confirmed',
      '1. The customer confirms there is a project',
      true,
    ),
    item('solution_known', 'The expected solution is known', '', false, true),
  ]);
  const funding = step('seven_step', 'funding', 'Project funding', [
    item('exec_approved', 'Executives approved the project', '', false),
    item('budget_ready', 'The budget is in place', '1. Budget amount and source are known', true),
    item('project_established', 'The project is formally established', '', true),
  ]);
  const tender = step(
    'seven_step',
    'tender',
    'Guide the tender',
    [item('shortlisted', 'We are shortlisted', '', false)],
    true,
  );
  const award = step('seven_step', 'award', 'Award and contract', [
    item('contract_flow_known', 'The contract approval flow is known', '', false),
    item('signed_date_known', 'The signing date is known', '', false),
    item('payment_terms_known', 'Payment terms are agreed', '', false),
    item('po_issued', 'Purchase order issued', '', false),
  ]);
  const qualify = step('six_w_two_p', 'qualify', '6W+2P', [
    item('why_need', 'Why do they need it? (W)', '', false, true),
    item('budget_plan', 'Is there a budget plan? (P)', '', false),
  ]);
  const pain = step('ppvvc', 'pain', 'Pain', [
    item('pain_cost', 'What does the problem cost you today?', '', false),
  ]);
  const power = step('ppvvc', 'power', 'Power', [
    item('power_who_decides', 'Who decides, and how?', '', false),
  ]);
  return {
    portalId: '123',
    dealId: '42',
    dealName: 'ACME firewall refresh',
    language: 'en',
    closed: null,
    processPlaybook: 'seven_step',
    computedAt: '2026-11-24T06:00:00.000Z',
    updatedAt: '2026-11-24T06:00:00.000Z',
    rulesVersion: '1+abc',
    buyingPhase: {
      value: 'need_definition',
      label: 'Need definition',
      concern: 'Needs, then solution: do I really need this? How should I solve it?',
      sellerTask: 'Need Development: help the customer define the need',
    },
    alerts: [],
    amount: '1,500,000 CNY',
    gradeNote: null,
    hasKeyItems: true,
    closingPlaybook: null,
    progress: {
      checked: 2,
      total: 11,
      keyChecked: 1,
      keyTotal: 4,
      percent: 18,
      keyPercent: 25,
      currentStep: { id: 'need', label: 'Need discovery' },
    },
    outputs: {
      funnelStage: output('sw_funnel_stage', 'none', 'Not in funnel', {
        value: 'P',
        valueLabel: 'P – target customer (5W+2P qualified)',
        met: [{ id: 'item:six_w_two_p.qualify.why_need', label: 'Why do they need it? (W)', met: true }],
        missing: [
          { id: 'item:six_w_two_p.qualify.budget_plan', label: 'Is there a budget plan? (P)', met: false },
        ],
      }),
      leadGrade: output('sw_lead_grade', 'important', 'Important customer'),
      leadStage: output('sw_lead_stage', 'info', 'General information'),
      relationshipLevel: output('sw_relationship_level', 'C', 'Level C'),
      companyRelationship: output('sw_company_relationship', 'C', 'Level C'),
      personalRelationship: output('sw_personal_relationship', 'B', 'Level B'),
    },
    nextActions: [
      { id: 'item:six_w_two_p.qualify.budget_plan', label: 'Is there a budget plan? (P)', met: false },
    ],
    playbooks: [
      {
        id: 'seven_step',
        label: 'Seven-step sales process',
        description: '',
        kind: 'process',
        steps: [need, funding, tender, award],
      },
      {
        id: 'six_w_two_p',
        label: '6W+2P qualification',
        description: '',
        kind: 'qualification',
        steps: [qualify],
      },
      { id: 'ppvvc', label: 'PPVVC questions', description: '', kind: 'questions', steps: [pain, power] },
    ],
    warnings: [],
    ...overrides,
  };
}

const relationshipOptions = {
  decisionRole: [
    { value: 'decision_maker', label: 'Decision maker' },
    { value: 'influencer', label: 'Influencer' },
    { value: 'gatekeeper', label: 'Gatekeeper (evaluator)' },
    { value: 'purchaser', label: 'Purchaser' },
    { value: 'user', label: 'User' },
  ],
  stance: [
    { value: 'coach', label: 'Coach' },
    { value: 'supporter', label: 'Supporter' },
    { value: 'neutral', label: 'Neutral' },
    { value: 'non_supporter', label: 'Non-supporter' },
    { value: 'enemy', label: 'Enemy' },
  ],
  contactDepth: [
    { value: 'none', label: 'No contact' },
    { value: 'general', label: 'Occasional contact' },
    { value: 'frequent', label: 'Frequent contact' },
    { value: 'deep', label: 'Close relationship' },
  ],
  personality: [
    { value: 'pioneer', label: 'Pioneer' },
    { value: 'innovator', label: 'Innovator' },
    { value: 'pragmatist', label: 'Pragmatist' },
    { value: 'conservative', label: 'Conservative' },
    { value: 'stubborn', label: 'Stubborn' },
  ],
};

/** Two contacts: Li Wei (influencer, supporter, frequent) and Zhang Min (nothing set yet). */
export function decisionChainView(overrides: Partial<DecisionChainView> = {}): DecisionChainView {
  return {
    portalId: '123',
    dealId: '42',
    language: 'en',
    contacts: [
      {
        id: '501',
        name: 'Li Wei',
        email: 'li.wei@acme.example',
        jobTitle: 'CIO',
        decisionRole: 'influencer',
        stance: 'supporter',
        contactDepth: 'frequent',
        personality: null,
        tactics: ['Finding the influencer takes a thorough knowledge of the customer’s inside'],
      },
      {
        id: '502',
        name: 'Zhang Min',
        email: null,
        jobTitle: null,
        decisionRole: null,
        stance: null,
        contactDepth: null,
        personality: null,
        tactics: [],
      },
    ],
    companyRelationship: {
      property: 'sw_company_relationship',
      value: 'B',
      valueLabel: 'Level B',
      valueDescription: 'A relationship with a key person at the customer is established',
      met: [],
      next: {
        value: 'A',
        valueLabel: 'Level A',
        met: [],
        missing: [
          {
            id: 'role:decision_maker:supporter',
            label: 'A decision maker is a coach or supporter',
            met: false,
          },
          { id: 'no_enemy', label: 'No contact is an enemy', met: false },
        ],
      },
      measures: ['Product demonstrations and reference-site visits'],
    },
    personalRelationship: {
      property: 'sw_personal_relationship',
      value: 'B',
      valueLabel: 'Level B',
      valueDescription: 'Personal ties forming, gradually becoming friends',
      met: [],
      next: {
        value: 'A',
        valueLabel: 'Level A',
        met: [],
        missing: [
          { id: 'key:deep:coach', label: 'A key person with close relationship who is a coach', met: false },
        ],
      },
      measures: ['Create private get-togethers outside work, such as dinners and leisure'],
    },
    relationshipLevel: {
      property: 'sw_relationship_level',
      value: 'B',
      valueLabel: 'Level B',
      valueDescription: null,
      met: [],
      next: null,
      measures: [],
    },
    options: relationshipOptions,
    ...overrides,
  };
}

export function regradeStatus(overrides: Partial<RegradeStatus> = {}): RegradeStatus {
  return {
    state: 'idle',
    processed: 0,
    total: null,
    startedAt: null,
    finishedAt: null,
    error: null,
    ...overrides,
  };
}

export function settingsView(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    portalId: '123',
    language: 'en',
    settings: {
      defaultProcessPlaybook: 'seven_step',
      processPlaybookByPipeline: {},
      gradeThresholds: {
        strategicAmount: 3_000_000,
        importantAmount: 1_000_000,
        strategicTraitsMin: 3,
        importantTraitsMin: 2,
      },
      language: 'zh',
      gradeNotes: {},
      stageMap: {},
      stallDays: { P: 30, I: 45, B: 30 },
      visitRules: { insiderAfter: 3, escalateAfter: 6 },
      funnelNorms: { validPerProspect: 15, prospectsPerWin: 3 },
    },
    pipelines: [
      {
        id: 'default',
        label: 'Sales Pipeline',
        processPlaybook: 'seven_step',
        stages: [
          { id: 'qualifiedtobuy', label: 'Qualified to buy', probability: 0.2, isClosed: false, suggested: 'P' },
          { id: 'contractsent', label: 'Contract sent', probability: 0.8, isClosed: false, suggested: 'B' },
          { id: 'closedwon', label: 'Closed won', probability: 1, isClosed: true, suggested: 'none' },
        ],
      },
      { id: '777', label: 'Channel deals', processPlaybook: 'seven_step', stages: [] },
    ],
    processPlaybooks: [
      { value: 'seven_step', label: 'Seven-step sales process' },
      { value: 'ten_step', label: 'Ten-step sales process' },
    ],
    currency: 'CNY',
    installation: {
      installedAt: '2026-11-20T08:00:00.000Z',
      scopes: ['oauth', 'crm.objects.deals.read'],
      status: 'installed',
    },
    regrade: regradeStatus(),
    writeBack: {
      paused: false,
      pausedAt: null,
      deals: 0,
      grades: { ordinary: 0, important: 0, strategic: 0 },
      funnelStages: { none: 0, P: 0, I: 0, B: 0, W: 0, L: 0 },
      alerts: { stage_ahead: 0, stalled: 0, insider_overdue: 0, relationship_stuck: 0 },
    },
    rulesUpgrade: { current: '2026.12.1', graded: '2026.12.1', state: 'current' },
    ...overrides,
  };
}

type Answer = () => Promise<Response>;

/** hubspot.fetch answers, in call order; each call gets a fresh Response (a body can be read once). */
export function ok(body: unknown): Answer {
  return () => Promise.resolve(json(body));
}

export function fails(
  status: number,
  code: string,
  message: string,
  issues?: { path: string; message: string }[],
): Answer {
  return () => Promise.resolve(apiError(status, code, message, issues));
}

/** An answer the test releases by hand, to look at the card while the request is in flight. */
export function later(): Answer & { resolve: (r: Response) => void; reject: (e: unknown) => void } {
  let resolve!: (r: Response) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<Response>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return Object.assign(() => promise, { resolve, reject });
}

/**
 * Replaces hubspot.fetch (what the cards call) with the given answers, in call order. A call
 * beyond them fails like an unreachable backend, so a test never depends on an unplanned call.
 */
export function mockFetch(...answers: Answer[]) {
  const spy = vi.spyOn(hubspot, 'fetch');
  spy.mockImplementation(() => Promise.reject(new Error('unexpected hubspot.fetch call')));
  for (const a of answers) spy.mockImplementationOnce(a);
  return spy;
}
