/**
 * ESLint for every JavaScript and TypeScript file of the repository: the
 * extension (labextension/), the Galata tests and benchmarks (ui-tests/) and
 * the isolation service worker. The tools are installed in labextension/;
 * run `jlpm lint` there.
 */
import { createRequire } from 'node:module';

const require = createRequire(
  new URL('./labextension/package.json', import.meta.url)
);
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');
const globals = require('globals');

export default tseslint.config(
  {
    ignores: [
      '**/*.d.ts',
      '**/.yarn/**',
      'labextension/lib/**',
      'browsergrad_kernel/labextension/**',
      'browsergrad_kernel/lite_labextension/**',
      'browsergrad_kernel/pyodide_dist/**',
      'ui-tests/sites/**',
      'ui-tests/test-results/**',
      'ui-tests/playwright-report/**',
      '.venv/**',
      'build/**',
      'dist/**',
      'docs/_build/**',
      '_output/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      curly: ['error', 'all'],
      eqeqeq: 'error'
    }
  },
  {
    // `any` where values cross into untyped code: comlink, Pyodide, the
    // page's `window.jupyterapp` in Galata tests.
    files: ['labextension/src/**/*.ts', 'ui-tests/tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off'
    }
  },
  {
    // Node scripts: the Node tests, build configs, the benchmarks (whose
    // page.evaluate callbacks run in the browser).
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['ui-tests/bench/**/*.mjs', 'ui-tests/tests/**/*.ts', 'tests/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } }
  },
  {
    files: ['**/*.cjs', '**/*.config.js', 'ui-tests/chromium.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['ui-tests/bench/bare/worker.mjs'],
    languageOptions: { globals: { ...globals.worker } }
  },
  {
    // Loaded with importScripts() into JupyterLite's service worker.
    files: ['browsergrad_kernel/site/files/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.serviceworker }
    }
  },
  {
    // The reference host page: a classic script in a plain page.
    files: ['browsergrad_kernel/host/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser }
    }
  }
);
