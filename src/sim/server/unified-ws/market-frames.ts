/**
 * The Futures venue's market views → Unified WebSocket public channel frames, in the Spot v2
 * layout the UWS pages point to. Prices and quantities are JSON numbers with the engine's full
 * precision (`num`).
 *
 * Book integrity: the UWS book page links Kraken's v2 checksum guide, but no UWS page says that
 * derivative book frames carry a `checksum` (or a sequence number). The simulator sends neither;
 * a client has only the order of frames and the snapshot-on-resubscribe to rely on.
 */
import type { SimEngineApi } from '../../engine/types/engine.js';
import type { FuturesProductSpec } from '../../engine/types/instruments.js';
import type { FuturesCandleView, FuturesTickerView } from '../../engine/types/futures-views.js';
import type { PublicTrade } from '../../engine/types/market-views.js';
import { Decimal } from '../../engine/decimal.js';
import { num, rfc3339Micros } from '../wire-json.js';
import { sideDiff, type LevelText } from '../spot-ws/market-frames.js';
import type { UwsBookView } from './session.js';

/** `ohlc` interval (minutes) → the venue's candle resolution. Kraken also lists 21600, which the simulated venue does not keep. */
export const UWS_OHLC_RESOLUTIONS: Readonly<Record<number, string>> = {
  1: '1m',
  5: '5m',
  15: '15m',
  30: '30m',
  60: '1h',
  240: '4h',
  1440: '1d',
  10080: '1w',
};

export function uwsBookView(engine: SimEngineApi, symbol: string, depth: number): UwsBookView {
  const b = engine.futures.orderbook(symbol);
  const strip = (l: { price: string; qty: string }): LevelText => ({ price: l.price, qty: l.qty });
  return { bids: b.bids.slice(0, depth).map(strip), asks: b.asks.slice(0, depth).map(strip) };
}

const levels = (side: readonly LevelText[]) => side.map((l) => ({ price: num(l.price), qty: num(l.qty) }));

export function uwsBookSnapshot(symbol: string, view: UwsBookView, timeMs: number): Record<string, unknown> {
  return {
    channel: 'book',
    type: 'snapshot',
    data: [{ symbol, bids: levels(view.bids), asks: levels(view.asks), timestamp: rfc3339Micros(timeMs) }],
  };
}

/** The update turning `before` into `after` for a client that applies it and truncates to `depth`; undefined when nothing visible changed. */
export function uwsBookUpdate(
  symbol: string,
  before: UwsBookView,
  after: UwsBookView,
  depth: number,
  timeMs: number,
): Record<string, unknown> | undefined {
  const bids = sideDiff(before.bids, after.bids, depth, (a, b) => new Decimal(a).gt(b));
  const asks = sideDiff(before.asks, after.asks, depth, (a, b) => new Decimal(a).lt(b));
  if (bids.length === 0 && asks.length === 0) return undefined;
  return { channel: 'book', type: 'update', data: [{ symbol, bids: levels(bids), asks: levels(asks), timestamp: rfc3339Micros(timeMs) }] };
}

/** Spot v2 ticker fields from the venue's ticker; a field the venue has no value for is left out. */
export function uwsTickerData(t: FuturesTickerView): Record<string, unknown> {
  const out: Record<string, unknown> = { symbol: t.symbol };
  const put = (key: string, v: string | null) => {
    if (v !== null) out[key] = num(v);
  };
  put('bid', t.bid);
  put('bid_qty', t.bidSize);
  put('ask', t.ask);
  put('ask_qty', t.askSize);
  put('last', t.last);
  put('volume', t.vol24h);
  put('low', t.low24h);
  put('high', t.high24h);
  if (t.last !== null && t.open24h !== null) put('change', new Decimal(t.last).minus(t.open24h).toString());
  put('change_pct', t.change24h);
  out['timestamp'] = rfc3339Micros(t.timeMs);
  return out;
}

export function uwsTradeData(symbol: string, t: PublicTrade): Record<string, unknown> {
  return {
    symbol,
    side: t.side,
    qty: num(t.qty),
    price: num(t.price),
    ord_type: t.ordType,
    trade_id: t.tradeId,
    timestamp: rfc3339Micros(t.timeMs),
  };
}

export function uwsCandleData(symbol: string, tickType: string, interval: number, c: FuturesCandleView): Record<string, unknown> {
  return {
    symbol,
    tick_type: tickType,
    open: num(c.open),
    high: num(c.high),
    low: num(c.low),
    close: num(c.close),
    volume: num(c.volume),
    interval_begin: rfc3339Micros(c.timeMs),
    interval,
    timestamp: rfc3339Micros(c.timeMs + interval * 60_000),
  };
}

/** The candles of one subscription, oldest first (the snapshot sends the latest 50, the Spot v2 size). */
export function uwsCandles(
  engine: SimEngineApi,
  symbol: string,
  tickType: 'trade' | 'mark' | 'spot',
  interval: number,
): FuturesCandleView[] {
  const resolution = UWS_OHLC_RESOLUTIONS[interval];
  return resolution === undefined ? [] : engine.futures.candles(tickType, symbol, resolution);
}

function decimals(d: string): number {
  const dot = d.indexOf('.');
  return dot < 0 ? 0 : d.length - dot - 1;
}

/** Reference data for every product: the documented derivative rules (tick as `price_increment`, `qty_min` one increment when no minimum is published). */
export function uwsInstrumentData(products: readonly FuturesProductSpec[]): Record<string, unknown> {
  return {
    pairs: products.map((p) => {
      const qtyIncrement = p.contractValueTradePrecision <= 0 ? '1' : `0.${'0'.repeat(p.contractValueTradePrecision - 1)}1`;
      return {
        symbol: p.symbol,
        base: p.base,
        quote: p.quote,
        status: 'online',
        qty_precision: Math.max(0, p.contractValueTradePrecision),
        qty_increment: num(qtyIncrement),
        qty_min: num(qtyIncrement),
        price_precision: decimals(p.tickSize),
        price_increment: num(p.tickSize),
        marginable: true,
      };
    }),
  };
}
