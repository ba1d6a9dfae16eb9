/**
 * Exact decimal values: `Decimal` (any signed number: fees, rates, leverage), `Price` (signed:
 * spreads and offsets are prices too) and `Quantity` (never negative).
 *
 * Precision rules: `add`/`sub` give the larger precision of the two operands, `mul` the sum of
 * both precisions (exact), `div` needs an explicit precision and rounding mode. Nothing rounds
 * silently. Construct from strings (`Price.fromStr('105944.20')` has precision 2) or from a raw
 * scaled integer (`Price.fromRaw(10594420n, 2)`).
 */
import {
  add,
  canonicalKey,
  checkPrecision,
  compare,
  divide,
  format,
  invalid,
  isMultipleOf,
  mul,
  parseDecimal,
  parseScientific,
  roundTo,
  roundToIncrement,
  sub,
  trimZeros,
  type FixedPoint,
  type RoundingMode,
} from './fixed-point.js';

export type { RoundingMode } from './fixed-point.js';

abstract class FixedValue implements FixedPoint {
  readonly raw: bigint;
  readonly precision: number;

  protected constructor(raw: bigint, precision: number) {
    this.raw = raw;
    this.precision = precision;
  }

  /** Builds a value of the same class; subclasses validate (e.g. Quantity refuses negatives). */
  protected abstract make(v: FixedPoint): this;

  add(other: FixedPoint): this {
    return this.make(add(this, other));
  }
  sub(other: FixedPoint): this {
    return this.make(sub(this, other));
  }
  mul(other: FixedPoint): this {
    return this.make(mul(this, other));
  }
  /** `this / other` at `precision` digits (default: this value's precision), rounded by `mode`. */
  div(other: FixedPoint, precision: number = this.precision, mode: RoundingMode = 'HALF_EVEN'): this {
    checkPrecision('div', precision);
    return this.make(divide(this, other, precision, mode));
  }
  compare(other: FixedPoint): -1 | 0 | 1 {
    return compare(this, other);
  }
  /** Numeric equality: `1.50` equals `1.5`. */
  equals(other: FixedPoint): boolean {
    return compare(this, other) === 0;
  }
  lt(other: FixedPoint): boolean {
    return compare(this, other) < 0;
  }
  lte(other: FixedPoint): boolean {
    return compare(this, other) <= 0;
  }
  gt(other: FixedPoint): boolean {
    return compare(this, other) > 0;
  }
  gte(other: FixedPoint): boolean {
    return compare(this, other) >= 0;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }
  isNegative(): boolean {
    return this.raw < 0n;
  }
  isPositive(): boolean {
    return this.raw > 0n;
  }
  /** Rounds to `precision` fraction digits (default half-even, the banker's rounding). */
  round(precision: number, mode: RoundingMode = 'HALF_EVEN'): this {
    checkPrecision('round', precision);
    return this.make(roundTo(this, precision, mode));
  }
  /** Rounds to a multiple of a tick or step size; the result has the increment's precision. */
  roundToIncrement(increment: FixedPoint, mode: RoundingMode = 'HALF_EVEN'): this {
    return this.make(roundToIncrement(this, increment, mode));
  }
  isMultipleOf(increment: FixedPoint): boolean {
    return isMultipleOf(this, increment);
  }
  /** The same value at the smallest precision that represents it (`1.500` → `1.5`). */
  normalized(): this {
    return this.make(trimZeros(this));
  }
  /** A key that is equal for numerically equal values (for maps of price levels). */
  key(): string {
    return canonicalKey(this);
  }
  /** Lossy: for indicators and display only, never for order fields. */
  toNumber(): number {
    return Number(format(this));
  }
  toString(): string {
    return format(this);
  }
  toJSON(): string {
    return format(this);
  }
}

/** Any exact signed decimal: fee rates, funding rates, multipliers, balances without a currency. */
export class Decimal extends FixedValue {
  static fromStr(text: string): Decimal {
    const v = parseDecimal('Decimal', text);
    return new Decimal(v.raw, v.precision);
  }
  /** Accepts exponent notation too (`"1.5e-05"`), converted exactly; for venue payloads. */
  static fromScientific(text: string): Decimal {
    const v = parseScientific('Decimal', text);
    return new Decimal(v.raw, v.precision);
  }
  static fromRaw(raw: bigint, precision: number): Decimal {
    checkPrecision('Decimal', precision);
    return new Decimal(raw, precision);
  }
  static fromInt(value: number | bigint): Decimal {
    return new Decimal(intValue('Decimal', value), 0);
  }
  static from(v: FixedPoint): Decimal {
    return Decimal.fromRaw(v.raw, v.precision);
  }
  protected make(v: FixedPoint): this {
    return new Decimal(v.raw, v.precision) as this;
  }
}

export class Price extends FixedValue {
  static fromStr(text: string): Price {
    const v = parseDecimal('Price', text);
    return new Price(v.raw, v.precision);
  }
  static fromScientific(text: string): Price {
    const v = parseScientific('Price', text);
    return new Price(v.raw, v.precision);
  }
  static fromRaw(raw: bigint, precision: number): Price {
    checkPrecision('Price', precision);
    return new Price(raw, precision);
  }
  static fromInt(value: number | bigint): Price {
    return new Price(intValue('Price', value), 0);
  }
  static from(v: FixedPoint): Price {
    return Price.fromRaw(v.raw, v.precision);
  }
  protected make(v: FixedPoint): this {
    checkPrecision('Price', v.precision);
    return new Price(v.raw, v.precision) as this;
  }
}

export class Quantity extends FixedValue {
  protected constructor(raw: bigint, precision: number) {
    if (raw < 0n) throw invalid('Quantity', `a quantity cannot be negative: ${format({ raw, precision })}`);
    super(raw, precision);
  }
  static fromStr(text: string): Quantity {
    const v = parseDecimal('Quantity', text);
    return new Quantity(v.raw, v.precision);
  }
  static fromScientific(text: string): Quantity {
    const v = parseScientific('Quantity', text);
    return new Quantity(v.raw, v.precision);
  }
  static fromRaw(raw: bigint, precision: number): Quantity {
    checkPrecision('Quantity', precision);
    return new Quantity(raw, precision);
  }
  static fromInt(value: number | bigint): Quantity {
    return new Quantity(intValue('Quantity', value), 0);
  }
  static from(v: FixedPoint): Quantity {
    return Quantity.fromRaw(v.raw, v.precision);
  }
  static zero(precision = 0): Quantity {
    return Quantity.fromRaw(0n, precision);
  }
  protected make(v: FixedPoint): this {
    checkPrecision('Quantity', v.precision);
    return new Quantity(v.raw, v.precision) as this;
  }
}

function intValue(what: string, value: number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw invalid(what, `expected a safe integer, got ${String(value)}`);
  return BigInt(value);
}

/** The smaller of two values (by number; ties keep `a`). */
export function minOf<T extends FixedValue>(a: T, b: T): T {
  return a.compare(b) <= 0 ? a : b;
}

/** The larger of two values (by number; ties keep `a`). */
export function maxOf<T extends FixedValue>(a: T, b: T): T {
  return a.compare(b) >= 0 ? a : b;
}

export { FixedValue };
