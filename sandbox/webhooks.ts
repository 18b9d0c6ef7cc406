import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { signedHeaders } from '../src/hubspot/signature';
import { createRng, type Rng } from './rng';
import {
  OBJECT_TYPE_IDS,
  SINGULAR,
  defaultAssociationTypeId,
  parseObjectType,
  type ChangeEvent,
  type ObjectType,
  type SandboxApp,
} from './types';

/**
 * HubSpot webhooks as the sandbox sends them: the app's subscriptions (webhooks-hsmeta.json
 * style), events for every subscribed change — the app's own API writes included
 * (changeSource INTEGRATION, sourceId = app id) and user edits (CRM_UI, sourceId userId:<id>) —
 * batched ≤100 per POST per portal after a short flush delay, signed v3 with the client secret
 * (and v1), retried on any non-2xx / network error / timeout (> 5 s) up to 10 tries spread over
 * 24 hours (HUBSPOT_RETRY_SCHEDULE_MS, on a clock tests can speed up with `clockSpeed`),
 * `attemptNumber` counting from 0. Every delivery is recorded. Fault helpers duplicate, drop,
 * reorder and replay deliveries.
 *
 * Event format: `object.*` subscriptions (the project's `crmObjects`) deliver HubSpot's generic
 * format (`subscriptionType: "object.propertyChange"`, `objectTypeId: "0-3"`), legacy ones
 * (`legacyCrmObjects`, `deal.propertyChange`) the legacy format — as HubSpot does, see
 * https://developers.hubspot.com/changelog/public-beta-generic-webhook-subscriptions and
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks .
 * `payloadFormat: 'legacy'` forces the legacy format for every subscription.
 */

export type WebhookAction = 'creation' | 'deletion' | 'propertyChange' | 'associationChange' | 'merge';

/**
 * Delays (HubSpot time, ms) before retries 1..9 of a failed delivery: 10 tries in all, spread over
 * about 24 hours. HubSpot publishes no fixed schedule — "Notifications will be retried up to 10
 * times. These retries will be spread out over the next 24 hours, with varying delays between
 * requests. Individual notifications will have some randomization applied"
 * (https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks ,
 * https://developers.hubspot.com/docs/api/webhooks) — so these are growing delays that add up to
 * just under 24 h (23 h 51 min before jitter).
 */
export const HUBSPOT_RETRY_SCHEDULE_MS: readonly number[] = [1, 5, 15, 30, 60, 120, 240, 360, 600].map(
  (minutes) => minutes * 60_000,
);

/** One subscription, in any of the forms HubSpot config uses. */
export interface WebhookSubscriptionInput {
  /** `object.propertyChange` (crmObjects) or `deal.propertyChange` (legacyCrmObjects). */
  subscriptionType?: string;
  /** Alias of subscriptionType (e.g. `object.propertyChange`). */
  eventType?: string;
  /** `deal` | `contact` (also `deals`, `0-3`, …); required for `object.*` types. */
  objectType?: string;
  /** Alias of objectType used by some HubSpot config versions. */
  objectName?: string;
  /** Required by HubSpot for propertyChange; omitted = every property (sandbox leniency). */
  propertyName?: string;
  active?: boolean;
}

export interface WebhookSubscription {
  id: number;
  objectType: ObjectType;
  action: WebhookAction;
  propertyName: string | null;
  /** `legacy` → `deal.propertyChange`; `generic` → `object.propertyChange` + objectTypeId. */
  format: 'legacy' | 'generic';
  active: boolean;
}

/** A HubSpot webhook event as sent (fields absent when HubSpot would not send them). */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId?: number;
  objectTypeId?: string;
  propertyName?: string;
  propertyValue?: string;
  changeFlag?: string;
  changeSource: string;
  sourceId?: string;
  associationType?: string;
  fromObjectId?: number;
  toObjectId?: number;
  fromObjectTypeId?: string;
  toObjectTypeId?: string;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
  associationTypeId?: number;
  associationCategory?: string;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
}

export interface WebhookSettings {
  /** Where events are POSTed; null = events are recorded as undeliverable (state 'no-target'). */
  targetUrl: string | null;
  /** URI used for signing (default: targetUrl). */
  signedUri: string | null;
  /**
   * `as-subscribed` (default, as HubSpot): subscriptions given as `object.*` deliver HubSpot's
   * generic format (`object.propertyChange` with `objectTypeId`), legacy ones the legacy format.
   * `legacy`: every event uses `deal.*` / `contact.*` subscription types.
   */
  payloadFormat: 'legacy' | 'as-subscribed';
  maxBatchSize: number;
  flushDelayMs: number;
  /** Attempts per batch including the first (HubSpot: 10). */
  maxAttempts: number;
  /** HubSpot-time delay before each retry (the last entry repeats). Default HUBSPOT_RETRY_SCHEDULE_MS. */
  retryScheduleMs: readonly number[];
  /** Each retry delay is randomised by ± this share (HubSpot: "some randomization"). Default 0.1. */
  retryJitter: number;
  /**
   * How much faster than real time the retry clock runs: a retry scheduled `d` ms after a failure
   * is sent after `d / clockSpeed` real ms (1 = HubSpot's real 24 h; 10 000 = 24 h in 8.6 s).
   */
  clockSpeed: number;
  /** A delivery slower than this fails and is retried (HubSpot: 5 s). */
  timeoutMs: number;
  maxConcurrentRequests: number;
  /** Also send propertyChange events for the values an object is created with (default true). */
  propertyChangeOnCreate: boolean;
  /** Share of batches sent twice / silently dropped (fault injection). */
  duplicateRate: number;
  dropRate: number;
  /** Shuffle events inside batches and the order batches are sent in. */
  shuffle: boolean;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  targetUrl: null,
  signedUri: null,
  payloadFormat: 'as-subscribed',
  maxBatchSize: 100,
  flushDelayMs: 25,
  maxAttempts: 10,
  retryScheduleMs: HUBSPOT_RETRY_SCHEDULE_MS,
  retryJitter: 0.1,
  clockSpeed: 1,
  timeoutMs: 5_000,
  maxConcurrentRequests: 10,
  propertyChangeOnCreate: true,
  duplicateRate: 0,
  dropRate: 0,
  shuffle: false,
};

export interface DeliveryAttempt {
  attemptNumber: number;
  at: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  headers: Record<string, string>;
  body: string;
  /** HubSpot-time delay (ms) before the next attempt; null when none follows. */
  retryInMs: number | null;
}

export type DeliveryState =
  'queued' | 'in-flight' | 'retrying' | 'delivered' | 'failed' | 'dropped' | 'no-target';

export interface WebhookDelivery {
  id: number;
  portalId: number;
  kind: 'original' | 'duplicate' | 'replay';
  /** Events as first sent (attemptNumber of each attempt is in its body). */
  events: WebhookEvent[];
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** attemptNumber of the first attempt (0, or more for replays). */
  firstAttemptNumber: number;
}

export interface WebhookStats {
  eventsEmitted: number;
  deliveries: number;
  attempts: number;
  delivered: number;
  failed: number;
  dropped: number;
  queuedEvents: number;
  inFlight: number;
}

export interface WebhookContext {
  app: SandboxApp;
  now: () => number;
  isInstalled: (portalId: number) => boolean;
  seed: number;
}

const ACTIONS: readonly WebhookAction[] = [
  'creation',
  'deletion',
  'propertyChange',
  'associationChange',
  'merge',
];

/** Normalises the subscription forms (brief `{objectType, eventType}`, crmObjects, legacyCrmObjects). */
export function normalizeSubscriptions(inputs: readonly WebhookSubscriptionInput[]): WebhookSubscription[] {
  return inputs.map((s, i) => {
    const type = s.subscriptionType ?? s.eventType ?? '';
    const [prefix = '', actionRaw = ''] = type.split('.');
    const action = ACTIONS.find((a) => a === actionRaw);
    if (action === undefined) throw new Error(`Unsupported webhook subscription type '${type}'`);
    const generic = prefix === 'object';
    const objectType = parseObjectType(generic ? (s.objectType ?? s.objectName ?? '') : prefix);
    if (objectType === undefined) {
      throw new Error(
        `Webhook subscription '${type}' needs a deal or contact objectType (got '${s.objectType ?? s.objectName ?? prefix}')`,
      );
    }
    return {
      id: 2_000_001 + i,
      objectType,
      action,
      propertyName: s.propertyName ?? null,
      format: generic ? 'generic' : 'legacy',
      active: s.active ?? true,
    };
  });
}

/** Subscriptions from a webhooks-hsmeta.json document (`config.subscriptions.crmObjects` + `legacyCrmObjects`). */
export function subscriptionsFromHsMeta(doc: unknown): WebhookSubscriptionInput[] {
  const config = (doc as { config?: { subscriptions?: Record<string, unknown> } } | null)?.config;
  const subs =
    config?.subscriptions ?? (doc as { subscriptions?: Record<string, unknown> } | null)?.subscriptions ?? {};
  const out: WebhookSubscriptionInput[] = [];
  for (const key of ['crmObjects', 'legacyCrmObjects']) {
    const list = subs[key];
    if (!Array.isArray(list)) continue;
    for (const s of list as WebhookSubscriptionInput[]) {
      const type = s.subscriptionType ?? '';
      const object = type.split('.')[0];
      if (object !== 'object' && object !== 'deal' && object !== 'contact') continue;
      if (object === 'object' && parseObjectType(s.objectType ?? s.objectName ?? '') === undefined) continue;
      out.push({ ...s });
    }
  }
  return out;
}

interface Flight {
  delivery: WebhookDelivery;
  attemptNumber: number;
}

export class WebhookDispatcher {
  private settings: WebhookSettings;
  private subs: WebhookSubscription[] = [];
  private readonly queues = new Map<number, WebhookEvent[]>();
  private readonly flushTimers = new Map<number, NodeJS.Timeout>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private ready: Flight[] = [];
  private readonly records: WebhookDelivery[] = [];
  private readonly inFlight = new Set<http.ClientRequest>();
  private idleWaiters: (() => void)[] = [];
  private paused = false;
  private stopped = false;
  private nextEventId = 1_000_000_001;
  private nextDeliveryId = 1;
  private duplicateNextCount = 0;
  private dropNextCount = 0;
  private eventsEmitted = 0;
  private attemptsMade = 0;
  private readonly rng: Rng;
  /** Retry jitter has its own sequence, so failures don't shift the fault decisions. */
  private readonly jitterRng: Rng;
  private httpAgent: http.Agent;
  private httpsAgent: https.Agent;

  constructor(
    private readonly ctx: WebhookContext,
    settings: Partial<WebhookSettings> = {},
    subscriptions: readonly WebhookSubscriptionInput[] = [],
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...settings };
    this.subs = normalizeSubscriptions(subscriptions);
    this.rng = createRng(ctx.seed);
    this.jitterRng = createRng(ctx.seed ^ 0x5eed);
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: this.settings.maxConcurrentRequests });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: this.settings.maxConcurrentRequests });
  }

  // ---------------------------------------------------------------- configuration

  configure(patch: Partial<WebhookSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.pump();
  }

  get config(): WebhookSettings {
    return { ...this.settings };
  }

  setSubscriptions(inputs: readonly WebhookSubscriptionInput[]): WebhookSubscription[] {
    this.subs = normalizeSubscriptions(inputs);
    return this.subscriptions();
  }

  subscriptions(): WebhookSubscription[] {
    return this.subs.map((s) => ({ ...s }));
  }

  // ---------------------------------------------------------------- events

  /** Turns a state change into events for every matching subscription and queues them. */
  handleChange(change: ChangeEvent): void {
    if (this.stopped || this.subs.length === 0 || !this.ctx.isInstalled(change.portalId)) return;
    const events = this.eventsFor(change);
    if (events.length === 0) return;
    this.eventsEmitted += events.length;
    const queue = this.queues.get(change.portalId) ?? [];
    queue.push(...events);
    this.queues.set(change.portalId, queue);
    if (queue.length >= this.settings.maxBatchSize) this.flushPortal(change.portalId);
    else if (!this.flushTimers.has(change.portalId)) {
      const portalId = change.portalId;
      this.flushTimers.set(
        portalId,
        setTimeout(() => {
          this.flushTimers.delete(portalId);
          this.flushPortal(portalId);
        }, this.settings.flushDelayMs),
      );
    }
  }

  private base(sub: WebhookSubscription, change: ChangeEvent, singular: string): WebhookEvent {
    const format = this.settings.payloadFormat === 'as-subscribed' ? sub.format : 'legacy';
    const event: WebhookEvent = {
      eventId: this.nextEventId++,
      subscriptionId: sub.id,
      portalId: change.portalId,
      appId: this.ctx.app.appId,
      occurredAt: change.occurredAt,
      subscriptionType: `${format === 'generic' ? 'object' : singular}.${sub.action}`,
      attemptNumber: 0,
      changeSource: change.source.changeSource,
    };
    return event;
  }

  private finish(event: WebhookEvent, change: ChangeEvent): WebhookEvent {
    // Keep HubSpot's field order: changeSource, then sourceId, last.
    const { changeSource, ...rest } = event;
    const out: WebhookEvent = { ...rest, changeSource };
    if (change.source.sourceId !== null) out.sourceId = change.source.sourceId;
    return out;
  }

  private eventsFor(change: ChangeEvent): WebhookEvent[] {
    const out: WebhookEvent[] = [];
    const active = this.subs.filter((s) => s.active);
    if (change.kind === 'associationChange') {
      const sides = [
        { type: change.fromType, id: change.fromId, otherType: change.toType, otherId: change.toId },
        { type: change.toType, id: change.toId, otherType: change.fromType, otherId: change.fromId },
      ];
      for (const side of sides) {
        for (const sub of active) {
          if (sub.action !== 'associationChange' || sub.objectType !== side.type) continue;
          const generic = this.settings.payloadFormat === 'as-subscribed' && sub.format === 'generic';
          const e = this.base(sub, change, SINGULAR[side.type]);
          e.associationType = `${SINGULAR[side.type]}_TO_${SINGULAR[side.otherType]}`.toUpperCase();
          e.fromObjectId = Number(side.id);
          e.toObjectId = Number(side.otherId);
          if (generic) {
            e.fromObjectTypeId = OBJECT_TYPE_IDS[side.type];
            e.toObjectTypeId = OBJECT_TYPE_IDS[side.otherType];
          }
          e.associationRemoved = change.removed;
          e.isPrimaryAssociation = false;
          e.associationTypeId = defaultAssociationTypeId(side.type, side.otherType) ?? 0;
          e.associationCategory = 'HUBSPOT_DEFINED';
          out.push(this.finish(e, change));
        }
      }
      return out;
    }
    if (change.kind === 'propertyChange' && change.initial && !this.settings.propertyChangeOnCreate)
      return out;
    for (const sub of active) {
      if (sub.action !== change.kind || sub.objectType !== change.objectType) continue;
      if (
        change.kind === 'propertyChange' &&
        sub.propertyName !== null &&
        sub.propertyName !== change.propertyName
      ) {
        continue;
      }
      const generic = this.settings.payloadFormat === 'as-subscribed' && sub.format === 'generic';
      const e = this.base(sub, change, SINGULAR[change.objectType]);
      e.objectId = Number(change.objectId);
      if (generic) e.objectTypeId = OBJECT_TYPE_IDS[change.objectType];
      if (change.kind === 'propertyChange') {
        e.propertyName = change.propertyName;
        e.propertyValue = change.propertyValue;
      } else if (change.kind === 'merge') {
        // Merge payload fields: https://developers.hubspot.com/changelog/new-subscription-types-for-webhooks
        e.primaryObjectId = Number(change.objectId);
        e.mergedObjectIds = change.mergedObjectIds.map(Number);
        e.newObjectId = Number(change.objectId);
        e.numberOfPropertiesMoved = change.numberOfPropertiesMoved;
      } else {
        e.changeFlag = change.kind === 'creation' ? 'CREATED' : 'DELETED';
      }
      out.push(this.finish(e, change));
    }
    return out;
  }

  private flushPortal(portalId: number): void {
    const timer = this.flushTimers.get(portalId);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.flushTimers.delete(portalId);
    }
    const queue = this.queues.get(portalId);
    if (queue === undefined || queue.length === 0) {
      this.checkIdle();
      return;
    }
    while (queue.length > 0) {
      const batch = queue.splice(0, this.settings.maxBatchSize);
      this.enqueueDelivery(portalId, this.settings.shuffle ? this.rng.shuffle(batch) : batch, 'original', 0);
    }
    this.queues.delete(portalId);
    this.pump();
  }

  private enqueueDelivery(
    portalId: number,
    events: WebhookEvent[],
    kind: WebhookDelivery['kind'],
    firstAttempt: number,
  ): WebhookDelivery {
    const delivery: WebhookDelivery = {
      id: this.nextDeliveryId++,
      portalId,
      kind,
      events,
      state: 'queued',
      attempts: [],
      firstAttemptNumber: firstAttempt,
    };
    this.records.push(delivery);
    if (kind === 'original') {
      const drop = this.dropNextCount > 0 || this.rng.chance(this.settings.dropRate);
      if (drop) {
        if (this.dropNextCount > 0) this.dropNextCount--;
        delivery.state = 'dropped';
        return delivery;
      }
    }
    if (this.settings.targetUrl === null) {
      delivery.state = 'no-target';
      return delivery;
    }
    this.pushReady({ delivery, attemptNumber: firstAttempt });
    if (
      kind === 'original' &&
      (this.duplicateNextCount > 0 || this.rng.chance(this.settings.duplicateRate))
    ) {
      if (this.duplicateNextCount > 0) this.duplicateNextCount--;
      this.enqueueDelivery(
        portalId,
        events.map((e) => ({ ...e })),
        'duplicate',
        firstAttempt,
      );
    }
    return delivery;
  }

  /** HubSpot-time delay before retry number `n` (1-based), jittered. */
  private retryDelay(n: number): number {
    const schedule = this.settings.retryScheduleMs;
    const base = schedule[Math.min(n, schedule.length) - 1] ?? 0;
    const jitter = this.settings.retryJitter;
    return Math.round(base * (1 - jitter + 2 * jitter * this.jitterRng.next()));
  }

  private pushReady(flight: Flight): void {
    if (this.settings.shuffle && this.ready.length > 0) {
      this.ready.splice(this.rng.int(0, this.ready.length), 0, flight);
    } else {
      this.ready.push(flight);
    }
  }

  // ---------------------------------------------------------------- delivery

  private pump(): void {
    while (
      !this.paused &&
      !this.stopped &&
      this.inFlight.size < this.settings.maxConcurrentRequests &&
      this.ready.length > 0
    ) {
      const flight = this.ready.shift() as Flight;
      this.attempt(flight);
    }
    this.checkIdle();
  }

  private attempt(flight: Flight): void {
    const { delivery, attemptNumber } = flight;
    const target = this.settings.targetUrl;
    if (target === null) {
      delivery.state = 'no-target';
      return;
    }
    const body = JSON.stringify(delivery.events.map((e) => ({ ...e, attemptNumber })));
    const now = this.ctx.now();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon (sandbox)',
      'X-HubSpot-Signature': createHash('sha256')
        .update(this.ctx.app.clientSecret + body)
        .digest('hex'),
      'X-HubSpot-Signature-Version': 'v1',
      ...signedHeaders({
        clientSecret: this.ctx.app.clientSecret,
        method: 'POST',
        uri: this.settings.signedUri ?? target,
        body,
        now,
      }),
    };
    delivery.state = 'in-flight';
    this.attemptsMade++;
    const started = Date.now();
    const url = new URL(target);
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    const settle = (status: number | null, error: string | null): void => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(req);
      if (this.stopped) return;
      const ok = status !== null && status >= 200 && status < 300;
      const retry = !ok && delivery.attempts.length + 1 < this.settings.maxAttempts;
      const retryInMs = retry ? this.retryDelay(delivery.attempts.length + 1) : null;
      delivery.attempts.push({
        attemptNumber,
        at: now,
        status,
        error,
        durationMs: Date.now() - started,
        headers,
        body,
        retryInMs,
      });
      if (ok) {
        delivery.state = 'delivered';
      } else if (retryInMs !== null) {
        // Any non-2xx, connection failure or timeout is retried (configure-webhooks doc, above).
        delivery.state = 'retrying';
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          this.ready.push({ delivery, attemptNumber: attemptNumber + 1 });
          this.pump();
        }, retryInMs / this.settings.clockSpeed);
        this.retryTimers.add(timer);
      } else {
        delivery.state = 'failed';
      }
      this.pump();
    };
    const req = lib.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
        timeout: this.settings.timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => settle(res.statusCode ?? null, null));
        res.on('error', (err) => settle(null, err.message));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`timed out after ${this.settings.timeoutMs} ms`));
    });
    req.on('error', (err) => settle(null, err.message));
    this.inFlight.add(req);
    req.end(body);
  }

  // ---------------------------------------------------------------- control

  pause(): void {
    this.paused = true;
    this.checkIdle();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The next `n` batches are delivered twice (same events, same eventIds). */
  duplicateNext(n = 1): void {
    this.duplicateNextCount += n;
  }

  /** The next `n` batches are silently lost (a missed webhook). */
  dropNext(n = 1): void {
    this.dropNextCount += n;
  }

  /** Shuffles every event not yet sent (queued events and waiting batches). */
  reorderPending(): void {
    for (const [portalId, q] of this.queues) this.queues.set(portalId, this.rng.shuffle(q));
    this.ready = this.rng.shuffle(this.ready);
    for (const f of this.ready) {
      if (f.delivery.attempts.length === 0) f.delivery.events = this.rng.shuffle(f.delivery.events);
    }
  }

  /** Sends a recorded delivery's events again (same eventIds), as a new delivery. */
  replay(deliveryId: number, options: { attemptNumber?: number } = {}): WebhookDelivery {
    const original = this.records.find((d) => d.id === deliveryId);
    if (original === undefined) throw new Error(`No webhook delivery ${deliveryId}`);
    const d = this.enqueueDelivery(
      original.portalId,
      original.events.map((e) => ({ ...e })),
      'replay',
      options.attemptNumber ?? original.firstAttemptNumber + Math.max(1, original.attempts.length),
    );
    this.pump();
    return d;
  }

  /** Flushes queued events now (skips the flush delay). */
  flush(): void {
    for (const portalId of [...this.queues.keys()]) this.flushPortal(portalId);
  }

  deliveries(filter: { portalId?: number; state?: DeliveryState } = {}): WebhookDelivery[] {
    return this.records.filter(
      (d) =>
        (filter.portalId === undefined || d.portalId === filter.portalId) &&
        (filter.state === undefined || d.state === filter.state),
    );
  }

  /** Events of successful attempts, in the order they were acknowledged (duplicates and replays included). */
  deliveredEvents(filter: { portalId?: number } = {}): WebhookEvent[] {
    const out: { at: number; seq: number; events: WebhookEvent[] }[] = [];
    for (const d of this.records) {
      if (filter.portalId !== undefined && d.portalId !== filter.portalId) continue;
      const ok = d.attempts.find((a) => a.status !== null && a.status >= 200 && a.status < 300);
      if (ok === undefined) continue;
      out.push({ at: ok.at + ok.durationMs, seq: d.id, events: JSON.parse(ok.body) as WebhookEvent[] });
    }
    return out.sort((a, b) => a.at - b.at || a.seq - b.seq).flatMap((x) => x.events);
  }

  stats(): WebhookStats {
    let queued = 0;
    for (const q of this.queues.values()) queued += q.length;
    return {
      eventsEmitted: this.eventsEmitted,
      deliveries: this.records.length,
      attempts: this.attemptsMade,
      delivered: this.records.filter((d) => d.state === 'delivered').length,
      failed: this.records.filter((d) => d.state === 'failed').length,
      dropped: this.records.filter((d) => d.state === 'dropped').length,
      queuedEvents: queued,
      inFlight: this.inFlight.size,
    };
  }

  /** Forgets recorded deliveries and counters (pending work continues). */
  resetRecords(): void {
    const keep = new Set([...this.ready.map((f) => f.delivery)]);
    const kept = this.records.filter((d) => keep.has(d) || d.state === 'in-flight' || d.state === 'retrying');
    this.records.length = 0;
    this.records.push(...kept);
    this.eventsEmitted = 0;
    this.attemptsMade = 0;
  }

  private isIdle(): boolean {
    if (this.stopped) return true;
    if (this.flushTimers.size > 0 || this.retryTimers.size > 0 || this.inFlight.size > 0) return false;
    for (const q of this.queues.values()) if (q.length > 0) return false;
    return this.paused || this.ready.length === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Resolves when every pending delivery has settled: nothing queued, no flush or retry timer,
   * nothing in flight. While paused, resolves once nothing is in flight (queued batches wait).
   */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops timers and in-flight requests; nothing is sent afterwards. */
  stop(): void {
    this.stopped = true;
    for (const t of this.flushTimers.values()) clearTimeout(t);
    this.flushTimers.clear();
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    this.ready = [];
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.checkIdle();
  }
}
