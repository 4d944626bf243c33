// ESLint flat config. Besides the usual recommended rules it enforces the layer table of
// docs/architecture.md: which folder may import what, and no import cycles anywhere. A layer violation
// is an error, so CI fails.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

// Node built-ins with and without the `node:` prefix (fs, path, worker_threads, ...).
const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NODE_REGEX = `^(node:.*|(${nodeBuiltins.map(escape).join('|')})(/.*)?)$`;

const ban = {
  node: { regex: NODE_REGEX, message: 'Node built-ins are not available in this layer (see docs/architecture.md, Layers).' },
  electron: { regex: '^electron(/.*)?$', message: "Only electron/main and electron/preload may import 'electron'." },
  sqlite: { regex: '^better-sqlite3(/.*)?$', message: 'better-sqlite3 (and SQL) live only in electron/backend.' },
  react: {
    regex: '^(react|react-dom|@mui|@emotion|@reduxjs|react-redux|react-querybuilder)(/.*)?$',
    message: 'shared/ is pure TypeScript: no React or UI libraries.',
  },
  nodeOnlyLibs: {
    regex: '^(ws|better-sqlite3|csv-parse|csv-stringify|@duckdb/.*)(/.*)?$',
    message: 'Node-only libraries cannot run in the renderer; go through the API.',
  },
  // Relative paths that climb into a folder of another layer.
  relElectron: {
    regex: '^\\.{1,2}/(.*/)?electron(/|$)',
    message: 'The renderer reaches the backend only through the API client (shared/api), never by importing electron/*.',
  },
  relOutsideShared: {
    regex: '^\\.{1,2}/(.*/)?(electron|renderer|test|bench|bin|scripts|resources)(/|$)',
    message: 'shared/ imports nothing of ours outside shared/.',
  },
  relOtherLayers: { regex: '^\\.{1,2}/(.*/)?(electron|renderer)(/|$)', message: 'Tests of shared/ exercise shared/ only.' },
  relHosts: {
    regex: '^\\.{1,2}/(.*/)?(main|webhost|cli)(/|$)',
    message: 'The backend never depends on a host (Electron main, web host, CLI); hosts depend on the backend.',
  },
  relMain: { regex: '^\\.{1,2}/(.*/)?main(/|$)', message: 'The CLI and the web host never import the Electron main process.' },
  relHandlers: {
    regex: '^\\.{1,2}/(.*/)?backend/api/handlers(/|\\.js$)',
    message: 'The CLI goes through dispatch (electron/cli/api.ts) like the app, never into handler internals.',
  },
  relRenderer: {
    regex: '^\\.{1,2}/(.*/)?renderer(/|$)',
    message: 'Hosts (main, web host, CLI) never import the renderer; they serve its build (dist/).',
  },
};

const restrict = (...patterns) => ['error', { patterns }];

const noFocusedTests = {
  selector: 'CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip|todo)$/]',
  message: 'No .only/.skip/.todo in committed tests.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-electron/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.ci-out/**',
      'release/**',
      'test/lint-fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: [...TS, '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // contract.ts joins domain interfaces with `interface X extends A {}` while a domain is alone.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-restricted-syntax': ['error', noFocusedTests],
    },
  },
  // package.json has no "type": "module", so plain .js files are CommonJS to Node (e.g. bin/).
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Renderer: browser globals, React hooks rules.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },

  // Playwright reads a fixture's dependencies from its first parameter, so one that needs none is `({}, use) => …`.
  { files: ['test/e2e/**/*.ts'], rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] } },

  // ---- Layers (each glob set below is disjoint so no rule options get overridden) ----
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(ban.node, ban.electron, ban.sqlite, ban.react, ban.relOutsideShared) },
  },
  {
    // Tests of shared code run in Node and may use test/fixtures, but still not other layers.
    files: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(ban.electron, ban.sqlite, ban.react, ban.relOtherLayers) },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(ban.node, ban.electron, ban.nodeOnlyLibs, ban.relElectron) },
  },
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict({
        // Anything but 'electron', a sibling module or shared/api.
        regex: '^(?!electron$|\\./|(\\.\\./)+shared/api/).*$',
        message: "The preload may import only 'electron' and shared/api (it runs sandboxed; keep it tiny).",
      }),
    },
  },
  {
    files: ['electron/backend/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(ban.electron, ban.relHosts) },
  },
  {
    // Main: 'electron' at run time only in index.ts; other modules get electron objects as parameters
    // (and may use `import type`), so they run under plain Node in tests.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/index.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message: "Only electron/main/index.ts requires 'electron' at run time; take electron objects as parameters.",
            },
          ],
          patterns: [ban.sqlite, ban.relRenderer],
        },
      ],
    },
  },
  {
    files: ['electron/main/index.ts'],
    rules: { 'no-restricted-imports': restrict(ban.sqlite, ban.relRenderer) },
  },
  {
    // The web host and the CLI: hosts of the backend beside Electron's main, so neither imports main.
    files: ['electron/webhost/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(ban.electron, ban.sqlite, ban.relMain, ban.relRenderer) },
  },
  {
    // The CLI calls the API (dispatch) and backend services like the app: no SQL, no handler internals.
    files: ['electron/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(ban.electron, ban.sqlite, ban.relMain, ban.relRenderer, ban.relHandlers),
      'no-restricted-syntax': [
        'error',
        noFocusedTests,
        {
          // db.prepare / db.pragma / db.exec (a regex literal's .exec is fine).
          selector:
            "CallExpression[callee.property.name=/^(prepare|pragma)$/], CallExpression[callee.property.name='exec'][callee.object.type!='Literal']",
          message: 'No SQL in the CLI: call the API through electron/cli/api.ts.',
        },
      ],
    },
  },
  {
    // Their tests may compare with main (the web host's CSP is the window's plus frame-ancestors).
    files: ['electron/webhost/**/*.test.ts', 'electron/cli/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(ban.electron, ban.sqlite, ban.relRenderer) },
  },
  {
    // Every other folder (web host, CLI, bench, tests, scripts, configs).
    files: [...TS, '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: [
      'shared/**',
      'renderer/**',
      'electron/preload/**',
      'electron/backend/**',
      'electron/main/**',
      'electron/webhost/**',
      'electron/cli/**',
    ],
    rules: { 'no-restricted-imports': restrict(ban.electron, ban.sqlite) },
  },

  // ---- Promises are awaited (type-aware) ----
  // A function that became async while a caller still ignores its promise fails silently (twice in
  // session 7: a split's rollback and the bench's live part did not await `segments.delete`). These two
  // rules need types, so they run with the TypeScript project service over the code outside the renderer
  // (the renderer's event handlers are checked by the UI tests).
  {
    files: ['electron/**/*.ts', 'bench/**/*.ts', 'shared/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },

  // ---- No import cycles, in any layer ----
  // Value imports only (`import type` cannot form a run-time cycle). Resolution follows the code's
  // `.js` specifiers to the `.ts` sources; packages are not followed (ignoreExternal), which keeps the
  // rule cheap: it reads each of our modules once per lint run.
  {
    files: TS,
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
