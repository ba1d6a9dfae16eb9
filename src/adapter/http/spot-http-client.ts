/**
 * `KrakenSpotHttpClient`: the Spot REST API in the trading domain. It keeps the instrument cache
 * (and the symbology table that names each pair to Kraken) and serves the historical requests
 * the data client delegates: instruments, trade ticks, bars and order book snapshots. Every call
 * to Kraken goes through the raw client and its rate limiter (`maxRequestsPerSecond`).
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenValidationError } from '../../core/errors.js';
import { KrakenSpotRawHttpClient } from '../../kraken/spot/http/raw-client.js';
import type { KrakenPairNames } from '../../kraken/common/symbology/pair-table.js';
import type { Bar, BarType } from '../../model/bar.js';
import type { InstrumentId } from '../../model/identifiers.js';
import type { CurrencyPair } from '../../model/instruments.js';
import type { TradeTick } from '../../model/market-data.js';
import type { OrderBookDeltas } from '../../model/order-book.js';
import type { TimeRange } from '../../node/clients.js';
import type { HttpTransport } from '../../transport/http.js';
import type { ResolvedKrakenClientConfig } from '../config.js';
import { checkRange, withinRange } from '../common/time-range.js';
import { clockNs } from '../common/wire-time.js';
import { currencySpecsFromAssets, specsByCode, type CurrencySpec } from '../instruments/currencies.js';
import { parseSpotInstruments, type SpotInstrumentInfo, type SpotInstrumentsParse } from '../instruments/spot-instruments.js';
import { requestSpotBars } from './spot-bars.js';
import { keyOptionsFrom, spotLimiterOptionsFrom } from './key-options.js';
import { parseSpotDepth, spotTradeTick } from './spot-market-parse.js';
import { requestSpotTrades, SPOT_TRADES_PAGE_SIZE, type TradePagingProgress } from './spot-trade-pages.js';

/** Kraken's largest Depth `count`. */
export const SPOT_DEPTH_MAX = 500;

export interface KrakenSpotHttpClientOptions {
  readonly raw: KrakenSpotRawHttpClient;
  /** Timestamps (`tsInit`) and "now"; default the system clock. */
  readonly clock?: Clock;
  /** Public trades per page when paging history (Kraken's `count`, 1 to 1000); default 1000. */
  readonly tradesPageSize?: number;
}

export interface HistoryRequestOptions {
  /** Called after every page of trades read while serving the request. */
  readonly onProgress?: (progress: TradePagingProgress) => void;
}

export interface SpotBarsOptions extends HistoryRequestOptions {
  /** How far before the start to look for the close that prices empty first intervals (intervals; default 1024). */
  readonly maxLookbackIntervals?: number;
}

export class KrakenSpotHttpClient {
  readonly raw: KrakenSpotRawHttpClient;
  readonly #clock: Clock;
  #byId = new Map<string, SpotInstrumentInfo>();
  #currencySpecs = new Map<string, CurrencySpec>();
  #loaded: Promise<SpotInstrumentsParse> | null = null;
  readonly #tradesPageSize: number;

  constructor(options: KrakenSpotHttpClientOptions) {
    this.raw = options.raw;
    this.#clock = options.clock ?? systemClock;
    this.#tradesPageSize = options.tradesPageSize ?? SPOT_TRADES_PAGE_SIZE;
    if (!Number.isSafeInteger(this.#tradesPageSize) || this.#tradesPageSize < 1 || this.#tradesPageSize > SPOT_TRADES_PAGE_SIZE) {
      throw new KrakenValidationError('KrakenSpotHttpClient', [
        { path: '/tradesPageSize', message: `must be an integer from 1 to ${SPOT_TRADES_PAGE_SIZE}` },
      ]);
    }
  }

  /** A client on the resolved adapter config: its Spot URL, proxy, retries, request ceiling and Spot credentials. */
  static fromConfig(
    config: ResolvedKrakenClientConfig,
    extra: { clock?: Clock; transport?: HttpTransport; tradesPageSize?: number } = {},
  ): KrakenSpotHttpClient {
    const raw = new KrakenSpotRawHttpClient({
      credentials: config.credentials.spot?.credentials ?? null,
      ...(config.baseUrlHttpSpot === null ? {} : { baseUrl: config.baseUrlHttpSpot }),
      ...(config.proxyUrl === null ? {} : { proxyUrl: config.proxyUrl }),
      ...(config.httpTimeoutSecs === null ? {} : { httpTimeoutSecs: config.httpTimeoutSecs }),
      ...(config.maxRetries === null ? {} : { maxRetries: config.maxRetries }),
      ...(config.retryDelayInitialMs === null ? {} : { retryDelayInitialMs: config.retryDelayInitialMs }),
      ...(config.retryDelayMaxMs === null ? {} : { retryDelayMaxMs: config.retryDelayMaxMs }),
      ...keyOptionsFrom(config, extra.clock),
      ...spotLimiterOptionsFrom(config),
      ...(extra.transport === undefined ? {} : { transport: extra.transport }),
    });
    return new KrakenSpotHttpClient({
      raw,
      ...(extra.clock === undefined ? {} : { clock: extra.clock }),
      ...(extra.tradesPageSize === undefined ? {} : { tradesPageSize: extra.tradesPageSize }),
    });
  }

  #nowNs(): bigint {
    return clockNs(this.#clock.nowMs());
  }

  /**
   * Loads every pair (AssetPairs, with Assets for currency precision) and replaces the cache.
   * Pairs that do not parse are reported in `failures`, never silently dropped.
   */
  async requestInstrumentInfos(): Promise<SpotInstrumentsParse> {
    const [pairs, assets] = await Promise.all([this.raw.assetPairs(), this.raw.assets()]);
    const parsed = parseSpotInstruments(pairs, assets, this.#nowNs());
    this.#currencySpecs = currencySpecsFromAssets(assets);
    this.#byId = new Map(parsed.instruments.map((i) => [i.instrument.id.toString(), i]));
    this.#loaded = Promise.resolve(parsed);
    return parsed;
  }

  async requestInstruments(): Promise<CurrencyPair[]> {
    return (await this.requestInstrumentInfos()).instruments.map((i) => i.instrument);
  }

  /** Currency precisions from the last Assets load, by standard code (for the Futures client). */
  currencySpecsByCode(): Map<string, CurrencySpec> {
    return specsByCode(this.#currencySpecs);
  }

  /** A cached instrument, or undefined. */
  instrument(id: InstrumentId | string): CurrencyPair | undefined {
    return this.#byId.get(id.toString())?.instrument;
  }

  /** Every name Kraken gives a cached instrument's pair. */
  pairNames(id: InstrumentId | string): KrakenPairNames | undefined {
    return this.#byId.get(id.toString())?.names;
  }

  instrumentInfos(): SpotInstrumentInfo[] {
    return [...this.#byId.values()];
  }

  /** The cached instrument, loading the cache once if it is empty. */
  async #require(id: InstrumentId | string): Promise<SpotInstrumentInfo> {
    if (this.#loaded === null) this.#loaded = this.requestInstrumentInfos();
    try {
      await this.#loaded;
    } catch (e) {
      this.#loaded = null;
      throw e;
    }
    const info = this.#byId.get(id.toString());
    if (info === undefined)
      throw new KrakenValidationError('Kraken Spot instrument', [
        { path: '/instrumentId', message: `${id.toString()} is not a Kraken Spot instrument` },
      ]);
    return info;
  }

  /** Public trades in the range, oldest first (paged from `start`; Kraken's latest page without one). */
  async requestTradeTicks(
    instrumentId: InstrumentId | string,
    range: TimeRange = {},
    options: HistoryRequestOptions = {},
  ): Promise<TradeTick[]> {
    const r = checkRange(range, 'requestTradeTicks');
    const info = await this.#require(instrumentId);
    const trades = await requestSpotTrades(this.raw, info.names.key, info.instrument, r, options.onProgress, this.#tradesPageSize);
    const tsInit = this.#nowNs();
    return withinRange(trades, (t) => t.timeNs, r).map((t) => spotTradeTick(t, info.instrument.id, tsInit));
  }

  /**
   * Final bars of `barType` (`BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL`) wholly inside the range,
   * oldest first. Older than Kraken's 720-candle OHLC window, they are built from public trades
   * exactly as Kraken builds its candles; progress is reported per page of trades.
   */
  async requestBars(barType: BarType, range: TimeRange = {}, options: SpotBarsOptions = {}): Promise<Bar[]> {
    const r = checkRange(range, 'requestBars');
    const info = await this.#require(barType.instrumentId);
    return requestSpotBars(this.raw, {
      barType,
      instrument: info.instrument,
      pairKey: info.names.key,
      ...r,
      tsInit: this.#nowNs(),
      tradesPageSize: this.#tradesPageSize,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.maxLookbackIntervals === undefined ? {} : { maxLookbackIntervals: options.maxLookbackIntervals }),
    });
  }

  /** The book from Depth as an `OrderBookDeltas` snapshot, `depth` levels a side (default and maximum 500). */
  async requestOrderBookSnapshot(instrumentId: InstrumentId | string, depth: number | null = null): Promise<OrderBookDeltas> {
    if (depth !== null && (!Number.isSafeInteger(depth) || depth <= 0)) {
      throw new KrakenValidationError('requestOrderBookSnapshot', [
        { path: '/depth', message: `depth must be a positive integer, got ${String(depth)}` },
      ]);
    }
    const info = await this.#require(instrumentId);
    const res = await this.raw.depth({ pair: info.names.key, count: Math.min(depth ?? SPOT_DEPTH_MAX, SPOT_DEPTH_MAX) });
    // Kraken keys the book by the name the request used; only one pair was asked for.
    const book = res[info.names.key] ?? Object.values(res)[0];
    if (book === undefined)
      throw new KrakenValidationError('Kraken payload', [{ path: '/result', message: `no book for ${info.names.key}` }]);
    return parseSpotDepth(book, info.instrument, this.#nowNs(), `/result/${info.names.key}`);
  }

  async close(): Promise<void> {
    await this.raw.close();
  }
}
