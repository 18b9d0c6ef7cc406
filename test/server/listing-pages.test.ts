import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inline } from '../../src/server/listing/blocks';
import { fromAcceptLanguage } from '../../src/server/listing/language';
import { LANGUAGES, LISTING_PAGES, localizedPath } from '../../src/server/listing/paths';
import { deleteByPrefix, testRedis, uniquePrefix } from '../support/redis';
import { startEdge, testConfig, type EdgeHarness } from '../support/service-fixtures';

let redis: Redis;
let edge: EdgeHarness;
beforeAll(async () => {
  redis = testRedis();
  edge = await startEdge({
    redis,
    prefix: uniquePrefix('listing'),
    config: testConfig({ SUPPORT_EMAIL: 'help@stepwise.example.test' }),
  });
});
afterAll(async () => {
  await edge.close();
  await deleteByPrefix(redis, edge.prefix);
  await redis.quit();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${edge.url}${path}`, { headers, redirect: 'manual' });
const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

describe('listing pages', () => {
  it.each(
    Object.entries(LISTING_PAGES).flatMap(([id, path]) => LANGUAGES.map((l) => [id, path, l] as const)),
  )(
    '%s (%s) answers 200 in %s, self-contained, with the support address and links to every page',
    async (_id, path, lang) => {
      const res = await get(`/${lang}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(htmlLang(html)).toBe(lang === 'zh' ? 'zh-CN' : 'en');
      expect(html).not.toMatch(/<script|<link |src="http|href="http/);
      for (const page of ['home', 'setup', 'privacy', 'terms', 'support'] as const)
        expect(html).toContain(`href="${localizedPath(lang, page)}"`);
      // The language switch points to the same page in the other language.
      for (const l of LANGUAGES) expect(html).toContain(`href="/${l}${path}"`);
      if (path !== LISTING_PAGES.setup) expect(html).toContain('mailto:help@stepwise.example.test');
    },
  );

  it('serves the setup guide at a sub-path, distinct from the landing page and the support page', async () => {
    const responses = await Promise.all(['/', '/setup', '/support'].map((p) => get(p)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(bodies.map((b) => /<h1[^>]*>([^<]+)/.exec(b)?.[1])).size).toBe(3);
    expect(bodies[1]).toContain('id="uninstall"');
    expect(bodies[1]).toContain('id="data"');
  });

  it('picks the language from ?lang, then the path prefix, then Accept-Language, else English', async () => {
    const lang = async (path: string, accept?: string) =>
      htmlLang(await (await get(path, accept !== undefined ? { 'accept-language': accept } : {})).text());
    expect(await lang('/privacy')).toBe('en');
    expect(await lang('/privacy', 'zh-CN,zh;q=0.9')).toBe('zh-CN');
    expect(await lang('/privacy', 'fr-FR, en;q=0.5, zh;q=0.8')).toBe('zh-CN');
    expect(await lang('/privacy?lang=en', 'zh-CN')).toBe('en');
    expect(await lang('/zh/privacy', 'en')).toBe('zh-CN');
    expect(await lang('/en/privacy?lang=zh')).toBe('zh-CN');
    expect(await lang('/zh/')).toBe('zh-CN');
    expect(await lang('/privacy?lang=xx', 'zh')).toBe('zh-CN');
    // Install error pages follow the same rule.
    expect(await lang('/oauth/callback?lang=zh')).toBe('zh-CN');
  });

  it('reads Accept-Language weights (RFC 9110), ignoring q=0 and unsupported languages', () => {
    expect(fromAcceptLanguage('')).toBe('en');
    expect(fromAcceptLanguage('de, fr')).toBe('en');
    expect(fromAcceptLanguage('en;q=0.3, zh-TW;q=0.7')).toBe('zh');
    expect(fromAcceptLanguage('zh;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('zh-Hans-CN')).toBe('zh');
  });

  it('links the listing pages from the landing page in both languages', async () => {
    for (const lang of LANGUAGES) {
      const html = await (await get(`/${lang}/`)).text();
      expect(html).toContain('href="/oauth/install"');
      for (const page of ['setup', 'privacy', 'terms', 'support'] as const)
        expect(html).toContain(`href="${localizedPath(lang, page)}"`);
    }
  });

  it('escapes content and only turns site paths and mailto: into links', () => {
    expect(inline('<script>alert("x")</script> & `a<b`')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <code>a&lt;b</code>',
    );
    expect(
      inline('[ok](/en/setup) [mail](mailto:a@b.test) [bad](javascript:alert(1)) [ext](https://x.test)'),
    ).toBe(
      '<a href="/en/setup">ok</a> <a href="mailto:a@b.test">mail</a> [bad](javascript:alert(1)) [ext](https://x.test)',
    );
    expect(inline('[x](/a"onclick=1)')).not.toContain('"onclick');
  });
});

describe('app definition', () => {
  const app = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../extensions/app/app-hsmeta.json'), 'utf8'),
  ) as { config: { support: { documentationUrl: string; supportUrl: string } } };

  it('points documentationUrl at the setup guide and supportUrl at the support page (different URLs)', () => {
    const { documentationUrl, supportUrl } = app.config.support;
    expect(documentationUrl).toBe(`\${BACKEND_URL}${LISTING_PAGES.setup}`);
    expect(supportUrl).toBe(`\${BACKEND_URL}${LISTING_PAGES.support}`);
    expect(documentationUrl).not.toBe(supportUrl);
  });
});
