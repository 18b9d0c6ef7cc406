import type { ListingDocument } from '../blocks';
import type { PageLanguage } from '../paths';

/** What the listing pages need to know about this deployment. */
export interface ListingContext {
  /** Where customers write (the app definition's SUPPORT_EMAIL). */
  supportEmail: string;
}

export type LocalizedDocument = Record<PageLanguage, ListingDocument>;

/** Date of the current version of the policy texts (shown on each page). */
export const LISTING_UPDATED = '2026-12-01';

/** The support address as an inline mailto link (see blocks.ts inline marks). */
export function mailLink(ctx: ListingContext): string {
  return `[${ctx.supportEmail}](mailto:${ctx.supportEmail})`;
}
