import type { Lang } from './api-types';

function grouped(n: number, maxFractionDigits: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: maxFractionDigits });
}

/**
 * An amount in the portal currency: `CNY 1,250,000` in English; in Chinese in 万 (ten thousands)
 * from 10,000 up — `125万 CNY`, `3.5万 CNY` — as Chinese sales teams read amounts (DESIGN §3).
 * Without a known currency the code is left out.
 */
export function formatAmount(amount: number, currency: string | null, lang: Lang): string {
  const value = Number.isFinite(amount) ? amount : 0;
  if (lang === 'zh') {
    const text = Math.abs(value) >= 10_000 ? `${grouped(value / 10_000, 1)}万` : grouped(value, 0);
    return currency === null ? text : `${text} ${currency}`;
  }
  const text = grouped(value, 0);
  return currency === null ? text : `${currency} ${text}`;
}

/** A rate as a percentage with one decimal (6.7%); an em dash when unknown. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${grouped(rate * 100, 1)}%`;
}
