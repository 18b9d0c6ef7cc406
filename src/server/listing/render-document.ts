import type { Request, Response } from 'express';
import { escapeHtml, sendPage } from '../pages';
import { renderSections, type ListingDocument } from './blocks';
import { resolvePageLanguage } from './language';
import { languageSwitch } from './language-switch';
import type { ListingPageId, PageLanguage } from './paths';

const UI = {
  contents: { en: 'On this page', zh: '本页内容' },
  updated: { en: 'Last updated', zh: '最后更新' },
} as const;

export function sendListingDocument(
  req: Request,
  res: Response,
  page: ListingPageId,
  documents: Record<PageLanguage, ListingDocument>,
): void {
  const lang = resolvePageLanguage(req);
  const doc = documents[lang];
  const toc = doc.sections
    .map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading.replace(/[`*]/g, ''))}</a></li>`)
    .join('');
  sendPage(
    res,
    200,
    lang,
    `${doc.title} — Stepwise`,
    languageSwitch(lang, page) +
      `<h1>${escapeHtml(doc.title)}</h1><p class="lead">${escapeHtml(doc.lead)}</p>` +
      `<p class="small">${UI.updated[lang]}: <time datetime="${escapeHtml(doc.updated)}">${escapeHtml(doc.updated)}</time></p>` +
      `<nav class="toc" aria-label="${UI.contents[lang]}"><ol>${toc}</ol></nav>` +
      renderSections(doc.sections),
  );
}
