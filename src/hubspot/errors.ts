/**
 * One error type for every failed HubSpot call, with a stable `code` and whether it is worth
 * retrying. Retries themselves live in ONE layer (the BullMQ worker): 429 waits Retry-After,
 * 5xx and network errors back off exponentially with jitter, other 4xx are dead-lettered.
 */

export const HUBSPOT_ERROR_CODES = [
  'RATE_LIMITED',
  /** 429 with policyName DAILY: not retried today; the job is dead-lettered with this reason. */
  'DAILY_LIMIT',
  /** 423 Locked: HubSpot locks last 2 s ("include a delay of at least 2 seconds"). */
  'LOCKED',
  /** 477 Migration in Progress: the account moves between data-hosting locations; Retry-After. */
  'MIGRATING',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CLIENT_ERROR',
  'SERVER_ERROR',
  'NETWORK',
] as const;
export type HubSpotErrorCode = (typeof HUBSPOT_ERROR_CODES)[number];

export interface HubSpotErrorInit {
  code: HubSpotErrorCode;
  message: string;
  /** HTTP status; null for network errors and limiter-side waits. */
  status?: number | null;
  /** How long to wait before the next call (429 Retry-After, or the local limiter's estimate). */
  retryAfterMs?: number | null;
  /** HubSpot's error category from the body (e.g. VALIDATION_ERROR, OBJECT_NOT_FOUND). */
  category?: string | null;
  correlationId?: string | null;
  operation?: string | null;
  portalId?: string | null;
  cause?: unknown;
}

export class HubSpotError extends Error {
  readonly code: HubSpotErrorCode;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** True for RATE_LIMITED, SERVER_ERROR, NETWORK: the same request may succeed later. */
  readonly retryable: boolean;
  readonly category: string | null;
  readonly correlationId: string | null;
  readonly operation: string | null;
  readonly portalId: string | null;

  constructor(init: HubSpotErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HubSpotError';
    this.code = init.code;
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.retryable = isRetryableCode(init.code);
    this.category = init.category ?? null;
    this.correlationId = init.correlationId ?? null;
    this.operation = init.operation ?? null;
    this.portalId = init.portalId ?? null;
  }

  /** A log-safe summary (never tokens, never response headers). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      category: this.category,
      correlationId: this.correlationId,
      operation: this.operation,
      portalId: this.portalId,
      message: this.message,
    };
  }
}

export function isRetryableCode(code: HubSpotErrorCode): boolean {
  return (
    code === 'RATE_LIMITED' ||
    code === 'LOCKED' ||
    code === 'MIGRATING' ||
    code === 'SERVER_ERROR' ||
    code === 'NETWORK'
  );
}

/** A HubSpot answer that says how long to wait (429, 423, 477): wait `retryAfterMs`, spend no attempt. */
export function asksToWait(err: unknown): err is HubSpotError {
  return (
    err instanceof HubSpotError &&
    (err.code === 'RATE_LIMITED' || err.code === 'LOCKED' || err.code === 'MIGRATING')
  );
}

export function isHubSpotError(err: unknown): err is HubSpotError {
  return err instanceof HubSpotError;
}

/**
 * Waits when a 429 carries no Retry-After (HubSpot documents none for 429), by its policyName
 * ("The message and policyName will indicate which limit you hit",
 * https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines):
 * TEN_SECONDLY_ROLLING → the rolling 10 s window has fully moved on; SECONDLY (search, message
 * "You have reached your secondly limit.") → 1 s. DAILY is not waited on: see DAILY_LIMIT.
 */
const POLICY_WAIT_MS: Record<string, number> = {
  TEN_SECONDLY_ROLLING: 10_000,
  SECONDLY: 1_000,
};
const SECONDLY_MESSAGE = /secondly limit/i;
const FALLBACK_RETRY_AFTER_MS = 10_000;
/** 423: "Locks will last for 2 seconds ... include a delay of at least 2 seconds" (error-handling page). */
const LOCKED_WAIT_MS = 2_000;
/** 477 without Retry-After: wait a minute and ask again (HubSpot: typically up to 24 h). */
const MIGRATING_FALLBACK_MS = 60_000;
/** Retry-After of a 477 may be up to 24 h (https://developers.hubspot.com/docs/api-reference/error-handling). */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface HttpLikeError {
  code: number;
  body?: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

/** True for the SDK's ApiException (`.code` is the numeric HTTP status) and look-alikes. */
export function isHttpLikeError(err: unknown): err is HttpLikeError {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599;
}

/** True for transport failures (node-fetch FetchError, socket errors, timeouts, aborts). */
export function isNetworkLikeError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; type?: unknown; code?: unknown; errno?: unknown; cause?: unknown };
  if (e.name === 'FetchError' || e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (e.type === 'system' || e.type === 'request-timeout' || e.type === 'body-timeout') return true;
  if (typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code)) return true;
  if (typeof e.errno === 'string' && NETWORK_ERROR_CODES.has(e.errno)) return true;
  if (e.cause !== undefined && e.cause !== err) return isNetworkLikeError(e.cause);
  return false;
}

function header(headers: HttpLikeError['headers'], name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** Parses Retry-After (delta-seconds or HTTP-date) into milliseconds; undefined when absent/invalid. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(Math.ceil(Number(v) * 1000), MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

function bodyField(body: unknown, field: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const v = (body as Record<string, unknown>)[field];
  return typeof v === 'string' && v !== '' ? v : null;
}

function codeForStatus(status: number, body: unknown): HubSpotErrorCode {
  if (status === 429) return bodyField(body, 'policyName') === 'DAILY' ? 'DAILY_LIMIT' : 'RATE_LIMITED';
  // https://developers.hubspot.com/docs/api-reference/error-handling (423 Locked, 477 Migration in Progress)
  if (status === 423) return 'LOCKED';
  if (status === 477) return 'MIGRATING';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

const ADVICE: Record<HubSpotErrorCode, string> = {
  RATE_LIMITED:
    'HubSpot rate limit reached; the call is retried after Retry-After (or the wait its policyName implies).',
  DAILY_LIMIT:
    'HubSpot’s daily request limit of this portal is spent (policy DAILY); the work is dead-lettered — retry it from the settings page tomorrow. Marketplace OAuth apps normally have no daily limit: check which app credentials are in use.',
  LOCKED: 'HubSpot locked the records for a bulk change (423); the call is retried after at least 2 s.',
  MIGRATING:
    'HubSpot is moving this account between data-hosting locations (477); the call is retried after Retry-After.',
  UNAUTHORIZED:
    'The access token was rejected; the installation may have been removed or must be re-authorized.',
  FORBIDDEN:
    'The app lacks a required scope or the portal forbids this call; reinstall with the required scopes.',
  NOT_FOUND: 'The HubSpot object or endpoint does not exist (deleted record or wrong id).',
  CLIENT_ERROR:
    'HubSpot rejected the request; it will not be retried. Check property definitions and inputs.',
  SERVER_ERROR: 'HubSpot had a server error; the call is retried with backoff.',
  NETWORK: 'HubSpot could not be reached; the call is retried with backoff.',
};

export interface ClassifyContext {
  operation?: string;
  portalId?: string;
  now?: number;
}

/**
 * Maps anything a HubSpot call can throw to a HubSpotError: the SDK's ApiException (HTTP status
 * in `.code`, plus `.body` and `.headers`) → by status (429 with Retry-After); transport failures
 * (node-fetch FetchError, socket errors, timeouts) → NETWORK; an existing HubSpotError is returned
 * as is; anything else (e.g. an SDK deserialization error) → CLIENT_ERROR, never retried.
 */
export function classifyHubSpotError(err: unknown, context: ClassifyContext = {}): HubSpotError {
  if (err instanceof HubSpotError) return err;
  const where = `${context.operation ?? 'HubSpot call'}${context.portalId !== undefined ? ` (portal ${context.portalId})` : ''}`;
  if (isHttpLikeError(err)) {
    const status = err.code;
    const body = err.body;
    const code = codeForStatus(status, body);
    const hsMessage = bodyField(body, 'message');
    const retryAfter = parseRetryAfter(header(err.headers, 'retry-after'), context.now);
    let retryAfterMs: number | null = null;
    if (code === 'RATE_LIMITED') {
      const policy = bodyField(body, 'policyName');
      const secondly =
        hsMessage !== null && SECONDLY_MESSAGE.test(hsMessage) ? POLICY_WAIT_MS['SECONDLY'] : undefined;
      retryAfterMs =
        retryAfter ??
        (policy !== null ? POLICY_WAIT_MS[policy] : undefined) ??
        secondly ??
        FALLBACK_RETRY_AFTER_MS;
    } else if (code === 'LOCKED') {
      retryAfterMs = Math.max(LOCKED_WAIT_MS, retryAfter ?? 0);
    } else if (code === 'MIGRATING') {
      retryAfterMs = retryAfter ?? MIGRATING_FALLBACK_MS;
    }
    return new HubSpotError({
      code,
      status,
      retryAfterMs,
      category: bodyField(body, 'category') ?? (code === 'DAILY_LIMIT' ? 'DAILY' : null),
      correlationId: bodyField(body, 'correlationId'),
      operation: context.operation ?? null,
      portalId: context.portalId ?? null,
      message: `${where} failed with HTTP ${status}${hsMessage !== null ? `: ${hsMessage}` : ''}. ${ADVICE[code]}`,
      cause: err,
    });
  }
  const detail = err instanceof Error ? err.message : String(err);
  const network = isNetworkLikeError(err);
  const code: HubSpotErrorCode = network ? 'NETWORK' : 'CLIENT_ERROR';
  return new HubSpotError({
    code,
    status: null,
    operation: context.operation ?? null,
    portalId: context.portalId ?? null,
    message: `${where} failed: ${detail}. ${ADVICE[code]}`,
    cause: err,
  });
}

export type InstallationErrorCode =
  | 'NOT_INSTALLED'
  | 'TOKEN_UNREADABLE'
  | 'TOKEN_REFRESH_TIMEOUT'
  /** HubSpot refused our client id / secret while refreshing: the installation stays; retried later. */
  | 'CLIENT_REJECTED';

/** Raised by getAccessToken when no usable token can exist; `retryable` tells the worker what to do. */
export class InstallationError extends Error {
  constructor(
    readonly code: InstallationErrorCode,
    message: string,
    readonly portalId: string,
  ) {
    super(message);
    this.name = 'InstallationError';
  }

  get retryable(): boolean {
    return this.code === 'TOKEN_REFRESH_TIMEOUT' || this.code === 'CLIENT_REJECTED';
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      portalId: this.portalId,
      retryable: this.retryable,
      message: this.message,
    };
  }
}

/** What a log line may say about an error: name, message and code (never a stack or a token). */
export function errSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error)
    return { name: err.name, message: err.message, code: (err as { code?: unknown }).code };
  return { message: String(err) };
}
