/**
 * The test-suite lint rules (eslint-rules/test-hygiene.js) can fail: each bad test below is
 * reported, and each good one is not. Runs the rules through ESLint's own Linter with the
 * TypeScript parser, as `npm run lint` does.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import testHygiene from '../../../eslint-rules/test-hygiene.js';

function lint(code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { 'test-hygiene': testHygiene },
        rules: { 'test-hygiene/no-focused-tests': 'error', 'test-hygiene/test-has-assertion': 'error' },
      },
    ],
    'example.test.ts',
  );
  const fatal = messages.filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal[0]?.message}`);
  return messages.map((m) => `${m.line}:${m.ruleId ?? '?'}`);
}

describe('test-hygiene/no-focused-tests', () => {
  it.each([
    ['it.only', "it.only('a', () => { expect(1).toBe(1); });"],
    ['test.only', "test.only('a', () => { expect(1).toBe(1); });"],
    ['describe.only', "describe.only('a', () => {});"],
    ['it.only.each', "it.only.each([1])('a %i', (n) => { expect(n).toBe(1); });"],
    ['describe.concurrent.only', "describe.concurrent.only('a', () => {});"],
    ['fit', "fit('a', () => { expect(1).toBe(1); });"],
    ['fdescribe', "fdescribe('a', () => {});"],
  ])('reports %s', (_name, code) => {
    expect(lint(code)).toEqual(['1:test-hygiene/no-focused-tests']);
  });

  it('does not report plain, skipped or conditional tests', () => {
    expect(
      lint(`
        describe('a', () => {
          it('b', () => { expect(1).toBe(1); });
          it.skip('c', () => { expect(1).toBe(1); });
          it.skipIf(true)('d', () => { expect(1).toBe(1); });
          const only = 1; expect(only).toBe(1);
        });`),
    ).toEqual([]);
  });
});

describe('test-hygiene/test-has-assertion', () => {
  it('reports a test whose body never asserts', () => {
    expect(lint("it('runs', async () => { await Promise.resolve(1); });")).toEqual(['1:test-hygiene/test-has-assertion']);
  });

  it('reports a table test without an assertion, and a test whose local helper does not assert either', () => {
    const code = [
      'function setUp() { return 1; }',
      "it.each([1, 2])('n %i', (n) => { setUp(); void n; });",
      "test('t', () => { setUp(); });",
    ].join('\n');
    expect(lint(code)).toEqual(['2:test-hygiene/test-has-assertion', '3:test-hygiene/test-has-assertion']);
  });

  it('accepts expect, expect.assertions, assert, fc.assert, a helper named expect… or assert…, and a local helper that asserts', () => {
    const code = [
      "it('a', () => { expect(1).toBe(1); });",
      "it('b', async () => { await expect(Promise.reject(new Error('x'))).rejects.toThrow('x'); });",
      "it('c', () => { assert.equal(1, 1); });",
      "it('d', () => { fc.assert(fc.property(fc.nat(), (n) => n >= 0)); });",
      "it('e', async () => { await expectClosed(socket); });",
      'function check(n: number) { expect(n).toBe(1); }',
      'const indirect = (n: number) => check(n);',
      "it('f', () => { indirect(1); });",
      "it.each([1])('g %i', (n) => { check(n); });",
      "it('h', ({ expect: e }) => { expect.assertions(1); e(1).toBe(1); });",
      "it.todo('later');",
    ].join('\n');
    expect(lint(code)).toEqual([]);
  });
});
