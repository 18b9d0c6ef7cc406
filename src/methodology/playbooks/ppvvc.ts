import type { Playbook } from '../schema';

const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 002: Pain / Power / Vision / Value / Collaborate / Compelling reason to act. Labels are the
 * seed's questions as written; "原文:" hint lines quote the section's paragraph; "可问:" lines are
 * the seed's closing section 学会问有用的问题 (question group in full-width parentheses).
 * Collaborate has no questions in the seed: its checks are derived from its paragraph.
 */
const ROLE_QUESTIONS = '（了解客户在组织中的职责和项目中的角色）';
const NEED_QUESTIONS = '（了解客户需求认知方式）';
const DETAIL_QUESTIONS = '（了解客户对销售的态度,确定需求细节）';
const ROLE_QUESTIONS_EN = "(learn the customer's duties in the organisation and role in the project)";
const NEED_QUESTIONS_EN = '(learn how the customer perceives its needs)';
/** The whole (two-sentence) paragraph of 迫切采取行动的原因: every compelling-reason check quotes it. */
const COMPELLING = {
  zh: [
    '原文:有时候,客户可能会找到不采取行动的有力理由。',
    '原文:这时,销售人员需采用解决异议模型,客观中立地理解异议,通过提问以确定异议背后的原因,最后以化解异议的方式来定位解决方案。',
  ],
  en: [
    'Seed: Sometimes the customer may find strong reasons not to act.',
    'Seed: Then the salesperson should use an objection-handling model: understand the objection objectively and neutrally, ask questions to find the reason behind it, and finally position the solution in a way that resolves it.',
  ],
};
const DETAIL_QUESTIONS_EN =
  "(learn the customer's attitude to the seller and pin down the details of the need)";

export const ppvvc = {
  id: 'ppvvc',
  label: {
    zh: 'PPVVC:痛苦、权力、构想、价值、协作、迫切采取行动的原因',
    en: 'PPVVC: Pain, Power, Vision, Value, Collaborate, Compelling reason to act',
  },
  description: {
    zh: '按痛苦(Pain)、权力(Power)、构想(Vision)、价值(Value)、协作(Collaborate)、迫切采取行动的原因(Compelling reason to act)逐项自问,问题照原文。原文开篇要点:决策链,参与链,预算,竞争对手,时间节点。“协作”原文没有问题,其检查项由原文段落归纳。原文结尾“学会问有用的问题”(学会从侧面问问题;学会问客户乐意回答的不厌烦的问题)中的提问附在相应项的提示里(可问)。原文没有★,各项均不标 key。原文标题“权利”为错字,已改为“权力”(Power)。',
    en: 'Ask yourself each question under Pain, Power, Vision, Value, Collaborate and Compelling reason to act; the questions are the seed\'s own. The seed opens with its key topics: decision chain, people involved, budget, competitors, time points. Collaborate has no questions in the seed: its checks are derived from its paragraph. The questions of the seed\'s closing section "learn to ask useful questions" (ask from the side; ask questions the customer is happy to answer and does not find tiresome) are attached to the hints of the matching checks ("You can ask"). The seed marks no ★, so no item is key. The seed\'s Power heading is misspelt there (the character for rights); it is fixed.',
  },
  source: '002_958c185825c1fb55.txt',
  kind: 'questions',
  steps: [
    {
      id: 'pain',
      label: { zh: '痛苦 - Pain', en: 'Pain' },
      optional: false,
      description: {
        zh: '很多销售机会产生于客户世界中的一个个痛点。虽然挑战的可能性是无穷无尽的,但他们都汇聚成三个基本需求:赚钱,省钱或管理风险。',
        en: "Many sales opportunities arise from pain points in the customer's world. Though the possible challenges are endless, they all come down to three basic needs: making money, saving money or managing risk.",
      },
      property: 'sw_ppvvc_pain',
      items: [
        {
          id: 'customer_will_act',
          label: { zh: '客户会采取行动吗?', en: 'Will the customer take action?' },
          hint: {
            zh: '原文:很多销售机会产生于客户世界中的一个个痛点。',
            en: "Seed: Many sales opportunities arise from pain points in the customer's world.",
          },
          key: false,
        },
        {
          id: 'top_pain_found',
          label: { zh: '是否找到了最优先级的痛苦?', en: 'Have we found the highest-priority pain?' },
          hint: {
            zh: lines(
              '原文:虽然挑战的可能性是无穷无尽的,但他们都汇聚成三个基本需求:赚钱,省钱或管理风险。',
              `可问:您工作中目前最急需解决的问题是什么?${NEED_QUESTIONS}`,
              `可问:您最近一两年的工作重点是什么?${NEED_QUESTIONS}`,
              `可问:您办这些业务为了什么?${NEED_QUESTIONS}`,
            ),
            en: lines(
              'Seed: Though the possible challenges are endless, they all come down to three basic needs: making money, saving money or managing risk.',
              `You can ask: What is the most urgent problem you need to solve in your work right now? ${NEED_QUESTIONS_EN}`,
              `You can ask: What has your work focused on in the last year or two? ${NEED_QUESTIONS_EN}`,
              `You can ask: What are these operations for? ${NEED_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
        {
          id: 'pain_validated',
          label: {
            zh: '我们与这个有痛苦的人验证了痛苦了么?',
            en: 'Have we validated the pain with the person who has it?',
          },
          hint: {
            zh: '原文:在今天已经变化的环境下,销售人员需要重新确认他们对客户痛苦的理解,因为大多数人的痛苦已经改变了。',
            en: "Seed: In today's changed environment, salespeople need to reconfirm their understanding of the customer's pain, because most people's pain has changed.",
          },
          key: false,
        },
        {
          id: 'pain_impact_known',
          label: {
            zh: '我们是否了解其他人是如何受这个痛苦影响的?',
            en: 'Do we understand how others are affected by this pain?',
          },
          hint: {
            zh: '原文:销售人员必须和客户的利益相关者共同协作,从定义客户所面临的核心挑战这一步开始。',
            en: "Seed: Salespeople must work together with the customer's stakeholders, starting by defining the core challenge the customer faces.",
          },
          key: false,
        },
        {
          id: 'pain_budget_ready',
          label: { zh: '预算到位了吗?', en: 'Is the budget in place?' },
          hint: {
            zh: '原文:决策链,参与链,预算,竞争对手,时间节点（原文开篇列出的要点）',
            en: "Seed: decision chain, people involved, budget, competitors, time points (the key topics listed at the seed's opening)",
          },
          key: false,
        },
        {
          id: 'pain_timeline',
          label: { zh: '有时间表解决这个痛苦吗?', en: 'Is there a timeline for solving this pain?' },
          hint: {
            zh: '原文:决策链,参与链,预算,竞争对手,时间节点（原文开篇列出的要点）',
            en: "Seed: decision chain, people involved, budget, competitors, time points (the key topics listed at the seed's opening)",
          },
          key: false,
        },
      ],
    },
    {
      id: 'power',
      label: { zh: '权力 - Power', en: 'Power' },
      optional: false,
      description: {
        zh: '在这里,权力是指客户方被授权做出购买决策的利益相关者。销售人员需要确保他们正在接触这个群体,并以一种能与决策者产生共鸣的方式来定位解决方案。',
        en: 'Power here means the stakeholders on the customer side who are authorised to make the buying decision. Salespeople need to make sure they are in touch with this group and position the solution in a way that resonates with the decision-makers.',
      },
      property: 'sw_ppvvc_power',
      items: [
        {
          id: 'right_people',
          label: { zh: '我们是否在和恰当的人合作?', en: 'Are we working with the right people?' },
          hint: {
            zh: lines(
              '原文:销售人员需要确保他们正在接触这个群体,并以一种能与决策者产生共鸣的方式来定位解决方案。',
              `可问:这个项目还有什么人需要参与?${ROLE_QUESTIONS}`,
            ),
            en: lines(
              'Seed: Salespeople need to make sure they are in touch with this group and position the solution in a way that resonates with the decision-makers.',
              `You can ask: Who else needs to be involved in this project? ${ROLE_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
        {
          id: 'key_roles_understood',
          label: {
            zh: '我们是否理解这个机会中的关键人物的角色?',
            en: 'Do we understand the roles of the key people in this opportunity?',
          },
          hint: {
            zh: lines(
              '原文:在这里,权力是指客户方被授权做出购买决策的利益相关者。',
              `可问:您都管哪些部门和业务?${ROLE_QUESTIONS}`,
            ),
            en: lines(
              'Seed: Power here means the stakeholders on the customer side who are authorised to make the buying decision.',
              `You can ask: Which departments and business areas are you in charge of? ${ROLE_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
        {
          id: 'influence_understood',
          label: {
            zh: '我们是否理解谁及如何影响决策?',
            en: 'Do we understand who influences the decision, and how?',
          },
          hint: {
            zh: lines(
              '原文:这些人员对销售成功的影响可能较小,但却可以作为引荐结识高层决策者的起点。',
              `可问:这个项目您主抓吗?由谁决定是否做这个事儿?${ROLE_QUESTIONS}`,
            ),
            en: lines(
              'Seed: These people may have less influence on the success of the sale, but they can be the starting point for introductions to senior decision-makers.',
              `You can ask: Are you leading this project? Who decides whether to do it? ${ROLE_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
        {
          id: 'decision_maker_connected',
          label: {
            zh: '我们是否和能够决策的人建立了联系?',
            en: 'Have we connected with the people who can make the decision?',
          },
          hint: {
            zh: '原文:因此,销售人员必须寻找新的高层领导关系,发现谁可能没有参与最初的谈话。',
            en: 'Seed: So salespeople must look for new relationships with senior leaders and find out who may not have taken part in the initial conversations.',
          },
          key: false,
        },
        {
          id: 'key_person_support',
          label: { zh: '我们有关键人物支持吗?', en: 'Do we have the support of key people?' },
          hint: {
            zh: '原文:销售人员可能无法依赖他们现有的联系人或在业务中已确定的支持者。',
            en: 'Seed: Salespeople may not be able to rely on their existing contacts or on the supporters already established in the business.',
          },
          key: false,
        },
        {
          id: 'funding_decider_connected',
          label: {
            zh: '我们与决策资金的人有联系吗?',
            en: 'Are we in touch with the people who decide on the funding?',
          },
          hint: {
            zh: lines(
              '原文:在这种情况下,预算的权力往往会上升到组织架构的高层。',
              `可问:这个项目的钱怎么申请呀?您是申请发起人吗?都有经过谁批呀?${ROLE_QUESTIONS}`,
            ),
            en: lines(
              'Seed: In this situation, power over the budget often moves up to the top of the organisation.',
              `You can ask: How is the money for this project applied for? Are you the one who initiates the request? Who has to approve it? ${ROLE_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'vision',
      label: { zh: '构想 - Vision', en: 'Vision' },
      optional: false,
      description: {
        zh: '一个真正一致的解决方案必须是差异化的,定位于满足客户的长期需求。最精干的销售专家不仅会跟踪客户当前的挑战——他们还帮助客户清楚地了解这些挑战。',
        en: "A truly aligned solution must be differentiated and aimed at the customer's long-term needs. The best sales experts do not just track the customer's current challenges: they help the customer understand those challenges clearly.",
      },
      property: 'sw_ppvvc_vision',
      items: [
        {
          id: 'prefers_our_solution',
          label: { zh: '客户倾向于我们的方案吗?', en: 'Does the customer favour our solution?' },
          hint: {
            zh: lines(
              '原文:一个真正一致的解决方案必须是差异化的,定位于满足客户的长期需求。',
              `可问:我们还有竞争对手吗?${DETAIL_QUESTIONS}`,
            ),
            en: lines(
              "Seed: A truly aligned solution must be differentiated and aimed at the customer's long-term needs.",
              `You can ask: Do we have any competitors? ${DETAIL_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
        {
          id: 'initial_need_shaped',
          label: {
            zh: '我们帮助客户建立了最初的需求?',
            en: 'Did we help the customer shape the initial need?',
          },
          hint: {
            zh: '原文:最精干的销售专家不仅会跟踪客户当前的挑战——他们还帮助客户清楚地了解这些挑战。',
            en: "Seed: The best sales experts do not just track the customer's current challenges: they help the customer understand those challenges clearly.",
          },
          key: false,
        },
        {
          id: 'solution_meets_needs',
          label: { zh: '我们的解决方案符合他们的需求?', en: 'Does our solution meet their needs?' },
          hint: {
            zh: '原文:大多数情况下,销售人员将需要更改解决方案以确保它符合客户当前面临的挑战。',
            en: 'Seed: In most cases salespeople will need to change the solution to make sure it fits the challenges the customer faces now.',
          },
          key: false,
        },
        {
          id: 'differentiated_vision',
          label: {
            zh: '我们是否为关键人士建立或重述了差异化的构想?',
            en: 'Have we built, or restated, a differentiated vision for the key people?',
          },
          hint: {
            zh: '原文:这样做,销售人员就有了一个影响客户思考的宝贵机会。',
            en: "Seed: By doing so, salespeople gain a valuable chance to influence the customer's thinking.",
          },
          key: false,
        },
        {
          id: 'approach_supported',
          label: {
            zh: '关键人物是否支持我们方案的方法?',
            en: "Do the key people support our solution's approach?",
          },
          hint: {
            zh: '原文:销售人员需要具备创造性,再次思考解决方案的构成以及交付方式。',
            en: 'Seed: Salespeople need to be creative and rethink what the solution is made of and how it is delivered.',
          },
          key: false,
        },
      ],
    },
    {
      id: 'value',
      label: { zh: '价值 - Value', en: 'Value' },
      optional: false,
      description: {
        zh: '客户比以往任何时候都更关注价值。销售人员需要将解决方案的价值体现在可度量的业务因素中,比如预期收益、毛利率或长期可节省的开支。',
        en: 'Customers care about value more than ever. Salespeople need to express the value of the solution in measurable business terms, such as expected revenue, gross margin or long-term savings.',
      },
      property: 'sw_ppvvc_value',
      items: [
        {
          id: 'mutual_value',
          label: {
            zh: '我们的解决方案是否为双方提供了价值?',
            en: 'Does our solution provide value to both sides?',
          },
          hint: {
            zh: '原文:解决方案的价值必须超越现状和客户正在考虑的其他竞争方案的价值。',
            en: 'Seed: The value of the solution must exceed that of the status quo and of the competing alternatives the customer is considering.',
          },
          key: false,
        },
        {
          id: 'value_per_stakeholder',
          label: {
            zh: '我们理解每一个关键人物/公司的价值?',
            en: 'Do we understand the value for each key person and for the company?',
          },
          hint: {
            zh: '原文:客户比以往任何时候都更关注价值。',
            en: 'Seed: Customers care about value more than ever.',
          },
          key: false,
        },
        {
          id: 'value_quantified',
          label: {
            zh: '关键人物量化和预测了我们方案的价值了吗?',
            en: 'Have the key people quantified and forecast the value of our solution?',
          },
          hint: {
            zh: '原文:因此,销售人员需要将解决方案的价值体现在可度量的业务因素中,比如预期收益、毛利率或长期可节省的开支。',
            en: 'Seed: So salespeople need to express the value of the solution in measurable business terms, such as expected revenue, gross margin or long-term savings.',
          },
          key: false,
        },
        {
          id: 'value_analysis_agreed',
          label: {
            zh: '已经同意了公司的价值分析吗?',
            en: "Has the company's value analysis been agreed?",
          },
          hint: {
            zh: '原文:锚定解决方案的价值可能需要销售人员提供有量化结果的案例。',
            en: 'Seed: Anchoring the value of the solution may require salespeople to provide cases with quantified results.',
          },
          key: false,
        },
        {
          id: 'value_justifies_funding',
          label: {
            zh: '价值分析能够保证动用资金吗?',
            en: 'Does the value analysis justify releasing the funds?',
          },
          hint: {
            zh: '原文:预算已经大幅减少,所有支出都需要经过投资回报率的彻底审查。',
            en: 'Seed: Budgets have been cut sharply, and all spending has to pass a thorough return-on-investment review.',
          },
          key: false,
        },
        {
          id: 'worth_it_for_us',
          label: {
            zh: '对我们有足够的价值吗?利润?战略?',
            en: 'Is it worth enough to us? Profit? Strategy?',
          },
          hint: {
            zh: '原文:从长期来看,销售人员还必须兑现自己的承诺,帮助客户实现可衡量结果。',
            en: 'Seed: In the long run, salespeople must also keep their promises and help the customer achieve measurable results.',
          },
          key: false,
        },
      ],
    },
    {
      id: 'collaborate',
      label: { zh: '协作 - Collaborate', en: 'Collaborate' },
      optional: false,
      description: {
        zh: '随着商业环境愈发动态化,销售人员与客户的协作需求也逐渐增加。协作是衡量客户紧迫感和对参与解决方案承诺的机会。(原文本节没有问题,以下检查项由本段归纳。)',
        en: "As the business environment becomes more dynamic, salespeople need to collaborate more with customers. Collaboration is a chance to gauge the customer's urgency and commitment to taking part in the solution. (The seed has no questions in this section; the checks below are derived from its paragraph.)",
      },
      property: 'sw_ppvvc_collaborate',
      items: [
        {
          id: 'stakeholders_in_step',
          label: {
            zh: '已与利益相关者步调一致地开展工作',
            en: 'We are working in step with the stakeholders',
          },
          hint: {
            zh: '原文:因此,销售人员需要与利益相关者步调一致地开展工作。',
            en: 'Seed: So salespeople need to work in step with the stakeholders.',
          },
          key: false,
        },
        {
          id: 'all_stakeholders_reachable',
          label: {
            zh: '能够接触到项目所涉及的所有利益相关者',
            en: 'We can reach every stakeholder involved in the project',
          },
          hint: {
            zh: lines(
              '原文:长期业务方向上,他们还必须确保自己能够接触到项目所涉及的所有利益相关者。',
              '原文:由于业务在不确定中探索前行,利益相关者群体可能会发生变化,甚至还会缩减。',
            ),
            en: lines(
              'Seed: For the long-term direction of the business, they must also make sure they can reach every stakeholder involved in the project.',
              'Seed: As the business feels its way forward through uncertainty, the group of stakeholders may change or even shrink.',
            ),
          },
          key: false,
        },
        {
          id: 'collaboration_model_assessed',
          label: {
            zh: '已明确如何评估新的或已更改的解决方案的协作方式',
            en: 'We know how the way of collaborating on the new or changed solution will be assessed',
          },
          hint: {
            zh: lines(
              '原文:面对充满挑战的时局和新的解决方案,客户在评估购买时需要更多的安全感。',
              '原文:要降低销售的风险,作为回应,销售人员需要重点关注如何评估新的或已更改的解决方案的协作方式。',
            ),
            en: lines(
              'Seed: Facing challenging times and new solutions, customers need more reassurance when they evaluate a purchase.',
              'Seed: To lower the risk of the sale, salespeople need to focus in response on how the way of collaborating on a new or changed solution is assessed.',
            ),
          },
          key: false,
        },
        {
          id: 'next_steps_known',
          label: {
            zh: '已了解客户购买流程的后续步骤',
            en: "We know the next steps of the customer's buying process",
          },
          hint: {
            zh: '原文:销售人员必须了解客户购买流程的后续步骤。',
            en: "Seed: Salespeople must know the next steps of the customer's buying process.",
          },
          key: false,
        },
        {
          id: 'close_timeline_reviewed',
          label: {
            zh: '已开始查看达成销售的时间表',
            en: 'We have started to review the timeline for closing the sale',
          },
          hint: {
            zh: '原文:在这个阶段,销售人员应该开始查看达成销售的时间表。',
            en: 'Seed: At this stage salespeople should start to look at the timeline for closing the sale.',
          },
          key: false,
        },
        {
          id: 'urgency_commitment_gauged',
          label: {
            zh: '已衡量客户的紧迫感和对参与解决方案的承诺',
            en: "We have gauged the customer's urgency and commitment to taking part in the solution",
          },
          hint: {
            zh: '原文:协作是衡量客户紧迫感和对参与解决方案承诺的机会。',
            en: "Seed: Collaboration is a chance to gauge the customer's urgency and commitment to taking part in the solution.",
          },
          key: false,
        },
      ],
    },
    {
      id: 'compelling',
      label: { zh: '迫切采取行动的原因 - Compelling reason to act', en: 'Compelling reason to act' },
      optional: false,
      description: {
        zh: '客户可能会找到不采取行动的有力理由:用解决异议模型理解并化解异议,让客户有迫切采取行动的原因。',
        en: 'The customer may find strong reasons not to act: use the objection-handling model to understand and resolve the objections, so that the customer has a compelling reason to act.',
      },
      property: 'sw_ppvvc_compelling',
      items: [
        {
          id: 'influence_buying_process',
          label: { zh: '我们是否能够影响购买流程?', en: 'Can we influence the buying process?' },
          hint: { zh: lines(...COMPELLING.zh), en: lines(...COMPELLING.en) },
          key: false,
        },
        {
          id: 'decision_process_criteria',
          label: {
            zh: '我们理解关键人物的决策流程和标准?',
            en: "Do we understand the key people's decision process and criteria?",
          },
          hint: { zh: lines(...COMPELLING.zh), en: lines(...COMPELLING.en) },
          key: false,
        },
        {
          id: 'proof_requirements',
          label: {
            zh: '我们理解关键人物证实能力及满意的要求吗?',
            en: 'Do we understand what the key people require as proof of capability and for satisfaction?',
          },
          hint: {
            zh: lines(
              ...COMPELLING.zh,
              `可问:您能把您要做的几件事的具体要求告诉我吗?${DETAIL_QUESTIONS}`,
              `可问:您这个事要完成的目标是什么?做到什么程度?${DETAIL_QUESTIONS}`,
            ),
            en: lines(
              ...COMPELLING.en,
              `You can ask: Could you tell me the specific requirements of the things you want to do? ${DETAIL_QUESTIONS_EN}`,
              `You can ask: What goal should this achieve, and to what degree? ${DETAIL_QUESTIONS_EN}`,
            ),
          },
          key: false,
        },
        {
          id: 'buying_habits_known',
          label: {
            zh: '我们清楚客户的购买习惯、政治因素和过程吗?',
            en: "Do we know the customer's buying habits, internal politics and process?",
          },
          hint: { zh: lines(...COMPELLING.zh), en: lines(...COMPELLING.en) },
          key: false,
        },
        {
          id: 'joint_evaluation_agreed',
          label: {
            zh: '客户已经同意和我们一起进行评估吗?',
            en: 'Has the customer agreed to run the evaluation together with us?',
          },
          hint: { zh: lines(...COMPELLING.zh), en: lines(...COMPELLING.en) },
          key: false,
        },
        {
          id: 'evaluation_controlled',
          label: { zh: '我们能够控制评估过程吗?', en: 'Can we control the evaluation process?' },
          hint: { zh: lines(...COMPELLING.zh), en: lines(...COMPELLING.en) },
          key: false,
        },
        {
          id: 'risk_managed',
          label: { zh: '我们能够成功的管理我们的风险吗?', en: 'Can we manage our risks successfully?' },
          hint: { zh: lines(...COMPELLING.zh), en: lines(...COMPELLING.en) },
          key: false,
        },
      ],
    },
  ],
} satisfies Playbook;
