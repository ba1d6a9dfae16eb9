/**
 * Kraken's Spot candles, and the aggregation of public trades into exactly the candles Kraken's
 * OHLC endpoint serves. Checked against a recorded OHLC page and the recorded trades of the same
 * minutes (test/unit/adapter/candles.test.ts), Kraken forms a candle as:
 * - open, high, low, close: the first, highest, lowest and last trade price of the interval;
 * - volume: the exact sum of the trade volumes, at the pair's lot decimals;
 * - count: the number of trades;
 * - vwap: Σ(price × volume) / Σ volume, TRUNCATED to the pair's price decimals (not rounded);
 * - an interval without trades is still a candle: open = high = low = close = the previous close,
 *   vwap 0, volume 0, count 0.
 * Intervals start at multiples of their length since the Unix epoch (weekly candles on Thursdays).
 */
import { KrakenStateError } from '../../core/errors.js';
import { Bar, type BarType } from '../../model/bar.js';
import { Price, Quantity } from '../../model/values.js';
import { NS_PER_SECOND } from '../common/wire-time.js';

export interface KrakenCandle {
  /** Start of the interval, Unix seconds. */
  readonly openTimeSec: bigint;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly vwap: Price;
  readonly volume: Quantity;
  readonly count: number;
}

/** A trade as the aggregator needs it: time, and price and volume at the instrument's precision. */
export interface CandleTrade {
  readonly timeNs: bigint;
  readonly price: Price;
  readonly volume: Quantity;
}

interface OpenCandle {
  openTimeSec: bigint;
  open: Price;
  high: Price;
  low: Price;
  close: Price;
  notional: Price;
  volume: Quantity;
  count: number;
}

/** The candle a bar of `barType` is: Kraken's candle open time + length is the bar's close time. */
export function candleToBar(c: KrakenCandle, barType: BarType, intervalSec: bigint, tsInit: bigint): Bar {
  return new Bar({
    barType,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    tsEvent: (c.openTimeSec + intervalSec) * NS_PER_SECOND,
    tsInit,
  });
}

/**
 * Trades in time order in, Kraken's candles out. Trades before `fromSec` only seed the previous
 * close (for the empty intervals at the start); without any known close, empty intervals before
 * the first trade cannot be priced and are left out.
 */
export class CandleAggregator {
  readonly #intervalSec: bigint;
  readonly #pricePrecision: number;
  readonly #sizePrecision: number;
  readonly #fromSec: bigint;
  #current: OpenCandle | null = null;
  /** The next interval to emit (empty intervals are filled up to the next trade's interval). */
  #nextOpenSec: bigint;
  #lastClose: Price | null = null;
  #lastTimeNs = -1n;
  readonly #out: KrakenCandle[] = [];

  constructor(options: { intervalSec: bigint; fromSec: bigint; pricePrecision: number; sizePrecision: number }) {
    if (options.intervalSec <= 0n) throw new KrakenStateError('CandleAggregator: the interval must be positive');
    if (options.fromSec % options.intervalSec !== 0n) throw new KrakenStateError('CandleAggregator: fromSec must start an interval');
    this.#intervalSec = options.intervalSec;
    this.#fromSec = options.fromSec;
    this.#nextOpenSec = options.fromSec;
    this.#pricePrecision = options.pricePrecision;
    this.#sizePrecision = options.sizePrecision;
  }

  /** The close known so far (last trade price), or null. */
  get lastClose(): Price | null {
    return this.#lastClose;
  }

  #intervalOf(timeNs: bigint): bigint {
    const sec = timeNs / NS_PER_SECOND;
    return sec - (sec % this.#intervalSec);
  }

  #emitEmptyUntil(openTimeSec: bigint): void {
    const close = this.#lastClose;
    if (close === null) {
      this.#nextOpenSec = openTimeSec > this.#nextOpenSec ? openTimeSec : this.#nextOpenSec;
      return;
    }
    for (let t = this.#nextOpenSec; t < openTimeSec; t += this.#intervalSec) {
      this.#out.push({
        openTimeSec: t,
        open: close,
        high: close,
        low: close,
        close,
        vwap: Price.fromRaw(0n, this.#pricePrecision),
        volume: Quantity.fromRaw(0n, this.#sizePrecision),
        count: 0,
      });
    }
    if (openTimeSec > this.#nextOpenSec) this.#nextOpenSec = openTimeSec;
  }

  #finishCurrent(): void {
    const c = this.#current;
    if (c === null) return;
    this.#current = null;
    // Kraken cuts the vwap's extra digits off rather than rounding them.
    const vwap = Price.from(c.notional.div(c.volume, this.#pricePrecision, 'TRUNC'));
    this.#out.push({
      openTimeSec: c.openTimeSec,
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      vwap,
      volume: c.volume,
      count: c.count,
    });
    this.#nextOpenSec = c.openTimeSec + this.#intervalSec;
  }

  add(trade: CandleTrade): void {
    if (trade.timeNs < this.#lastTimeNs) throw new KrakenStateError('CandleAggregator: trades must arrive in time order');
    this.#lastTimeNs = trade.timeNs;
    const openTimeSec = this.#intervalOf(trade.timeNs);
    if (openTimeSec < this.#fromSec) {
      this.#lastClose = trade.price;
      return;
    }
    const c = this.#current;
    if (c !== null && c.openTimeSec === openTimeSec) {
      if (trade.price.gt(c.high)) c.high = trade.price;
      if (trade.price.lt(c.low)) c.low = trade.price;
      c.close = trade.price;
      c.notional = c.notional.add(trade.price.mul(trade.volume));
      c.volume = c.volume.add(trade.volume);
      c.count++;
    } else {
      this.#finishCurrent();
      this.#emitEmptyUntil(openTimeSec);
      this.#current = {
        openTimeSec,
        open: trade.price,
        high: trade.price,
        low: trade.price,
        close: trade.price,
        notional: trade.price.mul(trade.volume),
        volume: trade.volume,
        count: 1,
      };
    }
    this.#lastClose = trade.price;
  }

  /**
   * Every candle that ends at or before `endSec`, given that all trades before `endSec` were
   * added; empty intervals up to there are filled. Takes the candles out of the aggregator.
   */
  drainUntil(endSec: bigint): KrakenCandle[] {
    if (this.#current !== null && this.#current.openTimeSec + this.#intervalSec <= endSec) this.#finishCurrent();
    const lastOpen = endSec - (endSec % this.#intervalSec);
    if (this.#current === null) this.#emitEmptyUntil(lastOpen);
    return this.#out.splice(0, this.#out.length);
  }
}
