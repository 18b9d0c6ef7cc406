import { escapeHtml } from '../pages';

/**
 * Typed content of the listing pages, rendered to HTML with everything escaped. Text may use
 * three inline marks, applied after escaping so they can never inject markup: `code`, **bold**,
 * and [label](href) where href is a site path (`/…`) or `mailto:`.
 */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'ul' | 'ol'; items: readonly string[] }
  | { kind: 'table'; caption: string; head: readonly string[]; rows: readonly (readonly string[])[] };

export interface Section {
  /** Fragment id (`#delete`), stable across languages. */
  id: string;
  heading: string;
  blocks: readonly Block[];
}

export interface ListingDocument {
  title: string;
  lead: string;
  /** "Last updated" line, e.g. "2026-12-01". */
  updated: string;
  sections: readonly Section[];
}

export function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\(((?:\/|mailto:)[^)\s]*)\)/g, '<a href="$2">$1</a>');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p>${inline(block.text)}</p>`;
    case 'ul':
    case 'ol':
      return `<${block.kind}>${block.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${block.kind}>`;
    case 'table':
      return (
        `<div class="scroll"><table><caption>${inline(block.caption)}</caption>` +
        `<thead><tr>${block.head.map((h) => `<th scope="col">${inline(h)}</th>`).join('')}</tr></thead>` +
        `<tbody>${block.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody>` +
        `</table></div>`
      );
  }
}

export function renderSections(sections: readonly Section[]): string {
  return sections
    .map(
      (s) =>
        `<section aria-labelledby="${escapeHtml(s.id)}"><h2 id="${escapeHtml(s.id)}">${inline(s.heading)}</h2>` +
        s.blocks.map(renderBlock).join('') +
        `</section>`,
    )
    .join('');
}
