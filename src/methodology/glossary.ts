/**
 * One English term per Chinese term across playbooks, labels, cards and properties (DESIGN §2).
 * A test checks every localized text: where the Chinese holds a term, the English holds its
 * rendering (case-insensitive).
 */
export const GLOSSARY: readonly { zh: string; en: string }[] = Object.freeze([
  { zh: '技术认可', en: 'technical win' },
  { zh: '普通信息', en: 'raw lead' },
  { zh: '有效信息', en: 'qualified lead' },
  { zh: '准客户', en: 'prospect' },
  { zh: '商务利益', en: 'commercial interests' },
  { zh: '拍板', en: 'final say' },
  { zh: '一般接触', en: 'occasional contact' },
  { zh: '深交', en: 'close relationship' },
  { zh: '顽固派', en: 'stubborn' },
  { zh: '加速', en: 'WAN optimisation' },
]);
