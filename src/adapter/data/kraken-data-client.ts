/**
 * `KrakenDataClient`: Kraken market data into the node, for Spot, Futures or both.
 *
 * `connect()` confirms configured credentials, loads every instrument (published to the node),
 * opens the public WebSocket of each configured product and starts the periodic instrument
 * reload. Live subscriptions go to the feed of the instrument's product (spot-feed.ts,
 * futures-feed.ts); historical requests go to the Spot or Futures HTTP client. Everything
 * delivered is built at the instrument's precision from the exact wire text.
 */
import type { Clock } from '../../core/clock.js';
import { KrakenStateError, KrakenValidationError } from '../../core/errors.js';
import type { Bar, BarType } from '../../model/bar.js';
import { ClientId, type InstrumentId, type Venue } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import type { FundingRateUpdate, TradeTick } from '../../model/market-data.js';
import type { OrderBookDeltas } from '../../model/order-book.js';
import type { BookSubscription, DataClientContext, LiveDataClient, TimeRange } from '../../node/clients.js';
import type { ResolvedKrakenDataClientConfig } from '../config.js';
import { KRAKEN_VENUE } from '../constants.js';
import type { InstrumentReload, KrakenInstrumentInfo } from '../instruments/instrument-diff.js';
import { futuresBarsUnsupported } from './bar-intervals.js';
import { DataSession } from './data-session.js';
import type { DataWsTuning } from './data-transports.js';
import { instrumentStatusOf, reloadUpdates } from './instrument-status.js';
import type { BookState, FeedStream, MarketDataSink } from './market-feed.js';

export interface KrakenDataClientOptions {
  /** The `ClientId` the node knows this client by (default `KRAKEN`). */
  readonly clientId?: string;
  /**
   * Time for the instrument reload timer, the WS clients' timers, the books' resync rate cap and
   * the HTTP clients' "now". Default: the node's own clock (`context.clock.source`), so one
   * `ManualClock` given to the node moves the client too.
   */
  readonly clock?: Clock;
  /** WS reconnect backoff and timeouts beyond the config's options. */
  readonly wsTuning?: DataWsTuning;
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
  #session: DataSession | null = null;

  constructor(config: ResolvedKrakenDataClientConfig, context: DataClientContext, options: KrakenDataClientOptions = {}) {
    this.clientId = new ClientId(options.clientId ?? KRAKEN_VENUE.value);
    this.#config = config;
    this.#context = context;
    this.#clock = options.clock ?? context.clock.source;
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
    const session = await DataSession.open(this.#config, this.#sink, this.#wsTuning, (list) => {
      for (const i of list) this.#publishInstrument(i);
    });
    session.provider.startPeriodicReload(this.#config.updateInstrumentsIntervalMins, {
      onReload: (reload) => {
        try {
          this.#onReload(reload);
        } catch (e) {
          this.#context.logger.error(`Kraken instrument reload not applied: ${(e as Error).message}`);
        }
      },
      onError: (e) => this.#context.logger.warn(`Kraken instrument reload failed: ${(e as Error).message}`),
    });
    this.#session = session;
    this.#context.logger.info(
      `Kraken data client connected (${this.#config.productTypes.join(', ')}, ${session.provider.list().length} instruments)`,
    );
  }

  async disconnect(): Promise<void> {
    const session = this.#session;
    if (session === null) return;
    this.#session = null;
    await session.close();
  }

  /** The state of a subscribed book (validity, resyncs, invalidations), or undefined. */
  bookState(instrumentId: InstrumentId): BookState | undefined {
    return this.#session === null ? undefined : this.#requireSession().feedOf(this.#info(instrumentId)).bookState(instrumentId);
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
    await this.#requireSession().spotFeed().subscribeBars(barType, info.instrument);
  }
  async unsubscribeBars(barType: BarType): Promise<void> {
    if (this.#session === null || this.#info(barType.instrumentId).product !== 'SPOT') return;
    await this.#requireSession().spotFeed().unsubscribeBars(barType);
  }

  // --- historical requests --------------------------------------------------------------------

  async requestInstruments(): Promise<Instrument[]> {
    const provider = this.#requireSession().provider;
    this.#onReload(await provider.reload());
    return provider.list();
  }
  async requestTradeTicks(id: InstrumentId, range: TimeRange): Promise<TradeTick[]> {
    return await this.#requireSession().http(this.#info(id)).requestTradeTicks(id, range);
  }
  async requestBars(barType: BarType, range: TimeRange): Promise<Bar[]> {
    return await this.#requireSession().http(this.#info(barType.instrumentId)).requestBars(barType, range);
  }
  async requestOrderBookSnapshot(id: InstrumentId, depth: number | null): Promise<OrderBookDeltas> {
    return await this.#requireSession().http(this.#info(id)).requestOrderBookSnapshot(id, depth);
  }
  async requestFundingRates(id: InstrumentId, range: TimeRange): Promise<FundingRateUpdate[]> {
    const http = this.#requireSession().http(this.#info(id));
    if (!('requestFundingRates' in http)) throw notForProduct(id, 'funding rates', 'FUTURES');
    return await http.requestFundingRates(id, range);
  }

  // ---------------------------------------------------------------------------------------------

  async #subscribe(stream: FeedStream, id: InstrumentId, depth?: number): Promise<void> {
    const info = this.#info(id);
    const feed = this.#requireSession().feedOf(info);
    if (!feed.supports(stream)) throw notForProduct(id, stream, info.product === 'SPOT' ? 'FUTURES' : 'SPOT');
    await feed.subscribe(stream, info.instrument, depth);
  }

  async #unsubscribe(stream: FeedStream, id: InstrumentId): Promise<void> {
    if (this.#session === null) return;
    const info = this.#info(id);
    await this.#requireSession().feedOf(info).unsubscribe(stream, info.instrument);
  }

  #requireSession(): DataSession {
    if (this.#session === null)
      throw new KrakenStateError(`Kraken data client ${this.clientId.value} is not connected: call connect() first`);
    return this.#session;
  }

  #info(id: InstrumentId): KrakenInstrumentInfo {
    const info = this.#requireSession().provider.info(id);
    if (info === undefined) {
      throw new KrakenValidationError('Kraken instrument', [
        {
          path: '/instrumentId',
          message: `${id.toString()} is not a Kraken instrument of this client (products: ${this.#config.productTypes.join(', ')})`,
        },
      ]);
    }
    return info;
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
      if (info !== undefined) this.#requireSession().feedOf(info).instrumentChanged(i);
    }
    for (const s of updates.statuses) if (this.#statusSubscriptions.has(s.instrumentId.toString())) this.#context.handler.handleData(s);
    for (const f of reload.failures) this.#context.logger.warn(`Kraken instrument ${f.name} not loaded: ${f.reason}`);
  }
}

/** Runs `fn` now; its throw becomes a rejection, as a caller of a Promise-returning method expects. */
function attempt(fn: () => void): Promise<void> {
  try {
    fn();
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e);
  }
}

function notForProduct(id: InstrumentId, what: string, product: string): KrakenValidationError {
  return new KrakenValidationError('Kraken subscription', [
    { path: '/instrumentId', message: `${what} exist for Kraken ${product} instruments only, not for ${id.toString()}` },
  ]);
}
