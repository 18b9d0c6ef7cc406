import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, type ChromiumSession } from '../../scripts/lib/chromium';
import { LANGUAGES, localizedPath } from '../../src/server/listing/paths';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { startEdge, type EdgeHarness } from '../support/service-fixtures';

/**
 * Every server-rendered page in a real browser (Debian's Chromium via playwright-core): the
 * landing page, the four listing pages and the install error pages, in Chinese and English.
 * Each must render with its expected status, log no console error (a CSP violation is one),
 * pass axe-core's accessibility rules, and link only to pages that answer 2xx. Full-page
 * screenshots go to test-artifacts/browser/ (gitignored; CI keeps them as artifacts).
 */

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/browser');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const inCi = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
const haveChromium = chromiumAvailable();
if (!haveChromium && !inCi) {
  console.warn(
    'SKIPPED test/browser: /usr/bin/chromium is missing (apt-get install -y chromium). In CI these tests are required.',
  );
}

interface PageCase {
  name: string;
  path: string;
  status: number;
}

const PAGES: PageCase[] = LANGUAGES.flatMap((lang) => [
  { name: `${lang}-landing`, path: localizedPath(lang, 'home'), status: 200 },
  { name: `${lang}-setup`, path: localizedPath(lang, 'setup'), status: 200 },
  { name: `${lang}-privacy`, path: localizedPath(lang, 'privacy'), status: 200 },
  { name: `${lang}-terms`, path: localizedPath(lang, 'terms'), status: 200 },
  { name: `${lang}-support`, path: localizedPath(lang, 'support'), status: 200 },
  // Install error pages (src/server/oauth-routes.ts), reachable without HubSpot.
  {
    name: `${lang}-install-cancelled`,
    path: `/oauth/callback?error=access_denied&lang=${lang}`,
    status: 400,
  },
  {
    name: `${lang}-install-refused`,
    path: `/oauth/callback?error=invalid_scope&error_description=${encodeURIComponent('<b>scope</b> not allowed')}&lang=${lang}`,
    status: 400,
  },
  { name: `${lang}-install-state-missing`, path: `/oauth/callback?code=abc&lang=${lang}`, status: 400 },
  {
    name: `${lang}-install-state-invalid`,
    path: `/oauth/callback?code=abc&state=forged.1&lang=${lang}`,
    status: 400,
  },
]);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Runtime.evaluate is not subject to the page's CSP (which forbids every script), so axe is
  // injected without weakening the policy under test.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

describe.skipIf(!haveChromium && !inCi)('listing and install pages in Chromium', () => {
  let redis: Redis;
  let edge: EdgeHarness;
  let browser: ChromiumSession;
  const links = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    redis = testRedis();
    edge = await startEdge({ redis, prefix: uniquePrefix('browser') });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.close();
    if (edge !== undefined) await deleteByPrefix(redis, edge.prefix);
    await redis?.quit();
  });

  it.concurrent.each(PAGES)('$name renders, logs no error and passes axe', async ({ name, path, status }) => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      // Chromium reports the document's own 4xx as a failed resource; the status is asserted below.
      const ownStatus = status >= 400 && m.text().includes(`status of ${status}`);
      if (m.type() === 'error' && !ownStatus) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    try {
      const res = await page.goto(`${edge.url}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(status);
      const lang = path.includes('lang=zh') || path.startsWith('/zh') ? 'zh-CN' : 'en';
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect((await page.title()).length).toBeGreaterThan(0);
      for (const href of await page.$$eval('a[href]', (as) =>
        as.map((a) => (a as unknown as { href: string }).href),
      ))
        links.set(href, name);
      // Fragment links land on an element of the page.
      for (const id of await page.$$eval('a[href^="#"]', (as) => as.map((a) => a.getAttribute('href') ?? '')))
        expect(await page.locator(id).count(), `${name}: ${id}`).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('every link on those pages answers 2xx (the install link redirects to HubSpot’s authorize page)', async () => {
    expect(links.size).toBeGreaterThan(10);
    for (const [href, from] of links) {
      const url = new URL(href);
      if (url.protocol === 'mailto:') {
        expect(url.pathname, from).toMatch(/^[^@\s]+@[^@\s]+$/);
        continue;
      }
      expect(url.origin, `${from} links outside the app: ${href}`).toBe(edge.url);
      const res = await fetch(href, { redirect: 'manual' });
      if (url.pathname === '/oauth/install') {
        expect(res.status, href).toBe(302);
        expect(res.headers.get('location'), href).toMatch(
          new RegExp(`^${edge.config.hubspotAuthorizeUrl.replace(/[.?]/g, '\\$&')}\\?`),
        );
      } else {
        expect(res.status, `${href} (linked from ${from})`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${href} (linked from ${from})`).toBeLessThan(300);
      }
    }
  });
});

if (!haveChromium && inCi) {
  it('has Chromium in CI', () => {
    throw new Error(
      'CI is set but /usr/bin/chromium is missing: .ci/run installs it with apt-get install -y chromium',
    );
  });
}
