/**
 * The paging rules of Kraken's public history endpoints, over the engine's trade tape and candles.
 *
 * Trades: without `since`, the latest `count` trades; with it, the first `count` trades AFTER the
 * cursor, oldest first, so a client can page forward through history. `last` is the cursor of the
 * last trade returned. Kraken's cursor is a nanosecond timestamp, unique per trade in practice;
 * the engine keeps milliseconds, so each trade's cursor is its millisecond plus its place among
 * the trades of that millisecond, and a page boundary inside a busy millisecond loses nothing.
 *
 * OHLC: Kraken serves a candle for every interval, including intervals without trades (open,
 * high, low and close are the previous close; vwap and volume zero; count 0), up to and including
 * the interval now forming. The engine only keeps candles of intervals that traded, so the empty
 * ones are filled in here.
 */
import type { SpotPairSpec } from '../../engine/types/instruments.js';
import type { CandleView, OhlcInterval, PublicTrade } from '../../engine/types/market-views.js';
import { InvalidArguments } from './params.js';

export interface CursoredTrade {
  readonly trade: PublicTrade;
  /** Nanosecond cursor: ms × 10^6 + 1-based place among the trades of that millisecond. */
  readonly cursor: bigint;
}

export function withCursors(trades: readonly PublicTrade[]): CursoredTrade[] {
  const out: CursoredTrade[] = [];
  let ms = Number.NaN;
  let place = 0;
  for (const trade of trades) {
    place = trade.timeMs === ms ? place + 1 : 1;
    ms = trade.timeMs;
    out.push({ trade, cursor: BigInt(trade.timeMs) * 1_000_000n + BigInt(place) });
  }
  return out;
}

/**
 * A `since` value as a nanosecond cursor. Kraken takes nanoseconds; older clients send Unix
 * seconds (whole, up to 12 digits, or fractional), which are accepted too.
 */
export function sinceCursor(since: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(since);
  if (m === null) throw new InvalidArguments('since');
  const whole = m[1] as string;
  if (m[2] !== undefined) return BigInt(whole) * 1_000_000_000n + BigInt(m[2].slice(0, 9).padEnd(9, '0'));
  return whole.length > 12 ? BigInt(whole) : BigInt(whole) * 1_000_000_000n;
}

/** One page of trades: the latest `count`, or the first `count` after the cursor. */
export function tradesPage(
  tape: readonly PublicTrade[],
  since: string | undefined,
  count: number,
  nowMs: number,
): { trades: PublicTrade[]; last: string } {
  const all = withCursors(tape);
  const cursor = since === undefined ? undefined : sinceCursor(since);
  const page = cursor === undefined ? all.slice(Math.max(0, all.length - count)) : all.filter((t) => t.cursor > cursor).slice(0, count);
  const tail = page[page.length - 1];
  const last = tail !== undefined ? tail.cursor : (cursor ?? BigInt(nowMs) * 1_000_000n);
  return { trades: page.map((t) => t.trade), last: last.toString() };
}

function zero(decimals: number): string {
  return decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
}

/** The engine's candles with every empty interval filled in, up to the interval containing `nowMs`. */
export function withEmptyIntervals(
  candles: readonly CandleView[],
  interval: OhlcInterval,
  pair: SpotPairSpec,
  nowMs: number,
): CandleView[] {
  const span = interval * 60_000;
  const out: CandleView[] = [];
  const empty = (beginMs: number, close: string): CandleView => ({
    interval,
    intervalBeginMs: beginMs,
    open: close,
    high: close,
    low: close,
    close,
    vwap: zero(pair.pairDecimals),
    volume: zero(pair.lotDecimals),
    trades: 0,
  });
  for (const c of candles) {
    const prev = out[out.length - 1];
    if (prev !== undefined) for (let t = prev.intervalBeginMs + span; t < c.intervalBeginMs; t += span) out.push(empty(t, prev.close));
    out.push(c);
  }
  const current = Math.floor(nowMs / span) * span;
  const prev = out[out.length - 1];
  if (prev !== undefined) for (let t = prev.intervalBeginMs + span; t <= current; t += span) out.push(empty(t, prev.close));
  return out;
}
