// Lint rules for hand-written code. docs/architecture.md says why these tools and these rules.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // generated/ is written (and formatted) by codegen and checked by `codegen:check`, not by hand-written rules.
  globalIgnores(['dist/', 'coverage/', 'generated/']),
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
    },
  },
  {
    // A file past 400 lines is two concerns (blank lines and comments count: they are read too).
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
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
