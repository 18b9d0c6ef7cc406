import { Checkbox, LoadingButton, NumberInput, Select, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DecisionChainCard } from '../../extensions/app/cards/components/decision-chain-card';
import { SalesStepsCard } from '../../extensions/app/cards/components/sales-steps-card';
import type { DealCardView, SettingsView } from '../../extensions/app/cards/lib/api-types';
import { StepwiseSettings } from '../../extensions/app/settings/components/stepwise-settings';
import { DEMO_PORTAL_ID, demoPortalSeed } from '../../sandbox/seed-data';
import { startStack, type Stack } from '../../sandbox/stack';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { BACKEND, crmContext, settingsContext } from './cards/fixtures';
import { screenText } from './cards/screen';

/**
 * The cards and the settings page against the real Stepwise server, through the sandbox's
 * emulation of HubSpot's `hubspot.fetch` proxy (query params appended, v3-signed, 15 s default
 * timeout, 1 MB caps, 20 concurrent, one retry on a 5xx). The pure view tests stay in cards/ and
 * settings/; these prove the wiring: what the extension sends is what the backend accepts.
 */

let stack: Stack;
let dealId: string;
const attempts: { url: string; method: string; status: number | null; retry: boolean }[] = [];

beforeAll(async () => {
  stack = await startStack({ redisUrl: testRedisUrl(), prefix: uniquePrefix('proxy') });
  const seeded = stack.sandbox.admin.seed(demoPortalSeed());
  dealId = seeded.deals['wanjing-group-2026'] as string;
  await stack.install(DEMO_PORTAL_ID);
  await stack.waitForQuiet({ timeoutMs: 30_000 });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
  attempts.length = 0;
  stack.sandbox.faults.clear();
});

/** hubspot.fetch as HubSpot runs it, for a rep of the demo portal. */
function throughProxy() {
  const proxied = stack.hubspotFetch(DEMO_PORTAL_ID, BACKEND, { onAttempt: (a) => attempts.push(a) });
  return vi.spyOn(hubspot, 'fetch').mockImplementation((url, options) => proxied(url, options));
}

function crm() {
  const renderer = createRenderer('crm.record.sidebar');
  const base = crmContext(renderer.mocks.context, { dealId: Number(dealId) });
  return { renderer, context: { ...base, portal: { ...base.portal, id: DEMO_PORTAL_ID } } };
}

const waitLong = { timeout: 15_000 };
const renderWait = { timeoutInMs: 15_000 };

describe('cards and settings through the hubspot.fetch proxy', () => {
  it('the Sales steps card loads the deal, signed with portalId/userId/userEmail/appId', async () => {
    const fetch = throughProxy();
    const { renderer, context } = crm();
    renderer.render(<SalesStepsCard context={context} actions={renderer.mocks.actions} />);
    await renderer.waitFor(() => {
      expect(renderer.findAll(Checkbox).length).toBeGreaterThan(0);
    }, renderWait);
    expect(screenText(renderer.getRootNode())).toContain('Funnel stage');
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'GET', timeout: 12_000 });
    const sent = new URL(attempts[0]?.url ?? '');
    expect(sent.pathname).toBe(`/api/v1/deals/${dealId}/card`);
    expect(Object.fromEntries(sent.searchParams)).toMatchObject({
      portalId: String(DEMO_PORTAL_ID),
      userId: '1001',
      userEmail: 'rep@example.com',
      appId: String(stack.sandbox.app.appId),
    });
    expect(attempts.map((a) => a.status)).toEqual([200]);
  });

  it('a tick is saved through the proxy and lands in HubSpot', async () => {
    throughProxy();
    const { renderer, context } = crm();
    renderer.render(<SalesStepsCard context={context} actions={renderer.mocks.actions} />);
    await renderer.waitFor(() => {
      expect(renderer.findAll(Checkbox).length).toBeGreaterThan(0);
    }, renderWait);
    const view = (await (
      await stack.cardFetch(DEMO_PORTAL_ID, 'GET', `/api/v1/deals/${dealId}/card`)
    ).json()) as DealCardView;
    const step = view.playbooks.flatMap((p) => p.steps).find((s) => s.items.some((i) => !i.checked));
    const item = step?.items.find((i) => !i.checked);
    expect(step && item).toBeTruthy();
    renderer
      .findByTestId(Checkbox, `item-${step?.playbook}.${step?.id}.${item?.id}`)
      .trigger('onChange', true as never);
    await vi.waitFor(() => {
      const deal = stack.sandbox.admin.getObject(DEMO_PORTAL_ID, 'deals', dealId);
      expect(deal?.properties[step?.property ?? '']?.split(';')).toContain(item?.id);
    }, waitLong);
    await vi.waitFor(
      () => expect(attempts.some((a) => a.method === 'POST' && a.status === 200)).toBe(true),
      waitLong,
    );
  });

  it('HubSpot’s one retry after a 5xx reaches Stepwise with the same signature and gets an answer', async () => {
    const mine: typeof attempts = [];
    const proxied = stack.hubspotFetch(DEMO_PORTAL_ID, BACKEND, { onAttempt: (a) => mine.push(a) });
    // The first card load fails in HubSpot (Stepwise answers 502), the proxy's retry succeeds.
    stack.sandbox.faults.failNext(1, 500, { path: '/crm/' });
    const res = await proxied(`${BACKEND}/api/v1/deals/${dealId}/card?locale=en-us`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(mine.map((a) => [a.status, a.retry])).toEqual([
      [502, false],
      [200, true],
    ]);
  });

  it('the Decision chain card saves a contact edit through the proxy', async () => {
    throughProxy();
    const { renderer, context } = crm();
    renderer.render(<DecisionChainCard context={context} actions={renderer.mocks.actions} />);
    await renderer.waitFor(() => {
      expect(renderer.findAll(Select).length).toBeGreaterThan(0);
    }, renderWait);
    const contactId = stack.sandbox.admin.associatedIds(DEMO_PORTAL_ID, 'deals', dealId)[0] as string;
    const stance = renderer.findByTestId(Select, `contact-${contactId}-sw_stance`);
    const next = stance.props.value === 'coach' ? 'supporter' : 'coach';
    stance.trigger('onChange', next as never);
    await vi.waitFor(() => {
      expect(
        stack.sandbox.admin.getObject(DEMO_PORTAL_ID, 'contacts', contactId)?.properties['sw_stance'],
      ).toBe(next);
    }, waitLong);
    await vi.waitFor(
      () => expect(attempts.some((a) => a.method === 'PATCH' && a.status === 200)).toBe(true),
      waitLong,
    );
  });

  it('the settings page loads and saves through the proxy', async () => {
    throughProxy();
    const renderer = createRenderer('settings');
    const base = settingsContext(renderer.mocks.context);
    const context = { ...base, portal: { ...base.portal, id: DEMO_PORTAL_ID } };
    renderer.render(<StepwiseSettings context={context} actions={renderer.mocks.actions} pollMs={5} />);
    await renderer.waitFor(() => renderer.find(NumberInput), renderWait);
    renderer.findByTestId(NumberInput, 'importantAmount').trigger('onChange', 654_321 as never);
    renderer.findByTestId(LoadingButton, 'save').trigger('onClick');
    await vi.waitFor(async () => {
      const res = await stack.cardFetch(DEMO_PORTAL_ID, 'GET', '/api/v1/settings');
      const view = (await res.json()) as SettingsView;
      expect(JSON.stringify(view)).toContain('654321');
    }, waitLong);
    expect(attempts.some((a) => a.method === 'PUT' && a.status === 200)).toBe(true);
  });
});
