/**
 * Single-pass decoders for Futures WS v1 `trade` and `ticker` messages: raw frame text → the same
 * typed message the lossless parse plus the generated validator would produce, in one walk of the
 * text (src/kraken/common/text-fields.ts). Every decimal stays its exact token text, never a float.
 *
 * Narrow on purpose: a frame they do not fully understand is handed back (`undefined`) and takes
 * the generic route, which accepts or refuses it as before (pinned by a fuzz test). Handed back:
 * an unknown or repeated key (an `event` frame, a field the schema does not name), a decimal
 * written as a string, `-0`, a negative, fractional or 16-digit integer, a missing required field,
 * malformed JSON.
 *
 * Kraken writes Futures decimals from floats, and small ones in exponent notation (a ticker's
 * `funding_rate: -6.2604214e-11`): the generic route keeps such a token as written, and so does
 * this one, so a perpetual's ticker stays on the single pass.
 */
import { JsonCursor, MalformedJson } from '../../book/json-cursor.js';
import { FieldKind, flatObject, type FlatObjectSpec } from '../../common/text-fields.js';
import type { FuturesWsFeedMessages } from './types.js';

const { String: S, DecimalExp: D, Integer: I, Boolean: B, Object: O } = FieldKind;

const TRADE = flatObject(
  [
    ['feed', S],
    ['product_id', S],
    ['uid', S],
    ['side', S],
    ['type', S],
    ['seq', I],
    ['time', I],
    ['qty', D],
    ['price', D],
  ],
  ['feed', 'product_id', 'uid', 'side', 'seq', 'time', 'qty', 'price'],
  { fixed: { key: 'feed', value: 'trade' } },
);

const GREEKS = flatObject(
  [
    ['iv', D],
    ['delta', D],
    ['gamma', D],
    ['vega', D],
    ['theta', D],
    ['rho', D],
  ],
  [],
);

const TICKER = flatObject(
  [
    ['feed', S],
    ['product_id', S],
    ['time', I],
    ['bid', D],
    ['ask', D],
    ['bid_size', D],
    ['ask_size', D],
    ['volume', D],
    ['volumeQuote', D],
    ['dtm', I],
    ['leverage', S],
    ['index', D],
    ['premium', D],
    ['last', D],
    ['change', D],
    ['suspended', B],
    ['tag', S],
    ['pair', S],
    ['openInterest', D],
    ['markPrice', D],
    ['maturityTime', I],
    ['post_only', B],
    ['open', D],
    ['high', D],
    ['low', D],
    ['funding_rate', D],
    ['funding_rate_prediction', D],
    ['relative_funding_rate', D],
    ['relative_funding_rate_prediction', D],
    ['next_funding_rate_time', I],
    ['greeks', O],
  ],
  ['feed', 'product_id', 'time'],
  { nested: { greeks: GREEKS }, fixed: { key: 'feed', value: 'ticker' } },
);

const cursor = new JsonCursor();

function decodeMessage(text: string, spec: FlatObjectSpec): Record<string, unknown> | undefined {
  const c = cursor;
  c.reset(text);
  try {
    const message = spec.read(c);
    c.finish();
    return message;
  } catch (e) {
    if (e instanceof MalformedJson) return undefined;
    throw e;
  }
}

/** A `trade` message as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeFuturesTradeText(text: string): FuturesWsFeedMessages['trade'] | undefined {
  return decodeMessage(text, TRADE) as FuturesWsFeedMessages['trade'] | undefined;
}

/** A `ticker` message as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeFuturesTickerText(text: string): FuturesWsFeedMessages['ticker'] | undefined {
  return decodeMessage(text, TICKER) as FuturesWsFeedMessages['ticker'] | undefined;
}

const FEED_KEY = '"feed":"';

/**
 * The feed a frame names (`"feed":"<name>"`, found in place wherever Kraken put it): 1 `book` or
 * `book_snapshot`, 2 `trade`, 3 `ticker`, 0 anything else (the generic route). Only a guess: the
 * decoder it picks checks the whole frame.
 */
export function futuresTextRouteOf(text: string): number {
  const k = text.indexOf(FEED_KEY);
  if (k < 0) return 0;
  const at = k + FEED_KEY.length;
  if (text.startsWith('book"', at) || text.startsWith('book_snapshot"', at)) return 1;
  if (text.startsWith('trade"', at)) return 2;
  if (text.startsWith('ticker"', at)) return 3;
  return 0;
}

const PRODUCT_KEY = '"product_id":"';

/**
 * The product a `book_snapshot` / `book` frame names, read in place to pick its verified book
 * ('' when it names none); the book's own decode checks the frame whole.
 */
export function futuresBookProductOf(text: string): string {
  const at = text.indexOf(PRODUCT_KEY);
  const end = at < 0 ? -1 : text.indexOf('"', at + PRODUCT_KEY.length);
  return end < 0 ? '' : text.slice(at + PRODUCT_KEY.length, end);
}
