import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger';
import type { Language } from '../methodology';
import type { Installation, SaveInstallationInput } from '../hubspot/installations';
import { OAuthError, REQUIRED_SCOPES, type OAuthService, type StateCheck } from '../hubspot/oauth';
import type { ProvisioningReport } from '../hubspot/provisioning';
import { renderError, renderInstallSuccess, renderLanding, type ErrorPageInput } from './pages';

/**
 * GET /               landing page with the Install button
 * GET /oauth/install  302 to HubSpot's authorize page (client_id, redirect_uri, scope, signed once-only state)
 * GET /oauth/callback state check → code exchange → token info → store (encrypted) → provision
 *                     properties (portal's language) → onInstalled (backfill) → success page.
 * Every failure renders an actionable HTML error page with a 4xx/5xx status; nothing is stored
 * unless the state, the exchange, the token info and the granted scopes are all good.
 */
export interface OAuthRoutesDeps {
  oauth: OAuthService;
  installations: { save(input: SaveInstallationInput): Promise<Installation> };
  settings: { get(portalId: string): Promise<{ language: Language }> };
  /** Provisions the portal's properties with the new access token. */
  provision: (portalId: string, accessToken: string, language: Language) => Promise<ProvisioningReport>;
  /** Starts grading existing deals (webhooks/backfill.ts startBackfill). Failure is reported on the page, not fatal. */
  onInstalled?: (portalId: string) => Promise<unknown>;
  /** Origin of HubSpot's web app for links (default https://app.hubspot.com). */
  hubspotAppOrigin?: string;
  logger?: Logger;
}

type Text = { en: string; zh: string };
const text = (en: string, zh: string): Text => ({ en, zh });

const STATE_PAGES: Record<
  Exclude<StateCheck, { ok: true }>['code'],
  Omit<ErrorPageInput, 'status' | 'code'>
> = {
  STATE_MISSING: {
    title: text('This install link is incomplete', '安装链接不完整'),
    detail: text(
      'HubSpot sent you back without the security state Stepwise issued when the install started.',
      'HubSpot 返回时缺少 Stepwise 在安装开始时签发的安全参数(state)。',
    ),
    action: text('Start the install again from this page.', '请从本页面重新开始安装。'),
  },
  STATE_INVALID: {
    title: text('This install link is not valid', '安装链接无效'),
    detail: text(
      'The security state of this install link was not issued by this Stepwise server (it may have been altered or come from another environment).',
      '该安装链接的安全参数不是由本 Stepwise 服务器签发的(可能被修改,或来自其他环境)。',
    ),
    action: text('Start the install again from this page.', '请从本页面重新开始安装。'),
  },
  STATE_EXPIRED: {
    title: text('This install link has expired', '安装链接已过期'),
    detail: text(
      'Install links are valid for 10 minutes, and this one is older.',
      '安装链接的有效期为 10 分钟,此链接已超时。',
    ),
    action: text('Start the install again; it only takes a minute.', '请重新开始安装,只需一分钟。'),
  },
  STATE_REPLAYED: {
    title: text('This install link was already used', '安装链接已被使用'),
    detail: text(
      'Each install link works once. If you refreshed the page after installing, Stepwise is probably installed already.',
      '每个安装链接只能使用一次。如果您在安装后刷新了页面,Stepwise 很可能已经安装成功。',
    ),
    action: text(
      'Open a deal in HubSpot to check, or start the install again.',
      '请在 HubSpot 中打开商机确认,或重新开始安装。',
    ),
  },
};

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

export function createOAuthRouter(deps: OAuthRoutesDeps): Router {
  const router = express.Router();
  const { oauth, logger } = deps;
  const appOrigin = (deps.hubspotAppOrigin ?? 'https://app.hubspot.com').replace(/\/+$/, '');

  const fail = (
    req: Request,
    res: Response,
    page: ErrorPageInput,
    extra: Record<string, unknown> = {},
  ): void => {
    // `code` is a redacted log key (OAuth codes); use errorCode for our codes.
    logger?.warn({ errorCode: page.code, status: page.status, ...extra }, 'install failed');
    renderError(req, res, page);
  };

  const unavailable = (
    req: Request,
    res: Response,
    errorCode: string,
    extra: Record<string, unknown> = {},
  ): void =>
    fail(
      req,
      res,
      {
        status: 503,
        code: errorCode,
        title: text('Stepwise is temporarily unavailable', 'Stepwise 暂时不可用'),
        detail: text(
          'Our storage did not answer, so the install could not start or finish.',
          '存储服务未响应,安装无法开始或完成。',
        ),
        action: text(
          'Wait a minute and try again. Nothing was changed in your HubSpot account.',
          '请稍候一分钟再试。您的 HubSpot 账户未被修改。',
        ),
      },
      extra,
    );

  router.get('/', (req, res) => {
    renderLanding(req, res);
  });

  router.get('/oauth/install', async (req, res) => {
    try {
      const { url } = await oauth.createAuthorizeUrl();
      res.set('Cache-Control', 'no-store').redirect(302, url);
    } catch (err) {
      unavailable(req, res, 'STORAGE_UNAVAILABLE', { err: errSummary(err) });
    }
  });

  router.get('/oauth/callback', async (req, res) => {
    const hubspotError = query(req, 'error');
    if (hubspotError !== undefined) {
      const description = (query(req, 'error_description') ?? '').slice(0, 300);
      const denied = hubspotError === 'access_denied';
      fail(req, res, {
        status: 400,
        code: `HUBSPOT_${hubspotError
          .toUpperCase()
          .replace(/[^A-Z0-9_]/g, '_')
          .slice(0, 40)}`,
        title: denied
          ? text('Install cancelled', '安装已取消')
          : text('HubSpot did not authorize the install', 'HubSpot 未授权此次安装'),
        detail: text(
          `HubSpot answered “${hubspotError}”${description !== '' ? `: ${description}` : ''}. Nothing was installed.`,
          `HubSpot 返回“${hubspotError}”${description !== '' ? `:${description}` : ''}。未安装任何内容。`,
        ),
        action: denied
          ? text(
              'To install Stepwise, start again and click “Connect app” in HubSpot.',
              '如需安装 Stepwise,请重新开始并在 HubSpot 中点击“连接应用”。',
            )
          : text(
              'Start again; if it keeps failing, make sure you are a Super Admin (or have App Marketplace access) in the HubSpot account.',
              '请重新开始;如果仍然失败,请确认您在该 HubSpot 账户中是超级管理员(或拥有应用市场权限)。',
            ),
      });
      return;
    }

    let check: StateCheck;
    try {
      check = await oauth.consumeState(query(req, 'state'));
    } catch (err) {
      unavailable(req, res, 'STORAGE_UNAVAILABLE', { err: errSummary(err) });
      return;
    }
    if (!check.ok) {
      fail(req, res, { status: 400, code: check.code, ...STATE_PAGES[check.code] });
      return;
    }

    const code = query(req, 'code');
    if (code === undefined || code === '' || code.length > 512) {
      fail(req, res, {
        status: 400,
        code: 'CODE_MISSING',
        title: text('HubSpot sent no authorization code', 'HubSpot 未返回授权码'),
        detail: text(
          'The callback carried no authorization code, so Stepwise cannot connect.',
          '回调中没有授权码,Stepwise 无法连接。',
        ),
        action: text('Start the install again.', '请重新开始安装。'),
      });
      return;
    }

    let portalId: string;
    let accessToken: string;
    let hubDomain: string | null;
    try {
      const tokens = await oauth.exchangeCode(code);
      const info = await oauth.getTokenInfo(tokens.accessToken);
      const missing = REQUIRED_SCOPES.filter((s) => !info.scopes.includes(s));
      if (missing.length > 0) {
        fail(
          req,
          res,
          {
            status: 403,
            code: 'SCOPES_MISSING',
            title: text('Stepwise was not granted the access it needs', 'Stepwise 未获得所需权限'),
            detail: text(
              `HubSpot granted the install without these scopes: ${missing.join(', ')}. Nothing was stored.`,
              `HubSpot 授权时缺少以下权限:${missing.join(', ')}。未保存任何内容。`,
            ),
            action: text(
              'Start the install again and approve all requested permissions (a Super Admin may be needed).',
              '请重新安装并批准所有请求的权限(可能需要超级管理员)。',
            ),
          },
          { portalId: info.portalId, missing },
        );
        return;
      }
      await deps.installations.save({
        portalId: info.portalId,
        tokens,
        scopes: info.scopes,
        hubDomain: info.hubDomain,
        installerUserId: info.userId,
      });
      portalId = info.portalId;
      accessToken = tokens.accessToken;
      hubDomain = info.hubDomain;
    } catch (err) {
      if (err instanceof OAuthError) {
        const unavailableNow = err.retryable;
        fail(
          req,
          res,
          {
            status: unavailableNow ? 502 : 400,
            code: err.code,
            title: unavailableNow
              ? text('HubSpot is not answering right now', 'HubSpot 暂时没有响应')
              : text('HubSpot did not accept this install', 'HubSpot 未接受此次安装'),
            detail: unavailableNow
              ? text(
                  'Stepwise could not complete the connection because HubSpot did not answer. Nothing was stored.',
                  'HubSpot 未响应,Stepwise 无法完成连接。未保存任何内容。',
                )
              : text(
                  `HubSpot rejected the authorization (${err.hubspotCode ?? `HTTP ${err.hubspotStatus ?? '?'}`}). Authorization codes work once and expire after a few minutes. Nothing was stored.`,
                  `HubSpot 拒绝了授权(${err.hubspotCode ?? `HTTP ${err.hubspotStatus ?? '?'}`})。授权码只能使用一次,且几分钟后过期。未保存任何内容。`,
                ),
            action: text('Start the install again.', '请重新开始安装。'),
          },
          { err: err.toJSON() },
        );
        return;
      }
      unavailable(req, res, 'STORAGE_UNAVAILABLE', { err: errSummary(err) });
      return;
    }

    let report: ProvisioningReport;
    try {
      const settings = await deps.settings.get(portalId);
      report = await deps.provision(portalId, accessToken, settings.language);
    } catch (err) {
      fail(
        req,
        res,
        {
          status: 502,
          code: 'PROVISIONING_FAILED',
          title: text(
            'Connected, but the Stepwise properties could not be created',
            '已连接,但无法创建 Stepwise 属性',
          ),
          detail: text(
            `Stepwise is connected to account ${portalId}, but creating its deal and contact properties failed: ${errMessage(err)}`,
            `Stepwise 已连接到账户 ${portalId},但创建商机和联系人属性失败:${errMessage(err)}`,
          ),
          action: text(
            'Click “Try installing again”: it is safe to repeat and only creates what is missing. If it keeps failing, check that no existing property named sw_… has a different type.',
            '请点击“重新安装”:重复安装是安全的,只会创建缺少的属性。如果仍然失败,请检查是否已存在类型不同的 sw_… 属性。',
          ),
        },
        { portalId, err: errSummary(err) },
      );
      return;
    }

    let gradingStarted = true;
    if (deps.onInstalled !== undefined) {
      try {
        await deps.onInstalled(portalId);
      } catch (err) {
        gradingStarted = false;
        logger?.error({ portalId, err: errSummary(err) }, 'could not start the backfill after install');
      }
    }
    logger?.info(
      { portalId, created: report.deals.created.length + report.contacts.created.length, gradingStarted },
      'installed',
    );
    renderInstallSuccess(req, res, {
      portalId,
      hubDomain,
      created: report.deals.created.length + report.contacts.created.length,
      updated: report.deals.updated.length + report.contacts.updated.length,
      unchanged: report.deals.unchanged.length + report.contacts.unchanged.length,
      gradingStarted,
      dealsUrl: `${appOrigin}/contacts/${encodeURIComponent(portalId)}/objects/0-3/views/all/list`,
    });
  });

  return router;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function errSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(code !== undefined ? { errorCode: code } : {}) };
  }
  return { message: String(err) };
}
