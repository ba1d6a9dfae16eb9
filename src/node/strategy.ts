/**
 * The base class for user strategies. Override the `on*` handlers; call `subscribe*`, `request*`
 * and the order commands. Handlers run on the node's event loop; an exception in one is logged
 * and never stops the node. Subscriptions are dropped on stop.
 */
import { KrakenStateError } from '../core/errors.js';
import type { AccountState } from '../model/account.js';
import type { Bar, BarType } from '../model/bar.js';
import { StrategyId, type InstrumentId } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import type { FundingRateUpdate, IndexPriceUpdate, InstrumentStatus, MarkPriceUpdate, QuoteTick, TradeTick } from '../model/market-data.js';
import type { OrderEvent, OrderParams } from '../model/order-events.js';
import type { OrderBookDeltas } from '../model/order-book.js';
import type { Order } from '../model/order.js';
import type { Cache } from './cache.js';
import type { BookSubscription, TimeRange } from './clients.js';
import type { NodeClock } from './clock.js';
import type { DataEngine, DataStream } from './data-engine.js';
import type { ExecutionEngine, ModifyRequest } from './execution-engine.js';
import type { Logger } from './logger.js';
import { Topics, type MessageBus, type Topic } from './message-bus.js';
import { OrderFactory, type ClientOrderIdGenerator } from './order-factory.js';
import type { PositionEvent } from './position-events.js';

export interface StrategyConfig {
  /** Default `<ClassName>-001`. */
  readonly strategyId?: string;
  readonly clientOrderIdGenerator?: ClientOrderIdGenerator;
}

export interface StrategyContext {
  readonly msgbus: MessageBus;
  readonly cache: Cache;
  readonly clock: NodeClock;
  readonly logger: Logger;
  readonly dataEngine: DataEngine;
  readonly execEngine: ExecutionEngine;
}

export abstract class Strategy {
  readonly id: StrategyId;
  private context: StrategyContext | null = null;
  private factory: OrderFactory | null = null;
  private readonly unsubscribers = new Map<string, () => void>();
  private readonly venueSubscriptions = new Map<string, () => Promise<void>>();
  private readonly idGenerator: ClientOrderIdGenerator | undefined;

  constructor(config: StrategyConfig = {}) {
    this.id = new StrategyId(config.strategyId ?? `${new.target.name}-001`);
    this.idGenerator = config.clientOrderIdGenerator;
  }

  // --- wiring (called by the node) --------------------------------------------------------
  register(context: StrategyContext): void {
    if (this.context !== null) throw new KrakenStateError(`strategy ${this.id.value} is already registered`);
    this.context = context;
    this.factory = new OrderFactory(this.id, context.clock, this.idGenerator);
  }

  private get ctx(): StrategyContext {
    if (this.context === null) throw new KrakenStateError(`strategy ${this.id.value} is not registered with a node`);
    return this.context;
  }
  get clock(): NodeClock {
    return this.ctx.clock;
  }
  get cache(): Cache {
    return this.ctx.cache;
  }
  get log(): Logger {
    return this.ctx.logger;
  }
  get orderFactory(): OrderFactory {
    if (this.factory === null) throw new KrakenStateError(`strategy ${this.id.value} is not registered with a node`);
    return this.factory;
  }

  /** Called by the node: wires order/position events, then runs `onStart`. */
  async start(): Promise<void> {
    this.listen('orders', Topics.orderEvents(this.id), (e) => this.onOrderEvent(e));
    this.listen('positions', Topics.positionEvents(this.id), (e) => this.onPositionEvent(e));
    this.listen('accounts', Topics.accounts(), (a) => this.onAccountState(a));
    await this.onStart();
  }

  /** Called by the node: runs `onStop`, then drops every subscription. */
  async stop(): Promise<void> {
    try {
      await this.onStop();
    } finally {
      for (const off of this.unsubscribers.values()) off();
      this.unsubscribers.clear();
      const venue = [...this.venueSubscriptions.values()];
      this.venueSubscriptions.clear();
      await Promise.allSettled(venue.map((f) => f()));
    }
  }

  // --- handlers to override ---------------------------------------------------------------
  onStart(): void | Promise<void> {}
  onStop(): void | Promise<void> {}
  onInstrument(_instrument: Instrument): void {}
  onQuoteTick(_tick: QuoteTick): void {}
  onTradeTick(_tick: TradeTick): void {}
  onBar(_bar: Bar): void {}
  onOrderBookDeltas(_deltas: OrderBookDeltas): void {}
  onMarkPrice(_update: MarkPriceUpdate): void {}
  onIndexPrice(_update: IndexPriceUpdate): void {}
  onFundingRate(_update: FundingRateUpdate): void {}
  onInstrumentStatus(_status: InstrumentStatus): void {}
  onOrderEvent(_event: OrderEvent): void {}
  onPositionEvent(_event: PositionEvent): void {}
  onAccountState(_state: AccountState): void {}

  // --- subscriptions ----------------------------------------------------------------------
  private listen<T>(key: string, t: Topic<T>, handler: (m: T) => void): void {
    if (this.unsubscribers.has(key)) return;
    this.unsubscribers.set(key, this.ctx.msgbus.subscribe(t, handler));
  }
  private unlisten(key: string): void {
    this.unsubscribers.get(key)?.();
    this.unsubscribers.delete(key);
  }

  /** Listens on the bus and asks the venue once. Resolves false (and logs) if the venue refused. */
  private async sub<T>(
    stream: DataStream,
    id: InstrumentId,
    key: string,
    t: Topic<T>,
    handler: (m: T) => void,
    arg?: unknown,
    options?: BookSubscription,
  ): Promise<boolean> {
    const k = `${stream}:${key}`;
    if (this.venueSubscriptions.has(k)) return true;
    this.listen(k, t, handler);
    try {
      await this.ctx.dataEngine.subscribe(stream, id, key, arg ?? id, options);
      this.venueSubscriptions.set(k, () => this.ctx.dataEngine.unsubscribe(stream, id, key, arg ?? id));
      return true;
    } catch (err) {
      this.unlisten(k);
      this.log.error(`subscribe ${k} failed: ${(err as Error).message}`);
      return false;
    }
  }
  private async unsub(stream: DataStream | 'barType', key: string): Promise<void> {
    const k = `${stream}:${key}`;
    this.unlisten(k);
    const off = this.venueSubscriptions.get(k);
    this.venueSubscriptions.delete(k);
    if (off !== undefined) await off().catch((err: unknown) => this.log.warn(`unsubscribe ${k} failed: ${(err as Error).message}`));
  }

  subscribeInstruments(): void {
    this.listen('instruments', Topics.instruments(), (i) => this.onInstrument(i));
  }
  subscribeQuoteTicks(id: InstrumentId): Promise<boolean> {
    return this.sub('quotes', id, id.toString(), Topics.quotes(id), (t) => this.onQuoteTick(t));
  }
  unsubscribeQuoteTicks(id: InstrumentId): Promise<void> {
    return this.unsub('quotes', id.toString());
  }
  subscribeTradeTicks(id: InstrumentId): Promise<boolean> {
    return this.sub('trades', id, id.toString(), Topics.trades(id), (t) => this.onTradeTick(t));
  }
  unsubscribeTradeTicks(id: InstrumentId): Promise<void> {
    return this.unsub('trades', id.toString());
  }
  subscribeOrderBookDeltas(id: InstrumentId, options: BookSubscription = {}): Promise<boolean> {
    return this.sub('book', id, id.toString(), Topics.bookDeltas(id), (d) => this.onOrderBookDeltas(d), id, options);
  }
  unsubscribeOrderBookDeltas(id: InstrumentId): Promise<void> {
    return this.unsub('book', id.toString());
  }
  subscribeMarkPrices(id: InstrumentId): Promise<boolean> {
    return this.sub('markPrices', id, id.toString(), Topics.markPrices(id), (u) => this.onMarkPrice(u));
  }
  subscribeIndexPrices(id: InstrumentId): Promise<boolean> {
    return this.sub('indexPrices', id, id.toString(), Topics.indexPrices(id), (u) => this.onIndexPrice(u));
  }
  subscribeFundingRates(id: InstrumentId): Promise<boolean> {
    return this.sub('fundingRates', id, id.toString(), Topics.fundingRates(id), (u) => this.onFundingRate(u));
  }
  subscribeInstrumentStatus(id: InstrumentId): Promise<boolean> {
    return this.sub('status', id, id.toString(), Topics.instrumentStatus(id), (s) => this.onInstrumentStatus(s));
  }
  unsubscribeMarkPrices(id: InstrumentId): Promise<void> {
    return this.unsub('markPrices', id.toString());
  }
  unsubscribeIndexPrices(id: InstrumentId): Promise<void> {
    return this.unsub('indexPrices', id.toString());
  }
  unsubscribeFundingRates(id: InstrumentId): Promise<void> {
    return this.unsub('fundingRates', id.toString());
  }
  unsubscribeInstrumentStatus(id: InstrumentId): Promise<void> {
    return this.unsub('status', id.toString());
  }

  /** EXTERNAL bars come from the venue; INTERNAL bars are aggregated locally from trades. */
  async subscribeBars(barType: BarType): Promise<boolean> {
    const k = `barType:${barType.toString()}`;
    if (this.venueSubscriptions.has(k)) return true;
    this.listen(k, Topics.bars(barType), (b) => this.onBar(b));
    try {
      await this.ctx.dataEngine.subscribeBars(barType);
      this.venueSubscriptions.set(k, () => this.ctx.dataEngine.unsubscribeBars(barType));
      return true;
    } catch (err) {
      this.unlisten(k);
      this.log.error(`subscribe bars ${barType.toString()} failed: ${(err as Error).message}`);
      return false;
    }
  }
  unsubscribeBars(barType: BarType): Promise<void> {
    return this.unsub('barType', barType.toString());
  }

  // --- requests (reject on failure: the caller awaits them) -------------------------------
  requestInstruments(venue: string): Promise<Instrument[]> {
    return this.ctx.dataEngine.requestInstruments(venue);
  }
  requestBars(barType: BarType, range: TimeRange = {}): Promise<Bar[]> {
    return this.ctx.dataEngine.requestBars(barType, range);
  }
  requestTradeTicks(id: InstrumentId, range: TimeRange = {}): Promise<TradeTick[]> {
    return this.ctx.dataEngine.requestTradeTicks(id, range);
  }
  requestOrderBookSnapshot(id: InstrumentId, depth: number | null = null): Promise<OrderBookDeltas> {
    return this.ctx.dataEngine.requestOrderBookSnapshot(id, depth);
  }
  requestFundingRates(id: InstrumentId, range: TimeRange = {}): Promise<FundingRateUpdate[]> {
    return this.ctx.dataEngine.requestFundingRates(id, range);
  }

  // --- orders (never reject: outcomes arrive as order events) -----------------------------
  private guarded(what: string, p: Promise<void>): Promise<void> {
    return p.catch((err: unknown) => this.log.error(`${what} failed: ${(err as Error).message}`));
  }
  submitOrder(order: Order, params: OrderParams = {}): Promise<void> {
    this.ownOrder(order);
    return this.guarded('submitOrder', this.ctx.execEngine.submitOrder(order, params));
  }
  submitOrderList(orders: readonly Order[], params: OrderParams = {}): Promise<void> {
    for (const o of orders) this.ownOrder(o);
    return this.guarded('submitOrderList', this.ctx.execEngine.submitOrderList(orders, params));
  }
  modifyOrder(order: Order, request: ModifyRequest): Promise<void> {
    return this.guarded('modifyOrder', this.ctx.execEngine.modifyOrder(order, request));
  }
  cancelOrder(order: Order, params: OrderParams = {}): Promise<void> {
    return this.guarded('cancelOrder', this.ctx.execEngine.cancelOrder(order, params));
  }
  cancelAllOrders(instrumentId: InstrumentId, params: OrderParams = {}): Promise<void> {
    return this.guarded('cancelAllOrders', this.ctx.execEngine.cancelAllOrders(this.id, instrumentId, params));
  }

  private ownOrder(order: Order): void {
    if (!order.strategyId.equals(this.id)) {
      throw new KrakenStateError(`order ${order.clientOrderId.value} belongs to ${order.strategyId.value}, not ${this.id.value}`);
    }
  }
}
