import { Client } from '@hubspot/api-client';

/** The @hubspot/api-client v13 client type (re-exported so callers need not import the SDK). */
export type HubSpotClient = Client;

export interface HubSpotClientOptions {
  /** HUBSPOT_API_BASE_URL from Config (tests and the sandbox point it elsewhere). */
  basePath: string;
  /** OAuth access token of one portal. Omit for unauthenticated endpoints (OAuth token exchange). */
  accessToken?: string;
}

/**
 * Creates a HubSpot API client with the SDK's own retries OFF (`numberOfApiCallRetries: 0`) and
 * no SDK limiter: retries live in ONE layer (the BullMQ worker) and rate limiting in the
 * Redis-shared per-portal limiter. Non-2xx responses reject with the SDK's `ApiException`
 * (`.code` = HTTP status, `.body`, `.headers`); classify them with `classifyHubSpotError`.
 */
export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  return new Client({
    basePath: options.basePath,
    numberOfApiCallRetries: 0,
    ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
  });
}
