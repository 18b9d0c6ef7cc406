import express, { type Router } from 'express';
import { renderLanding } from '../pages';
import type { ListingContext, LocalizedDocument } from './content/context';
import { privacyPolicy } from './content/privacy-policy';
import { setupGuide } from './content/setup-guide';
import { supportPage } from './content/support';
import { termsOfService } from './content/terms-of-service';
import { sendListingDocument } from './render-document';
import { LANGUAGES, LISTING_PAGES, type ListingPageId } from './paths';

/**
 * GET /setup, /privacy, /terms, /support — the public pages of the marketplace listing — and
 * the same under /zh/… and /en/…, plus /zh/ and /en/ for the landing page. Language: ?lang,
 * then the path prefix, then Accept-Language (resolvePageLanguage).
 */
export function createListingRouter(ctx: ListingContext): Router {
  const router = express.Router();
  const documents: Record<ListingPageId, LocalizedDocument> = {
    setup: setupGuide(ctx),
    privacy: privacyPolicy(ctx),
    terms: termsOfService(ctx),
    support: supportPage(ctx),
  };
  for (const [page, path] of Object.entries(LISTING_PAGES) as [ListingPageId, string][]) {
    router.get([path, ...LANGUAGES.map((l) => `/${l}${path}`)], (req, res) => {
      sendListingDocument(req, res, page, documents[page]);
    });
  }
  router.get(
    LANGUAGES.flatMap((l) => [`/${l}`, `/${l}/`]),
    (req, res) => {
      renderLanding(req, res);
    },
  );
  return router;
}
