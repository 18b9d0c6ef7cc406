import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type {
  ApiErrorCode,
  DealCardView,
  DecisionChainView,
  DisconnectResult,
  Lang,
  RegradeStatus,
  SettingsView,
} from '../../../extensions/app/cards/lib/api-types';
import { loadDealSnapshots, type LoadedDeal } from '../../hubspot/deal-snapshots';
import type { PipelinesCache } from '../../hubspot/pipelines-cache';
import type { PortalClient } from '../../hubspot/portal-client';
import { relabelProperties, type HubSpotCall } from '../../hubspot/provisioning';
import type { Logger } from '../../logger';
import {
  evaluateDeal,
  findItem,
  parsePortalSettings,
  type DealEvaluation,
  type DealSnapshot,
  type Language,
  type PortalSettings,
  type SettingsParseResult,
} from '../../methodology';
import { HttpError, sendJsonError } from '../../http/http-error';
import { recomputeEditedDeal, type RecomputeContext, type WriteBackGate } from '../../../webhooks/recompute';
import { rulesUpgradeStatus } from '../../../webhooks/rules-regrade';
import { redisKeys } from '../../redis/keys';
import { WriteBackPause } from '../../settings/write-back-pause';
import { registerOpsRoutes, type OpsRouteDeps } from './ops-routes';
import { DealLocks } from './deal-lock';
import { buildDealCardView } from './deal-card-view';
import { CONTACT_FIELDS, buildDecisionChainView } from './decision-chain-view';
import { MESSAGES, fail, toFailure } from './errors';
import { languageOf } from './localize';
import { buildSettingsView } from './settings-view';
import { isChecked, mergeStepValue } from './step-value';
import { PortalRemovalError, type PortalRemovalReport } from '../portal-removal';

/**
 * The card API (contract: extensions/app/cards/lib/api-types.ts), mounted by the HTTP edge at
 * /api/v1 BEHIND the v3 signature middleware (src/server/signed-request.ts), which sets
 * `res.locals.portalId` from the signed query. Every HubSpot call goes through PortalClients
 * (token, shared rate limit, classified errors) with a short limiter budget: a card waits 15 s at most.
 *
 *   GET   /deals/:dealId/card                 DealCardView
 *   POST  /deals/:dealId/items                tick / untick one item → DealCardView
 *   GET   /deals/:dealId/decision-chain       DecisionChainView
 *   PATCH /deals/:dealId/contacts/:contactId  role / stance / depth / personality → DecisionChainView
 *   GET   /settings, PUT /settings            SettingsView (PUT re-labels properties on a language change)
 *   POST  /regrade, GET /regrade              RegradeStatus
 *   POST  /disconnect                         DisconnectResult (uninstall at HubSpot, revoke, delete Stepwise data)
 *
 * Changes to one deal run under a per-deal Redis lock (read → merge → evaluate → ONE batch update
 * of the input plus the recomputed outputs), so the card shows the new grades at once and two
 * concurrent ticks never lose each other.
 */
export interface CardApiDeps {
  /** PortalClients (WORKER): HubSpot access per portal. */
  portals: { forPortal(portalId: string): PortalClient };
  /** Stage metadata (deal closed? won?) and the pipelines listed on the settings page. */
  pipelines: PipelinesCache;
  /** Per-portal settings (src/settings/settings-store.ts). */
  settings: {
    get(portalId: string): Promise<PortalSettings>;
    save(portalId: string, patch: unknown): Promise<SettingsParseResult>;
  };
  /** Installations (installation status on the settings page). */
  installations: {
    get(
      portalId: string,
    ): Promise<{ installedAt: string; scopes: string[]; status: 'installed' | 'uninstalled' } | null>;
  };
  /** Backfill control (webhooks/backfill.ts). */
  regrade: {
    startBackfill(portalId: string, options?: { restart?: boolean }): Promise<RegradeStatus>;
    getBackfillStatus(portalId: string): Promise<RegradeStatus>;
  };
  /** Write-back pause (default: src/settings/write-back-pause.ts on `redis`). */
  writeBack?: WriteBackGate & OpsRouteDeps['writeBack'];
  /** Redis for the per-deal locks. */
  redis: Redis;
  prefix?: string;
  /** Re-labels Stepwise's properties (relabelProperties by default). */
  relabel?: (call: HubSpotCall, language: Language) => Promise<unknown>;
  evaluate?: (snapshot: DealSnapshot, settings: PortalSettings) => DealEvaluation;
  logger?: Logger;
  now?: () => Date;
  lock?: { ttlMs?: number; waitMs?: number };
  /** Longest wait for a rate-limit slot per HubSpot call. Default 3 000 ms. */
  hubspotMaxWaitMs?: number;
  /** How long the portal's currency is remembered. Default 10 min. */
  currencyTtlMs?: number;
  /** Disconnect (src/server/portal-removal.ts); absent → POST /disconnect answers 404. */
  disconnect?: (portalId: string) => Promise<PortalRemovalReport>;
}

const ID = /^\d{1,20}$/;

const tickSchema = z
  .object({
    playbook: z.string().min(1).max(60),
    step: z.string().min(1).max(60),
    item: z.string().min(1).max(80),
    checked: z.boolean(),
  })
  .strict();

const disconnectSchema = z.object({ confirm: z.literal(true) }).strict();

const contactPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(CONTACT_FIELDS).map(([name, values]) => [
        name,
        z
          .enum(values as unknown as [string, ...string[]])
          .nullable()
          .optional(),
      ]),
    ),
  )
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'Change at least one field.' });

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

interface Ctx {
  req: Request;
  res: Response;
  portalId: string;
  lang: Lang;
  portal: PortalClient;
}

export function createCardApiRouter(deps: CardApiDeps): Router {
  const router = express.Router();
  const evaluate = deps.evaluate ?? evaluateDeal;
  const relabel = deps.relabel ?? ((call, language) => relabelProperties(call, language));
  const now = deps.now ?? (() => new Date());
  const writeBack = deps.writeBack ?? new WriteBackPause(deps.redis, deps.prefix);
  const keys = redisKeys(deps.prefix ?? 'sw');
  // The card's changes go through the worker's recompute path (evaluate → diff → one write).
  const recompute: RecomputeContext = {
    pipelines: deps.pipelines,
    evaluate,
    now,
    writeBack,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  const maxWaitMs = deps.hubspotMaxWaitMs ?? 3_000;
  const locks = new DealLocks({
    redis: deps.redis,
    ...(deps.prefix !== undefined ? { prefix: deps.prefix } : {}),
    ...(deps.lock?.ttlMs !== undefined ? { ttlMs: deps.lock.ttlMs } : {}),
    ...(deps.lock?.waitMs !== undefined ? { waitMs: deps.lock.waitMs } : {}),
  });
  const currencyTtlMs = deps.currencyTtlMs ?? 10 * 60_000;
  const currencies = new Map<string, { at: number; value: string | null }>();

  /** The portal's client with the card's limiter budget on every call (a rep waits: interactive). */
  const portalFor = (portalId: string): PortalClient => {
    const inner = deps.portals.forPortal(portalId);
    return {
      portalId,
      call: (operation, fn, options) =>
        inner.call(operation, fn, { maxWaitMs, priority: 'interactive', ...options }),
    };
  };

  const handle =
    (fn: (ctx: Ctx) => Promise<unknown>, notFound: 'deal' | 'contact' = 'deal') =>
    async (req: Request, res: Response): Promise<void> => {
      const lang = languageOf(req.query['locale']);
      const portalId = res.locals['portalId'];
      if (typeof portalId !== 'string' || !ID.test(portalId)) {
        // Only reachable when the router is mounted without the signature middleware.
        sendJsonError(res, 401, 'UNAUTHORIZED', 'Unsigned request.');
        return;
      }
      try {
        const body = await fn({ req, res, portalId, lang, portal: portalFor(portalId) });
        res.status(200).type('application/json').send(JSON.stringify(body));
      } catch (err) {
        const failure = toFailure(err, lang, notFound);
        if (failure.status >= 500) {
          deps.logger?.error(
            {
              err: err instanceof Error ? { name: err.name, message: err.message } : String(err),
              portalId,
              path: req.path,
            },
            'card API request failed',
          );
        } else {
          deps.logger?.info(
            { portalId, path: req.path, status: failure.status, code: failure.code },
            'card API request refused',
          );
        }
        sendJsonError(res, failure.status, failure.code, failure.message, failure.issues, failure.headers);
      }
    };

  const dealIdOf = (ctx: Ctx): string => {
    const id = String(ctx.req.params['dealId'] ?? '');
    if (!ID.test(id)) throw fail(400, 'VALIDATION_FAILED', MESSAGES.badDealId, ctx.lang);
    return id;
  };

  const loadDeal = async (ctx: Ctx, dealId: string): Promise<LoadedDeal> => {
    // Same inputs as the worker's recompute: visits from meetings, evaluated at the clock's time.
    const res = await loadDealSnapshots(ctx.portal, [dealId], { pipelines: deps.pipelines, asOf: now() });
    const deal = res.deals[0];
    if (deal === undefined) throw fail(404, 'DEAL_NOT_FOUND', MESSAGES.dealNotFound, ctx.lang);
    return deal;
  };

  const currencyOf = async (portal: PortalClient): Promise<string | null> => {
    const hit = currencies.get(portal.portalId);
    if (hit !== undefined && Date.now() - hit.at < currencyTtlMs) return hit.value;
    let value: string | null = null;
    try {
      const res = await portal.call('accountInfo.details', (c) =>
        c.apiRequest({ method: 'GET', path: '/account-info/v3/details' }),
      );
      if (res.ok) {
        const body = (await res.json()) as { companyCurrency?: unknown };
        value =
          typeof body.companyCurrency === 'string' && body.companyCurrency !== ''
            ? body.companyCurrency
            : null;
      }
    } catch (err) {
      deps.logger?.debug({ portalId: portal.portalId, err: String(err) }, 'portal currency unavailable');
    }
    currencies.set(portal.portalId, { at: Date.now(), value });
    return value;
  };

  const settingsView = async (ctx: Ctx, settings: PortalSettings): Promise<SettingsView> => {
    const [pipelines, currency, installation, regrade, paused] = await Promise.all([
      deps.pipelines.getPipelines(ctx.portal),
      currencyOf(ctx.portal),
      deps.installations.get(ctx.portalId),
      deps.regrade.getBackfillStatus(ctx.portalId),
      writeBack.preview(ctx.portalId),
    ]);
    const rulesUpgrade = await rulesUpgradeStatus(
      { redis: deps.redis, keys },
      ctx.portalId,
      regrade.state === 'running',
    );
    return buildSettingsView({
      portalId: ctx.portalId,
      lang: ctx.lang,
      settings,
      pipelines,
      currency,
      installation,
      regrade,
      writeBack: paused,
      rulesUpgrade,
    });
  };

  // ---- deal sidebar: Sales steps -------------------------------------------------------------

  router.get(
    '/deals/:dealId/card',
    handle(async (ctx): Promise<DealCardView> => {
      const dealId = dealIdOf(ctx);
      // The portal currency (cached per portal) labels the amount; unknown → the bare number.
      const [deal, settings, currency] = await Promise.all([
        loadDeal(ctx, dealId),
        deps.settings.get(ctx.portalId),
        currencyOf(ctx.portal),
      ]);
      const evaluation = evaluate(deal.snapshot, settings);
      return buildDealCardView({
        portalId: ctx.portalId,
        snapshot: deal.snapshot,
        evaluation,
        lang: ctx.lang,
        currency,
      });
    }),
  );

  router.post(
    '/deals/:dealId/items',
    handle(async (ctx): Promise<DealCardView> => {
      const dealId = dealIdOf(ctx);
      const parsed = tickSchema.safeParse(ctx.req.body);
      if (!parsed.success) {
        throw fail(400, 'VALIDATION_FAILED', MESSAGES.invalidTick, ctx.lang, issuesOf(parsed.error));
      }
      const tick = parsed.data;
      const entry = findItem(`${tick.playbook}.${tick.step}.${tick.item}`);
      if (entry === undefined) {
        throw fail(400, 'VALIDATION_FAILED', MESSAGES.unknownItem, ctx.lang, [
          { path: 'item', message: `unknown item ${tick.playbook}.${tick.step}.${tick.item}` },
        ]);
      }
      const settings = await deps.settings.get(ctx.portalId);
      return locks.withLock(ctx.portalId, dealId, async () => {
        const deal = await loadDeal(ctx, dealId);
        const property = entry.step.property;
        const before = deal.snapshot.properties[property];
        const inputChanged = isChecked(before, tick.item) !== tick.checked;
        const value = inputChanged
          ? mergeStepValue(before, entry.step, tick.item, tick.checked)
          : (before ?? '');
        const snapshot: DealSnapshot = {
          ...deal.snapshot,
          properties: { ...deal.snapshot.properties, [property]: value },
        };
        const edited = await recomputeEditedDeal(
          recompute,
          ctx.portal,
          deal,
          { snapshot, inputs: inputChanged ? { [property]: value } : {} },
          settings,
        );
        if (edited.written === null) {
          // Already as asked (e.g. HubSpot retried the request): nothing to write.
          return buildDealCardView({
            portalId: ctx.portalId,
            snapshot,
            evaluation: edited.evaluation,
            lang: ctx.lang,
          });
        }
        deps.logger?.info(
          {
            portalId: ctx.portalId,
            dealId,
            item: `${tick.playbook}.${tick.step}.${tick.item}`,
            checked: tick.checked,
            outputs: Object.keys(edited.outputs),
          },
          'checklist item saved',
        );
        return buildDealCardView({
          portalId: ctx.portalId,
          snapshot: { ...snapshot, properties: { ...snapshot.properties, ...edited.written } },
          evaluation: edited.evaluation,
          lang: ctx.lang,
          computedAt: edited.computedAt ?? '',
          updatedAt: edited.updatedAt,
        });
      });
    }),
  );

  // ---- deal sidebar: Decision chain ----------------------------------------------------------

  router.get(
    '/deals/:dealId/decision-chain',
    handle(async (ctx): Promise<DecisionChainView> => {
      const dealId = dealIdOf(ctx);
      const [deal, settings] = await Promise.all([loadDeal(ctx, dealId), deps.settings.get(ctx.portalId)]);
      const evaluation = evaluate(deal.snapshot, settings);
      return buildDecisionChainView({
        portalId: ctx.portalId,
        snapshot: deal.snapshot,
        evaluation,
        lang: ctx.lang,
      });
    }),
  );

  router.patch(
    '/deals/:dealId/contacts/:contactId',
    handle(async (ctx): Promise<DecisionChainView> => {
      const dealId = dealIdOf(ctx);
      const contactId = String(ctx.req.params['contactId'] ?? '');
      if (!ID.test(contactId)) throw fail(400, 'VALIDATION_FAILED', MESSAGES.badContactId, ctx.lang);
      const parsed = contactPatchSchema.safeParse(ctx.req.body);
      if (!parsed.success) {
        throw fail(400, 'VALIDATION_FAILED', MESSAGES.invalidContactPatch, ctx.lang, issuesOf(parsed.error));
      }
      const patch: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) patch[k] = v;
      const settings = await deps.settings.get(ctx.portalId);
      return locks.withLock(ctx.portalId, dealId, async () => {
        const deal = await loadDeal(ctx, dealId);
        const contact = deal.snapshot.contacts.find((c) => c.id === contactId);
        if (contact === undefined) throw fail(404, 'CONTACT_NOT_FOUND', MESSAGES.contactNotFound, ctx.lang);
        // HubSpot clears a property set to ''.
        const properties = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? '']));
        try {
          await ctx.portal.call('contacts.update', (c) =>
            c.crm.contacts.basicApi.update(contactId, { properties }),
          );
        } catch (err) {
          throw toFailure(err, ctx.lang, 'contact');
        }
        const snapshot: DealSnapshot = {
          ...deal.snapshot,
          contacts: deal.snapshot.contacts.map((c) =>
            c.id === contactId ? { id: c.id, properties: { ...c.properties, ...patch } } : c,
          ),
        };
        const edited = await recomputeEditedDeal(
          recompute,
          ctx.portal,
          deal,
          { snapshot, inputs: {} },
          settings,
        );
        const outputs = edited.outputs;
        deps.logger?.info(
          {
            portalId: ctx.portalId,
            dealId,
            contactId,
            fields: Object.keys(patch),
            outputs: Object.keys(outputs),
          },
          'decision-chain contact saved',
        );
        return buildDecisionChainView({
          portalId: ctx.portalId,
          snapshot,
          evaluation: edited.evaluation,
          lang: ctx.lang,
        });
      });
    }),
  );

  // ---- settings page -------------------------------------------------------------------------

  router.get(
    '/settings',
    handle(async (ctx) => settingsView(ctx, await deps.settings.get(ctx.portalId))),
  );

  router.put(
    '/settings',
    handle(async (ctx): Promise<SettingsView> => {
      const current = await deps.settings.get(ctx.portalId);
      const checked = parsePortalSettings(ctx.req.body ?? {}, current);
      if (!checked.ok)
        throw fail(400, 'VALIDATION_FAILED', MESSAGES.invalidSettings, ctx.lang, checked.issues);
      if (checked.settings.language !== current.language) {
        const call: HubSpotCall = (operation, fn) => ctx.portal.call(operation, fn);
        try {
          await relabel(call, checked.settings.language);
        } catch (err) {
          const cause = toFailure(err, ctx.lang);
          throw new HttpError<ApiErrorCode>(
            cause.status >= 500 ? 502 : cause.status,
            cause.code === 'INTERNAL' ? 'HUBSPOT_UNAVAILABLE' : cause.code,
            `${MESSAGES.relabelFailed[ctx.lang]} ${cause.message}`,
            undefined,
            cause.headers,
          );
        }
        deps.logger?.info(
          { portalId: ctx.portalId, language: checked.settings.language },
          'properties re-labelled',
        );
      }
      const saved = await deps.settings.save(ctx.portalId, ctx.req.body ?? {});
      if (!saved.ok) throw fail(400, 'VALIDATION_FAILED', MESSAGES.invalidSettings, ctx.lang, saved.issues);
      // New settings change grades and alerts: re-grade the portal from its first deal.
      if (JSON.stringify(saved.settings) !== JSON.stringify(current)) {
        await deps.regrade.startBackfill(ctx.portalId, { restart: true });
        deps.logger?.info({ portalId: ctx.portalId }, 'settings changed: portal re-grade started');
      }
      return settingsView(ctx, saved.settings);
    }),
  );

  router.post(
    '/regrade',
    handle(async (ctx) => {
      const status = await deps.regrade.startBackfill(ctx.portalId);
      deps.logger?.info({ portalId: ctx.portalId, state: status.state }, 're-grade requested from settings');
      return status;
    }),
  );

  router.get(
    '/regrade',
    handle(async (ctx) => deps.regrade.getBackfillStatus(ctx.portalId)),
  );

  router.post(
    '/disconnect',
    handle(async (ctx): Promise<DisconnectResult> => {
      if (deps.disconnect === undefined) throw new HttpError<ApiErrorCode>(404, 'INTERNAL', 'Not found.');
      const confirmed = disconnectSchema.safeParse(ctx.req.body ?? {});
      if (!confirmed.success) {
        throw fail(400, 'VALIDATION_FAILED', MESSAGES.disconnectUnconfirmed, ctx.lang, issuesOf(confirmed.error));
      }
      let report: PortalRemovalReport;
      try {
        report = await deps.disconnect(ctx.portalId);
      } catch (err) {
        if (!(err instanceof PortalRemovalError)) throw err;
        throw new HttpError<ApiErrorCode>(
          502,
          'HUBSPOT_UNAVAILABLE',
          MESSAGES.disconnectFailed[ctx.lang],
          undefined,
          err.retryAfterMs === null ? undefined : { 'Retry-After': String(Math.ceil(err.retryAfterMs / 1000)) },
        );
      }
      const uninstalled = report.uninstall === 'done';
      return {
        disconnected: true,
        uninstalledAtHubSpot: uninstalled,
        deleted: report.local,
        message:
          ctx.lang === 'zh'
            ? 'Stepwise 已从此 HubSpot 账户断开并卸载,其保存的数据已删除。HubSpot 中的属性和商机数值保持不变。'
            : 'Stepwise was disconnected and uninstalled from this HubSpot account, and the data it kept was deleted. Properties and deal values in HubSpot stay as they are.',
      };
    }),
  );

  registerOpsRoutes(
    router,
    {
      writeBack,
      regrade: deps.regrade,
      settings: deps.settings,
      pipelines: deps.pipelines,
      evaluate,
      log: (portalId, message, extra = {}) => deps.logger?.info({ portalId, ...extra }, message),
    },
    (fn) => handle(fn),
  );

  return router;
}
