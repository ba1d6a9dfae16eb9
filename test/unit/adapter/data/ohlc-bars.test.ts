/**
 * Spot OHLC bars: which bar types Kraken streams (and the typed refusals that say what to use
 * instead), and the buffering that emits a bar only once a later interval has begun.
 */
import { describe, expect, it } from 'vitest';
import { futuresBarsUnsupported, spotOhlcInterval } from '../../../../src/adapter/data/bar-intervals.js';
import { OhlcBarBuffer } from '../../../../src/adapter/data/ohlc-bar-buffer.js';
import type { SpotWsCandle } from '../../../../src/adapter/data/spot-ws-convert.js';
import { KrakenValidationError } from '../../../../src/core/errors.js';
import { BarType } from '../../../../src/model/bar.js';
import { Price, Quantity } from '../../../../src/model/values.js';

const MIN = 60_000_000_000n;
const T0 = 1_767_614_400_000_000_000n; // a minute boundary
const BAR = BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL');

function candle(minute: number, close: string, volume = '1.00000000'): SpotWsCandle {
  const p = Price.fromStr(close);
  return {
    beginNs: T0 + BigInt(minute) * MIN,
    intervalMins: 1,
    open: p,
    high: p,
    low: p,
    close: p,
    volume: Quantity.fromStr(volume),
    trades: 1,
  };
}
const closes = (bars: readonly { close: Price; tsEvent: bigint }[]) => bars.map((b) => `${b.close.toString()}@${(b.tsEvent - T0) / MIN}`);

describe('bar types Kraken streams', () => {
  it.each([
    ['1-MINUTE', 1],
    ['5-MINUTE', 5],
    ['15-MINUTE', 15],
    ['30-MINUTE', 30],
    ['1-HOUR', 60],
    ['60-MINUTE', 60],
    ['4-HOUR', 240],
    ['1-DAY', 1440],
    ['1-WEEK', 10080],
    ['15-DAY', 21600],
  ])('%s-LAST-EXTERNAL → interval %i', (spec, mins) => {
    expect(spotOhlcInterval(BarType.fromStr(`BTC/USD.KRAKEN-${spec}-LAST-EXTERNAL`))).toBe(mins);
  });

  it.each([
    [
      'BTC/USD.KRAKEN-2-MINUTE-LAST-EXTERNAL',
      /1, 5, 15, 30, 60, 240, 1440, 10080, 21600 minutes only.*BTC\/USD\.KRAKEN-2-MINUTE-LAST-INTERNAL/,
    ],
    ['BTC/USD.KRAKEN-1-MINUTE-MID-EXTERNAL', /built from trades \(LAST\), not MID/],
    ['BTC/USD.KRAKEN-100-TICK-LAST-EXTERNAL', /minutes only/],
    ['BTC/USD.KRAKEN-1-MINUTE-LAST-INTERNAL', /aggregated by the node/],
  ])('%s is refused with a typed error saying what to use', (text, message) => {
    const bt = BarType.fromStr(text);
    expect(() => spotOhlcInterval(bt)).toThrow(KrakenValidationError);
    expect(() => spotOhlcInterval(bt)).toThrow(message);
  });

  it('a Futures bar subscription points to requestBars and INTERNAL aggregation', () => {
    const e = futuresBarsUnsupported(BarType.fromStr('PF_XBTUSD.KRAKEN-1-MINUTE-LAST-EXTERNAL'));
    expect(e).toBeInstanceOf(KrakenValidationError);
    expect(e.message).toMatch(/requestBars\(\).*PF_XBTUSD\.KRAKEN-1-MINUTE-LAST-INTERNAL/);
  });
});

describe('OhlcBarBuffer', () => {
  it('holds the open candle; emits it (final, its last state) only when a later interval_begin arrives', () => {
    const b = new OhlcBarBuffer(BAR);
    expect(b.update(candle(0, '100.0'), 0n)).toBeNull();
    expect(b.update(candle(0, '101.0'), 0n)).toBeNull();
    expect(b.update(candle(0, '102.0'), 0n)).toBeNull();
    const bar = b.update(candle(1, '103.0'), 5n);
    expect(closes([bar!])).toEqual(['102.0@1']); // closes at the end of minute 0
    expect(bar!.barType.equals(BAR)).toBe(true);
    expect(bar!.tsInit).toBe(5n);
    expect(b.held?.close.toString()).toBe('103.0');
  });

  it('a late row of an interval already complete is ignored; a gap of empty minutes just skips them', () => {
    const b = new OhlcBarBuffer(BAR);
    b.update(candle(0, '100.0'), 0n);
    const first = b.update(candle(3, '101.0'), 0n);
    expect(b.update(candle(0, '99.0'), 0n)).toBeNull();
    expect(closes([first!])).toEqual(['100.0@1']);
    expect(b.held?.close.toString()).toBe('101.0');
  });

  it('first snapshot: only the newest candle is held, older ones are history and not emitted', () => {
    const b = new OhlcBarBuffer(BAR);
    expect(b.snapshot([candle(0, '1.0'), candle(1, '2.0'), candle(2, '3.0')], 0n)).toEqual([]);
    expect(b.held?.close.toString()).toBe('3.0');
  });

  it('snapshot after a reconnect: the held bar in its final state, then every bar completed meanwhile, no repeats', () => {
    const b = new OhlcBarBuffer(BAR);
    b.update(candle(4, '10.0'), 0n);
    const before = b.update(candle(5, '11.0'), 0n); // minute 4 emitted, minute 5 held
    expect(closes([before!])).toEqual(['10.0@5']);
    // connection drops during minute 5; the replayed snapshot covers minutes 3..8
    const bars = b.snapshot(
      [candle(3, '9.0'), candle(4, '10.0'), candle(5, '11.5'), candle(6, '12.0'), candle(7, '13.0'), candle(8, '14.0')],
      0n,
    );
    expect(closes(bars)).toEqual(['11.5@6', '12.0@7', '13.0@8']);
    expect(b.held?.close.toString()).toBe('14.0');
  });

  it('flush emits the held candle as it stands, once', () => {
    const b = new OhlcBarBuffer(BAR);
    expect(b.flush(0n)).toBeNull();
    b.update(candle(0, '100.0', '0.50000000'), 0n);
    const bar = b.flush(9n);
    expect([closes([bar!]), bar!.volume.toString(), bar!.tsInit]).toEqual([['100.0@1'], '0.50000000', 9n]);
    expect(b.flush(9n)).toBeNull();
  });
});
