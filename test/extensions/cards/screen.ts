import type { RenderedNode } from '@hubspot/ui-extensions/testing';

/** Props whose strings HubSpot draws on screen (titles, labels, descriptions, progress text). */
const VISIBLE_PROPS = [
  'title',
  'label',
  'valueDescription',
  'description',
  'placeholder',
  'validationMessage',
];

/**
 * The text a user sees, in reading order, one line per text node or visible prop. Lets a card test
 * say "the rep sees X" without knowing which component draws it.
 */
export function screenText(node: RenderedNode): string {
  const lines: string[] = [];
  const walk = (n: RenderedNode): void => {
    if (n.nodeType === 'text') {
      const t = n.text.trim();
      if (t !== '') lines.push(t);
      return;
    }
    if (n.nodeType === 'element') {
      const props = n.props as Record<string, unknown>;
      for (const p of VISIBLE_PROPS) {
        const v = props[p];
        if (typeof v === 'string' && v.trim() !== '') lines.push(v.trim());
      }
    }
    for (const child of n.childNodes) walk(child as RenderedNode);
  };
  walk(node);
  return lines.join('\n');
}
