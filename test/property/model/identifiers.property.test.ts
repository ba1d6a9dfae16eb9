/**
 * An identifier is any text of 1 to 128 characters without a blank or a control character. The
 * check reads printable ASCII by a loop before the pattern; on any text it must accept exactly
 * what the pattern accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { ClientOrderId, Symbol } from '../../../src/model/identifiers.js';

const DEFINITION = /^[^\s\p{Cc}]{1,128}$/u;

function accepts(make: (v: string) => unknown, text: string): boolean {
  try {
    make(text);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(KrakenValidationError);
    return false;
  }
}

/** Printable ASCII with, now and then, a blank, a control character or a character beyond ASCII. */
const char = fc.oneof(
  { arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 20 },
  { arbitrary: fc.constantFrom(' ', '\t', '\n', '\u007f', '\u0085', '\u00a0', '\u2028', '\ufeff', '\u0000', '\u3000'), weight: 1 },
  { arbitrary: fc.constantFrom('é', 'Ü', '€', '😀', '\ud800', '\udc00', '\u200b'), weight: 1 },
);

describe('identifier text', () => {
  it('accepts exactly what the definition accepts, around the 128-character limit too', () => {
    fc.assert(
      fc.property(fc.array(char, { maxLength: 140 }), (chars) => {
        const text = chars.join('');
        const want = DEFINITION.test(text);
        expect(accepts((v) => new Symbol(v), text)).toBe(want);
        expect(accepts((v) => new ClientOrderId(v), text)).toBe(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts characters, not UTF-16 units, at the limit', () => {
    expect(accepts((v) => new Symbol(v), 'A'.repeat(128))).toBe(true);
    expect(accepts((v) => new Symbol(v), 'A'.repeat(129))).toBe(false);
    expect(accepts((v) => new Symbol(v), '😀'.repeat(128))).toBe(true); // 256 UTF-16 units
    expect(accepts((v) => new Symbol(v), '')).toBe(false);
  });
});
