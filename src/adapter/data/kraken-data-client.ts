/**
 * `KrakenDataClient`: Kraken market data into the node, for Spot, Futures or both.
 *
 * `connect()` confirms configured credentials, loads every instrument (published to the node),
 * opens the public WebSocket of each configured product and starts the periodic instrument
 * reload. Live subscriptions go to the feed of the instrument's product (spot-feed.ts,
 * futures-feed.ts); historical requests go to the Spot or Futures HTTP client. Everything
 * delivered is built at the instrument's precision from the exact wire text.
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenStateError, KrakenValidationError } from '../../core/errors.js';
import type { Bar, BarType } from '../../model/bar.js';
import { ClientId, type InstrumentId, type Venue } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import type { FundingRateUpdate, TradeTick } from '../../model/market-data.js';
import type { OrderBookDeltas } from '../../model/order-book.js';
import type { BookSubscription, DataClientContext, LiveDataClient, TimeRange } from '../../node/clients.js';
import { confirmCredentials } from '../common/credential-check.js';
import type { ResolvedKrakenDataClientConfig } from '../config.js';
import { KRAKEN_VENUE } from '../constants.js';
import type { KrakenFuturesHttpClient } from '../http/futures-http-client.js';
import type { KrakenSpotHttpClient } from '../http/spot-http-client.js';
import type { InstrumentReload, KrakenInstrumentInfo } from '../instruments/instrument-diff.js';
import { KrakenInstrumentProvider } from '../instruments/provider.js';
import { futuresBarsUnsupported } from './bar-intervals.js';
import { buildDataTransports, type DataTransports, type DataWsTuning } from './data-transports.js';
import { KrakenFuturesFeed } from './futures-feed.js';
import { instrumentStatusOf, reloadUpdates } from './instrument-status.js';
import type { BookState, FeedStream, MarketDataSink, MarketFeed } from './market-feed.js';
import { KrakenSpotFeed } from './spot-feed.js';

export interface KrakenDataClientOptions {
  /** The `ClientId` the node knows this client by (default `KRAKEN`). */
  readonly clientId?: string;
  /**
   * Time for the instrument reload timer, the WS clients' timers, the books' resync rate cap and
   * the HTTP clients' "now" (default the system clock; tests pass a `ManualClock`).
   */
  readonly clock?: Clock;
  /** WS reconnect backoff and timeouts beyond the config's options. */
  readonly wsTuning?: DataWsTuning;
}

interface Session {
  readonly transports: DataTransports;
  readonly provider: KrakenInstrumentProvider;
  readonly spot: KrakenSpotFeed | null;
  readonly futures: MarketFeed | null;
}

export class KrakenDataClient implements LiveDataClient {
  readonly clientId: ClientId;
  readonly venue: Venue = KRAKEN_VENUE;
  readonly #config: ResolvedKrakenDataClientConfig;
  readonly #context: DataClientContext;
  readonly #clock: Clock;
  readonly #wsTuning: DataWsTuning;
  readonly #sink: MarketDataSink;
  /** Instruments by their venue symbol (Spot WS v2 symbol, Futures product id). */
  readonly #bySymbol = new Map<string, Instrument>();
  /** Instruments whose status updates were asked for. */
  readonly #statusSubscriptions = new Set<string>();
  #session: Session | null = null;

  constructor(config: ResolvedKrakenDataClientConfig, context: DataClientContext, options: KrakenDataClientOptions = {}) {
    this.clientId = new ClientId(options.clientId ?? KRAKEN_VENUE.value);
    this.#config = config;
    this.#context = context;
    this.#clock = options.clock ?? systemClock;
    this.#wsTuning = options.wsTuning ?? {};
    this.#sink = {
      data: (d) => context.handler.handleData(d),
      now: () => context.clock.timestampNs(),
      instrument: (symbol) => this.#bySymbol.get(symbol),
      log: context.logger,
      clock: this.#clock,
    };
  }

  get isConnected(): boolean {
    return this.#session !== null;
  }

  async connect(): Promise<void> {
    if (this.#session !== null) return;
    const transports = buildDataTransports(this.#config, this.#clock, this.#wsTuning);
    const provider = new KrakenInstrumentProvider({ spot: transports.spotHttp, futures: transports.futuresHttp, clock: this.#clock });
    const session: Session = {
      transports,
      provider,
      spot: transports.spotWs === null ? null : new KrakenSpotFeed(transports.spotWs, this.#sink),
      futures: transports.futuresWs === null ? null : new KrakenFuturesFeed(transports.futuresWs, this.#sink),
    };
    try {
      await this.#confirmCredentials(transports);
      const instruments = await provider.loadAll();
      for (const i of instruments) this.#publishInstrument(i);
      await Promise.all([session.spot?.connect(), session.futures?.connect()]);
      provider.startPeriodicReload(this.#config.updateInstrumentsIntervalMins, {
        onReload: (reload) => this.#onReload(reload),
        onError: (e) => this.#context.logger.warn(`Kraken instrument reload failed: ${(e as Error).message}`),
      });
      this.#session = session;
      this.#context.logger.info(`Kraken data client connected (${this.#config.productTypes.join(', ')}, ${instruments.length} instruments)`);
    } catch (e) {
      await this.#teardown(session);
      throw e;
    }
  }

  async disconnect(): Promise<void> {
    const session = this.#session;
    if (session === null) return;
    this.#session = null;
    await this.#teardown(session);
  }

  /** The state of a subscribed book (validity, resyncs, invalidations), or undefined. */
  bookState(instrumentId: InstrumentId): BookState | undefined {
    return this.#session === null ? undefined : this.#feedOf(this.#info(instrumentId)).bookState(instrumentId);
  }

  // --- live subscriptions -------------------------------------------------------------------

  subscribeInstruments(): Promise<void> {
    return attempt(() => {
      for (const i of this.#requireSession().provider.list()) this.#context.handler.handleInstrument(i);
    });
  }
  subscribeQuoteTicks(id: InstrumentId): Promise<void> {
    return this.#subscribe('quotes', id);
  }
  unsubscribeQuoteTicks(id: InstrumentId): Promise<void> {
    return this.#unsubscribe('quotes', id);
  }
  subscribeTradeTicks(id: InstrumentId): Promise<void> {
    return this.#subscribe('trades', id);
  }
  unsubscribeTradeTicks(id: InstrumentId): Promise<void> {
    return this.#unsubscribe('trades', id);
  }
  subscribeOrderBookDeltas(id: InstrumentId, options: BookSubscription = {}): Promise<void> {
    return this.#subscribe('book', id, options.depth);
  }
  unsubscribeOrderBookDeltas(id: InstrumentId): Promise<void> {
    return this.#unsubscribe('book', id);
  }
  subscribeMarkPrices(id: InstrumentId): Promise<void> {
    return this.#subscribe('markPrices', id);
  }
  unsubscribeMarkPrices(id: InstrumentId): Promise<void> {
    return this.#unsubscribe('markPrices', id);
  }
  subscribeIndexPrices(id: InstrumentId): Promise<void> {
    return this.#subscribe('indexPrices', id);
  }
  unsubscribeIndexPrices(id: InstrumentId): Promise<void> {
    return this.#unsubscribe('indexPrices', id);
  }
  subscribeFundingRates(id: InstrumentId): Promise<void> {
    return this.#subscribe('fundingRates', id);
  }
  unsubscribeFundingRates(id: InstrumentId): Promise<void> {
    return this.#unsubscribe('fundingRates', id);
  }

  /** Sends the instrument's current status now, then every change the instrument reload finds. */
  subscribeInstrumentStatus(id: InstrumentId): Promise<void> {
    return attempt(() => {
      const info = this.#info(id);
      this.#statusSubscriptions.add(id.toString());
      this.#context.handler.handleData(instrumentStatusOf(info, this.#sink.now()));
    });
  }
  unsubscribeInstrumentStatus(id: InstrumentId): Promise<void> {
    this.#statusSubscriptions.delete(id.toString());
    return Promise.resolve();
  }

  async subscribeBars(barType: BarType): Promise<void> {
    const info = this.#info(barType.instrumentId);
    if (info.product === 'FUTURES') throw futuresBarsUnsupported(barType);
    await this.#spotFeed().subscribeBars(barType, info.instrument);
  }
  async unsubscribeBars(barType: BarType): Promise<void> {
    if (this.#session === null || this.#info(barType.instrumentId).product !== 'SPOT') return;
    await this.#spotFeed().unsubscribeBars(barType);
  }

  // --- historical requests --------------------------------------------------------------------

  async requestInstruments(): Promise<Instrument[]> {
    const provider = this.#requireSession().provider;
    this.#onReload(await provider.reload());
    return provider.list();
  }
  async requestTradeTicks(id: InstrumentId, range: TimeRange): Promise<TradeTick[]> {
    return await this.#http(this.#info(id)).requestTradeTicks(id, range);
  }
  async requestBars(barType: BarType, range: TimeRange): Promise<Bar[]> {
    return await this.#http(this.#info(barType.instrumentId)).requestBars(barType, range);
  }
  async requestOrderBookSnapshot(id: InstrumentId, depth: number | null): Promise<OrderBookDeltas> {
    return await this.#http(this.#info(id)).requestOrderBookSnapshot(id, depth);
  }
  async requestFundingRates(id: InstrumentId, range: TimeRange): Promise<FundingRateUpdate[]> {
    const http = this.#http(this.#info(id));
    if (!('requestFundingRates' in http)) throw notForProduct(id, 'funding rates', 'FUTURES');
    return await http.requestFundingRates(id, range);
  }

  // ---------------------------------------------------------------------------------------------

  async #subscribe(stream: FeedStream, id: InstrumentId, depth?: number): Promise<void> {
    const info = this.#info(id);
    const feed = this.#feedOf(info);
    if (!feed.supports(stream)) throw notForProduct(id, stream, info.product === 'SPOT' ? 'FUTURES' : 'SPOT');
    await feed.subscribe(stream, info.instrument, depth);
  }

  async #unsubscribe(stream: FeedStream, id: InstrumentId): Promise<void> {
    if (this.#session === null) return;
    const info = this.#info(id);
    await this.#feedOf(info).unsubscribe(stream, info.instrument);
  }

  #requireSession(): Session {
    if (this.#session === null) throw new KrakenStateError(`Kraken data client ${this.clientId.value} is not connected: call connect() first`);
    return this.#session;
  }

  #info(id: InstrumentId): KrakenInstrumentInfo {
    const info = this.#requireSession().provider.info(id);
    if (info === undefined) {
      throw new KrakenValidationError('Kraken instrument', [{ path: '/instrumentId', message: `${id.toString()} is not a Kraken instrument of this client (products: ${this.#config.productTypes.join(', ')})` }]);
    }
    return info;
  }

  #feedOf(info: KrakenInstrumentInfo): MarketFeed {
    const session = this.#requireSession();
    const feed = info.product === 'SPOT' ? session.spot : session.futures;
    if (feed === null) throw new KrakenStateError(`${info.instrument.id.toString()} is a ${info.product} instrument, and ${info.product} is not configured`);
    return feed;
  }

  #spotFeed(): KrakenSpotFeed {
    const feed = this.#requireSession().spot;
    if (feed === null) throw new KrakenStateError('SPOT is not configured');
    return feed;
  }

  #http(info: KrakenInstrumentInfo): KrakenSpotHttpClient | KrakenFuturesHttpClient {
    const t = this.#requireSession().transports;
    const http = info.product === 'SPOT' ? t.spotHttp : t.futuresHttp;
    if (http === null) throw new KrakenStateError(`${info.product} is not configured`);
    return http;
  }

  #publishInstrument(instrument: Instrument): void {
    this.#bySymbol.set(instrument.id.symbol.value, instrument);
    this.#context.handler.handleInstrument(instrument);
  }

  #onReload(reload: InstrumentReload): void {
    const updates = reloadUpdates(reload, this.#sink.now());
    for (const i of updates.instruments) this.#publishInstrument(i);
    for (const i of updates.changed) {
      const info = this.#session?.provider.info(i.id);
      if (info !== undefined) this.#feedOf(info).instrumentChanged(i);
    }
    for (const s of updates.statuses) if (this.#statusSubscriptions.has(s.instrumentId.toString())) this.#context.handler.handleData(s);
    for (const f of reload.failures) this.#context.logger.warn(`Kraken instrument ${f.name} not loaded: ${f.reason}`);
  }

  async #confirmCredentials(t: DataTransports): Promise<void> {
    const creds = this.#config.credentials;
    const probes = [
      creds.spot === null || t.spotHttp === null ? null : { product: 'Spot', credentials: creds.spot, call: () => (t.spotHttp as KrakenSpotHttpClient).raw.balance() },
      creds.futures === null || t.futuresHttp === null ? null : { product: 'Futures', credentials: creds.futures, call: () => (t.futuresHttp as KrakenFuturesHttpClient).raw.accounts() },
    ];
    const warnings = await Promise.all(probes.map((p) => (p === null ? null : confirmCredentials(p))));
    for (const w of warnings) if (w !== null) this.#context.logger.warn(w);
  }

  async #teardown(session: Session): Promise<void> {
    session.provider.stopPeriodicReload();
    const closing = [session.spot?.close(), session.futures?.close(), session.transports.spotHttp?.close(), session.transports.futuresHttp?.close()];
    const results = await Promise.allSettled(closing);
    for (const r of results) if (r.status === 'rejected') this.#context.logger.warn(`Kraken data client close: ${(r.reason as Error).message}`);
  }
}

/** Runs `fn` now; its throw becomes a rejection, as a caller of a Promise-returning method expects. */
function attempt(fn: () => void): Promise<void> {
  try {
    fn();
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

function notForProduct(id: InstrumentId, what: string, product: string): KrakenValidationError {
  return new KrakenValidationError('Kraken subscription', [{ path: '/instrumentId', message: `${what} exist for Kraken ${product} instruments only, not for ${id.toString()}` }]);
}
