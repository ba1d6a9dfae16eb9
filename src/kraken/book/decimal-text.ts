/**
 * Exact decimal text <-> scaled integer conversions for order-book levels.
 *
 * Why not `Number(token)`: Kraken sends prices and quantities as JSON number tokens whose
 * trailing zeros matter for the Spot v2 checksum (`45281.0` → `452810`, `0.10000000` →
 * `10000000`; see test/unit/book/spot-checksum-vectors.test.ts), and Kraken's documented example
 * even prints them in shortest form (`0.566` for `0.5660`). So every level is held as an integer scaled by the
 * pair's precision (`price_precision` / `qty_precision` from the `instrument` channel), parsed
 * straight from the token text. A token with more non-zero decimals than the precision cannot be
 * checksummed and is rejected, never rounded.
 */

/** Exact powers of ten as doubles (10^0 … 10^22 are all exactly representable). */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** `scaleDecimal` result: the token is not a non-negative decimal at this precision. */
export const SCALE_INVALID = -1;
/** `scaleDecimal` result: exact, but the scaled integer exceeds 2^53 − 1; use `scaleDecimalDigits`. */
export const SCALE_OVERFLOW = -2;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Above this, one more `* 10 + d` could leave the exactly representable integers. */
const MANTISSA_LIMIT = Math.floor(MAX_SAFE / 10) - 1;
/** Bounds for pathological tokens (docs/reliability.md D6: 400-digit numbers, huge exponents). */
const MAX_TOKEN_LENGTH = 64;
const MAX_EXPONENT = 64;

/**
 * Parses `text[start, end)` (a JSON number token, or a decimal string) and returns the value
 * times 10^precision as an exact integer, `SCALE_INVALID` (negative, malformed, or finer than
 * the precision) or `SCALE_OVERFLOW`.
 */
export function scaleDecimal(text: string, start: number, end: number, precision: number): number {
  if (end <= start || end - start > MAX_TOKEN_LENGTH) return SCALE_INVALID;
  let i = start;
  let c = text.charCodeAt(i);
  let mantissa = 0;
  let overflow = false;
  let digits = 0;
  while (c >= 48 && c <= 57) {
    if (mantissa > MANTISSA_LIMIT) overflow = true;
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = ++i < end ? text.charCodeAt(i) : -1;
  }
  if (digits === 0) return SCALE_INVALID;
  let fraction = 0;
  if (c === 46 /* . */) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    while (c >= 48 && c <= 57) {
      if (mantissa > MANTISSA_LIMIT) overflow = true;
      mantissa = mantissa * 10 + (c - 48);
      fraction++;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    if (fraction === 0) return SCALE_INVALID;
  }
  let exponent = 0;
  if (c === 101 || c === 69 /* e E */) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    let negative = false;
    if (c === 43 || c === 45) {
      negative = c === 45;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    let expDigits = 0;
    while (c >= 48 && c <= 57) {
      exponent = exponent * 10 + (c - 48);
      expDigits++;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    if (expDigits === 0 || exponent > MAX_EXPONENT) return SCALE_INVALID;
    if (negative) exponent = -exponent;
  }
  if (i !== end) return SCALE_INVALID;
  if (mantissa === 0) return 0;
  if (overflow) return SCALE_OVERFLOW;
  const shift = precision + exponent - fraction;
  if (shift >= 0) {
    if (shift > 22) return SCALE_OVERFLOW;
    const scaled = mantissa * POW10[shift]!;
    return scaled > MAX_SAFE ? SCALE_OVERFLOW : scaled;
  }
  if (-shift > 22) return SCALE_INVALID;
  const divisor = POW10[-shift]!;
  // Only trailing zeros may be dropped; a non-zero digit below the precision is not representable.
  if (mantissa % divisor !== 0) return SCALE_INVALID;
  return mantissa / divisor;
}

const DECIMAL_TOKEN = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The slow, unbounded twin of `scaleDecimal` for values whose scaled integer exceeds 2^53 − 1
 * (e.g. a meme-coin level of 10^11 units at 8 decimals). Returns the scaled integer's decimal
 * digits without leading zeros (`"0"` for zero), or `null` when not representable.
 */
export function scaleDecimalDigits(token: string, precision: number): string | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const m = DECIMAL_TOKEN.exec(token);
  if (m === null) return null;
  const frac = m[2] ?? '';
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  if (Math.abs(exponent) > MAX_EXPONENT) return null;
  let digits = (m[1]! + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  const shift = precision + exponent - frac.length;
  if (shift >= 0) return digits + '0'.repeat(shift);
  const cut = digits.length + shift;
  if (!/^0*$/.test(digits.slice(Math.max(cut, 0)))) return null;
  digits = cut <= 0 ? '' : digits.slice(0, cut);
  return digits === '' ? '0' : digits;
}

/** Formats scaled-integer digits (no sign, `"0"` allowed) as a decimal with exactly `precision` places. */
export function formatScaledDigits(digits: string, precision: number): string {
  if (precision === 0) return digits;
  const padded = digits.length <= precision ? '0'.repeat(precision - digits.length + 1) + digits : digits;
  const cut = padded.length - precision;
  return `${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** Formats an exact scaled integer (≤ 2^53 − 1) as a decimal with exactly `precision` places. */
export function formatScaled(scaled: number, precision: number): string {
  return formatScaledDigits(String(scaled), precision);
}

/**
 * Canonical text of a non-negative decimal token: no exponent, no leading zeros in the integer
 * part, no trailing zeros in the fraction (`"034892.50"` → `"34892.5"`, `"1e-3"` → `"0.001"`).
 * Used where no precision is known (Futures books). Returns `null` for anything else.
 */
export function canonicalDecimal(token: string): string | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const plain = canonicalPlain(token);
  if (plain !== undefined) return plain;
  const m = DECIMAL_TOKEN.exec(token);
  if (m === null) return null;
  let int = m[1]!;
  let frac = m[2] ?? '';
  if (m[3] !== undefined) {
    const exponent = Number(m[3]);
    if (Math.abs(exponent) > MAX_EXPONENT) return null;
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

/**
 * `canonicalDecimal` of plain text (digits, optionally a point and digits: every price and size
 * a Futures book frame carries), by index arithmetic instead of the regex and two replaces;
 * `undefined` for anything else (an exponent, a sign, not a decimal), which takes the general way.
 */
function canonicalPlain(token: string): string | undefined {
  const n = token.length;
  let i = 0;
  while (i < n && isDigitCode(token.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd === 0) return undefined;
  let end = n;
  if (i < n) {
    if (token.charCodeAt(i) !== 46 /* . */ || i + 1 === n) return undefined;
    for (i++; i < n; i++) if (!isDigitCode(token.charCodeAt(i))) return undefined;
    while (token.charCodeAt(end - 1) === 48 /* 0 */) end--; // trailing zeros of the fraction
    if (end === intEnd + 1) end = intEnd; // nothing left after the point
  }
  let start = 0;
  while (start < intEnd - 1 && token.charCodeAt(start) === 48) start++; // leading zeros, keeping one digit
  return start === 0 && end === n ? token : token.slice(start, end);
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Exact order of two canonical decimals (as produced by `canonicalDecimal`): <0, 0, >0. A longer
 * integer part is the larger number; with integer parts of one length the points line up, and a
 * canonical fraction has no trailing zeros, so plain string order is numeric order.
 */
export function compareCanonical(a: string, b: string): number {
  if (a === b) return 0;
  const ai = a.indexOf('.');
  const bi = b.indexOf('.');
  const aInt = ai < 0 ? a.length : ai;
  const bInt = bi < 0 ? b.length : bi;
  if (aInt !== bInt) return aInt - bInt;
  return a < b ? -1 : 1;
}

/** Writes the decimal digits of a non-negative integer ≤ 2^53 − 1; returns the end offset. */
export function writeDigits(buf: Uint8Array, off: number, n: number): number {
  if (n >= 1e9) {
    const hi = Math.floor(n / 1e9);
    off = writeDigits(buf, off, hi);
    let lo = n - hi * 1e9;
    for (let k = off + 8; k >= off; k--) {
      const q = (lo / 10) | 0;
      buf[k] = 48 + lo - q * 10;
      lo = q;
    }
    return off + 9;
  }
  let v = n | 0;
  let len = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) len++;
  for (let k = off + len - 1; k >= off; k--) {
    const q = (v / 10) | 0;
    buf[k] = 48 + v - q * 10;
    v = q;
  }
  return off + len;
}
