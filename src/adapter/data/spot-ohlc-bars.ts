/**
 * Spot bars from Kraken's `ohlc` channel: one subscription per symbol and interval, feeding a
 * buffer per bar type (two bar types of the same length, `1-HOUR` and `60-MINUTE`, share it).
 * The buffering that makes every emitted bar final is in ohlc-bar-buffer.ts.
 */
import type { KrakenSpotWsClient } from '../../kraken/spot/ws/spot-ws-client.js';
import type { SpotWsChannelMessages } from '../../kraken/spot/ws/types.js';
import type { Bar, BarType } from '../../model/bar.js';
import type { Instrument } from '../../model/instruments.js';
import { spotOhlcInterval } from './bar-intervals.js';
import type { MarketDataSink } from './market-feed.js';
import { OhlcBarBuffer } from './ohlc-bar-buffer.js';
import { spotWsCandle, type SpotWsCandle } from './spot-ws-convert.js';

type OhlcInterval = 1 | 5 | 15 | 30 | 60 | 240 | 1440 | 10080 | 21600;

export class SpotOhlcBars {
  readonly #ws: KrakenSpotWsClient;
  readonly #sink: MarketDataSink;
  /** `symbol|interval` → the buffers of every bar type that subscription streams. */
  readonly #buffers = new Map<string, OhlcBarBuffer[]>();

  constructor(ws: KrakenSpotWsClient, sink: MarketDataSink) {
    this.#ws = ws;
    this.#sink = sink;
    ws.on('ohlc', this.#onOhlc);
  }

  async subscribe(barType: BarType, instrument: Instrument): Promise<void> {
    const interval = spotOhlcInterval(barType) as OhlcInterval;
    const symbol = instrument.id.symbol.value;
    const key = `${symbol}|${interval}`;
    const buffers = this.#buffers.get(key) ?? [];
    if (buffers.some((b) => b.barType.equals(barType))) return;
    buffers.push(new OhlcBarBuffer(barType));
    this.#buffers.set(key, buffers);
    if (buffers.length > 1) return;
    try {
      await this.#ws.subscribe('ohlc', { symbol: [symbol], interval, snapshot: true });
    } catch (e) {
      this.#buffers.delete(key);
      // Abandon what the WS client would otherwise replay after a timeout.
      this.#ws
        .unsubscribe('ohlc', { symbol: [symbol], interval })
        .catch((err: unknown) => this.#sink.log.warn(`Kraken Spot ohlc unsubscribe failed: ${(err as Error).message}`));
      throw e;
    }
  }

  /** Flushes the bar type's held bar as final, and unsubscribes once no bar type needs the interval. */
  async unsubscribe(barType: BarType): Promise<void> {
    const interval = spotOhlcInterval(barType) as OhlcInterval;
    const symbol = barType.instrumentId.symbol.value;
    const key = `${symbol}|${interval}`;
    const buffers = this.#buffers.get(key);
    const i = buffers?.findIndex((b) => b.barType.equals(barType)) ?? -1;
    if (buffers === undefined || i < 0) return;
    const [buffer] = buffers.splice(i, 1);
    this.#emit(buffer?.flush(this.#sink.now()) ?? null);
    if (buffers.length > 0) return;
    this.#buffers.delete(key);
    await this.#ws.unsubscribe('ohlc', { symbol: [symbol], interval });
  }

  /** Flushes every held bar as final (the client stops) and forgets the subscriptions. */
  flushAll(): void {
    const now = this.#sink.now();
    for (const buffers of this.#buffers.values()) for (const b of buffers) this.#emit(b.flush(now));
    this.#buffers.clear();
  }

  readonly #onOhlc = (m: SpotWsChannelMessages['ohlc']): void => {
    const tsInit = this.#sink.now();
    const snapshot = m.type === 'snapshot' ? new Map<string, SpotWsCandle[]>() : null;
    for (const [i, row] of m.data.entries()) {
      const key = `${row.symbol}|${row.interval}`;
      const buffers = this.#buffers.get(key);
      const instrument = buffers === undefined ? undefined : this.#sink.instrument(row.symbol);
      if (buffers === undefined || instrument === undefined) continue;
      let candle: SpotWsCandle;
      try {
        candle = spotWsCandle(row, instrument, `/data/${i}`);
      } catch (e) {
        this.#sink.log.error(`Kraken Spot ohlc row dropped: ${(e as Error).message}`);
        continue;
      }
      if (snapshot === null) {
        for (const b of buffers) this.#emit(b.update(candle, tsInit));
        continue;
      }
      const rows = snapshot.get(key);
      if (rows === undefined) snapshot.set(key, [candle]);
      else rows.push(candle);
    }
    // A snapshot is read whole by each buffer: see OhlcBarBuffer.snapshot.
    for (const [key, candles] of snapshot ?? [])
      for (const b of this.#buffers.get(key) ?? []) for (const bar of b.snapshot(candles, tsInit)) this.#emit(bar);
  };

  #emit(bar: Bar | null): void {
    if (bar !== null) this.#sink.data(bar);
  }
}
