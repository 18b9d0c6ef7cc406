import { Button, LoadingButton, NumberInput, Select, StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StepwiseSettings } from '../../../extensions/app/settings/components/stepwise-settings';
import { SETTINGS_FETCH_TIMEOUT_MS } from '../../../extensions/app/settings/lib/api-client';
import { BACKEND, mockFetch, ok, settingsContext, settingsView } from '../cards/fixtures';
import { screenText } from '../cards/screen';

function renderPage() {
  const renderer = createRenderer('settings');
  const context = settingsContext(renderer.mocks.context, {});
  renderer.render(<StepwiseSettings context={context} actions={renderer.mocks.actions} pollMs={5} />);
  return { ...renderer, screen: () => screenText(renderer.getRootNode()) };
}

const url = (path: string) => `${BACKEND}/api/v1${path}?locale=en-us`;
const page = (over: Record<string, unknown>) => ({
  evaluated: 100,
  total: 150,
  flagged: { stage_ahead: 0, stalled: 0, insider_overdue: 0, relationship_stuck: 0 },
  flaggedNow: { stage_ahead: 0, stalled: 0, insider_overdue: 0, relationship_stuck: 0 },
  nextAfter: null,
  ...over,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Settings page: ops settings', () => {
  it('shows each open stage with its suggestion, applies the suggestions and saves the stage map', async () => {
    const fetch = mockFetch(ok(settingsView()), ok(settingsView()));
    const { findByTestId, waitFor, screen } = renderPage();
    await waitFor(() => findByTestId(Select, 'stage-default-qualifiedtobuy'));
    const qualified = findByTestId(Select, 'stage-default-qualifiedtobuy');
    expect(qualified.props).toMatchObject({
      label: 'Sales Pipeline · Qualified to buy (20%)',
      description: 'Suggested: P',
      value: 'none',
    });
    expect(findByTestId(Select, 'stage-default-contractsent').props.description).toBe('Suggested: B');
    // Closed stages are decided by the stage itself: no select.
    expect(screen()).not.toContain('Closed won (100%)');

    findByTestId(Button, 'use-suggestions').trigger('onClick');
    expect(findByTestId(Select, 'stage-default-contractsent').props.value).toBe('B');
    findByTestId(NumberInput, 'stall-I').trigger('onChange', 60 as never);
    findByTestId(NumberInput, 'insiderAfter').trigger('onChange', 4 as never);
    findByTestId(LoadingButton, 'save').trigger('onClick');
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    const body = (fetch.mock.calls[1]?.[1] as { body: Record<string, unknown> }).body;
    expect(body['stageMap']).toEqual({ default: { qualifiedtobuy: 'P', contractsent: 'B' } });
    expect(body['stallDays']).toEqual({ P: 30, I: 60, B: 30 });
    expect(body['visitRules']).toEqual({ insiderAfter: 4, escalateAfter: 6 });
  });

  it('previews the proposed stage map over every page of deals before saving', async () => {
    const fetch = mockFetch(
      ok(settingsView()),
      ok(page({ flagged: { stage_ahead: 200 }, flaggedNow: { stage_ahead: 0 }, nextAfter: '100' })),
      ok(page({ evaluated: 50, flagged: { stage_ahead: 112 }, flaggedNow: { stage_ahead: 3 } })),
    );
    const { findByTestId, waitFor } = renderPage();
    await waitFor(() => findByTestId(Button, 'use-suggestions'));
    findByTestId(Button, 'use-suggestions').trigger('onClick');
    findByTestId(Button, 'preview').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Text, 'preview-result').text).toBe(
        '312 deals would be flagged stage_ahead (today 3), from all 150 deals.',
      ),
    );
    expect(fetch.mock.calls[1]?.[0]).toBe(url('/settings/preview'));
    const first = (fetch.mock.calls[1]?.[1] as { body: { settings: { stageMap: unknown }; after?: string } })
      .body;
    expect(first.settings.stageMap).toEqual({ default: { qualifiedtobuy: 'P', contractsent: 'B' } });
    expect(first.after).toBeUndefined();
    expect((fetch.mock.calls[2]?.[1] as { body: { after?: string } }).body.after).toBe('100');
  });

  it('pauses write-back, shows what Stepwise would write, and resumes', async () => {
    const pausedView = settingsView({
      writeBack: {
        paused: true,
        pausedAt: '2026-12-01T08:00:00.000Z',
        deals: 40,
        grades: { ordinary: 30, important: 8, strategic: 2 },
        funnelStages: { none: 20, P: 10, I: 6, B: 3, W: 1, L: 0 },
        alerts: { stage_ahead: 5, stalled: 2, insider_overdue: 1, relationship_stuck: 0 },
      },
    });
    const fetch = mockFetch(
      ok(settingsView()),
      ok(pausedView.writeBack),
      ok(pausedView),
      ok(settingsView().writeBack),
      ok(settingsView()),
    );
    const { findByTestId, waitFor, screen } = renderPage();
    await waitFor(() => findByTestId(StatusTag, 'write-back-state'));
    expect(findByTestId(StatusTag, 'write-back-state').text).toBe('Writing');
    findByTestId(Button, 'write-back-toggle').trigger('onClick');
    await waitFor(() => expect(findByTestId(StatusTag, 'write-back-state').text).toBe('Paused (dry run)'));
    expect(fetch.mock.calls[1]).toEqual([url('/write-back/pause'), { method: 'POST', timeout: SETTINGS_FETCH_TIMEOUT_MS }]);
    expect(screen()).toContain('Deals evaluated: 40');
    expect(screen()).toContain('Grades: ordinary 30 · important 8 · strategic 2');
    expect(screen()).toContain(
      'Alerts: stage_ahead 5 · stalled 2 · insider_overdue 1 · relationship_stuck 0',
    );
    expect(findByTestId(Button, 'write-back-toggle').text).toBe('Resume writing');
    findByTestId(Button, 'write-back-toggle').trigger('onClick');
    await waitFor(() => expect(findByTestId(StatusTag, 'write-back-state').text).toBe('Writing'));
    expect(fetch.mock.calls[3]).toEqual([url('/write-back/resume'), { method: 'POST', timeout: SETTINGS_FETCH_TIMEOUT_MS }]);
  });

  it('shows the post-deploy rules re-grade of the portal', async () => {
    mockFetch(
      ok(settingsView({ rulesUpgrade: { current: '2026.12.1', graded: '2026.11.3', state: 'queued' } })),
    );
    const { findByTestId, waitFor } = renderPage();
    await waitFor(() => findByTestId(Text, 'rules-upgrade'));
    expect(findByTestId(Text, 'rules-upgrade').text).toBe(
      'Rules 2026.12.1; this portal: 2026.11.3 (queued for a re-grade).',
    );
  });
});
