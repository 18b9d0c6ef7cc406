import { randomUUID } from 'node:crypto';

/**
 * HubSpot error responses. Bodies follow what HubSpot sends (`{status:'error', message,
 * correlationId, category, …}`); the sources for each shape are cited in sandbox/README.md.
 * Route handlers throw SandboxHttpError; the server turns it into the HTTP response.
 */
export class SandboxHttpError extends Error {
  readonly code = 'SANDBOX_HTTP_ERROR';
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : `HTTP ${status}`);
    this.name = 'SandboxHttpError';
  }
}

export function correlationId(): string {
  return randomUUID();
}

export interface ErrorExtras {
  context?: Record<string, unknown>;
  errors?: unknown[];
  subCategory?: string;
  links?: Record<string, string>;
}

/** `{status:'error', message, correlationId, [context], category, …}` with the given HTTP status. */
export function hubspotError(
  status: number,
  category: string,
  message: string,
  extras: ErrorExtras = {},
): SandboxHttpError {
  const body: Record<string, unknown> = { status: 'error', message, correlationId: correlationId() };
  if (extras.context !== undefined) body['context'] = extras.context;
  if (extras.errors !== undefined) body['errors'] = extras.errors;
  if (extras.links !== undefined) body['links'] = extras.links;
  body['category'] = category;
  if (extras.subCategory !== undefined) body['subCategory'] = extras.subCategory;
  return new SandboxHttpError(status, body);
}

export function validationError(message: string, extras: ErrorExtras = {}): SandboxHttpError {
  return hubspotError(400, 'VALIDATION_ERROR', message, extras);
}

export const BATCH_LIMIT = 100;

/** HubSpot's answer to a batch with more than 100 inputs. */
export function batchTooLarge(limit: number = BATCH_LIMIT): SandboxHttpError {
  return validationError(
    `The maximum number of inputs supported in a batch is ${limit}. Please reduce the number of items and try again`,
  );
}

export function objectNotFound(id: string): SandboxHttpError {
  return hubspotError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', {
    context: { id: [id] },
  });
}

export function resourceNotFound(message = 'resource not found'): SandboxHttpError {
  return hubspotError(404, 'OBJECT_NOT_FOUND', message);
}

export function unsupportedObjectType(raw: string): SandboxHttpError {
  return validationError(`Unable to infer object type from: ${raw}`);
}

export function invalidJson(detail: string): SandboxHttpError {
  return validationError(`Invalid input JSON on line 1, column 1: ${detail}`);
}

/** Unknown, revoked or missing access token. */
export function invalidAuthentication(): SandboxHttpError {
  return hubspotError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
}

function agoText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} second(s)`;
  if (s < 3600) return `${Math.floor(s / 60)} minute(s)`;
  if (s < 86400) return `${Math.floor(s / 3600)} hour(s)`;
  return `${Math.floor(s / 86400)} day(s)`;
}

export function expiredAuthentication(expiredAt: number, now: number): SandboxHttpError {
  return hubspotError(
    401,
    'EXPIRED_AUTHENTICATION',
    `The OAuth token used to make this call expired ${agoText(now - expiredAt)} ago.`,
    { context: { 'expire time': [new Date(expiredAt).toISOString()] } },
  );
}

export function missingScopes(required: readonly string[]): SandboxHttpError {
  return hubspotError(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: [...required] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

/** 429 body (HubSpot's rate-limit shape: errorType, policyName, groupName) plus Retry-After. */
export function rateLimited(options: {
  policy: RateLimitPolicy;
  groupName: string;
  /** null: no Retry-After header (HubSpot documents none for 429). */
  retryAfterSeconds: number | null;
  headers?: Record<string, string>;
}): SandboxHttpError {
  const message =
    options.policy === 'SECONDLY'
      ? 'You have reached your secondly limit.'
      : options.policy === 'DAILY'
        ? 'You have reached your daily limit.'
        : 'You have reached your ten_secondly_rolling limit.';
  return new SandboxHttpError(
    429,
    {
      status: 'error',
      message,
      errorType: 'RATE_LIMIT',
      correlationId: correlationId(),
      policyName: options.policy,
      groupName: options.groupName,
    },
    {
      ...(options.retryAfterSeconds === null
        ? {}
        : { 'Retry-After': String(Math.max(1, Math.ceil(options.retryAfterSeconds))) }),
      ...(options.headers ?? {}),
    },
  );
}

/**
 * 423 Locked ("Locks will last for 2 seconds") and 477 Migration in Progress (Retry-After, "typically
 * up to 24 hours"), https://developers.hubspot.com/docs/api-reference/error-handling. The bodies
 * are the sandbox's wording in HubSpot's error shape.
 */
export function lockedOrMigrating(
  kind: 'locked' | 'migrating',
  retryAfterSeconds: number | null,
): SandboxHttpError {
  const [status, category, message] =
    kind === 'locked'
      ? [
          423,
          'LOCKED',
          'The records are locked by a bulk change in progress; retry after at least 2 seconds.',
        ]
      : [477, 'MIGRATION_IN_PROGRESS', 'This account is being migrated between data hosting locations.'];
  return new SandboxHttpError(
    status,
    { status: 'error', message, correlationId: correlationId(), category },
    retryAfterSeconds === null ? {} : { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  );
}

/** One entry of HubSpot's `Property values were not valid` list. */
export interface PropertyValidationResult {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
  portalId: number;
}

export function propertyValidationResult(
  portalId: number,
  name: string,
  error: string,
  message: string,
): PropertyValidationResult {
  return { isValid: false, message, error, name, localizedErrorMessage: message, portalId };
}

/** 400 VALIDATION_ERROR: `Property values were not valid: [<json>]`, plus `errors[]` with code and context. */
export function propertyValuesInvalid(results: readonly PropertyValidationResult[]): SandboxHttpError {
  return validationError(`Property values were not valid: ${JSON.stringify(results)}`, {
    errors: results.map((r) => ({
      message: r.message,
      code: r.error,
      context: { propertyName: [r.name] },
    })),
  });
}

export function conflict(message: string, category = 'CONFLICT'): SandboxHttpError {
  return hubspotError(409, category, message);
}

/**
 * OAuth endpoint errors: HubSpot's legacy `status`/`message` plus the RFC 6749 `error` /
 * `error_description` fields it added for compatibility.
 */
export function oauthError(
  hubspotStatus: string,
  message: string,
  error: string,
  httpStatus = 400,
): SandboxHttpError {
  return new SandboxHttpError(httpStatus, {
    status: hubspotStatus,
    message,
    correlationId: correlationId(),
    error,
    error_description: message,
  });
}

/** Bodies for injected 5xx faults (HubSpot-like JSON; the exact text HubSpot sends varies). */
export function serverErrorBody(status: number): Record<string, unknown> {
  const message =
    status === 502
      ? 'Bad Gateway'
      : status === 503
        ? 'Service Unavailable'
        : status === 504
          ? 'Gateway Timeout'
          : 'internal error';
  return { status: 'error', message, correlationId: correlationId(), category: 'INTERNAL_ERROR' };
}

/** A Cloudflare-style HTML error page (what a HubSpot edge 5xx can look like). */
export function serverErrorHtml(status: number): string {
  return `<html><head><title>${status} error</title></head><body><center><h1>${status}</h1></center><hr><center>cloudflare</center></body></html>`;
}
