import { hubspot } from '@hubspot/ui-extensions';
import type { ApiErrorBody, ApiErrorCode, ManagerQuery, ManagerView } from './api-types';

// The page is bundled on its own (its own package.json and SDK copy), so it has its own small
// client; it shares only types with the cards.

/** How long the page waits for the backend before showing the error state with "Try again". */
export const MANAGER_TIMEOUT_MS = 10_000;

export type PageErrorCode = ApiErrorCode | 'NETWORK' | 'BAD_RESPONSE' | 'NOT_CONFIGURED';

/** A failed manager API call, with the backend's stable code and (localized) message. */
export class PageApiError extends Error {
  readonly code: PageErrorCode;
  readonly status: number | null;

  constructor(code: PageErrorCode, message: string, status: number | null) {
    super(message);
    this.name = 'PageApiError';
    this.code = code;
    this.status = status;
  }
}

const BACKEND_CODES: ReadonlySet<string> = new Set<ApiErrorCode>([
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_INSTALLED',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'HUBSPOT_UNAVAILABLE',
  'INTERNAL',
]);

/** The backend origin from the profile variable BACKEND_URL (https only: hubspot.fetch requires it). */
export function pageBackendUrl(variables: Record<string, unknown> | undefined): string | null {
  const raw = variables?.['BACKEND_URL'];
  if (typeof raw !== 'string') return null;
  const url = raw.trim().replace(/\/+$/, '');
  return /^https:\/\/[^/\s?#]+$/i.test(url) ? url : null;
}

/** `GET /api/v1/manager` with the locale first, then only the filters that are set (stable order). */
export function managerUrl(baseUrl: string, locale: string, query: ManagerQuery): string {
  const params = new URLSearchParams({ locale });
  for (const key of ['pipeline', 'owner', 'team', 'from', 'to'] as const) {
    const value = query[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  return `${baseUrl}/api/v1/manager?${params.toString()}`;
}

function codeForStatus(status: number): PageErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  // A 404 without the backend's error body means the route is missing (an older backend), not an
  // uninstalled portal: the generic error with the status says so.
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  if (status >= 502 && status <= 504) return 'HUBSPOT_UNAVAILABLE';
  return 'INTERNAL';
}

function errorBody(v: unknown): ApiErrorBody['error'] | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = (v as { error?: unknown }).error;
  if (typeof e !== 'object' || e === null) return null;
  const { code, message } = e as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? (e as ApiErrorBody['error']) : null;
}

/**
 * Loads the manager view. `hubspot.fetch` takes an explicit `timeout` in ms (UI extensions SDK,
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-extensions-sdk);
 * a timeout rejects like any network failure and becomes NETWORK.
 */
export async function fetchManagerView(
  baseUrl: string,
  locale: string,
  query: ManagerQuery,
  timeoutMs = MANAGER_TIMEOUT_MS,
): Promise<ManagerView> {
  let response: Response;
  try {
    response = await hubspot.fetch(managerUrl(baseUrl, locale, query), { method: 'GET', timeout: timeoutMs });
  } catch (err) {
    throw new PageApiError('NETWORK', err instanceof Error ? err.message : String(err), null);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok) {
    if (typeof body !== 'object' || body === null || !Array.isArray((body as ManagerView).funnel))
      throw new PageApiError('BAD_RESPONSE', 'The backend answered without a manager view.', response.status);
    return body as ManagerView;
  }
  const e = errorBody(body);
  const code = e !== null && BACKEND_CODES.has(e.code) ? e.code : codeForStatus(response.status);
  throw new PageApiError(code, e?.message ?? `HTTP ${response.status}`, response.status);
}
