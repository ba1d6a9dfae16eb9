import { Decimal as DecimalJs } from 'decimal.js';

/** A private decimal.js constructor with enough precision that sim arithmetic never rounds silently. */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 60 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

export function dec(v: string | number | Decimal): Decimal {
  return new Decimal(v);
}

/** Fixed-point text at `dp` decimals (round half-even); never exponent notation. */
export function fixed(v: Decimal, dp: number): string {
  return v.toFixed(dp, Decimal.ROUND_HALF_EVEN);
}

/** Plain decimal text without exponent and without needless trailing zeros. */
export function plain(v: Decimal): string {
  return v.toFixed();
}

export function minD(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

export function maxD(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

/** Number of decimal places written in a decimal string (`"0.10"` → 2). */
export function decimalPlaces(text: string): number {
  const i = text.indexOf('.');
  return i < 0 ? 0 : text.length - i - 1;
}

/** Whether `value` is an integer multiple of `step`. */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  return value.mod(step).isZero();
}
