import { describe, expect, it } from 'vitest';
import {
  SCALE_INVALID,
  SCALE_OVERFLOW,
  canonicalDecimal,
  compareCanonical,
  formatScaled,
  formatScaledDigits,
  scaleDecimal,
  scaleDecimalDigits,
} from '../../../src/kraken/book/decimal-text.js';

const scale = (t: string, p: number): number => scaleDecimal(t, 0, t.length, p);

describe('scaleDecimal', () => {
  it.each([
    ['45281.0', 1, 452810],
    ['0.10000000', 8, 10000000],
    ['0.566', 4, 5660],
    ['105944.20', 2, 10594420],
    ['105944.20', 1, 1059442], // only zeros dropped
    ['1e-7', 8, 10],
    ['1.5E+2', 0, 150],
    ['0', 8, 0],
    ['0.00000000', 8, 0],
    ['7', 0, 7],
  ])('%s at precision %i → %i', (t, p, want) => {
    expect(scale(t, p)).toBe(want);
  });

  it.each([['-1'], ['1.'], ['.5'], ['1e'], ['abc'], ['1.23x'], [''], ['1.05']])('%s is invalid at precision 1', (t) => {
    expect(scale(t, 1)).toBe(SCALE_INVALID);
  });

  it('never rounds: a digit below the precision is invalid', () => {
    expect(scale('0.123456789', 8)).toBe(SCALE_INVALID);
    expect(scale('0.1234567890', 9)).toBe(123456789);
  });

  it('reports overflow past 2^53 and the digits path takes over', () => {
    expect(scale('123456789012.12345678', 8)).toBe(SCALE_OVERFLOW);
    expect(scaleDecimalDigits('123456789012.12345678', 8)).toBe('12345678901212345678');
    expect(scaleDecimalDigits('1.5e3', 2)).toBe('150000');
    expect(scaleDecimalDigits('0.0', 2)).toBe('0');
    expect(scaleDecimalDigits('1.001', 2)).toBeNull();
    expect(scale('9'.repeat(400), 0)).toBe(SCALE_INVALID); // bounded token length (docs/reliability.md D6)
    expect(scale('1e999', 0)).toBe(SCALE_INVALID);
  });
});

describe('formatting and canonical decimals', () => {
  it('formats scaled integers at the precision', () => {
    expect(formatScaled(5660, 4)).toBe('0.5660');
    expect(formatScaled(10, 8)).toBe('0.00000010');
    expect(formatScaled(452810, 1)).toBe('45281.0');
    expect(formatScaled(7, 0)).toBe('7');
    expect(formatScaledDigits('12345678901212345678', 8)).toBe('123456789012.12345678');
  });

  it.each([
    ['034892.50', '34892.5'],
    ['6385', '6385'],
    ['0.000', '0'],
    ['1e-3', '0.001'],
    ['1.25e2', '125'],
    ['1.25e1', '12.5'],
    ['12.5e-1', '1.25'],
  ])('canonicalDecimal(%s) = %s', (t, want) => {
    expect(canonicalDecimal(t)).toBe(want);
  });

  it('compareCanonical orders exactly', () => {
    expect(compareCanonical('10', '9.99')).toBeGreaterThan(0);
    expect(compareCanonical('0.5', '0.51')).toBeLessThan(0);
    expect(compareCanonical('0.6', '0.51')).toBeGreaterThan(0);
    expect(compareCanonical('1.00000000000000001', '1.00000000000000002')).toBeLessThan(0);
    expect(compareCanonical('3', '3')).toBe(0);
  });
});
