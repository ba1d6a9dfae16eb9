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

/** Encodes in the object's key order; the exact string returned is what gets signed and sent. */
export function encodeForm(params: Readonly<Record<string, unknown>>, options: FormOptions = {}): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      const items = value.map((item, i) => scalarText(`/${key}/${i}`, item));
      if (options.arrays === 'repeat') {
        for (const text of items) if (text !== undefined) out.append(key, text);
      } else {
        out.append(key, items.map((t) => t ?? '').join(','));
      }
      continue;
    }
    const text = scalarText(`/${key}`, value);
    if (text !== undefined) out.append(key, text);
  }
  return out.toString();
}
