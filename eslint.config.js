import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * Lint for the whole tree: typescript-eslint's type-unaware recommended rules plus the layer boundaries of
 * DESIGN.md "Layers", enforced with `no-restricted-imports` regex patterns (test/unit/layers.test.ts proves each
 * one fires). Only static `import`/`export … from` are checked; the layers hold no `require` or dynamic imports.
 */

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).map(escape).join('|');

const forbid = {
  nodeBuiltins: {
    regex: `^(node:.*|(${nodeBuiltins})(/.*)?)$`,
    message: 'Node built-ins are not available in this layer (DESIGN.md "Layers").',
  },
  electron: {
    regex: '^electron(/.*)?$',
    message: 'Only electron/main.ts, preload.ts, ipc.ts and window.ts may import electron (DESIGN.md "Layers").',
  },
  react: { regex: '^react(-dom)?(/.*)?$', message: 'shared/ runs everywhere and may not import React.' },
  electronDir: { regex: '(^|/)electron/', message: 'This layer may not import from electron/ (DESIGN.md "Layers").' },
  rendererDir: {
    regex: '(^|/)renderer(/|$)',
    message: 'Only the renderer imports renderer/; share code through shared/ (DESIGN.md "Layers").',
  },
};

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** The files allowed to import the `electron` package. */
const electronEntries = ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/window.ts'];

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['out/', 'dist/', 'node_modules/', 'artifacts/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Validators here reject control characters on purpose (RFC 9110 §5.5 field values, profile names), which is
    // exactly what this rule flags.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: restrict(forbid.nodeBuiltins, forbid.electron, forbid.react, forbid.electronDir, forbid.rendererDir),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(forbid.nodeBuiltins, forbid.electron, forbid.electronDir),
  },
  {
    files: ['electron/**/*.{ts,tsx}'],
    ignores: electronEntries,
    rules: restrict(forbid.electron, forbid.rendererDir),
  },
  {
    files: electronEntries,
    rules: restrict(forbid.rendererDir),
  },
);
