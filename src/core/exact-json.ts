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
      throw new KrakenValidationError('invalid number token', [
        { path: '', message: `not a JSON number: ${JSON.stringify(text.slice(0, 40))}` },
      ]);
    }
    this.text = text;
  }
}

/** A decimal string as a bare JSON number token. */
export function num(text: string): WireNumber {
  return new WireNumber(text);
}

/**
 * JSON text in which every `WireNumber` is written as its exact digits. Key order is kept.
 *
 * Only JSON's own values are written: plain objects and arrays, strings, finite numbers,
 * booleans, `null`, bigints and `WireNumber`s. A property whose value is `undefined` is an absent
 * optional field and is left out, as `JSON.stringify` does. Anything else throws a
 * `KrakenValidationError` naming where it sits, instead of `JSON.stringify`'s silent answers
 * (`undefined` for a function, `null` for `NaN`) or a dump of an object's internals: a class
 * instance, a Map or a function reaching the wire is always a bug, and it must not leak state.
 */
export function encodeExactJson(value: unknown): string {
  if (value === undefined) throw notJson('', 'undefined');
  return encodeAt(value, '', 0);
}

/** Nesting deeper than this is refused rather than risking the stack on a cyclic structure. */
const MAX_DEPTH = 256;

function notJson(path: string, what: string): KrakenValidationError {
  return new KrakenValidationError('not JSON-encodable', [{ path, message: `${what} has no JSON form` }]);
}

function encodeAt(value: unknown, path: string, depth: number): string {
  if (value instanceof WireNumber) return value.text;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw notJson(path, String(value));
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw notJson(path, typeof value);
  }
  if (depth >= MAX_DEPTH) throw notJson(path, `nesting deeper than ${MAX_DEPTH}`);
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => (v === undefined ? throwUndefined(`${path}/${i}`) : encodeAt(v, `${path}/${i}`, depth + 1))).join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw notJson(path, `an instance of ${value.constructor?.name ?? 'a class'}`);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${encodeAt(v, `${path}/${k}`, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

function throwUndefined(path: string): never {
  throw notJson(path, 'undefined');
}
