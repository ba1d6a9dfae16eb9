import type { SpotPairSpec } from '../types/instruments.js';
import type { SpotTickerView } from '../types/market-views.js';
import { Decimal, ZERO, fixed } from '../decimal.js';
import type { SpotState } from './state.js';

/** Ticker figures (REST Ticker / WS ticker): best bid/ask, last, rolling 24 h and today's stats. */

export function spotTicker(core: SpotState, pair: SpotPairSpec): SpotTickerView {
  const now = core.now();
  const tape = core.tape(pair);
  const book = core.book(pair);
  const d24 = tape.last24h(now);
  const today = tape.today(now);
  const pd = pair.pairDecimals;
  const ld = pair.lotDecimals;
  // The last *trade* price: before the first trade the pair's configured price, never the book
  // mid, so `last` moves only when something trades.
  const last = tape.lastPrice ?? new Decimal(pair.initialPrice);
  const bid = book.best('buy');
  const ask = book.best('sell');
  const open24 = d24.open ?? last;
  const change = last.minus(open24);
  return {
    pair: pair.id,
    symbol: pair.symbol,
    bid: fixed(bid ?? ZERO, pd),
    bidQty: fixed(book.bestQty('buy'), ld),
    ask: fixed(ask ?? ZERO, pd),
    askQty: fixed(book.bestQty('sell'), ld),
    last: fixed(last, pd),
    lastQty: fixed(tape.lastQty, ld),
    volume: fixed(d24.volume, ld),
    vwap: fixed(d24.vwap.isZero() ? last : d24.vwap, pd),
    low: fixed(d24.low ?? last, pd),
    high: fixed(d24.high ?? last, pd),
    trades: d24.trades,
    change: fixed(change, pd),
    changePct: fixed(open24.isZero() ? ZERO : change.div(open24).times(100), 2),
    open: fixed(today.open ?? last, pd),
    volumeToday: fixed(today.volume, ld),
    vwapToday: fixed(today.vwap.isZero() ? last : today.vwap, pd),
    lowToday: fixed(today.low ?? last, pd),
    highToday: fixed(today.high ?? last, pd),
    tradesToday: today.trades,
    timeMs: now,
  };
}
