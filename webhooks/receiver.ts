import { performance } from 'node:perf_hooks';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../src/logger';
import { SCORING_INPUTS, isOutputProperty } from '../src/methodology';
import type { Metrics } from '../src/observability/metrics';
import { MEETING_READ_PROPERTIES } from '../src/hubspot/deal-snapshots';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type SignatureFailure } from '../src/hubspot/signature';
import { fromBodyParserError, sendJsonError, withTimeout } from '../src/http/http-error';
import { checkRequestSignature } from '../src/http/request-signature';
import type { RecomputeQueue, RecomputeRequest } from './queue';

/**
 * POST /webhooks/hubspot — HubSpot webhook intake: verify → validate → enqueue, nothing else.
 *
 *   body > 1 MB                           → 413
 *   bad / missing / stale v3 signature    → 401   (checked on the raw bytes, before any parsing)
 *   content type not JSON                 → 415
 *   not JSON / not an array of events     → 400
 *   Redis unavailable                     → 503 + Retry-After (HubSpot retries; nothing is lost)
 *   otherwise                             → 200 { received, queued }
 *
 * Events of unknown or uninstalled portals are acknowledged and counted, not queued. Changes to
 * properties Stepwise writes are ignored (write-back loop prevention), and so are changes to
 * properties no output depends on. No HubSpot call is made here.
 */

export const WEBHOOK_PATH = '/webhooks/hubspot';
export const WEBHOOK_BODY_LIMIT = '1mb';
export const MAX_EVENTS_PER_REQUEST = 1000;

/** What the receiver needs from the installation store. */
export interface InstallationLookup {
  statusCached(portalId: string): Promise<'installed' | 'uninstalled' | 'unknown'>;
}

export interface WebhookReceiverDeps {
  clientSecret: string;
  /** PUBLIC_BASE_URL: HubSpot signs `method + PUBLIC_BASE_URL + path?query + body + timestamp`. */
  publicBaseUrl: string;
  installations: InstallationLookup;
  queue: Pick<RecomputeQueue, 'enqueue'>;
  metrics?: Metrics;
  logger?: Logger;
  now?: () => number;
  /** Redis calls slower than this answer 503. Default 2 000 ms. */
  redisTimeoutMs?: number;
  /** Seconds in the Retry-After of a 503. Default 10. */
  retryAfterSeconds?: number;
}

const id = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)])
  .transform(String);

/** One HubSpot webhook event (legacy `deal.*`/`contact.*` and generic `object.*` formats). */
export const webhookEventSchema = z
  .looseObject({
    eventId: id,
    subscriptionId: id,
    portalId: id,
    appId: id,
    occurredAt: z.number().int().nonnegative(),
    subscriptionType: z.string().min(1).max(100),
    attemptNumber: z.number().int().nonnegative(),
    objectId: id.optional(),
    objectTypeId: z.string().max(50).optional(),
    propertyName: z.string().max(200).optional(),
    propertyValue: z.string().nullable().optional(),
    changeSource: z.string().max(100).optional(),
    sourceId: z.string().max(200).nullable().optional(),
    changeFlag: z.string().optional(),
    associationType: z.string().max(100).optional(),
    associationTypeId: z.number().int().optional(),
    associationCategory: z.string().optional(),
    fromObjectId: id.optional(),
    toObjectId: id.optional(),
    fromObjectTypeId: z.string().optional(),
    toObjectTypeId: z.string().optional(),
    associationRemoved: z.boolean().optional(),
    isPrimaryAssociation: z.boolean().optional(),
    primaryObjectId: id.optional(),
    mergedObjectIds: z.array(id).optional(),
    newObjectId: id.optional(),
  })
  .superRefine((e, ctx) => {
    const action = e.subscriptionType.split('.')[1] ?? '';
    if (action === 'associationChange') {
      for (const f of ['fromObjectId', 'toObjectId'] as const) {
        if (e[f] === undefined)
          ctx.addIssue({ code: 'custom', path: [f], message: `${f} is required for associationChange` });
      }
      if (e.associationType === undefined && e.associationTypeId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['associationType'],
          message: 'associationType is required for associationChange',
        });
      }
      return;
    }
    if (action === 'merge') {
      if (e.primaryObjectId === undefined && e.objectId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['primaryObjectId'],
          message: 'primaryObjectId is required for merge',
        });
      }
      return;
    }
    if (['creation', 'deletion', 'propertyChange', 'restore'].includes(action) && e.objectId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['objectId'], message: `objectId is required for ${action}` });
    }
    if (action === 'propertyChange' && e.propertyName === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['propertyName'],
        message: 'propertyName is required for propertyChange',
      });
    }
  });

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookBatchSchema = z.array(webhookEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST);

export type EventRoute =
  | { target: 'deal'; id: string }
  | { target: 'contact'; id: string }
  | { target: 'meeting'; id: string }
  | { target: 'ignore'; outcome: 'ignored_output' | 'ignored_property' | 'ignored_type' };

type CrmObject = 'deal' | 'contact' | 'meeting';

/**
 * Meeting properties a completed visit depends on (src/hubspot/deal-snapshots.ts
 * isCompletedVisit); scripts/generate-hubspot.ts subscribes to exactly these.
 */
export const MEETING_INPUTS: readonly string[] = MEETING_READ_PROPERTIES;

const INPUTS: Readonly<Record<CrmObject, ReadonlySet<string>>> = {
  deal: new Set(SCORING_INPUTS.deal),
  contact: new Set(SCORING_INPUTS.contact),
  meeting: new Set(MEETING_INPUTS),
};
/** Object type ids of generic `object.*` events (meetings: 0-47, webhook object MEETING_EVENT). */
const OBJECT_TYPE_IDS: Record<string, CrmObject> = { '0-3': 'deal', '0-1': 'contact', '0-47': 'meeting' };
const OBJECT_NAMES: Record<string, CrmObject> = {
  deal: 'deal',
  contact: 'contact',
  meeting: 'meeting',
  meeting_event: 'meeting',
};

/** What an event means for Stepwise: recompute a deal, fan out from a contact or meeting, or nothing. */
export function routeEvent(e: WebhookEvent): EventRoute {
  const [objectPart = '', action = ''] = e.subscriptionType.split('.');
  const object =
    objectPart === 'object'
      ? e.objectTypeId !== undefined
        ? OBJECT_TYPE_IDS[e.objectTypeId]
        : undefined
      : OBJECT_NAMES[objectPart.toLowerCase()];

  if (action === 'associationChange') return routeAssociation(e);
  if (object === undefined) return { target: 'ignore', outcome: 'ignored_type' };

  switch (action) {
    case 'propertyChange': {
      const name = e.propertyName ?? '';
      if (isOutputProperty(name)) return { target: 'ignore', outcome: 'ignored_output' };
      if (!INPUTS[object].has(name)) return { target: 'ignore', outcome: 'ignored_property' };
      return { target: object, id: e.objectId as string };
    }
    case 'creation':
      // A new contact or meeting has no deals yet; its associations arrive as associationChange events.
      return object === 'deal'
        ? { target: 'deal', id: e.objectId as string }
        : { target: 'ignore', outcome: 'ignored_type' };
    case 'restore':
      return { target: object, id: e.objectId as string };
    case 'deletion':
      // The worker finds the deal missing and skips it. A deleted contact or meeting can no longer
      // be looked up: its removal surfaces as association changes on the deal, and reconcile.
      return object === 'deal'
        ? { target: 'deal', id: e.objectId as string }
        : { target: 'ignore', outcome: 'ignored_type' };
    case 'merge': {
      const primary = (e.primaryObjectId ?? e.objectId) as string;
      return { target: object, id: e.newObjectId ?? primary };
    }
    default:
      return { target: 'ignore', outcome: 'ignored_type' };
  }
}

/**
 * Association sides that change a deal's inputs: deal↔contact (the decision chain) and
 * deal↔meeting (visits). Per pair: the object type ids of generic events, the legacy type names,
 * and HubSpot's default type ids (3/4 deal↔contact, 212/211 deal↔meeting,
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide).
 */
const DEAL_ASSOCIATIONS: readonly {
  dealFirst: boolean;
  typeIds: [string, string];
  names: readonly string[];
  typeId: number;
}[] = [
  { dealFirst: true, typeIds: ['0-3', '0-1'], names: ['DEAL_TO_CONTACT', '0-3_TO_0-1'], typeId: 3 },
  { dealFirst: false, typeIds: ['0-1', '0-3'], names: ['CONTACT_TO_DEAL', '0-1_TO_0-3'], typeId: 4 },
  {
    dealFirst: true,
    typeIds: ['0-3', '0-47'],
    names: ['DEAL_TO_MEETING', 'DEAL_TO_MEETING_EVENT', '0-3_TO_0-47'],
    typeId: 212,
  },
  {
    dealFirst: false,
    typeIds: ['0-47', '0-3'],
    names: ['MEETING_TO_DEAL', 'MEETING_EVENT_TO_DEAL', '0-47_TO_0-3'],
    typeId: 211,
  },
];

/** Deal↔contact or deal↔meeting association added or removed → recompute the deal. */
function routeAssociation(e: WebhookEvent): EventRoute {
  const type = (e.associationType ?? '').toUpperCase();
  const hubspotDefined = e.associationCategory === undefined || e.associationCategory === 'HUBSPOT_DEFINED';
  const generic = e.fromObjectTypeId !== undefined && e.toObjectTypeId !== undefined;
  const match = DEAL_ASSOCIATIONS.find((a) =>
    generic
      ? a.typeIds[0] === e.fromObjectTypeId && a.typeIds[1] === e.toObjectTypeId
      : a.names.includes(type) || (hubspotDefined && e.associationTypeId === a.typeId),
  );
  if (match === undefined) return { target: 'ignore', outcome: 'ignored_type' };
  return { target: 'deal', id: (match.dealFirst ? e.fromObjectId : e.toObjectId) as string };
}

const FAILURE_MESSAGES: Record<SignatureFailure, string> = {
  missing_signature: `Missing ${SIGNATURE_HEADER} header: requests must be signed by HubSpot (v3).`,
  missing_timestamp: `Missing ${TIMESTAMP_HEADER} header.`,
  bad_timestamp: `${TIMESTAMP_HEADER} must be milliseconds since the epoch.`,
  stale: 'Request timestamp is outside the 5-minute window (replayed or clock skew).',
  mismatch:
    'Signature does not match: check HUBSPOT_CLIENT_SECRET and PUBLIC_BASE_URL (must equal the URL HubSpot calls).',
};

export function createWebhookReceiver(deps: WebhookReceiverDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const redisTimeoutMs = deps.redisTimeoutMs ?? 2_000;
  const retryAfter = String(deps.retryAfterSeconds ?? 10);
  const baseUrl = deps.publicBaseUrl.replace(/\/+$/, '');
  const { metrics, logger } = deps;

  const reject = (
    res: Response,
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    issues?: { path: string; message: string }[],
  ): void => {
    metrics?.webhookRejected.inc({ status: String(status) });
    logger?.warn({ status, errorCode: code, ...extra }, 'webhook rejected');
    sendJsonError(
      res,
      status,
      code,
      message,
      issues,
      status === 503 ? { 'Retry-After': retryAfter } : undefined,
    );
  };

  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });

  const handle = async (req: Request, res: Response): Promise<void> => {
    const started = performance.now();
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

    const check = checkRequestSignature(req, {
      clientSecret: deps.clientSecret,
      publicBaseUrl: baseUrl,
      now: now(),
    });
    if (!check.ok) {
      reject(res, 401, 'UNAUTHORIZED', FAILURE_MESSAGES[check.reason], { reason: check.reason });
      return;
    }
    if (req.is(['application/json', '+json']) === false || req.headers['content-type'] === undefined) {
      reject(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json.');
      return;
    }

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      reject(res, 400, 'INVALID_JSON', 'Request body is not valid JSON.');
      return;
    }
    const parsed = webhookBatchSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ path: i.path.join('.'), message: i.message }));
      reject(
        res,
        400,
        'VALIDATION_FAILED',
        `Expected a JSON array of 1–${MAX_EVENTS_PER_REQUEST} HubSpot webhook events.`,
        {},
        issues,
      );
      return;
    }
    const events = parsed.data;

    // Route events; look up each portal once.
    const routed = events.map((e) => ({ portalId: e.portalId, route: routeEvent(e) }));
    const portals = [...new Set(routed.filter((r) => r.route.target !== 'ignore').map((r) => r.portalId))];
    let statuses: Map<string, string>;
    try {
      const looked = await withTimeout(
        Promise.all(portals.map(async (p) => [p, await deps.installations.statusCached(p)] as const)),
        redisTimeoutMs,
        'Redis',
      );
      statuses = new Map(looked);
    } catch (err) {
      reject(
        res,
        503,
        'UNAVAILABLE',
        'Storage is temporarily unavailable; HubSpot will retry this delivery.',
        { err: errMessage(err) },
      );
      return;
    }

    const outcomes = new Map<string, number>();
    const count = (o: string): void => {
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    };
    const byPortal = new Map<string, { deals: Set<string>; contacts: Set<string>; meetings: Set<string> }>();
    let queued = 0;
    for (const { portalId, route } of routed) {
      if (route.target === 'ignore') {
        count(route.outcome);
        continue;
      }
      const status = statuses.get(portalId);
      if (status !== 'installed') {
        count(status === 'uninstalled' ? 'ignored_uninstalled' : 'ignored_unknown_portal');
        continue;
      }
      let entry = byPortal.get(portalId);
      if (entry === undefined) {
        entry = { deals: new Set(), contacts: new Set(), meetings: new Set() };
        byPortal.set(portalId, entry);
      }
      const ids = { deal: entry.deals, contact: entry.contacts, meeting: entry.meetings }[route.target];
      ids.add(route.id);
      queued += 1;
      count('accepted');
    }

    if (byPortal.size > 0) {
      const requests: RecomputeRequest[] = [...byPortal].map(([portalId, e]) => ({
        portalId,
        ...(e.deals.size > 0 ? { dealIds: [...e.deals] } : {}),
        ...(e.contacts.size > 0 ? { contactIds: [...e.contacts] } : {}),
        ...(e.meetings.size > 0 ? { meetingIds: [...e.meetings] } : {}),
        reason: 'webhook',
      }));
      try {
        await withTimeout(deps.queue.enqueue(requests), redisTimeoutMs, 'Redis');
      } catch (err) {
        reject(
          res,
          503,
          'UNAVAILABLE',
          'Queue is temporarily unavailable; HubSpot will retry this delivery.',
          { err: errMessage(err) },
        );
        return;
      }
    }

    for (const [outcome, n] of outcomes) metrics?.webhookEvents.inc({ outcome }, n);
    res.status(200).json({ received: events.length, queued });
    metrics?.webhookAckSeconds.observe((performance.now() - started) / 1000);
    logger?.debug({ received: events.length, queued, portals: byPortal.size }, 'webhook accepted');
  };

  router.post(WEBHOOK_PATH, rawBody, (req, res, next) => {
    handle(req, res).catch(next);
  });
  router.all(WEBHOOK_PATH, (_req, res) => {
    res.set('Allow', 'POST');
    sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST for HubSpot webhook deliveries.');
  });
  // Body-reading failures of this route (too large, aborted, bad encoding).
  router.use(WEBHOOK_PATH, (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const httpErr = fromBodyParserError(err, '1 MB');
    if (httpErr === null) {
      next(err);
      return;
    }
    reject(res, httpErr.status, httpErr.code, httpErr.message);
  });
  return router;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
