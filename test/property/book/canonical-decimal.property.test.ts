/**
 * `canonicalDecimal` (the exact text of every Futures and Unified book price and size) gives the
 * same answer on its plain-text fast path as the general rule it had before: one regex, then
 * leading zeros and fraction trailing zeros stripped. The reference below is that rule, restated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { canonicalDecimal, compareCanonical } from '../../../src/kraken/book/decimal-text.js';

const TOKEN = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
function reference(token: string): string | null {
  if (token.length > 64) return null;
  const m = TOKEN.exec(token);
  if (m === null) return null;
  let int = m[1]!;
  let frac = m[2] ?? '';
  if (m[3] !== undefined) {
    const exponent = Number(m[3]);
    if (Math.abs(exponent) > 64) return null;
    if (exponent > 0) {
      frac = frac.padEnd(exponent, '0');
      int += frac.slice(0, exponent);
      frac = frac.slice(exponent);
    } else if (exponent < 0) {
      int = int.padStart(-exponent + 1, '0');
      frac = int.slice(int.length + exponent) + frac;
      int = int.slice(0, int.length + exponent);
    }
  }
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac === '' ? int : `${int}.${frac}`;
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0000123456789'), minLength: min, maxLength: max });
const tokenLike = fc
  .tuple(
    fc.constantFrom('', '', '', '-', '+', '0', '00'),
    digits(0, 14),
    fc.constantFrom('', '', '.', '..'),
    digits(0, 10),
    fc.constantFrom('', '', '', 'e', 'E', 'x', ' '),
    fc.constantFrom('', '+', '-'),
    digits(0, 3),
  )
  .map((parts) => parts.join(''));

describe('canonicalDecimal', () => {
  it('agrees with the general rule on decimal-shaped and arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(tokenLike, tokenLike, fc.string({ maxLength: 70 })), (token) => {
        expect(canonicalDecimal(token)).toBe(reference(token));
      }),
      { numRuns: 20_000 },
    );
  });

  it('strips what Kraken writes around a plain value and keeps the value', () => {
    for (const [token, want] of [
      ['67911.5', '67911.5'],
      ['0.0150', '0.015'],
      ['1.0000', '1'],
      ['0.0', '0'],
      ['100.00', '100'],
      ['007', '7'],
      ['0', '0'],
    ] as const) {
      expect(canonicalDecimal(token)).toBe(want);
    }
    for (const token of ['1.', '.5', '-1', '1.2.3', '']) expect(canonicalDecimal(token)).toBe(reference(token));
  });

  it('compareCanonical orders canonical decimals as their exact values compare', () => {
    const canonical = tokenLike.map((t) => canonicalDecimal(t)).filter((c): c is string => c !== null);
    fc.assert(
      fc.property(canonical, canonical, (a, b) => {
        expect(Math.sign(compareCanonical(a, b))).toBe(new Decimal(a).comparedTo(new Decimal(b)));
      }),
      { numRuns: 20_000 },
    );
  });
});
