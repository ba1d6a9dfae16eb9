/**
 * Exact JSON writing. Kraken wants some decimals as JSON *numbers* (Spot WS v2 requests and
 * frames, Futures bodies and the `batchorder` payload), but a JS number cannot hold `105944.20`
 * or `0.00100000`, and `JSON.stringify(0.00001)` is `1e-5`. A decimal that must travel as a number
 * is wrapped in `WireNumber` and written as its exact text; everything else is ordinary JSON.
 * This is the one writer for the clients' encoders and the simulator alike.
 */
import { KrakenValidationError } from './errors.js';
import { DECIMAL_PATTERN } from './json.js';

export class WireNumber {
  readonly text: string;
  constructor(text: string) {
    if (!DECIMAL_PATTERN.test(text)) {
      throw new KrakenValidationError('invalid number token', [{ path: '', message: `not a JSON number: ${JSON.stringify(text.slice(0, 40))}` }]);
    }
    this.text = text;
  }
}

/** A decimal string as a bare JSON number token. */
export function num(text: string): WireNumber {
  return new WireNumber(text);
}

/** JSON text in which every `WireNumber` is written as its exact digits. Key order is kept. */
export function encodeExactJson(value: unknown): string {
  if (value instanceof WireNumber) return value.text;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : encodeExactJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${encodeExactJson(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}
