// Lint rules, including the tier rules from DESIGN §2:
// the renderer imports no Node module and nothing from the Node side; the core imports no `electron`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'sharp', 'chokidar', 'onnxruntime-node', 'commander', 'electron'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'models/tiny-captioner/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeModules, ...nodeOnlyPackages].map((name) => ({
            name,
            message: 'The renderer runs in a browser sandbox: no Node modules (DESIGN §2).',
          })),
          patterns: [
            {
              group: ['**/electron/**', '**/electron'],
              message: 'The renderer talks to the Node side only through contract/ (DESIGN §2).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts', 'contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' },
          ],
          patterns: [
            { group: ['**/main/**', '**/preload/**'], message: 'The core depends on no Electron host code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeModules, ...nodeOnlyPackages].map((name) => ({
            name,
            message: 'The contract is shared with the renderer: zod only.',
          })),
          patterns: [
            { group: ['**/electron/**', '**/renderer/**'], message: 'The contract depends on nothing.' },
          ],
        },
      ],
    },
  },
  prettier,
);
