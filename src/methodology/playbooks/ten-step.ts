import type { Playbook } from '../schema';

const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 004: 销售十大步骤专业范本. The seed is a traditional-Chinese conversion of a simplified text;
 * it is shown in simplified Chinese (converted with OpenCC t2s, which also undoes the seed's own
 * conversion slips such as 關系/范本), and each step's and item's `quote` keeps the seed's original
 * wording (the "原文:" lines, traditional). OCR noise repaired in the original: the pinyin
 * annotations after characters ("銷(xiāo)售" → "銷售") are removed, and the garbled "??蛻糁嘘P" in
 * step 3 is restored to "。客戶中關" (…客戶調查。客戶中關鍵人物的情況…).
 */
export const tenStep = {
  id: 'ten_step',
  label: { zh: '销售十大步骤', en: 'Ten-step sales process' },
  description: {
    zh: '销售十大步骤专业范本:一个通用的、规范而全面的销售流程(原文为繁体,此处以简体显示,繁体原文保留为每项的出处引文;已去除拼音注音并修复乱码)。每步的检查项由该步原文归纳,提示引用原文。原文没有★,故各项均不标 key(★进度等于检查项进度)。第九、十步(长期关系、转介绍)属成交之后,不计入未成交交易的进度,成交后仍可勾选。',
    en: "Ten-step professional sales template: a generic, standard and complete sales process (the seed is in traditional Chinese: it is shown here in simplified Chinese, with the traditional original kept as each item's source quote; its pinyin annotations are removed and its garbled characters repaired). Each step's checks are derived from that step's text, and the hints quote the seed. The seed marks no ★, so no item is key (key progress equals checklist progress). Steps 9 and 10 (long-term relationship, referral) come after the sale: they do not count toward an open deal's progress and can be ticked after close.",
  },
  source: '004_0f3f79d074ab19de.txt',
  kind: 'process',
  steps: [
    {
      id: 'focus',
      label: { zh: '聚焦少数、重点潜在客户', en: 'Focus on a few key prospects' },
      optional: false,
      description: { zh: '第一步:聚焦少数、重点潜在客户。', en: 'Step 1: focus on a few key prospects.' },
      property: 'sw_ten_step_focus',
      items: [
        {
          id: 'focus_prospect',
          label: {
            zh: '本客户是我们聚焦的少数、重点潜在客户之一',
            en: 'This customer is one of the few key prospects we focus on',
          },
          hint: {
            zh: '原文:第一步:聚焦少数、重点潜在客户。',
            en: 'Seed: Step 1: focus on a few key prospects.',
          },
          key: false,
          quote: '第一步:聚焦少數、重點潛在客戶。',
        },
      ],
      quote: '第一步:聚焦少數、重點潛在客戶。',
    },
    {
      id: 'coach',
      label: { zh: '通过“教练”了解客户的需求', en: 'Learn the customer\'s needs through a "coach"' },
      optional: false,
      description: {
        zh: '第二步:通过“教练”了解客户的需求。这个“教练”可以是客户内部人员,也可以是销售人员的引荐人。能找到“教练”然后再跟进潜在客户,会比贸然拜访成功率高出80%。',
        en: 'Step 2: learn the customer\'s needs through a "coach". The "coach" can be someone inside the customer or the person who introduced the salesperson. Finding a "coach" before following up a prospect gives an 80% higher success rate than calling on them unannounced.',
      },
      property: 'sw_ten_step_coach',
      items: [
        {
          id: 'coach_found',
          label: {
            zh: '已找到“教练”(客户内部人员或销售人员的引荐人)',
            en: 'A "coach" has been found (someone inside the customer, or the person who introduced the salesperson)',
          },
          hint: {
            zh: lines(
              '原文:这个“教练”可以是客户内部人员,也可以是销售人员的引荐人。',
              '原文:能找到“教练”然后再跟进潜在客户,会比贸然拜访成功率高出80%。',
            ),
            en: lines(
              'Seed: The "coach" can be someone inside the customer or the person who introduced the salesperson.',
              'Seed: Finding a "coach" before following up a prospect gives an 80% higher success rate than calling on them unannounced.',
            ),
          },
          key: false,
          quote: lines(
            '這個“教練”可以是客戶內部人員,也可以是銷售人員的引薦人。',
            '能找到“教練”然后再跟進潛在客戶,會比貿然拜訪成功率高出80%。',
          ),
        },
        {
          id: 'needs_via_coach',
          label: {
            zh: '已通过“教练”了解客户的需求',
            en: 'We have learned the customer\'s needs through the "coach"',
          },
          hint: {
            zh: '原文:第二步:通过“教练”了解客户的需求。',
            en: 'Seed: Step 2: learn the customer\'s needs through a "coach".',
          },
          key: false,
          quote: '第二步:通過“教練”了解客戶的需求。',
        },
      ],
      quote:
        '第二步:通過“教練”了解客戶的需求。這個“教練”可以是客戶內部人員,也可以是銷售人員的引薦人。能找到“教練”然后再跟進潛在客戶,會比貿然拜訪成功率高出80%。',
    },
    {
      id: 'research',
      label: { zh: '进行彻底的客户调查', en: 'Research the customer thoroughly' },
      optional: false,
      description: {
        zh: '第三步:进行彻底的客户调查。客户中关键人物的情况、客户的决策流程、竞争对手情况等,都应该在这个阶段进行彻底调查。',
        en: "Step 3: research the customer thoroughly. The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
      },
      property: 'sw_ten_step_research',
      items: [
        {
          id: 'key_people_researched',
          label: {
            zh: '已彻底调查客户中关键人物的情况',
            en: 'The key people at the customer have been researched thoroughly',
          },
          hint: {
            zh: '原文:客户中关键人物的情况、客户的决策流程、竞争对手情况等,都应该在这个阶段进行彻底调查。',
            en: "Seed: The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
          },
          key: false,
          quote: '客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
        },
        {
          id: 'decision_process_known',
          label: {
            zh: '已彻底调查客户的决策流程',
            en: "The customer's decision process has been researched thoroughly",
          },
          hint: {
            zh: '原文:客户中关键人物的情况、客户的决策流程、竞争对手情况等,都应该在这个阶段进行彻底调查。',
            en: "Seed: The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
          },
          key: false,
          quote: '客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
        },
        {
          id: 'competitors_known',
          label: { zh: '已彻底调查竞争对手情况', en: 'The competitors have been researched thoroughly' },
          hint: {
            zh: '原文:客户中关键人物的情况、客户的决策流程、竞争对手情况等,都应该在这个阶段进行彻底调查。',
            en: "Seed: The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
          },
          key: false,
          quote: '客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
        },
      ],
      quote:
        '第三步:進行徹底的客戶調查。客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
    },
    {
      id: 'relationship',
      label: { zh: '与客户建立良好关系', en: 'Build a good relationship with the customer' },
      optional: false,
      description: {
        zh: '第四步:与客户建立良好关系。美国最新的调查显示:如果销售人员能做到这一点,同等情况下,成功概率会比别人高出93%。很明显,前面流程中的三步,是这一步的基础。',
        en: 'Step 4: build a good relationship with the customer. The latest US survey shows that salespeople who achieve this are, other things being equal, 93% more likely to succeed than others. Clearly, the three previous steps are the foundation of this one.',
      },
      property: 'sw_ten_step_relationship',
      items: [
        {
          id: 'relationship_built',
          label: { zh: '已与客户建立良好关系', en: 'A good relationship with the customer has been built' },
          hint: {
            zh: lines(
              '原文:美国最新的调查显示:如果销售人员能做到这一点,同等情况下,成功概率会比别人高出93%。',
              '原文:很明显,前面流程中的三步,是这一步的基础。',
            ),
            en: lines(
              'Seed: The latest US survey shows that salespeople who achieve this are, other things being equal, 93% more likely to succeed than others.',
              'Seed: Clearly, the three previous steps are the foundation of this one.',
            ),
          },
          key: false,
          quote: lines(
            '美國最新的調查顯示:如果銷售人員能做到這一點,同等情況下,成功概率會比別人高出93%。',
            '很明顯,前面流程中的三步,是這一步的基礎。',
          ),
        },
      ],
      quote:
        '第四步:與客戶建立良好關系。美國最新的調查顯示:如果銷售人員能做到這一點,同等情況下,成功概率會比別人高出93%。很明顯,前面流程中的三步,是這一步的基礎。',
    },
    {
      id: 'listen',
      label: {
        zh: '围绕客户需求,对客户有效提问、认真聆听',
        en: "Ask effective questions about the customer's needs and listen carefully",
      },
      optional: false,
      description: {
        zh: '第五步:围绕客户需求,对客户有效提问、认真聆听。根据美国的一项调查显示,95%的买家认为销售人员说的实在太多了。所以,提问和倾听的过程,是销售流程中的重要环节。',
        en: 'Step 5: ask the customer effective questions about its needs and listen carefully. According to a US survey, 95% of buyers think salespeople talk far too much. So asking and listening is an important part of the sales process.',
      },
      property: 'sw_ten_step_listen',
      items: [
        {
          id: 'asked_and_listened',
          label: {
            zh: '已围绕客户需求,对客户有效提问、认真聆听',
            en: 'We have asked the customer effective questions about its needs and listened carefully',
          },
          hint: {
            zh: lines(
              '原文:第五步:围绕客户需求,对客户有效提问、认真聆听。',
              '原文:所以,提问和倾听的过程,是销售流程中的重要环节。',
            ),
            en: lines(
              'Seed: Step 5: ask the customer effective questions about its needs and listen carefully.',
              'Seed: So asking and listening is an important part of the sales process.',
            ),
          },
          key: false,
          quote: lines(
            '第五步:圍繞客戶需求,對客戶有效提問、認真聆聽。',
            '所以,提問和傾聽的過程,是銷售流程中的重要環節。',
          ),
        },
        {
          id: 'talk_less',
          label: {
            zh: '销售人员没有说得太多,以提问和倾听为主',
            en: 'The salesperson has not talked too much: asking and listening come first',
          },
          hint: {
            zh: '原文:根据美国的一项调查显示,95%的买家认为销售人员说的实在太多了。',
            en: 'Seed: According to a US survey, 95% of buyers think salespeople talk far too much.',
          },
          key: false,
          quote: '根據美國的一項調查顯示,95%的買家認為銷售人員說的實在太多了。',
        },
      ],
      quote:
        '第五步:圍繞客戶需求,對客戶有效提問、認真聆聽。根據美國的一項調查顯示,95%的買家認為銷售人員說的實在太多了。所以,提問和傾聽的過程,是銷售流程中的重要環節。',
    },
    {
      id: 'solution',
      label: {
        zh: '成为客户需求的解决方案提供者',
        en: "Become the solution provider for the customer's needs",
      },
      optional: false,
      description: {
        zh: '第六步:成为客户需求的解决方案提供者。有了耐心的倾听过程,销售人员往往能找到成为客户需求解决方案提供者的机会。但这个步骤最难之处是处理客户异议,销售人员应学会理解和接受客户的意见。',
        en: "Step 6: become the solution provider for the customer's needs. After patient listening, salespeople can often find the chance to become that solution provider. But the hardest part of this step is handling the customer's objections: salespeople should learn to understand and accept the customer's views.",
      },
      property: 'sw_ten_step_solution',
      items: [
        {
          id: 'solution_fits',
          label: {
            zh: '已成为客户需求的解决方案提供者',
            en: "We have become the solution provider for the customer's needs",
          },
          hint: {
            zh: lines(
              '原文:第六步:成为客户需求的解决方案提供者。',
              '原文:有了耐心的倾听过程,销售人员往往能找到成为客户需求解决方案提供者的机会。',
            ),
            en: lines(
              "Seed: Step 6: become the solution provider for the customer's needs.",
              "Seed: After patient listening, salespeople can often find the chance to become the provider of the solution to the customer's needs.",
            ),
          },
          key: false,
          quote: lines(
            '第六步:成為客戶需求的解決方案提供者。',
            '有了耐心的傾聽過程,銷售人員往往能找到成為客戶需求解決方案提供者的機會。',
          ),
        },
        {
          id: 'objections_handled',
          label: {
            zh: '已处理客户异议,理解和接受客户的意见',
            en: "The customer's objections have been handled: we understand and accept the customer's views",
          },
          hint: {
            zh: '原文:但这个步骤最难之处是处理客户异议,销售人员应学会理解和接受客户的意见。',
            en: "Seed: But the hardest part of this step is handling the customer's objections: salespeople should learn to understand and accept the customer's views.",
          },
          key: false,
          quote: '但這個步驟最難之處是處理客戶異議,銷售人員應學會理解和接受客戶的意見。',
        },
      ],
      quote:
        '第六步:成為客戶需求的解決方案提供者。有了耐心的傾聽過程,銷售人員往往能找到成為客戶需求解決方案提供者的機會。但這個步驟最難之處是處理客戶異議,銷售人員應學會理解和接受客戶的意見。',
    },
    {
      id: 'inform',
      label: {
        zh: '向客户进行有效的产品信息传递',
        en: 'Convey product information to the customer effectively',
      },
      optional: false,
      description: {
        zh: '第七步:向客户进行有效的产品信息传递。产品信息传递要回答以下几个问题:我们以前给谁服务过?客户为什么不选择其他供应商而要选择我们?客户会有怎样的收益?',
        en: 'Step 7: convey product information to the customer effectively. Product information must answer these questions: Whom have we served before? Why should the customer choose us rather than other suppliers? What will the customer gain?',
      },
      property: 'sw_ten_step_inform',
      items: [
        {
          id: 'references_shared',
          label: { zh: '已回答:我们以前给谁服务过?', en: 'We have answered: whom have we served before?' },
          hint: {
            zh: '原文:产品信息传递要回答以下几个问题:我们以前给谁服务过?',
            en: 'Seed: Product information must answer these questions: Whom have we served before?',
          },
          key: false,
          quote: '產品信息傳遞要回答以下幾個問題:我們以前給誰服務過?',
        },
        {
          id: 'why_us_answered',
          label: {
            zh: '已回答:客户为什么不选择其他供应商而要选择我们?',
            en: 'We have answered: why should the customer choose us rather than other suppliers?',
          },
          hint: {
            zh: lines('原文:产品信息传递要回答以下几个问题:', '原文:客户为什么不选择其他供应商而要选择我们?'),
            en: lines(
              'Seed: Product information must answer these questions:',
              'Seed: Why should the customer choose us rather than other suppliers?',
            ),
          },
          key: false,
          quote: lines('產品信息傳遞要回答以下幾個問題:', '客戶為什么不選擇其他供應商而要選擇我們?'),
        },
        {
          id: 'benefits_explained',
          label: { zh: '已回答:客户会有怎样的收益?', en: 'We have answered: what will the customer gain?' },
          hint: {
            zh: lines('原文:产品信息传递要回答以下几个问题:', '原文:客户会有怎样的收益?'),
            en: lines(
              'Seed: Product information must answer these questions:',
              'Seed: What will the customer gain?',
            ),
          },
          key: false,
          quote: lines('產品信息傳遞要回答以下幾個問題:', '客戶會有怎樣的收益?'),
        },
      ],
      quote:
        '第七步:向客戶進行有效的產品信息傳遞。產品信息傳遞要回答以下幾個問題:我們以前給誰服務過?客戶為什么不選擇其他供應商而要選擇我們?客戶會有怎樣的收益?',
    },
    {
      id: 'intent',
      label: { zh: '识别客户的成交意向', en: "Recognise the customer's buying intent" },
      optional: false,
      description: {
        zh: '第八步:识别客户的成交意向。在这一环节里,销售人员要有耐心去等待,要尊重客户的决策过程。',
        en: "Step 8: recognise the customer's buying intent. At this stage the salesperson must wait patiently and respect the customer's decision process.",
      },
      property: 'sw_ten_step_intent',
      items: [
        {
          id: 'buying_intent_recognised',
          label: { zh: '已识别客户的成交意向', en: "The customer's buying intent has been recognised" },
          hint: {
            zh: '原文:第八步:识别客户的成交意向。',
            en: "Seed: Step 8: recognise the customer's buying intent.",
          },
          key: false,
          quote: '第八步:識別客戶的成交意向。',
        },
        {
          id: 'decision_process_respected',
          label: {
            zh: '耐心等待,尊重客户的决策过程',
            en: "We wait patiently and respect the customer's decision process",
          },
          hint: {
            zh: '原文:在这一环节里,销售人员要有耐心去等待,要尊重客户的决策过程。',
            en: "Seed: At this stage the salesperson must wait patiently and respect the customer's decision process.",
          },
          key: false,
          quote: '在這一環節里,銷售人員要有耐心去等待,要尊重客戶的決策過程。',
        },
      ],
      quote: '第八步:識別客戶的成交意向。在這一環節里,銷售人員要有耐心去等待,要尊重客戶的決策過程。',
    },
    {
      id: 'retain',
      label: { zh: '与现有客户建立长期关系', en: 'Build long-term relationships with existing customers' },
      optional: false,
      afterClose: true,
      description: {
        zh: '第九步:与现有客户建立长期关系。一要有客户反馈流程;二要能够把现有客户转化为未来客户的“教练”。',
        en: 'Step 9: build long-term relationships with existing customers. First, have a customer feedback process; second, be able to turn existing customers into "coaches" for future customers.',
      },
      property: 'sw_ten_step_retain',
      items: [
        {
          id: 'feedback_process',
          label: { zh: '已有客户反馈流程', en: 'A customer feedback process is in place' },
          hint: {
            zh: lines('原文:第九步:与现有客户建立长期关系。', '原文:一要有客户反馈流程;'),
            en: lines(
              'Seed: Step 9: build long-term relationships with existing customers.',
              'Seed: First, have a customer feedback process;',
            ),
          },
          key: false,
          quote: lines('第九步:與現有客戶建立長期關系。', '一要有客戶反饋流程;'),
        },
        {
          id: 'customer_as_coach',
          label: {
            zh: '已把现有客户转化为未来客户的“教练”',
            en: 'The existing customer has become a "coach" for future customers',
          },
          hint: {
            zh: lines(
              '原文:第九步:与现有客户建立长期关系。',
              '原文:二要能够把现有客户转化为未来客户的“教练”。',
            ),
            en: lines(
              'Seed: Step 9: build long-term relationships with existing customers.',
              'Seed: Second, be able to turn existing customers into "coaches" for future customers.',
            ),
          },
          key: false,
          quote: lines('第九步:與現有客戶建立長期關系。', '二要能夠把現有客戶轉化為未來客戶的“教練”。'),
        },
      ],
      quote: '第九步:與現有客戶建立長期關系。一要有客戶反饋流程;二要能夠把現有客戶轉化為未來客戶的“教練”。',
    },
    {
      id: 'referral',
      label: { zh: '完成客户推荐', en: 'Obtain customer referrals' },
      optional: false,
      afterClose: true,
      description: {
        zh: '第十步:完成客户推荐。在获得新客户的几种方式中,客户推荐永远是成功率最高的。这一步骤极具价值。',
        en: 'Step 10: obtain customer referrals. Of all the ways of winning new customers, referrals always have the highest success rate. This step is extremely valuable.',
      },
      property: 'sw_ten_step_referral',
      items: [
        {
          id: 'referral_obtained',
          label: { zh: '已完成客户推荐', en: 'A customer referral has been obtained' },
          hint: {
            zh: lines(
              '原文:在获得新客户的几种方式中,客户推荐永远是成功率最高的。这一步骤极具价值。',
              '原文:第三部分的转介绍客户工作,则由农夫型销售人员获得名单,然后由猎人型销售人员跟进。',
            ),
            en: lines(
              'Seed: Of all the ways of winning new customers, referrals always have the highest success rate. This step is extremely valuable.',
              'Seed: For referral work, farmer-type salespeople collect the names and hunter-type salespeople then follow up.',
            ),
          },
          key: false,
          quote: lines(
            '在獲得新客戶的幾種方式中,客戶推薦永遠是成功率最高的。這一步驟極具價值。',
            '第三部分的轉介紹客戶工作,則由農夫型銷售人員獲得名單,然后由獵人型銷售人員跟進。',
          ),
        },
      ],
      quote: '第十步:完成客戶推薦。在獲得新客戶的幾種方式中,客戶推薦永遠是成功率最高的。這一步驟極具價值。',
    },
  ],
} satisfies Playbook;
