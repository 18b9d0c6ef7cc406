import { LISTING_UPDATED, mailLink, type ListingContext, type LocalizedDocument } from './context';

/** Terms of service of the Stepwise app (linked from every page and the listing). */
export function termsOfService(ctx: ListingContext): LocalizedDocument {
  const mail = mailLink(ctx);
  return {
    en: {
      title: 'Terms of service',
      lead: 'The agreement between Stepwise and the HubSpot account that installs it.',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'service',
          heading: '1. The service',
          blocks: [
            {
              kind: 'p',
              text: 'Stepwise is a HubSpot app that adds sales-method checklists, coaching and computed deal properties to your HubSpot account, as described in the [setup guide](/en/setup). By installing it you accept these terms on behalf of the HubSpot account; you confirm you may do so for that account.',
            },
          ],
        },
        {
          id: 'data',
          heading: '2. Your data',
          blocks: [
            {
              kind: 'ul',
              items: [
                'Your CRM data remains yours. Stepwise uses it only to provide the service, as the [privacy policy](/en/privacy) describes, and never sells or shares it.',
                'You are responsible for having the right to put the data in your CRM and to let Stepwise process it (for example, the consent of your contacts where the law requires it).',
                'The properties Stepwise creates and the values it writes belong to your account and stay there after you uninstall.',
              ],
            },
          ],
        },
        {
          id: 'use',
          heading: '3. Acceptable use',
          blocks: [
            {
              kind: 'p',
              text: 'Do not attempt to access another account’s data, to overload, probe or circumvent the service’s security, or to use Stepwise for anything unlawful. We may suspend an account that does, after notice where possible.',
            },
          ],
        },
        {
          id: 'advice',
          heading: '4. Sales guidance',
          blocks: [
            {
              kind: 'p',
              text: 'Grades, stages, alerts and next actions are computed by documented rules from the data in your CRM. They are guidance for your team, not a promise of any sales result; decisions stay with you.',
            },
          ],
        },
        {
          id: 'availability',
          heading: '5. Availability and changes',
          blocks: [
            {
              kind: 'p',
              text: 'We work to keep Stepwise available and to grade changes within seconds, but the service is provided “as is”, without a guaranteed uptime, and depends on HubSpot’s availability. We may improve or change features; changes that reduce what Stepwise does, or that change these terms or the privacy policy, are announced on these pages at least 30 days ahead.',
            },
          ],
        },
        {
          id: 'liability',
          heading: '6. Liability',
          blocks: [
            {
              kind: 'p',
              text: 'To the extent the law allows, Stepwise is not liable for indirect or consequential loss, lost profits or lost data, and its total liability is limited to the fees you paid for Stepwise in the 12 months before the claim. Nothing here limits liability that cannot be limited by law.',
            },
          ],
        },
        {
          id: 'end',
          heading: '7. Ending',
          blocks: [
            {
              kind: 'p',
              text: 'You may stop at any time by uninstalling Stepwise in HubSpot; what happens to your data is in the [setup guide](/en/setup#data). We may end the service for your account with 30 days’ notice, or at once for a serious breach of these terms.',
            },
          ],
        },
        {
          id: 'contact',
          heading: '8. Contact',
          blocks: [{ kind: 'p', text: 'Questions about these terms: ' + mail + '.' }],
        },
      ],
    },
    zh: {
      title: '服务条款',
      lead: 'Stepwise 与安装它的 HubSpot 账户之间的协议。',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'service',
          heading: '1. 服务',
          blocks: [
            {
              kind: 'p',
              text: 'Stepwise 是一款 HubSpot 应用,为您的 HubSpot 账户增加销售方法检查清单、辅导和自动计算的商机属性,详见[安装指南](/zh/setup)。安装即表示您代表该 HubSpot 账户接受本条款,并确认您有权这样做。',
            },
          ],
        },
        {
          id: 'data',
          heading: '2. 您的数据',
          blocks: [
            {
              kind: 'ul',
              items: [
                '您的 CRM 数据始终归您所有。Stepwise 只按[隐私政策](/zh/privacy)所述使用这些数据来提供服务,从不出售或分享。',
                '您负责确保有权将数据放入 CRM 并允许 Stepwise 处理(例如在法律要求时取得联系人的同意)。',
                'Stepwise 创建的属性及其写入的值属于您的账户,卸载后仍然保留。',
              ],
            },
          ],
        },
        {
          id: 'use',
          heading: '3. 合理使用',
          blocks: [
            {
              kind: 'p',
              text: '请勿尝试访问其他账户的数据,请勿对服务进行过载、探测或绕过其安全措施,也不得将 Stepwise 用于任何违法用途。对于此类账户,我们可能在尽可能事先通知后暂停其服务。',
            },
          ],
        },
        {
          id: 'advice',
          heading: '4. 销售指导',
          blocks: [
            {
              kind: 'p',
              text: '分级、阶段、预警和下一步行动由公开的规则根据您 CRM 中的数据计算得出。它们是给团队的指导,而不是对任何销售结果的承诺;决策权在您。',
            },
          ],
        },
        {
          id: 'availability',
          heading: '5. 可用性与变更',
          blocks: [
            {
              kind: 'p',
              text: '我们努力保持 Stepwise 可用,并在几秒内为修改重新评级,但服务按“现状”提供,不保证正常运行时间,且依赖 HubSpot 的可用性。我们可能改进或调整功能;减少 Stepwise 功能的变更,或对本条款和隐私政策的变更,会至少提前 30 天在这些页面上公布。',
            },
          ],
        },
        {
          id: 'liability',
          heading: '6. 责任',
          blocks: [
            {
              kind: 'p',
              text: '在法律允许的范围内,Stepwise 不对间接或后果性损失、利润损失或数据丢失负责,其总责任以索赔前 12 个月内您为 Stepwise 支付的费用为限。本条款不限制法律规定不可限制的责任。',
            },
          ],
        },
        {
          id: 'end',
          heading: '7. 终止',
          blocks: [
            {
              kind: 'p',
              text: '您可随时在 HubSpot 中卸载 Stepwise 以停止使用;您的数据会怎样见[安装指南](/zh/setup#data)。我们可提前 30 天通知终止对您账户的服务,严重违反本条款时可立即终止。',
            },
          ],
        },
        {
          id: 'contact',
          heading: '8. 联系',
          blocks: [{ kind: 'p', text: '对本条款有疑问:' + mail + '。' }],
        },
      ],
    },
  };
}
