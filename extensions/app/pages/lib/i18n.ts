import type { AlertId, FunnelStage, Lang, LeadGrade, RelationshipLevel } from './api-types';
import type { ConversionStep } from './funnel-math';

export { apiLocale, langFromLocale } from '../../cards/lib/i18n';

/** Period presets of the filter bar (days ending today). */
export const PERIODS = ['30', '90', '180', '365'] as const;
export type Period = (typeof PERIODS)[number];

const en = {
  title: 'Stepwise · sales manager',
  loading: 'Loading the funnel…',
  retry: 'Try again',
  errorTitle: 'The manager view could not be loaded',
  errorGeneric: 'Something went wrong. Try again in a moment.',
  errorNetwork: 'Stepwise did not answer in time. Check your connection and try again.',
  notInstalledTitle: 'Stepwise is not connected',
  notInstalledBody:
    'Stepwise is not installed for this HubSpot account (or was disconnected). Ask a HubSpot admin to install or reconnect Stepwise.',
  forbiddenTitle: 'No access',
  forbiddenBody: 'Stepwise may not read this account’s deals. Ask a HubSpot admin to reconnect Stepwise.',
  notConfiguredTitle: 'Stepwise is not configured',
  notConfiguredBody:
    'The project profile has no BACKEND_URL (https). Upload the project with `hs project upload --profile prod`.',
  emptyTitle: 'No deals yet',
  emptyBody:
    'No deal matches these filters. Stepwise counts deals once it has graded them; clear the filters or re-grade all deals in the settings.',
  clearFilters: 'Clear filters',
  // filters
  pipeline: 'Pipeline',
  owner: 'Owner',
  team: 'Team',
  period: 'Period',
  all: 'All',
  lastDays: (days: string) => `Last ${days} days`,
  periodRange: (from: string, to: string) => `${from} – ${to}`,
  asOf: (when: string) => `Figures as of ${when}, from Stepwise’s running totals.`,
  // funnel
  funnelSection: 'Funnel',
  funnelHelp: 'Open deals per funnel stage now; won and lost: closed in the period.',
  stage: 'Stage',
  deals: 'Deals',
  amount: 'Amount',
  // conversion
  conversionSection: 'Conversion in the period',
  conversionHelp:
    'Deals that entered each stage in the period. Norms from the sales manual (seed 003 §2.3.1.4): about 15 qualified leads give 1 prospect; about 3 prospects give 1 customer.',
  step: 'Step',
  entered: 'Entered',
  converted: 'Converted',
  rate: 'Rate',
  norm: 'Norm',
  noNorm: 'no norm in the manual',
  meets: 'Meets the norm',
  below: 'Below the norm',
  // coverage
  coverageSection: 'Coverage calculator',
  coverageHelp: 'How many prospects and qualified leads a win target needs under the norms.',
  targetWins: 'Target wins',
  coverageInvalid: 'Enter a whole number of wins from 1 to 100,000.',
  coverageResult: (wins: number, prospects: number, leads: number) =>
    `${wins} wins need about ${prospects} prospects and ${leads} qualified leads.`,
  prospectsNeeded: 'Prospects needed',
  leadsNeeded: 'Qualified leads needed',
  // alerts
  alertsSection: 'Alerts',
  alertsHelp: 'Open deals that need the manager: click a deal to open its record.',
  noAlerts: 'No deal has this alert.',
  moreDeals: (shown: number, total: number) => `Showing the ${shown} largest of ${total}.`,
  deal: 'Deal',
  reason: 'Reason',
  dealOwner: 'Owner',
  noOwner: 'No owner',
  noAmount: '—',
  // distributions and trend
  gradeSection: 'Lead grades',
  relationshipSection: 'Relationship levels',
  trendSection: 'Funnel over 12 weeks',
  trendHelp: 'Open deals per stage at the end of each week; won and lost: closed that week.',
  week: 'Week',
  count: 'Deals',
};

type Strings = typeof en;

const zh: Strings = {
  title: 'Stepwise · 销售管理',
  loading: '正在加载漏斗…',
  retry: '重试',
  errorTitle: '无法加载销售管理视图',
  errorGeneric: '出现问题,请稍后重试。',
  errorNetwork: 'Stepwise 未能及时响应,请检查网络后重试。',
  notInstalledTitle: 'Stepwise 未连接',
  notInstalledBody:
    '此 HubSpot 账户未安装 Stepwise(或已断开连接)。请联系 HubSpot 管理员安装或重新连接 Stepwise。',
  forbiddenTitle: '无访问权限',
  forbiddenBody: 'Stepwise 无权读取此账户的商机。请联系 HubSpot 管理员重新连接 Stepwise。',
  notConfiguredTitle: 'Stepwise 未配置',
  notConfiguredBody:
    '项目配置文件中没有 BACKEND_URL(https)。请使用 `hs project upload --profile prod` 上传项目。',
  emptyTitle: '暂无商机',
  emptyBody: '没有符合筛选条件的商机。Stepwise 评估过的商机才会计入;请清除筛选,或在设置中重新评估所有商机。',
  clearFilters: '清除筛选',
  pipeline: '管道',
  owner: '负责人',
  team: '团队',
  period: '期间',
  all: '全部',
  lastDays: (days: string) => `最近 ${days} 天`,
  periodRange: (from: string, to: string) => `${from} 至 ${to}`,
  asOf: (when: string) => `数据截至 ${when},来自 Stepwise 的实时汇总。`,
  funnelSection: '销售漏斗',
  funnelHelp: '各漏斗阶段当前的未关闭商机;赢单和丢单:期间内关闭的商机。',
  stage: '阶段',
  deals: '商机数',
  amount: '金额',
  conversionSection: '期间转化率',
  conversionHelp:
    '期间内进入各阶段的商机。标准来自销售业务手册(种子 003 §2.3.1.4):约15个有效信息才可能诞生1个准客户,约3个准客户成交1个客户。',
  step: '环节',
  entered: '进入',
  converted: '转化',
  rate: '转化率',
  norm: '标准',
  noNorm: '手册未给出标准',
  meets: '达到标准',
  below: '低于标准',
  coverageSection: '覆盖计算器',
  coverageHelp: '按手册标准,达成目标成交数需要多少准客户和有效信息。',
  targetWins: '目标成交数',
  coverageInvalid: '请输入 1 到 100,000 之间的整数。',
  coverageResult: (wins: number, prospects: number, leads: number) =>
    `成交 ${wins} 个客户约需 ${prospects} 个准客户、${leads} 个有效信息。`,
  prospectsNeeded: '所需准客户',
  leadsNeeded: '所需有效信息',
  alertsSection: '预警',
  alertsHelp: '需要经理关注的未关闭商机:点击商机打开记录。',
  noAlerts: '没有商机触发此预警。',
  moreDeals: (shown: number, total: number) => `显示金额最大的 ${shown} 个,共 ${total} 个。`,
  deal: '商机',
  reason: '原因',
  dealOwner: '负责人',
  noOwner: '无负责人',
  noAmount: '—',
  gradeSection: '客户等级',
  relationshipSection: '关系等级',
  trendSection: '近 12 周漏斗',
  trendHelp: '每周末各阶段的未关闭商机;赢单和丢单:当周关闭的商机。',
  week: '周',
  count: '商机数',
};

export type PageStrings = Strings;

export function pageStrings(lang: Lang): PageStrings {
  return lang === 'zh' ? zh : en;
}

/** Same wording as the engine's FUNNEL_STAGE_LABELS (a test keeps them equal). */
const STAGE: Record<Lang, Record<FunnelStage, string>> = {
  en: {
    none: 'Not in funnel',
    P: 'P – target customer (5W+2P qualified)',
    I: 'I – formally evaluating shortlisted vendors',
    B: 'B – business negotiation',
    W: 'W – won',
    L: 'L – lost',
  },
  zh: {
    none: '未入漏斗',
    P: 'P 目标客户(5W+2P 已确认)',
    I: 'I 客户真正进入考虑期',
    B: 'B 商务谈判',
    W: 'W 赢单',
    L: 'L 丢单',
  },
};

const ALERT: Record<Lang, Record<AlertId, string>> = {
  en: {
    stage_ahead: 'Stage ahead of evidence',
    stalled: 'Stalled',
    insider_overdue: 'Insider overdue',
    relationship_stuck: 'Relationship stuck',
  },
  zh: {
    stage_ahead: '阶段超前于证据',
    stalled: '停滞',
    insider_overdue: '内线逾期',
    relationship_stuck: '关系停滞',
  },
};

/** Same wording as the engine's LEAD_GRADE_LABELS and RELATIONSHIP_LEVEL_LABELS. */
const GRADE: Record<Lang, Record<LeadGrade, string>> = {
  en: { strategic: 'Strategic customer', important: 'Important customer', ordinary: 'Ordinary customer' },
  zh: { strategic: '战略客户', important: '重要客户', ordinary: '普通客户' },
};

const RELATIONSHIP: Record<Lang, Record<RelationshipLevel, string>> = {
  en: { none: 'No relationship', C: 'Level C', B: 'Level B', A: 'Level A' },
  zh: { none: '无关系', C: 'C级', B: 'B级', A: 'A级' },
};

const CONVERSION: Record<Lang, Record<ConversionStep['id'], string>> = {
  en: {
    valid_prospect: 'Qualified lead → prospect',
    prospect_won: 'Prospect → won',
    P_I: 'P → I',
    I_B: 'I → B',
    B_W: 'B → W',
  },
  zh: {
    valid_prospect: '有效信息 → 准客户',
    prospect_won: '准客户 → 成交',
    P_I: 'P → I',
    I_B: 'I → B',
    B_W: 'B → W',
  },
};

/** Labels of the contract's enumerations (the page has no backend-supplied labels for these). */
export function enumLabels(lang: Lang) {
  return {
    stage: STAGE[lang],
    alert: ALERT[lang],
    grade: GRADE[lang],
    relationship: RELATIONSHIP[lang],
    conversion: CONVERSION[lang],
  };
}

export type EnumLabels = ReturnType<typeof enumLabels>;
