/**
 * Single-pass decoders for Spot WS v2 `trade` and `ticker` frames: raw frame text → the same typed
 * message the lossless parse plus the generated validator would produce, in one walk of the text
 * with the book's JsonCursor (every decimal kept as its exact token text, never a float).
 *
 * They are deliberately narrow: a frame they do not fully understand is not refused here but
 * handed back (`undefined`), and the client then takes the generic route (lossless parse and the
 * generated validator), which accepts or refuses it with the usual error. So the route as a whole
 * accepts and refuses exactly what the generated validators do (pinned by a fuzz test), while a
 * frame as Kraken writes it costs one pass. Handed back: an unknown or repeated key, a decimal
 * written as a string or with an exponent, `-0`, a negative or fractional `trade_id`, a missing
 * required field, a `type` other than snapshot/update, malformed JSON.
 */
import { JsonCursor, MalformedJson } from '../../book/json-cursor.js';
import type { TickerMessage, TradeMessage } from '../../../../generated/spot-ws-v2/types.gen.js';

const cursor = new JsonCursor();
/** Not an Error (no stack to capture): caught below, never escapes. */
const HAND_BACK = new MalformedJson('not decoded on the text route');

const TOP_KEYS = ['channel', 'type', 'data'];
const TYPES = ['snapshot', 'update'];
const TRADE_KEYS = ['symbol', 'side', 'qty', 'price', 'ord_type', 'trade_id', 'timestamp'];
const TICKER_KEYS = [
  'symbol',
  'bid',
  'bid_qty',
  'ask',
  'ask_qty',
  'last',
  'volume',
  'vwap',
  'low',
  'high',
  'change',
  'change_pct',
  'timestamp',
];
/** Every ticker key but `last` and `timestamp` (bits 5 and 12) is required. */
const TICKER_REQUIRED = 0b0_1111_1101_1111;
const TRADE_REQUIRED = 0b111_1111;

/**
 * A decimal as the generated validator leaves it: the exact token text of a JSON number without
 * an exponent (a safe integer it would turn back into the same text, except `-0`).
 */
function decimal(c: JsonCursor): string {
  if (c.peek() === 34) throw HAND_BACK;
  c.numberSpan();
  const t = c.text;
  const start = c.start;
  const end = c.end;
  let dot = false;
  for (let i = start; i < end; i++) {
    const ch = t.charCodeAt(i);
    if (ch === 101 || ch === 69) throw HAND_BACK;
    if (ch === 46) dot = true;
  }
  if (!dot && end - start === 2 && t.charCodeAt(start) === 45 && t.charCodeAt(start + 1) === 48) throw HAND_BACK;
  return t.slice(start, end);
}

/** Walks `{"channel":…,"type":…,"data":[…]}` with each key once; `row` decodes one data element. */
function decodeFrame<R>(
  text: string,
  channel: string,
  row: (c: JsonCursor) => R,
  minRows: number,
): { type: string; data: R[] } | undefined {
  const c = cursor;
  c.reset(text);
  let seen = 0;
  let type = '';
  const data: R[] = [];
  try {
    if (c.open(123, 125)) return undefined;
    do {
      const key = c.oneOf(TOP_KEYS);
      if (key < 0 || (seen & (1 << key)) !== 0) throw HAND_BACK;
      seen |= 1 << key;
      c.expect(58);
      if (key === 0) {
        if (c.string() !== channel) throw HAND_BACK;
      } else if (key === 1) {
        const k = c.oneOf(TYPES);
        if (k < 0) throw HAND_BACK;
        type = TYPES[k]!;
      } else if (!c.open(91, 93)) {
        do data.push(row(c));
        while (c.more(93));
      }
    } while (c.more(125));
    c.finish();
  } catch (e) {
    if (e instanceof MalformedJson) return undefined;
    throw e;
  }
  if (seen !== 0b111 || data.length < minRows) return undefined;
  return { type, data };
}

type TradeRow = TradeMessage['data'][number];
type TickerRow = TickerMessage['data'][number];

function tradeRow(c: JsonCursor): TradeRow {
  let seen = 0;
  let symbol = '';
  let side = '';
  let qty = '';
  let price = '';
  let ordType = '';
  let tradeId = 0;
  let timestamp = '';
  if (c.open(123, 125)) throw HAND_BACK;
  do {
    const key = c.oneOf(TRADE_KEYS);
    if (key < 0 || (seen & (1 << key)) !== 0) throw HAND_BACK;
    seen |= 1 << key;
    c.expect(58);
    switch (key) {
      case 0:
        symbol = c.string();
        break;
      case 1:
        side = c.string();
        break;
      case 2:
        qty = decimal(c);
        break;
      case 3:
        price = decimal(c);
        break;
      case 4:
        ordType = c.string();
        break;
      case 5:
        tradeId = c.integer();
        break;
      default:
        timestamp = c.string();
    }
  } while (c.more(125));
  if (seen !== TRADE_REQUIRED) throw HAND_BACK;
  return { symbol, side, qty, price, ord_type: ordType, trade_id: tradeId, timestamp };
}

function tickerRow(c: JsonCursor): TickerRow {
  let seen = 0;
  const v: string[] = ['', '', '', '', '', '', '', '', '', '', '', '', ''];
  if (c.open(123, 125)) throw HAND_BACK;
  do {
    const key = c.oneOf(TICKER_KEYS);
    if (key < 0 || (seen & (1 << key)) !== 0) throw HAND_BACK;
    seen |= 1 << key;
    c.expect(58);
    v[key] = key === 0 || key === 12 ? c.string() : decimal(c);
  } while (c.more(125));
  if ((seen & TICKER_REQUIRED) !== TICKER_REQUIRED) throw HAND_BACK;
  const row: TickerRow = {
    symbol: v[0]!,
    bid: v[1]!,
    bid_qty: v[2]!,
    ask: v[3]!,
    ask_qty: v[4]!,
    volume: v[6]!,
    vwap: v[7]!,
    low: v[8]!,
    high: v[9]!,
    change: v[10]!,
    change_pct: v[11]!,
  };
  if ((seen & (1 << 5)) !== 0) row.last = v[5]!;
  if ((seen & (1 << 12)) !== 0) row.timestamp = v[12]!;
  return row;
}

/** A `trade` frame as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeSpotTradeText(text: string): TradeMessage | undefined {
  const f = decodeFrame(text, 'trade', tradeRow, 0);
  return f === undefined ? undefined : { channel: 'trade', type: f.type, data: f.data };
}

/** A `ticker` frame as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeSpotTickerText(text: string): TickerMessage | undefined {
  const f = decodeFrame(text, 'ticker', tickerRow, 1);
  return f === undefined ? undefined : { channel: 'ticker', type: f.type, data: f.data };
}

const CHANNEL_PREFIX = '{"channel":"';

/**
 * The channel of a frame written the way Kraken writes it (`{"channel":"<name>",…`), read in
 * place: 1 book, 2 trade, 3 ticker, 0 anything else (which takes the generic route).
 */
export function textRouteOf(text: string): number {
  if (!text.startsWith(CHANNEL_PREFIX)) return 0;
  const at = CHANNEL_PREFIX.length;
  if (text.startsWith('book"', at)) return 1;
  if (text.startsWith('trade"', at)) return 2;
  if (text.startsWith('ticker"', at)) return 3;
  return 0;
}
