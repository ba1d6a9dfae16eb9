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
 * written as a string or with an exponent, `-0`, a negative, fractional or 16-digit `trade_id`, a missing
 * required field, a `type` other than snapshot/update, malformed JSON.
 */
import type { JsonCursor } from '../../book/json-cursor.js';
import { decodeV2Frame } from '../../common/v2/channel-text.js';
import { exactDecimal, HAND_BACK, plainInteger } from '../../common/text-fields.js';
import type { TickerMessage, TradeMessage } from '../../../../generated/spot-ws-v2/types.gen.js';

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

const decimal = (c: JsonCursor): string => exactDecimal(c, false);

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
    const key = c.memberKey(TRADE_KEYS);
    if (key < 0 || (seen & (1 << key)) !== 0) throw HAND_BACK;
    seen |= 1 << key;
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
        tradeId = plainInteger(c);
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
    const key = c.memberKey(TICKER_KEYS);
    if (key < 0 || (seen & (1 << key)) !== 0) throw HAND_BACK;
    seen |= 1 << key;
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
  const f = decodeV2Frame(text, 'trade', tradeRow, 0);
  return f === undefined ? undefined : { channel: 'trade', type: f.type, data: f.data };
}

/** A `ticker` frame as the generic route would deliver it, or `undefined`: take the generic route. */
export function decodeSpotTickerText(text: string): TickerMessage | undefined {
  const f = decodeV2Frame(text, 'ticker', tickerRow, 1);
  return f === undefined ? undefined : { channel: 'ticker', type: f.type, data: f.data };
}
