import type { Lang } from '../../cards/lib/api-types';

const en = {
  stageMapSection: 'Stage map (stage ahead of evidence)',
  stageMapHelp:
    'The least funnel stage a deal must show in each HubSpot stage; below it, Stepwise raises “stage ahead”. Suggestions come from the stage probability (≥ 0.8 → B, ≥ 0.5 → I, ≥ 0.2 → P; Stepwise’s default).',
  suggested: (s: string) => `Suggested: ${s}`,
  useSuggestions: 'Use the suggestions',
  preview: 'Preview before saving',
  previewRunning: (done: number, total: number) =>
    `Evaluating deals with these settings… ${done} of ${total}`,
  previewResult: (n: number, now: number, done: number, total: number) =>
    `${n} deals would be flagged stage_ahead (today ${now}), from ${done === total ? `all ${total}` : `a sample of ${done} of ${total}`} deals.`,
  previewFailed: 'The preview failed:',
  none: 'No check',
  timeSection: 'Stall days, visit rules, funnel norms',
  stall: (s: string) => `Days a deal may stay in ${s}`,
  insiderAfter: 'Visits before an insider is due (拜访三次必须发展一个内线)',
  escalateAfter: 'Visits before escalating a C-level relationship',
  validPerProspect: 'Qualified leads per prospect (norm)',
  prospectsPerWin: 'Prospects per win (norm)',
  writeSection: 'Write-back',
  writing: 'Writing',
  paused: 'Paused (dry run)',
  writeHelp:
    'While paused, Stepwise grades deals but writes nothing to HubSpot; below is what it would write. Resume writes everything.',
  pause: 'Pause writing',
  resume: 'Resume writing',
  wouldWrite: (n: number) => `Deals evaluated: ${n}`,
  grades: 'Grades',
  stages: 'Funnel stages',
  alerts: 'Alerts',
  rules: (current: string, graded: string | null, state: string) =>
    `Rules ${current}; this portal: ${graded ?? 'not recorded'} (${state === 'current' ? 'up to date' : state === 'running' ? 're-grading now' : 'queued for a re-grade'}).`,
};

const zh: typeof en = {
  stageMapSection: '阶段映射(阶段超前于证据)',
  stageMapHelp:
    '每个 HubSpot 阶段要求商机至少达到的漏斗阶段;低于它时 Stepwise 发出“阶段超前”预警。建议值来自阶段概率(≥0.8 → B,≥0.5 → I,≥0.2 → P;Stepwise 的默认规则)。',
  suggested: (s) => `建议:${s}`,
  useSuggestions: '采用建议值',
  preview: '保存前预览',
  previewRunning: (done, total) => `正在按这些设置评估商机… ${done} / ${total}`,
  previewResult: (n, now, done, total) =>
    `${n} 个商机将被标记为阶段超前(当前 ${now}),基于${done === total ? `全部 ${total}` : `${total} 个中的 ${done}`} 个商机。`,
  previewFailed: '预览失败:',
  none: '不检查',
  timeSection: '停滞天数、拜访规则、漏斗标准',
  stall: (s) => `商机在 ${s} 阶段可停留的天数`,
  insiderAfter: '需发展内线前的拜访次数(拜访三次必须发展一个内线)',
  escalateAfter: 'C 级关系需升级处理前的拜访次数',
  validPerProspect: '每个准客户所需有效信息数(标准)',
  prospectsPerWin: '每个成交所需准客户数(标准)',
  writeSection: '写回',
  writing: '正在写回',
  paused: '已暂停(试运行)',
  writeHelp: '暂停期间 Stepwise 照常评估商机,但不写入 HubSpot;下面是将要写入的内容。恢复后全部写入。',
  pause: '暂停写回',
  resume: '恢复写回',
  wouldWrite: (n) => `已评估商机:${n}`,
  grades: '客户等级',
  stages: '漏斗阶段',
  alerts: '预警',
  rules: (current, graded, state) =>
    `规则版本 ${current};本账户:${graded ?? '未记录'}(${state === 'current' ? '已是最新' : state === 'running' ? '正在重新评估' : '排队等待重新评估'})。`,
};

export type OpsStrings = typeof en;
export const opsStrings = (lang: Lang): OpsStrings => (lang === 'zh' ? zh : en);
