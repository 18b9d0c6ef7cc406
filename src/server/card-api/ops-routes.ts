import type { Request, Response, Router } from 'express';
import type { Lang } from '../../../extensions/app/cards/lib/api-types';
import type { StageMapPreview, WriteBackView } from '../../../extensions/app/cards/lib/ops-api-types';
import { searchDealsPage } from '../../hubspot/deal-search';
import { loadDealSnapshots } from '../../hubspot/deal-snapshots';
import type { PipelinesCache } from '../../hubspot/pipelines-cache';
import type { PortalClient } from '../../hubspot/portal-client';
import {
  ALERTS,
  DEAL_READ_PROPERTIES,
  OUTPUTS,
  parsePortalSettings,
  type DealEvaluation,
  type DealSnapshot,
  type PortalSettings,
} from '../../methodology';
import type { WritePreview } from '../../settings/write-back-pause';
import type { RegradeStatus } from '../../../extensions/app/cards/lib/api-types';
import { MESSAGES, fail } from './errors';

/**
 * Ops routes of the settings page (contract: extensions/app/cards/lib/ops-api-types.ts):
 * the write-back pause and the dry run of proposed settings. Mounted inside the card API router
 * (same signature check, portal from the signed query, same error shape).
 */

export interface OpsCtx {
  req: Request;
  portalId: string;
  lang: Lang;
  portal: PortalClient;
}

export interface OpsRouteDeps {
  writeBack: {
    pause(portalId: string): Promise<void>;
    resume(portalId: string): Promise<boolean>;
    preview(portalId: string): Promise<WritePreview>;
  };
  regrade: { startBackfill(portalId: string, options?: { restart?: boolean }): Promise<RegradeStatus> };
  settings: { get(portalId: string): Promise<PortalSettings> };
  pipelines: PipelinesCache;
  evaluate: (snapshot: DealSnapshot, settings: PortalSettings) => DealEvaluation;
  log: (portalId: string, message: string, extra?: Record<string, unknown>) => void;
}

/** Deals per dry-run request: one search page (HubSpot's 200 max is not needed; batch reads take 100). */
export const PREVIEW_PAGE_SIZE = 100;

type Handle = (fn: (ctx: OpsCtx) => Promise<unknown>) => (req: Request, res: Response) => Promise<void>;

export function registerOpsRoutes(router: Router, deps: OpsRouteDeps, handle: Handle): void {
  router.get(
    '/write-back',
    handle(async (ctx): Promise<WriteBackView> => deps.writeBack.preview(ctx.portalId)),
  );

  router.post(
    '/write-back/pause',
    handle(async (ctx): Promise<WriteBackView> => {
      await deps.writeBack.pause(ctx.portalId);
      // A dry-run pass over every deal fills the preview (nothing is written while paused).
      await deps.regrade.startBackfill(ctx.portalId, { restart: true });
      deps.log(ctx.portalId, 'write-back paused');
      return deps.writeBack.preview(ctx.portalId);
    }),
  );

  router.post(
    '/write-back/resume',
    handle(async (ctx): Promise<WriteBackView> => {
      const was = await deps.writeBack.resume(ctx.portalId);
      // Deals evaluated during the pause were not written: grade every deal again, writing.
      if (was) await deps.regrade.startBackfill(ctx.portalId, { restart: true });
      deps.log(ctx.portalId, 'write-back resumed', { wasPaused: was });
      return deps.writeBack.preview(ctx.portalId);
    }),
  );

  router.post(
    '/settings/preview',
    handle(async (ctx): Promise<StageMapPreview> => {
      const body = (ctx.req.body ?? {}) as { settings?: unknown; after?: unknown };
      const after = typeof body.after === 'string' && /^\d{1,20}$/.test(body.after) ? body.after : '0';
      const current = await deps.settings.get(ctx.portalId);
      const proposed = parsePortalSettings(body.settings ?? {}, current);
      if (!proposed.ok)
        throw fail(400, 'VALIDATION_FAILED', MESSAGES.invalidSettings, ctx.lang, proposed.issues);
      const page = await searchDealsPage(ctx.portal, {
        afterId: after,
        properties: DEAL_READ_PROPERTIES,
        limit: PREVIEW_PAGE_SIZE,
      });
      const loaded = await loadDealSnapshots(
        ctx.portal,
        page.deals.map((d) => d.id),
        { pipelines: deps.pipelines, preloaded: new Map(page.deals.map((d) => [d.id, d.properties])) },
      );
      const zero = (): Record<string, number> => Object.fromEntries(ALERTS.map((a) => [a, 0]));
      const flagged = zero();
      const flaggedNow = zero();
      const count = (into: Record<string, number>, e: DealEvaluation): void => {
        for (const a of (e.outputs[OUTPUTS.alerts] ?? '').split(';'))
          if (a !== '' && into[a] !== undefined) into[a] += 1;
      };
      for (const deal of loaded.deals) {
        count(flagged, deps.evaluate(deal.snapshot, proposed.settings));
        count(flaggedNow, deps.evaluate(deal.snapshot, current));
      }
      return {
        evaluated: loaded.deals.length,
        total: page.total,
        flagged,
        flaggedNow,
        nextAfter: page.nextAfterId,
      };
    }),
  );
}
