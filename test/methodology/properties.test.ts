import { describe, expect, it } from 'vitest';
import {
  CONTACT_INPUTS,
  OUTPUT_PROPERTIES,
  PLAYBOOKS,
  SCORING_INPUTS,
  buildPropertyDefinitions,
  isOutputProperty,
} from '../../src/methodology';

describe('HubSpot property definitions (generated from the registry)', () => {
  const zh = buildPropertyDefinitions('zh');
  const en = buildPropertyDefinitions('en');

  it('has one checkbox property per playbook step whose options are the item ids, ★ marked', () => {
    for (const pb of PLAYBOOKS) {
      for (const step of pb.steps) {
        const def = zh.deals.find((d) => d.name === `sw_${pb.id}_${step.id}`);
        expect(def, step.property).toMatchObject({
          type: 'enumeration',
          fieldType: 'checkbox',
          groupName: 'stepwise',
        });
        expect(def?.options.map((o) => o.value)).toEqual(step.items.map((i) => i.id));
        for (const [i, item] of step.items.entries()) {
          expect(def?.options[i]?.label.startsWith('★ ')).toBe(item.key);
        }
      }
    }
  });

  it('defines every output and every deal/contact input of the contract', () => {
    const dealNames = new Set(zh.deals.map((d) => d.name));
    for (const name of [...OUTPUT_PROPERTIES, 'sw_computed_at', 'sw_purchase_type', 'sw_account_traits']) {
      expect(dealNames.has(name), name).toBe(true);
    }
    expect(zh.contacts.map((c) => c.name)).toEqual(Object.values(CONTACT_INPUTS));
    // Every sw_ scoring input is ours to define; HubSpot's own (amount, dealstage, …) are not.
    for (const name of SCORING_INPUTS.deal.filter((n) => n.startsWith('sw_')))
      expect(dealNames.has(name), name).toBe(true);
  });

  it('enumerations carry the contract values', () => {
    const opts = (name: string) => zh.deals.find((d) => d.name === name)?.options.map((o) => o.value);
    expect(opts('sw_funnel_stage')).toEqual(['none', 'P', 'I', 'B', 'W', 'L']);
    expect(opts('sw_relationship_level')).toEqual(['none', 'C', 'B', 'A']);
    expect(opts('sw_lead_stage')).toEqual(['none', 'info', 'valid', 'prospect']);
    expect(opts('sw_lead_grade')).toEqual(['ordinary', 'important', 'strategic']);
    expect(opts('sw_purchase_type')).toEqual(['single', 'group', 'strategic']);
    const c = (name: string) => zh.contacts.find((d) => d.name === name)?.options.map((o) => o.value);
    expect(c('sw_decision_role')).toEqual([
      'decision_maker',
      'influencer',
      'gatekeeper',
      'purchaser',
      'user',
    ]);
    expect(c('sw_stance')).toEqual(['coach', 'supporter', 'neutral', 'non_supporter', 'enemy']);
    expect(c('sw_contact_depth')).toEqual(['none', 'general', 'frequent', 'deep']);
    expect(c('sw_personality')).toEqual(['pioneer', 'innovator', 'pragmatist', 'conservative', 'stubborn']);
  });

  it('labels follow the language, values do not', () => {
    expect(en.deals.map((d) => d.name)).toEqual(zh.deals.map((d) => d.name));
    expect(en.deals.flatMap((d) => d.options.map((o) => o.value))).toEqual(
      zh.deals.flatMap((d) => d.options.map((o) => o.value)),
    );
    for (const d of en.deals) expect(d.label, d.name).not.toMatch(/[\u4e00-\u9fff]/);
    expect(zh.deals.find((d) => d.name === 'sw_funnel_stage')?.label).toBe('销售漏斗阶段');
  });

  it('names are HubSpot-valid and unique; outputs are recognised for loop prevention', () => {
    const all = [...zh.deals, ...zh.contacts];
    for (const d of all) expect(d.name).toMatch(/^[a-z][a-z0-9_]{0,99}$/);
    expect(new Set(zh.deals.map((d) => d.name)).size).toBe(zh.deals.length);
    for (const o of OUTPUT_PROPERTIES) expect(isOutputProperty(o)).toBe(true);
    expect(isOutputProperty('sw_computed_at')).toBe(true);
    for (const i of SCORING_INPUTS.deal) expect(isOutputProperty(i)).toBe(false);
  });
});
