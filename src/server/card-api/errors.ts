import type { ApiErrorCode, Lang } from '../../../extensions/app/cards/lib/api-types';
import { HubSpotError } from '../../hubspot/errors';
import { HttpError } from '../../http/http-error';
import { DealWriteError } from '../../../webhooks/recompute';
import { DealBusyError } from './deal-lock';

/** A card API failure: HTTP status, stable code of the card contract, message in the caller's language. */
export type CardApiFailure = HttpError<ApiErrorCode>;

type Messages = Record<Lang, string>;

export const MESSAGES = {
  badDealId: {
    en: 'The deal id must be a HubSpot record id (digits).',
    zh: '商机 ID 必须是 HubSpot 记录 ID(数字)。',
  },
  badContactId: {
    en: 'The contact id must be a HubSpot record id (digits).',
    zh: '联系人 ID 必须是 HubSpot 记录 ID(数字)。',
  },
  dealNotFound: {
    en: 'This deal was not found in HubSpot (it was deleted, or Stepwise cannot see it).',
    zh: '在 HubSpot 中找不到此商机(已删除,或 Stepwise 无权查看)。',
  },
  contactNotFound: {
    en: 'This contact is not associated with the deal any more. Reload the card.',
    zh: '此联系人已不再关联到该商机。请刷新卡片。',
  },
  invalidTick: { en: 'The checklist change is invalid.', zh: '检查项修改无效。' },
  unknownItem: {
    en: 'This checklist item does not exist in Stepwise. Reload the card.',
    zh: 'Stepwise 中不存在此检查项。请刷新卡片。',
  },
  invalidContactPatch: { en: 'The contact change is invalid.', zh: '联系人修改无效。' },
  invalidSettings: { en: 'The settings are invalid.', zh: '设置无效。' },
  disconnectUnconfirmed: {
    en: 'Confirm the disconnect: send {"confirm": true}.',
    zh: '请确认断开连接:发送 {"confirm": true}。',
  },
  disconnectFailed: {
    en: 'HubSpot did not uninstall Stepwise, so nothing was deleted. Try again in a minute.',
    zh: 'HubSpot 未能卸载 Stepwise,因此未删除任何数据。请一分钟后重试。',
  },
  busy: {
    en: 'Another change to this deal is still being saved. Try again in a moment.',
    zh: '此商机的另一项修改仍在保存中,请稍后重试。',
  },
  rateLimited: {
    en: 'HubSpot’s rate limit for this account is reached. Try again in a few seconds.',
    zh: '此账户已达到 HubSpot 的调用频率上限,请几秒后重试。',
  },
  unavailable: {
    en: 'HubSpot is not answering right now. Try again in a moment.',
    zh: 'HubSpot 暂时没有响应,请稍后重试。',
  },
  rejected: {
    en: 'HubSpot refused the change. If Stepwise’s properties were deleted, an admin can reinstall Stepwise to restore them.',
    zh: 'HubSpot 拒绝了此修改。如果 Stepwise 的属性被删除,管理员可以重新安装 Stepwise 恢复它们。',
  },
  notInstalled: {
    en: 'Stepwise lost access to this HubSpot account. Ask an admin to reconnect Stepwise.',
    zh: 'Stepwise 已失去对此 HubSpot 账户的访问权限。请管理员重新连接 Stepwise。',
  },
  forbidden: {
    en: 'HubSpot did not allow Stepwise this call. Ask an admin to reinstall Stepwise to grant the required permissions.',
    zh: 'HubSpot 不允许 Stepwise 执行此操作。请管理员重新安装 Stepwise 以授予所需权限。',
  },
  relabelFailed: {
    en: 'The property labels could not be changed in HubSpot, so the settings were not saved. Try again.',
    zh: '无法在 HubSpot 中更改属性标签,设置未保存。请重试。',
  },
  internal: {
    en: 'Stepwise had an internal error. Try again; if it persists, contact support.',
    zh: 'Stepwise 内部出错。请重试;如仍有问题,请联系支持。',
  },
} satisfies Record<string, Messages>;

export function fail(
  status: number,
  code: ApiErrorCode,
  message: Messages,
  lang: Lang,
  issues?: { path: string; message: string }[],
): CardApiFailure {
  return new HttpError(status, code, message[lang], issues);
}

/** What a HubSpot call failed with, as the card should hear it. `notFound` names the missing object. */
export function fromHubSpotError(
  err: HubSpotError,
  lang: Lang,
  notFound: 'deal' | 'contact' = 'deal',
): CardApiFailure {
  switch (err.code) {
    case 'RATE_LIMITED': {
      const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 10_000) / 1000));
      return new HttpError<ApiErrorCode>(429, 'RATE_LIMITED', MESSAGES.rateLimited[lang], undefined, {
        'Retry-After': String(seconds),
      });
    }
    case 'UNAUTHORIZED':
      return fail(404, 'NOT_INSTALLED', MESSAGES.notInstalled, lang);
    case 'FORBIDDEN':
      return fail(403, 'FORBIDDEN', MESSAGES.forbidden, lang);
    case 'NOT_FOUND':
      return notFound === 'deal'
        ? fail(404, 'DEAL_NOT_FOUND', MESSAGES.dealNotFound, lang)
        : fail(404, 'CONTACT_NOT_FOUND', MESSAGES.contactNotFound, lang);
    case 'CLIENT_ERROR':
      return fail(502, 'HUBSPOT_UNAVAILABLE', MESSAGES.rejected, lang);
    case 'SERVER_ERROR':
    case 'NETWORK':
    default:
      return fail(502, 'HUBSPOT_UNAVAILABLE', MESSAGES.unavailable, lang);
  }
}

/** Any error of a card API handler → the response to send (unknown errors become INTERNAL). */
export function toFailure(err: unknown, lang: Lang, notFound: 'deal' | 'contact' = 'deal'): CardApiFailure {
  if (err instanceof HttpError) return err as CardApiFailure;
  if (err instanceof HubSpotError) return fromHubSpotError(err, lang, notFound);
  if (err instanceof DealBusyError) return fail(409, 'CONFLICT', MESSAGES.busy, lang);
  if (err instanceof DealWriteError) {
    return err.category === 'OBJECT_NOT_FOUND'
      ? fail(404, 'DEAL_NOT_FOUND', MESSAGES.dealNotFound, lang)
      : fail(502, 'HUBSPOT_UNAVAILABLE', MESSAGES.rejected, lang);
  }
  return fail(500, 'INTERNAL', MESSAGES.internal, lang);
}
