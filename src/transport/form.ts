/** `application/x-www-form-urlencoded` bodies and query strings, as Kraken expects them. */
import { KrakenValidationError } from '../kraken/common/errors.js';

function formValue(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    // Integers only: a float here would be a price or volume typed as a number by mistake.
    if (Number.isSafeInteger(value)) return String(value);
    throw new KrakenValidationError('invalid request', [{ path: `/${key}`, message: 'must be an integer or a decimal string, never a float' }]);
  }
  if (Array.isArray(value)) return value.map((v, i) => formValue(`${key}/${i}`, v) ?? '').join(',');
  throw new KrakenValidationError('invalid request', [{ path: `/${key}`, message: 'cannot be form-encoded (object)' }]);
}

/** Encodes in the object's key order; the exact string returned is what gets signed and sent. */
export function encodeForm(params: Readonly<Record<string, unknown>>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    const s = formValue(k, v);
    if (s !== undefined) out.append(k, s);
  }
  return out.toString();
}
