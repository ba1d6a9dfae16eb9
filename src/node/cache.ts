/**
 * The node's in-memory state: instruments, orders (by client and venue id), positions,
 * accounts, and the latest market data. Engines write it; strategies read it.
 */
import type { AccountState } from '../model/account.js';
import type { ClientOrderId, InstrumentId, StrategyId, Venue, VenueOrderId } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import type { QuoteTick, TradeTick } from '../model/market-data.js';
import type { Order } from '../model/order.js';
import { OrderBook } from '../model/order-book.js';
import type { Position } from '../model/position.js';
import { KrakenStateError } from '../core/errors.js';

export interface OrderFilter {
  readonly instrumentId?: InstrumentId;
  readonly strategyId?: StrategyId;
  readonly venue?: Venue;
}

export class Cache {
  private readonly instrumentMap = new Map<string, Instrument>();
  private readonly orderMap = new Map<string, Order>();
  private readonly venueOrderIndex = new Map<string, string>();
  private readonly positionMap = new Map<string, Position>();
  private readonly accountMap = new Map<string, AccountState>();
  private readonly quoteMap = new Map<string, QuoteTick>();
  private readonly tradeMap = new Map<string, TradeTick>();
  private readonly bookMap = new Map<string, OrderBook>();

  addInstrument(instrument: Instrument): void {
    this.instrumentMap.set(instrument.id.toString(), instrument);
  }
  instrument(id: InstrumentId): Instrument | undefined {
    return this.instrumentMap.get(id.toString());
  }
  instruments(venue?: Venue): Instrument[] {
    const all = [...this.instrumentMap.values()];
    return venue === undefined ? all : all.filter((i) => i.id.venue.equals(venue));
  }

  addOrder(order: Order): void {
    const key = order.clientOrderId.value;
    if (this.orderMap.has(key)) throw new KrakenStateError(`order ${key} is already in the cache`);
    this.orderMap.set(key, order);
    this.indexVenueOrderId(order);
  }
  /** Keeps the venue-id index current after an event changed (or set) the order's venue id. */
  indexVenueOrderId(order: Order): void {
    if (order.venueOrderId !== null) this.venueOrderIndex.set(order.venueOrderId.value, order.clientOrderId.value);
  }
  order(id: ClientOrderId): Order | undefined {
    return this.orderMap.get(id.value);
  }
  orderByVenueOrderId(id: VenueOrderId): Order | undefined {
    const key = this.venueOrderIndex.get(id.value);
    return key === undefined ? undefined : this.orderMap.get(key);
  }
  orders(filter: OrderFilter = {}): Order[] {
    return [...this.orderMap.values()].filter(
      (o) =>
        (filter.instrumentId === undefined || o.instrumentId.equals(filter.instrumentId)) &&
        (filter.strategyId === undefined || o.strategyId.equals(filter.strategyId)) &&
        (filter.venue === undefined || o.instrumentId.venue.equals(filter.venue)),
    );
  }
  ordersOpen(filter: OrderFilter = {}): Order[] {
    return this.orders(filter).filter((o) => o.isOpen);
  }
  ordersInflight(filter: OrderFilter = {}): Order[] {
    return this.orders(filter).filter((o) => o.isInflight);
  }
  ordersClosed(filter: OrderFilter = {}): Order[] {
    return this.orders(filter).filter((o) => o.isClosed);
  }

  addPosition(position: Position): void {
    this.positionMap.set(position.instrumentId.toString(), position);
  }
  position(id: InstrumentId): Position | undefined {
    return this.positionMap.get(id.toString());
  }
  positions(venue?: Venue): Position[] {
    const all = [...this.positionMap.values()];
    return venue === undefined ? all : all.filter((p) => p.instrumentId.venue.equals(venue));
  }
  positionsOpen(venue?: Venue): Position[] {
    return this.positions(venue).filter((p) => p.isOpen);
  }

  addAccount(state: AccountState): void {
    this.accountMap.set(state.accountId.value, state);
  }
  account(accountId: string): AccountState | undefined {
    return this.accountMap.get(accountId);
  }
  accounts(): AccountState[] {
    return [...this.accountMap.values()];
  }

  addQuoteTick(tick: QuoteTick): void {
    this.quoteMap.set(tick.instrumentId.toString(), tick);
  }
  quoteTick(id: InstrumentId): QuoteTick | undefined {
    return this.quoteMap.get(id.toString());
  }
  addTradeTick(tick: TradeTick): void {
    this.tradeMap.set(tick.instrumentId.toString(), tick);
  }
  tradeTick(id: InstrumentId): TradeTick | undefined {
    return this.tradeMap.get(id.toString());
  }
  /** The book for an instrument, created empty on first use. */
  orderBook(id: InstrumentId): OrderBook {
    let book = this.bookMap.get(id.toString());
    if (book === undefined) {
      book = new OrderBook(id);
      this.bookMap.set(id.toString(), book);
    }
    return book;
  }
  hasOrderBook(id: InstrumentId): boolean {
    return this.bookMap.has(id.toString());
  }
}
