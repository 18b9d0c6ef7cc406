import { LISTING_UPDATED, mailLink, type ListingContext, type LocalizedDocument } from './context';

/**
 * The privacy policy. Every statement mirrors the code: what is read (DEAL_READ_PROPERTIES,
 * CONTACT_READ_PROPERTIES, pipelines, property definitions, account currency), what is written
 * (src/methodology/properties.ts, the card API), and every Redis record with its lifetime
 * (installations, settings, queue, dead letters, caches, locks, replay and rate-limit keys).
 */
export function privacyPolicy(ctx: ListingContext): LocalizedDocument {
  const mail = mailLink(ctx);
  return {
    en: {
      title: 'Privacy policy',
      lead: 'What Stepwise reads from and writes to your HubSpot account, what it keeps, where, for how long, and how to have it deleted.',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'scope',
          heading: 'Scope',
          blocks: [
            {
              kind: 'p',
              text: 'This policy covers the Stepwise HubSpot app: its cards and settings page inside HubSpot and the Stepwise service that grades your deals. Stepwise processes CRM data on behalf of the HubSpot account that installed it; that account’s owner decides what is in the CRM. Stepwise does not sell data, show ads, track visitors or use your data to train models. These pages set no cookies and load nothing from other sites.',
            },
          ],
        },
        {
          id: 'read',
          heading: 'What Stepwise reads, and why',
          blocks: [
            {
              kind: 'table',
              caption: 'Data read from HubSpot',
              head: ['Data', 'Why'],
              rows: [
                [
                  'Deals: name, amount (and amount in home currency), pipeline, deal stage, last-modified date, the Stepwise checklist and input properties (`sw_…`) and Stepwise’s own results',
                  'To grade the deal, and to write only values that changed',
                ],
                [
                  'Deal pipelines and stages (labels, open/closed, probability)',
                  'Won/lost stages give funnel stages W and L; the settings page lists your pipelines',
                ],
                [
                  'The contacts associated with a deal: first and last name, email, job title, and the Stepwise properties role, stance, depth of contact and personality',
                  'Relationship levels come from the decision chain; names, email and job title identify each person in the Decision chain card',
                ],
                [
                  'Property definitions and property groups of deals and contacts',
                  'To create the Stepwise properties at install, and to update their labels and options',
                ],
                [
                  'Your account’s company currency (account details; kept in memory only)',
                  'To show amounts and grade thresholds in your currency',
                ],
                [
                  'Requests from the cards and settings page: your HubSpot account ID and user ID, and your email as HubSpot adds it',
                  'To check that HubSpot signed the request and which account it belongs to. Your email is not stored.',
                ],
              ],
            },
            {
              kind: 'p',
              text: 'Stepwise reads nothing else: no emails, notes, calls, companies, tickets, files, marketing data or users beyond the above.',
            },
          ],
        },
        {
          id: 'write',
          heading: 'What Stepwise writes to HubSpot',
          blocks: [
            {
              kind: 'ul',
              items: [
                'At install: a property group “Stepwise” on deals and on contacts, with the Stepwise properties (internal names starting with `sw_`). Existing properties are never deleted.',
                'On deals: the results it computes (funnel stage, lead grade, lead stage, company, personal and overall relationship level, buying phase, alerts, progress, current step, next actions, computed-at time, rules version), and the checklist items your users tick in the Sales steps card.',
                'On contacts: the role, stance, depth of contact and personality your users set in the Decision chain card.',
              ],
            },
          ],
        },
        {
          id: 'store',
          heading: 'What Stepwise keeps, where, and for how long',
          blocks: [
            {
              kind: 'p',
              text: 'Deal and contact values are read, evaluated in memory and written back; Stepwise does not keep a copy of your CRM. What it keeps is in its own Redis database, in the data centre where the Stepwise service runs, reachable only from the service:',
            },
            {
              kind: 'table',
              caption: 'Records Stepwise keeps',
              head: ['Record', 'Contents', 'Kept'],
              rows: [
                [
                  'Installation',
                  'Account ID and domain, installing user’s ID, granted scopes, install and uninstall time; the OAuth access and refresh tokens, encrypted with AES-256-GCM',
                  'Tokens: until you uninstall (deleted as soon as HubSpot reports the access revoked). The record without tokens: until you ask for deletion',
                ],
                [
                  'Settings',
                  'Your Stepwise settings (playbooks, thresholds, stage map, notes); no personal data',
                  'Until you ask for deletion',
                ],
                [
                  'Work queue',
                  'Account, deal and contact IDs to grade (no property values, never tokens)',
                  'Removed when done; the last 1,000 failed jobs are kept for diagnosis',
                ],
                [
                  'Failure records',
                  'Account, deal and contact IDs, HubSpot’s error code and message for a deal that could not be updated',
                  'The newest 10,000 entries across all accounts',
                ],
                [
                  'Caches and locks',
                  'Pipeline and stage labels; a lock while a card edits a deal; used request signatures',
                  '10 minutes; 20 seconds; 5 minutes',
                ],
                ['Abuse protection', 'Request counters per IP address or account', 'One minute'],
                ['Install links', 'A random one-time value of an install in progress', '10 minutes'],
                [
                  'Service logs',
                  'Time, request path, status, account and deal IDs, error codes; never tokens, secrets, query strings or property values',
                  '30 days',
                ],
              ],
            },
          ],
        },
        {
          id: 'security',
          heading: 'Security',
          blocks: [
            {
              kind: 'ul',
              items: [
                'HubSpot is reached over HTTPS only; the Stepwise service accepts only requests that HubSpot signed for your account, so one account can never read or write another’s data.',
                'OAuth tokens are encrypted at rest (AES-256-GCM) with a key kept outside the database, and are never written to logs or queued work.',
                'Stepwise asks only for the access its features use; see the [setup guide](/en/setup#install).',
              ],
            },
          ],
        },
        {
          id: 'delete',
          heading: 'How to delete your data',
          blocks: [
            {
              kind: 'ol',
              items: [
                'Uninstall Stepwise in HubSpot (**Settings → Integrations → Connected apps → Stepwise → Uninstall**). Stepwise loses access at once, and deletes its tokens as soon as HubSpot reports the access revoked.',
                'Write to ' +
                  mail +
                  ' from an address of the account, with your HubSpot account ID, asking for deletion. Within 30 days we uninstall Stepwise from the account if it is still installed, revoke its access and delete the installation record with its tokens, your settings, queued work, failure records and aggregates, and confirm by email. Logs expire by themselves after 30 days.',
                'The Stepwise properties and their values are in your HubSpot account, not with Stepwise: delete the “Stepwise” property group’s properties in HubSpot if you no longer want them.',
              ],
            },
            {
              kind: 'p',
              text: 'When a contact is deleted in HubSpot, Stepwise keeps nothing about that person beyond IDs in the records above, which expire as listed. You can also ask what we hold about your account, or correct it, at the same address.',
            },
          ],
        },
        {
          id: 'changes',
          heading: 'Changes and contact',
          blocks: [
            {
              kind: 'p',
              text:
                'If Stepwise starts reading or keeping anything not listed here, this page changes first and the date at the top shows it. Questions: ' +
                mail +
                '.',
            },
          ],
        },
      ],
    },
    zh: {
      title: '隐私政策',
      lead: 'Stepwise 从您的 HubSpot 账户读取和写入什么、保留什么、保存在哪里、保留多久,以及如何删除。',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'scope',
          heading: '适用范围',
          blocks: [
            {
              kind: 'p',
              text: '本政策适用于 Stepwise HubSpot 应用:其在 HubSpot 中的卡片和设置页,以及为您的商机评级的 Stepwise 服务。Stepwise 代表安装它的 HubSpot 账户处理 CRM 数据;CRM 中有哪些数据由该账户的所有者决定。Stepwise 不出售数据、不投放广告、不跟踪访客,也不用您的数据训练模型。这些页面不设置 Cookie,也不从其他网站加载任何内容。',
            },
          ],
        },
        {
          id: 'read',
          heading: 'Stepwise 读取什么,以及原因',
          blocks: [
            {
              kind: 'table',
              caption: '从 HubSpot 读取的数据',
              head: ['数据', '原因'],
              rows: [
                [
                  '商机:名称、金额(及本位币金额)、管道、商机阶段、最后修改日期、Stepwise 检查清单和输入属性(`sw_…`)以及 Stepwise 自己的结果',
                  '为商机评级,并且只写回发生变化的值',
                ],
                [
                  '商机管道和阶段(名称、是否关闭、赢单概率)',
                  '赢单/输单阶段对应漏斗阶段 W 和 L;设置页会列出您的管道',
                ],
                [
                  '与商机关联的联系人:姓名、邮箱、职位,以及 Stepwise 属性角色、立场、交往程度和性格',
                  '关系级别来自决策链;姓名、邮箱和职位用于在决策链卡片中识别每个人',
                ],
                ['商机和联系人的属性定义及属性组', '安装时创建 Stepwise 属性,并更新其标签和选项'],
                ['账户的公司币种(账户详情;只保存在内存中)', '以您的币种显示金额和分级阈值'],
                [
                  '来自卡片和设置页的请求:您的 HubSpot 账户 ID、用户 ID,以及 HubSpot 附加的邮箱',
                  '核实请求由 HubSpot 签名以及所属账户。不会保存您的邮箱。',
                ],
              ],
            },
            {
              kind: 'p',
              text: '除上述内容外,Stepwise 不读取任何其他数据:不读取邮件、备注、通话、公司、工单、文件、营销数据或其他用户信息。',
            },
          ],
        },
        {
          id: 'write',
          heading: 'Stepwise 向 HubSpot 写入什么',
          blocks: [
            {
              kind: 'ul',
              items: [
                '安装时:在商机和联系人上创建“Stepwise”属性组及 Stepwise 属性(内部名称以 `sw_` 开头)。从不删除已有属性。',
                '商机上:计算结果(漏斗阶段、客户价值分级、客户进展阶段、公司/个人/综合关系级别、购买阶段、预警、完成度、当前步骤、下一步行动、计算时间、规则版本),以及用户在销售步骤卡片中勾选的检查项。',
                '联系人上:用户在决策链卡片中设置的角色、立场、交往程度和性格。',
              ],
            },
          ],
        },
        {
          id: 'store',
          heading: 'Stepwise 保留什么、保存在哪里、保留多久',
          blocks: [
            {
              kind: 'p',
              text: '商机和联系人的值只在内存中读取、计算并写回;Stepwise 不保留您 CRM 的副本。它保留的内容存放在自己的 Redis 数据库中,位于运行 Stepwise 服务的数据中心,只有该服务可以访问:',
            },
            {
              kind: 'table',
              caption: 'Stepwise 保留的记录',
              head: ['记录', '内容', '保留期限'],
              rows: [
                [
                  '安装记录',
                  '账户 ID 和域名、安装用户的 ID、已授予的权限、安装和卸载时间;OAuth 访问令牌和刷新令牌(以 AES-256-GCM 加密)',
                  '令牌:直到您卸载(HubSpot 报告访问被撤销后立即删除)。不含令牌的记录:直到您要求删除',
                ],
                ['设置', '您的 Stepwise 设置(方法、阈值、阶段映射、说明);不含个人数据', '直到您要求删除'],
                [
                  '任务队列',
                  '待评级的账户、商机和联系人 ID(不含属性值,从不含令牌)',
                  '完成后删除;保留最近 1,000 个失败任务用于诊断',
                ],
                [
                  '失败记录',
                  '无法更新的商机的账户、商机和联系人 ID,以及 HubSpot 的错误代码和信息',
                  '所有账户合计保留最新 10,000 条',
                ],
                ['缓存和锁', '管道和阶段名称;卡片编辑商机时的锁;已使用的请求签名', '10 分钟;20 秒;5 分钟'],
                ['防滥用', '按 IP 地址或账户计的请求次数', '1 分钟'],
                ['安装链接', '进行中安装的一次性随机值', '10 分钟'],
                [
                  '服务日志',
                  '时间、请求路径、状态、账户和商机 ID、错误代码;从不包含令牌、密钥、查询参数或属性值',
                  '30 天',
                ],
              ],
            },
          ],
        },
        {
          id: 'security',
          heading: '安全',
          blocks: [
            {
              kind: 'ul',
              items: [
                '只通过 HTTPS 访问 HubSpot;Stepwise 服务只接受 HubSpot 为您的账户签名的请求,因此一个账户永远无法读取或写入另一个账户的数据。',
                'OAuth 令牌静态加密(AES-256-GCM),密钥保存在数据库之外,且从不写入日志或排队任务。',
                'Stepwise 只请求其功能所用的权限;见[安装指南](/zh/setup#install)。',
              ],
            },
          ],
        },
        {
          id: 'delete',
          heading: '如何删除您的数据',
          blocks: [
            {
              kind: 'ol',
              items: [
                '在 HubSpot 中卸载 Stepwise(**设置 → 集成 → 已连接的应用 → Stepwise → 卸载**)。Stepwise 立即失去访问权限,并在 HubSpot 报告访问已被撤销时删除其令牌。',
                '用该账户的邮箱发送邮件至 ' +
                  mail +
                  ',注明您的 HubSpot 账户 ID 并要求删除。我们会在 30 天内从该账户卸载 Stepwise(如仍已安装)、撤销其访问权限,并删除安装记录及其令牌、您的设置、排队任务、失败记录和汇总数据,并通过邮件确认。日志会在 30 天后自动过期。',
                'Stepwise 属性及其值保存在您的 HubSpot 账户中,而不在 Stepwise:如不再需要,请在 HubSpot 中删除“Stepwise”属性组中的属性。',
              ],
            },
            {
              kind: 'p',
              text: '在 HubSpot 中删除联系人后,Stepwise 除上述记录中的 ID 外不保留关于此人的任何信息,这些记录按所列期限过期。您也可以通过同一邮箱询问或更正我们保存的关于您账户的信息。',
            },
          ],
        },
        {
          id: 'changes',
          heading: '变更与联系',
          blocks: [
            {
              kind: 'p',
              text:
                '如果 Stepwise 开始读取或保留此处未列出的内容,本页会先行更新,并在顶部注明日期。如有问题:' +
                mail +
                '。',
            },
          ],
        },
      ],
    },
  };
}
