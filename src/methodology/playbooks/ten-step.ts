import type { Playbook } from '../schema';

const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 004: 銷售十大步驟專業范本 (traditional Chinese, kept as written). OCR noise repaired: the
 * pinyin annotations after characters ("銷(xiāo)售" → "銷售") are removed, and the garbled
 * "??蛻糁嘘P" in step 3 is restored to "。客戶中關" (…客戶調查。客戶中關鍵人物的情況…).
 * Checks are derived from each step's sentence; "原文:" hint lines quote the repaired seed.
 */
export const tenStep = {
  id: 'ten_step',
  label: { zh: '銷售十大步驟', en: 'Ten-step sales process' },
  description: {
    zh: '銷售十大步驟專業范本:一個通用的、規范而全面的銷售流程(原文為繁體,已去除拼音注音並修復亂碼)。每步的檢查項由該步原文歸納,提示引用原文。原文沒有★,故各項均不標 key(★進度等於檢查項進度)。第九、十步(長期關系、轉介紹)屬成交之後,不計入未成交交易的進度,成交後仍可勾選。',
    en: "Ten-step professional sales template: a generic, standard and complete sales process (the seed is in traditional Chinese; its pinyin annotations are removed and its garbled characters repaired). Each step's checks are derived from that step's text, and the hints quote the seed. The seed marks no ★, so no item is key (key progress equals checklist progress). Steps 9 and 10 (long-term relationship, referral) come after the sale: they do not count toward an open deal's progress and can be ticked after close.",
  },
  source: '004_0f3f79d074ab19de.txt',
  kind: 'process',
  steps: [
    {
      id: 'focus',
      label: { zh: '聚焦少數、重點潛在客戶', en: 'Focus on a few key prospects' },
      optional: false,
      description: {
        zh: '第一步:聚焦少數、重點潛在客戶。',
        en: 'Step 1: focus on a few key prospects.',
      },
      property: 'sw_ten_step_focus',
      items: [
        {
          id: 'focus_prospect',
          label: {
            zh: '本客戶是我們聚焦的少數、重點潛在客戶之一',
            en: 'This customer is one of the few key prospects we focus on',
          },
          hint: {
            zh: '原文:第一步:聚焦少數、重點潛在客戶。',
            en: 'Seed: Step 1: focus on a few key prospects.',
          },
          key: false,
        },
      ],
    },
    {
      id: 'coach',
      label: { zh: '通過“教練”了解客戶的需求', en: 'Learn the customer\'s needs through a "coach"' },
      optional: false,
      description: {
        zh: '第二步:通過“教練”了解客戶的需求。這個“教練”可以是客戶內部人員,也可以是銷售人員的引薦人。能找到“教練”然后再跟進潛在客戶,會比貿然拜訪成功率高出80%。',
        en: 'Step 2: learn the customer\'s needs through a "coach". The "coach" can be someone inside the customer or the person who introduced the salesperson. Finding a "coach" before following up a prospect gives an 80% higher success rate than calling on them unannounced.',
      },
      property: 'sw_ten_step_coach',
      items: [
        {
          id: 'coach_found',
          label: {
            zh: '已找到“教練”(客戶內部人員或銷售人員的引薦人)',
            en: 'A "coach" has been found (someone inside the customer, or the person who introduced the salesperson)',
          },
          hint: {
            zh: lines(
              '原文:這個“教練”可以是客戶內部人員,也可以是銷售人員的引薦人。',
              '原文:能找到“教練”然后再跟進潛在客戶,會比貿然拜訪成功率高出80%。',
            ),
            en: lines(
              'Seed: The "coach" can be someone inside the customer or the person who introduced the salesperson.',
              'Seed: Finding a "coach" before following up a prospect gives an 80% higher success rate than calling on them unannounced.',
            ),
          },
          key: false,
        },
        {
          id: 'needs_via_coach',
          label: {
            zh: '已通過“教練”了解客戶的需求',
            en: 'We have learned the customer\'s needs through the "coach"',
          },
          hint: {
            zh: '原文:第二步:通過“教練”了解客戶的需求。',
            en: 'Seed: Step 2: learn the customer\'s needs through a "coach".',
          },
          key: false,
        },
      ],
    },
    {
      id: 'research',
      label: { zh: '進行徹底的客戶調查', en: 'Research the customer thoroughly' },
      optional: false,
      description: {
        zh: '第三步:進行徹底的客戶調查。客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
        en: "Step 3: research the customer thoroughly. The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
      },
      property: 'sw_ten_step_research',
      items: [
        {
          id: 'key_people_researched',
          label: {
            zh: '已徹底調查客戶中關鍵人物的情況',
            en: 'The key people at the customer have been researched thoroughly',
          },
          hint: {
            zh: '原文:客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
            en: "Seed: The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
          },
          key: false,
        },
        {
          id: 'decision_process_known',
          label: {
            zh: '已徹底調查客戶的決策流程',
            en: "The customer's decision process has been researched thoroughly",
          },
          hint: {
            zh: '原文:客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
            en: "Seed: The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
          },
          key: false,
        },
        {
          id: 'competitors_known',
          label: {
            zh: '已徹底調查競爭對手情況',
            en: 'The competitors have been researched thoroughly',
          },
          hint: {
            zh: '原文:客戶中關鍵人物的情況、客戶的決策流程、競爭對手情況等,都應該在這個階段進行徹底調查。',
            en: "Seed: The key people at the customer, the customer's decision process, the competitors and so on should all be researched thoroughly at this stage.",
          },
          key: false,
        },
      ],
    },
    {
      id: 'relationship',
      label: { zh: '與客戶建立良好關系', en: 'Build a good relationship with the customer' },
      optional: false,
      description: {
        zh: '第四步:與客戶建立良好關系。美國最新的調查顯示:如果銷售人員能做到這一點,同等情況下,成功概率會比別人高出93%。很明顯,前面流程中的三步,是這一步的基礎。',
        en: 'Step 4: build a good relationship with the customer. The latest US survey shows that salespeople who achieve this are, other things being equal, 93% more likely to succeed than others. Clearly, the three previous steps are the foundation of this one.',
      },
      property: 'sw_ten_step_relationship',
      items: [
        {
          id: 'relationship_built',
          label: {
            zh: '已與客戶建立良好關系',
            en: 'A good relationship with the customer has been built',
          },
          hint: {
            zh: lines(
              '原文:美國最新的調查顯示:如果銷售人員能做到這一點,同等情況下,成功概率會比別人高出93%。',
              '原文:很明顯,前面流程中的三步,是這一步的基礎。',
            ),
            en: lines(
              'Seed: The latest US survey shows that salespeople who achieve this are, other things being equal, 93% more likely to succeed than others.',
              'Seed: Clearly, the three previous steps are the foundation of this one.',
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'listen',
      label: {
        zh: '圍繞客戶需求,對客戶有效提問、認真聆聽',
        en: "Ask effective questions about the customer's needs and listen carefully",
      },
      optional: false,
      description: {
        zh: '第五步:圍繞客戶需求,對客戶有效提問、認真聆聽。根據美國的一項調查顯示,95%的買家認為銷售人員說的實在太多了。所以,提問和傾聽的過程,是銷售流程中的重要環節。',
        en: 'Step 5: ask the customer effective questions about its needs and listen carefully. According to a US survey, 95% of buyers think salespeople talk far too much. So asking and listening is an important part of the sales process.',
      },
      property: 'sw_ten_step_listen',
      items: [
        {
          id: 'asked_and_listened',
          label: {
            zh: '已圍繞客戶需求,對客戶有效提問、認真聆聽',
            en: 'We have asked the customer effective questions about its needs and listened carefully',
          },
          hint: {
            zh: lines(
              '原文:第五步:圍繞客戶需求,對客戶有效提問、認真聆聽。',
              '原文:所以,提問和傾聽的過程,是銷售流程中的重要環節。',
            ),
            en: lines(
              'Seed: Step 5: ask the customer effective questions about its needs and listen carefully.',
              'Seed: So asking and listening is an important part of the sales process.',
            ),
          },
          key: false,
        },
        {
          id: 'talk_less',
          label: {
            zh: '銷售人員沒有說得太多,以提問和傾聽為主',
            en: 'The salesperson has not talked too much: asking and listening come first',
          },
          hint: {
            zh: '原文:根據美國的一項調查顯示,95%的買家認為銷售人員說的實在太多了。',
            en: 'Seed: According to a US survey, 95% of buyers think salespeople talk far too much.',
          },
          key: false,
        },
      ],
    },
    {
      id: 'solution',
      label: {
        zh: '成為客戶需求的解決方案提供者',
        en: "Become the solution provider for the customer's needs",
      },
      optional: false,
      description: {
        zh: '第六步:成為客戶需求的解決方案提供者。有了耐心的傾聽過程,銷售人員往往能找到成為客戶需求解決方案提供者的機會。但這個步驟最難之處是處理客戶異議,銷售人員應學會理解和接受客戶的意見。',
        en: "Step 6: become the solution provider for the customer's needs. After patient listening, salespeople can often find the chance to become that solution provider. But the hardest part of this step is handling the customer's objections: salespeople should learn to understand and accept the customer's views.",
      },
      property: 'sw_ten_step_solution',
      items: [
        {
          id: 'solution_fits',
          label: {
            zh: '已成為客戶需求的解決方案提供者',
            en: "We have become the solution provider for the customer's needs",
          },
          hint: {
            zh: lines(
              '原文:第六步:成為客戶需求的解決方案提供者。',
              '原文:有了耐心的傾聽過程,銷售人員往往能找到成為客戶需求解決方案提供者的機會。',
            ),
            en: lines(
              "Seed: Step 6: become the solution provider for the customer's needs.",
              "Seed: After patient listening, salespeople can often find the chance to become the provider of the solution to the customer's needs.",
            ),
          },
          key: false,
        },
        {
          id: 'objections_handled',
          label: {
            zh: '已處理客戶異議,理解和接受客戶的意見',
            en: "The customer's objections have been handled: we understand and accept the customer's views",
          },
          hint: {
            zh: '原文:但這個步驟最難之處是處理客戶異議,銷售人員應學會理解和接受客戶的意見。',
            en: "Seed: But the hardest part of this step is handling the customer's objections: salespeople should learn to understand and accept the customer's views.",
          },
          key: false,
        },
      ],
    },
    {
      id: 'inform',
      label: {
        zh: '向客戶進行有效的產品信息傳遞',
        en: 'Convey product information to the customer effectively',
      },
      optional: false,
      description: {
        zh: '第七步:向客戶進行有效的產品信息傳遞。產品信息傳遞要回答以下幾個問題:我們以前給誰服務過?客戶為什么不選擇其他供應商而要選擇我們?客戶會有怎樣的收益?',
        en: 'Step 7: convey product information to the customer effectively. Product information must answer these questions: Whom have we served before? Why should the customer choose us rather than other suppliers? What will the customer gain?',
      },
      property: 'sw_ten_step_inform',
      items: [
        {
          id: 'references_shared',
          label: { zh: '已回答:我們以前給誰服務過?', en: 'We have answered: whom have we served before?' },
          hint: {
            zh: '原文:產品信息傳遞要回答以下幾個問題:我們以前給誰服務過?',
            en: 'Seed: Product information must answer these questions: Whom have we served before?',
          },
          key: false,
        },
        {
          id: 'why_us_answered',
          label: {
            zh: '已回答:客戶為什么不選擇其他供應商而要選擇我們?',
            en: 'We have answered: why should the customer choose us rather than other suppliers?',
          },
          hint: {
            zh: lines('原文:產品信息傳遞要回答以下幾個問題:', '原文:客戶為什么不選擇其他供應商而要選擇我們?'),
            en: lines(
              'Seed: Product information must answer these questions:',
              'Seed: Why should the customer choose us rather than other suppliers?',
            ),
          },
          key: false,
        },
        {
          id: 'benefits_explained',
          label: { zh: '已回答:客戶會有怎樣的收益?', en: 'We have answered: what will the customer gain?' },
          hint: {
            zh: lines('原文:產品信息傳遞要回答以下幾個問題:', '原文:客戶會有怎樣的收益?'),
            en: lines(
              'Seed: Product information must answer these questions:',
              'Seed: What will the customer gain?',
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'intent',
      label: { zh: '識別客戶的成交意向', en: "Recognise the customer's buying intent" },
      optional: false,
      description: {
        zh: '第八步:識別客戶的成交意向。在這一環節里,銷售人員要有耐心去等待,要尊重客戶的決策過程。',
        en: "Step 8: recognise the customer's buying intent. At this stage the salesperson must wait patiently and respect the customer's decision process.",
      },
      property: 'sw_ten_step_intent',
      items: [
        {
          id: 'buying_intent_recognised',
          label: { zh: '已識別客戶的成交意向', en: "The customer's buying intent has been recognised" },
          hint: {
            zh: '原文:第八步:識別客戶的成交意向。',
            en: "Seed: Step 8: recognise the customer's buying intent.",
          },
          key: false,
        },
        {
          id: 'decision_process_respected',
          label: {
            zh: '耐心等待,尊重客戶的決策過程',
            en: "We wait patiently and respect the customer's decision process",
          },
          hint: {
            zh: '原文:在這一環節里,銷售人員要有耐心去等待,要尊重客戶的決策過程。',
            en: "Seed: At this stage the salesperson must wait patiently and respect the customer's decision process.",
          },
          key: false,
        },
      ],
    },
    {
      id: 'retain',
      label: { zh: '與現有客戶建立長期關系', en: 'Build long-term relationships with existing customers' },
      optional: false,
      afterClose: true,
      description: {
        zh: '第九步:與現有客戶建立長期關系。一要有客戶反饋流程;二要能夠把現有客戶轉化為未來客戶的“教練”。',
        en: 'Step 9: build long-term relationships with existing customers. First, have a customer feedback process; second, be able to turn existing customers into "coaches" for future customers.',
      },
      property: 'sw_ten_step_retain',
      items: [
        {
          id: 'feedback_process',
          label: { zh: '已有客戶反饋流程', en: 'A customer feedback process is in place' },
          hint: {
            zh: lines('原文:第九步:與現有客戶建立長期關系。', '原文:一要有客戶反饋流程;'),
            en: lines(
              'Seed: Step 9: build long-term relationships with existing customers.',
              'Seed: First, have a customer feedback process;',
            ),
          },
          key: false,
        },
        {
          id: 'customer_as_coach',
          label: {
            zh: '已把現有客戶轉化為未來客戶的“教練”',
            en: 'The existing customer has become a "coach" for future customers',
          },
          hint: {
            zh: lines(
              '原文:第九步:與現有客戶建立長期關系。',
              '原文:二要能夠把現有客戶轉化為未來客戶的“教練”。',
            ),
            en: lines(
              'Seed: Step 9: build long-term relationships with existing customers.',
              'Seed: Second, be able to turn existing customers into "coaches" for future customers.',
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'referral',
      label: { zh: '完成客戶推薦', en: 'Obtain customer referrals' },
      optional: false,
      afterClose: true,
      description: {
        zh: '第十步:完成客戶推薦。在獲得新客戶的幾種方式中,客戶推薦永遠是成功率最高的。這一步驟極具價值。',
        en: 'Step 10: obtain customer referrals. Of all the ways of winning new customers, referrals always have the highest success rate. This step is extremely valuable.',
      },
      property: 'sw_ten_step_referral',
      items: [
        {
          id: 'referral_obtained',
          label: { zh: '已完成客戶推薦', en: 'A customer referral has been obtained' },
          hint: {
            zh: lines(
              '原文:在獲得新客戶的幾種方式中,客戶推薦永遠是成功率最高的。這一步驟極具價值。',
              '原文:第三部分的轉介紹客戶工作,則由農夫型銷售人員獲得名單,然后由獵人型銷售人員跟進。',
            ),
            en: lines(
              'Seed: Of all the ways of winning new customers, referrals always have the highest success rate. This step is extremely valuable.',
              'Seed: For referral work, farmer-type salespeople collect the names and hunter-type salespeople then follow up.',
            ),
          },
          key: false,
        },
      ],
    },
  ],
} satisfies Playbook;
