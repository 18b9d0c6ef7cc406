import { LISTING_UPDATED, mailLink, type ListingContext, type LocalizedDocument } from './context';

/** The support page linked as the listing's supportUrl (a different page from the setup guide). */
export function supportPage(ctx: ListingContext): LocalizedDocument {
  const mail = mailLink(ctx);
  return {
    en: {
      title: 'Support',
      lead: 'How to get help with Stepwise, in English or Chinese.',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'contact',
          heading: 'Contact us',
          blocks: [
            {
              kind: 'p',
              text:
                'Write to ' +
                mail +
                '. We answer within one business day (Monday to Friday, 09:00–18:00 China Standard Time), in English or Chinese.',
            },
            {
              kind: 'ul',
              items: [
                'Your HubSpot account ID (in HubSpot, click your account name in the top right).',
                'The deal ID, if it is about a deal (the number in the deal’s address).',
                'The error code and request ID shown on the page or card, and what you did just before.',
              ],
            },
          ],
        },
        {
          id: 'troubleshooting',
          heading: 'Common questions',
          blocks: [
            {
              kind: 'table',
              caption: 'Problems and what to do',
              head: ['Problem', 'What to do'],
              rows: [
                [
                  'The cards do not appear on deals',
                  'On the deal record choose **Customize** and add the Sales steps and Decision chain cards to the right sidebar.',
                ],
                [
                  'Install says `SCOPES_MISSING`',
                  'Install again and approve every requested permission; a Super Admin may be needed.',
                ],
                [
                  'Install says the link expired or was already used',
                  'Install links work once, for 10 minutes. Start again from the [home page](/en/).',
                ],
                [
                  'Install says `PROVISIONING_FAILED`',
                  'A property named `sw_…` already exists with another type. Rename it, then install again (it only creates what is missing).',
                ],
                [
                  'A deal’s grade did not change',
                  'Changes are graded within seconds. If HubSpot refused to update a deal (for example a validation rule in your account), Stepwise records HubSpot’s reason: write to us with the deal ID.',
                ],
                ['I want my data deleted', 'See [how to delete your data](/en/privacy#delete).'],
              ],
            },
          ],
        },
        {
          id: 'docs',
          heading: 'Documentation',
          blocks: [
            {
              kind: 'ul',
              items: [
                'The [setup guide](/en/setup): install, configure, use, uninstall.',
                'The [privacy policy](/en/privacy) and the [terms of service](/en/terms).',
              ],
            },
          ],
        },
      ],
    },
    zh: {
      title: '支持',
      lead: '如何获得 Stepwise 的帮助(中文或英文)。',
      updated: LISTING_UPDATED,
      sections: [
        {
          id: 'contact',
          heading: '联系我们',
          blocks: [
            {
              kind: 'p',
              text:
                '请发送邮件至 ' +
                mail +
                '。我们会在一个工作日内(周一至周五 09:00–18:00,北京时间)以中文或英文回复。',
            },
            {
              kind: 'ul',
              items: [
                '您的 HubSpot 账户 ID(在 HubSpot 右上角点击账户名称即可看到)。',
                '如果涉及某个商机,请附上商机 ID(商机网址中的数字)。',
                '页面或卡片上显示的错误代码和请求 ID,以及出错前您做了什么。',
              ],
            },
          ],
        },
        {
          id: 'troubleshooting',
          heading: '常见问题',
          blocks: [
            {
              kind: 'table',
              caption: '问题与处理方法',
              head: ['问题', '处理方法'],
              rows: [
                ['商机上看不到卡片', '在商机记录上选择**自定义**,把销售步骤和决策链卡片添加到右侧栏。'],
                ['安装提示 `SCOPES_MISSING`', '请重新安装并批准所有请求的权限;可能需要超级管理员。'],
                [
                  '安装提示链接已过期或已被使用',
                  '安装链接只能使用一次,有效期 10 分钟。请从[首页](/zh/)重新开始。',
                ],
                [
                  '安装提示 `PROVISIONING_FAILED`',
                  '已存在类型不同的 `sw_…` 属性。请重命名后重新安装(只会创建缺少的属性)。',
                ],
                [
                  '商机的分级没有变化',
                  '修改会在几秒内重新评级。如果 HubSpot 拒绝更新某个商机(例如您账户中的验证规则),Stepwise 会记录 HubSpot 给出的原因:请附上商机 ID 联系我们。',
                ],
                ['我希望删除我的数据', '见[如何删除您的数据](/zh/privacy#delete)。'],
              ],
            },
          ],
        },
        {
          id: 'docs',
          heading: '文档',
          blocks: [
            {
              kind: 'ul',
              items: [
                '[安装指南](/zh/setup):安装、配置、使用、卸载。',
                '[隐私政策](/zh/privacy)和[服务条款](/zh/terms)。',
              ],
            },
          ],
        },
      ],
    },
  };
}
