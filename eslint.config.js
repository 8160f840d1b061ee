// ESLint (flat config): the JS of the page, image mode, the widget, the package source, the scripts, the
// benchmark and the tests. `node scripts/test.mjs lint` runs it; `npx eslint --fix` mends what it can.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'build/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true,
        ignoreRegExpLiterals: true }],
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none',
        ignoreRestSiblings: true }],
      'no-undef': 'error',
      eqeqeq: ['error', 'smart'],
      'prefer-const': ['error', { destructuring: 'all' }],
      'no-var': 'error',
      'no-shadow-restricted-names': 'error',
      'no-template-curly-in-string': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      'no-constant-binary-expression': 'error',
      'array-callback-return': 'error',
      'no-use-before-define': ['error', { functions: false, classes: false, variables: false }],
    },
  },
  {
    // what runs in a page (or a worker): the page, image mode, the widget, the package's browser entry
    files: ['web/**/*.js', 'tests/package/fixtures/html/**', 'tests/package/fixtures/vite/**',
      'tests/package/fixtures/hosting/**', 'tests/package/fixtures/threads-page.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['web/images/worker.js'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    // Node scripts that hand functions to a page (playwright's page.evaluate): they run in the browser
    files: ['tests/browser/**', 'tests/package/hosting.test.mjs', 'bench/browser-latency.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
];
