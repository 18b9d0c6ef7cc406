import type { Request, Response } from 'express';
import { resolvePageLanguage } from './listing/language';
import { languageSwitch, listingFooter } from './listing/language-switch';
import { LISTING_LABELS, localizedPath, type PageLanguage } from './listing/paths';

/**
 * Server-rendered HTML of the install flow: landing, success, error. Self-contained (inline CSS,
 * no scripts, no external assets), English or Chinese (?lang, /zh/ or /en/ prefix, then
 * Accept-Language), everything escaped. The listing pages (./listing) share this shell.
 */

export type PageLang = PageLanguage;

export function pageLanguage(req: Request): PageLang {
  return resolvePageLanguage(req);
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const STYLE = `
:root{color-scheme:light;--ink:#213343;--muted:#4a6786;--accent:#b8441f;--ok:#00735f;--bad:#b3262e;--line:#dfe3eb}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:#f5f8fa}
main{max-width:760px;margin:48px auto;padding:32px 40px;background:#fff;border:1px solid var(--line);border-radius:8px}
h1{font-size:28px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px}p{margin:8px 0}ul,ol{padding-left:22px}li{margin:4px 0}
.lead{color:var(--muted);font-size:18px}.btn{display:inline-block;margin-top:20px;padding:12px 24px;background:var(--accent);color:#fff;border-radius:4px;text-decoration:none;font-weight:600}
.btn.secondary{background:#fff;color:var(--ink);border:1px solid var(--line);margin-left:8px}
.status{font-weight:600}.ok{color:var(--ok)}.bad{color:var(--bad)}code{background:#eaf0f6;padding:1px 5px;border-radius:3px;font-size:14px}
.small{color:var(--muted);font-size:13px;margin-top:28px}
a{color:#0b5cab}nav.lang{text-align:right;font-size:14px}nav.lang a[aria-current]{color:var(--ink);font-weight:600;text-decoration:none}
.toc{background:#f5f8fa;border:1px solid var(--line);border-radius:6px;padding:8px 16px;margin:16px 0}.toc ol{margin:4px 0}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:8px 0;font-size:14px}caption{text-align:left;color:var(--muted);padding:4px 0}
th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:#eaf0f6}
footer{max-width:760px;margin:0 auto 48px;padding:0 40px;font-size:14px}footer a{margin-right:16px;display:inline-block}
`;

export function sendPage(
  res: Response,
  status: number,
  lang: PageLang,
  title: string,
  bodyHtml: string,
): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    })
    .send(
      `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
        `<style>${STYLE}</style></head><body><main>${bodyHtml}</main>${listingFooter(lang, LISTING_LABELS)}</body></html>`,
    );
}

const T = {
  landingTitle: {
    en: 'Stepwise — proven B2B sales methods inside HubSpot deals',
    zh: 'Stepwise — 把成熟的 B2B 销售方法带进 HubSpot 商机',
  },
  landingLead: {
    en: 'Stepwise turns the seven-step sales process, 5W+2P qualification, PPVVC questions and the decision-chain relationship model into checklists on every deal — and grades each deal for you.',
    zh: 'Stepwise 把七步销售法、5W+2P 客户判断、PPVVC 问题清单和决策链关系模型变成每个商机上的检查清单,并自动为每个商机评级。',
  },
  landingWhat: { en: 'What you get', zh: '您将获得' },
  landingItems: {
    en: [
      'A <b>sales steps</b> card on each deal: per-step checklist with ★ key items, how-to-judge hints and what is missing for the next funnel stage; tick items right in the card.',
      'A <b>decision chain</b> card: each contact’s role, stance and depth of contact, and the resulting relationship level.',
      'Computed deal properties kept up to date automatically: <b>funnel stage (P/I/B)</b>, <b>lead grade</b>, <b>lead stage</b>, <b>relationship level</b> and progress — filter, sort and report on them in HubSpot.',
    ],
    zh: [
      '每个商机上的<b>销售步骤</b>卡片:按步骤的检查清单(★关键项)、判断提示、进入下一漏斗阶段还缺什么;可直接在卡片中勾选。',
      '<b>决策链</b>卡片:每位联系人的职务角色、立场与交往程度,以及由此得出的关系级别。',
      '自动维护的商机属性:<b>漏斗阶段(P/I/B)</b>、<b>客户价值分级</b>、<b>客户进展阶段</b>、<b>关系级别</b>与完成度,可在 HubSpot 中筛选、排序和制作报表。',
    ],
  },
  landingInstall: { en: 'What installing does', zh: '安装时会发生什么' },
  landingDocs: {
    en: 'Before installing, read the <a href="{setup}">setup guide</a> and what Stepwise reads and keeps in the <a href="{privacy}">privacy policy</a>.',
    zh: '安装前,请阅读<a href="{setup}">安装与使用指南</a>,并在<a href="{privacy}">隐私政策</a>中了解 Stepwise 读取和保留哪些数据。',
  },
  landingInstallItems: {
    en: [
      'You approve access to deals and contacts and to their property definitions (HubSpot shows the exact scopes).',
      'Stepwise creates its properties in a property group named “Stepwise” (nothing of yours is changed or deleted).',
      'Every existing deal is graded in the background; new changes are graded within seconds.',
    ],
    zh: [
      '您授权访问商机、联系人及其属性定义(HubSpot 会列出具体权限)。',
      'Stepwise 在名为“Stepwise 销售方法”的属性组中创建其属性(不会修改或删除您的任何数据)。',
      '后台为所有现有商机评级;之后的修改会在几秒内重新评级。',
    ],
  },
  installButton: { en: 'Install Stepwise in HubSpot', zh: '在 HubSpot 中安装 Stepwise' },
  successTitle: { en: 'Stepwise is installed', zh: 'Stepwise 安装成功' },
  successLead: { en: 'Stepwise is now connected to HubSpot account', zh: 'Stepwise 已连接到 HubSpot 账户' },
  next: { en: 'What happens next', zh: '接下来' },
  propsDone: {
    en: (created: number, updated: number, existing: number) =>
      `Properties are ready in the “Stepwise” group: ${created} created, ${updated} updated, ${existing} already in place.`,
    zh: (created: number, updated: number, existing: number) =>
      `属性已在 “Stepwise” 属性组中就绪:新建 ${created} 个,更新 ${updated} 个,已存在 ${existing} 个。`,
  },
  gradingStarted: {
    en: 'Your existing deals are being graded now, in the background. Large accounts take a few minutes; progress shows on the Stepwise settings page.',
    zh: '正在后台为现有商机评级。商机较多时需要几分钟;进度可在 Stepwise 设置页查看。',
  },
  gradingNotStarted: {
    en: 'Grading of existing deals could not be started right now. Open the Stepwise settings page and click “Re-grade all deals”; new changes are graded as they happen.',
    zh: '暂时无法开始为现有商机评级。请打开 Stepwise 设置页并点击“重新评级全部商机”;之后的修改仍会实时评级。',
  },
  whereCards: {
    en: 'Open any deal: the <b>Sales steps</b> and <b>Decision chain</b> cards are in the right sidebar. If you do not see them, choose “Customize” on the deal record and add the Stepwise cards.',
    zh: '打开任意商机:<b>销售步骤</b>和<b>决策链</b>卡片位于右侧栏。如果看不到,请在商机记录上选择“自定义”并添加 Stepwise 卡片。',
  },
  whereProps: {
    en: 'In the deals list, add the columns <code>Funnel stage</code>, <code>Lead grade</code> and <code>Relationship level</code> to filter and sort.',
    zh: '在商机列表中添加 <code>销售漏斗阶段</code>、<code>客户价值分级</code>、<code>客户关系级别</code> 列即可筛选和排序。',
  },
  openDeals: { en: 'Open your deals', zh: '打开商机列表' },
  tryAgain: { en: 'Try installing again', zh: '重新安装' },
  home: { en: 'About Stepwise', zh: '关于 Stepwise' },
  errorCode: { en: 'Error code', zh: '错误代码' },
} as const;

export function renderLanding(req: Request, res: Response): void {
  const lang = pageLanguage(req);
  const li = (items: readonly string[]): string => items.map((i) => `<li>${i}</li>`).join('');
  sendPage(
    res,
    200,
    lang,
    T.landingTitle[lang],
    languageSwitch(lang, 'home') +
      `<h1>Stepwise</h1><p class="lead">${escapeHtml(T.landingLead[lang])}</p>` +
      `<h2>${T.landingWhat[lang]}</h2><ul>${li(T.landingItems[lang])}</ul>` +
      `<h2>${T.landingInstall[lang]}</h2><ol>${li(T.landingInstallItems[lang])}</ol>` +
      `<p>${T.landingDocs[lang].replace('{setup}', localizedPath(lang, 'setup')).replace('{privacy}', localizedPath(lang, 'privacy'))}</p>` +
      `<a class="btn" href="/oauth/install">${T.installButton[lang]}</a>`,
  );
}

export interface SuccessPageInput {
  portalId: string;
  hubDomain: string | null;
  created: number;
  updated: number;
  unchanged: number;
  gradingStarted: boolean;
  /** Link to the portal's deals in HubSpot. */
  dealsUrl: string;
}

export function renderInstallSuccess(req: Request, res: Response, input: SuccessPageInput): void {
  const lang = pageLanguage(req);
  const account = input.hubDomain !== null ? `${input.hubDomain} (${input.portalId})` : input.portalId;
  sendPage(
    res,
    200,
    lang,
    T.successTitle[lang],
    `<h1 class="ok">✓ ${T.successTitle[lang]}</h1><p class="lead">${T.successLead[lang]} <b>${escapeHtml(account)}</b>.</p>` +
      `<h2>${T.next[lang]}</h2><ol>` +
      `<li>${escapeHtml(T.propsDone[lang](input.created, input.updated, input.unchanged))}</li>` +
      `<li>${escapeHtml(input.gradingStarted ? T.gradingStarted[lang] : T.gradingNotStarted[lang])}</li>` +
      `<li>${T.whereCards[lang]}</li><li>${T.whereProps[lang]}</li></ol>` +
      `<a class="btn" href="${escapeHtml(input.dealsUrl)}">${T.openDeals[lang]}</a>`,
  );
}

export interface ErrorPageInput {
  status: number;
  code: string;
  title: { en: string; zh: string };
  /** What happened (plain text). */
  detail: { en: string; zh: string };
  /** What to do about it (plain text). */
  action: { en: string; zh: string };
  /** Offer "Try installing again" (default true). */
  retry?: boolean;
}

export function renderError(req: Request, res: Response, input: ErrorPageInput): void {
  const lang = pageLanguage(req);
  sendPage(
    res,
    input.status,
    lang,
    input.title[lang],
    `<h1 class="bad">${escapeHtml(input.title[lang])}</h1>` +
      `<p>${escapeHtml(input.detail[lang])}</p><p><b>${escapeHtml(input.action[lang])}</b></p>` +
      (input.retry === false ? '' : `<a class="btn" href="/oauth/install">${T.tryAgain[lang]}</a>`) +
      `<a class="btn secondary" href="${localizedPath(lang, 'home')}">${T.home[lang]}</a>` +
      `<p class="small">${T.errorCode[lang]}: <code>${escapeHtml(input.code)}</code> · HTTP ${input.status}</p>`,
  );
}
