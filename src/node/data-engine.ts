/**
 * Routes subscriptions and requests to the data client of the instrument's venue (reference
 * counted: the venue is asked once however many strategies subscribe), and turns incoming data
 * into cache updates and bus messages. INTERNAL bars are built here from trades.
 */
import { KrakenStateError } from '../core/errors.js';
import type { Bar, BarType } from '../model/bar.js';
import type { InstrumentId } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import type { FundingRateUpdate, TradeTick } from '../model/market-data.js';
import type { OrderBookDeltas } from '../model/order-book.js';
import { TimeBarAggregator } from './bar-aggregator.js';
import type { Cache } from './cache.js';
import type { BookSubscription, DataClientContext, LiveDataClient, MarketData, TimeRange } from './clients.js';
import type { NodeClock } from './clock.js';
import type { Logger } from './logger.js';
import { Topics, type MessageBus } from './message-bus.js';

export type DataStream = 'quotes' | 'trades' | 'book' | 'bars' | 'markPrices' | 'indexPrices' | 'fundingRates' | 'status';

const CLIENT_METHODS: Record<DataStream, [keyof LiveDataClient, keyof LiveDataClient]> = {
  quotes: ['subscribeQuoteTicks', 'unsubscribeQuoteTicks'],
  trades: ['subscribeTradeTicks', 'unsubscribeTradeTicks'],
  book: ['subscribeOrderBookDeltas', 'unsubscribeOrderBookDeltas'],
  bars: ['subscribeBars', 'unsubscribeBars'],
  markPrices: ['subscribeMarkPrices', 'unsubscribeMarkPrices'],
  indexPrices: ['subscribeIndexPrices', 'unsubscribeIndexPrices'],
  fundingRates: ['subscribeFundingRates', 'unsubscribeFundingRates'],
  status: ['subscribeInstrumentStatus', 'unsubscribeInstrumentStatus'],
};

type ClientCall = (...args: unknown[]) => Promise<unknown>;

export class DataEngine {
  private readonly clients = new Map<string, LiveDataClient>();
  private readonly refCounts = new Map<string, number>();
  private readonly aggregators = new Map<string, TimeBarAggregator>();
  private readonly aggregatorsByInstrument = new Map<string, Set<TimeBarAggregator>>();

  constructor(
    private readonly msgbus: MessageBus,
    private readonly cache: Cache,
    private readonly clock: NodeClock,
    private readonly log: Logger,
  ) {}

  /** The handler given to data clients in their context. */
  readonly handler: DataClientContext['handler'] = {
    handleData: (data) => this.process(data),
    handleInstrument: (instrument) => this.processInstrument(instrument),
  };

  registerClient(client: LiveDataClient): void {
    const venue = client.venue.value;
    if (this.clients.has(venue)) throw new KrakenStateError(`a data client for venue ${venue} is already registered`);
    this.clients.set(venue, client);
  }
  get registeredClients(): readonly LiveDataClient[] {
    return [...this.clients.values()];
  }

  private clientFor(instrumentId: InstrumentId): LiveDataClient {
    const c = this.clients.get(instrumentId.venue.value);
    if (c === undefined) throw new KrakenStateError(`no data client for venue ${instrumentId.venue.value}`);
    return c;
  }

  private call(client: LiveDataClient, method: keyof LiveDataClient, ...args: unknown[]): Promise<unknown> {
    // Optional methods are looked up by name; the call below binds them to their client.
    const fn: unknown = Reflect.get(client, method);
    if (typeof fn !== 'function') {
      return Promise.reject(new KrakenStateError(`data client ${client.clientId.value} does not support ${String(method)}`));
    }
    return (fn as ClientCall).apply(client, args);
  }

  /** Subscribes the venue stream on first use; later calls only count. */
  async subscribe(
    stream: DataStream,
    instrumentId: InstrumentId,
    key: string,
    arg: unknown = instrumentId,
    options?: BookSubscription,
  ): Promise<void> {
    const k = `${stream}:${key}`;
    const n = this.refCounts.get(k) ?? 0;
    this.refCounts.set(k, n + 1);
    if (n > 0) return;
    try {
      const [sub] = CLIENT_METHODS[stream];
      await this.call(this.clientFor(instrumentId), sub, arg, ...(options === undefined ? [] : [options]));
    } catch (err) {
      this.refCounts.delete(k);
      throw err;
    }
  }

  async unsubscribe(stream: DataStream, instrumentId: InstrumentId, key: string, arg: unknown = instrumentId): Promise<void> {
    const k = `${stream}:${key}`;
    const n = this.refCounts.get(k) ?? 0;
    if (n === 0) return;
    if (n > 1) {
      this.refCounts.set(k, n - 1);
      return;
    }
    this.refCounts.delete(k);
    const [, unsub] = CLIENT_METHODS[stream];
    await this.call(this.clientFor(instrumentId), unsub, arg);
  }

  subscriptionCount(stream: DataStream, key: string): number {
    return this.refCounts.get(`${stream}:${key}`) ?? 0;
  }

  async subscribeBars(barType: BarType): Promise<void> {
    if (!barType.isInternallyAggregated) {
      await this.subscribe('bars', barType.instrumentId, barType.toString(), barType);
      return;
    }
    const key = barType.toString();
    const existing = this.aggregators.get(key);
    if (existing === undefined) {
      const agg = new TimeBarAggregator(
        barType,
        (bar) => this.processBar(bar),
        () => this.clock.timestampNs(),
      );
      this.aggregators.set(key, agg);
      const id = barType.instrumentId.toString();
      let set = this.aggregatorsByInstrument.get(id);
      if (set === undefined) this.aggregatorsByInstrument.set(id, (set = new Set()));
      set.add(agg);
    }
    this.refCounts.set(`ibars:${key}`, (this.refCounts.get(`ibars:${key}`) ?? 0) + 1);
    await this.subscribe('trades', barType.instrumentId, barType.instrumentId.toString());
  }

  async unsubscribeBars(barType: BarType): Promise<void> {
    if (!barType.isInternallyAggregated) {
      await this.unsubscribe('bars', barType.instrumentId, barType.toString(), barType);
      return;
    }
    const key = barType.toString();
    const n = this.refCounts.get(`ibars:${key}`) ?? 0;
    if (n === 0) return;
    if (n === 1) {
      this.refCounts.delete(`ibars:${key}`);
      const agg = this.aggregators.get(key);
      this.aggregators.delete(key);
      if (agg !== undefined) this.aggregatorsByInstrument.get(barType.instrumentId.toString())?.delete(agg);
    } else {
      this.refCounts.set(`ibars:${key}`, n - 1);
    }
    await this.unsubscribe('trades', barType.instrumentId, barType.instrumentId.toString());
  }

  // --- requests ---------------------------------------------------------------------------
  async requestInstruments(venue: string): Promise<Instrument[]> {
    const client = this.clients.get(venue);
    if (client === undefined) throw new KrakenStateError(`no data client for venue ${venue}`);
    const list = (await this.call(client, 'requestInstruments')) as Instrument[];
    for (const i of list) this.processInstrument(i);
    return list;
  }
  async requestTradeTicks(instrumentId: InstrumentId, range: TimeRange = {}): Promise<TradeTick[]> {
    return (await this.call(this.clientFor(instrumentId), 'requestTradeTicks', instrumentId, range)) as TradeTick[];
  }
  async requestBars(barType: BarType, range: TimeRange = {}): Promise<Bar[]> {
    return (await this.call(this.clientFor(barType.instrumentId), 'requestBars', barType, range)) as Bar[];
  }
  async requestOrderBookSnapshot(instrumentId: InstrumentId, depth: number | null = null): Promise<OrderBookDeltas> {
    return (await this.call(this.clientFor(instrumentId), 'requestOrderBookSnapshot', instrumentId, depth)) as OrderBookDeltas;
  }
  async requestFundingRates(instrumentId: InstrumentId, range: TimeRange = {}): Promise<FundingRateUpdate[]> {
    return (await this.call(this.clientFor(instrumentId), 'requestFundingRates', instrumentId, range)) as FundingRateUpdate[];
  }

  // --- incoming data ----------------------------------------------------------------------
  processInstrument(instrument: Instrument): void {
    this.cache.addInstrument(instrument);
    this.msgbus.publish(Topics.instruments(), instrument);
  }

  process(data: MarketData): void {
    try {
      switch (data.kind) {
        case 'QuoteTick':
          this.cache.addQuoteTick(data);
          this.msgbus.publish(Topics.quotes(data.instrumentId), data);
          break;
        case 'TradeTick':
          this.cache.addTradeTick(data);
          this.msgbus.publish(Topics.trades(data.instrumentId), data);
          for (const agg of this.aggregatorsByInstrument.get(data.instrumentId.toString()) ?? []) agg.handleTrade(data);
          break;
        case 'Bar':
          this.processBar(data);
          break;
        case 'OrderBookDeltas':
          this.cache.orderBook(data.instrumentId).applyDeltas(data);
          this.msgbus.publish(Topics.bookDeltas(data.instrumentId), data);
          break;
        case 'MarkPriceUpdate':
          this.msgbus.publish(Topics.markPrices(data.instrumentId), data);
          break;
        case 'IndexPriceUpdate':
          this.msgbus.publish(Topics.indexPrices(data.instrumentId), data);
          break;
        case 'FundingRateUpdate':
          this.msgbus.publish(Topics.fundingRates(data.instrumentId), data);
          break;
        case 'InstrumentStatus':
          this.msgbus.publish(Topics.instrumentStatus(data.instrumentId), data);
          break;
      }
    } catch (err) {
      this.log.error(`dropped ${data.kind}: processing failed`, { error: err });
    }
  }

  private processBar(bar: Bar): void {
    this.msgbus.publish(Topics.bars(bar.barType), bar);
  }
}
