// @ts-check
import path from 'node:path';

/**
 * `stepwise/layers`: modules import downward only, so the folders show the data flow.
 *
 *   methodology ← platform (config, crypto, logger, observability, redis) ← hubspot
 *     ← shared edge (http, settings) ← webhooks ← server ← composition root (src/main.ts,
 *     src/composition-root.ts) ← scripts and sandbox
 *
 * A module may import its own layer and any layer below it. Nothing outside test/ imports test/.
 * Imports of files outside these folders (extensions/, packages) are not checked here.
 */
export const LAYERS = [
  { name: 'methodology', paths: ['src/methodology/'] },
  {
    name: 'platform',
    paths: ['src/config/', 'src/crypto/', 'src/logger.ts', 'src/observability/', 'src/redis/'],
  },
  { name: 'hubspot', paths: ['src/hubspot/'] },
  { name: 'shared edge', paths: ['src/http/', 'src/settings/'] },
  { name: 'webhooks', paths: ['webhooks/'] },
  { name: 'server', paths: ['src/server/'] },
  { name: 'composition root', paths: ['src/main.ts', 'src/composition-root.ts'] },
  { name: 'scripts', paths: ['scripts/', 'sandbox/'] },
];

const ORDER =
  'methodology ← platform ← hubspot ← http/settings ← webhooks ← server ← composition root ← scripts';

/** @param {string} rel repository-relative path with forward slashes */
function layerOf(rel) {
  const bare = rel.replace(/\.(ts|tsx|js)$/, '');
  return LAYERS.findIndex((l) =>
    l.paths.some((p) => (p.endsWith('/') ? `${bare}/`.startsWith(p) : bare === p.replace(/\.ts$/, ''))),
  );
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Layers import downward only; nothing outside test/ imports test/.' },
    schema: [],
    messages: {
      upward:
        '{{from}} ({{fromLayer}}) must not import {{to}} ({{toLayer}}): layers import downward only ({{order}}).',
      test: '{{from}} must not import {{to}}: nothing outside test/ imports test/.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (file.startsWith('..')) return {};
    const fromLayer = layerOf(file);
    const inTest = file.startsWith('test/');
    /** @param {import('estree').Node & { source?: unknown }} node */
    const check = (node) => {
      const source = /** @type {{ type?: string; value?: unknown } | null | undefined} */ (node.source);
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.'))
        return;
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), source.value))
        .split(path.sep)
        .join('/');
      if (!inTest && (target === 'test' || target.startsWith('test/'))) {
        context.report({ node, messageId: 'test', data: { from: file, to: target } });
        return;
      }
      if (fromLayer < 0) return;
      const toLayer = layerOf(target);
      if (toLayer > fromLayer) {
        context.report({
          node,
          messageId: 'upward',
          data: {
            from: file,
            fromLayer: LAYERS[fromLayer]?.name ?? '',
            to: target,
            toLayer: LAYERS[toLayer]?.name ?? '',
            order: ORDER,
          },
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };
