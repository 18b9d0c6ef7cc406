import type { Lang } from '../../cards/lib/api-types';

/** `zh`, `zh-cn`, `zh-TW` → zh; anything else → en. */
export function langFromLocale(locale: string | null | undefined): Lang {
  return typeof locale === 'string' && /^zh(?:[-_]|$)/i.test(locale.trim()) ? 'zh' : 'en';
}

const en = {
  title: 'Stepwise settings',
  loading: 'Loading settings…',
  retry: 'Try again',
  loadFailedTitle: 'Settings could not be loaded',
  notInstalledTitle: 'Stepwise is not connected',
  notInstalledBody: 'Install or reconnect Stepwise for this HubSpot account, then open this page again.',
  notConfiguredTitle: 'Stepwise is not configured',
  notConfiguredBody: 'The project profile has no https BACKEND_URL.',
  installation: 'Installation',
  installed: 'Installed',
  uninstalled: 'Disconnected',
  installedSince: (when: string) => `Installed ${when}`,
  scopes: 'Granted scopes',
  processSection: 'Process playbook per pipeline',
  processHelp: 'The checklist reps work through on deals of each pipeline.',
  defaultPlaybook: 'Default process playbook',
  gradeSection: 'Lead grade thresholds',
  gradeHelp: 'Seed 003 §2.4.2: a deal is strategic or important by amount, or by its account traits.',
  strategicAmount: (currency: string) => `Strategic customer from amount (${currency})`,
  importantAmount: (currency: string) => `Important customer from amount (${currency})`,
  strategicTraitsMin: 'Strategic customer from this many of the 5 strategic traits',
  importantTraitsMin: 'Important customer from this many of the 3 important traits',
  countingRuleNote:
    'The trait counts are Stepwise’s default: the manual lists the features of each grade, not how many are needed.',
  quoteNote: (grade: string) => `Quote strategy for ${grade} customers (shown in the card)`,
  quoteNoteHelp:
    'Seed 003 §2.4.3 sets a quote strategy per grade; its text is cut off there, so write your own.',
  gradeStrategic: 'strategic',
  gradeImportant: 'important',
  gradeOrdinary: 'ordinary',
  homeCurrency: 'home currency',
  languageSection: 'Language of property labels',
  languageLabel: 'Label language',
  languageHelp:
    'Saving a new language re-labels the Stepwise properties in HubSpot (values and reports stay as they are).',
  languageZh: '中文 (Chinese)',
  languageEn: 'English',
  save: 'Save',
  discard: 'Discard changes',
  saved: 'Settings saved',
  savedRelabelled: 'Settings saved. The Stepwise properties were re-labelled.',
  saveFailedTitle: 'Settings were not saved',
  fixErrors: 'Fix the highlighted fields first.',
  regradeSection: 'Re-grade all deals',
  regradeHelp: 'Recomputes the funnel stage, grades and progress of every deal with the current settings.',
  regradeButton: 'Re-grade all deals',
  regradeIdle: 'No re-grade has run yet.',
  regradeRunning: (processed: number, total: number | null) =>
    total === null ? `Re-grading… ${processed} deals so far` : `Re-grading… ${processed} of ${total} deals`,
  regradeDone: (processed: number) => `Done: ${processed} deals re-graded.`,
  regradeFailed: (error: string) => `Re-grade stopped: ${error}`,
  regradeStartFailed: 'The re-grade could not be started.',
  regradeProgress: 'Re-grade progress',
  // validation
  mustBeNumber: 'Enter a number.',
  mustBeNonNegative: 'Must be 0 or more.',
  tooLarge: 'Too large.',
  strategicBelowImportant: 'Must be at least the important-customer amount.',
  mustBeIntegerBetween: (min: number, max: number) => `Enter a whole number from ${min} to ${max}.`,
} as const;

type Strings = {
  [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : string;
};

const zh: Strings = {
  title: 'Stepwise 设置',
  loading: '正在加载设置…',
  retry: '重试',
  loadFailedTitle: '无法加载设置',
  notInstalledTitle: 'Stepwise 未连接',
  notInstalledBody: '请为此 HubSpot 账户安装或重新连接 Stepwise,然后再打开此页面。',
  notConfiguredTitle: 'Stepwise 未配置',
  notConfiguredBody: '项目配置文件中没有 https 的 BACKEND_URL。',
  installation: '安装状态',
  installed: '已安装',
  uninstalled: '已断开',
  installedSince: (when: string) => `安装于 ${when}`,
  scopes: '已授权范围',
  processSection: '各管道的流程手册',
  processHelp: '销售在各管道的商机上使用的检查清单。',
  defaultPlaybook: '默认流程手册',
  gradeSection: '客户等级阈值',
  gradeHelp: '种子 003 §2.4.2:商机按金额或客户特征判定为战略客户或重要客户。',
  strategicAmount: (currency: string) => `战略客户金额下限(${currency})`,
  importantAmount: (currency: string) => `重要客户金额下限(${currency})`,
  strategicTraitsMin: '满足 5 项战略特征中的项数(战略客户)',
  importantTraitsMin: '满足 3 项重要特征中的项数(重要客户)',
  countingRuleNote: '特征项数为 Stepwise 默认:手册只列出各等级的特征,没有规定需满足几项。',
  quoteNote: (grade: string) => `${grade}的报价策略(在卡片中显示)`,
  quoteNoteHelp: '种子 003 §2.4.3 按客户类型制定报价策略;原文在此处截断,请填写贵公司的策略。',
  gradeStrategic: '战略客户',
  gradeImportant: '重要客户',
  gradeOrdinary: '普通客户',
  homeCurrency: '本位币',
  languageSection: '属性标签语言',
  languageLabel: '标签语言',
  languageHelp: '保存新的语言后,HubSpot 中 Stepwise 属性的标签会被重新命名(数值和报表保持不变)。',
  languageZh: '中文',
  languageEn: 'English(英文)',
  save: '保存',
  discard: '放弃修改',
  saved: '设置已保存',
  savedRelabelled: '设置已保存,Stepwise 属性标签已更新。',
  saveFailedTitle: '设置未保存',
  fixErrors: '请先修正标出的字段。',
  regradeSection: '重新评估所有商机',
  regradeHelp: '按当前设置重新计算每个商机的漏斗阶段、等级和进度。',
  regradeButton: '重新评估所有商机',
  regradeIdle: '尚未运行过重新评估。',
  regradeRunning: (processed: number, total: number | null) =>
    total === null
      ? `正在重新评估… 已处理 ${processed} 个商机`
      : `正在重新评估… ${processed} / ${total} 个商机`,
  regradeDone: (processed: number) => `完成:已重新评估 ${processed} 个商机。`,
  regradeFailed: (error: string) => `重新评估已停止:${error}`,
  regradeStartFailed: '无法启动重新评估。',
  regradeProgress: '重新评估进度',
  mustBeNumber: '请输入数字。',
  mustBeNonNegative: '不能小于 0。',
  tooLarge: '数值过大。',
  strategicBelowImportant: '不能低于重要客户金额。',
  mustBeIntegerBetween: (min: number, max: number) => `请输入 ${min} 到 ${max} 之间的整数。`,
};

export type SettingsStrings = Strings;

export function settingsStrings(lang: Lang): SettingsStrings {
  return lang === 'zh' ? zh : en;
}
