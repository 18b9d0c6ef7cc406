import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../hubspot/signature';
import { checkRequestSignature } from '../http/request-signature';
import { fromBodyParserError, sendJsonError, withTimeout } from '../http/http-error';
import { CARD_API_DEADLINE_MS } from '../../extensions/app/cards/lib/api-types';
import { requestContentHash, type ReplayClaim, type ReplayGuard } from './replay-guard';
import { captureResponse, type CapturedAnswer } from './response-capture';

/**
 * Verifies HubSpot v3 signatures of card API requests (`hubspot.fetch` from the cards), then
 * derives the caller from the SIGNED query only: HubSpot appends `portalId`, `userId`,
 * `userEmail`, `appId` to the URL before signing it.
 *
 *   body > 64 KB                         → 413 VALIDATION_FAILED
 *   bad / missing / stale signature      → 401 UNAUTHORIZED
 *   no portalId in the signed query      → 401 UNAUTHORIZED
 *   several different portalId values    → 403 FORBIDDEN
 *   portal not installed / uninstalled   → 404 NOT_INSTALLED
 *   repeat of a signed mutation          → the first answer again (when a replay guard is given;
 *                                          HubSpot retries once on a 5xx), 409 CONFLICT if its
 *                                          content differs, 503 if the first is still running
 *   Redis unavailable                    → 503 INTERNAL
 *   no answer within the deadline        → 503 HUBSPOT_UNAVAILABLE + Retry-After (before
 *                                          hubspot.fetch's own timeout, so HubSpot/the card retry)
 *
 * On success `res.locals.portalId`, `res.locals.userId` (and userEmail, appId; null when absent)
 * are set, `res.locals.rawBody` holds the verified bytes and `req.body` the parsed JSON body
 * (undefined when empty). Errors use the card API's ApiErrorBody shape, localized by `locale`.
 */

export const CARD_API_BODY_LIMIT = '64kb';

export interface SignedRequestLocals {
  portalId: string;
  userId: string | null;
  userEmail: string | null;
  appId: string | null;
}

export interface SignedRequestDeps {
  clientSecret: string;
  publicBaseUrl: string;
  installations: { statusCached(portalId: string): Promise<'installed' | 'uninstalled' | 'unknown'> };
  logger?: Logger;
  now?: () => number;
  redisTimeoutMs?: number;
  /**
   * Once-only signatures for mutations (POST/PUT/PATCH/DELETE): a verified signature seen before
   * gets the stored first answer, never a second execution (see replay-guard.ts). Optional;
   * GET/HEAD are never guarded.
   */
  replayGuard?: Pick<ReplayGuard, 'claimRequest' | 'awaitAnswer' | 'complete' | 'release'>;
  /** Answer 503 + Retry-After when a request takes longer than this (0 = never). Default CARD_API_DEADLINE_MS. */
  deadlineMs?: number;
  /** How long a repeat waits for a still-running first request's answer. Default 3 000 ms. */
  pendingWaitMs?: number;
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Lang = 'zh' | 'en';
const MESSAGES = {
  unauthorized: {
    en: 'This request is not signed by HubSpot (or the signature expired). Reload the record page.',
    zh: '该请求没有有效的 HubSpot 签名(或签名已过期)。请刷新记录页面。',
  },
  noPortal: {
    en: 'The signed request carries no portalId. Open the card from a HubSpot record.',
    zh: '签名请求中缺少 portalId。请从 HubSpot 记录页面打开卡片。',
  },
  portalMismatch: {
    en: 'The request names more than one portal; it was refused.',
    zh: '请求中包含多个不同的 portalId,已拒绝。',
  },
  notInstalled: {
    en: 'Stepwise is not installed in this HubSpot account. Ask an admin to install it from the marketplace listing.',
    zh: '此 HubSpot 账户未安装 Stepwise。请管理员从应用市场安装。',
  },
  tooLarge: { en: 'Request body exceeds 64 KB.', zh: '请求体超过 64 KB。' },
  badJson: { en: 'Request body is not valid JSON.', zh: '请求体不是有效的 JSON。' },
  badType: { en: 'Send the body as application/json.', zh: '请以 application/json 发送请求体。' },
  replayed: {
    en: 'This exact request was already received and was not applied twice. Reload the card.',
    zh: '已收到完全相同的请求,未重复执行。请刷新卡片。',
  },
  stillRunning: {
    en: 'This change is still being saved. Reload the card in a moment.',
    zh: '此修改仍在保存中,请稍后刷新卡片。',
  },
  deadline: {
    en: 'HubSpot is answering slowly; Stepwise could not finish in time. Try again in a moment.',
    zh: 'HubSpot 响应缓慢,Stepwise 未能及时完成。请稍后重试。',
  },
  unavailable: {
    en: 'Stepwise storage is temporarily unavailable. Try again in a moment.',
    zh: 'Stepwise 存储暂时不可用,请稍后重试。',
  },
} satisfies Record<string, Record<Lang, string>>;

export function requestLanguage(req: Request): Lang {
  const locale = firstQueryValue(req.query['locale']);
  return locale !== undefined && /^zh/i.test(locale) ? 'zh' : 'en';
}

function queryValues(v: unknown): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(queryValues);
  return typeof v === 'string' ? [v] : ['<invalid>'];
}

function firstQueryValue(v: unknown): string | undefined {
  return queryValues(v)[0];
}

/** The single value of a signed query parameter: null when absent, 'conflict' when it has different values. */
function singleValue(v: unknown): string | null | 'conflict' {
  const values = [...new Set(queryValues(v))];
  if (values.length === 0) return null;
  return values.length === 1 ? (values[0] as string) : 'conflict';
}

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function createSignedRequestMiddleware(deps: SignedRequestDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const baseUrl = deps.publicBaseUrl.replace(/\/+$/, '');
  const redisTimeoutMs = deps.redisTimeoutMs ?? 2_000;
  const deadlineMs = deps.deadlineMs ?? CARD_API_DEADLINE_MS;
  const pendingWaitMs = deps.pendingWaitMs ?? 3_000;

  const fail = (
    req: Request,
    res: Response,
    status: number,
    code: string,
    key: keyof typeof MESSAGES,
    extra: Record<string, unknown> = {},
  ): void => {
    deps.logger?.warn({ status, errorCode: code, path: req.path, ...extra }, 'card API request refused');
    sendJsonError(
      res,
      status,
      code,
      MESSAGES[key][requestLanguage(req)],
      undefined,
      status === 503 ? { 'Retry-After': key === 'deadline' ? '2' : '5' } : undefined,
    );
  };

  /** Sends a stored first answer again (HubSpot's retry of the same signed request). */
  const resend = (res: Response, answer: CapturedAnswer): void => {
    res.status(answer.status).set('X-Stepwise-Replayed', 'true');
    if (answer.contentType !== null) res.type(answer.contentType);
    res.send(answer.body);
  };

  router.use(express.raw({ type: () => true, limit: CARD_API_BODY_LIMIT }));

  router.use((req: Request, res: Response, next: NextFunction) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = checkRequestSignature(req, {
      clientSecret: deps.clientSecret,
      publicBaseUrl: baseUrl,
      now: now(),
    });
    if (!check.ok) {
      fail(req, res, 401, 'UNAUTHORIZED', 'unauthorized', { reason: check.reason });
      return;
    }

    const portal = singleValue(req.query['portalId']);
    if (portal === null) {
      fail(req, res, 401, 'UNAUTHORIZED', 'noPortal');
      return;
    }
    if (portal === 'conflict' || !/^\d{1,20}$/.test(portal)) {
      fail(req, res, 403, 'FORBIDDEN', 'portalMismatch');
      return;
    }
    const user = singleValue(req.query['userId']);
    if (user === 'conflict') {
      fail(req, res, 403, 'FORBIDDEN', 'portalMismatch');
      return;
    }
    const email = singleValue(req.query['userEmail']);
    const app = singleValue(req.query['appId']);

    if (body.length > 0) {
      const type = req.is(['application/json', '+json']);
      if (type === false || type === null) {
        fail(req, res, 415, 'VALIDATION_FAILED', 'badType');
        return;
      }
      try {
        req.body = JSON.parse(body.toString('utf8'));
      } catch {
        fail(req, res, 400, 'VALIDATION_FAILED', 'badJson');
        return;
      }
    } else {
      req.body = undefined;
    }
    res.locals['rawBody'] = body;

    const signature = header(req, SIGNATURE_HEADER) as string;
    const timestamp = Number(header(req, TIMESTAMP_HEADER));
    const guard = MUTATIONS.has(req.method) ? deps.replayGuard : undefined;
    const contentHash = requestContentHash(req.method, `${baseUrl}${req.originalUrl}`, body);
    type Checked = 'installed' | 'uninstalled' | 'unknown' | ReplayClaim;
    const checks = async (): Promise<Checked> => {
      const status = await deps.installations.statusCached(portal);
      if (status !== 'installed' || guard === undefined) return status;
      return guard.claimRequest(signature, timestamp, contentHash, now());
    };
    const waitForFirst = (): Promise<ReplayClaim> =>
      (guard as NonNullable<typeof guard>).awaitAnswer(signature, timestamp, contentHash, pendingWaitMs, now);

    const proceed = (claimed: boolean): void => {
      const locals: SignedRequestLocals = {
        portalId: portal,
        userId: user,
        userEmail: email === 'conflict' ? null : email,
        appId: app === 'conflict' ? null : app,
      };
      Object.assign(res.locals, locals);
      captureResponse(res, {
        deadlineMs,
        onDeadline: (r) => {
          fail(req, r, 503, 'HUBSPOT_UNAVAILABLE', 'deadline', { portalId: portal, deadlineMs });
        },
        onAnswer: (answer) => {
          if (!claimed || guard === undefined) return;
          const stored =
            answer.status >= 500
              ? guard.release(signature)
              : guard.complete(signature, timestamp, contentHash, answer, now());
          stored.catch((err: unknown) => {
            deps.logger?.warn(
              { err: err instanceof Error ? err.message : String(err), portalId: portal },
              'card API answer not stored for retries',
            );
          });
        },
      });
      next();
    };

    const decide = (status: Checked): void => {
      if (typeof status !== 'string') {
        switch (status.kind) {
          case 'first':
            proceed(true);
            return;
          case 'replay':
            deps.logger?.info(
              { portalId: portal, method: req.method, path: req.path },
              'card API repeat answered',
            );
            resend(res, status.answer);
            return;
          case 'conflict':
            fail(req, res, 409, 'CONFLICT', 'replayed', { portalId: portal, method: req.method });
            return;
          case 'pending':
            withTimeout(waitForFirst(), pendingWaitMs + redisTimeoutMs, 'Redis').then((later) => {
              if (later.kind === 'pending')
                fail(req, res, 503, 'CONFLICT', 'stillRunning', { portalId: portal });
              else decide(later);
            }, unavailable);
            return;
        }
      }
      if (status !== 'installed') {
        fail(req, res, 404, 'NOT_INSTALLED', 'notInstalled', { portalId: portal, status });
        return;
      }
      proceed(false);
    };
    const unavailable = (err: unknown): void => {
      fail(req, res, 503, 'INTERNAL', 'unavailable', {
        err: err instanceof Error ? err.message : String(err),
      });
    };

    withTimeout(checks(), redisTimeoutMs, 'Redis').then(decide, unavailable);
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const httpErr = fromBodyParserError(err, '64 KB');
    if (httpErr === null) {
      next(err);
      return;
    }
    if (httpErr.status === 413) fail(req, res, 413, 'VALIDATION_FAILED', 'tooLarge');
    else sendJsonError(res, httpErr.status, 'VALIDATION_FAILED', httpErr.message);
  });

  return router;
}
