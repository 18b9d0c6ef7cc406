import type { Playbook } from '../schema';

/** One hint line per array element (the seed's numbered "结果行为判断提示"). */
const lines = (...l: string[]): string => l.join('\n');

/**
 * Seed 000: 深信服销售七步法节点管理. Labels and hints are the seed's text (only OCR noise
 * repaired: stray spaces inside words, broken line joins, the next check's number glued to a
 * hint, one dropped character "好朋[友]"); the seed's ASCII punctuation is kept. Ids and ★ are
 * DESIGN §2's contract. Editorial notes are in full-width parentheses and prefixed "原文:".
 */
export const sevenStep = {
  id: 'seven_step',
  label: { zh: '深信服销售七步法', en: 'Sangfor seven-step sales method' },
  description: {
    zh: '深信服销售七步法节点管理:七个步骤,每步列出“工作结果检查”,★为重要项,每项附“结果行为判断提示”。第六步原文没有检查项,为可选步骤,不计入进度。',
    en: 'Sangfor\'s seven-step sales method (milestone management): seven steps, each a list of "work result checks"; ★ marks the key checks, and every check carries the seed\'s hints on how to judge the result. Step 6 has no checks in the seed: it is optional and not counted in progress.',
  },
  source: '000_9fc3feababb7930c.txt',
  kind: 'process',
  steps: [
    {
      id: 'need',
      label: { zh: '需求挖掘', en: 'Need discovery' },
      optional: false,
      description: {
        zh: '弄清客户要解决的问题、解决时间、需求来源和所需的产品方案,把明确的需求转换为商机。',
        en: 'Find out which problems the customer wants solved, by when, where the need comes from and which products and solution it takes; turn the clarified need into an opportunity.',
      },
      property: 'sw_seven_step_need',
      items: [
        {
          id: 'problems_known',
          label: {
            zh: '我们是否已清楚“客户要解决哪些问题”?',
            en: 'Do we clearly know "which problems the customer wants to solve"?',
          },
          hint: {
            zh: lines(
              '（原文此项无提示,以下摘自相关原文）',
              '1、我们已弄清客户立项原因及客户问题所在（本步第 6 项的提示）',
              '2、帮助用户制定需求,明确存在的问题及问题解决方案（金蝶大客户销售:定义需求阶段）',
            ),
            en: lines(
              '(The seed gives no hint for this check; the lines below are quoted from related seed text)',
              '1. We have worked out why the customer set up the project and where its problems lie (hint of check 6 in this step)',
              '2. Help the customer define the need: make clear the existing problems and how to solve them (Kingdee key-account sales: need-definition phase)',
            ),
          },
          key: true,
          action: { zh: '弄清客户要解决哪些问题', en: 'Find out which problems the customer wants to solve' },
        },
        {
          id: 'deadline_known',
          label: {
            zh: '客户的需求要求在什么时间内解决?',
            en: "Within what time frame must the customer's need be solved?",
          },
          hint: {
            zh: lines(
              '1、客户已明确告知设备上线的时间为今年 XX 月底前',
              '2、为什么要在这个时间前完成?是因为要花掉年底预算还是 XX 会前要实施……等',
            ),
            en: lines(
              '1. The customer has clearly told us the equipment must go live before the end of XX this year',
              '2. Why must it be done by then? To spend the year-end budget, to be in place before the XX meeting, etc.',
            ),
          },
          key: false,
          action: { zh: '弄清客户要求的解决时间', en: 'Find out when the customer needs it solved' },
        },
        {
          id: 'opportunity_confirmed',
          label: {
            zh: '需求已明确,并转换为“商机”?预签金额是XXX 万,已确认客户的产品线选择倾向(AC、SSL、AD、SG、加速、IPSec、BM)',
            en: 'Is the need clear and turned into an "opportunity"? Expected contract value is XXX × 10,000 CNY; the customer\'s preferred product lines are confirmed (AC, SSL, AD, SG, WAN optimisation, IPSec, BM)',
          },
          hint: {
            zh: lines(
              '1、进入“商机管理”的确定事项为明确客户的产品线倾向,以及能预估出我们签约的金额',
              '2、商机的来源有很多,包括:测试项目、咨询(网上咨询,来电咨询,EDM 反馈,市场活动)、参观公司、渠道报备、主动拓展的中长期客户',
            ),
            en: lines(
              '1. What qualifies an entry into "opportunity management": the customer\'s product-line preference is clear and we can estimate the amount we will sign',
              '2. Opportunities come from many sources, including: test projects, enquiries (online enquiries, phone enquiries, EDM replies, marketing events), company visits, channel-partner registrations, and mid- to long-term customers we develop ourselves',
            ),
          },
          key: true,
          action: {
            zh: '确认需求、预签金额和产品线倾向,转为商机',
            en: 'Confirm the need, the expected value and the product lines, and turn it into an opportunity',
          },
        },
        {
          id: 'competitive_edge',
          label: {
            zh: '我们的方案是否有竞争优势?',
            en: 'Does our solution have a competitive advantage?',
          },
          hint: {
            zh: lines(
              '1、客户是否有其他替代方案?',
              '2、是否有其他竞争对手或其他渠道在参与该项目?',
              '3、我们的技术方案是否具有屏蔽性的特点?',
            ),
            en: lines(
              '1. Does the customer have other alternative solutions?',
              '2. Are other competitors or other channel partners involved in this project?',
              '3. Does our technical solution have features that shut competitors out?',
            ),
          },
          key: false,
        },
        {
          id: 'need_source_known',
          label: {
            zh: '我们是否已确认客户需求的来源?',
            en: "Have we confirmed where the customer's need comes from?",
          },
          hint: {
            zh: lines(
              '1、需求如果是决策链高层提出来,则必须重点向高层汇报、做高层工作,确认我方产品对对方需求的很好解决',
              '2、需求如果是使用者提出来,则要确认对方高层是否审批通过、是否有预算',
            ),
            en: lines(
              '1. If the need was raised by senior people in the decision chain, we must focus on reporting to and working with them, and confirm that our products solve their need well',
              "2. If the need was raised by users, confirm whether the customer's senior management has approved it and whether there is a budget",
            ),
          },
          key: false,
        },
        {
          id: 'solution_known',
          label: {
            zh: '我们是否清楚需要什么样的产品和方案才能解决客户的需求?',
            en: "Do we know which products and solution it takes to solve the customer's need?",
          },
          hint: {
            zh: lines(
              '1、客户已告知需要的产品型号及数量',
              '2、客户对自己关心的某个技术、产品问题询问的非常仔细',
              '3、我们已弄清客户立项原因及客户问题所在',
            ),
            en: lines(
              '1. The customer has told us the product models and quantities it needs',
              '2. The customer asks in great detail about technical or product questions it cares about',
              '3. We have worked out why the customer set up the project and where its problems lie',
            ),
          },
          key: false,
          action: {
            zh: '弄清解决客户需求所需的产品和方案',
            en: "Work out which products and solution solve the customer's need",
          },
        },
        {
          id: 'environment_known',
          label: {
            zh: '客户的网络结构以及已部署的设备和主要的业务情况是否已清楚?',
            en: "Are the customer's network architecture, deployed equipment and main business operations clear to us?",
          },
          hint: {
            zh: lines(
              '1、销售人员可以当着客户的面主动画出网络结构,如果有画错了的地方,客户一般会及时纠正,最终得出用户正确的网络结构图',
              '2、销售人员主动提出希望参观客户机房,通过参观机房把已部署的设备品牌及型号记录下来',
            ),
            en: lines(
              '1. The salesperson can proactively draw the network architecture in front of the customer; where it is wrong, the customer will usually correct it on the spot, ending with a correct network diagram',
              "2. The salesperson asks to visit the customer's server room and records the brands and models of the deployed equipment during the visit",
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'funding',
      label: { zh: '项目资金与到位', en: 'Project funding in place' },
      optional: false,
      description: {
        zh: '确认最高决策者/机构已通过项目、资金预算已到位并明确其分布;项目已立项、资金已到位,即从商机转变为项目。',
        en: 'Confirm that the top decision-maker or decision body has approved the project and that the budget is in place and broken down; once the project is approved and funded, the opportunity has become a project.',
      },
      property: 'sw_seven_step_funding',
      items: [
        {
          id: 'exec_approved',
          label: {
            zh: '客户最高决策者/机构已讨论通过或签字是否上该项目?',
            en: "Has the customer's top decision-maker or decision body discussed and approved, or signed off on, going ahead with the project?",
          },
          hint: {
            zh: lines(
              '1、我们从项目的支持者或内线或背后的渠道了解到项目已立项',
              '2、客户已明确告知设备上线的大概时间和规划',
              '3、客户的高层是否在正式的场合要求 IT人员完成或者解决某些问题',
            ),
            en: lines(
              "1. We learned from the project's supporters, from insiders or from the channel partners behind it that the project has been approved",
              '2. The customer has clearly told us the rough go-live time and plan for the equipment',
              "3. Has the customer's senior management formally asked the IT staff to complete or solve certain things?",
            ),
          },
          key: false,
        },
        {
          id: 'budget_ready',
          label: { zh: '资金预算已到位?', en: 'Is the budget in place?' },
          hint: {
            zh: '1、资金来源是什么?(是否是客户自己出钱;是否是第三方出资……等)',
            en: '1. Where does the money come from? (Is the customer paying itself? Is a third party funding it? etc.)',
          },
          key: true,
          action: { zh: '确认资金预算已到位', en: 'Confirm the budget is in place' },
        },
        {
          id: 'project_established',
          label: { zh: '是否已从商机转变为项目', en: 'Has the opportunity turned into a project?' },
          hint: {
            zh: '1、从商机转变为项目的标志为项目已立项、资金已到位',
            en: '1. The sign that an opportunity has become a project: the project is approved and the funds are in place',
          },
          key: true,
          action: { zh: '推动商机立项', en: 'Get the opportunity established as a project' },
        },
        {
          id: 'budget_breakdown_known',
          label: {
            zh: '资金预算分布已明确(AD 多少预算、服务器多少预算……)',
            en: 'The budget breakdown is clear (how much for AD, how much for servers…)',
          },
          hint: {
            zh: lines(
              '1、从客户角度出发我们要关注整个项目,而不仅仅是我们的产品本身',
              '2、明确客户资金预算的分布有助于我们后期商务价格或招投标分析使用',
            ),
            en: lines(
              "1. From the customer's point of view we must look at the whole project, not just our own products",
              "2. Knowing how the customer's budget is split helps our later commercial pricing and tender analysis",
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'tech',
      label: { zh: '技术认可', en: 'Technical win' },
      optional: false,
      description: {
        zh: '通过技术宣讲、测试和参观公司/样板,让客户及其决策链认可我们的技术、产品和公司,形成差异化并给竞争对手设立技术屏障。',
        en: 'Through technical presentations, tests and visits to our company or reference sites, win the endorsement of the customer and its decision chain for our technology, products and company; differentiate, and set technical barriers against competitors.',
      },
      property: 'sw_seven_step_tech',
      items: [
        {
          id: 'acceptance_criteria_met',
          label: {
            zh: '技术认可工作到位的评估标准',
            en: 'Assessment criteria: the technical win work is done',
          },
          hint: {
            zh: lines(
              '1、客户的需求点我们的解决方案是否都满足',
              '2、客户认真听我们技术宣讲,对结合实际应用某些技术非常赞赏',
              '3、客户主动介绍竞争对手的技术缺陷和不足',
              '4、客户同意测试,并与我们协商制作测试报告,向上级反馈有倾向性的技术评测报告',
              '5、客户积极提出产品和技术的改进意见,并希望加入到合同备注中',
              '6、经过技术认可工作后,客户对技术不再关心,积极参与商务洽谈中',
              '7、客户提交有倾向性的总结报告',
              '8、客户愿意用我们的标准来作为他们的采购标准',
            ),
            en: lines(
              "1. Does our solution meet every point of the customer's need?",
              '2. The customer listens carefully to our technical presentations and highly appreciates how certain technologies apply to its real use',
              '3. The customer volunteers the technical defects and shortcomings of competitors',
              '4. The customer agrees to a test, works out the test report with us and reports a technical evaluation that favours us to its superiors',
              '5. The customer actively suggests product and technical improvements and wants them added to the contract notes',
              '6. After the technical win work the customer no longer worries about technology and takes an active part in commercial negotiation',
              '7. The customer submits a summary report that favours us',
              '8. The customer is willing to use our standards as its purchasing standards',
            ),
          },
          key: false,
        },
        {
          id: 'differentiation_acknowledged',
          label: {
            zh: '通过技术认可,客户是否承认我们与竞争对手的技术差异优势?',
            en: 'Through technical win, does the customer acknowledge our technical advantages over competitors?',
          },
          hint: {
            zh: lines(
              '1、客户拿我们的技术亮点来询问竞争对手你有没有',
              '2、在不同场合多次重复强调我们的技术亮点',
              '3、对我们技术亮点结合他们自身业务状况做详细沟通',
            ),
            en: lines(
              '1. The customer asks competitors whether they have our technical highlights',
              '2. The customer repeatedly stresses our technical highlights on different occasions',
              '3. The customer discusses our technical highlights in detail in the light of its own business',
            ),
          },
          key: true,
          action: {
            zh: '通过技术认可让客户承认我们的技术差异优势',
            en: 'Use the technical win to get the customer to acknowledge our technical edge',
          },
        },
        {
          id: 'test_preferred',
          label: {
            zh: '客户对我们测试设备的效果比竞争对手满意?',
            en: "Is the customer more satisfied with the test results of our equipment than with competitors'?",
          },
          hint: {
            zh: lines(
              '1、测试完我们的设备后,就不打算测试竞争对手',
              '2、测试完我们的设备后,不让下架并沟通商务细节',
              '3、多次重复强调我们设备上架后给他们业务带来的帮助',
            ),
            en: lines(
              '1. After testing our equipment, the customer does not plan to test competitors',
              "2. After testing our equipment, the customer won't let us take it down and discusses commercial details",
              '3. The customer repeatedly stresses how our equipment, once in service, helps its business',
            ),
          },
          key: false,
        },
        {
          id: 'company_endorsed',
          label: { zh: '是否对公司认可?', en: 'Does the customer endorse our company?' },
          hint: {
            zh: lines(
              '1、客户的关键决策人已到深圳总部考察过',
              '2、参观完我们的样板或公司后,就不打算参观竞争对手的样板或公司',
              '3、参观完我们的样板或公司后,进入商务细节的沟通',
              '4、参观完我们的样板或公司后,告知我们下一步要公关的人员及渠道(帮我们指路)',
            ),
            en: lines(
              "1. The customer's key decision-makers have visited our Shenzhen headquarters",
              "2. After visiting our reference site or company, the customer does not plan to visit competitors' reference sites or companies",
              '3. After visiting our reference site or company, the customer moves on to commercial details',
              '4. After visiting our reference site or company, the customer tells us which people and channel partners to win over next (shows us the way)',
            ),
          },
          key: true,
          action: { zh: '让客户认可我们公司', en: "Win the customer's endorsement of our company" },
        },
        {
          id: 'chain_endorses_tech',
          label: {
            zh: '客户决策链是否认可我们的技术引导结果及产品?',
            en: "Does the customer's decision chain endorse the results of our technical guidance and our products?",
          },
          hint: {
            zh: lines(
              '1、我们可以从多条内线了解到最新的项目进展及最新对我们的技术认可评价',
              '2、决策链里面多数人认可我们的技术引导结果及产品',
              '3、技术把关者认可我们的技术引导结果及产品',
            ),
            en: lines(
              '1. Several insiders keep us informed of the latest project progress and the latest assessment of our technical win',
              '2. Most people in the decision chain endorse the results of our technical guidance and our products',
              '3. The technical gatekeeper endorses the results of our technical guidance and our products',
            ),
          },
          key: false,
        },
        {
          id: 'main_competitor_known',
          label: {
            zh: '我们已确认项目里的主要竞争对手是谁?',
            en: 'Have we confirmed who the main competitor in the project is?',
          },
          hint: {
            zh: lines(
              '1、对手第一个拿设备过去测试并且测试时间最长',
              '2、多条内线给我们反馈谁是我们最大的竞争对手',
              '3、熟悉项目来源的渠道告知的竞争对手',
            ),
            en: lines(
              '1. The competitor that brought equipment for testing first and tested the longest',
              '2. Several insiders tell us who our biggest competitor is',
              '3. The competitor named by channel partners who know where the project came from',
            ),
          },
          key: false,
        },
        {
          id: 'competitor_supporters_known',
          label: {
            zh: '我们已了解竞争对手或对手渠道在客户端的支持者?',
            en: "Do we know who supports the competitor or the competitor's channel partner on the customer side?",
          },
          hint: {
            zh: lines('1、内线告知', '2、客户内部因非常规挑刺的人'),
            en: lines('1. Insiders tell us', '2. People inside the customer who find fault in unusual ways'),
          },
          key: false,
        },
        {
          id: 'technical_barrier_set',
          label: {
            zh: '和竞争对手形成差异化技术特点,并已给竞争对手设立技术屏障?',
            en: 'Have we set our technical features apart from competitors and put up technical barriers against them?',
          },
          hint: {
            zh: lines('1、测试方案屏障', '2、招标参数屏障', '3、我们的技术亮点跟他们的使用相结合'),
            en: lines(
              '1. A barrier in the test plan',
              '2. A barrier in the tender specifications',
              '3. Our technical highlights are tied to how they use the product',
            ),
          },
          key: true,
          action: {
            zh: '形成差异化技术特点,给竞争对手设立技术屏障',
            en: 'Set our technical features apart and put up technical barriers against competitors',
          },
        },
        {
          id: 'no_open_concerns',
          label: { zh: '已无技术上的顾虑', en: 'No technical concerns remain' },
          hint: {
            zh: lines(
              '原文:是否还有什么技术上的顾虑?',
              '1、是否完全满足客户之前提出的技术要求',
              '2、这些顾虑是否会影响到项目的进展',
              '3、现在我们是否能解决这些问题,如果不能有什么应对方案',
              '4、竞争对手对这个问题的解决情况如何',
            ),
            en: lines(
              'Seed asks: Are there still any technical concerns?',
              '1. Do we fully meet the technical requirements the customer raised earlier?',
              '2. Would these concerns affect the progress of the project?',
              '3. Can we solve these problems now, and if not, what is our fallback?',
              '4. How well do competitors solve this problem?',
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'account',
      label: { zh: '客户及渠道分析', en: 'Customer and channel analysis' },
      optional: false,
      description: {
        zh: '摸清客户及渠道的组织结构、决策链和采购流程,了解客户背后的渠道关系和竞争对手情况,并在项目中发展我方的教练。',
        en: 'Map the organisation, decision chain and procurement process of the customer and its channel partners, understand the channel relationships behind the customer and the competition, and develop our own coach in the project.',
      },
      property: 'sw_seven_step_account',
      items: [
        {
          id: 'decision_chain_mapped',
          label: {
            zh: '已摸清客户组织结构及决策链?',
            en: "Have we mapped the customer's organisation and decision chain?",
          },
          hint: {
            zh: lines(
              '1、销售员能画出客户及渠道的组织结构图及决策链,并能清楚描绘出每个角色包含的以下 4 种特征属性:',
              '职务属性:拍板者、决策者、评估者、使用者',
              '性格属性:前卫者、创新者、实用主义者、保守者、顽固派',
              '交往程度:不接触、一般接触、较多接触、深交',
              '立场属性:导师、支持者、中立者、不支持者、敌人',
              '其他:客户内部派系或圈子分布情况',
            ),
            en: lines(
              '1. The salesperson can draw the organisation chart and decision chain of the customer and its channel partners, and clearly describe the following 4 attributes of every role:',
              'Position: the one with the final say, decision-maker, evaluator, user',
              'Personality: pioneer, innovator, pragmatist, conservative, stubborn',
              'Contact depth: no contact, occasional contact, frequent contact, close relationship',
              'Stance: mentor (coach), supporter, neutral, non-supporter, enemy',
              'Other: factions or circles inside the customer',
            ),
          },
          key: true,
          action: {
            zh: '摸清客户组织结构及决策链',
            en: "Map the customer's organisation and decision chain",
          },
        },
        {
          id: 'coach_in_place',
          label: {
            zh: '该项目中已经有我方的教练或枪手?',
            en: 'Do we already have our own coach or "gunman" (inside champion) in this project?',
          },
          hint: {
            zh: lines(
              // OCR fix: the seed reads 打短话, a misread of 打电话 (phone).
              '1、晚上 9 点以后打电话或发短信会回复',
              '2、晚上能约出来吃饭且成本很低',
              '3、跟你一起开发和测试你的计划',
              '4、同你分享涉及项目的秘密信息',
              '5、你不在时积极帮你销售',
              '6、将他个人的成功与你的成功相结合',
              '7、愿意承担实施你解决方案的责任',
              '8、公开表示你的解决方案或公司是非常优秀的',
            ),
            en: lines(
              '1. Answers calls or text messages after 9 p.m.',
              '2. Can be invited out to dinner in the evening, at very little cost',
              '3. Develops and tests your plan together with you',
              '4. Shares confidential information about the project with you',
              '5. Actively sells for you when you are not there',
              '6. Ties his personal success to yours',
              '7. Is willing to take responsibility for implementing your solution',
              '8. Says publicly that your solution or company is excellent',
            ),
          },
          key: true,
          action: { zh: '在项目中发展我方的教练', en: 'Develop our own coach in this project' },
        },
        {
          id: 'procurement_known',
          label: {
            zh: '我们已了解到客户的采购流程和关键点?',
            en: "Do we know the customer's procurement process and its key points?",
          },
          hint: {
            zh: lines(
              '1、能画出采购流程图并能详细讲出每个人起到的作用',
              '2、能够说出客户的历史采购习惯:最近1、2 年类似项目采购流程、多少金额的项目是客户那个职务的人在决策、能否指定品牌、能否指定参数、评分标准的制定、经常中标的渠道、我们这类的产品是那个决策人在负责',
            ),
            en: lines(
              '1. Can draw the procurement flow chart and explain in detail the role each person plays',
              "2. Can describe the customer's purchasing history: the procurement process of similar projects in the last 1–2 years, which position decides projects of which amount, whether a brand can be specified, whether specifications can be specified, how the scoring criteria are set, which channel partners often win, and which decision-maker is responsible for products like ours",
            ),
          },
          key: true,
          action: {
            zh: '弄清客户的采购流程和关键点',
            en: "Find out the customer's procurement process and its key points",
          },
        },
        {
          id: 'channel_known',
          label: {
            zh: '我们是否清楚客户背后的渠道关系?',
            en: 'Do we understand the channel relationships behind the customer?',
          },
          hint: {
            zh: lines(
              '（原文此项无提示,以下摘自本方法其他检查项）',
              '1、各决策人与哪些渠道绑定（第五步第 2 项的提示）',
              '2、竞争对手绑定了哪家渠道,及该渠道与客户的关系（本步第 5 项的提示）',
              '3、最高决策者认可的渠道确定和我们合作?（第五步第 6 项）',
            ),
            en: lines(
              '(The seed gives no hint for this check; the lines below are quoted from other checks of this method)',
              '1. Which channel partners each decision-maker is tied to (hint of step 5, check 2)',
              "2. Which channel partner the competitor has tied up, and that partner's relationship with the customer (hint of check 5 in this step)",
              '3. Is the channel partner endorsed by the top decision-maker confirmed to work with us? (step 5, check 6)',
            ),
          },
          key: true,
          action: {
            zh: '弄清客户背后的渠道关系',
            en: 'Find out the channel relationships behind the customer',
          },
        },
        {
          id: 'competition_known',
          label: { zh: '是否已清楚竞争对手的情况?', en: 'Do we have a clear picture of the competition?' },
          hint: {
            zh: lines(
              '1、竞争对手绑定了哪家渠道,及该渠道与客户的关系',
              '2、竞争对手搞定了用户的哪些人或部门?该人或部门对项目的影响在哪里?',
            ),
            en: lines(
              "1. Which channel partner the competitor has tied up, and that partner's relationship with the customer",
              '2. Which people or departments at the customer has the competitor won over? How do they influence the project?',
            ),
          },
          key: true,
          action: { zh: '弄清竞争对手的情况', en: 'Get a clear picture of the competition' },
        },
      ],
    },
    {
      id: 'chain',
      label: {
        zh: '客户及渠道决策链公关及商务谈判',
        en: 'Decision-chain relationship work and commercial negotiation (customer and channel)',
      },
      optional: false,
      description: {
        zh: '对客户及渠道的决策链开展公关:从教练处获得信息,让关键人协助操作项目,让最高决策者及关键人认可我们的合作模式、渠道和商务利益。',
        en: "Build relationships along the decision chains of the customer and its channel partners: get information from the coach, have key people help run the project, and win the top decision-maker's and key people's endorsement of our cooperation model, channel partner and commercial interests.",
      },
      property: 'sw_seven_step_chain',
      items: [
        {
          id: 'relationship_criteria_met',
          label: {
            zh: '客户关系工作到位评估标准',
            en: 'Assessment criteria: the customer relationship work is done',
          },
          hint: {
            zh: lines(
              '1、可随时邀请客户见面',
              '2、客户对我们提出的利益分配方案有意见,经协商后,最终接受并同意利益分配方案',
              '3、客户参加公关活动,主动帮我们省钱',
              '4、客户在项目过程中主动帮忙或出谋划策。包括协助和策划我们做技术认可、设置技术屏障、其他客户关系、商务报价,透露竞争对手情报等工作',
              '5、认识客户的家人,并成为好朋友',
              '6、客户隐瞒我们的技术问题,并积极寻求解决方案。',
              '7、客户决策链上的多个关系人',
            ),
            en: lines(
              '1. We can invite the customer to meet at any time',
              '2. The customer objected to the benefit-sharing plan we proposed but, after negotiation, finally accepted and agreed to it',
              '3. The customer takes part in our relationship events and actively helps us save money',
              '4. During the project the customer actively helps or advises us, including helping plan our technical win, setting technical barriers, other customer relationships and commercial quotes, and passing on competitor intelligence',
              "5. We know the customer's family and have become good friends",
              '6. The customer covers up our technical problems and actively looks for solutions',
              "7. Several contacts along the customer's decision chain",
            ),
          },
          key: false,
        },
        {
          id: 'coach_informs',
          label: {
            zh: '我们是否能从教练那里得到我们想要的信息?',
            en: 'Can we get the information we want from our coach?',
          },
          hint: {
            zh: lines(
              '1、教练所处的角色(例如技术把关者、使用者或外部的渠道、专家等)',
              '2、客户内部的决策链及势力分布是否已告诉我们',
              '3、给我们建议该去做谁的工作',
              '4、提供决策层各个人的兴趣爱好',
              '5、各决策人与哪些渠道绑定',
            ),
            en: lines(
              "1. The coach's role (e.g. technical gatekeeper, user, or an outside channel partner or expert)",
              "2. Has the coach told us the customer's internal decision chain and balance of power?",
              '3. Advises us whom to work on',
              '4. Tells us the interests and hobbies of each person at the decision-making level',
              '5. Which channel partners each decision-maker is tied to',
            ),
          },
          key: true,
          action: { zh: '从教练那里拿到我们想要的信息', en: 'Get the information we need from our coach' },
        },
        {
          id: 'model_endorsed',
          label: {
            zh: '最高决策者或决策链里的关键人认可我们的合作模式?',
            en: 'Do the top decision-maker or the key people in the decision chain endorse our cooperation model?',
          },
          hint: {
            zh: lines(
              '1、合作模式包括我们的产品、方案,利益承诺、合作渠道都符合客户的心意',
              '2、内部会议上定论我们的方案优于对手',
              '3、主要参与的渠道均主动找我们沟通配合',
              '4、招标参数找我们提供',
              '5、客户主动跟我们沟通预算或谈及他们困难',
            ),
            en: lines(
              "1. The cooperation model (our products, solution, benefit commitments and partner channel) all suits the customer's wishes",
              "2. An internal meeting concluded that our solution beats the competitor's",
              '3. All the main channel partners involved come to us on their own to coordinate',
              '4. The customer asks us to provide the tender specifications',
              '5. The customer proactively discusses the budget or its difficulties with us',
            ),
          },
          key: false,
        },
        {
          id: 'chain_not_leaning_away',
          label: {
            zh: '决策链未对竞争对手有倾向',
            en: 'The decision chain is not leaning towards a competitor',
          },
          hint: {
            zh: lines(
              '原文:决策链是否已对竞争对手有倾向?（以下为倾向竞争对手的迹象）',
              '1、在客户的决策链中有人力挺竞争对手的方案',
              '2、在技术认可环节中给我们设置障碍,例如提供黑材料',
              '3、把我的相关信息提供给竞争对手',
              '4、如果是,是否会出现偏离',
            ),
            en: lines(
              'Seed asks: Is the decision chain already leaning towards a competitor? (the hints below are signs of such leaning)',
              "1. Someone in the customer's decision chain strongly backs a competitor's solution",
              '2. Someone puts obstacles in our way during technical win, e.g. by supplying damaging material about us',
              '3. Someone passes our information to a competitor',
              '4. If so, will the project drift away from us?',
            ),
          },
          key: false,
        },
        {
          id: 'key_person_assists',
          label: {
            zh: '关键人是否在协助我们操作项目?',
            en: 'Is the key person helping us run the project?',
          },
          hint: {
            zh: lines('1、关键人对所有的项目信息他清楚', '2、此人有汇报权', '3、多关键人,部分支持部分不支持'),
            en: lines(
              '1. The key person knows all the project information',
              '2. This person has the right to report upwards',
              '3. With several key people, some support us and some do not',
            ),
          },
          key: true,
          action: { zh: '请关键人协助我们操作项目', en: 'Get the key person to help us run the project' },
        },
        {
          id: 'channel_confirmed',
          label: {
            zh: '最高决策者认可的渠道确定和我们合作?',
            en: 'Is the channel partner endorsed by the top decision-maker confirmed to work with us?',
          },
          hint: {
            zh: lines(
              '1、帮我们约见领导',
              '2、告诉我们客户预算',
              '3、内线反馈最高领导有指示',
              '4、渠道内部内线告知',
            ),
            en: lines(
              '1. It arranges meetings with the leaders for us',
              "2. It tells us the customer's budget",
              '3. Insiders report that the top leader has given instructions',
              '4. Insiders within the channel partner tell us',
            ),
          },
          key: false,
        },
        {
          id: 'top_decider_engaged',
          label: {
            zh: '客户项目最高决策者选定或协助开展项目工作?',
            en: "Has the top decision-maker of the customer's project chosen us, or does he help us carry out the project work?",
          },
          hint: {
            zh: lines(
              '1、关键在于最高决策者的判断',
              '2、客户内线告知谁拍板',
              '3、熟悉客户内部情况的渠道告知',
              '4、知道是谁,不帮助我们开展工作',
            ),
            en: lines(
              "1. It hinges on the top decision-maker's judgement",
              '2. Customer insiders tell us who has the final say',
              "3. Channel partners who know the customer's internal situation tell us",
              '4. We know who it is, but he does not help us carry out the work',
            ),
          },
          key: false,
        },
        {
          id: 'commercial_terms_accepted',
          label: {
            zh: '我们所能找到的客户高层已经认可我们跟其洽谈的商务利益?',
            en: "Have the customer's senior people we can reach accepted the commercial interests we negotiated with them?",
          },
          hint: {
            zh: lines('1、推荐渠道', '2、商讨商务利益怎么处理细节'),
            en: lines(
              '1. They recommend a channel partner',
              '2. We discuss the details of how the commercial interests are handled',
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'tender',
      label: { zh: '引导招投标工作', en: 'Guiding the tender' },
      optional: true,
      description: {
        zh: '原文:“企业招投标工作很少,可以不做重点”,本步没有检查项。以下两项摘自原文第三步第 8 项(招标参数屏障)、第五步第 3 项(招标参数找我们提供)的提示和兴天下销售业务手册的客户进展阶段判断标准(参与招投标、招投标入围)。本步为可选,不计入进度。',
        en: 'The seed says "enterprise tenders are rare, so this need not be a focus" and gives no checks for this step. The two checks below come from the hints of step 3 check 8 (a barrier in the tender specifications) and step 5 check 3 (the customer asks us for the tender specifications), and from the Xingtianxia sales manual\'s customer progress criteria (taking part in the tender, being shortlisted). The step is optional and not counted in progress.',
      },
      property: 'sw_seven_step_tender',
      items: [
        {
          id: 'bid_specs_aligned',
          label: {
            zh: '招标参数找我们提供,形成招标参数屏障',
            en: 'The customer asks us to provide the tender specifications, which form a barrier against competitors',
          },
          hint: {
            zh: lines(
              '（原文第六步无检查项,本项摘自以下原文提示）',
              '1、招标参数屏障（第三步第 8 项的提示）',
              '2、招标参数找我们提供（第五步第 3 项的提示）',
            ),
            en: lines(
              '(Step 6 has no checks in the seed; this check is taken from the following seed hints)',
              '1. A barrier in the tender specifications (hint of step 3, check 8)',
              '2. The customer asks us to provide the tender specifications (hint of step 5, check 3)',
            ),
          },
          key: false,
        },
        {
          id: 'shortlisted',
          label: { zh: '已参与招投标并入围', en: 'We have entered the tender and been shortlisted' },
          hint: {
            zh: lines(
              '（原文第六步无检查项,本项摘自兴天下销售业务手册“客户进展阶段判断标准表”）',
              '1、已经向客户提交了设计方案或参与招投标（单独采购、集团采购:准客户）',
              '2、初次招投标入围（战略采购:有效信息）',
              '3、招投标二次入围（战略采购:准客户）',
            ),
            en: lines(
              '(Step 6 has no checks in the seed; this check is taken from the Xingtianxia sales manual\'s "customer progress stage criteria" table)',
              '1. Has submitted a design proposal to the customer or taken part in the tender (single and group purchases: prospect)',
              '2. Shortlisted in the first tender round (strategic purchase: qualified lead)',
              '3. Shortlisted again in the second tender round (strategic purchase: prospect)',
            ),
          },
          key: false,
        },
      ],
    },
    {
      id: 'award',
      label: { zh: '中标及签约', en: 'Winning the bid and signing' },
      optional: false,
      description: {
        zh: '明确客户/渠道的合同审批流程及目前所在环节,推动中标后签约。',
        en: 'Know the contract approval process of the customer and the channel partner and the stage it has reached, and drive the award through to signing.',
      },
      property: 'sw_seven_step_award',
      items: [
        {
          id: 'contract_flow_known',
          label: {
            zh: '我们已明确客户/渠道合同审批流程及现在走到哪个环节?',
            en: "Do we know the customer's / channel partner's contract approval process and which stage it has reached?",
          },
          hint: {
            zh: lines('1、已了解到具体部门及经办人的名字', '2、知道目前延误时间的具体原因'),
            en: lines(
              '1. We know the specific departments and the names of the people handling it',
              '2. We know the specific reasons for any current delay',
            ),
          },
          key: false,
          action: {
            zh: '弄清客户/渠道的合同审批流程和当前环节',
            en: "Find out the customer's / channel partner's contract approval process and its current stage",
          },
        },
      ],
    },
  ],
} satisfies Playbook;
