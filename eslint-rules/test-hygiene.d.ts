import type { ESLint } from 'eslint';

/** The local test-suite lint rules: `no-focused-tests` and `test-has-assertion`. */
declare const testHygiene: ESLint.Plugin;
export default testHygiene;
