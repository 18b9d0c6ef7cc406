import { buildPropertyDefinitions, type Language } from '../src/methodology';
import type { PortalSeed, SeedResult, UserEdit } from './admin';
import { createRng } from './rng';
import type { PipelineInput } from './types';

/**
 * Deterministic demo data: a vendor of building intercom systems (楼宇对讲, sold to real-estate
 * developers, often as group purchases) and network security (网络安全, for enterprises and
 * government). Chinese deal and contact names, amounts across the grade thresholds
 * (¥450,000 … ¥5,200,000, with 1,000,000 and 3,000,000 exactly), contacts with job titles,
 * associated to deals. Company names are fictitious.
 *
 * With `stepwiseInputs: true` the portal already has Stepwise's properties and some deals and
 * contacts carry checklist / role inputs (others stay empty); without it the portal is as
 * before installation and `demoUserEdits` supplies edits to apply once the app provisioned.
 */

export const DEMO_PORTAL_ID = 46_000_001;
export const SECOND_PORTAL_ID = 46_000_002;

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 5, 1, 30);

export const KEY_ACCOUNTS_PIPELINE: PipelineInput = {
  id: '113500001',
  label: '大客户项目 (Key accounts)',
  displayOrder: 1,
  stages: [
    {
      id: '113500011',
      label: '线索确认',
      displayOrder: 0,
      metadata: { isClosed: 'false', probability: '0.1' },
    },
    {
      id: '113500012',
      label: '需求调研',
      displayOrder: 1,
      metadata: { isClosed: 'false', probability: '0.3' },
    },
    {
      id: '113500013',
      label: '方案交流',
      displayOrder: 2,
      metadata: { isClosed: 'false', probability: '0.5' },
    },
    {
      id: '113500014',
      label: '招投标',
      displayOrder: 3,
      metadata: { isClosed: 'false', probability: '0.7' },
    },
    {
      id: '113500015',
      label: '商务谈判',
      displayOrder: 4,
      metadata: { isClosed: 'false', probability: '0.85' },
    },
    { id: '113500016', label: '赢单', displayOrder: 5, metadata: { isClosed: 'true', probability: '1.0' } },
    { id: '113500017', label: '输单', displayOrder: 6, metadata: { isClosed: 'true', probability: '0.0' } },
  ],
};

interface ContactRow {
  key: string;
  lastname: string;
  firstname: string;
  email: string;
  jobtitle: string;
  company: string;
  city: string;
  /** Stepwise inputs: role, stance, depth, personality. */
  sw?: [string, string, string, string];
}

const CONTACTS: readonly ContactRow[] = [
  {
    key: 'wanjing-wang',
    lastname: '王',
    firstname: '建国',
    email: 'wang.jianguo@wanjing-group.cn',
    jobtitle: '采购部长',
    company: '万景地产集团',
    city: '深圳',
    sw: ['purchaser', 'supporter', 'frequent', 'pragmatist'],
  },
  {
    key: 'wanjing-chen',
    lastname: '陈',
    firstname: '思远',
    email: 'chen.siyuan@wanjing-group.cn',
    jobtitle: '工程部经理',
    company: '万景地产集团',
    city: '深圳',
    sw: ['influencer', 'coach', 'deep', 'innovator'],
  },
  {
    key: 'wanjing-liu',
    lastname: '刘',
    firstname: '芳',
    email: 'liu.fang@wanjing-group.cn',
    jobtitle: 'IT经理',
    company: '万景地产集团',
    city: '深圳',
    sw: ['user', 'neutral', 'general', 'pragmatist'],
  },
  {
    key: 'wanjing-zhao',
    lastname: '赵',
    firstname: '德明',
    email: 'zhao.deming@wanjing-group.cn',
    jobtitle: '集团副总裁',
    company: '万景地产集团',
    city: '深圳',
    sw: ['decision_maker', 'neutral', 'general', 'conservative'],
  },
  {
    key: 'hengchuan-sun',
    lastname: '孙',
    firstname: '丽',
    email: 'sun.li@hengchuan-zy.cn',
    jobtitle: '采购经理',
    company: '恒川置业',
    city: '杭州',
  },
  {
    key: 'hengchuan-zhou',
    lastname: '周',
    firstname: '海涛',
    email: 'zhou.haitao@hengchuan-zy.cn',
    jobtitle: '总经理',
    company: '恒川置业',
    city: '杭州',
  },
  {
    key: 'jinhua-wu',
    lastname: '吴',
    firstname: '晓东',
    email: 'wu.xiaodong@jinhua-dc.cn',
    jobtitle: '工程部经理',
    company: '锦华地产',
    city: '苏州',
  },
  {
    key: 'jiahe-zheng',
    lastname: '郑',
    firstname: '永强',
    email: 'zheng.yongqiang@jiahe-cj.cn',
    jobtitle: '总经理',
    company: '嘉禾城建集团',
    city: '成都',
    sw: ['decision_maker', 'supporter', 'frequent', 'pioneer'],
  },
  {
    key: 'jiahe-huang',
    lastname: '黄',
    firstname: '雅琴',
    email: 'huang.yaqin@jiahe-cj.cn',
    jobtitle: '招标办主任',
    company: '嘉禾城建集团',
    city: '成都',
    sw: ['gatekeeper', 'supporter', 'general', 'conservative'],
  },
  {
    key: 'beian-xu',
    lastname: '许',
    firstname: '文博',
    email: 'xu.wenbo@beian-zy.cn',
    jobtitle: '物业总监',
    company: '北岸置业',
    city: '武汉',
  },
  {
    key: 'tianheng-ma',
    lastname: '马',
    firstname: '俊',
    email: 'ma.jun@tianheng-dc.cn',
    jobtitle: '采购部长',
    company: '天衡地产',
    city: '南京',
  },
  {
    key: 'jcdata-lin',
    lastname: '林',
    firstname: '志刚',
    email: 'lin.zhigang@jcdata.gov.cn',
    jobtitle: '信息中心主任',
    company: '江城市大数据局',
    city: '江城',
    sw: ['decision_maker', 'coach', 'deep', 'pragmatist'],
  },
  {
    key: 'jcdata-he',
    lastname: '何',
    firstname: '静',
    email: 'he.jing@jcdata.gov.cn',
    jobtitle: '网络安全科科长',
    company: '江城市大数据局',
    city: '江城',
    sw: ['influencer', 'supporter', 'frequent', 'innovator'],
  },
  {
    key: 'nzpolice-gao',
    lastname: '高',
    firstname: '峰',
    email: 'gao.feng@nzga.gov.cn',
    jobtitle: '科技信息化处处长',
    company: '南州市公安局',
    city: '南州',
  },
  {
    key: 'nzpolice-luo',
    lastname: '罗',
    firstname: '斌',
    email: 'luo.bin@nzga.gov.cn',
    jobtitle: '网安支队工程师',
    company: '南州市公安局',
    city: '南州',
  },
  {
    key: 'dhbank-liang',
    lastname: '梁',
    firstname: '晓彤',
    email: 'liang.xiaotong@donghai-bank.cn',
    jobtitle: '信息科技部总经理',
    company: '东海银行',
    city: '上海',
    sw: ['decision_maker', 'supporter', 'frequent', 'pragmatist'],
  },
  {
    key: 'dhbank-song',
    lastname: '宋',
    firstname: '凯',
    email: 'song.kai@donghai-bank.cn',
    jobtitle: '安全架构师',
    company: '东海银行',
    city: '上海',
    sw: ['influencer', 'coach', 'deep', 'innovator'],
  },
  {
    key: 'dhbank-tang',
    lastname: '唐',
    firstname: '敏',
    email: 'tang.min@donghai-bank.cn',
    jobtitle: '采购部长',
    company: '东海银行',
    city: '上海',
    sw: ['purchaser', 'neutral', 'general', 'conservative'],
  },
  {
    key: 'xinyuan-han',
    lastname: '韩',
    firstname: '磊',
    email: 'han.lei@xinyuan-mfg.cn',
    jobtitle: 'IT经理',
    company: '新源制造',
    city: '佛山',
  },
  {
    key: 'xinghe-feng',
    lastname: '冯',
    firstname: '雪',
    email: 'feng.xue@xinghe-sec.cn',
    jobtitle: '首席信息官',
    company: '星河证券',
    city: '北京',
    sw: ['decision_maker', 'non_supporter', 'general', 'stubborn'],
  },
  {
    key: 'xinghe-cao',
    lastname: '曹',
    firstname: '阳',
    email: 'cao.yang@xinghe-sec.cn',
    jobtitle: '安全运维主管',
    company: '星河证券',
    city: '北京',
    sw: ['user', 'supporter', 'frequent', 'pragmatist'],
  },
  {
    key: 'dongyue-peng',
    lastname: '彭',
    firstname: '志远',
    email: 'peng.zhiyuan@dongyue-energy.cn',
    jobtitle: '信息中心主任',
    company: '东岳能源集团',
    city: '济南',
  },
  {
    key: 'mingde-deng',
    lastname: '邓',
    firstname: '佳',
    email: 'deng.jia@mingde.edu.cn',
    jobtitle: '网络中心主任',
    company: '明德大学',
    city: '西安',
  },
  {
    key: 'jchosp-xiao',
    lastname: '萧',
    firstname: '明',
    email: 'xiao.ming@jc-hospital.cn',
    jobtitle: '信息科科长',
    company: '江城市人民医院',
    city: '江城',
  },
];

interface DealRow {
  key: string;
  dealname: string;
  /** '' = no amount. */
  amount: string;
  stage: string;
  keyAccounts?: boolean;
  contacts: string[];
  /** Stepwise inputs (property → value) when `stepwiseInputs`. */
  sw?: Record<string, string>;
}

const DEALS: readonly DealRow[] = [
  {
    key: 'wanjing-group-2026',
    dealname: '万景地产集团·2026年度楼宇对讲集中采购',
    amount: '5200000',
    stage: '113500015',
    keyAccounts: true,
    contacts: ['wanjing-wang', 'wanjing-chen', 'wanjing-liu', 'wanjing-zhao'],
    sw: {
      sw_purchase_type: 'group',
      sw_account_traits: 'group_influence;industry_benchmark;repeat_purchase',
      sw_six_w_two_p_qualify:
        'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline;competitors',
      sw_seven_step_need:
        'problems_known;deadline_known;opportunity_confirmed;solution_known;environment_known',
      sw_seven_step_funding: 'exec_approved;budget_ready;project_established',
      sw_seven_step_tech:
        'differentiation_acknowledged;company_endorsed;technical_barrier_set;main_competitor_known',
      sw_seven_step_account:
        'decision_chain_mapped;coach_in_place;procurement_known;channel_known;competition_known',
      sw_followup_progress:
        'demo_done;insider_developed;proposal_submitted;quote_given;visit_invited;chain_exchanges',
    },
  },
  {
    key: 'wanjing-feicui-3',
    dealname: '万景地产·翡翠湾三期楼宇可视对讲',
    amount: '1850000',
    stage: 'presentationscheduled',
    contacts: ['wanjing-wang', 'wanjing-chen'],
    sw: {
      sw_purchase_type: 'single',
      sw_six_w_two_p_qualify: 'why_need;budget_plan;timeline',
      sw_seven_step_need: 'problems_known;deadline_known',
      sw_followup_progress: 'demo_done',
    },
  },
  {
    key: 'hengchuan-yunqi',
    dealname: '恒川置业·云栖府智慧社区对讲',
    amount: '1000000',
    stage: 'qualifiedtobuy',
    contacts: ['hengchuan-sun', 'hengchuan-zhou'],
  },
  {
    key: 'jinhua-phase2',
    dealname: '锦华地产·锦华城二期门禁对讲',
    amount: '450000',
    stage: 'appointmentscheduled',
    contacts: ['jinhua-wu'],
  },
  {
    key: 'jiahe-affordable',
    dealname: '嘉禾城建集团·保障房项目楼宇对讲战略合作',
    amount: '3600000',
    stage: '113500014',
    keyAccounts: true,
    contacts: ['jiahe-zheng', 'jiahe-huang'],
    sw: {
      sw_purchase_type: 'strategic',
      sw_account_traits: 'broad_influence;reference_willing',
      sw_six_w_two_p_qualify:
        'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline;competitors;why_us',
      sw_seven_step_need: 'problems_known;opportunity_confirmed',
      sw_followup_progress: 'tender_shortlisted;demo_done;visit_invited;proposal_submitted',
    },
  },
  {
    key: 'beian-binjiang',
    dealname: '北岸置业·滨江壹号楼宇对讲改造',
    amount: '680000',
    stage: 'closedwon',
    contacts: ['beian-xu'],
  },
  {
    key: 'tianheng-intl',
    dealname: '天衡地产·天衡国际社区对讲',
    amount: '1200000',
    stage: 'closedlost',
    contacts: ['tianheng-ma'],
  },
  {
    key: 'jcdata-gov-cloud',
    dealname: '江城市大数据局·政务云等保2.0安全建设',
    amount: '2600000',
    stage: 'decisionmakerboughtin',
    contacts: ['jcdata-lin', 'jcdata-he'],
    sw: {
      sw_purchase_type: 'single',
      sw_account_traits: 'industry_benchmark;growth_potential;loyal_referrer',
      sw_six_w_two_p_qualify:
        'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline;competitors;why_us',
      sw_seven_step_need:
        'problems_known;deadline_known;opportunity_confirmed;competitive_edge;need_source_known;solution_known;environment_known',
      sw_seven_step_funding: 'exec_approved;budget_ready;project_established;budget_breakdown_known',
      sw_seven_step_tech:
        'differentiation_acknowledged;company_endorsed;technical_barrier_set;acceptance_criteria_met',
      sw_seven_step_account:
        'decision_chain_mapped;coach_in_place;procurement_known;channel_known;competition_known',
      sw_seven_step_chain: 'coach_informs;key_person_assists;relationship_criteria_met',
      sw_followup_progress:
        'demo_done;insider_developed;proposal_submitted;quote_given;visit_invited;chain_exchanges;chain_insider',
    },
  },
  {
    key: 'nzpolice-border',
    dealname: '南州市公安局·视频专网边界安全',
    amount: '3000000',
    stage: 'presentationscheduled',
    contacts: ['nzpolice-gao', 'nzpolice-luo'],
  },
  {
    key: 'dhbank-zero-trust',
    dealname: '东海银行·数据中心零信任改造',
    amount: '4800000',
    stage: 'contractsent',
    contacts: ['dhbank-liang', 'dhbank-song', 'dhbank-tang'],
    sw: {
      sw_purchase_type: 'single',
      sw_six_w_two_p_qualify:
        'why_need;budget_plan;decision_maker;decision_process;decision_criteria;timeline;competitors',
      sw_seven_step_need: 'problems_known;deadline_known;opportunity_confirmed;solution_known',
      sw_seven_step_funding: 'budget_ready;project_established',
      sw_followup_progress: 'demo_done;proposal_submitted',
    },
  },
  {
    key: 'xinyuan-ics',
    dealname: '新源制造·工控网络安全防护',
    amount: '820000',
    stage: 'qualifiedtobuy',
    contacts: ['xinyuan-han'],
  },
  {
    key: 'xinghe-soc',
    dealname: '星河证券·安全态势感知平台',
    amount: '1500000',
    stage: 'presentationscheduled',
    contacts: ['xinghe-feng', 'xinghe-cao'],
    sw: { sw_seven_step_need: 'problems_known' },
  },
  {
    key: 'dongyue-soc',
    dealname: '东岳能源集团·集团安全运营中心(SOC)',
    amount: '2200000',
    stage: '113500012',
    keyAccounts: true,
    contacts: ['dongyue-peng'],
  },
  {
    key: 'mingde-campus',
    dealname: '明德大学·校园网上网行为管理',
    amount: '560000',
    stage: 'appointmentscheduled',
    contacts: ['mingde-deng'],
  },
  {
    key: 'jchosp-intranet',
    dealname: '江城市人民医院·医疗内网安全加固',
    amount: '990000',
    stage: 'qualifiedtobuy',
    contacts: ['jchosp-xiao'],
  },
  {
    key: 'qingyuan-water',
    dealname: '清远水务集团·工控安全评估',
    amount: '',
    stage: 'appointmentscheduled',
    contacts: [],
  },
];

export interface DemoSeedOptions {
  portalId?: number;
  /** Pre-create Stepwise's properties and fill some inputs (default false: as before install). */
  stepwiseInputs?: boolean;
  /** Label language of pre-created Stepwise properties (default zh). */
  language?: Language;
}

function stepwiseProperties(language: Language): NonNullable<PortalSeed['properties']> {
  const defs = buildPropertyDefinitions(language);
  const body = (d: (typeof defs.deals)[number]): Record<string, unknown> => ({
    name: d.name,
    label: d.label,
    description: d.description,
    groupName: d.groupName,
    type: d.type,
    fieldType: d.fieldType,
    formField: d.formField,
    displayOrder: d.displayOrder,
    options: d.options,
  });
  return [
    ...defs.deals.map((d) => ({ objectType: 'deals' as const, definition: body(d) })),
    ...defs.contacts.map((d) => ({ objectType: 'contacts' as const, definition: body(d) })),
  ];
}

/** The demo portal: 24 contacts, 16 deals (two pipelines), associations. */
export function demoPortalSeed(options: DemoSeedOptions = {}): PortalSeed {
  const withInputs = options.stepwiseInputs === true;
  const language = options.language ?? 'zh';
  const defs = buildPropertyDefinitions(language);
  return {
    portal: {
      portalId: options.portalId ?? DEMO_PORTAL_ID,
      name: '华辰智联科技（演示）',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      utcOffsetMilliseconds: 8 * 3600_000,
      hubDomain: 'huachen-demo.cn',
      users: [
        { id: 70_000_001, email: 'li.ming@huachen-demo.cn', firstName: '明', lastName: '李' },
        { id: 70_000_002, email: 'zhang.wei@huachen-demo.cn', firstName: '伟', lastName: '张' },
      ],
    },
    pipelines: [KEY_ACCOUNTS_PIPELINE],
    ...(withInputs
      ? {
          groups: [
            {
              objectType: 'deals' as const,
              name: defs.group.name,
              label: defs.group.label,
              displayOrder: defs.group.displayOrder,
            },
            {
              objectType: 'contacts' as const,
              name: defs.group.name,
              label: defs.group.label,
              displayOrder: defs.group.displayOrder,
            },
          ],
          properties: stepwiseProperties(language),
        }
      : {}),
    contacts: CONTACTS.map((c, i) => {
      const properties: Record<string, string> = {
        firstname: c.firstname,
        lastname: c.lastname,
        email: c.email,
        jobtitle: c.jobtitle,
        company: c.company,
        city: c.city,
        phone: `+86 1${String(3800000000 + i * 7919).slice(0, 10)}`,
        lifecyclestage: 'opportunity',
      };
      if (withInputs && c.sw !== undefined) {
        const [role, stance, depth, personality] = c.sw;
        Object.assign(properties, {
          sw_decision_role: role,
          sw_stance: stance,
          sw_contact_depth: depth,
          sw_personality: personality,
        });
      }
      return { key: c.key, createdAt: BASE + i * DAY, properties };
    }),
    deals: DEALS.map((d, i) => ({
      key: d.key,
      createdAt: BASE + (i * 3 + 1) * DAY,
      contacts: d.contacts,
      properties: {
        dealname: d.dealname,
        ...(d.amount !== '' ? { amount: d.amount } : {}),
        deal_currency_code: 'CNY',
        pipeline: d.keyAccounts === true ? (KEY_ACCOUNTS_PIPELINE.id as string) : 'default',
        dealstage: d.stage,
        closedate: new Date(Date.UTC(2026, 5 + (i % 6), 28)).toISOString(),
        dealtype: i % 3 === 0 ? 'existingbusiness' : 'newbusiness',
        ...(withInputs && d.sw !== undefined ? d.sw : {}),
      },
    })),
  };
}

/** A small second portal (tenant-isolation tests, multi-portal demos). */
export function secondPortalSeed(portalId: number = SECOND_PORTAL_ID): PortalSeed {
  return {
    portal: {
      portalId,
      name: '北辰安防（演示二）',
      currency: 'CNY',
      hubDomain: 'beichen-demo.cn',
      users: [{ id: 71_000_001, email: 'ops@beichen-demo.cn' }],
    },
    contacts: [
      {
        key: 'c1',
        properties: {
          firstname: '国华',
          lastname: '钱',
          email: 'qian.guohua@longcheng-wy.cn',
          jobtitle: '总经理',
          company: '龙城物业',
        },
      },
    ],
    deals: [
      {
        key: 'd1',
        properties: {
          dealname: '龙城物业·老旧小区对讲改造',
          amount: '760000',
          dealstage: 'qualifiedtobuy',
          pipeline: 'default',
        },
        contacts: ['c1'],
      },
    ],
  };
}

/**
 * User edits for the demo, to apply after Stepwise provisioned its properties: reps tick
 * checklist items, move stages and record contact roles in HubSpot (webhooks with CRM_UI).
 */
export function demoUserEdits(seeded: SeedResult): UserEdit[] {
  const deal = (key: string): string => {
    const id = seeded.deals[key];
    if (id === undefined) throw new Error(`Unknown demo deal ${key}`);
    return id;
  };
  const contact = (key: string): string => {
    const id = seeded.contacts[key];
    if (id === undefined) throw new Error(`Unknown demo contact ${key}`);
    return id;
  };
  return [
    {
      objectType: 'deals',
      objectId: deal('wanjing-feicui-3'),
      properties: {
        sw_seven_step_need: 'problems_known;deadline_known;opportunity_confirmed;solution_known',
      },
    },
    {
      objectType: 'deals',
      objectId: deal('wanjing-feicui-3'),
      properties: { sw_followup_progress: 'demo_done;insider_developed;proposal_submitted' },
    },
    {
      objectType: 'contacts',
      objectId: contact('hengchuan-zhou'),
      properties: {
        sw_decision_role: 'decision_maker',
        sw_stance: 'supporter',
        sw_contact_depth: 'frequent',
      },
    },
    {
      objectType: 'deals',
      objectId: deal('hengchuan-yunqi'),
      properties: { sw_six_w_two_p_qualify: 'why_need;budget_plan;decision_maker;timeline' },
    },
    {
      objectType: 'deals',
      objectId: deal('nzpolice-border'),
      properties: { sw_account_traits: 'group_influence;industry_benchmark;broad_influence' },
    },
    { objectType: 'deals', objectId: deal('xinyuan-ics'), properties: { amount: '1150000' } },
    { objectType: 'deals', objectId: deal('dhbank-zero-trust'), properties: { dealstage: 'closedwon' } },
    { objectType: 'contacts', objectId: contact('xinghe-feng'), properties: { sw_stance: 'neutral' } },
  ];
}

export interface BulkSeedOptions {
  portalId: number;
  deals: number;
  contactsPerDeal?: number;
  seed?: number;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '强',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
];
const TITLES = [
  'IT经理',
  '采购部长',
  '总经理',
  '信息中心主任',
  '工程部经理',
  '安全运维主管',
  '财务总监',
  '招标办主任',
];
const PROJECTS = [
  '楼宇对讲',
  '可视对讲改造',
  '智慧社区门禁',
  '网络安全等保',
  '零信任改造',
  '态势感知平台',
  '上网行为管理',
  '数据防泄漏',
];
const STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
];

/** Many deterministic deals with contacts (benchmarks, paging tests). */
export function bulkPortalSeed(options: BulkSeedOptions): PortalSeed {
  const rng = createRng(options.seed ?? 7);
  const perDeal = options.contactsPerDeal ?? 2;
  const contacts: NonNullable<PortalSeed['contacts']> = [];
  const deals: NonNullable<PortalSeed['deals']> = [];
  for (let i = 0; i < options.deals; i++) {
    const keys: string[] = [];
    for (let j = 0; j < perDeal; j++) {
      const key = `c${i}-${j}`;
      keys.push(key);
      contacts.push({
        key,
        properties: {
          lastname: SURNAMES[rng.int(0, SURNAMES.length - 1)] as string,
          firstname: `${GIVEN[rng.int(0, GIVEN.length - 1)] as string}${GIVEN[rng.int(0, GIVEN.length - 1)] as string}`,
          email: `contact${i}.${j}@bulk-${options.portalId}.example.cn`,
          jobtitle: TITLES[rng.int(0, TITLES.length - 1)] as string,
        },
      });
    }
    deals.push({
      key: `d${i}`,
      contacts: keys,
      properties: {
        dealname: `客户${i + 1}·${PROJECTS[rng.int(0, PROJECTS.length - 1)] as string}`,
        amount: String(rng.int(45, 520) * 10_000),
        dealstage: STAGES[rng.int(0, STAGES.length - 1)] as string,
        pipeline: 'default',
      },
    });
  }
  return { portal: { portalId: options.portalId, name: `Bulk ${options.portalId}` }, contacts, deals };
}
