// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint-rules/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { stepwise: layersPlugin },
    rules: {
      'stepwise/layers': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through src/config (parsed once at boot).',
        },
      ],
    },
  },
  {
    // The methodology engine is pure and total: no I/O, no clock, no environment.
    files: ['src/methodology/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'http',
                'https',
                'ioredis',
                'bullmq',
                'express',
                'pino',
                '@hubspot/*',
                '../../*',
                '../config*',
                '../crypto*',
                '../hubspot*',
                '../logger*',
                '../observability*',
                '../server*',
                '../settings*',
              ],
              message:
                'src/methodology must stay pure: no I/O modules and nothing from outside src/methodology.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'Date',
        'fetch',
        'setTimeout',
        'setInterval',
        'performance',
        'crypto',
      ],
    },
  },
  {
    // Config modules, scripts and tests are where process.env may be read.
    files: ['src/config/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'test/**/*.tsx', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // HubSpot requires default exports for some config/entry files; eslint config itself.
    files: ['eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
