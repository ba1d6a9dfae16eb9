/**
 * Exact fixed-point arithmetic on `bigint` scaled integers: the one numeric core under `Price`,
 * `Quantity`, `Money` and `Decimal`.
 *
 * Why bigint and not a float-scaled integer: a float mantissa holds 53 bits, so a scaled number
 * loses exactness past ~9.007e15 raw units (e.g. a 1e8 BTC-satoshi quantity times a 1e2-scaled
 * price overflows at once). A quick micro-measure on Node 20 (2e6 iterations): bigint multiply +
 * divide ≈ 27 ns/op, bigint add ≈ 5.5 ns/op, float-scaled multiply ≈ 14 ns/op. Two times slower
 * than floats on the hot path is cheap next to one wrong digit on an order.
 *
 * Every value is `raw × 10^-precision`. Strings are the only decimal input: numbers are never
 * accepted because `String(0.0000001)` is `"1e-7"` (docs/reliability.md S4).
 */
import { KrakenValidationError } from '../core/errors.js';

/** Largest precision accepted: Kraken pairs use at most 10 decimals; 18 leaves room for fees and rates. */
export const MAX_PRECISION = 18;

/** Plain decimal text: optional sign, digits, optional fraction. No exponent, no `+`, no blanks. */
const PLAIN_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Scientific text as venues may send it (`1.23e-05`); converted exactly, only on explicit request. */
const SCIENTIFIC_DECIMAL = /^(-)?(\d+)(?:\.(\d*))?[eE]([+-]?\d{1,3})$/;

export type RoundingMode = 'HALF_EVEN' | 'HALF_UP' | 'FLOOR' | 'CEIL' | 'TRUNC';

export interface FixedPoint {
  readonly raw: bigint;
  readonly precision: number;
}

const POW10: bigint[] = [];
for (let i = 0; i <= MAX_PRECISION * 2 + 2; i++) POW10.push(10n ** BigInt(i));

export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

export function invalid(what: string, message: string): KrakenValidationError {
  return new KrakenValidationError(what, [{ path: '', message }]);
}

export function checkPrecision(what: string, precision: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw invalid(what, `precision must be an integer in 0..${MAX_PRECISION}, got ${String(precision)}`);
  }
}

/** 0n..1023n made once: increments, minimums and small sizes are small, and a `bigint` is immutable. */
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

/**
 * Plain decimal text of at most 15 digits, read digit by digit: the digits accumulate as an
 * integer below 10^15 (exact in a double, no fraction ever formed) and become a `bigint` once.
 * Undefined for anything else (longer, malformed, an exponent), which the regex path then
 * parses or refuses. Accepts exactly what `PLAIN_DECIMAL` accepts within that length, with the
 * same result (property test: test/property/model/fixed-point.property.test.ts); a third of
 * the cost of the regex and `BigInt(string)` on an instrument load.
 */
function parseShortPlain(text: string): FixedPoint | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const negative = i === 1;
  let acc = 0;
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      digits++;
    } else if (c === 46 /* . */ && dot < 0 && digits > 0) {
      dot = i;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15 || dot === n - 1) return undefined;
  const raw = acc < SMALL_BIGINTS.length ? (SMALL_BIGINTS[acc] as bigint) : BigInt(acc);
  return { raw: negative ? -raw : raw, precision: dot < 0 ? 0 : n - 1 - dot };
}

/** Parses plain decimal text exactly; the precision is the number of fraction digits written. */
export function parseDecimal(what: string, text: unknown): FixedPoint {
  if (typeof text !== 'string') {
    throw invalid(what, `expected a decimal string, got ${typeof text} (numbers are refused: floats are not exact)`);
  }
  const short = parseShortPlain(text);
  if (short !== undefined) return short;
  const m = PLAIN_DECIMAL.exec(text);
  if (m === null) throw invalid(what, `not a plain decimal string: ${JSON.stringify(text.slice(0, 40))}`);
  const frac = m[3] ?? '';
  checkPrecision(what, frac.length);
  const raw = BigInt((m[2] ?? '0') + frac);
  return { raw: m[1] === '-' ? -raw : raw, precision: frac.length };
}

/**
 * Parses venue text that may use an exponent (`"1.5e-05"`, `"2E+3"`), exactly. Kraken's lossless
 * JSON keeps such tokens as their original text (see src/core/json.ts), so the adapter needs
 * an exact conversion rather than `Number()`.
 */
export function parseScientific(what: string, text: unknown): FixedPoint {
  if (typeof text === 'string') {
    const short = parseShortPlain(text);
    if (short !== undefined) return short;
    if (PLAIN_DECIMAL.test(text)) return parseDecimal(what, text);
  }
  if (typeof text !== 'string') throw invalid(what, `expected a decimal string, got ${typeof text}`);
  const m = SCIENTIFIC_DECIMAL.exec(text);
  if (m === null) throw invalid(what, `not a decimal: ${JSON.stringify(text.slice(0, 40))}`);
  const frac = m[3] ?? '';
  const exp = Number(m[4]);
  let digits = BigInt((m[2] ?? '0') + frac);
  let precision = frac.length - exp;
  if (precision < 0) {
    digits *= pow10(-precision);
    precision = 0;
  }
  const trimmed = trimZeros({ raw: m[1] === '-' ? -digits : digits, precision });
  checkPrecision(what, trimmed.precision);
  return trimmed;
}

/** Removes trailing fraction zeros (the smallest precision that still represents the value). */
export function trimZeros(v: FixedPoint): FixedPoint {
  let { raw, precision } = v;
  while (precision > 0 && raw % 10n === 0n) {
    raw /= 10n;
    precision--;
  }
  return { raw, precision };
}

/** The raw value re-expressed at a higher (or equal) precision. */
export function scaleUp(v: FixedPoint, precision: number): bigint {
  return v.raw * pow10(precision - v.precision);
}

export function add(a: FixedPoint, b: FixedPoint): FixedPoint {
  const p = Math.max(a.precision, b.precision);
  return { raw: scaleUp(a, p) + scaleUp(b, p), precision: p };
}

export function sub(a: FixedPoint, b: FixedPoint): FixedPoint {
  const p = Math.max(a.precision, b.precision);
  return { raw: scaleUp(a, p) - scaleUp(b, p), precision: p };
}

export function mul(a: FixedPoint, b: FixedPoint): FixedPoint {
  return { raw: a.raw * b.raw, precision: a.precision + b.precision };
}

export function compare(a: FixedPoint, b: FixedPoint): -1 | 0 | 1 {
  // Same precision (every level of one book): the raws compare as they are, with no scaling
  // multiplication (each one a new bigint) on the book's hottest path.
  if (a.precision === b.precision) return a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0;
  const p = Math.max(a.precision, b.precision);
  const x = scaleUp(a, p);
  const y = scaleUp(b, p);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Integer division n / d (d > 0 or < 0) rounded by `mode`. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw invalid('division', 'division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  const neg = n < 0n;
  switch (mode) {
    case 'TRUNC':
      return q;
    case 'FLOOR':
      return neg ? q - 1n : q;
    case 'CEIL':
      return neg ? q : q + 1n;
    case 'HALF_UP':
    case 'HALF_EVEN': {
      const twice = (neg ? -r : r) * 2n;
      const away = neg ? q - 1n : q + 1n;
      if (twice > d) return away;
      if (twice < d) return q;
      if (mode === 'HALF_UP') return away;
      return q % 2n === 0n ? q : away;
    }
  }
}

/** Rounds to `precision` fraction digits (raises precision exactly when it is higher). */
export function roundTo(v: FixedPoint, precision: number, mode: RoundingMode): FixedPoint {
  if (precision >= v.precision) return { raw: scaleUp(v, precision), precision };
  return { raw: divRound(v.raw, pow10(v.precision - precision), mode), precision };
}

/** Rounds to a multiple of `increment` (> 0); the result has the increment's precision. */
export function roundToIncrement(v: FixedPoint, increment: FixedPoint, mode: RoundingMode): FixedPoint {
  if (increment.raw <= 0n) throw invalid('increment', 'increment must be positive');
  const p = Math.max(v.precision, increment.precision);
  const steps = divRound(scaleUp(v, p), scaleUp(increment, p), mode);
  return { raw: steps * increment.raw, precision: increment.precision };
}

export function isMultipleOf(v: FixedPoint, increment: FixedPoint): boolean {
  if (increment.raw <= 0n) return false;
  const p = Math.max(v.precision, increment.precision);
  return scaleUp(v, p) % scaleUp(increment, p) === 0n;
}

/** a / b at `precision` fraction digits, rounded by `mode`. */
export function divide(a: FixedPoint, b: FixedPoint, precision: number, mode: RoundingMode): FixedPoint {
  // a.raw·10^-pa / (b.raw·10^-pb) = (a.raw · 10^(pb - pa + precision) / b.raw) · 10^-precision
  const shift = b.precision - a.precision + precision;
  const n = shift >= 0 ? a.raw * pow10(shift) : a.raw;
  const d = shift >= 0 ? b.raw : b.raw * pow10(-shift);
  return { raw: divRound(n, d, mode), precision };
}

export function format(v: FixedPoint): string {
  const neg = v.raw < 0n;
  const digits = (neg ? -v.raw : v.raw).toString();
  if (v.precision === 0) return (neg ? '-' : '') + digits;
  const padded = digits.padStart(v.precision + 1, '0');
  const cut = padded.length - v.precision;
  return `${neg ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** A canonical text key (trailing zeros trimmed): equal values give equal keys. */
export function canonicalKey(v: FixedPoint): string {
  return format(trimZeros(v));
}
