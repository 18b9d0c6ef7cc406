import {
  ACCOUNT_TRAIT_LABELS,
  ALERT_LABELS,
  BUYING_PHASE_LABELS,
  CONTACT_DEPTH_LABELS,
  DECISION_ROLE_LABELS,
  FUNNEL_STAGE_LABELS,
  LEAD_GRADE_LABELS,
  LEAD_STAGE_LABELS,
  PERSONALITY_LABELS,
  PURCHASE_TYPE_LABELS,
  RELATIONSHIP_LEVEL_LABELS,
  STANCE_LABELS,
  COMPLETE_STEP_LABEL,
} from './labels';
import { PLAYBOOKS } from './registry';
import type { Language, LocalizedText } from './schema';
import { COMPUTED_AT_PROPERTY, CONTACT_INPUTS, DEAL_INPUTS, OUTPUTS } from './vocabulary';

export const PROPERTY_GROUP = 'stepwise';

export interface PropertyOption {
  label: string;
  value: string;
  description: string;
  displayOrder: number;
  hidden: boolean;
}

/** A HubSpot property definition (the create/update body of the CRM properties API). */
export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  groupName: typeof PROPERTY_GROUP;
  type: 'enumeration' | 'number' | 'string' | 'datetime';
  fieldType: 'checkbox' | 'select' | 'number' | 'text' | 'textarea' | 'date';
  options: PropertyOption[];
  formField: boolean;
  displayOrder: number;
}

export interface PropertyDefinitions {
  group: { name: typeof PROPERTY_GROUP; label: string; displayOrder: number };
  deals: PropertyDefinition[];
  contacts: PropertyDefinition[];
}

const t = (text: LocalizedText, lang: Language): string => text[lang];

function options(
  labels: Record<string, LocalizedText>,
  lang: Language,
  descriptions?: Record<string, LocalizedText>,
): PropertyOption[] {
  return Object.entries(labels).map(([value, label], i) => ({
    label: t(label, lang),
    value,
    description: descriptions?.[value] === undefined ? '' : t(descriptions[value], lang),
    displayOrder: i,
    hidden: false,
  }));
}

const COMPUTED: LocalizedText = {
  zh: '(Stepwise 自动计算,请勿手动修改)',
  en: '(computed by Stepwise; do not edit)',
};

/**
 * Every HubSpot property Stepwise needs, generated from the playbook registry and the
 * vocabulary (one source of truth), labelled in the portal's language.
 */
export function buildPropertyDefinitions(lang: Language): PropertyDefinitions {
  let order = 0;
  const def = (
    name: string,
    label: LocalizedText,
    description: LocalizedText,
    rest: Pick<PropertyDefinition, 'type' | 'fieldType'> & {
      options?: PropertyOption[];
      formField?: boolean;
    },
  ): PropertyDefinition => ({
    name,
    label: t(label, lang),
    description: t(description, lang),
    groupName: PROPERTY_GROUP,
    type: rest.type,
    fieldType: rest.fieldType,
    options: rest.options ?? [],
    formField: rest.formField ?? false,
    displayOrder: order++,
  });
  const output = (name: string, label: LocalizedText, description: LocalizedText, opts?: PropertyOption[]) =>
    def(
      name,
      label,
      { zh: `${description.zh}${COMPUTED.zh}`, en: `${description.en} ${COMPUTED.en}` },
      opts === undefined
        ? { type: 'number', fieldType: 'number' }
        : { type: 'enumeration', fieldType: 'select', options: opts },
    );

  const deals: PropertyDefinition[] = [];
  for (const pb of PLAYBOOKS) {
    for (const step of pb.steps) {
      deals.push(
        def(
          step.property,
          { zh: `${pb.label.zh} · ${step.label.zh}`, en: `${pb.label.en} · ${step.label.en}` },
          step.description ?? pb.description,
          {
            type: 'enumeration',
            fieldType: 'checkbox',
            options: step.items.map((item, i) => ({
              label: `${item.key ? '★ ' : ''}${t(item.label, lang)}`,
              value: item.id,
              description: t(item.hint, lang).slice(0, 1000),
              displayOrder: i,
              hidden: false,
            })),
          },
        ),
      );
    }
  }
  deals.push(
    def(
      DEAL_INPUTS.purchaseType,
      { zh: '采购类型', en: 'Purchase type' },
      {
        zh: '单独采购 / 集团采购 / 战略采购;为空时按单独采购',
        en: 'Single, group or strategic purchase; empty means single',
      },
      {
        type: 'enumeration',
        fieldType: 'select',
        options: options(PURCHASE_TYPE_LABELS, lang),
        formField: true,
      },
    ),
    def(
      DEAL_INPUTS.accountTraits,
      { zh: '客户价值特征', en: 'Customer value traits' },
      {
        zh: '准客户类型评估模型中的客户价值特征',
        en: 'Customer value traits of the prospect evaluation model',
      },
      { type: 'enumeration', fieldType: 'checkbox', options: options(ACCOUNT_TRAIT_LABELS, lang) },
    ),
    output(
      OUTPUTS.funnelStage,
      { zh: '销售漏斗阶段', en: 'Funnel stage' },
      { zh: 'P / I / B / W / L。', en: 'P / I / B / W / L.' },
      options(FUNNEL_STAGE_LABELS, lang),
    ),
    output(
      OUTPUTS.companyRelationship,
      { zh: '公司关系级别', en: 'Company relationship level' },
      { zh: '与客户的公司关系(C/B/A)。', en: 'Relationship with the customer company (C/B/A).' },
      options(RELATIONSHIP_LEVEL_LABELS, lang),
    ),
    output(
      OUTPUTS.personalRelationship,
      { zh: '个人关系级别', en: 'Personal relationship level' },
      { zh: '与决策关键人的个人关系(C/B/A)。', en: 'Personal relationship with key people (C/B/A).' },
      options(RELATIONSHIP_LEVEL_LABELS, lang),
    ),
    output(
      OUTPUTS.relationshipLevel,
      { zh: '客户关系级别', en: 'Relationship level' },
      { zh: '公司关系与个人关系中较低者。', en: 'The lower of company and personal relationship.' },
      options(RELATIONSHIP_LEVEL_LABELS, lang),
    ),
    output(
      OUTPUTS.leadStage,
      { zh: '客户进展阶段', en: 'Lead stage' },
      { zh: '普通信息 → 有效信息 → 准客户。', en: 'Raw lead → qualified lead → prospect.' },
      options(LEAD_STAGE_LABELS, lang),
    ),
    output(
      OUTPUTS.leadGrade,
      { zh: '客户价值分级', en: 'Lead grade' },
      { zh: '战略 / 重要 / 普通客户。', en: 'Strategic, important or ordinary customer.' },
      options(LEAD_GRADE_LABELS, lang),
    ),
    output(
      OUTPUTS.checklistProgress,
      { zh: '检查项完成度(%)', en: 'Checklist progress (%)' },
      { zh: '流程检查项完成百分比。', en: 'Percent of process checklist items checked.' },
    ),
    output(
      OUTPUTS.keyItemsProgress,
      { zh: '★关键项完成度(%)', en: 'Key (★) items progress (%)' },
      { zh: '★关键检查项完成百分比。', en: 'Percent of ★ key checklist items checked.' },
    ),
    output(
      OUTPUTS.currentStep,
      { zh: '当前销售步骤', en: 'Current sales step' },
      { zh: '第一个★项未完成的步骤。', en: 'First step with an unchecked ★ item.' },
      [
        ...PLAYBOOKS.filter((p) => p.kind === 'process').flatMap((pb) =>
          pb.steps
            .filter((s) => !s.optional)
            .map((s) => ({
              label: `${t(pb.label, lang)} · ${t(s.label, lang)}`,
              value: `${pb.id}_${s.id}`,
              description: '',
              displayOrder: 0,
              hidden: false,
            })),
        ),
        {
          label: t(COMPLETE_STEP_LABEL, lang),
          value: 'complete',
          description: '',
          displayOrder: 0,
          hidden: false,
        },
      ].map((o, i) => ({ ...o, displayOrder: i })),
    ),
    def(
      OUTPUTS.nextActions,
      { zh: '进入下一漏斗阶段还需', en: 'Needed for next funnel stage' },
      {
        zh: `进入下一漏斗阶段尚未满足的条件。${COMPUTED.zh}`,
        en: `Unmet criteria for the next funnel stage. ${COMPUTED.en}`,
      },
      { type: 'string', fieldType: 'textarea' },
    ),
    def(
      OUTPUTS.rulesVersion,
      { zh: '评级规则版本', en: 'Rules version' },
      {
        zh: `计算所用的规则与设置版本。${COMPUTED.zh}`,
        en: `Rules and settings version used. ${COMPUTED.en}`,
      },
      { type: 'string', fieldType: 'text' },
    ),
    output(
      OUTPUTS.buyingPhase,
      { zh: '客户购买阶段', en: 'Buying phase' },
      {
        zh: '定义需求 → 评价方案 → 判断风险,实施采购(金蝶三阶段)。',
        en: 'Need definition → evaluate alternatives → take action (Kingdee three phases).',
      },
      options(BUYING_PHASE_LABELS, lang),
    ),
    def(
      OUTPUTS.alerts,
      { zh: 'Stepwise 提醒', en: 'Stepwise alerts' },
      {
        zh: `阶段超前、停滞、内线逾期、关系停滞。${COMPUTED.zh}`,
        en: `Stage ahead, stalled, insider overdue, relationship stuck. ${COMPUTED.en}`,
      },
      { type: 'enumeration', fieldType: 'checkbox', options: options(ALERT_LABELS, lang) },
    ),
    def(
      OUTPUTS.funnelStageSince,
      { zh: '进入当前漏斗阶段的时间', en: 'In funnel stage since' },
      {
        zh: `进入当前漏斗阶段的时间。${COMPUTED.zh}`,
        en: `When the current funnel stage was entered. ${COMPUTED.en}`,
      },
      { type: 'datetime', fieldType: 'date' },
    ),
    def(
      COMPUTED_AT_PROPERTY,
      { zh: 'Stepwise 计算时间', en: 'Stepwise computed at' },
      {
        zh: `评级最近一次写回的时间。${COMPUTED.zh}`,
        en: `When the outputs were last written. ${COMPUTED.en}`,
      },
      { type: 'datetime', fieldType: 'date' },
    ),
  );

  order = 0;
  const contacts: PropertyDefinition[] = [
    def(
      CONTACT_INPUTS.decisionRole,
      { zh: '决策角色', en: 'Decision role' },
      { zh: '职务属性:在采购决策链中的角色', en: 'Role in the buying decision chain' },
      {
        type: 'enumeration',
        fieldType: 'select',
        options: options(DECISION_ROLE_LABELS, lang),
        formField: true,
      },
    ),
    def(
      CONTACT_INPUTS.stance,
      { zh: '立场', en: 'Stance' },
      { zh: '立场属性:对我方的态度', en: 'Stance towards us' },
      { type: 'enumeration', fieldType: 'select', options: options(STANCE_LABELS, lang) },
    ),
    def(
      CONTACT_INPUTS.contactDepth,
      { zh: '交往程度', en: 'Depth of contact' },
      {
        zh: '交往程度:不接触 / 一般接触 / 较多接触 / 深交',
        en: 'Depth of contact: no contact / occasional contact / frequent contact / close relationship',
      },
      { type: 'enumeration', fieldType: 'select', options: options(CONTACT_DEPTH_LABELS, lang) },
    ),
    def(
      CONTACT_INPUTS.personality,
      { zh: '性格属性', en: 'Personality' },
      { zh: '性格属性(仅供参考,不参与评分)', en: 'Personality (for reference; not scored)' },
      { type: 'enumeration', fieldType: 'select', options: options(PERSONALITY_LABELS, lang) },
    ),
  ];

  return {
    group: {
      name: PROPERTY_GROUP,
      label: lang === 'zh' ? 'Stepwise 销售方法' : 'Stepwise sales method',
      displayOrder: -1,
    },
    deals,
    contacts,
  };
}
