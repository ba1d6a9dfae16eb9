import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { Currency, Money } from '../../../src/model/money.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';

describe('Price / Quantity / Decimal parsing', () => {
  it('keeps the written precision', () => {
    const p = Price.fromStr('105944.20');
    expect(p.precision).toBe(2);
    expect(p.raw).toBe(10594420n);
    expect(p.toString()).toBe('105944.20');
    expect(Quantity.fromStr('0.00010000').precision).toBe(8);
    expect(Price.fromStr('-0.5').toString()).toBe('-0.5');
    expect(Price.fromStr('0').toString()).toBe('0');
  });

  it.each(['NaN', 'Infinity', '-Infinity', '1e-7', '1E5', '', ' 1', '1 ', '+1', '1.', '.5', '0x10', '1,5', '--1', '1.2.3'])(
    'rejects %j with a typed error',
    (text) => {
      expect(() => Price.fromStr(text)).toThrow(KrakenValidationError);
    },
  );

  it('refuses numbers: floats are not exact', () => {
    expect(() => Price.fromStr(0.1 as unknown as string)).toThrow(KrakenValidationError);
  });

  it('refuses a negative quantity, including by subtraction', () => {
    expect(() => Quantity.fromStr('-1')).toThrow(/cannot be negative/);
    expect(() => Quantity.fromStr('1').sub(Quantity.fromStr('1.5'))).toThrow(KrakenValidationError);
  });

  it('refuses precision above 18', () => {
    expect(() => Price.fromStr(`0.${'1'.repeat(19)}`)).toThrow(/precision/);
  });

  it('converts venue exponent notation exactly, only on request', () => {
    expect(Decimal.fromScientific('1.5e-05').toString()).toBe('0.000015');
    expect(Decimal.fromScientific('-2.50E+3').toString()).toBe('-2500');
    expect(Decimal.fromScientific('12.34').toString()).toBe('12.34');
    expect(() => Decimal.fromScientific('1e-99')).toThrow(KrakenValidationError);
  });
});

describe('arithmetic', () => {
  it('add/sub take the larger precision, mul the sum', () => {
    const a = Price.fromStr('0.1');
    const b = Price.fromStr('0.20');
    expect(a.add(b).toString()).toBe('0.30');
    expect(b.sub(a).toString()).toBe('0.10');
    expect(Price.fromStr('1.5').mul(Quantity.fromStr('0.25')).toString()).toBe('0.375');
  });

  it('compares by value across precisions', () => {
    expect(Price.fromStr('1.50').equals(Price.fromStr('1.5'))).toBe(true);
    expect(Price.fromStr('1.49').compare(Price.fromStr('1.5'))).toBe(-1);
    expect(Price.fromStr('1.50').key()).toBe(Price.fromStr('1.5').key());
  });

  it('divides at an explicit precision', () => {
    expect(Decimal.fromStr('1').div(Decimal.fromStr('3'), 4).toString()).toBe('0.3333');
    expect(Decimal.fromStr('2').div(Decimal.fromStr('3'), 4, 'FLOOR').toString()).toBe('0.6666');
    expect(() => Decimal.fromStr('1').div(Decimal.fromStr('0'))).toThrow(KrakenValidationError);
  });
});

describe('rounding', () => {
  it.each([
    ['2.345', 2, 'HALF_EVEN', '2.34'],
    ['2.355', 2, 'HALF_EVEN', '2.36'],
    ['2.345', 2, 'HALF_UP', '2.35'],
    ['-2.345', 2, 'HALF_EVEN', '-2.34'],
    ['-2.345', 2, 'HALF_UP', '-2.35'],
    ['2.341', 2, 'CEIL', '2.35'],
    ['-2.349', 2, 'CEIL', '-2.34'],
    ['2.349', 2, 'FLOOR', '2.34'],
    ['-2.341', 2, 'FLOOR', '-2.35'],
    ['-2.349', 2, 'TRUNC', '-2.34'],
    ['2.3', 4, 'HALF_EVEN', '2.3000'],
  ] as const)('%s at %i (%s) = %s', (v, p, mode, want) => {
    expect(Price.fromStr(v).round(p, mode).toString()).toBe(want);
  });

  it('rounds to a tick size that is not a power of ten', () => {
    const tick = Price.fromStr('0.5');
    expect(Price.fromStr('100.74').roundToIncrement(tick).toString()).toBe('100.5');
    expect(Price.fromStr('100.75').roundToIncrement(tick).toString()).toBe('101.0');
    expect(Price.fromStr('100.25').roundToIncrement(tick, 'HALF_EVEN').toString()).toBe('100.0');
    expect(Price.fromStr('100.9').roundToIncrement(tick, 'FLOOR').toString()).toBe('100.5');
    expect(Price.fromStr('100.5').isMultipleOf(tick)).toBe(true);
    expect(Price.fromStr('100.55').isMultipleOf(tick)).toBe(false);
  });
});

describe('Money and Currency', () => {
  it('parses "<amount> <CODE>" and keeps the exact amount', () => {
    const m = Money.fromStr('0.00123456 USD');
    expect(m.currency.code).toBe('USD');
    expect(m.toString()).toBe('0.00123456 USD');
    expect(m.round().toString()).toBe('0.00 USD');
  });
  it('refuses mixing currencies', () => {
    expect(() => Money.fromStr('1 USD').add(Money.fromStr('1 EUR'))).toThrow(/currency mismatch/);
  });
  it('adds within a currency', () => {
    const usd = Currency.from('USD');
    expect(Money.fromStr('1.10', usd).add(Money.fromStr('2.205', usd)).toString()).toBe('3.305 USD');
  });
});
