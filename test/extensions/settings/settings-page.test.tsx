import {
  Alert,
  Button,
  ErrorState,
  LoadingButton,
  LoadingSpinner,
  NumberInput,
  ProgressBar,
  Select,
  StatusTag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_FETCH_TIMEOUT_MS } from '../../../extensions/app/settings/lib/api-client';
import { parsePortalSettings } from '../../../src/methodology/settings';
import { settingsStrings } from '../../../extensions/app/settings/lib/i18n';
import { validateSettings } from '../../../extensions/app/settings/lib/validate-settings';
import { StepwiseSettings } from '../../../extensions/app/settings/components/stepwise-settings';
import {
  BACKEND,
  fails,
  later,
  mockFetch,
  ok,
  regradeStatus,
  settingsContext,
  settingsView,
} from '../cards/fixtures';
import { screenText } from '../cards/screen';

function renderPage(opts: { locale?: string } = {}) {
  const renderer = createRenderer('settings');
  const context = settingsContext(renderer.mocks.context, opts);
  renderer.render(<StepwiseSettings context={context} actions={renderer.mocks.actions} pollMs={5} />);
  return { ...renderer, screen: () => screenText(renderer.getRootNode()) };
}

const SETTINGS_URL = `${BACKEND}/api/v1/settings?locale=en-us`;
const REGRADE_URL = `${BACKEND}/api/v1/regrade?locale=en-us`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Settings page', () => {
  it('loads the portal’s settings and shows every section', async () => {
    const fetch = mockFetch(ok(settingsView()));
    const { find, findByTestId, waitFor, screen } = renderPage();
    expect(find(LoadingSpinner).props.label).toBe('Loading settings…');
    await waitFor(() => find(NumberInput));
    expect(fetch).toHaveBeenCalledWith(SETTINGS_URL, { method: 'GET', timeout: SETTINGS_FETCH_TIMEOUT_MS });

    expect(find(StatusTag).text).toBe('Installed');
    expect(screen()).toContain('Granted scopes: oauth, crm.objects.deals.read');
    expect(findByTestId(Select, 'default-playbook').props.value).toBe('seven_step');
    expect(findByTestId(Select, 'pipeline-777').props).toMatchObject({
      label: 'Channel deals',
      value: 'seven_step',
    });
    expect(findByTestId(NumberInput, 'strategicAmount').props).toMatchObject({
      label: 'Strategic customer from amount (CNY)',
      value: 3_000_000,
    });
    expect(findByTestId(NumberInput, 'importantAmount').props.value).toBe(1_000_000);
    expect(findByTestId(Select, 'language').props.value).toBe('zh');
    expect(findByTestId(Text, 'regrade-status').text).toBe('No re-grade has run yet.');
    expect(findByTestId(LoadingButton, 'save').props.disabled).toBe(true); // nothing changed yet
  });

  it('edits the quote-strategy note per grade and labels the counting rule as Stepwise’s default', async () => {
    const fetch = mockFetch(ok(settingsView()), ok(settingsView()));
    const { find, findByTestId, waitFor, screen } = renderPage();
    await waitFor(() => find(NumberInput));
    expect(screen()).toContain('The trait counts are Stepwise’s default');
    expect(findByTestId(TextArea, 'gradeNote-strategic').props.label).toBe(
      'Quote strategy for strategic customers (shown in the card)',
    );
    findByTestId(TextArea, 'gradeNote-strategic').trigger('onChange', 'Quote through head office' as never);
    findByTestId(LoadingButton, 'save').trigger('onClick');
    await waitFor(() => expect(findByTestId(Alert, 'notice').props.variant).toBe('success'));
    expect(fetch).toHaveBeenCalledTimes(2);
    const body = (fetch.mock.calls[1]?.[1] as { body: { gradeNotes: unknown } }).body;
    expect(body.gradeNotes).toEqual({ strategic: 'Quote through head office' });
  });

  it('saves a changed playbook, threshold and language, and says the properties were re-labelled', async () => {
    const saved = settingsView({
      settings: {
        ...settingsView().settings,
        processPlaybookByPipeline: { '777': 'ten_step' },
        gradeThresholds: { ...settingsView().settings.gradeThresholds, importantAmount: 500_000 },
        language: 'en',
      },
    });
    const fetch = mockFetch(ok(settingsView()), ok(saved));
    const { find, findByTestId, waitFor, mocks } = renderPage();
    await waitFor(() => find(NumberInput));

    findByTestId(Select, 'pipeline-777').trigger('onChange', 'ten_step' as never);
    findByTestId(NumberInput, 'importantAmount').trigger('onChange', 500_000 as never);
    findByTestId(Select, 'language').trigger('onChange', 'en' as never);
    expect(findByTestId(LoadingButton, 'save').props.disabled).toBe(false);
    findByTestId(LoadingButton, 'save').trigger('onClick');

    await waitFor(() => expect(findByTestId(Alert, 'notice').props.variant).toBe('success'));
    expect(fetch).toHaveBeenLastCalledWith(SETTINGS_URL, {
      method: 'PUT',
      timeout: SETTINGS_FETCH_TIMEOUT_MS,
      body: {
        defaultProcessPlaybook: 'seven_step',
        processPlaybookByPipeline: { '777': 'ten_step' },
        gradeThresholds: {
          strategicAmount: 3_000_000,
          importantAmount: 500_000,
          strategicTraitsMin: 3,
          importantTraitsMin: 2,
        },
        language: 'en',
        gradeNotes: {},
        stageMap: {},
        stallDays: { P: 30, I: 45, B: 30 },
        visitRules: { insiderAfter: 3, escalateAfter: 6 },
        funnelNorms: { validPerProspect: 15, prospectsPerWin: 3 },
      },
    });
    expect(findByTestId(Alert, 'notice').text).toBe(
      'Settings saved. The Stepwise properties were re-labelled.',
    );
    expect(mocks.actions.addAlert.calls[0]).toEqual([
      { type: 'success', message: 'Settings saved. The Stepwise properties were re-labelled.' },
    ]);
    expect(findByTestId(LoadingButton, 'save').props.disabled).toBe(true);
  });

  it('flags invalid thresholds before saving and never sends them', async () => {
    const fetch = mockFetch(ok(settingsView()));
    const { find, findByTestId, waitFor } = renderPage();
    await waitFor(() => find(NumberInput));

    findByTestId(NumberInput, 'strategicAmount').trigger('onChange', 200_000 as never);
    findByTestId(NumberInput, 'strategicTraitsMin').trigger('onChange', 7 as never);

    expect(findByTestId(NumberInput, 'strategicAmount').props).toMatchObject({
      error: true,
      validationMessage: 'Must be at least the important-customer amount.',
    });
    expect(findByTestId(NumberInput, 'strategicTraitsMin').props.validationMessage).toBe(
      'Enter a whole number from 1 to 5.',
    );
    expect(findByTestId(LoadingButton, 'save').props.disabled).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('shows the backend’s validation issues on the fields', async () => {
    mockFetch(
      ok(settingsView()),
      fails(400, 'VALIDATION_FAILED', 'The settings are invalid.', [
        {
          path: 'gradeThresholds.importantAmount',
          message: 'Too big: expected number to be <=1000000000000000',
        },
      ]),
    );
    const { find, findByTestId, waitFor } = renderPage();
    await waitFor(() => find(NumberInput));

    findByTestId(NumberInput, 'importantAmount').trigger('onChange', 2_000_000 as never);
    findByTestId(NumberInput, 'strategicAmount').trigger('onChange', 2_000_000 as never);
    findByTestId(LoadingButton, 'save').trigger('onClick');

    await waitFor(() => expect(findByTestId(Alert, 'notice').props.variant).toBe('danger'));
    expect(findByTestId(Alert, 'notice').props.title).toBe('Settings were not saved');
    expect(findByTestId(NumberInput, 'importantAmount').props.validationMessage).toBe(
      'Too big: expected number to be <=1000000000000000',
    );
  });

  it('discards unsaved changes', async () => {
    mockFetch(ok(settingsView()));
    const { find, findByTestId, waitFor } = renderPage();
    await waitFor(() => find(NumberInput));
    findByTestId(Select, 'default-playbook').trigger('onChange', 'ten_step' as never);
    findByTestId(Button, 'discard').trigger('onClick');
    expect(findByTestId(Select, 'default-playbook').props.value).toBe('seven_step');
  });

  it('re-grades all deals with live progress until done', async () => {
    const fetch = mockFetch(
      ok(settingsView()),
      ok(
        regradeStatus({ state: 'running', processed: 0, total: 400, startedAt: '2026-11-24T07:00:00.000Z' }),
      ),
      ok(
        regradeStatus({
          state: 'running',
          processed: 100,
          total: 400,
          startedAt: '2026-11-24T07:00:00.000Z',
        }),
      ),
      ok(
        regradeStatus({
          state: 'done',
          processed: 400,
          total: 400,
          startedAt: '2026-11-24T07:00:00.000Z',
          finishedAt: '2026-11-24T07:05:00.000Z',
        }),
      ),
    );
    const { find, findByTestId, waitFor } = renderPage();
    await waitFor(() => find(NumberInput));

    findByTestId(Button, 'regrade').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'regrade-status').text).toBe('Re-grading… 0 of 400 deals'));
    expect(fetch).toHaveBeenNthCalledWith(2, REGRADE_URL, {
      method: 'POST',
      timeout: SETTINGS_FETCH_TIMEOUT_MS,
      body: {},
    });
    expect(findByTestId(Button, 'regrade').props.disabled).toBe(true);

    await waitFor(() => expect(findByTestId(ProgressBar, 'regrade-progress').props.value).toBe(25));
    expect(fetch).toHaveBeenNthCalledWith(3, REGRADE_URL, {
      method: 'GET',
      timeout: SETTINGS_FETCH_TIMEOUT_MS,
    });
    await waitFor(() =>
      expect(findByTestId(Text, 'regrade-status').text).toMatch(/^Done: 400 deals re-graded\./),
    );
    expect(findByTestId(ProgressBar, 'regrade-progress').props).toMatchObject({
      value: 100,
      variant: 'success',
    });
    expect(findByTestId(Button, 'regrade').props.disabled).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(fetch).toHaveBeenCalledTimes(4); // polling stopped when done
  });

  it('shows a failed re-grade', async () => {
    mockFetch(
      ok(
        settingsView({
          regrade: regradeStatus({
            state: 'failed',
            processed: 120,
            total: 400,
            error: 'HubSpot refused the search (403).',
          }),
        }),
      ),
    );
    const { find, findByTestId, waitFor } = renderPage();
    await waitFor(() => find(NumberInput));
    expect(findByTestId(Text, 'regrade-status').text).toBe(
      'Re-grade stopped: HubSpot refused the search (403).',
    );
    expect(findByTestId(ProgressBar, 'regrade-progress').props).toMatchObject({
      value: 30,
      variant: 'danger',
    });
  });

  it('explains a disconnected installation and offers a retry', async () => {
    const fetch = mockFetch(
      fails(409, 'NOT_INSTALLED', 'Stepwise is not installed for portal 123.'),
      later(),
    );
    const { find, waitFor, screen } = renderPage();
    await waitFor(() => find(ErrorState));
    expect(screen()).toBe(
      'Stepwise is not connected\nInstall or reconnect Stepwise for this HubSpot account, then open this page again.\nTry again',
    );
    find(Button).trigger('onClick');
    await waitFor(() => find(LoadingSpinner));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('speaks Chinese to a zh user', async () => {
    mockFetch(ok(settingsView({ language: 'zh' })));
    const { find, findByTestId, waitFor } = renderPage({ locale: 'zh-cn' });
    await waitFor(() => find(NumberInput));
    expect(findByTestId(NumberInput, 'strategicAmount').props.label).toBe('战略客户金额下限(CNY)');
    expect(findByTestId(Button, 'regrade').text).toBe('重新评估所有商机');
  });
});

describe('Settings validation (mirror of the engine schema)', () => {
  const strings = settingsStrings('en');
  const base = settingsView().settings;

  it('accepts the defaults', () => {
    expect(validateSettings(base, strings)).toEqual({});
  });

  it.each([
    [{ strategicAmount: -1 }, 'gradeThresholds.strategicAmount', 'Must be 0 or more.'],
    [{ importantAmount: Number.NaN }, 'gradeThresholds.importantAmount', 'Enter a number.'],
    [{ importantAmount: 2e15, strategicAmount: 3e15 }, 'gradeThresholds.importantAmount', 'Too large.'],
    [
      { strategicAmount: 10, importantAmount: 20 },
      'gradeThresholds.strategicAmount',
      'Must be at least the important-customer amount.',
    ],
    [{ strategicTraitsMin: 0 }, 'gradeThresholds.strategicTraitsMin', 'Enter a whole number from 1 to 5.'],
    [{ strategicTraitsMin: 2.5 }, 'gradeThresholds.strategicTraitsMin', 'Enter a whole number from 1 to 5.'],
    [{ importantTraitsMin: 4 }, 'gradeThresholds.importantTraitsMin', 'Enter a whole number from 1 to 3.'],
  ])('rejects %o', (patch, path, message) => {
    const errors = validateSettings(
      { ...base, gradeThresholds: { ...base.gradeThresholds, ...patch } },
      strings,
    );
    expect(errors[path]).toBe(message);
  });

  it('agrees with the backend that reaching the important amount with equal thresholds is valid', () => {
    const equal = {
      ...base,
      gradeThresholds: { ...base.gradeThresholds, strategicAmount: 5, importantAmount: 5 },
    };
    expect(validateSettings(equal, strings)).toEqual({});
  });

  it('accepts exactly what the engine’s zod schema accepts', () => {
    const amount = fc.oneof(
      fc.double({ min: -10, max: 2e15, noNaN: false }),
      fc.constantFrom(0, 1e15, 1e15 + 1, Number.POSITIVE_INFINITY),
    );
    const count = fc.oneof(fc.integer({ min: -1, max: 7 }), fc.double({ min: 0, max: 6 }));
    fc.assert(
      fc.property(
        amount,
        amount,
        count,
        count,
        (strategicAmount, importantAmount, strategicTraitsMin, importantTraitsMin) => {
          const settings = {
            ...base,
            gradeThresholds: { strategicAmount, importantAmount, strategicTraitsMin, importantTraitsMin },
          };
          const ours = Object.keys(validateSettings(settings, strings)).length === 0;
          const engine = parsePortalSettings(settings).ok;
          expect(ours).toBe(engine);
        },
      ),
      { numRuns: 500 },
    );
  });
});
