// ESLint flat config. The part that matters most is the module-boundary rule:
// it is how the layout in docs/architecture.md is kept true.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layers = [
  // The shared language of server and browser depends on nothing of ours.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  // Pure metric functions (libs/quality), shared by server and browser: the contracts only.
  { sourceTag: 'type:metrics', onlyDependOnLibsWithTags: ['type:metrics', 'type:contracts'] },
  // Infrastructure (http, db, config, storage, the job runtime) imports no feature: features build on it, never the other way.
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
  // Model backends (libs/ml): the contracts, and the format converters (libs/formats: Label Studio results, NIfTI) that remote models answer in; the domain's pre-annotation jobs call them.
  { sourceTag: 'type:ml', onlyDependOnLibsWithTags: ['type:contracts', 'type:formats'] },
  // Domain: other domain modules, the platform, the contracts and the metrics.
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts', 'type:metrics', 'type:ml'] },
  // Delivery (api, worker): domain, contracts and metrics.
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'type:contracts', 'type:metrics'] },
  // Browser code never reaches into the server.
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'type:contracts', 'type:metrics'] },
  // Browser libraries (sync client, editors) are mountable on their own: never the app.
  { sourceTag: 'type:web-lib', onlyDependOnLibsWithTags: ['type:web-lib', 'type:contracts', 'type:metrics'] },
  // Seeds, test support and benchmarks may use anything.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
];
// The login page loads the contracts on demand to keep its first script small; every later page imports them as usual.
const boundaries = (constraints) => ['error', { enforceBuildableLibDependency: false, allow: [], checkDynamicDependenciesExceptions: ['@tessera/contracts'], depConstraints: constraints }];

/** Browser code (a later block's rule replaces an earlier one's, so the app's block repeats these). */
const WEB_SYNTAX = [
  // Where pages are drawn in software, a lasting smooth animation redraws the page every frame (docs/architecture.md).
  { selector: "JSXOpeningElement[name.name='Skeleton'] > JSXAttribute[name.name='active']", message: 'A still skeleton: an active one repaints the page every frame.' },
  { selector: "JSXOpeningElement[name.name='Progress'] JSXAttribute[name.name='status'] Literal[value='active']", message: "Progress with status 'normal' while running: 'active' shimmers every frame." },
  // An antd icon's own label is its English file name, which screen readers read before the text beside it.
  { selector: "JSXOpeningElement[name.name=/(Outlined|Filled|TwoTone)$/]:not(:has(JSXAttribute[name.name=/^aria-(hidden|label)$/]))", message: 'An icon is aria-hidden beside text, or has an aria-label in the page\'s language: its own label is its file name.' },
  { selector: "JSXOpeningElement[name.name='Segmented']:not(:has(JSXAttribute[name.name=/^aria-label(ledby)?$/]))", message: 'A Segmented needs an aria-label in the page\'s language: antd names it "segmented control".' },
  { selector: "JSXOpeningElement[name.name='InputNumber']", message: 'NumberInput from @tessera/web/editor-ui: antd\'s steppers are named "Increase Value" and "Decrease Value" in every language.' },
];
/** The app: antd's own icons inside its components (notices, confirmations, results, uploads, pagination) through apps/web/src/shell/icon-labels.tsx. */
const APP_SYNTAX = [
  { selector: "VariableDeclarator[init.callee.object.name='App'][init.callee.property.name='useApp'] > ObjectPattern > Property[key.name='message']", message: 'useMessage() from shell/icon-labels: the same message API, its signs hidden from screen readers.' },
  { selector: "JSXOpeningElement[name.name='Popconfirm']:not(:has(JSXAttribute[name.name='icon']))", message: 'icon={CONFIRM_ICON} from shell/icon-labels: antd\'s own sign reads out "exclamation-circle".' },
  { selector: "JSXOpeningElement[name.name='Result']:has(JSXAttribute[name.name='status'] Literal[value=/^(success|info|warning|error)$/]):not(:has(JSXAttribute[name.name='icon']))", message: 'icon={SIGN[status]} from shell/icon-labels: antd\'s own sign reads out its file name.' },
  { selector: "JSXOpeningElement[name.name='Result'] > JSXAttribute[name.name='status'] Literal[value=/^(403|404|500)$/]", message: 'icon={<StatusImage status={…} />} from shell/StatusPages: antd\'s illustration is titled in English ("Unauthorized").' },
  { selector: "JSXOpeningElement[name.name='Upload']:not(:has(JSXAttribute[name.name='iconRender']))", message: 'iconRender={fileIcon} from shell/icon-labels: antd\'s own sign reads out "paper-clip".' },
  { selector: "JSXAttribute[name.name='pagination'] ObjectExpression:not(CallExpression[callee.name='pages'] ObjectExpression)", message: 'pagination={pages(t, {…})} from shell/icon-labels: antd\'s arrows read out "left" and "right".' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/coverage/**', 'bench/results/**', 'e2e/screenshots/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(layers),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      // Nest's DI and TypeORM's entities are classes with decorated, definitely-assigned fields.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Metrics run in the browser as well as the worker: no Node API, no I/O.
    files: ['libs/quality/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', 'child_process'], message: 'libs/quality is pure: no Node APIs (it runs in the browser too).' }] }] },
  },
  {
    // Domain code says what went wrong (DomainError, @tessera/server/errors); only the HTTP layer decides how HTTP says it.
    files: ['libs/server/*/src/**/*.ts'],
    ignores: ['libs/server/http/**', 'libs/server/testing/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@tessera/server/http', importNames: ['ProblemError', 'toProblem', 'sendProblem'], message: 'Throw a DomainError (@tessera/server/errors); the HTTP layer maps it to problem+json.' }] }],
    },
  },
  {
    files: ['apps/web/src/**/*.tsx', 'libs/web/*/src/**/*.tsx'],
    ignores: ['libs/web/editor-ui/src/number-input.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...WEB_SYNTAX] },
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: ['apps/web/src/shell/icon-labels.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...WEB_SYNTAX, ...APP_SYNTAX] },
  },
  {
    // Tests read loosely typed JSON from real HTTP responses.
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'libs/server/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests of any layer may use the test support (real servers, fixtures).
      '@nx/enforce-module-boundaries': boundaries(layers.map((c) => ({ ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:tooling'] }))),
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
