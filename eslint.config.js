// Lint rules for hand-written code. docs/architecture.md says why these tools and these rules.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import testHygiene from './eslint-rules/test-hygiene.js';

export default defineConfig(
  // generated/ is written (and formatted) by codegen and checked by `codegen:check`, not by hand-written rules.
  globalIgnores(['dist/', 'coverage/', 'generated/', 'docs/api/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Type imports vanish at runtime: the layer graph and the emitted JS stay honest.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // An unhandled promise in an event-driven client is a lost error or an unobserved crash.
      '@typescript-eslint/no-floating-promises': 'error',
      // Passing a caught value on as the rejection reason keeps it as it was; inventing a non-Error reason is what is refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // The book decoders signal a malformed frame with a non-Error sentinel: constructing an Error
      // captures a stack, which measured ~4x the cost of refusing the frame (docs/architecture.md).
      // Only that one class, caught inside the decoders and never escaping them, is allowed.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'file', name: 'MalformedJson', path: 'src/kraken/book/json-cursor.ts' }] },
      ],
    },
  },
  {
    // A file past 400 lines is two concerns (blank lines and comments count: they are read too).
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    // The simulator's integration tests are wire probes: their helpers hand back the parsed frame or
    // body as `any` on purpose, because its shape is what the assertions (and the generated
    // validators they call) check. A static type there would assume what the test verifies.
    files: ['test/integration/sim/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Every test reaches an assertion, and no `.only` is committed (eslint-rules/test-hygiene.js;
    // test/unit/lint/test-hygiene.test.ts shows both rules fail on a bad test).
    files: ['test/**/*.ts'],
    plugins: { 'test-hygiene': testHygiene },
    rules: { 'test-hygiene/no-focused-tests': 'error', 'test-hygiene/test-has-assertion': 'error' },
  },
  {
    // A fake of an async interface keeps the real contract: `async` turns its throw into a
    // rejection even where nothing is awaited, so `require-await` does not apply to fakes.
    files: ['test/**/fake-*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Plain JavaScript (CI scripts, the bin shim, configs) is outside the TypeScript project.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        module: 'writable',
        require: 'readonly',
      },
    },
  },
);
