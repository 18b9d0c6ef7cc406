import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Accordion,
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  Link,
  LoadingSpinner,
  NumberInput,
  Select,
  StatisticsItem,
  StatusTag,
  Table,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer, type RenderedNode } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FUNNEL_STAGE_LABELS,
  LEAD_GRADE_LABELS,
  RELATIONSHIP_LEVEL_LABELS,
} from '../../../src/methodology/labels';
import { ManagerPage } from '../../../extensions/app/pages/components/manager-page';
import { ManagerPages } from '../../../extensions/app/pages/components/manager-pages';
import { managerUrl, MANAGER_TIMEOUT_MS } from '../../../extensions/app/pages/lib/api-client';
import {
  FUNNEL_STAGES,
  LEAD_GRADES,
  RELATIONSHIP_LEVELS,
  type ManagerView,
} from '../../../extensions/app/pages/lib/api-types';
import { conversionSteps, coverageFor } from '../../../extensions/app/pages/lib/funnel-math';
import { formatAmount, formatRate } from '../../../extensions/app/pages/lib/format-number';
import { enumLabels } from '../../../extensions/app/pages/lib/i18n';
import { BACKEND, fails, json, later, mockFetch, ok } from '../cards/fixtures';
import { emptyManagerView, managerView, pagesContext } from './manager-fixtures';
import { screenText } from '../cards/screen';

/** 2026-12-01 10:00 UTC: the default 90-day period is 2026-09-03 … 2026-12-01. */
const NOW = () => new Date('2026-12-01T10:00:00.000Z');
const URL_EN = `${BACKEND}/api/v1/manager?locale=en-us&from=2026-09-03&to=2026-12-01`;
const GET = { method: 'GET', timeout: MANAGER_TIMEOUT_MS };

function renderPage(opts: { locale?: string; variables?: Record<string, string> } = {}) {
  const renderer = createRenderer('pages');
  const context = pagesContext(renderer.mocks.context, opts);
  renderer.render(<ManagerPage context={context} actions={renderer.mocks.actions} now={NOW} />);
  return { ...renderer, screen: () => screenText(renderer.getRootNode()) };
}

/** A table's cell texts, row by row (header row first). */
function rows(table: RenderedNode): string[][] {
  const out: string[][] = [];
  const walk = (n: RenderedNode): void => {
    if (n.nodeType !== 'element' && n.nodeType !== 'root' && n.nodeType !== 'fragment') return;
    if (n.nodeType === 'element' && n.name === 'TableRow') {
      out.push(n.childNodes.map((c) => screenText(c as RenderedNode).replace(/\n/g, ' ')));
      return;
    }
    for (const c of n.childNodes) walk(c as RenderedNode);
  };
  walk(table);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Manager page: states', () => {
  it('shows a spinner while loading, having asked for the default period in the user’s language with a timeout', async () => {
    const fetch = mockFetch(later());
    const { find } = renderPage();
    expect(find(LoadingSpinner).props.label).toBe('Loading the funnel…');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledWith(URL_EN, GET));
    expect(find(LoadingSpinner)).toBeTruthy();
  });

  it('explains a backend error and loads again on "Try again"', async () => {
    mockFetch(fails(500, 'INTERNAL', 'Redis is unavailable; try again in a minute.'), ok(managerView()));
    const { find, waitFor, findByTestId, screen } = renderPage();
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props.title).toBe('The manager view could not be loaded');
    expect(screen()).toContain('Redis is unavailable; try again in a minute.');
    find(Button).trigger('onClick');
    await waitFor(() => findByTestId(Table, 'funnel-table'));
  });

  it('says the backend did not answer in time when hubspot.fetch fails (timeout or network)', async () => {
    mockFetch(() => Promise.reject(new Error('Request timed out')));
    const { find, waitFor, screen } = renderPage();
    await waitFor(() => find(ErrorState));
    expect(screen()).toContain('Stepwise did not answer in time.');
    expect(find(Button).text).toBe('Try again');
  });

  it('asks for an install when the portal is not connected, with a retry', async () => {
    mockFetch(fails(404, 'NOT_INSTALLED', 'Not installed'));
    const { find, waitFor } = renderPage({ locale: 'zh-cn' });
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props).toMatchObject({ type: 'lock', title: 'Stepwise 未连接' });
    expect(find(Button).text).toBe('重试');
  });

  it('treats a bare 404 (no error body: the route is missing) as an error to retry, not as "not installed"', async () => {
    mockFetch(() => Promise.resolve(new Response('Not Found', { status: 404 })));
    const { find, waitFor, screen } = renderPage();
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props).toMatchObject({
      type: 'error',
      title: 'The manager view could not be loaded',
    });
    expect(screen()).toContain('HTTP 404');
  });

  it('says access is missing on 403', async () => {
    mockFetch(fails(403, 'FORBIDDEN', 'portalId mismatch'));
    const { find, waitFor } = renderPage();
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props.title).toBe('No access');
  });

  it('says it is not configured, without any request, when the profile has no https BACKEND_URL', () => {
    const fetch = mockFetch();
    const { find } = renderPage({ variables: { BACKEND_URL: 'http://insecure.example' } });
    expect(find(ErrorState).props).toMatchObject({ type: 'support', title: 'Stepwise is not configured' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the empty state when no deal matches, and "Clear filters" once a filter is set', async () => {
    const fetch = mockFetch(ok(emptyManagerView()), ok(emptyManagerView()), ok(managerView()));
    const { find, findByTestId, maybeFindByTestId, waitFor } = renderPage();
    await waitFor(() => find(EmptyState));
    expect(find(EmptyState).props.title).toBe('No deals yet');
    expect(maybeFindByTestId(Button, 'clear-filters')).toBeNull();
    expect(maybeFindByTestId(Table, 'funnel-table')).toBeNull();

    findByTestId(Select, 'filter-owner').trigger('onChange', '9002' as never);
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    await waitFor(() => findByTestId(Button, 'clear-filters'));
    findByTestId(Button, 'clear-filters').trigger('onClick');
    await waitFor(() => findByTestId(Table, 'funnel-table'));
    expect(fetch).toHaveBeenLastCalledWith(URL_EN, GET);
    expect(findByTestId(Select, 'filter-owner').props.value).toBe('');
  });

  it('renders inside the app pages router from HubSpot’s context (index route)', () => {
    const fetch = mockFetch();
    const renderer = createRenderer('pages');
    renderer.render(<ManagerPages />);
    // The renderer's default context has no BACKEND_URL: the routed page reaches the same states.
    expect(renderer.find(ErrorState).props.title).toBe('Stepwise is not configured');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('Manager page: the manager’s view (English)', () => {
  it('shows the funnel with deals and amounts per stage in the portal currency', async () => {
    mockFetch(ok(managerView()));
    const { waitFor, findByTestId, screen } = renderPage();
    await waitFor(() => findByTestId(Table, 'funnel-table'));
    expect(rows(findByTestId(Table, 'funnel-table'))).toEqual([
      ['Stage', 'Deals', 'Amount'],
      ['Not in funnel', '51', 'CNY 8,000'],
      ['P – target customer (5W+2P qualified)', '31', 'CNY 12,500,000'],
      ['I – formally evaluating shortlisted vendors', '15', 'CNY 9,800,000'],
      ['B – business negotiation', '6', 'CNY 4,200,000'],
      ['W – won', '3', 'CNY 3,600,000'],
      ['L – lost', '2', 'CNY 0'],
    ]);
    expect(screen()).toContain('2026-09-03 – 2026-12-01 · Figures as of');
  });

  it('compares conversion over the period with the manual’s norms', async () => {
    mockFetch(ok(managerView()));
    const { waitFor, findByTestId } = renderPage();
    await waitFor(() => findByTestId(Table, 'conversion-table'));
    expect(rows(findByTestId(Table, 'conversion-table'))).toEqual([
      ['Step', 'Entered', 'Converted', 'Rate', 'Norm'],
      ['Qualified lead → prospect', '120', '6', '5% Below the norm', '6.7%'],
      ['Prospect → won', '6', '3', '50% Meets the norm', '33.3%'],
      ['P → I', '40', '18', '45%', 'no norm in the manual'],
      ['I → B', '18', '7', '38.9%', 'no norm in the manual'],
      ['B → W', '7', '3', '42.9%', 'no norm in the manual'],
    ]);
    expect(findByTestId(StatusTag, 'verdict-valid_prospect').props.variant).toBe('warning');
    expect(findByTestId(StatusTag, 'verdict-prospect_won').props.variant).toBe('success');
  });

  it('computes the coverage a win target needs from the norms, and rejects a target that is not a whole number', async () => {
    mockFetch(ok(managerView({ norms: { validPerProspect: 15, prospectsPerWin: 3 } })));
    const { waitFor, findByTestId, maybeFindByTestId } = renderPage();
    await waitFor(() => findByTestId(NumberInput, 'target-wins'));
    expect(maybeFindByTestId(Text, 'coverage-result')).toBeNull();

    findByTestId(NumberInput, 'target-wins').trigger('onChange', 4 as never);
    expect(findByTestId(Text, 'coverage-result').text).toBe(
      '4 wins need about 12 prospects and 180 qualified leads.',
    );
    findByTestId(NumberInput, 'target-wins').trigger('onChange', 2.5 as never);
    expect(findByTestId(NumberInput, 'target-wins').props).toMatchObject({
      error: true,
      validationMessage: 'Enter a whole number of wins from 1 to 100,000.',
    });
    expect(maybeFindByTestId(Text, 'coverage-result')).toBeNull();
  });

  it('lists each alert with its deals linked to their records, the reason, amount and owner', async () => {
    mockFetch(ok(managerView()));
    const { waitFor, findAll, findByTestId, screen } = renderPage();
    await waitFor(() => findByTestId(Accordion, 'alert-stage_ahead'));
    expect(findAll(Accordion).map((a) => [a.props.title, a.props.defaultOpen])).toEqual([
      ['Stage ahead of evidence (2)', true],
      ['Stalled (57)', true],
      ['Insider overdue (1)', true],
      ['Relationship stuck (0)', false],
    ]);
    expect(findByTestId(Link, 'deal-stage_ahead-5001').props.href).toEqual({
      url: 'https://app.hubspot.com/contacts/123/record/0-3/5001',
      external: false,
    });
    const text = screen();
    expect(text).toContain(
      'Vanke phase II intercom\nThe HubSpot stage requires B; the evidence reaches P\nCNY 3,200,000\nWang Fang',
    );
    expect(text).toContain(
      'Gemdale tower\nThe HubSpot stage requires I; the evidence reaches none\n—\nNo owner',
    );
    expect(text).toContain('Showing the 1 largest of 57.');
    expect(text).toContain('No deal has this alert.');
  });

  it('shows the grade and relationship distributions and the 12-week trend of every stage', async () => {
    const view = managerView();
    mockFetch(ok(view));
    const { waitFor, findAll, find } = renderPage();
    await waitFor(() => find(LineChart));
    expect(findAll(StatisticsItem).map((s) => [s.props.label, s.props.number])).toEqual([
      ['Strategic customer', 4],
      ['Important customer', 19],
      ['Ordinary customer', 80],
      ['No relationship', 35],
      ['Level C', 44],
      ['Level B', 20],
      ['Level A', 4],
    ]);
    const data = find(LineChart).props.data as { week: string; stage: string; count: number }[];
    expect(data).toHaveLength(12 * 6);
    expect(data[0]).toEqual({ week: '2026-09-14', stage: 'Not in funnel', count: 40 });
    expect(data.at(-5)).toEqual({
      week: '2026-11-30',
      stage: 'P – target customer (5W+2P qualified)',
      count: 31,
    });
  });

  it('reloads for each filter and keeps the previous numbers on screen while the new ones load', async () => {
    const fetch = mockFetch(ok(managerView()));
    const { waitFor, findByTestId, maybeFindByTestId } = renderPage();
    await waitFor(() => findByTestId(Table, 'funnel-table'));
    // Every later request waits until the test answers it (each with its own body).
    const pending: ((r: Response) => void)[] = [];
    fetch.mockImplementation(() => new Promise<Response>((res) => pending.push(res)));
    expect(findByTestId(Select, 'filter-pipeline').props.options).toEqual([
      { label: 'All', value: '' },
      { label: 'Sales Pipeline', value: 'default' },
      { label: 'Channel deals', value: '777' },
    ]);

    findByTestId(Select, 'filter-pipeline').trigger('onChange', '777' as never);
    findByTestId(Select, 'filter-team').trigger('onChange', 't-east' as never);
    findByTestId(Select, 'filter-period').trigger('onChange', '30' as never);
    await waitFor(() =>
      expect(fetch).toHaveBeenLastCalledWith(
        `${BACKEND}/api/v1/manager?locale=en-us&pipeline=777&team=t-east&from=2026-11-02&to=2026-12-01`,
        GET,
      ),
    );
    expect(findByTestId(LoadingSpinner, 'page-refreshing')).toBeTruthy();
    expect(findByTestId(Table, 'funnel-table')).toBeTruthy();

    const applied = { pipeline: '777', owner: null, team: 't-east', from: '2026-11-02', to: '2026-12-01' };
    for (const answer of pending) answer(json(managerView({ applied })));
    await waitFor(() => expect(maybeFindByTestId(LoadingSpinner, 'page-refreshing')).toBeNull());
    expect(findByTestId(Text, 'period').text).toContain('2026-11-02 – 2026-12-01');
  });
});

describe('Manager page: the manager’s view (Chinese)', () => {
  it('shows labels, amounts in 万 and the reasons in Chinese', async () => {
    const fetch = mockFetch(ok(managerView({ language: 'zh' })));
    const { waitFor, findByTestId, findAll, find, screen } = renderPage({ locale: 'zh-cn' });
    await waitFor(() => findByTestId(Table, 'funnel-table'));
    expect(fetch).toHaveBeenCalledWith(
      `${BACKEND}/api/v1/manager?locale=zh-cn&from=2026-09-03&to=2026-12-01`,
      GET,
    );
    expect(rows(findByTestId(Table, 'funnel-table'))).toEqual([
      ['阶段', '商机数', '金额'],
      ['未入漏斗', '51', '8,000 CNY'],
      ['P 目标客户(5W+2P 已确认)', '31', '1,250万 CNY'],
      ['I 客户真正进入考虑期', '15', '980万 CNY'],
      ['B 商务谈判', '6', '420万 CNY'],
      ['W 赢单', '3', '360万 CNY'],
      ['L 丢单', '2', '0 CNY'],
    ]);
    expect(rows(findByTestId(Table, 'conversion-table'))[1]).toEqual([
      '有效信息 → 准客户',
      '120',
      '6',
      '5% 低于标准',
      '6.7%',
    ]);
    expect(findAll(Accordion).map((a) => a.props.title)).toEqual([
      '阶段超前于证据 (2)',
      '停滞 (57)',
      '内线逾期 (1)',
      '关系停滞 (0)',
    ]);
    const text = screen();
    expect(text).toContain('Vanke phase II intercom\nHubSpot 阶段要求 B,证据只达到 P\n320万 CNY\nWang Fang');
    expect(text).toContain('拜访 4 次仍未发展内线(拜访三次必须发展一个内线)');
    expect(text).toContain('约15个有效信息才可能诞生1个准客户,约3个准客户成交1个客户');
    expect(find(Select).props.label).toBe('管道');

    findByTestId(NumberInput, 'target-wins').trigger('onChange', 2 as never);
    expect(findByTestId(Text, 'coverage-result').text).toBe('成交 2 个客户约需 6 个准客户、90 个有效信息。');
  });

  it('shows the loading and error states in Chinese', async () => {
    mockFetch(fails(502, 'HUBSPOT_UNAVAILABLE', 'HubSpot 暂时不可用'));
    const { find, waitFor, screen } = renderPage({ locale: 'zh-cn' });
    expect(find(LoadingSpinner).props.label).toBe('正在加载漏斗…');
    await waitFor(() => find(ErrorState));
    expect(find(ErrorState).props.title).toBe('无法加载销售管理视图');
    expect(screen()).toContain('HubSpot 暂时不可用');
  });

  it('shows the empty and not-configured states in Chinese', async () => {
    mockFetch(ok(emptyManagerView()));
    const { find, waitFor } = renderPage({ locale: 'zh-TW' });
    await waitFor(() => find(EmptyState));
    expect(find(EmptyState).props.title).toBe('暂无商机');
    const { find: find2 } = renderPage({ locale: 'zh-cn', variables: {} });
    expect(find2(ErrorState).props.title).toBe('Stepwise 未配置');
  });
});

describe('Manager page: contract and helpers', () => {
  it('keeps the JSON example of GET /api/v1/manager equal to the typed fixture', () => {
    const example = JSON.parse(
      readFileSync(resolve(import.meta.dirname, 'manager-view.example.json'), 'utf8'),
    ) as ManagerView;
    expect(example).toEqual(managerView());
    expect(example.funnel.map((r) => r.stage)).toEqual([...FUNNEL_STAGES]);
    expect(example.trend).toHaveLength(12);
    expect(example.computedFrom).toBe('aggregates');
  });

  it('builds the request URL from the locale and the filters that are set, in a stable order', () => {
    expect(managerUrl(BACKEND, 'zh-cn', { to: '2026-12-01', owner: '', team: 'a b', pipeline: 'p&1' })).toBe(
      `${BACKEND}/api/v1/manager?locale=zh-cn&pipeline=p%261&team=a+b&to=2026-12-01`,
    );
  });

  it('uses the engine’s labels for stages, grades and relationship levels', () => {
    for (const lang of ['zh', 'en'] as const) {
      const labels = enumLabels(lang);
      for (const s of FUNNEL_STAGES) expect(labels.stage[s]).toBe(FUNNEL_STAGE_LABELS[s][lang]);
      for (const g of LEAD_GRADES) expect(labels.grade[g]).toBe(LEAD_GRADE_LABELS[g][lang]);
      for (const r of RELATIONSHIP_LEVELS)
        expect(labels.relationship[r]).toBe(RELATIONSHIP_LEVEL_LABELS[r][lang]);
    }
  });

  it('derives conversion verdicts and coverage from the norms (seed 003 §2.3.1.4)', () => {
    const norms = { validPerProspect: 15, prospectsPerWin: 3 };
    const steps = conversionSteps(
      { qualifiedLeads: 15, prospects: 1, stages: { P: 0, I: 0, B: 2, W: 1 } },
      norms,
    );
    expect(steps.map((s) => [s.id, s.rate, s.verdict])).toEqual([
      ['valid_prospect', 1 / 15, 'meets'],
      ['prospect_won', 1, 'meets'],
      ['P_I', null, 'none'],
      ['I_B', null, 'none'],
      ['B_W', 0.5, 'none'],
    ]);
    expect(coverageFor(1, norms)).toEqual({ wins: 1, prospects: 3, qualifiedLeads: 45 });
    expect(coverageFor(10, { validPerProspect: 12.5, prospectsPerWin: 2.5 })).toEqual({
      wins: 10,
      prospects: 25,
      qualifiedLeads: 313,
    });
    for (const bad of [undefined, 0, -1, 1.5, 100_001, Number.NaN])
      expect(coverageFor(bad, norms)).toBeNull();
  });

  it('formats amounts in the portal currency, 万 in Chinese, and rates as percentages', () => {
    expect(formatAmount(1_250_000, 'CNY', 'en')).toBe('CNY 1,250,000');
    expect(formatAmount(1_250_000, 'CNY', 'zh')).toBe('125万 CNY');
    expect(formatAmount(35_000, 'USD', 'zh')).toBe('3.5万 USD');
    expect(formatAmount(9_999, null, 'zh')).toBe('9,999');
    expect(formatAmount(Number.NaN, null, 'en')).toBe('0');
    expect(formatRate(1 / 15)).toBe('6.7%');
    expect(formatRate(null)).toBe('—');
  });
});
