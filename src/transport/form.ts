/** `application/x-www-form-urlencoded` bodies and query strings, as Kraken expects them. */
import { KrakenValidationError } from '../core/errors.js';

function scalarText(path: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    // Integers only: a float here would be a price or volume typed as a number by mistake.
    if (Number.isSafeInteger(value)) return String(value);
    throw new KrakenValidationError('invalid request', [{ path, message: 'must be an integer or a decimal string, never a float' }]);
  }
  throw new KrakenValidationError('invalid request', [{ path, message: 'cannot be form-encoded (object)' }]);
}

export interface FormOptions {
  /**
   * How an array is sent: `comma` joins it into one value (Spot: `txid=A,B`), `repeat` repeats
   * the name (Futures, OpenAPI `style: form, explode`: `contractType=a&contractType=b`).
   */
  readonly arrays?: 'comma' | 'repeat';
}

/** Whether `URLSearchParams` writes `text` unchanged: ASCII letters, digits and `*-._` only. */
function isFormSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const safe = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 42;
    if (!safe) return false;
  }
  return true;
}

/**
 * One `name=value` pair exactly as `URLSearchParams` writes it: text of the safe characters as
 * it is (the usual case: names, decimals, symbols, nonces), anything else through
 * `URLSearchParams` itself, so the escaping rules stay the platform's.
 */
function formPair(key: string, text: string): string {
  return isFormSafe(key) && isFormSafe(text) ? `${key}=${text}` : new URLSearchParams([[key, text]]).toString();
}

/** Encodes in the object's key order; the exact string returned is what gets signed and sent. */
export function encodeForm(params: Readonly<Record<string, unknown>>, options: FormOptions = {}): string {
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (typeof value === 'string') {
      out += out === '' ? formPair(key, value) : `&${formPair(key, value)}`;
      continue;
    }
    const texts: string[] = [];
    if (Array.isArray(value)) {
      const items = value.map((item, i) => scalarText(`/${key}/${i}`, item));
      if (options.arrays === 'repeat') {
        for (const text of items) if (text !== undefined) texts.push(text);
      } else {
        texts.push(items.map((t) => t ?? '').join(','));
      }
    } else {
      const text = scalarText(`/${key}`, value);
      if (text !== undefined) texts.push(text);
    }
    for (const text of texts) out += out === '' ? formPair(key, text) : `&${formPair(key, text)}`;
  }
  return out;
}
