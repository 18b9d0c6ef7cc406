import {
  Alert,
  Button,
  Checkbox,
  ErrorState,
  LoadingSpinner,
  ProgressBar,
  Tag,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CARD_FETCH_TIMEOUT_MS } from '../../../extensions/app/cards/lib/api-types';
import { SalesStepsCard } from '../../../extensions/app/cards/components/sales-steps-card';
import type { DealCardView, TickRequest } from '../../../extensions/app/cards/lib/api-types';
import { applyTick } from '../../../extensions/app/cards/lib/optimistic';
import {
  BACKEND,
  apiError,
  crmContext,
  dealCardView,
  fails,
  item,
  json,
  later,
  mockFetch,
  ok,
  step,
} from './fixtures';
import { screenText } from './screen';

function renderCard(opts: { locale?: string; variables?: Record<string, string> } = {}) {
  const renderer = createRenderer('crm.record.sidebar');
  const base = crmContext(renderer.mocks.context, opts);
  const context = opts.variables === undefined ? base : { ...base, variables: opts.variables };
  renderer.render(<SalesStepsCard context={context} actions={renderer.mocks.actions} />);
  return { ...renderer, screen: () => screenText(renderer.getRootNode()) };
}

const CARD_URL = `${BACKEND}/api/v1/deals/42/card?locale=en-us`;
const ITEMS_URL = `${BACKEND}/api/v1/deals/42/items?locale=en-us`;

const tickDeadline: TickRequest = {
  playbook: 'seven_step',
  step: 'need',
  item: 'deadline_known',
  checked: true,
};
const tickBudget: TickRequest = {
  playbook: 'seven_step',
  step: 'funding',
  item: 'budget_ready',
  checked: true,
};

/** The view the backend returns after a tick: the item saved, the deal modified a bit later. */
function savedView(
  view: DealCardView,
  tick: TickRequest,
  at: string,
  extra: Partial<DealCardView> = {},
): DealCardView {
  return { ...applyTick(view, tick), updatedAt: at, ...extra };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Sales steps card: loading and reading', () => {
  it('shows a spinner while the deal loads, having asked for this deal in the user’s language', async () => {
    const fetch = mockFetch(later());
    const { find } = renderCard();
    expect(find(LoadingSpinner).props.label).toBe('Loading Stepwise…');
    await vi.waitFor(() =>
      expect(fetch).toHaveBeenCalledWith(CARD_URL, { method: 'GET', timeout: CARD_FETCH_TIMEOUT_MS }),
    );
    expect(find(LoadingSpinner)).toBeTruthy();
  });

  it('shows the grades, the progress, what the next stage needs, and each step with ★ items and hints', async () => {
    mockFetch(ok(dealCardView()));
    const { waitFor, find, findAll, findByTestId, screen } = renderCard();
    await waitFor(() => find(Checkbox));

    expect(findAll(Tag).map((t) => t.text)).toEqual([
      'Not in funnel', // funnel stage
      'Important customer', // lead grade
      'Level C', // relationship level
      'General information', // lead stage
    ]);
    expect(findByTestId(ProgressBar, 'progress-overall').props).toMatchObject({
      title: 'Overall progress',
      value: 18,
      valueDescription: '2 of 11',
    });
    expect(findByTestId(ProgressBar, 'progress-key').props).toMatchObject({
      title: '★ Key items',
      value: 25,
      valueDescription: '1 of 4',
    });
    expect(screen()).toContain('Work on now: Need discovery');
    expect(screen()).toContain(
      'Needed for the next stage: P – target customer (5W+2P qualified)\nIs there a budget plan? (P)',
    );

    // The process playbook, step by step; the current step is open, the optional one says so.
    expect(screen()).toContain('1. Need discovery (2 of 4)');
    expect(screen()).toContain('2. Project funding (0 of 3)');
    expect(screen()).toContain('3. Guide the tender (0 of 1) · optional');
    const key = findByTestId(Checkbox, 'item-seven_step.need.problems_known');
    expect(key.text).toBe('★ The customer’s problems are known');
    expect(key.props).toMatchObject({
      checked: true,
      readOnly: false,
      description: '1. The customer states the problems in their own words',
    });
    expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').text).toBe('The deadline is known');
    expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props.checked).toBe(false);

    // Second section: 6W+2P (and follow-up), then the PPVVC questions.
    expect(screen()).toContain('Qualification and follow-up\n6W+2P qualification (1 of 2)');
    expect(findByTestId(Checkbox, 'item-six_w_two_p.qualify.why_need').props.checked).toBe(true);
    expect(screen()).toContain('Questions to ask\nPPVVC questions\n1. Pain (0 of 1)');
    expect(findByTestId(Checkbox, 'item-ppvvc.pain.pain_cost').text).toBe(
      'What does the problem cost you today?',
    );

    // Every grade is explained; the time it was computed is shown.
    expect(screen()).toContain('Why these grades?');
    expect(screen()).toContain('Funnel stage: Not in funnel');
    expect(screen()).toContain(
      'Next: P – target customer (5W+2P qualified)\n✓ Why do they need it? (W)\n✗ Is there a budget plan? (P)',
    );
    expect(screen()).toMatch(/Last graded: Nov 24, 2026/);
  });

  it('speaks Chinese to a zh-cn user', async () => {
    const fetch = mockFetch(ok(dealCardView({ language: 'zh' })));
    const { waitFor, find, screen } = renderCard({ locale: 'zh-cn' });
    await waitFor(() => find(Checkbox));
    expect(fetch).toHaveBeenCalledWith(`${BACKEND}/api/v1/deals/42/card?locale=zh-cn`, {
      method: 'GET',
      timeout: CARD_FETCH_TIMEOUT_MS,
    });
    expect(screen()).toContain('总体进度');
    expect(screen()).toContain('进入下一阶段还需要');
    expect(screen()).toContain('当前步骤: Need discovery');
  });

  it('lists the inputs the engine ignored', async () => {
    mockFetch(ok(dealCardView({ warnings: ['Amount “abc” is not a number and counts as 0.'] })));
    const { waitFor, find, findByTestId } = renderCard();
    await waitFor(() => find(Checkbox));
    expect(findByTestId(Alert, 'input-warnings').props.title).toBe('Some values were ignored');
    expect(findByTestId(Alert, 'input-warnings').text).toBe('Amount “abc” is not a number and counts as 0.');
  });

  it('shows a closed deal read-only, without a to-do list', async () => {
    const won = dealCardView().outputs;
    mockFetch(
      ok(
        dealCardView({
          closed: 'won',
          outputs: {
            ...won,
            funnelStage: { ...won.funnelStage, value: 'W', valueLabel: 'W – won', next: null },
          },
        }),
      ),
    );
    const { waitFor, find, findAll, findByTestId, screen } = renderCard();
    await waitFor(() => find(Checkbox));
    expect(findByTestId(Alert, 'deal-closed').text).toBe(
      'This deal is closed won. The checklist is read-only.',
    );
    expect(findAll(Checkbox).every((c) => c.props.readOnly === true)).toBe(true);
    expect(find(Tag, { testId: 'output-sw_funnel_stage' }).text).toBe('W – won');
    expect(screen()).not.toContain('Needed for the next stage');
  });
});

describe('Sales steps card: ticking items', () => {
  it('ticks an item at once, saves it, then shows the backend’s recomputed grades', async () => {
    const saved = later();
    const fetch = mockFetch(ok(dealCardView()), saved);
    const { waitFor, find, findByTestId, mocks } = renderCard();
    await waitFor(() => find(Checkbox));

    findByTestId(Checkbox, 'item-seven_step.need.deadline_known').trigger('onChange', true as never);

    // Optimistic: ticked and counted before the backend answers; read-only while it saves.
    expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props).toMatchObject({
      checked: true,
      readOnly: true,
    });
    expect(findByTestId(ProgressBar, 'progress-overall').props).toMatchObject({
      value: 27,
      valueDescription: '3 of 11',
    });
    expect(fetch).toHaveBeenLastCalledWith(ITEMS_URL, {
      method: 'POST',
      timeout: CARD_FETCH_TIMEOUT_MS,
      body: { ...tickDeadline },
    });

    const before = dealCardView().outputs;
    saved.resolve(
      json(
        savedView(dealCardView(), tickDeadline, '2026-11-24T06:01:00.000Z', {
          outputs: {
            ...before,
            leadStage: { ...before.leadStage, value: 'valid', valueLabel: 'Valid information' },
          },
        }),
      ),
    );
    await waitFor(() => expect(find(Tag, { testId: 'output-sw_lead_stage' }).text).toBe('Valid information'));
    expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props).toMatchObject({
      checked: true,
      readOnly: false,
    });
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(1); // HubSpot's property panel shows the new values
    expect(mocks.actions.addAlert.callCount).toBe(0);
  });

  it('unticks an item', async () => {
    const untick: TickRequest = {
      playbook: 'seven_step',
      step: 'need',
      item: 'problems_known',
      checked: false,
    };
    const fetch = mockFetch(
      ok(dealCardView()),
      ok(savedView(dealCardView(), untick, '2026-11-24T06:01:00.000Z')),
    );
    const { waitFor, find, findByTestId } = renderCard();
    await waitFor(() => find(Checkbox));

    findByTestId(Checkbox, 'item-seven_step.need.problems_known').trigger('onChange', false as never);

    expect(findByTestId(ProgressBar, 'progress-key').props).toMatchObject({
      value: 0,
      valueDescription: '0 of 4',
    });
    expect(fetch).toHaveBeenLastCalledWith(ITEMS_URL, {
      method: 'POST',
      timeout: CARD_FETCH_TIMEOUT_MS,
      body: { ...untick },
    });
    await waitFor(() =>
      expect(findByTestId(Checkbox, 'item-seven_step.need.problems_known').props.readOnly).toBe(false),
    );
    expect(findByTestId(Checkbox, 'item-seven_step.need.problems_known').props.checked).toBe(false);
  });

  it('rolls a tick back and tells the rep when saving fails', async () => {
    mockFetch(ok(dealCardView()), fails(503, 'HUBSPOT_UNAVAILABLE', 'HubSpot is not answering right now.'));
    const { waitFor, find, findByTestId, mocks } = renderCard();
    await waitFor(() => find(Checkbox));

    findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').trigger('onChange', true as never);
    expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props.checked).toBe(true);
    expect(findByTestId(ProgressBar, 'progress-key').props.valueDescription).toBe('2 of 4');

    await waitFor(() => expect(mocks.actions.addAlert.callCount).toBe(1));
    expect(mocks.actions.addAlert.calls[0]).toEqual([
      {
        type: 'danger',
        title: 'Not saved',
        message: 'Your change was not saved and has been undone. HubSpot is not answering right now.',
      },
    ]);
    expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props).toMatchObject({
      checked: false,
      readOnly: false,
    });
    expect(findByTestId(ProgressBar, 'progress-key').props).toMatchObject({
      value: 25,
      valueDescription: '1 of 4',
    });
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(0);
  });

  it('rolls back only the failed tick when two are in flight', async () => {
    const first = later();
    const second = later();
    mockFetch(ok(dealCardView()), first, second);
    const { waitFor, find, findByTestId } = renderCard();
    await waitFor(() => find(Checkbox));

    findByTestId(Checkbox, 'item-seven_step.need.deadline_known').trigger('onChange', true as never);
    findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').trigger('onChange', true as never);
    first.resolve(apiError(409, 'CONFLICT', 'The deal changed meanwhile.'));
    await waitFor(() =>
      expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props.checked).toBe(false),
    );
    expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props).toMatchObject({
      checked: true,
      readOnly: true,
    });
    second.resolve(json(savedView(dealCardView(), tickBudget, '2026-11-24T06:02:00.000Z')));
    await waitFor(() =>
      expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props.readOnly).toBe(false),
    );
    expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props.checked).toBe(true);
    expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props.checked).toBe(false);
  });

  it('keeps the newest state when an older answer arrives last', async () => {
    const first = later();
    const second = later();
    mockFetch(ok(dealCardView()), first, second);
    const { waitFor, find, findByTestId } = renderCard();
    await waitFor(() => find(Checkbox));

    findByTestId(Checkbox, 'item-seven_step.need.deadline_known').trigger('onChange', true as never);
    findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').trigger('onChange', true as never);

    // The backend saved the first tick, then the second; the second's answer (with both) comes back first.
    const both = savedView(applyTick(dealCardView(), tickDeadline), tickBudget, '2026-11-24T06:02:00.000Z');
    second.resolve(json(both));
    await waitFor(() =>
      expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props.readOnly).toBe(false),
    );
    first.resolve(json(savedView(dealCardView(), tickDeadline, '2026-11-24T06:01:00.000Z')));
    await waitFor(() =>
      expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props.readOnly).toBe(false),
    );

    expect(findByTestId(Checkbox, 'item-seven_step.funding.budget_ready').props.checked).toBe(true);
    expect(findByTestId(Checkbox, 'item-seven_step.need.deadline_known').props.checked).toBe(true);
    expect(findByTestId(ProgressBar, 'progress-key').props.valueDescription).toBe('2 of 4');
  });
});

describe('Sales steps card: errors', () => {
  it('shows an error with a retry that loads again', async () => {
    const fetch = mockFetch(
      fails(500, 'INTERNAL', 'Stepwise had an internal error; try again.'),
      ok(dealCardView()),
    );
    const { waitFor, find, screen } = renderCard();
    await waitFor(() => find(ErrorState));
    expect(screen()).toBe(
      'Stepwise could not load this deal\nStepwise had an internal error; try again.\nTry again',
    );

    find(Button).trigger('onClick');
    await waitFor(() => find(Checkbox));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says so when the backend cannot be reached', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const { waitFor, find, screen } = renderCard();
    await waitFor(() => find(ErrorState));
    expect(screen()).toBe(
      'Stepwise could not load this deal\nStepwise did not answer. Check your connection and try again.\nTry again',
    );
  });

  it('tells the rep to ask an admin when Stepwise is not installed', async () => {
    mockFetch(fails(409, 'NOT_INSTALLED', 'Stepwise is not installed for portal 123.'));
    const { waitFor, find, screen } = renderCard();
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props.type).toBe('lock');
    expect(screen()).toContain('Stepwise is not connected');
    expect(screen()).toContain('Ask a HubSpot admin to install or reconnect Stepwise.');
  });

  it('explains a missing permission', async () => {
    mockFetch(fails(403, 'FORBIDDEN', 'Missing scope crm.objects.deals.read'));
    const { waitFor, find, screen } = renderCard();
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props.type).toBe('lock');
    expect(screen()).toContain('No access\nStepwise is not allowed to read this deal.');
  });

  it('says the deal is gone when HubSpot no longer has it', async () => {
    mockFetch(fails(404, 'DEAL_NOT_FOUND', 'Deal 42 was not found.'));
    const { waitFor, find, screen } = renderCard();
    await waitFor(() => find(ErrorState));
    expect(screen()).toContain('Deal not found');
  });

  it('calls nothing when the project profile has no https backend URL', () => {
    const fetch = mockFetch();
    const { find, screen } = renderCard({ variables: { BACKEND_URL: 'http://localhost:3000' } });
    expect(find(ErrorState).props.title).toBe('Stepwise is not configured');
    expect(screen()).toContain('BACKEND_URL');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('Sales steps card: coaching (DESIGN v2)', () => {
  it('shows the buying phase with the customer’s concern and the seller’s task, the amount and alerts', async () => {
    mockFetch(
      ok(
        dealCardView({
          amount: '300万 CNY',
          gradeNote: 'Quote through head office',
          alerts: [
            {
              id: 'insider_overdue',
              label: 'Insider overdue after three visits',
              reason: '4 completed visits (threshold 3)',
            },
          ],
        }),
      ),
    );
    const { waitFor, find, findByTestId, screen } = renderCard();
    await waitFor(() => find(Checkbox));
    expect(screen()).toContain(
      [
        'Buying phase: Need definition',
        'Customer’s main concern: Needs, then solution: do I really need this? How should I solve it?',
        'Your task: Need Development: help the customer define the need',
      ].join('\n'),
    );
    expect(screen()).toContain('300万 CNY');
    expect(screen()).toContain('Quote strategy: Quote through head office');
    expect(findByTestId(Alert, 'alerts').text).toBe(
      'Insider overdue after three visits: 4 completed visits (threshold 3)',
    );
  });

  it('at B shows the closing checklist with the next stage, actions first and the seed question kept', async () => {
    const base = dealCardView();
    const closing = {
      id: 'closing',
      label: 'Closing the sale',
      description: 'Phase III',
      kind: 'qualification' as const,
      steps: [
        step('closing', 'actions', 'Prompting the decision', [
          item('risk_addressed', 'The "risk" concern is overcome', '', false, true),
          item('price_justified', 'The price is shown to be "reasonable"', '', false),
        ]),
      ],
    };
    mockFetch(
      ok({
        ...base,
        closingPlaybook: 'closing',
        playbooks: [...base.playbooks, closing],
        outputs: {
          ...base.outputs,
          funnelStage: {
            ...base.outputs.funnelStage,
            value: 'B',
            valueLabel: 'B – business negotiation',
            next: { value: 'W', valueLabel: 'W – won', met: [], missing: [] },
          },
        },
        nextActions: [
          {
            id: 'item:closing.actions.price_justified',
            label: 'The price is shown to be "reasonable"',
            action: 'Show the customer the price is reasonable',
            met: false,
          },
        ],
      } satisfies DealCardView),
    );
    const { waitFor, find, findByTestId, screen } = renderCard();
    await waitFor(() => find(Checkbox));
    expect(screen()).toContain(
      'Needed for the next stage: W – won\nShow the customer the price is reasonable\nThe price is shown to be "reasonable"',
    );
    expect(screen()).not.toContain('Nothing is missing');
    expect(screen()).toContain('Closing checklist (from B to W)');
    expect(findByTestId(Checkbox, 'item-closing.actions.risk_addressed').props.checked).toBe(true);
  });

  it('hides the ★ bar for a process playbook without ★ and names contacts that block a criterion', async () => {
    mockFetch(
      ok(
        dealCardView({
          hasKeyItems: false,
          nextActions: [
            {
              id: 'contacts:whole_chain_supports_close',
              label: 'Every chain contact is a supporter or coach',
              met: false,
              blocking: [{ contactId: '502', name: 'Na Li', role: 'Purchaser' }],
            },
          ],
        }),
      ),
    );
    const { waitFor, find, findAll, screen } = renderCard();
    await waitFor(() => find(Checkbox));
    expect(findAll(ProgressBar).some((p) => p.props.testId === 'progress-key')).toBe(false);
    expect(screen()).toContain('Every chain contact is a supporter or coach\n⚠ Na Li (Purchaser)');
  });
});
