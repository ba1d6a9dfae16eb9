/**
 * Serialises an outgoing WS message exactly. Kraken Spot WS v2 wants prices and quantities as
 * JSON numbers, but `JSON.stringify(0.00001)` is `1e-5` and a float cannot hold `105944.20`.
 * So decimals travel as validated strings; the fields the schema marks as numbers are wrapped in
 * `WireNumber` and written by the one exact-JSON writer, digit for digit.
 */
import { Decimal } from 'decimal.js';
import { encodeExactJson, WireNumber } from '../core/exact-json.js';
import { DECIMAL_PATTERN } from '../core/json.js';
import { copyForValidation, validateOrThrow, type Validator } from './validation.js';

function wrapDecimals(node: unknown, path: readonly string[], depth: number): void {
  if (node === null || typeof node !== 'object') return;
  const key = path[depth];
  if (key === undefined) return;
  const rec = node as Record<string, unknown>;
  const keys = key === '*' ? Object.keys(rec) : [key];
  for (const k of keys) {
    if (!Object.hasOwn(rec, k)) continue;
    if (depth === path.length - 1) {
      const v = rec[k];
      // Exponent forms (`1e-5`) are written as plain decimal text: Kraken documents plain numbers.
      if (typeof v === 'string' && DECIMAL_PATTERN.test(v)) rec[k] = new WireNumber(/[eE]/.test(v) ? new Decimal(v).toFixed() : v);
    } else {
      wrapDecimals(rec[k], path, depth + 1);
    }
  }
}

/**
 * Validates `message` with the strict outgoing validator (on a copy: the caller's object is never
 * changed) and returns the wire text. Throws `KrakenValidationError` on a bad message.
 */
export function encodeWsMessage(
  message: unknown,
  validator: Validator,
  bareDecimalPaths: readonly (readonly string[])[],
  what: string,
): string {
  const copy = copyForValidation(message);
  validateOrThrow(validator, copy, `invalid ${what}`);
  for (const path of bareDecimalPaths) wrapDecimals(copy, path, 0);
  return encodeExactJson(copy);
}
