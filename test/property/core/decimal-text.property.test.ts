/**
 * The generated validators' decimal text check (src/core/decimal-text.ts) accepts exactly what its
 * regex accepts: the digit-by-digit path for plain text must never widen or narrow the rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import { DECIMAL_TEXT, isDecimalText } from '../../../src/core/decimal-text.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { validateOrThrow } from '../../../src/transport/validation.js';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Text shaped like a decimal, with every part optional or slightly wrong. */
const decimalLike = fc
  .tuple(
    fc.constantFrom('', '-', '+', '--'),
    digits(0, 20),
    fc.constantFrom('', '.', '..'),
    digits(0, 12),
    fc.constantFrom('', 'e', 'E', 'x'),
    fc.constantFrom('', '+', '-'),
    digits(0, 4),
    fc.constantFrom('', ' ', '\n', 'x', '.'),
  )
  .map((parts) => parts.join(''));

describe('decimal text check of the generated validators', () => {
  it('agrees with the regex on decimal-shaped and arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(decimalLike, fc.string({ maxLength: 24 }), fc.string({ unit: fc.constantFrom(...'0123456789.-+eE '), maxLength: 24 })),
        (text) => {
          expect(isDecimalText(text)).toBe(DECIMAL_TEXT.test(text));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const edge of ['', '-', '0', '-0', '0.', '.5', '0.40', '1e64', '1e65', '1e-64', '1e-65', '1e0064', '1.5e', '1.5E+7', '1 ', '٣']) {
      expect(isDecimalText(edge), edge).toBe(DECIMAL_TEXT.test(edge));
    }
  });

  it('a generated validator still refuses what the rule refuses, with the same typed error', () => {
    const pair = (ordermin: unknown) => ({ XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', ordermin } });
    expect(() => validateOrThrow(responseValidators.AssetPairs, pair('0.00005'), 'AssetPairs')).not.toThrow();
    expect(() => validateOrThrow(responseValidators.AssetPairs, pair('1e64'), 'AssetPairs')).not.toThrow();
    for (const bad of ['1e65', '0.', '.5', '1,5', '']) {
      let caught: unknown;
      try {
        validateOrThrow(responseValidators.AssetPairs, pair(bad), 'AssetPairs');
      } catch (e) {
        caught = e;
      }
      expect(caught, bad).toBeInstanceOf(KrakenValidationError);
      expect((caught as KrakenValidationError).message, bad).toContain(
        '/XXBTZUSD/ordermin must be a decimal (string of digits, or an integer)',
      );
    }
  });
});
