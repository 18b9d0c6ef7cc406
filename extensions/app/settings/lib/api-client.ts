import { hubspot } from '@hubspot/ui-extensions';
import type { ApiErrorBody, ApiErrorCode } from '../../cards/lib/api-types';

// The settings page is bundled on its own (its own package.json), so it keeps its own copy of the
// small fetch helper; only types are shared with the cards (type imports vanish at build time).

/**
 * The `timeout` passed to `hubspot.fetch` (ms), explicit instead of HubSpot's 15 s default; the
 * backend answers within 9 s (503 + Retry-After past that) so HubSpot's one retry on a 5xx still
 * fits (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
 * Same value as the cards' CARD_FETCH_TIMEOUT_MS (this bundle cannot import it).
 */
export const SETTINGS_FETCH_TIMEOUT_MS = 12_000;

/** Codes the card can see: the backend's, plus transport problems on our side. */
export type ClientErrorCode = ApiErrorCode | 'NETWORK' | 'BAD_RESPONSE' | 'NOT_CONFIGURED';

/** A failed Stepwise API call, with the backend's stable code and (localized) message. */
export class SettingsApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number | null;
  readonly issues: { path: string; message: string }[];

  constructor(
    code: ClientErrorCode,
    message: string,
    status: number | null,
    issues: SettingsApiError['issues'] = [],
  ) {
    super(message);
    this.name = 'SettingsApiError';
    this.code = code;
    this.status = status;
    this.issues = issues;
  }
}

const API_ERROR_CODES: ReadonlySet<string> = new Set<ApiErrorCode>([
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_INSTALLED',
  'DEAL_NOT_FOUND',
  'CONTACT_NOT_FOUND',
  'VALIDATION_FAILED',
  'CONFLICT',
  'RATE_LIMITED',
  'HUBSPOT_UNAVAILABLE',
  'INTERNAL',
]);

/**
 * The backend origin from the project profile (`BACKEND_URL` in hsprofile.<env>.json, exposed to
 * extensions as `context.variables`). Must be https: `hubspot.fetch` rejects anything else.
 */
export function backendUrlFrom(variables: Record<string, unknown> | undefined): string | null {
  const raw = variables?.['BACKEND_URL'];
  if (typeof raw !== 'string') return null;
  const url = raw.trim().replace(/\/+$/, '');
  return /^https:\/\/[^/\s?#]+$/i.test(url) ? url : null;
}

export interface ApiRequest {
  baseUrl: string;
  /** Path under /api/v1, e.g. `/deals/42/card`. */
  path: string;
  locale: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: Record<string, unknown>;
}

/** The full URL of a card API call (HubSpot appends and signs portalId, userId, … itself). */
export function apiUrl(baseUrl: string, path: string, locale: string): string {
  return `${baseUrl}/api/v1${path}?locale=${encodeURIComponent(locale)}`;
}

function statusCode(status: number): ClientErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  if (status === 502 || status === 503 || status === 504) return 'HUBSPOT_UNAVAILABLE';
  return 'INTERNAL';
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null) return false;
  const e = (v as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Calls the Stepwise backend through `hubspot.fetch` and returns the parsed JSON, or throws SettingsApiError. */
export async function callApi<T>(request: ApiRequest): Promise<T> {
  const url = apiUrl(request.baseUrl, request.path, request.locale);
  const options: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH';
    timeout: number;
    body?: Record<string, unknown>;
  } = {
    method: request.method ?? 'GET',
    timeout: SETTINGS_FETCH_TIMEOUT_MS,
  };
  if (request.body !== undefined) options.body = request.body;
  let response: Response;
  try {
    response = await hubspot.fetch(url, options);
  } catch (err) {
    throw new SettingsApiError('NETWORK', err instanceof Error ? err.message : String(err), null);
  }
  const body = await readJson(response);
  if (response.ok) {
    if (body === undefined)
      throw new SettingsApiError('BAD_RESPONSE', 'The backend answered without JSON.', response.status);
    return body as T;
  }
  if (isErrorBody(body)) {
    const code = API_ERROR_CODES.has(body.error.code) ? body.error.code : statusCode(response.status);
    throw new SettingsApiError(code, body.error.message, response.status, body.error.issues ?? []);
  }
  throw new SettingsApiError(statusCode(response.status), `HTTP ${response.status}`, response.status);
}
