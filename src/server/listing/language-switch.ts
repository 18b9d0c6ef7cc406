import { LANGUAGES, localizedPath, type ListingPageId, type PageLanguage } from './paths';

const LANGUAGE_NAMES: Record<PageLanguage, string> = { zh: '中文', en: 'English' };
const SWITCH_LABEL: Record<PageLanguage, string> = { en: 'Language', zh: '语言' };
const FOOTER_LABEL: Record<PageLanguage, string> = { en: 'About Stepwise', zh: '关于 Stepwise' };

export function htmlLang(l: PageLanguage): string {
  return l === 'zh' ? 'zh-CN' : 'en';
}

/** Links to the same page in every language (constant markup: nothing here needs escaping). */
export function languageSwitch(lang: PageLanguage, page: ListingPageId | 'home'): string {
  const links = LANGUAGES.map((l) => {
    const attrs = l === lang ? 'aria-current="page"' : `hreflang="${htmlLang(l)}"`;
    return `<a href="${localizedPath(l, page)}" lang="${htmlLang(l)}" ${attrs}>${LANGUAGE_NAMES[l]}</a>`;
  }).join(' · ');
  return `<nav class="lang" aria-label="${SWITCH_LABEL[lang]}">${links}</nav>`;
}

/** The footer of every server-rendered page: the landing page and the four listing pages. */
export function listingFooter(
  lang: PageLanguage,
  labels: Record<string, Record<PageLanguage, string>>,
): string {
  const pages = ['home', 'setup', 'privacy', 'terms', 'support'] as const;
  const links = pages
    .map((p) => `<a href="${localizedPath(lang, p)}">${labels[p]?.[lang] ?? p}</a>`)
    .join('');
  return `<footer><nav aria-label="${FOOTER_LABEL[lang]}">${links}</nav></footer>`;
}
