/**
 * The simulator's paging of public Trades and its OHLC empty intervals, the Kraken behaviour the
 * adapter's history requests rely on.
 */
import { describe, expect, it } from 'vitest';
import type { CandleView, PublicTrade } from '../../../src/sim/index.js';
import { DEFAULT_SPOT_PAIRS } from '../../../src/sim/engine/instruments.js';
import { sinceCursor, tradesPage, withCursors, withEmptyIntervals } from '../../../src/sim/server/spot-rest/public-history.js';

const T = 1_767_614_400_000;
const trade = (tradeId: number, timeMs: number): PublicTrade => ({
  tradeId,
  price: '1.0',
  qty: '1.00000000',
  side: 'buy',
  ordType: 'limit',
  timeMs: T + timeMs,
});
// Three trades in one millisecond, then one more.
const TAPE = [trade(1, 1000), trade(2, 2000), trade(3, 2000), trade(4, 2000), trade(5, 3000)];
const ns = (ms: number, place: number) => BigInt(T + ms) * 1_000_000n + BigInt(place);

describe('Trades paging', () => {
  it('gives each trade a unique nanosecond cursor, its millisecond plus its place in it', () => {
    expect(withCursors(TAPE).map((t) => t.cursor)).toEqual([ns(1000, 1), ns(2000, 1), ns(2000, 2), ns(2000, 3), ns(3000, 1)]);
  });

  it('pages forward from `since` without losing trades that share a millisecond', () => {
    const seen: number[] = [];
    let since: string | undefined = '0';
    for (let i = 0; i < 10 && since !== undefined; i++) {
      const page = tradesPage(TAPE, since, 2, 9999);
      if (page.trades.length === 0) break;
      seen.push(...page.trades.map((t) => t.tradeId));
      since = page.last;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves the latest trades without `since`, and reads seconds as well as nanoseconds', () => {
    expect(tradesPage(TAPE, undefined, 2, 9999).trades.map((t) => t.tradeId)).toEqual([4, 5]);
    expect(tradesPage([], undefined, 2, 9999).last).toBe('9999000000');
    expect(sinceCursor('2')).toBe(2_000_000_000n);
    expect(sinceCursor('2.5')).toBe(2_500_000_000n);
    expect(sinceCursor('1767614400000000000')).toBe(1_767_614_400_000_000_000n);
    expect(tradesPage(TAPE, String((T + 2000) / 1000), 10, 0).trades.map((t) => t.tradeId)).toEqual([2, 3, 4, 5]);
    expect(() => sinceCursor('abc')).toThrow();
  });
});

describe('OHLC empty intervals', () => {
  const pair = DEFAULT_SPOT_PAIRS[0]!;
  const candle = (beginMin: number, close: string): CandleView => ({
    interval: 1,
    intervalBeginMs: beginMin * 60_000,
    open: close,
    high: close,
    low: close,
    close,
    vwap: close,
    volume: '1.00000000',
    trades: 1,
  });

  it('fills every interval without trades with the previous close, up to the one forming', () => {
    const filled = withEmptyIntervals([candle(10, '5.0'), candle(13, '6.0')], 1, pair, 15 * 60_000 + 5);
    expect(filled.map((c) => [c.intervalBeginMs / 60_000, c.open, c.close, c.vwap, c.volume, c.trades])).toEqual([
      [10, '5.0', '5.0', '5.0', '1.00000000', 1],
      [11, '5.0', '5.0', '0.0', '0.00000000', 0],
      [12, '5.0', '5.0', '0.0', '0.00000000', 0],
      [13, '6.0', '6.0', '6.0', '1.00000000', 1],
      [14, '6.0', '6.0', '0.0', '0.00000000', 0],
      [15, '6.0', '6.0', '0.0', '0.00000000', 0],
    ]);
    expect(withEmptyIntervals([], 1, pair, 0)).toEqual([]);
  });
});
