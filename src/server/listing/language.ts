import type { Request } from 'express';
import { LANGUAGES, type PageLanguage } from './paths';

/**
 * The language of a server-rendered page: `?lang=zh|en` first, then a `/zh/…` or `/en/…` path
 * prefix, then the browser's Accept-Language (highest q-value among zh and en), else English.
 */
export function resolvePageLanguage(req: Pick<Request, 'query' | 'originalUrl' | 'headers'>): PageLanguage {
  const q = req.query['lang'];
  const fromQuery = (Array.isArray(q) ? q[0] : q) as unknown;
  if (typeof fromQuery === 'string') {
    const lang = asLanguage(fromQuery);
    if (lang !== null) return lang;
  }
  const prefix = /^\/(zh|en)(?:\/|\?|$)/.exec(req.originalUrl)?.[1];
  if (prefix !== undefined) return prefix as PageLanguage;
  const header = req.headers['accept-language'];
  return fromAcceptLanguage(Array.isArray(header) ? header.join(',') : (header ?? ''));
}

function asLanguage(tag: string): PageLanguage | null {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(base) ? (base as PageLanguage) : null;
}

/** RFC 9110 §12.5.4: the supported language with the highest weight; ties keep header order. */
export function fromAcceptLanguage(header: string): PageLanguage {
  let best: { lang: PageLanguage; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.split(';');
    const lang = asLanguage(tag);
    if (lang === null) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (best === null || q > best.q) best = { lang, q };
  }
  return best?.lang ?? 'en';
}
