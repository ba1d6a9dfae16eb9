/**
 * Engine market views → Spot WS v2 public channel frames. Prices and quantities are JSON numbers
 * with the engine's full precision (`WireNumber`): Kraken's book checksum is computed over that
 * text (`0.5660`, not `0.566`), so a client can only verify it from exact wire text.
 */
import type { BookLevelView, CandleView, PublicTrade, SpotTickerView } from '../../engine/types/market-views.js';
import type { SimEngineApi } from '../../engine/types/engine.js';
import type { SpotPairSpec } from '../../engine/types/instruments.js';
import { Decimal } from '../../engine/decimal.js';
import { num, rfc3339Micros } from '../wire-json.js';
import { spotBookChecksum } from './book-checksum.js';

export interface LevelText {
  readonly price: string;
  readonly qty: string;
}

export interface BookView {
  readonly bids: LevelText[];
  readonly asks: LevelText[];
}

export function bookView(engine: SimEngineApi, pair: SpotPairSpec, depth: number): BookView {
  const b = engine.spot.depth(pair.id, depth);
  const strip = (l: BookLevelView): LevelText => ({ price: l.price, qty: l.qty });
  return { bids: b.bids.map(strip), asks: b.asks.map(strip) };
}

export function checksumOf(view: BookView): number {
  return spotBookChecksum(view.asks, view.bids);
}

const levels = (side: LevelText[]) => side.map((l) => ({ price: num(l.price), qty: num(l.qty) }));

export function bookSnapshotFrame(pair: SpotPairSpec, view: BookView, timeMs: number): Record<string, unknown> {
  return {
    channel: 'book',
    type: 'snapshot',
    data: [
      {
        symbol: pair.symbol,
        bids: levels(view.bids),
        asks: levels(view.asks),
        checksum: checksumOf(view),
        timestamp: rfc3339Micros(timeMs),
      },
    ],
  };
}

/**
 * The update that turns `before` into `after` for a client that applies it and truncates to
 * `depth`: changed or new levels with their quantity, and `qty: 0` for levels that left the book
 * while still inside the visible range. Levels merely pushed past the depth get no delete, as on
 * Kraken. Undefined when nothing visible changed.
 */
export function bookUpdateFrame(
  pair: SpotPairSpec,
  before: BookView,
  after: BookView,
  depth: number,
  timeMs: number,
): Record<string, unknown> | undefined {
  const bids = sideDiff(before.bids, after.bids, depth, (a, b) => new Decimal(a).gt(b));
  const asks = sideDiff(before.asks, after.asks, depth, (a, b) => new Decimal(a).lt(b));
  if (bids.length === 0 && asks.length === 0) return undefined;
  return {
    channel: 'book',
    type: 'update',
    data: [{ symbol: pair.symbol, bids: levels(bids), asks: levels(asks), checksum: checksumOf(after), timestamp: rfc3339Micros(timeMs) }],
  };
}

export function sideDiff(before: LevelText[], after: LevelText[], depth: number, better: (a: string, b: string) => boolean): LevelText[] {
  const out: LevelText[] = [];
  const afterByPrice = new Map(after.map((l) => [l.price, l.qty]));
  const worstAfter = after[after.length - 1]?.price;
  const full = after.length >= depth;
  for (const l of before) {
    if (afterByPrice.has(l.price)) continue;
    const pushedOut = full && worstAfter !== undefined && better(worstAfter, l.price);
    if (!pushedOut) out.push({ price: l.price, qty: zeroLike(l.qty) });
  }
  const beforeByPrice = new Map(before.map((l) => [l.price, l.qty]));
  for (const l of after) if (beforeByPrice.get(l.price) !== l.qty) out.push(l);
  return out;
}

/** `0` at the same precision as the level's quantity (`0.00000000`), as Kraken prints it. */
function zeroLike(qty: string): string {
  const dot = qty.indexOf('.');
  return dot < 0 ? '0' : `0.${'0'.repeat(qty.length - dot - 1)}`;
}

export function tickerData(pair: SpotPairSpec, t: SpotTickerView): Record<string, unknown> {
  return {
    symbol: pair.symbol,
    bid: num(t.bid),
    bid_qty: num(t.bidQty),
    ask: num(t.ask),
    ask_qty: num(t.askQty),
    last: num(t.last),
    volume: num(t.volume),
    vwap: num(t.vwap),
    low: num(t.low),
    high: num(t.high),
    change: num(t.change),
    change_pct: num(t.changePct),
    timestamp: rfc3339Micros(t.timeMs),
  };
}

/** The best bid/offer of a ticker as one comparable string. */
export function bboKey(t: SpotTickerView): string {
  return `${t.bid}|${t.bidQty}|${t.ask}|${t.askQty}`;
}

export function tradeData(pair: SpotPairSpec, t: PublicTrade): Record<string, unknown> {
  return {
    symbol: pair.symbol,
    side: t.side,
    price: num(t.price),
    qty: num(t.qty),
    ord_type: t.ordType,
    trade_id: t.tradeId,
    timestamp: rfc3339Micros(t.timeMs),
  };
}

export function ohlcData(pair: SpotPairSpec, c: CandleView): Record<string, unknown> {
  return {
    symbol: pair.symbol,
    open: num(c.open),
    high: num(c.high),
    low: num(c.low),
    close: num(c.close),
    vwap: num(c.vwap),
    trades: c.trades,
    volume: num(c.volume),
    interval_begin: rfc3339Micros(c.intervalBeginMs),
    interval: c.interval,
    // Deprecated, and equal to the interval end in Kraken's examples.
    timestamp: rfc3339Micros(c.intervalBeginMs + c.interval * 60_000),
  };
}

export function instrumentData(engine: SimEngineApi): Record<string, unknown> {
  const assets = engine.spot.assets().map((a) => ({
    id: a.wsName,
    status: 'enabled',
    precision: a.decimals,
    precision_display: a.displayDecimals,
    borrowable: false,
    collateral_value: num('1.0'),
    margin_rate: num('0.0'),
  }));
  const pairs = engine.spot.pairs().map((p) => {
    const base = engine.spot.assets().find((a) => a.id === p.base)?.wsName ?? p.base;
    const quote = engine.spot.assets().find((a) => a.id === p.quote)?.wsName ?? p.quote;
    return {
      symbol: p.symbol,
      base,
      quote,
      status: p.status,
      qty_precision: p.lotDecimals,
      qty_increment: num(p.lotDecimals === 0 ? '1' : `0.${'0'.repeat(p.lotDecimals - 1)}1`),
      qty_min: num(p.ordermin),
      price_precision: p.pairDecimals,
      price_increment: num(p.tickSize),
      cost_precision: p.costDecimals,
      cost_min: num(p.costmin),
      marginable: p.leverageBuy.length > 0,
      has_index: p.hasIndex,
      ...(p.leverageBuy.length > 0
        ? { margin_initial: num('0.2'), position_limit_long: p.longPositionLimit, position_limit_short: p.shortPositionLimit }
        : {}),
      tick_size: num(p.tickSize),
    };
  });
  return { assets, pairs };
}
