/**
 * Futures request encoding: the exact text that is sent is the text that Authent hashes
 * (since 20 Feb 2024 Kraken hashes the *url-encoded* form).
 *
 * - Query strings and form bodies: `name=value` pairs in the caller's key order; an array is sent
 *   as the same name repeated (`contractType=a&contractType=b`, OpenAPI `style: form, explode`).
 * - `batchorder`: the form field `json` carries the batch as JSON text, then url-encoded. Prices
 *   and sizes inside it are JSON numbers on the wire (Kraken's own batchorder example: `"size":1,
 *   "limitPrice":1000`), so exact decimal strings are written as bare number tokens, never through
 *   a float.
 */
import { KrakenValidationError } from '../../../core/errors.js';
import { encodeExactJson, WireNumber } from '../../../core/exact-json.js';
import { encodeForm } from '../../../transport/form.js';

/** The batch-instruction fields Kraken reads as JSON numbers (schema `format: decimal`). */
export const BATCH_DECIMAL_FIELDS: ReadonlySet<string> = new Set(['size', 'limitPrice', 'stopPrice', 'trailingStopMaxDeviation']);

// A plain decimal: no exponent, so the token means exactly what the caller wrote.
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

function invalid(path: string, message: string): KrakenValidationError {
  return new KrakenValidationError('invalid request', [{ path, message }]);
}

/** `application/x-www-form-urlencoded` text (also used for query strings); arrays repeat the name. */
export function encodeFuturesForm(params: Readonly<Record<string, unknown>>): string {
  return encodeForm(params, { arrays: 'repeat' });
}

function decimalToken(path: string, value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return value;
  throw invalid(path, 'must be a plain decimal string (e.g. "0.01"), without exponent');
}

function withWireNumbers(path: string, value: unknown, key: string | undefined): unknown {
  if (key !== undefined && BATCH_DECIMAL_FIELDS.has(key)) return new WireNumber(decimalToken(path, value));
  if (Array.isArray(value)) return value.map((v, i) => withWireNumbers(`${path}/${i}`, v, undefined));
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>; // no prototype: any key is plain data
    for (const [k, v] of Object.entries(value)) out[k] = withWireNumbers(`${path}/${k}`, v, k);
    return out;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw invalid(path, 'must be an integer or a decimal string, never a float');
  return value;
}

/** The compact JSON text of a `batchorder` payload (`{"batchOrder":[...]}`), decimals as number tokens. */
export function encodeBatchOrderJson(payload: unknown): string {
  return encodeExactJson(withWireNumbers('/json', payload, undefined));
}
