/**
 * INTERNAL time bars from trades. Buckets are aligned to the Unix epoch (`floor(ts / interval)`),
 * which is how Kraken's OHLC intervals are anchored (a 1-week bar therefore starts on a Thursday,
 * 1970-01-01 being one; 15-day bars are epoch multiples too). This is inferred from the
 * timestamps Kraken's OHLC endpoint returns; its documentation lists the intervals only.
 *
 * A bar is emitted when the first trade of a later bucket arrives, never on a timer: a timer
 * could close a bar before its last trade arrives. Empty buckets produce no bar.
 * OHLCV are exact; `tsEvent` is the bar's close time (bucket end), NautilusTrader's convention.
 */
import { KrakenValidationError } from '../core/errors.js';
import { Bar, type BarType } from '../model/bar.js';
import type { TradeTick } from '../model/market-data.js';
import type { Price, Quantity } from '../model/values.js';

/** Kraken's OHLC intervals in minutes: 1, 5, 15, 30, 60, 240, 1440, 10080, 21600. */
export const KRAKEN_OHLC_INTERVALS_MINS: readonly number[] = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

interface Building {
  startNs: bigint;
  open: Price;
  high: Price;
  low: Price;
  close: Price;
  volume: Quantity;
}

export class TimeBarAggregator {
  private readonly intervalNs: bigint;
  private current: Building | null = null;
  /** Trades older than the bar being built (late arrivals) that were not counted. */
  lateTrades = 0;

  constructor(
    readonly barType: BarType,
    private readonly emit: (bar: Bar) => void,
    private readonly now: () => bigint,
  ) {
    const interval = barType.spec.intervalNs;
    if (interval === null) {
      throw new KrakenValidationError('BarType', [
        { path: '', message: `INTERNAL aggregation supports time bars only, not ${barType.spec.aggregation}` },
      ]);
    }
    if (barType.spec.priceType !== 'LAST') {
      throw new KrakenValidationError('BarType', [
        { path: '', message: `INTERNAL aggregation from trades needs price type LAST, got ${barType.spec.priceType}` },
      ]);
    }
    this.intervalNs = interval;
  }

  bucketStart(tsNs: bigint): bigint {
    const r = tsNs % this.intervalNs;
    return tsNs - (r < 0n ? r + this.intervalNs : r);
  }

  handleTrade(trade: TradeTick): void {
    const start = this.bucketStart(trade.tsEvent);
    const cur = this.current;
    if (cur !== null && start < cur.startNs) {
      this.lateTrades++;
      return;
    }
    if (cur !== null && start > cur.startNs) {
      this.emitBar(cur);
      this.current = null;
    }
    if (this.current === null) {
      this.current = { startNs: start, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.size };
      return;
    }
    const b = this.current;
    if (trade.price.gt(b.high)) b.high = trade.price;
    if (trade.price.lt(b.low)) b.low = trade.price;
    b.close = trade.price;
    b.volume = b.volume.add(trade.size);
  }

  /** The bar being built (incomplete), for inspection only. */
  get partial(): Readonly<Building> | null {
    return this.current;
  }

  private emitBar(b: Building): void {
    this.emit(
      new Bar({
        barType: this.barType,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume,
        tsEvent: b.startNs + this.intervalNs,
        tsInit: this.now(),
      }),
    );
  }
}
