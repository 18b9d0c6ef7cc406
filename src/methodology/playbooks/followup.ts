import type { Playbook } from '../schema';

const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 003 §2.1.3 客户进展阶段判断标准表 (兴天下销售业务手册). Labels are the table's cells; each
 * hint says in which purchase-type row and lead-stage column (and criterion number) the cell sits.
 */
export const followup = {
  id: 'followup',
  label: { zh: '兴天下客户进展阶段判断标准', en: 'Xingtianxia customer progress-stage criteria' },
  description: {
    zh: '兴天下销售业务手册 2.1.3“客户进展阶段判断标准表”:按采购方式(单独采购、集团采购、战略采购)判断客户从普通信息、有效信息到准客户的进展。本清单收录表中“有效信息”“准客户”两栏里需要勾选的进展事项(需求、决策链、竞争等其余标准由流程清单判断)。原表没有★,故各项均不标 key。',
    en: 'Xingtianxia sales manual §2.1.3 "customer progress stage criteria" table: for each purchase type (single, group, strategic) it tells how a lead progresses from raw lead to qualified lead to prospect. This checklist holds the progress events of the table\'s "qualified lead" and "prospect" columns that a rep ticks (the other criteria, such as need, decision chain and competition, are judged from the process checklist). The table marks no ★, so no item is key.',
  },
  source: '003_4f80fe95266cfc5f.txt',
  kind: 'qualification',
  steps: [
    {
      id: 'progress',
      label: { zh: '客户进展', en: 'Customer progress' },
      optional: false,
      description: {
        zh: '普通信息 → 有效信息 → 准客户。提示中注明每项属于哪种采购方式的哪个阶段(第几条)。',
        en: 'Raw lead → qualified lead → prospect. Each hint names the purchase type and stage (and criterion number) the item belongs to.',
      },
      property: 'sw_followup_progress',
      items: [
        {
          id: 'developer_known',
          label: {
            zh: '明确开发商名称、联系人及电话',
            en: "The developer's name, contact person and phone number are known",
          },
          hint: {
            zh: '1、单独采购:有效信息阶段第 1 条',
            en: '1. Single purchase: qualified lead stage, criterion 1',
          },
          key: false,
          action: {
            zh: '弄清开发商名称、联系人及电话',
            en: "Find out the developer's name, contact person and phone number",
          },
        },
        {
          id: 'company_profiled',
          label: {
            zh: '了解公司情况(规模、性质、影响力等)',
            en: "The company's profile (size, nature, influence, etc.) is known",
          },
          hint: {
            zh: lines(
              '1、集团采购:有效信息阶段第 1 条“了解公司情况(规模、性质、影响力等)”',
              '2、战略采购:有效信息阶段第 2 条“了解对方公司情况”',
            ),
            en: lines(
              '1. Group purchase: qualified lead stage, criterion 1 "know the company\'s profile (size, nature, influence, etc.)"',
              '2. Strategic purchase: qualified lead stage, criterion 2 "know the other company\'s profile"',
            ),
          },
          key: false,
          action: {
            zh: '了解客户公司的规模、性质和影响力',
            en: "Find out the customer company's size, nature and influence",
          },
        },
        {
          id: 'demo_done',
          label: { zh: '进行了产品演示', en: 'Product demonstration given' },
          hint: {
            zh: lines(
              '1、单独采购、集团采购:有效信息阶段第 3 条',
              '2、战略采购:有效信息阶段第 3 条“进行了产品演示,并已邀请参观公司或样板客户考察”',
            ),
            en: lines(
              '1. Single and group purchases: qualified lead stage, criterion 3',
              '2. Strategic purchase: qualified lead stage, criterion 3 "product demonstration given, and invited to visit our company or a reference customer"',
            ),
          },
          key: false,
          action: { zh: '为客户做产品演示', en: 'Give the customer a product demonstration' },
        },
        {
          id: 'insider_developed',
          label: { zh: '已发展内线关系人', en: 'An insider contact has been developed' },
          hint: {
            zh: lines(
              '1、单独采购、集团采购:有效信息阶段第 5 条',
              '2、手册 2.3.1.3:销售工程师拜访三次必须发展一个内线人,这里的内线不要求是客户决策链上的关键人,只要是能提供客户信息、决策链信息的都可以,一般目标为弱电工程师',
            ),
            en: lines(
              '1. Single and group purchases: qualified lead stage, criterion 5',
              '2. Manual §2.3.1.3: within three visits the sales engineer must develop an insider; the insider need not be a key person on the decision chain, anyone who can provide customer or decision-chain information will do, typically the low-voltage (ELV) systems engineer',
            ),
          },
          key: false,
          action: { zh: '发展一个内线关系人', en: 'Develop an insider contact' },
        },
        {
          id: 'proposal_submitted',
          label: {
            zh: '已经向客户提交了设计方案或参与招投标',
            en: 'A design proposal has been submitted to the customer, or we have taken part in the tender',
          },
          hint: {
            zh: lines(
              '1、单独采购、集团采购:准客户阶段第 1 条',
              '2、战略采购:有效信息阶段第 4 条“已经向客户提交了设计方案和初步报价”',
            ),
            en: lines(
              '1. Single and group purchases: prospect stage, criterion 1',
              '2. Strategic purchase: qualified lead stage, criterion 4 "a design proposal and a preliminary quote have been submitted to the customer"',
            ),
          },
          key: false,
          action: {
            zh: '向客户提交设计方案或参与招投标',
            en: 'Submit a design proposal to the customer, or take part in the tender',
          },
        },
        {
          id: 'quote_given',
          label: { zh: '已初步报价', en: 'A preliminary quote has been given' },
          hint: {
            zh: lines(
              '1、单独采购、集团采购:准客户阶段第 2 条',
              '2、战略采购:有效信息阶段第 4 条“已经向客户提交了设计方案和初步报价”',
            ),
            en: lines(
              '1. Single and group purchases: prospect stage, criterion 2',
              '2. Strategic purchase: qualified lead stage, criterion 4 "a design proposal and a preliminary quote have been submitted to the customer"',
            ),
          },
          key: false,
          action: { zh: '向客户初步报价', en: 'Give the customer a preliminary quote' },
        },
        {
          id: 'visit_invited',
          label: {
            zh: '已邀请参观公司或样板客户考察',
            en: 'The customer has been invited to visit our company or a reference customer',
          },
          hint: {
            zh: lines(
              '1、单独采购、集团采购:准客户阶段第 3 条',
              '2、战略采购:有效信息阶段第 3 条“进行了产品演示,并已邀请参观公司或样板客户考察”',
            ),
            en: lines(
              '1. Single and group purchases: prospect stage, criterion 3',
              '2. Strategic purchase: qualified lead stage, criterion 3 "product demonstration given, and invited to visit our company or a reference customer"',
            ),
          },
          key: false,
          action: {
            zh: '邀请客户参观公司或样板客户',
            en: 'Invite the customer to visit our company or a reference customer',
          },
        },
        {
          id: 'chain_exchanges',
          label: {
            zh: '决策链上已有多次交流沟通',
            en: 'There have been several exchanges with people on the decision chain',
          },
          hint: {
            zh: lines('1、单独采购、集团采购:准客户阶段第 4 条', '2、战略采购:准客户阶段第 2 条'),
            en: lines(
              '1. Single and group purchases: prospect stage, criterion 4',
              '2. Strategic purchase: prospect stage, criterion 2',
            ),
          },
          key: false,
          action: {
            zh: '与决策链上的人多次交流沟通',
            en: 'Talk with the people on the decision chain repeatedly',
          },
        },
        {
          id: 'chain_insider',
          label: {
            zh: '已将决策链上的人发展成了内线关键人',
            en: 'Someone on the decision chain has been developed into a key insider',
          },
          hint: {
            zh: lines('1、单独采购、集团采购:准客户阶段第 5 条', '2、战略采购:准客户阶段第 3 条'),
            en: lines(
              '1. Single and group purchases: prospect stage, criterion 5',
              '2. Strategic purchase: prospect stage, criterion 3',
            ),
          },
          key: false,
          action: {
            zh: '把决策链上的人发展成内线关键人',
            en: 'Develop someone on the decision chain into a key insider',
          },
        },
        {
          id: 'tender_shortlisted',
          label: { zh: '初次招投标入围', en: 'Shortlisted in the first tender round' },
          hint: {
            zh: '1、战略采购:有效信息阶段第 1 条',
            en: '1. Strategic purchase: qualified lead stage, criterion 1',
          },
          key: false,
          action: { zh: '争取初次招投标入围', en: 'Get shortlisted in the first tender round' },
        },
        {
          id: 'tender_second_round',
          label: { zh: '招投标二次入围', en: 'Shortlisted again in the second tender round' },
          hint: {
            zh: '1、战略采购:准客户阶段第 1 条',
            en: '1. Strategic purchase: prospect stage, criterion 1',
          },
          key: false,
          action: { zh: '争取招投标二次入围', en: 'Get shortlisted in the second tender round' },
        },
      ],
    },
  ],
} satisfies Playbook;
