// Lint for the whole repository: typescript-eslint's strict rules everywhere, React hooks and accessibility
// rules for the renderer, and the layers as import rules (test/unit/layers.test.ts checks them too).
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_MODULES = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'tls',
  'stream',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'demo-archive/**',
      'coverage/**',
      'test/e2e/screenshots/**',
      'build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are an error, except a deliberate `_` for a value that must be taken to be ignored.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // A choice's label is its box, then a block of two lines (the word and its help) so they stack beside it:
      // the words sit three elements deep, one more than the rule looks by default. Still checked: text and control.
      'jsx-a11y/label-has-associated-control': ['error', { depth: 3 }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'react', 'react-dom'],
              message: 'main/core is plain Node: no Electron, no DOM.',
            },
            {
              group: ['**/cli/**', '**/renderer/**', '**/preload/**', '**/test/**', '**/app/**'],
              message: 'main/core imports nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_MODULES.filter((m) => !m.includes('*')).map((name) => ({
            name,
            message: 'The renderer has no Node: ask main through window.eclypse.',
          })),
          patterns: [
            {
              group: ['node:*', 'electron', 'electron/*'],
              message: 'The renderer has no Node: ask main through window.eclypse.',
            },
            {
              group: ['**/main/core/**', '**/main/app/**'],
              message: 'The renderer reaches main only through the contract (preload/api.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tools and tests print on purpose; a test may assert presence with `!` (a TypeError there is a failed test).
    files: ['scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Tests and the simulator match control characters on purpose: that is what hostile input is made of.
    files: ['test/**'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // CommonJS on purpose (test/simulator/native-crc.cjs says why).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
