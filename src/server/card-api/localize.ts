import type { CriterionView, Lang, OutputView } from '../../../extensions/app/cards/lib/api-types';
import {
  DECISION_ROLE_LABELS,
  type BlockingContact,
  type CriterionResult,
  type InputWarning,
  type LevelResult,
  type LocalizedText,
  type SeedRef,
} from '../../methodology';

/** What explanations need from the deal to name the contacts that block a criterion. */
export interface ExplainContext {
  blocking: Readonly<Record<string, readonly BlockingContact[]>>;
  /** Contact id → display name. */
  names: ReadonlyMap<string, string>;
}

/** The `locale` query parameter (`zh-cn`, `zh-TW`, `en-us`, …) → the language of every label. */
export function languageOf(locale: unknown): Lang {
  const v = Array.isArray(locale) ? locale[0] : locale;
  return typeof v === 'string' && /^zh(?:[-_]|$)/i.test(v.trim()) ? 'zh' : 'en';
}

export function text(t: LocalizedText, lang: Lang): string {
  return t[lang];
}

/** A seed passage as one line: `seed 003 §2.3.2.4 …: “…”` (Stepwise defaults say so). */
export function sourceText(s: SeedRef, lang: Lang): string {
  const quote = `${lang === 'zh' ? '来源' : 'Seed'} ${s.seed} ${s.where}:“${s.quote}”`;
  return s.stepwiseDefault === undefined ? quote : `${quote} · ${s.stepwiseDefault[lang]}`;
}

export function criterionView(c: CriterionResult, lang: Lang, ctx?: ExplainContext): CriterionView {
  const view: CriterionView = { id: c.id, label: c.label[lang], met: c.met };
  if (c.children !== undefined && c.children.length > 0) {
    view.children = c.children.map((child) => criterionView(child, lang, ctx));
  }
  if (c.action !== undefined) view.action = c.action[lang];
  if (c.source !== undefined) view.source = sourceText(c.source, lang);
  const blocking = c.met ? undefined : ctx?.blocking[c.id];
  if (blocking !== undefined && blocking.length > 0) {
    view.blocking = blocking.map((b) => ({
      contactId: b.contactId,
      name: ctx?.names.get(b.contactId) ?? b.contactId,
      role: b.role === null ? null : DECISION_ROLE_LABELS[b.role][lang],
    }));
  }
  return view;
}

/** An engine level (value, why, what the next level needs) as the card shows it. */
export function outputView(
  level: LevelResult<string>,
  lang: Lang,
  description: LocalizedText | null = null,
  ctx?: ExplainContext,
): OutputView {
  const cv = (c: CriterionResult) => criterionView(c, lang, ctx);
  return {
    property: level.property,
    value: level.value,
    valueLabel: level.valueLabel[lang],
    valueDescription: description === null ? null : description[lang],
    met: level.met.map(cv),
    next:
      level.next === null
        ? null
        : {
            value: level.next.value,
            valueLabel: level.next.valueLabel[lang],
            met: level.next.met.map(cv),
            missing: level.next.missing.map(cv),
          },
    measures: (level.measures?.items ?? []).map((m) => m[lang]),
  };
}

function where(property: string, lang: Lang): string {
  const m = /^contact:([^.]+)\.(.+)$/.exec(property);
  if (m === null) return property;
  return lang === 'zh' ? `联系人 ${m[1]} 的 ${m[2]}` : `${m[2]} of contact ${m[1]}`;
}

/** An input the engine ignored, in words a rep can act on. */
export function warningText(w: InputWarning, lang: Lang): string {
  const p = where(w.property, lang);
  switch (w.reason) {
    case 'unknown_option':
      return lang === 'zh'
        ? `${p} 的值“${w.value}”不是 Stepwise 的选项,已忽略。`
        : `${p} has the value “${w.value}”, which is not a Stepwise option; it was ignored.`;
    case 'unparsable_amount':
      return lang === 'zh'
        ? `金额“${w.value}”不是数字,按 0 计算。`
        : `The amount “${w.value}” is not a number; it counts as 0.`;
    case 'invalid_settings':
      return lang === 'zh'
        ? '此账户的 Stepwise 设置无效,已使用默认设置。请在设置页面检查。'
        : 'This account’s Stepwise settings are invalid; the defaults were used. Check the settings page.';
    case 'malformed_input':
    default:
      return lang === 'zh' ? `${p} 无法读取,已忽略。` : `${p} could not be read; it was ignored.`;
  }
}
