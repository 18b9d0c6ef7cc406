import type { CallLog } from './call-log';
import { unsupportedObjectType, validationError, batchTooLarge, BATCH_LIMIT } from './errors';
import type { FaultInjector } from './faults';
import type { OAuthStore } from './oauth-store';
import type { PortalRateLimiter } from './rate-limit';
import type { CrmState } from './state';
import { parseObjectType, type ObjectType, type SandboxApp } from './types';
import type { WebhookDispatcher } from './webhooks';

/** What route modules share: the sandbox's stores and settings. */
export interface SandboxServices {
  state: CrmState;
  oauth: OAuthStore;
  app: SandboxApp;
  limiter: PortalRateLimiter;
  faults: FaultInjector;
  calls: CallLog;
  webhooks: WebhookDispatcher;
  now: () => number;
  /** Portal that /oauth/authorize installs into when the request names none. */
  installPortalId: number | null;
  /** Scopes granted by admin installs (and by /oauth/authorize when no scope is requested). */
  defaultScopes: string[];
  oauthOptions: SandboxOAuthOptions;
}

export interface SandboxOAuthOptions {
  /** Serve the v1 OAuth endpoints (HubSpot switches them off on 2027-02-16). Default false. */
  v1: boolean;
  /**
   * Compare redirect_uri with the app's redirect URLs and the install URL's `scope` with the
   * app's required scopes exactly, as HubSpot does (default true). When false, an empty
   * `redirectUris` / `scopes` accepts anything.
   */
  strictMatching: boolean;
}

/** Every scope Stepwise (and the sandbox's routes) use. */
export const ALL_SCOPES: readonly string[] = [
  'oauth',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.deals.read',
  'crm.schemas.deals.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.lists.read',
  'crm.lists.write',
];

/** Optional scopes of the default app (`optional_scope`): granted when asked for. */
export const OPTIONAL_APP_SCOPES: readonly string[] = ['crm.lists.read', 'crm.lists.write'];

/** Required scopes of the default app: every scope but the optional ones. */
export const REQUIRED_APP_SCOPES: readonly string[] = ALL_SCOPES.filter(
  (sc) => !OPTIONAL_APP_SCOPES.includes(sc),
);

export function objectTypeParam(raw: string | undefined): ObjectType {
  const t = parseObjectType(raw ?? '');
  if (t === undefined) throw unsupportedObjectType(raw ?? '');
  return t;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The body as an object, or HubSpot's 400. */
export function bodyObject(body: unknown): Record<string, unknown> {
  const r = asRecord(body);
  if (r === undefined) throw validationError('Invalid input JSON: expected an object.');
  return r;
}

/** `inputs` of a batch body: an array of ≤100 objects, or HubSpot's 400. */
export function batchInputs(body: unknown, limit: number = BATCH_LIMIT): Record<string, unknown>[] {
  const inputs = bodyObject(body)['inputs'];
  if (!Array.isArray(inputs)) {
    throw validationError('Invalid input JSON: inputs is required and must be an array.', {
      errors: [{ message: 'must not be null', code: 'REQUIRED_FIELD', context: { field: ['inputs'] } }],
    });
  }
  if (inputs.length > limit) throw batchTooLarge(limit);
  return inputs.map((i) => asRecord(i) ?? {});
}

/** `properties` / `propertiesWithHistory` from a query (comma-separated or repeated) or a body array. */
export function nameList(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => String(v)).filter((v) => v !== '');
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  return null;
}

export function queryList(query: URLSearchParams, name: string): string[] | null {
  const all = query.getAll(name);
  if (all.length === 0) return null;
  return all
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function batchEnvelope(
  startedAt: number,
  results: unknown[],
  errors: unknown[] = [],
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
  };
  if (errors.length > 0) {
    body['numErrors'] = errors.length;
    body['errors'] = errors;
  }
  body['startedAt'] = new Date(startedAt).toISOString();
  body['completedAt'] = new Date(startedAt).toISOString();
  return body;
}

/**
 * Meetings are governed by the contacts scopes (the meetings guide's scope requirements:
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/activities/meetings/guide).
 */
const SCOPE_OBJECT: Readonly<Record<ObjectType, string>> = {
  deals: 'deals',
  contacts: 'contacts',
  meetings: 'contacts',
  companies: 'companies',
};

export function readScope(type: ObjectType): string {
  return `crm.objects.${SCOPE_OBJECT[type]}.read`;
}

export function writeScope(type: ObjectType): string {
  return `crm.objects.${SCOPE_OBJECT[type]}.write`;
}
