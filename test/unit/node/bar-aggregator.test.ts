import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { InstrumentId, TradeId } from '../../../src/model/identifiers.js';
import { TradeTick } from '../../../src/model/market-data.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { KRAKEN_OHLC_INTERVALS_MINS, TimeBarAggregator } from '../../../src/node/bar-aggregator.js';

const ID = InstrumentId.fromStr('BTC/USD.KRAKEN');
const MIN = 60_000_000_000n;
let n = 0;
const trade = (ts: bigint, px: string, sz: string) =>
  new TradeTick(ID, Price.fromStr(px), Quantity.fromStr(sz), 'BUYER', new TradeId(`t${++n}`), ts, ts);

/** Kraken's intervals as bar types: 1/5/15/30 min, 1/4 h, 1 day, 1 week, 15 days. */
function barTypeFor(mins: number): BarType {
  const spec =
    mins % 10080 === 0
      ? `${mins / 10080}-WEEK`
      : mins === 21600
        ? '15-DAY'
        : mins % 1440 === 0
          ? `${mins / 1440}-DAY`
          : mins % 60 === 0
            ? `${mins / 60}-HOUR`
            : `${mins}-MINUTE`;
  return BarType.fromStr(`BTC/USD.KRAKEN-${spec}-LAST-INTERNAL`);
}

describe('TimeBarAggregator at every Kraken interval', () => {
  it.each(KRAKEN_OHLC_INTERVALS_MINS)('%i minutes', (mins) => {
    const interval = BigInt(mins) * MIN;
    const bars: Bar[] = [];
    const agg = new TimeBarAggregator(
      barTypeFor(mins),
      (b) => bars.push(b),
      () => 42n,
    );
    // Start somewhere unaligned, a few buckets after the epoch-aligned boundary.
    const start = interval * 20_000n + interval / 3n;
    const bucket0 = agg.bucketStart(start);
    expect(bucket0 % interval).toBe(0n);
    agg.handleTrade(trade(start, '100.5', '0.1'));
    agg.handleTrade(trade(start + 1n, '101.25', '0.2'));
    agg.handleTrade(trade(start + 2n, '99.75', '0.30'));
    agg.handleTrade(trade(bucket0 + interval - 1n, '100.0', '1'));
    expect(bars).toHaveLength(0); // nothing closes until a later bucket's trade
    agg.handleTrade(trade(bucket0 + interval, '102.0', '0.5')); // first trade of the next bucket
    expect(bars).toHaveLength(1);
    const b = bars[0]!;
    expect([b.open, b.high, b.low, b.close, b.volume].map(String)).toEqual(['100.5', '101.25', '99.75', '100.0', '1.60']);
    expect(b.tsEvent).toBe(bucket0 + interval);
    expect(b.tsInit).toBe(42n);
    // A gap of several empty buckets emits only the bar that had trades.
    agg.handleTrade(trade(bucket0 + interval * 5n, '103.0', '1'));
    expect(bars).toHaveLength(2);
    expect(bars[1]!.open.toString()).toBe('102.0');
    expect(bars[1]!.tsEvent).toBe(bucket0 + interval * 2n);
  });

  it('aligns weeks to the epoch (Thursday 00:00 UTC) and ignores late trades', () => {
    const bars: Bar[] = [];
    const agg = new TimeBarAggregator(
      BarType.fromStr('BTC/USD.KRAKEN-1-WEEK-LAST-INTERNAL'),
      (b) => bars.push(b),
      () => 0n,
    );
    const ts = BigInt(Date.UTC(2024, 0, 3, 12)) * 1_000_000n; // Wednesday 2024-01-03
    const start = agg.bucketStart(ts);
    expect(new Date(Number(start / 1_000_000n)).toISOString()).toBe('2023-12-28T00:00:00.000Z'); // a Thursday
    agg.handleTrade(trade(ts, '1', '1'));
    agg.handleTrade(trade(start - 1n, '2', '1'));
    expect(agg.lateTrades).toBe(1);
    expect(agg.partial?.volume.toString()).toBe('1');
  });

  it('refuses non-time and non-LAST internal bar types', () => {
    expect(
      () =>
        new TimeBarAggregator(
          BarType.fromStr('BTC/USD.KRAKEN-100-TICK-LAST-INTERNAL'),
          () => {},
          () => 0n,
        ),
    ).toThrow(KrakenValidationError);
    expect(
      () =>
        new TimeBarAggregator(
          BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-BID-INTERNAL'),
          () => {},
          () => 0n,
        ),
    ).toThrow(KrakenValidationError);
  });
});
