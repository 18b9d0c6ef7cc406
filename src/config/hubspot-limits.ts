/**
 * HubSpot's documented limits for a marketplace app on the 2026.03 developer platform, in one
 * place. Config (HUBSPOT_RATE_LIMIT, HUBSPOT_SEARCH_RATE_LIMIT) may go below them, never above.
 */
export const HUBSPOT_LIMITS = {
  /**
   * "apps on the latest versions of the developer platform (2025.2 and 2026.03) using OAuth
   * authentication distributed via the HubSpot marketplace, each HubSpot account that installs
   * your app is limited to 110 requests every 10 seconds. This excludes the CRM Search API."
   * Per app per portal: other apps in the portal have their own budget.
   * https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
   */
  requestsPerTenSeconds: 110,
  windowMs: 10_000,
  /**
   * "The search endpoints are rate limited to five requests per second per account."
   * https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm
   */
  searchPerSecond: 5,
  searchWindowMs: 1_000,
  /** Search `limit` per page ≤ 200, 10,000 results per query (same page). */
  searchPageSize: 200,
  searchResultCap: 10_000,
  /**
   * CRM object batch read/create/update: 100 inputs per call (usage guidelines above).
   */
  objectBatch: 100,
  /**
   * Associations batch read: "may not exceed 1000 IDs per request body"
   * https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api
   */
  associationBatchRead: 1_000,
} as const;
