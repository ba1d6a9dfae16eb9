/**
 * Single-pass decoders for the Unified WebSocket's `trade`, `ticker` and `book` frames: raw frame
 * text → the same typed message the lossless parse plus the generated validator would produce, in
 * one walk of the text (the v2 envelope is read as for Spot: src/kraken/common/v2/channel-text.ts).
 * Every decimal stays its exact token text, never a float.
 *
 * Narrow on purpose: a frame they do not fully understand is handed back (`undefined`) and takes
 * the generic route, which accepts or refuses it as before (pinned by a fuzz test). Handed back:
 * an unknown or repeated key, a decimal written as a string, with an exponent or as `-0`, a
 * negative, fractional or 16-digit integer, a missing required field, a `type` other than
 * snapshot/update, malformed JSON.
 */
import type { BookSnapshot, BookUpdate, TickerMessage, TradeMessage } from '../../../generated/unified-ws/types.gen.js';
import { FieldKind, flatObject } from '../common/text-fields.js';
import { decodeV2Frame } from '../common/v2/channel-text.js';

const { String: S, Decimal: D, Integer: I, ObjectArray: A } = FieldKind;

const TRADE_ROW = flatObject(
  [
    ['symbol', S],
    ['side', S],
    ['qty', D],
    ['price', D],
    ['ord_type', S],
    ['trade_id', I],
    ['timestamp', S],
  ],
  ['symbol', 'side', 'qty', 'price', 'timestamp'],
);

const TICKER_ROW = flatObject(
  [
    ['symbol', S],
    ['bid', D],
    ['bid_qty', D],
    ['ask', D],
    ['ask_qty', D],
    ['last', D],
    ['volume', D],
    ['vwap', D],
    ['low', D],
    ['high', D],
    ['change', D],
    ['change_pct', D],
    ['timestamp', S],
  ],
  ['symbol'],
);

const LEVEL = flatObject(
  [
    ['price', D],
    ['qty', D],
  ],
  ['price', 'qty'],
);
const BOOK_ROW = flatObject(
  [
    ['symbol', S],
    ['bids', A],
    ['asks', A],
    ['checksum', I],
    ['timestamp', S],
  ],
  ['symbol'],
  { nested: { bids: LEVEL, asks: LEVEL } },
);

/** A `trade` frame as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeUwsTradeText(text: string): TradeMessage | undefined {
  const f = decodeV2Frame(text, 'trade', (c) => TRADE_ROW.read(c) as TradeMessage['data'][number], 0);
  return f === undefined ? undefined : { channel: 'trade', type: f.type, data: f.data };
}

/** A `ticker` frame as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeUwsTickerText(text: string): TickerMessage | undefined {
  const f = decodeV2Frame(text, 'ticker', (c) => TICKER_ROW.read(c) as TickerMessage['data'][number], 1);
  return f === undefined ? undefined : { channel: 'ticker', type: f.type, data: f.data };
}

/** The checksum's schema bound (an unsigned 32-bit CRC). */
const MAX_CHECKSUM = 0xffff_ffff;

/**
 * A `book` frame as the generic route would deliver it, or `undefined`: take the generic route. A
 * snapshot's rows must carry both sides.
 */
export function decodeUwsBookText(text: string): BookSnapshot | BookUpdate | undefined {
  const f = decodeV2Frame(text, 'book', (c) => BOOK_ROW.read(c) as BookUpdate['data'][number], 1);
  if (f === undefined) return undefined;
  for (const row of f.data) {
    if (row.checksum !== undefined && row.checksum > MAX_CHECKSUM) return undefined;
    if (f.type === 'snapshot' && (row.bids === undefined || row.asks === undefined)) return undefined;
  }
  return { channel: 'book', type: f.type, data: f.data } as BookSnapshot | BookUpdate;
}
