/**
 * Exact arithmetic and rounding agree with decimal.js (precision 200, far beyond any operand)
 * over thousands of random decimals (docs/reliability.md S4).
 */
import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { checkPrecision, parseDecimal, parseScientific, type FixedPoint } from '../../../src/model/fixed-point.js';
import { Decimal, Price, Quantity, type RoundingMode } from '../../../src/model/values.js';

const D = DecimalJs.clone({ precision: 200 });
const RUNS = { numRuns: 2000 };

/** Canonical plain decimal text: no leading zeros, 0–12 fraction digits, optional minus. */
const decimalText = (signed = true) =>
  fc
    .tuple(signed ? fc.boolean() : fc.constant(false), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 12 }))
    .map(([neg, digits, precision]) => {
      const s = digits.toString().padStart(precision + 1, '0');
      const body = precision === 0 ? s : `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
      return (neg && digits !== 0n ? '-' : '') + body;
    });

const MODES: [RoundingMode, DecimalJs.Rounding][] = [
  ['HALF_EVEN', D.ROUND_HALF_EVEN],
  ['HALF_UP', D.ROUND_HALF_UP],
  ['FLOOR', D.ROUND_FLOOR],
  ['CEIL', D.ROUND_CEIL],
  ['TRUNC', D.ROUND_DOWN],
];

const same = (ours: { toString(): string }, ref: DecimalJs) => new D(ours.toString()).eq(ref);

describe('fixed-point vs decimal.js', () => {
  it('parse → format round-trips exactly', () => {
    fc.assert(
      fc.property(decimalText(), (s) => {
        expect(Price.fromStr(s).toString()).toBe(s);
      }),
      RUNS,
    );
  });

  it('add, sub, mul are exact; precisions follow the rule', () => {
    fc.assert(
      fc.property(decimalText(), decimalText(), (a, b) => {
        const x = Decimal.fromStr(a);
        const y = Decimal.fromStr(b);
        expect(same(x.add(y), new D(a).add(b))).toBe(true);
        expect(same(x.sub(y), new D(a).sub(b))).toBe(true);
        expect(same(x.mul(y), new D(a).mul(b))).toBe(true);
        expect(x.add(y).precision).toBe(Math.max(x.precision, y.precision));
        expect(x.mul(y).precision).toBe(x.precision + y.precision);
      }),
      RUNS,
    );
  });

  it('compare and equals agree', () => {
    fc.assert(
      fc.property(decimalText(), decimalText(), (a, b) => {
        expect(Decimal.fromStr(a).compare(Decimal.fromStr(b))).toBe(new D(a).cmp(b));
        expect(Decimal.fromStr(a).equals(Decimal.fromStr(b))).toBe(new D(a).eq(b));
      }),
      RUNS,
    );
  });

  it.each(MODES)('round to a precision (%s)', (mode, ref) => {
    fc.assert(
      fc.property(decimalText(), fc.integer({ min: 0, max: 12 }), (a, p) => {
        const r = Decimal.fromStr(a).round(p, mode);
        expect(r.precision).toBe(p);
        expect(same(r, new D(a).toDecimalPlaces(p, ref))).toBe(true);
      }),
      RUNS,
    );
  });

  it.each(MODES)('round to a tick/step increment (%s)', (mode, ref) => {
    const increment = fc
      .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 8 }))
      .map(([n, p]) => Decimal.fromRaw(BigInt(n), p));
    fc.assert(
      fc.property(decimalText(), increment, (a, inc) => {
        const r = Decimal.fromStr(a).roundToIncrement(inc, mode);
        const want = new D(a).div(inc.toString()).toDecimalPlaces(0, ref).mul(inc.toString());
        expect(same(r, want)).toBe(true);
        expect(r.isMultipleOf(inc)).toBe(true);
      }),
      RUNS,
    );
  });

  it.each(MODES)('divide at a precision (%s)', (mode, ref) => {
    fc.assert(
      fc.property(
        decimalText(),
        decimalText().filter((b) => !new D(b).isZero()),
        fc.integer({ min: 0, max: 12 }),
        (a, b, p) => {
          const r = Decimal.fromStr(a).div(Decimal.fromStr(b), p, mode);
          expect(same(r, new D(a).div(b).toDecimalPlaces(p, ref))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('scientific venue text converts exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: -8, max: 6 }), fc.boolean(), (m, e, neg) => {
        const text = `${neg ? '-' : ''}${m.toString().slice(0, 1)}.${m.toString().slice(1) || '0'}e${e}`;
        expect(same(Decimal.fromScientific(text), new D(text))).toBe(true);
      }),
      RUNS,
    );
  });

  it('a Quantity is never negative: subtraction below zero throws a typed error', () => {
    fc.assert(
      fc.property(decimalText(false), decimalText(false), (a, b) => {
        const x = Quantity.fromStr(a);
        const y = Quantity.fromStr(b);
        if (new D(a).gte(b)) expect(x.sub(y).isNegative()).toBe(false);
        else expect(() => x.sub(y)).toThrow(KrakenValidationError);
      }),
      RUNS,
    );
  });

  it('never emits exponent notation', () => {
    fc.assert(
      fc.property(decimalText(), decimalText(), (a, b) => {
        expect(Decimal.fromStr(a).mul(Decimal.fromStr(b)).toString()).not.toMatch(/e/i);
      }),
      RUNS,
    );
  });

  // The short-text fast path (digits accumulated one by one) must accept, refuse and value exactly
  // as the regex path does; this reference is that path as it was before the fast path existed.
  const referencePlain = (what: string, text: string): FixedPoint => {
    const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
    if (m === null)
      throw new KrakenValidationError(what, [{ path: '', message: `not a plain decimal string: ${JSON.stringify(text.slice(0, 40))}` }]);
    const frac = m[3] ?? '';
    checkPrecision(what, frac.length);
    const raw = BigInt((m[2] ?? '0') + frac);
    return { raw: m[1] === '-' ? -raw : raw, precision: frac.length };
  };
  const outcome = (f: () => FixedPoint): unknown => {
    try {
      const v = f();
      return { raw: v.raw, precision: v.precision };
    } catch (e) {
      return e instanceof KrakenValidationError ? `refused: ${e.message}` : e;
    }
  };
  const decimalish = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789.-eE+ x'), maxLength: 22 }),
    fc.stringMatching(/^-?\d{0,18}(\.\d{0,19})?$/),
    decimalText(),
  );

  it('parses short plain text exactly as the regex path does (same values, same refusals)', () => {
    fc.assert(
      fc.property(decimalish, (text) => {
        expect(outcome(() => parseDecimal('x', text))).toEqual(outcome(() => referencePlain('x', text)));
        if (/^-?\d+(\.\d+)?$/.test(text))
          expect(outcome(() => parseScientific('x', text))).toEqual(outcome(() => referencePlain('x', text)));
      }),
      { numRuns: 5000 },
    );
    for (const edge of [
      '0',
      '-0',
      '-0.0',
      '007',
      '999999999999999',
      '9999999999999999',
      '0.000000000000001',
      '-',
      '.5',
      '5.',
      '1..2',
      '-.5',
      '',
    ]) {
      expect(
        outcome(() => parseDecimal('x', edge)),
        edge,
      ).toEqual(outcome(() => referencePlain('x', edge)));
    }
  });
});
