/**
 * Exact, safe JSON decoding for venue payloads.
 *
 * - Lossless numbers: `JSON.parse` turns `0.00100000` into `0.001` and `1e-7` into a float. Kraken
 *   Futures and Spot WS v2 send prices as JSON numbers, and checksums need the trailing zeros.
 *   Every number token that is not a safe integer is therefore decoded as a *string holding its
 *   exact source text*; safe integers stay numbers. Schemas mark such fields `format: decimal`.
 * - Prototype safety (RELIABILITY D8): a key `__proto__` is rejected, so no decoded object can
 *   carry a poisoned prototype into code that spreads or merges it.
 * - Size: callers bound the text length before decoding (HTTP and WS both cap payloads).
 */
import { KrakenTransportError } from '../kraken/common/errors.js';

// A JSON string literal, or a number token. Strings are matched first so digits inside them are skipped.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const SAFE_INT = /^-?\d{1,15}$/;
const NEEDS_QUOTING = /[.eE]|\d{16}/;

/** Rewrites non-safe-integer number tokens into string literals of their exact text. */
export function quoteInexactNumbers(text: string): string {
  if (!/[.eE]|\d{16}/.test(text)) return text;
  return text.replace(TOKEN, (tok) => {
    if (tok.charCodeAt(0) === 34 /* " */) return tok;
    if (SAFE_INT.test(tok) || !NEEDS_QUOTING.test(tok)) return tok;
    return `"${tok}"`;
  });
}

export class JsonDecodeError extends KrakenTransportError {}

/**
 * Parses venue JSON losslessly. Throws `KrakenTransportError` (failure `bad-body`) on invalid
 * JSON or a `__proto__` key; never throws anything else.
 */
export function parseVenueJson(text: string, endpoint?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(quoteInexactNumbers(text));
  } catch (cause) {
    throw new JsonDecodeError('venue sent a body that is not valid JSON', 'bad-body', {
      ...(endpoint === undefined ? {} : { endpoint }),
      bodyExcerpt: text.slice(0, 200),
      cause,
    });
  }
  if (text.includes('"__proto__"') && hasProtoKey(value)) {
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
