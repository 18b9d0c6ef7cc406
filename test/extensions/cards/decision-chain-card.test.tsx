import { EmptyState, ErrorState, LoadingSpinner, Select, Tag, Tile } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CARD_FETCH_TIMEOUT_MS } from '../../../extensions/app/cards/lib/api-types';
import { DecisionChainCard } from '../../../extensions/app/cards/components/decision-chain-card';
import type { DecisionChainView } from '../../../extensions/app/cards/lib/api-types';
import { applyContactEdit } from '../../../extensions/app/cards/lib/optimistic';
import { BACKEND, crmContext, decisionChainView, fails, json, later, mockFetch, ok } from './fixtures';
import { screenText } from './screen';

function renderCard(opts: { locale?: string } = {}) {
  const renderer = createRenderer('crm.record.sidebar');
  const context = crmContext(renderer.mocks.context, opts);
  renderer.render(<DecisionChainCard context={context} actions={renderer.mocks.actions} />);
  return { ...renderer, screen: () => screenText(renderer.getRootNode()) };
}

const CHAIN_URL = `${BACKEND}/api/v1/deals/42/decision-chain?locale=en-us`;
const contactUrl = (id: string) => `${BACKEND}/api/v1/deals/42/contacts/${id}?locale=en-us`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Decision chain card', () => {
  it('shows a spinner, then the relationship levels with what the next level still needs', async () => {
    const fetch = mockFetch(ok(decisionChainView()));
    const { find, findAll, waitFor, screen } = renderCard();
    expect(find(LoadingSpinner)).toBeTruthy();
    await waitFor(() => find(Tile));
    expect(fetch).toHaveBeenCalledWith(CHAIN_URL, { method: 'GET', timeout: CARD_FETCH_TIMEOUT_MS });

    expect(findAll(Tag).map((t) => t.text)).toEqual(['Level B', 'Level B', 'Level B']);
    expect(screen()).toContain(
      [
        'Company relationship: Level B',
        'A relationship with a key person at the customer is established',
        'Missing for Level A',
        'A decision maker is a coach or supporter',
        'No contact is an enemy',
      ].join('\n'),
    );
    expect(screen()).toContain(
      [
        'Personal relationship: Level B',
        'Personal ties forming, gradually becoming friends',
        'Missing for Level A',
        'A key person with close relationship who is a coach',
      ].join('\n'),
    );
  });

  it('shows each contact with role, stance, depth of contact and personality', async () => {
    mockFetch(ok(decisionChainView()));
    const { findByTestId, find, waitFor } = renderCard();
    await waitFor(() => find(Tile));

    const li = findByTestId(Tile, 'contact-501');
    expect(screenText(li)).toContain('Li Wei\nCIO · li.wei@acme.example');
    const selects = li.findAll(Select);
    expect(selects.map((s) => [s.props.label, s.props.value])).toEqual([
      ['Decision role', 'influencer'],
      ['Stance', 'supporter'],
      ['Depth of contact', 'frequent'],
      ['Personality', ''],
    ]);
    expect(selects[0]?.props.options.map((o) => o.label)).toEqual([
      '— Not set —',
      'Decision maker',
      'Influencer',
      'Gatekeeper (evaluator)',
      'Purchaser',
      'User',
    ]);
    expect(
      findByTestId(Tile, 'contact-502')
        .findAll(Select)
        .map((s) => s.props.value),
    ).toEqual(['', '', '', '']);
  });

  it('saves an edited stance at once and shows the recomputed relationship levels', async () => {
    const saved = later();
    const fetch = mockFetch(ok(decisionChainView()), saved);
    const { findByTestId, find, waitFor, mocks } = renderCard();
    await waitFor(() => find(Tile));

    findByTestId(Select, 'contact-502-sw_stance').trigger('onChange', 'coach' as never);

    expect(findByTestId(Select, 'contact-502-sw_stance').props).toMatchObject({
      value: 'coach',
      readOnly: true,
    });
    expect(fetch).toHaveBeenLastCalledWith(contactUrl('502'), {
      method: 'PATCH',
      timeout: CARD_FETCH_TIMEOUT_MS,
      body: { sw_stance: 'coach' },
    });

    const after: DecisionChainView = {
      ...applyContactEdit(decisionChainView(), '502', 'sw_stance', 'coach'),
      personalRelationship: {
        ...decisionChainView().personalRelationship,
        value: 'A',
        valueLabel: 'Level A',
        next: null,
      },
    };
    saved.resolve(json(after));
    await waitFor(() =>
      expect(find(Tag, { testId: 'output-sw_personal_relationship' }).text).toBe('Level A'),
    );
    expect(findByTestId(Select, 'contact-502-sw_stance').props).toMatchObject({
      value: 'coach',
      readOnly: false,
    });
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  it('clears a value with “Not set”', async () => {
    const fetch = mockFetch(
      ok(decisionChainView()),
      ok(applyContactEdit(decisionChainView(), '501', 'sw_decision_role', null)),
    );
    const { findByTestId, find, waitFor } = renderCard();
    await waitFor(() => find(Tile));

    findByTestId(Select, 'contact-501-sw_decision_role').trigger('onChange', '' as never);

    expect(fetch).toHaveBeenLastCalledWith(contactUrl('501'), {
      method: 'PATCH',
      timeout: CARD_FETCH_TIMEOUT_MS,
      body: { sw_decision_role: null },
    });
    await waitFor(() =>
      expect(findByTestId(Select, 'contact-501-sw_decision_role').props.readOnly).toBe(false),
    );
    expect(findByTestId(Select, 'contact-501-sw_decision_role').props.value).toBe('');
  });

  it('rolls an edit back and tells the rep when saving fails', async () => {
    mockFetch(
      ok(decisionChainView()),
      fails(404, 'CONTACT_NOT_FOUND', 'Contact 501 is not associated with this deal.'),
    );
    const { findByTestId, find, waitFor, mocks } = renderCard();
    await waitFor(() => find(Tile));

    findByTestId(Select, 'contact-501-sw_contact_depth').trigger('onChange', 'deep' as never);
    expect(findByTestId(Select, 'contact-501-sw_contact_depth').props.value).toBe('deep');

    await waitFor(() => expect(mocks.actions.addAlert.callCount).toBe(1));
    expect(mocks.actions.addAlert.calls[0]).toEqual([
      {
        type: 'danger',
        title: 'Not saved',
        message:
          'The contact was not updated and the change has been undone. Contact 501 is not associated with this deal.',
      },
    ]);
    expect(findByTestId(Select, 'contact-501-sw_contact_depth').props).toMatchObject({
      value: 'frequent',
      readOnly: false,
    });
  });

  it('asks for contacts when the deal has none', async () => {
    mockFetch(ok(decisionChainView({ contacts: [] })));
    const { find, waitFor } = renderCard();
    await waitFor(() => find(EmptyState));
    expect(screenText(find(EmptyState))).toBe(
      'No contacts on this deal\nAssociate the customer’s contacts with this deal to map the decision chain.',
    );
  });

  it('speaks Chinese to a zh user', async () => {
    mockFetch(ok(decisionChainView({ language: 'zh' })));
    const { find, waitFor, screen } = renderCard({ locale: 'zh-CN' });
    await waitFor(() => find(Tile));
    expect(screen()).toContain('公司关系: Level B');
    expect(screen()).toContain('达到Level A还缺少');
    expect(find(Select).props.label).toBe('决策角色');
  });

  it('shows errors with a retry', async () => {
    mockFetch(
      fails(502, 'HUBSPOT_UNAVAILABLE', 'HubSpot is not answering right now.'),
      ok(decisionChainView()),
    );
    const { find, waitFor, screen } = renderCard();
    await waitFor(() => find(ErrorState));
    expect(screen()).toContain('HubSpot is not answering right now.');
  });
});

describe('Decision chain card: coaching (DESIGN v2)', () => {
  it('shows each level’s measures, each contact’s tactics and explains “key person”', async () => {
    mockFetch(ok(decisionChainView()));
    const { find, waitFor, screen } = renderCard();
    await waitFor(() => find(Tile));
    expect(screen()).toContain(
      'How to climb (the manual’s measures)\nProduct demonstrations and reference-site visits',
    );
    expect(screen()).toContain(
      'Tactics for this role\nFinding the influencer takes a thorough knowledge of the customer’s inside',
    );
    expect(screen()).toContain('Key person = decision maker (has the final say) or influencer.');
  });
});
