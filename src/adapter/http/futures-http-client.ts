/**
 * `KrakenFuturesHttpClient`: the Futures REST APIs (trading v3, charts) in the trading domain. It
 * keeps the instrument cache and serves the historical requests the data client delegates:
 * instruments, trade ticks, bars (trade, mark and index charts), order book snapshots and funding
 * rates. Every call goes through the raw client and its rate limiter (`maxRequestsPerSecond`).
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenValidationError } from '../../core/errors.js';
import { KrakenFuturesRawHttpClient } from '../../kraken/futures/http/raw-client.js';
import type { Bar, BarType } from '../../model/bar.js';
import type { InstrumentId } from '../../model/identifiers.js';
import { CryptoPerpetual, type CryptoFuture } from '../../model/instruments.js';
import type { FundingRateUpdate, TradeTick } from '../../model/market-data.js';
import type { OrderBookDeltas } from '../../model/order-book.js';
import type { TimeRange } from '../../node/clients.js';
import type { HttpTransport } from '../../transport/http.js';
import type { ResolvedKrakenClientConfig } from '../config.js';
import { checkRange, withinRange } from '../common/time-range.js';
import { clockNs } from '../common/wire-time.js';
import type { CurrencySpec } from '../instruments/currencies.js';
import { parseFuturesInstruments, type FuturesInstrumentInfo } from '../instruments/futures-instruments.js';
import type { ParseFailure } from '../instruments/spot-instruments.js';
import { keyOptionsFrom } from './key-options.js';
import { requestFuturesBars, requestFuturesTrades } from './futures-history.js';
import { parseFundingRate, parseFuturesOrderBook } from './futures-market-parse.js';

export interface KrakenFuturesHttpClientOptions {
  readonly raw: KrakenFuturesRawHttpClient;
  /** Timestamps (`tsInit`) and "now" (which chart candle is still forming); default the system clock. */
  readonly clock?: Clock;
}

export interface FuturesInstrumentsLoad {
  readonly instruments: readonly FuturesInstrumentInfo[];
  readonly failures: readonly ParseFailure[];
}

export class KrakenFuturesHttpClient {
  readonly raw: KrakenFuturesRawHttpClient;
  readonly #clock: Clock;
  #byId = new Map<string, FuturesInstrumentInfo>();
  #currencySpecs = new Map<string, CurrencySpec>();
  #loaded: Promise<FuturesInstrumentsLoad> | null = null;

  constructor(options: KrakenFuturesHttpClientOptions) {
    this.raw = options.raw;
    this.#clock = options.clock ?? systemClock;
  }

  /** A client on the resolved adapter config: its environment, Futures URL, proxy, retries, request ceiling and Futures credentials. */
  static fromConfig(config: ResolvedKrakenClientConfig, extra: { clock?: Clock; transport?: HttpTransport } = {}): KrakenFuturesHttpClient {
    const raw = new KrakenFuturesRawHttpClient({
      environment: config.environment,
      credentials: config.credentials.futures?.credentials ?? null,
      ...(config.baseUrlHttpFutures === null ? {} : { baseUrl: config.baseUrlHttpFutures }),
      ...(config.proxyUrl === null ? {} : { proxyUrl: config.proxyUrl }),
      ...(config.httpTimeoutSecs === null ? {} : { httpTimeoutSecs: config.httpTimeoutSecs }),
      ...(config.maxRetries === null ? {} : { maxRetries: config.maxRetries }),
      ...(config.retryDelayInitialMs === null ? {} : { retryDelayInitialMs: config.retryDelayInitialMs }),
      ...(config.retryDelayMaxMs === null ? {} : { retryDelayMaxMs: config.retryDelayMaxMs }),
      ...keyOptionsFrom(config, extra.clock),
      ...(extra.transport === undefined ? {} : { transport: extra.transport }),
    });
    return new KrakenFuturesHttpClient({ raw, ...(extra.clock === undefined ? {} : { clock: extra.clock }) });
  }

  #nowNs(): bigint {
    return clockNs(this.#clock.nowMs());
  }

  /**
   * Currency precisions by standard code, from Kraken's Spot Assets (the Futures API publishes
   * none). Used by the next instrument load; currencies it does not name keep their registration.
   */
  useCurrencySpecs(specs: ReadonlyMap<string, CurrencySpec>): void {
    this.#currencySpecs = new Map(specs);
  }

  /** Loads every contract and replaces the cache; entries that do not parse are in `failures`. */
  async requestInstrumentInfos(): Promise<FuturesInstrumentsLoad> {
    const body = await this.raw.instruments();
    const parsed = parseFuturesInstruments(body, this.#currencySpecs, this.#nowNs());
    this.#byId = new Map(parsed.instruments.map((i) => [i.instrument.id.toString(), i]));
    this.#loaded = Promise.resolve(parsed);
    return parsed;
  }

  async requestInstruments(): Promise<(CryptoPerpetual | CryptoFuture)[]> {
    return (await this.requestInstrumentInfos()).instruments.map((i) => i.instrument);
  }

  instrument(id: InstrumentId | string): CryptoPerpetual | CryptoFuture | undefined {
    return this.#byId.get(id.toString())?.instrument;
  }

  instrumentInfos(): FuturesInstrumentInfo[] {
    return [...this.#byId.values()];
  }

  async #require(id: InstrumentId | string): Promise<FuturesInstrumentInfo> {
    if (this.#loaded === null) this.#loaded = this.requestInstrumentInfos();
    try {
      await this.#loaded;
    } catch (e) {
      this.#loaded = null;
      throw e;
    }
    const info = this.#byId.get(id.toString());
    if (info === undefined)
      throw new KrakenValidationError('Kraken Futures instrument', [
        { path: '/instrumentId', message: `${id.toString()} is not a Kraken Futures instrument` },
      ]);
    return info;
  }

  /**
   * Public trades in the range, oldest first, read back from `end` (or now) until `start`; without
   * a start, Kraken's latest page of 100, or as many pages as `limit` needs. Kraken keeps about a
   * week of them.
   */
  async requestTradeTicks(instrumentId: InstrumentId | string, range: TimeRange = {}): Promise<TradeTick[]> {
    const r = checkRange(range, 'requestTradeTicks');
    const info = await this.#require(instrumentId);
    const trades = await requestFuturesTrades(this.raw, info.instrument, r, this.#nowNs());
    return withinRange(trades, (t) => t.tsEvent, r);
  }

  /**
   * Final bars from the charts API, oldest first: `-LAST` from trades, `-MARK` from the mark
   * price, `-INDEX` from the index ("spot" in Kraken's charts).
   */
  async requestBars(barType: BarType, range: TimeRange = {}): Promise<Bar[]> {
    const r = checkRange(range, 'requestBars');
    const info = await this.#require(barType.instrumentId);
    const now = this.#nowNs();
    const bars = await requestFuturesBars(this.raw, info.instrument, barType, r, now, now);
    return withinRange(bars, (b) => b.tsEvent, { start: null, end: null, limit: r.limit });
  }

  /** The order book as an `OrderBookDeltas` snapshot, `depth` levels a side (default: all Kraken sends). */
  async requestOrderBookSnapshot(instrumentId: InstrumentId | string, depth: number | null = null): Promise<OrderBookDeltas> {
    if (depth !== null && (!Number.isSafeInteger(depth) || depth <= 0)) {
      throw new KrakenValidationError('requestOrderBookSnapshot', [
        { path: '/depth', message: `depth must be a positive integer, got ${String(depth)}` },
      ]);
    }
    const info = await this.#require(instrumentId);
    const body = await this.raw.orderbook({ symbol: info.instrument.rawSymbol.value });
    return parseFuturesOrderBook(body, info.instrument, depth, this.#nowNs());
  }

  /**
   * Historical funding rates of a perpetual, oldest first. Kraken answers the whole history at
   * once, so start, end and limit are applied here.
   */
  async requestFundingRates(instrumentId: InstrumentId | string, range: TimeRange = {}): Promise<FundingRateUpdate[]> {
    const r = checkRange(range, 'requestFundingRates');
    const info = await this.#require(instrumentId);
    if (!(info.instrument instanceof CryptoPerpetual)) {
      throw new KrakenValidationError('requestFundingRates', [
        { path: '/instrumentId', message: `${info.instrument.id.toString()} is a dated future: only perpetuals pay funding` },
      ]);
    }
    const body = await this.raw.historicalfundingrates({ symbol: info.instrument.rawSymbol.value });
    const tsInit = this.#nowNs();
    const rates = body.rates.map((x, i) => parseFundingRate(x, info.instrument, tsInit, `/rates/${i}`));
    rates.sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
    return withinRange(rates, (x) => x.tsEvent, r);
  }

  async close(): Promise<void> {
    await this.raw.close();
  }
}
