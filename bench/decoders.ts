/**
 * Hand-written shape checks + exact normalisation for `trade` and `ticker` frames, used by the
 * benchmark's fast pipeline (the `book` frames go through SpotOrderBook's own decoder). They walk
 * the raw text with the book's JsonCursor: the JSON grammar is checked, required fields and their
 * types are enforced, unknown fields skipped, and every decimal is kept as its exact token text.
 * They live in bench/ because trade/ticker decoding belongs to the data client, not the book.
 */
import { JsonCursor, MalformedJson } from '../src/kraken/book/json-cursor.js';

export interface TradeTick {
  symbol: string;
  side: 'buy' | 'sell';
  price: string;
  qty: string;
  ordType: string;
  tradeId: number;
  timestamp: string;
}

export interface Ticker {
  symbol: string;
  bid: string;
  bidQty: string;
  ask: string;
  askQty: string;
  last: string;
  timestamp: string;
}

const c = new JsonCursor();

function unsignedDecimal(): string {
  c.decimalSpan();
  if (c.text.charCodeAt(c.start) === 45) c.fail('negative price/qty');
  return c.text.slice(c.start, c.end);
}

function anyDecimal(): string {
  c.decimalSpan();
  return c.text.slice(c.start, c.end);
}

/** Returns the trades of a `trade` frame, or `undefined` if the frame is malformed. */
export function decodeTrades(text: string, out: TradeTick[]): boolean {
  out.length = 0;
  c.reset(text);
  let channel = '';
  try {
    c.expect(123);
    do {
      const key = c.string();
      c.expect(58);
      if (key === 'channel') channel = c.string();
      else if (key === 'data') {
        if (c.open(91, 93)) continue;
        do out.push(trade());
        while (c.more(93));
      } else c.skip();
    } while (c.more(125));
    c.finish();
  } catch (e) {
    if (e instanceof MalformedJson) return false;
    throw e;
  }
  return channel === 'trade';
}

function trade(): TradeTick {
  const t: TradeTick = { symbol: '', side: 'buy', price: '', qty: '', ordType: '', tradeId: -1, timestamp: '' };
  c.expect(123);
  do {
    const key = c.string();
    c.expect(58);
    switch (key) {
      case 'symbol':
        t.symbol = c.string();
        break;
      case 'side': {
        const s = c.string();
        if (s === 'buy' || s === 'sell') t.side = s;
        else c.fail('side');
        break;
      }
      case 'price':
        t.price = unsignedDecimal();
        break;
      case 'qty':
        t.qty = unsignedDecimal();
        break;
      case 'ord_type':
        t.ordType = c.string();
        break;
      case 'trade_id':
        t.tradeId = c.integer();
        break;
      case 'timestamp':
        t.timestamp = c.string();
        break;
      default:
        c.skip();
    }
  } while (c.more(125));
  if (t.symbol === '' || t.price === '' || t.qty === '' || t.tradeId < 0 || t.timestamp === '') c.fail('missing trade field');
  return t;
}

/** Decodes a `ticker` frame's single row, or returns `undefined` if malformed. */
export function decodeTicker(text: string): Ticker | undefined {
  c.reset(text);
  let channel = '';
  let row: Ticker | undefined;
  try {
    c.expect(123);
    do {
      const key = c.string();
      c.expect(58);
      if (key === 'channel') channel = c.string();
      else if (key === 'data') {
        c.expect(91);
        row = tickerRow();
        c.expect(93);
      } else c.skip();
    } while (c.more(125));
    c.finish();
  } catch (e) {
    if (e instanceof MalformedJson) return undefined;
    throw e;
  }
  return channel === 'ticker' ? row : undefined;
}

function tickerRow(): Ticker {
  const t: Ticker = { symbol: '', bid: '', bidQty: '', ask: '', askQty: '', last: '', timestamp: '' };
  c.expect(123);
  do {
    const key = c.string();
    c.expect(58);
    switch (key) {
      case 'symbol':
        t.symbol = c.string();
        break;
      case 'bid':
        t.bid = unsignedDecimal();
        break;
      case 'bid_qty':
        t.bidQty = unsignedDecimal();
        break;
      case 'ask':
        t.ask = unsignedDecimal();
        break;
      case 'ask_qty':
        t.askQty = unsignedDecimal();
        break;
      case 'last':
        t.last = unsignedDecimal();
        break;
      case 'volume':
      case 'vwap':
      case 'low':
      case 'high':
      case 'change':
      case 'change_pct':
        anyDecimal();
        break;
      case 'timestamp':
        t.timestamp = c.string();
        break;
      default:
        c.skip();
    }
  } while (c.more(125));
  if (t.symbol === '' || t.bid === '' || t.ask === '') c.fail('missing ticker field');
  return t;
}
