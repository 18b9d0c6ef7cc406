import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { loadDealSnapshots } from '../../hubspot/deal-snapshots';
import type { PipelinesCache } from '../../hubspot/pipelines-cache';
import type { PortalClient } from '../../hubspot/portal-client';
import { fromBodyParserError, sendJsonError } from '../../http/http-error';
import type { Logger } from '../../logger';
import type { DealEvaluation, DealSnapshot, PortalSettings } from '../../methodology';
import { redisKeys } from '../../redis/keys';
import { HubSpotError } from '../../hubspot/errors';
import {
  DealWriteError,
  recomputeEditedDeal,
  type RecomputeContext,
  type WriteBackGate,
} from '../../../webhooks/recompute';
import { DealLocks } from '../card-api/deal-lock';
import { toFailure } from '../card-api/errors';
import { evaluateDealOutputs, stageGateOutputs } from './action-outputs';
import { checkActionSignature } from './action-signature';

/**
 * Workflow-action endpoints (contract: extensions/app/workflow-actions/action-contract.ts),
 * mounted at /api/v1/actions AHEAD of the card API's v3-only middleware:
 *
 *   POST /evaluate-deal   → { outputFields: EvaluateDealOutputs }
 *   POST /stage-gate      → { outputFields: StageGateOutputs }
 *
 * Raw body ≤ 64 KB, HubSpot's signature (v3 when sent, else v2) checked before parsing → 401;
 * malformed → 400. The deal is evaluated through the one recompute path (the card's and the
 * worker's: load → evaluateDeal → write changed outputs only; nothing while write-back is
 * paused), under the card's per-deal lock. The answer is kept per callbackId for 24 h, so
 * HubSpot's retries of one execution get the same answer without a second evaluation. A deal
 * that cannot be evaluated (deleted, portal not installed, access refused) answers 200 with
 * hs_execution_state FAIL_CONTINUE so the workflow goes on; 429 (with Retry-After) and 5xx make
 * HubSpot retry (https://developers.hubspot.com/docs/api-reference/latest/automation/workflow-actions/custom-action-reference).
 */
export interface ActionRouterDeps {
  clientSecret: string;
  publicBaseUrl: string;
  portals: { forPortal(portalId: string): PortalClient };
  installations: { statusCached(portalId: string): Promise<'installed' | 'uninstalled' | 'unknown'> };
  pipelines: PipelinesCache;
  settings: { get(portalId: string): Promise<PortalSettings> };
  writeBack?: WriteBackGate;
  evaluate?: (snapshot: DealSnapshot, settings: PortalSettings) => DealEvaluation;
  redis: Redis;
  prefix?: string;
  logger?: Logger;
  now?: () => number;
  /** How long an answer is kept per callbackId. Default 24 h. */
  resultTtlSeconds?: number;
}

const requestSchema = z
  .object({
    callbackId: z.string().min(1).max(200),
    origin: z
      .object({ portalId: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]) })
      .passthrough(),
    object: z
      .object({
        objectId: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]),
        objectType: z.string(),
      })
      .passthrough(),
    inputFields: z.record(z.string(), z.unknown()).optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

const stageGateInputs = z.object({ required_stage: z.enum(['P', 'I', 'B']) }).passthrough();

const FAIL_CONTINUE = { outputFields: { hs_execution_state: 'FAIL_CONTINUE' as const } };

type Action = 'evaluate-deal' | 'stage-gate';

export function createActionRouter(deps: ActionRouterDeps): Router {
  const router = express.Router();
  const baseUrl = deps.publicBaseUrl.replace(/\/+$/, '');
  const now = deps.now ?? Date.now;
  const keys = redisKeys(deps.prefix ?? 'sw');
  const ttl = deps.resultTtlSeconds ?? 24 * 3600;
  const locks = new DealLocks({
    redis: deps.redis,
    ...(deps.prefix !== undefined ? { prefix: deps.prefix } : {}),
  });
  const ctx: RecomputeContext = {
    pipelines: deps.pipelines,
    ...(deps.evaluate !== undefined ? { evaluate: deps.evaluate } : {}),
    ...(deps.writeBack !== undefined ? { writeBack: deps.writeBack } : {}),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
  };

  router.use(express.raw({ type: () => true, limit: '64kb' }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    const check = checkActionSignature(req, {
      clientSecret: deps.clientSecret,
      publicBaseUrl: baseUrl,
      now: now(),
    });
    if (!check.ok) {
      deps.logger?.warn(
        { path: req.path, reason: check.reason, version: check.version },
        'workflow action refused',
      );
      sendJsonError(res, 401, 'UNAUTHORIZED', 'This request is not signed by HubSpot for this app.');
      return;
    }
    next();
  });

  const run =
    (action: Action) =>
    async (req: Request, res: Response): Promise<void> => {
      let body: unknown;
      try {
        body = JSON.parse((req.body as Buffer).toString('utf8'));
      } catch {
        sendJsonError(res, 400, 'BAD_REQUEST', 'The body is not valid JSON.');
        return;
      }
      const parsed = requestSchema.safeParse(body);
      if (!parsed.success) {
        sendJsonError(
          res,
          400,
          'BAD_REQUEST',
          'Not a workflow action request.',
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
        return;
      }
      const request = parsed.data;
      const inputs = request.inputFields ?? request.fields ?? {};
      const gate = action === 'stage-gate' ? stageGateInputs.safeParse(inputs) : null;
      if (gate !== null && !gate.success) {
        sendJsonError(res, 400, 'BAD_REQUEST', 'required_stage must be P, I or B.');
        return;
      }
      const portalId = String(request.origin.portalId);
      const dealId = String(request.object.objectId);
      const log = { portalId, dealId, action, callbackId: request.callbackId };
      const send = (payload: unknown): void => {
        res.status(200).type('application/json').send(JSON.stringify(payload));
      };
      if (request.object.objectType.toUpperCase() !== 'DEAL') {
        deps.logger?.info({ ...log, objectType: request.object.objectType }, 'workflow action on a non-deal');
        send(FAIL_CONTINUE);
        return;
      }
      const cacheKey = keys.actionResult(portalId, `${action}:${request.callbackId}`);
      try {
        const cached = await deps.redis.get(cacheKey);
        if (cached !== null) {
          res.status(200).type('application/json').send(cached);
          return;
        }
        if ((await deps.installations.statusCached(portalId)) !== 'installed') {
          deps.logger?.info(log, 'workflow action for a portal that is not installed');
          send(FAIL_CONTINUE);
          return;
        }
        const portal = deps.portals.forPortal(portalId);
        const outputFields = await locks.withLock(portalId, dealId, async () => {
          const [loaded, settings] = await Promise.all([
            loadDealSnapshots(portal, [dealId], { pipelines: deps.pipelines }),
            deps.settings.get(portalId),
          ]);
          const deal = loaded.deals[0];
          if (deal === undefined) return null;
          const edited = await recomputeEditedDeal(
            ctx,
            portal,
            deal,
            { snapshot: deal.snapshot, inputs: {} },
            settings,
          );
          return gate === null
            ? evaluateDealOutputs(edited.evaluation)
            : stageGateOutputs(edited.evaluation, gate.data.required_stage, settings.language);
        });
        if (outputFields === null) {
          deps.logger?.info(log, 'workflow action: deal not found');
          send(FAIL_CONTINUE);
          return;
        }
        const answer = JSON.stringify({ outputFields });
        await deps.redis.set(cacheKey, answer, 'EX', ttl);
        deps.logger?.info(
          { ...log, ...(gate === null ? {} : { passes: (outputFields as { passes: string }).passes }) },
          'workflow action answered',
        );
        res.status(200).type('application/json').send(answer);
      } catch (err) {
        const failure = toFailure(err, 'en');
        // Permanent: the deal is gone or HubSpot refuses it (a 4xx other than 429).
        const permanent =
          err instanceof DealWriteError ||
          (err instanceof HubSpotError && !err.retryable) ||
          failure.status === 404 ||
          failure.status === 403;
        if (permanent) {
          deps.logger?.info({ ...log, code: failure.code }, 'workflow action: deal cannot be evaluated');
          send(FAIL_CONTINUE);
          return;
        }
        // Busy deal or HubSpot's limit: 429 with Retry-After makes HubSpot retry the action later.
        const retryable = failure.status === 409 || failure.status === 429;
        deps.logger?.warn(
          { ...log, status: failure.status, code: failure.code },
          'workflow action failed; HubSpot retries',
        );
        sendJsonError(
          res,
          retryable ? 429 : failure.status >= 500 ? 503 : failure.status,
          retryable ? 'RATE_LIMITED' : failure.code,
          failure.message,
          undefined,
          retryable ? { 'Retry-After': failure.headers?.['Retry-After'] ?? '5' } : { 'Retry-After': '10' },
        );
      }
    };

  router.post('/evaluate-deal', run('evaluate-deal'));
  router.post('/stage-gate', run('stage-gate'));
  router.use((req: Request, res: Response) => {
    sendJsonError(res, 404, 'NOT_FOUND', `No workflow action at ${req.method} ${req.path}.`);
  });
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const known = fromBodyParserError(err, '64 KB');
    if (known === null) {
      next(err);
      return;
    }
    sendJsonError(res, known.status, known.code, known.message);
  });
  return router;
}
