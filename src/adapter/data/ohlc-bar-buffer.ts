/**
 * Kraken pushes the current, still open OHLC candle on every trade, with no "closed" flag. A bar
 * is therefore held back until a candle with a later `interval_begin` arrives: only then is the
 * held one known to be complete, and it is emitted as final. No timer closes a bar: a timer could
 * fire before the interval's last update arrives, and Kraken's updates are not aligned to
 * interval boundaries. On stop or unsubscribe the held bar is flushed as it stands.
 *
 * Snapshots (sent on every subscribe, so on every reconnect too) list recent candles. On the
 * first subscribe only the newest one is taken as the current candle: the older ones are history
 * (`requestBars`). After a reconnect, the held candle's final state and every candle completed
 * while the connection was down are emitted in order, so the live bar stream has no hole and no
 * repeat.
 */
import type { Bar, BarType } from '../../model/bar.js';
import { candleBar, type SpotWsCandle } from './spot-ws-convert.js';

export class OhlcBarBuffer {
  #held: SpotWsCandle | null = null;
  /** The interval_begin of the last bar emitted, so a replayed snapshot never repeats it. */
  #lastEmittedNs: bigint | null = null;

  constructor(readonly barType: BarType) {}

  /** The candle being held (the open interval), if any. */
  get held(): SpotWsCandle | null {
    return this.#held;
  }

  /**
   * One update row: replaces the held candle while it is the same interval; a later interval
   * completes the held one, which is returned (as a final bar) for the caller to emit.
   */
  update(candle: SpotWsCandle, tsInit: bigint): Bar | null {
    const held = this.#held;
    if (held === null) {
      if (this.#lastEmittedNs !== null && candle.beginNs <= this.#lastEmittedNs) return null;
      this.#held = candle;
      return null;
    }
    if (candle.beginNs < held.beginNs) return null; // late: that interval is already complete
    this.#held = candle;
    if (candle.beginNs === held.beginNs) return null;
    return this.#emit(held, tsInit);
  }

  /**
   * A snapshot's rows, oldest first. Without a held candle (a first subscribe), only the newest
   * becomes the held one. With one (a reconnect), rows from the held interval on are replayed as
   * updates, which emits the held bar's final state and any bar completed in between.
   */
  snapshot(candles: readonly SpotWsCandle[], tsInit: bigint): Bar[] {
    const out: Bar[] = [];
    if (candles.length === 0) return out;
    const held = this.#held;
    if (held === null && this.#lastEmittedNs === null) {
      this.#held = newest(candles);
      return out;
    }
    const from = held?.beginNs ?? (this.#lastEmittedNs as bigint) + 1n;
    for (const c of [...candles].sort(byBegin)) {
      if (c.beginNs < from) continue;
      const bar = this.update(c, tsInit);
      if (bar !== null) out.push(bar);
    }
    return out;
  }

  /** Emits the held candle as it stands (stop, unsubscribe) and forgets it. */
  flush(tsInit: bigint): Bar | null {
    const held = this.#held;
    if (held === null) return null;
    this.#held = null;
    return this.#emit(held, tsInit);
  }

  #emit(candle: SpotWsCandle, tsInit: bigint): Bar {
    this.#lastEmittedNs = candle.beginNs;
    return candleBar(candle, this.barType, tsInit);
  }
}

function byBegin(a: SpotWsCandle, b: SpotWsCandle): number {
  return a.beginNs < b.beginNs ? -1 : a.beginNs > b.beginNs ? 1 : 0;
}

function newest(candles: readonly SpotWsCandle[]): SpotWsCandle {
  let best = candles[0] as SpotWsCandle;
  for (const c of candles) if (c.beginNs > best.beginNs) best = c;
  return best;
}
