/**
 * Exact conversion of Kraken's wire numbers into the model's values. The lossless JSON decoder
 * hands every non-integer number over as its source text, so nothing here ever goes through a
 * float: text → bigint fixed point, and a value is placed at the instrument's precision only when
 * that is exact (trailing zeros dropped or added), never by rounding a digit away.
 *
 * Every function names the field it reads in its errors. The hot loaders (an instrument load
 * reads ten fields of each of a thousand pairs) give that path as a prefix and a suffix, joined
 * only when the field is bad, so a good value costs no string.
 */
import { KrakenValidationError } from '../../core/errors.js';
import { parseScientific, pow10, trimZeros, type FixedPoint } from '../../model/fixed-point.js';
import { Decimal, Price, Quantity } from '../../model/values.js';

function fail(field: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken payload', [{ path: field, message }]);
}

/** Exact text of a wire number: a decoded string, or a safe integer the decoder left as a number. */
export function wireText(value: unknown, field: string, sub = ''): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw fail(
    field + sub,
    `expected a decimal, got ${typeof value === 'number' ? 'a non-integer number that was not kept as text' : typeof value}`,
  );
}

/** The exact value of wire text (plain or exponent notation, as Futures sends `1e-10`). */
export function exactOf(value: unknown, field: string, sub = ''): FixedPoint {
  const text = wireText(value, field, sub);
  try {
    return parseScientific('Kraken payload', text);
  } catch {
    throw fail(field + sub, `not a decimal: ${JSON.stringify(text.slice(0, 40))}`);
  }
}

/** The value at exactly `precision` fraction digits; refuses a value with significant digits beyond it. */
export function atPrecision(v: FixedPoint, precision: number, field: string): FixedPoint {
  return { raw: rawAtPrecision(v, precision, field), precision };
}

/** `atPrecision`'s raw integer alone (for a value class's `fromRaw`, without the middle object). */
export function rawAtPrecision(v: FixedPoint, precision: number, field: string, sub = ''): bigint {
  if (v.precision === precision) return v.raw;
  if (v.precision < precision) return v.raw * pow10(precision - v.precision);
  const scale = pow10(v.precision - precision);
  if (v.raw % scale !== 0n) {
    throw fail(field + sub, `${formatText(v)} has more than the instrument's ${precision} decimals`);
  }
  return v.raw / scale;
}

function formatText(v: FixedPoint): string {
  return Decimal.fromRaw(v.raw, v.precision).toString();
}

/** A price from wire text at the instrument's price precision. */
export function priceAt(value: unknown, precision: number, field: string): Price {
  return Price.from(atPrecision(exactOf(value, field), precision, field));
}

/** A quantity from wire text at the instrument's size precision. */
export function quantityAt(value: unknown, precision: number, field: string): Quantity {
  const v = atPrecision(exactOf(value, field), precision, field);
  if (v.raw < 0n) throw fail(field, `a quantity cannot be negative: ${formatText(v)}`);
  return Quantity.from(v);
}

/**
 * A price from wire text, never coarser than `precision` but keeping any finer digits. For values
 * Kraken computes rather than trades at (mark and index prices), which the tick does not bind.
 */
export function priceAtLeast(value: unknown, precision: number, field: string): Price {
  const v = trimZeros(exactOf(value, field));
  return Price.from(v.precision >= precision ? v : atPrecision(v, precision, field));
}

/** Any exact decimal (rates, fees, margins) from wire text, as written. */
export function decimalOf(value: unknown, field: string): Decimal {
  return Decimal.from(exactOf(value, field));
}

/** A percentage (`0.26` = 0.26 %) as a fraction (`0.0026`), exactly: the scale moves two digits. */
export function percentToFraction(value: unknown, field: string, sub = ''): Decimal {
  const v = exactOf(value, field, sub);
  return Decimal.fromRaw(v.raw, v.precision + 2);
}

/** The number of fraction digits an increment needs (`0.5` → 1, `1e-10` → 10, `25` → 0). */
export function decimalsOf(value: unknown, field: string): number {
  return trimZeros(exactOf(value, field)).precision;
}

/** A non-negative safe integer field (precisions, counts), or a typed error naming it. */
export function intOf(value: unknown, field: string, min = 0, sub = ''): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw fail(field + sub, `expected an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return value;
}
