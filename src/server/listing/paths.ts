/**
 * Public pages of the marketplace listing. HubSpot's listing validator requires https URLs that
 * answer 2xx, and refuses the same URL for two links (so the setup guide is its own page, not the
 * landing page):
 * https://community.hubspot.com/t5/Developer-Announcements/App-Marketplace-Listing-Process-Validation/m-p/1058035
 * The setup guide must be public and specific to setting the app up:
 * https://developers.hubspot.com/docs/guides/apps/marketplace/create-an-app-listing-setup-guide
 */
export const LANGUAGES = ['zh', 'en'] as const;
export type PageLanguage = (typeof LANGUAGES)[number];

export const LISTING_PAGES = {
  setup: '/setup',
  privacy: '/privacy',
  terms: '/terms',
  support: '/support',
} as const;
export type ListingPageId = keyof typeof LISTING_PAGES;

export const LISTING_LABELS: Record<ListingPageId | 'home', Record<PageLanguage, string>> = {
  home: { en: 'Home', zh: '首页' },
  setup: { en: 'Setup guide', zh: '安装与使用指南' },
  privacy: { en: 'Privacy policy', zh: '隐私政策' },
  terms: { en: 'Terms of service', zh: '服务条款' },
  support: { en: 'Support', zh: '支持' },
};

/** The language-prefixed path of a page (`/zh/setup`); the landing page is `/zh/` or `/en/`. */
export function localizedPath(lang: PageLanguage, page: ListingPageId | 'home'): string {
  return page === 'home' ? `/${lang}/` : `/${lang}${LISTING_PAGES[page]}`;
}

/** Every path the listing router answers (unprefixed and with each language prefix). */
export function listingRoutePaths(): string[] {
  const pages = Object.values(LISTING_PAGES);
  return [...pages, ...LANGUAGES.flatMap((l) => [`/${l}`, `/${l}/`, ...pages.map((p) => `/${l}${p}`)])];
}
