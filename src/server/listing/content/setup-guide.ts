import { LISTING_UPDATED, mailLink, type ListingContext, type LocalizedDocument } from './context';

/**
 * The setup guide linked as the listing's documentationUrl. It follows HubSpot's setup-guide
 * requirements: public, specific to this app, and covering what the app does, install, connect,
 * configure, use, disconnect, uninstall and what happens to the data:
 * https://developers.hubspot.com/docs/guides/apps/marketplace/create-an-app-listing-setup-guide
 */
export function setupGuide(ctx: ListingContext): LocalizedDocument {
  const mail = mailLink(ctx);
  return {
    en: {
      title: 'Setup guide',
      lead: 'How to install, configure, use, disconnect and uninstall Stepwise in your HubSpot account, and what each step does to your data.',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'what',
          heading: 'What Stepwise does',
          blocks: [
            {
              kind: 'p',
              text: 'Stepwise brings proven B2B sales methods into HubSpot deals: the seven-step sales checklist with ★ key items and how-to-judge hints, 5W+2P / 6W+2P qualification, the PPVVC question lists, lead stages and the A/B/C relationship levels of the decision chain.',
            },
            {
              kind: 'ul',
              items: [
                'Reps tick checklist items in the **Sales steps** card on each deal and record each contact’s role, stance and depth of contact in the **Decision chain** card.',
                'Whenever a deal, its contacts or their association change, Stepwise recomputes the funnel stage (P/I/B), lead grade, lead stage, relationship levels, buying phase, alerts and progress, and writes them back as deal properties.',
                'Managers filter, sort and report on those properties like on any other HubSpot property.',
              ],
            },
          ],
        },
        {
          id: 'before',
          heading: 'Before you start',
          blocks: [
            {
              kind: 'ul',
              items: [
                'A HubSpot account with deals (any Sales Hub edition).',
                'You must be a Super Admin of the account, or have the App Marketplace access permission, to install apps.',
                'Stepwise creates properties whose internal names start with `sw_`. If your account already has a property with such a name and a different type, rename it first (the install reports it as `PROVISIONING_FAILED`).',
              ],
            },
          ],
        },
        {
          id: 'install',
          heading: 'Install and connect your HubSpot account',
          blocks: [
            {
              kind: 'ol',
              items: [
                'Open the [Stepwise home page](/en/) and click **Install Stepwise in HubSpot** (or click Install on the Stepwise marketplace listing).',
                'HubSpot asks you to choose the account to connect, if you have several.',
                'HubSpot shows the access Stepwise requests: deals and contacts (read and write) and their property settings (read and write). Click **Connect app**. Stepwise needs all of them; the reasons are on the [privacy policy](/en/privacy#read).',
                'You come back to a Stepwise page that confirms the connection and counts the properties it created. If something went wrong you see what happened, an error code and what to do; every step can safely be repeated.',
              ],
            },
            {
              kind: 'p',
              text: 'Installing creates the property group “Stepwise” on deals and contacts with Stepwise’s properties, and starts grading every existing deal in the background. Nothing of yours is changed or deleted. Large accounts take a few minutes.',
            },
          ],
        },
        {
          id: 'configure',
          heading: 'Configure',
          blocks: [
            {
              kind: 'p',
              text: 'Open **Settings → Integrations → Connected apps → Stepwise** in HubSpot and go to the Stepwise settings page. Every setting has a default that follows the sales manuals, so this step is optional:',
            },
            {
              kind: 'ul',
              items: [
                '**Playbook per pipeline**: the seven-step method (default) or the ten-step process.',
                '**Lead grade thresholds** (strategic from 3,000,000, important from 1,000,000 by default) and an optional quote-strategy note per grade.',
                '**Stage map**: the minimum funnel stage (P/I/B) a HubSpot deal stage expects; deals behind it get the `stage_ahead` alert.',
                '**Stall days** per funnel stage and the **visit rules** (develop an insider after 3 visits, escalate after 6).',
                '**Language** of the property labels (Chinese or English); switching relabels the properties.',
              ],
            },
          ],
        },
        {
          id: 'use',
          heading: 'Use Stepwise',
          blocks: [
            {
              kind: 'ol',
              items: [
                'Open a deal. The **Sales steps** and **Decision chain** cards are in the right sidebar; if not, choose **Customize** on the deal record and add them.',
                'Tick the checklist items that are true for the deal. The card shows per-step completion, what is missing for the next funnel stage and how to get it.',
                'In the Decision chain card, set each associated contact’s role, stance and depth of contact. The relationship levels and the measures to reach the next level update at once.',
                'In the deals list, add the columns Funnel stage, Lead grade and Relationship level to filter, sort and build reports. Workflows can use them as triggers and branches.',
              ],
            },
            {
              kind: 'p',
              text: 'Changes made anywhere in HubSpot (deal edits, imports, workflows, the API) are graded automatically within seconds; you never have to press a button.',
            },
          ],
        },
        {
          id: 'uninstall',
          heading: 'Disconnect and uninstall',
          blocks: [
            {
              kind: 'ol',
              items: [
                'In HubSpot go to **Settings → Integrations → Connected apps**.',
                'Next to Stepwise choose **Actions → Uninstall** and confirm.',
              ],
            },
            {
              kind: 'p',
              text:
                'From then on Stepwise can no longer read or write your account: HubSpot revokes its access, and as soon as HubSpot reports the revoked access (at Stepwise’s next call for your account), Stepwise stops grading, deletes its access tokens and drops queued work for your account. To also have your settings and every other record about your account deleted, write to ' +
                mail +
                ' (see [how to delete your data](/en/privacy#delete)).',
            },
          ],
        },
        {
          id: 'data',
          heading: 'What happens to your data',
          blocks: [
            {
              kind: 'ul',
              items: [
                'The Stepwise properties and their values stay on your deals and contacts after you uninstall: they are your data, and your saved views, reports and workflows may use them. Stepwise simply stops updating them.',
                'To remove them, delete the properties of the “Stepwise” group in **Settings → Properties** (deals and contacts). This deletes their values on every record.',
                'Reinstalling later reuses existing properties and regrades every deal.',
              ],
            },
          ],
        },
        {
          id: 'help',
          heading: 'Help',
          blocks: [{ kind: 'p', text: `See the [support page](/en/support) or write to ${mail}.` }],
        },
      ],
    },
    zh: {
      title: '安装与使用指南',
      lead: '如何在您的 HubSpot 账户中安装、配置、使用、断开和卸载 Stepwise,以及每一步对您的数据意味着什么。',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'what',
          heading: 'Stepwise 的功能',
          blocks: [
            {
              kind: 'p',
              text: 'Stepwise 把成熟的 B2B 销售方法带进 HubSpot 商机:带 ★ 关键项和判断提示的七步销售检查清单、5W+2P / 6W+2P 客户判断、PPVVC 问题清单、客户进展阶段,以及决策链的 A/B/C 关系级别。',
            },
            {
              kind: 'ul',
              items: [
                '销售在每个商机的**销售步骤**卡片中勾选检查项,在**决策链**卡片中记录每位联系人的角色、立场和交往程度。',
                '每当商机、其联系人或关联关系发生变化,Stepwise 会重新计算漏斗阶段(P/I/B)、客户价值分级、客户进展阶段、关系级别、购买阶段、预警和完成度,并写回商机属性。',
                '经理可以像使用其他 HubSpot 属性一样,按这些属性筛选、排序和制作报表。',
              ],
            },
          ],
        },
        {
          id: 'before',
          heading: '开始之前',
          blocks: [
            {
              kind: 'ul',
              items: [
                '一个有商机的 HubSpot 账户(任何 Sales Hub 版本)。',
                '您需要是该账户的超级管理员,或拥有“应用市场访问”权限,才能安装应用。',
                'Stepwise 创建的属性内部名称以 `sw_` 开头。如果账户中已有同名但类型不同的属性,请先重命名(安装时会报告 `PROVISIONING_FAILED`)。',
              ],
            },
          ],
        },
        {
          id: 'install',
          heading: '安装并连接 HubSpot 账户',
          blocks: [
            {
              kind: 'ol',
              items: [
                '打开 [Stepwise 首页](/zh/) 并点击**在 HubSpot 中安装 Stepwise**(或在应用市场的 Stepwise 页面点击安装)。',
                '如果您有多个 HubSpot 账户,HubSpot 会请您选择要连接的账户。',
                'HubSpot 会列出 Stepwise 请求的权限:商机和联系人(读写)及其属性设置(读写)。点击**连接应用**。这些权限缺一不可,原因见[隐私政策](/zh/privacy#read)。',
                '随后您会回到 Stepwise 页面,确认连接成功并列出新建的属性数量。如果出错,页面会说明发生了什么、错误代码以及如何处理;每一步都可以安全地重复。',
              ],
            },
            {
              kind: 'p',
              text: '安装会在商机和联系人上创建名为“Stepwise”的属性组及其属性,并在后台为所有现有商机评级。不会修改或删除您的任何数据。商机较多时需要几分钟。',
            },
          ],
        },
        {
          id: 'configure',
          heading: '配置',
          blocks: [
            {
              kind: 'p',
              text: '在 HubSpot 中打开**设置 → 集成 → 已连接的应用 → Stepwise**,进入 Stepwise 设置页。每项设置都有遵循销售手册的默认值,因此此步骤可选:',
            },
            {
              kind: 'ul',
              items: [
                '**每个管道的方法**:七步销售法(默认)或十步销售流程。',
                '**客户价值分级阈值**(默认 300 万起为战略客户,100 万起为重要客户)以及每个级别可选的报价策略说明。',
                '**阶段映射**:每个 HubSpot 商机阶段应达到的最低漏斗阶段(P/I/B);落后的商机会得到 `stage_ahead` 预警。',
                '每个漏斗阶段的**停滞天数**以及**拜访规则**(拜访 3 次须发展内线,6 次后升级处理)。',
                '属性标签的**语言**(中文或英文);切换后会重新命名属性标签。',
              ],
            },
          ],
        },
        {
          id: 'use',
          heading: '使用 Stepwise',
          blocks: [
            {
              kind: 'ol',
              items: [
                '打开一个商机。**销售步骤**和**决策链**卡片位于右侧栏;如果看不到,请在商机记录上选择**自定义**并添加它们。',
                '勾选该商机已满足的检查项。卡片会显示每一步的完成度、进入下一漏斗阶段还缺什么以及如何做到。',
                '在决策链卡片中设置每位关联联系人的角色、立场和交往程度。关系级别以及提升到下一级别的措施会立即更新。',
                '在商机列表中添加“销售漏斗阶段”“客户价值分级”“客户关系级别”列,即可筛选、排序和制作报表;工作流也可以把它们用作触发条件和分支。',
              ],
            },
            {
              kind: 'p',
              text: '在 HubSpot 任何地方做出的修改(编辑商机、导入、工作流、API)都会在几秒内自动重新评级,无需手动操作。',
            },
          ],
        },
        {
          id: 'uninstall',
          heading: '断开连接与卸载',
          blocks: [
            {
              kind: 'ol',
              items: [
                '在 HubSpot 中打开**设置 → 集成 → 已连接的应用**。',
                '在 Stepwise 旁选择**操作 → 卸载**并确认。',
              ],
            },
            {
              kind: 'p',
              text:
                '此后 Stepwise 无法再读取或写入您的账户:HubSpot 会撤销其访问权限;一旦 HubSpot 报告访问已被撤销(在 Stepwise 下一次调用您的账户时),Stepwise 即停止评级、删除其访问令牌并丢弃您账户的排队任务。如需同时删除您的设置以及与您账户相关的其他所有记录,请发送邮件至 ' +
                mail +
                '(见[如何删除您的数据](/zh/privacy#delete))。',
            },
          ],
        },
        {
          id: 'data',
          heading: '您的数据会怎样',
          blocks: [
            {
              kind: 'ul',
              items: [
                '卸载后,Stepwise 属性及其值仍保留在您的商机和联系人上:它们是您的数据,您保存的视图、报表和工作流可能依赖它们。Stepwise 只是不再更新它们。',
                '如需删除,请在**设置 → 属性**中删除“Stepwise”属性组中的属性(商机和联系人)。这会删除所有记录上的这些值。',
                '之后重新安装会复用已有属性,并重新为所有商机评级。',
              ],
            },
          ],
        },
        {
          id: 'help',
          heading: '帮助',
          blocks: [{ kind: 'p', text: `请查看[支持页面](/zh/support)或发送邮件至 ${mail}。` }],
        },
      ],
    },
  };
}
