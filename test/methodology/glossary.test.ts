import { describe, expect, it } from 'vitest';
import * as labels from '../../src/methodology/labels';
import { GLOSSARY } from '../../src/methodology/glossary';
import { buildPropertyDefinitions, PLAYBOOKS, RULE_SETS } from '../../src/methodology';

type Pair = { zh: string; en: string; where: string };

/** Every {zh, en} text reachable from `value`. */
function texts(value: unknown, where: string, out: Pair[] = []): Pair[] {
  if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${where}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o['zh'] === 'string' && typeof o['en'] === 'string')
      out.push({ zh: o['zh'], en: o['en'], where });
    for (const [k, v] of Object.entries(o)) texts(v, `${where}.${k}`, out);
  }
  return out;
}

/** Property definitions in both languages, paired by name (labels, descriptions, options). */
function propertyTexts(): Pair[] {
  const zh = buildPropertyDefinitions('zh');
  const en = buildPropertyDefinitions('en');
  const out: Pair[] = [];
  for (const kind of ['deals', 'contacts'] as const) {
    zh[kind].forEach((z, i) => {
      const e = en[kind][i];
      if (e === undefined) return;
      out.push({ zh: z.label, en: e.label, where: `${z.name}.label` });
      out.push({ zh: z.description, en: e.description, where: `${z.name}.description` });
      z.options.forEach((o, j) => {
        const eo = e.options[j];
        if (eo !== undefined) {
          out.push({ zh: o.label, en: eo.label, where: `${z.name}.${o.value}` });
          out.push({ zh: o.description, en: eo.description, where: `${z.name}.${o.value}.description` });
        }
      });
    });
  }
  return out;
}

describe('glossary: one English term per Chinese term', () => {
  const all = [
    ...texts(PLAYBOOKS, 'playbooks'),
    ...texts(labels, 'labels'),
    ...texts(RULE_SETS, 'rules'),
    ...propertyTexts(),
  ];

  it('finds the texts it checks', () => {
    expect(all.length).toBeGreaterThan(500);
  });

  it.each(GLOSSARY.map((g) => [g.zh, g.en] as const))('%s is always "%s"', (zh, en) => {
    const bad = all
      .filter((t) => t.zh.includes(zh) && !t.en.toLowerCase().includes(en.toLowerCase()))
      .map((t) => `${t.where}: ${t.en.slice(0, 120)}`);
    expect(bad).toEqual([]);
  });

  it('fixes the seed-001 mistranslation of 您办这些业务为了什么?', () => {
    const t = all.find((p) => p.zh.includes('您办这些业务为了什么'));
    expect(t?.en).not.toMatch(/run this business/);
  });
});
