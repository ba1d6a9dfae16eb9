/**
 * Exact, safe JSON decoding for venue payloads.
 *
 * - Lossless numbers: `JSON.parse` turns `0.00100000` into `0.001` and `1e-7` into a float. Kraken
 *   Futures and Spot WS v2 send prices as JSON numbers, and checksums need the trailing zeros.
 *   Every number token that is not a safe integer is therefore decoded as a *string holding its
 *   exact source text*; safe integers stay numbers. Schemas mark such fields `format: decimal`.
 * - Prototype safety (docs/reliability.md D8): a key `__proto__` is rejected, so no decoded object can
 *   carry a poisoned prototype into code that spreads or merges it.
 * - Size: callers bound the text length before decoding (HTTP and WS both cap payloads).
 */
import { KrakenTransportError } from './errors.js';

const QUOTE = 34; // "
const BACKSLASH = 92;
const MINUS = 45;
const DOT = 46;
const COLON = 58;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Set by the last `quoteInexactNumbers` call: a string literal spelled exactly `"__proto__"` was
 * seen. Lets `parseVenueJson` skip the `__proto__` walk without a second pass over the text (a
 * substring search for `"__proto__"` alone cost ≈ 20 % of a `JSON.parse` on a book frame).
 */
let sawProtoLiteral = false;

/**
 * Rewrites every number token that is not a safe integer (it has a fraction or an exponent, or
 * 16+ integer digits) into a string literal of its exact text; strings and safe integers are
 * copied untouched. One pass: strings are skipped with `indexOf('"')` (an escaped quote is one
 * preceded by an odd run of backslashes), the text between them is walked per character, and
 * only the runs between rewritten numbers are copied. bench/json.ts: `parseVenueJson` costs
 * 1.7–2.4× a bare `JSON.parse` on Spot v2 / Futures / REST frames, the former `replace` with a
 * callback for every token 3.1–4.2× (BENCHMARKS.md, "Lossless venue JSON decode").
 *
 * A token JSON itself would refuse is left as it is, so `JSON.parse` still refuses the text: a
 * leading zero (`01.5`) and a number used as an object key (`{1.5:1}`); quoting those would turn
 * invalid JSON into valid JSON.
 */
export function quoteInexactNumbers(text: string): string {
  const n = text.length;
  let out = '';
  let copied = 0; // text[0, copied) is already in `out`
  let i = 0;
  sawProtoLiteral = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let q = text.indexOf('"', i + 1);
      while (q > 0 && text.charCodeAt(q - 1) === BACKSLASH) {
        let b = q - 1;
        while (text.charCodeAt(b - 1) === BACKSLASH) b--;
        if ((q - b) % 2 === 0) break; // an even run escapes only itself
        q = text.indexOf('"', q + 1);
      }
      if (q < 0) break; // unterminated string: JSON.parse reports it
      if (q - i === 10 && text.startsWith('__proto__', i + 1)) sawProtoLiteral = true;
      i = q + 1;
      continue;
    }
    if (c !== MINUS && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === MINUS) i++;
    const intStart = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const intDigits = i - intStart;
    if (intDigits === 0) continue; // a lone '-': JSON.parse reports it
    let inexact = intDigits >= 16;
    if (text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
      i += 2;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      inexact = true;
    }
    if ((text.charCodeAt(i) | 32) === 101 /* e or E */) {
      let j = i + 1;
      const sign = text.charCodeAt(j);
      if (sign === 43 /* + */ || sign === MINUS) j++;
      if (isDigit(text.charCodeAt(j))) {
        i = j + 1;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        inexact = true;
      }
    }
    if (!inexact) continue;
    if (intDigits > 1 && text.charCodeAt(intStart) === 48 /* leading 0 */) continue;
    if (isObjectKey(text, i)) continue;
    out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
    copied = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** True when the next non-whitespace character at or after i is ':' (the token is a key). */
function isObjectKey(text: string, i: number): boolean {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++i);
  return c === COLON;
}

export class JsonDecodeError extends KrakenTransportError {}

/**
 * Parses venue JSON losslessly. Throws `KrakenTransportError` (failure `bad-body`) on invalid
 * JSON or a `__proto__` key; never throws anything else.
 */
export function parseVenueJson(text: string, endpoint?: string): unknown {
  let value: unknown;
  let mayHaveProtoKey: boolean;
  try {
    value = JSON.parse(quoteInexactNumbers(text));
    // A `__proto__` key is spelled out, or written with a `\u` escape (`"__pro\u0074o__"` decodes
    // to the same key), so any backslash in the text also calls for the walk.
    mayHaveProtoKey = sawProtoLiteral || text.indexOf('\\') >= 0;
  } catch (cause) {
    throw new JsonDecodeError('venue sent a body that is not valid JSON', 'bad-body', {
      ...(endpoint === undefined ? {} : { endpoint }),
      bodyExcerpt: text.slice(0, 200),
      cause,
    });
  }
  if (mayHaveProtoKey && hasProtoKey(value)) {
    throw new JsonDecodeError('venue payload carries a __proto__ key', 'bad-body', {
      ...(endpoint === undefined ? {} : { endpoint }),
      bodyExcerpt: text.slice(0, 200),
    });
  }
  return value;
}

function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(v, '__proto__')) return true;
    for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/** The decimal text pattern accepted wherever a schema says `format: decimal`. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A decoded JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
