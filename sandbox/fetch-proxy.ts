import { signedHeaders } from '../src/hubspot/signature';

/**
 * HubSpot's `hubspot.fetch` proxy as the sandbox plays it: what a card's or settings page's
 * `hubspot.fetch(url, { method, body, timeout })` does between the browser and the app's backend
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data):
 *
 * - only https URLs (no localhost); a `proxy` map of origins stands for `local.json`'s
 *   `{ "proxy": { "https://example.com": "http://localhost:8080" } }` (origin-only mapping);
 * - appends `portalId`, `userId`, `userEmail`, `appId` to the query, then signs v3 with the
 *   client secret (`X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp` in ms) over
 *   method + URL (as called) + body + timestamp
 *   (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation);
 * - no custom headers ("hubspot.fetch() does not support request and response headers");
 * - a 15 s default timeout, `timeout` up to 120 000 ms ("can be increased up to 120 seconds");
 * - request and response payloads of at most 1 MB;
 * - at most 20 concurrent requests per account ("Additional requests will be rejected with the
 *   status code 429");
 * - one automatic retry on a connection failure or a 5xx "within the timeout window" — sent as
 *   the same signed request (same body and timestamp).
 */

export const HUBSPOT_FETCH_DEFAULT_TIMEOUT_MS = 15_000;
export const HUBSPOT_FETCH_MAX_TIMEOUT_MS = 120_000;
export const HUBSPOT_FETCH_MAX_BYTES = 1024 * 1024;
export const HUBSPOT_FETCH_MAX_CONCURRENT = 20;

export interface HubSpotFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  timeout?: number;
}

export type HubSpotFetch = (resource: string | URL, options?: HubSpotFetchOptions) => Promise<Response>;

export interface FetchProxyOptions {
  clientSecret: string;
  appId: number;
  /** Who is looking at the card. */
  portalId: number;
  userId: number;
  userEmail: string;
  /** Origin → origin actually called (local.json `proxy`); the signature covers the called URL. */
  proxy?: Record<string, string>;
  now?: () => number;
  /** Seen by tests: every attempt sent to the backend. */
  onAttempt?: (attempt: { url: string; method: string; status: number | null; retry: boolean }) => void;
}

/** One in-flight counter per account, shared by every proxy of that portal. */
const inFlightByPortal = new Map<number, number>();

function proxyError(message: string): Error {
  return new Error(`hubspot.fetch: ${message}`);
}

export function createHubSpotFetch(options: FetchProxyOptions): HubSpotFetch {
  const now = options.now ?? Date.now;
  return async (resource, init = {}) => {
    const asked = new URL(String(resource));
    if (asked.protocol !== 'https:' || ['localhost', '127.0.0.1'].includes(asked.hostname))
      throw proxyError(`fetch URLs must be valid HTTPS URLs and cannot be localhost (${asked.origin})`);
    const target = new URL(
      `${options.proxy?.[asked.origin] ?? asked.origin}${asked.pathname}${asked.search}`,
    );
    target.searchParams.append('portalId', String(options.portalId));
    target.searchParams.append('userId', String(options.userId));
    target.searchParams.append('userEmail', options.userEmail);
    target.searchParams.append('appId', String(options.appId));
    const method = init.method ?? 'GET';
    const body = init.body === undefined ? '' : JSON.stringify(init.body);
    if (Buffer.byteLength(body) > HUBSPOT_FETCH_MAX_BYTES) throw proxyError('request payload exceeds 1MB');
    const timeout = Math.min(init.timeout ?? HUBSPOT_FETCH_DEFAULT_TIMEOUT_MS, HUBSPOT_FETCH_MAX_TIMEOUT_MS);

    const inFlight = inFlightByPortal.get(options.portalId) ?? 0;
    if (inFlight >= HUBSPOT_FETCH_MAX_CONCURRENT) {
      return new Response(JSON.stringify({ status: 'error', message: 'Too many concurrent requests' }), {
        status: 429,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    inFlightByPortal.set(options.portalId, inFlight + 1);
    const url = target.toString();
    const headers: Record<string, string> = {
      ...signedHeaders({ clientSecret: options.clientSecret, method, uri: url, body, now: now() }),
      ...(body === '' ? {} : { 'Content-Type': 'application/json' }),
    };
    // One deadline for the request and its retry ("within the timeout window").
    const signal = AbortSignal.timeout(timeout);
    const send = async (retry: boolean): Promise<Response> => {
      try {
        const res = await fetch(url, { method, headers, signal, ...(body === '' ? {} : { body }) });
        options.onAttempt?.({ url, method, status: res.status, retry });
        return res;
      } catch (err) {
        options.onAttempt?.({ url, method, status: null, retry });
        throw err;
      }
    };
    try {
      let res: Response;
      try {
        res = await send(false);
        if (res.status >= 500) {
          await res.arrayBuffer();
          res = await send(true);
        }
      } catch (err) {
        if (signal.aborted) throw proxyError(`request timed out after ${timeout} ms`);
        try {
          res = await send(true);
        } catch {
          throw proxyError(
            signal.aborted ? `request timed out after ${timeout} ms` : `connection failed (${String(err)})`,
          );
        }
      }
      const bytes = Buffer.from(
        await res.arrayBuffer().catch(() => {
          throw proxyError(`request timed out after ${timeout} ms`);
        }),
      );
      if (bytes.length > HUBSPOT_FETCH_MAX_BYTES) throw proxyError('response payload exceeds 1MB');
      // Response headers are not passed through (hubspot.fetch supports none); the type is kept
      // so `response.json()` works as in HubSpot.
      return new Response(bytes.length === 0 ? null : bytes, {
        status: res.status,
        headers: { 'Content-Type': res.headers.get('content-type') ?? 'application/json' },
      });
    } finally {
      inFlightByPortal.set(options.portalId, (inFlightByPortal.get(options.portalId) ?? 1) - 1);
    }
  };
}
