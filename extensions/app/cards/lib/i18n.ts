import type { Lang } from './api-types';

/**
 * UI strings of the deal cards. Data labels (steps, items, hints, grades, criteria) come
 * localized from the backend; these are the card's own words (headings, buttons, states).
 */

/** `zh`, `zh-cn`, `zh-TW`, `zh_Hans` → zh; anything else (or nothing) → en. */
export function langFromLocale(locale: string | null | undefined): Lang {
  return typeof locale === 'string' && /^zh(?:[-_]|$)/i.test(locale.trim()) ? 'zh' : 'en';
}

/** The locale sent to the backend (`locale` query parameter): the user's, else the language. */
export function apiLocale(user: { locale?: string | undefined; language?: string | undefined }): string {
  const raw = user.locale ?? user.language ?? 'en';
  return raw.trim() === '' ? 'en' : raw.trim();
}

const en = {
  loading: 'Loading Stepwise…',
  retry: 'Try again',
  errorTitle: 'Stepwise could not load this deal',
  errorGeneric: 'Something went wrong. Try again in a moment.',
  errorNetwork: 'Stepwise did not answer. Check your connection and try again.',
  notInstalledTitle: 'Stepwise is not connected',
  notInstalledBody:
    'Stepwise is not installed for this HubSpot account (or was disconnected). Ask a HubSpot admin to install or reconnect Stepwise.',
  forbiddenTitle: 'No access',
  forbiddenBody:
    'Stepwise is not allowed to read this deal. Ask a HubSpot admin to reconnect Stepwise with the required permissions.',
  dealNotFoundTitle: 'Deal not found',
  dealNotFoundBody: 'This deal no longer exists in HubSpot, or Stepwise cannot see it.',
  notConfiguredTitle: 'Stepwise is not configured',
  notConfiguredBody:
    'The project profile has no BACKEND_URL (https). Upload the project with `hs project upload --profile prod`.',
  funnelStage: 'Funnel stage',
  leadGrade: 'Lead grade',
  relationshipLevel: 'Relationship',
  leadStage: 'Lead stage',
  overallProgress: 'Overall progress',
  keyProgress: '★ Key items',
  currentStep: 'Work on now',
  allStepsDone: 'All steps complete',
  neededForNext: 'Needed for the next stage',
  nothingMissing: 'Nothing is missing: this deal is at the top stage.',
  closedWon: 'This deal is closed won. The checklist is read-only.',
  closedLost: 'This deal is closed lost. The checklist is read-only.',
  closedTitle: 'Deal closed',
  qualification: 'Qualification and follow-up',
  questions: 'Questions to ask',
  optionalStep: 'optional',
  keyItem: 'Key item',
  why: 'Why these grades?',
  met: 'Met',
  missing: 'Missing',
  nextLevel: 'Next',
  topLevel: 'Highest level reached.',
  tickFailedTitle: 'Not saved',
  tickFailed: 'Your change was not saved and has been undone.',
  warningsTitle: 'Some values were ignored',
  lastGraded: 'Last graded',
  never: 'not yet',
  itemsCount: (checked: number, total: number) => `${checked} of ${total}`,
  // Decision chain
  decisionChain: 'Decision chain',
  companyRelationship: 'Company relationship',
  personalRelationship: 'Personal relationship',
  missingForLevel: (level: string) => `Missing for ${level}`,
  contacts: 'Contacts',
  noContactsTitle: 'No contacts on this deal',
  noContactsBody: 'Associate the customer’s contacts with this deal to map the decision chain.',
  decisionRole: 'Decision role',
  stance: 'Stance',
  contactDepth: 'Depth of contact',
  personality: 'Personality',
  notSet: '— Not set —',
  editFailedTitle: 'Not saved',
  editFailed: 'The contact was not updated and the change has been undone.',
  buyingPhase: 'Buying phase',
  customerConcern: 'Customer’s main concern',
  sellerTask: 'Your task',
  alertsTitle: 'Alerts',
  closingTitle: 'Closing checklist (from B to W)',
  amount: 'Amount',
  quoteNote: 'Quote strategy',
  measures: 'How to climb (the manual’s measures)',
  tactics: 'Tactics for this role',
  blockedBy: 'Held back by',
  keyPersonNote: 'Key person = decision maker (has the final say) or influencer.',
} as const;

type Strings = {
  [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : string;
};

const zh: Strings = {
  loading: '正在加载 Stepwise…',
  retry: '重试',
  errorTitle: 'Stepwise 无法加载此商机',
  errorGeneric: '出现问题,请稍后重试。',
  errorNetwork: 'Stepwise 没有响应,请检查网络后重试。',
  notInstalledTitle: 'Stepwise 未连接',
  notInstalledBody:
    '此 HubSpot 账户未安装 Stepwise(或已断开连接)。请联系 HubSpot 管理员安装或重新连接 Stepwise。',
  forbiddenTitle: '无访问权限',
  forbiddenBody: 'Stepwise 无权读取此商机。请联系 HubSpot 管理员以所需权限重新连接 Stepwise。',
  dealNotFoundTitle: '找不到商机',
  dealNotFoundBody: '此商机已不存在,或 Stepwise 无法访问。',
  notConfiguredTitle: 'Stepwise 未配置',
  notConfiguredBody:
    '项目配置文件中没有 BACKEND_URL(https)。请使用 `hs project upload --profile prod` 上传项目。',
  funnelStage: '漏斗阶段',
  leadGrade: '客户等级',
  relationshipLevel: '关系等级',
  leadStage: '线索阶段',
  overallProgress: '总体进度',
  keyProgress: '★ 关键项',
  currentStep: '当前步骤',
  allStepsDone: '全部完成',
  neededForNext: '进入下一阶段还需要',
  nothingMissing: '没有缺项:此商机已处于最高阶段。',
  closedWon: '此商机已赢单,检查清单为只读。',
  closedLost: '此商机已丢单,检查清单为只读。',
  closedTitle: '商机已关闭',
  qualification: '客户确认与跟进',
  questions: '提问清单',
  optionalStep: '可选',
  keyItem: '关键项',
  why: '为什么是这些等级?',
  met: '已满足',
  missing: '缺少',
  nextLevel: '下一级',
  topLevel: '已达到最高等级。',
  tickFailedTitle: '未保存',
  tickFailed: '您的修改未能保存,已撤销。',
  warningsTitle: '部分数值已被忽略',
  lastGraded: '最近评估',
  never: '尚未',
  itemsCount: (checked: number, total: number) => `${checked} / ${total}`,
  decisionChain: '决策链',
  companyRelationship: '公司关系',
  personalRelationship: '个人关系',
  missingForLevel: (level: string) => `达到${level}还缺少`,
  contacts: '联系人',
  noContactsTitle: '此商机没有联系人',
  noContactsBody: '将客户的联系人关联到此商机,即可梳理决策链。',
  decisionRole: '决策角色',
  stance: '态度',
  contactDepth: '接触程度',
  personality: '性格类型',
  notSet: '— 未设置 —',
  editFailedTitle: '未保存',
  editFailed: '联系人未能更新,修改已撤销。',
  buyingPhase: '客户购买阶段',
  customerConcern: '客户最关心',
  sellerTask: '销售代表的任务',
  alertsTitle: '提醒',
  closingTitle: '关闭订单清单(从 B 到 W)',
  amount: '金额',
  quoteNote: '报价策略',
  measures: '提升关系的措施(手册)',
  tactics: '该角色的对策',
  blockedBy: '卡在',
  keyPersonNote: '关键人 = 决策者(拍板者)或影响者。',
};

export type CardStrings = Strings;

export function cardStrings(lang: Lang): CardStrings {
  return lang === 'zh' ? zh : en;
}
