/**
 * The contracts between the node and venue adapters. A Kraken data client and execution client
 * implement these; the node creates them through factories registered under a venue name.
 *
 * Delivery: clients push live data and order events into the `handler` of their context; they
 * return historical data and reports from their request/generate methods.
 */
import type { AccountState } from '../model/account.js';
import type { Bar, BarType } from '../model/bar.js';
import type { AccountType } from '../model/enums.js';
import type { AccountId, ClientId, ClientOrderId, InstrumentId, Venue, VenueOrderId } from '../model/identifiers.js';
import type { Instrument } from '../model/instruments.js';
import type { FundingRateUpdate, IndexPriceUpdate, InstrumentStatus, MarkPriceUpdate, QuoteTick, TradeTick } from '../model/market-data.js';
import type { OrderEvent } from '../model/order-events.js';
import type { OrderBookDeltas } from '../model/order-book.js';
import type { Order } from '../model/order.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../model/reports.js';
import type { Cache } from './cache.js';
import type { NodeClock } from './clock.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList, SupportResult } from './commands.js';
import type { Logger } from './logger.js';
import type { MessageBus } from './message-bus.js';

export type MarketData =
  QuoteTick | TradeTick | Bar | OrderBookDeltas | MarkPriceUpdate | IndexPriceUpdate | FundingRateUpdate | InstrumentStatus;

export interface TimeRange {
  /** Inclusive start, nanoseconds. */
  readonly start?: bigint | null;
  /** Inclusive end, nanoseconds. */
  readonly end?: bigint | null;
  readonly limit?: number | null;
}

export interface BookSubscription {
  /** Levels per side (Kraken spot: 10, 25, 100, 500, 1000). */
  readonly depth?: number;
}

export interface LiveDataClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly isConnected: boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;

  // Live subscriptions. A method that is missing means "not supported by this client"; a
  // client may also reject for one product (e.g. mark prices on spot) with a KrakenError.
  subscribeInstruments?(): Promise<void>;
  subscribeQuoteTicks?(instrumentId: InstrumentId): Promise<void>;
  unsubscribeQuoteTicks?(instrumentId: InstrumentId): Promise<void>;
  subscribeTradeTicks?(instrumentId: InstrumentId): Promise<void>;
  unsubscribeTradeTicks?(instrumentId: InstrumentId): Promise<void>;
  subscribeOrderBookDeltas?(instrumentId: InstrumentId, options: BookSubscription): Promise<void>;
  unsubscribeOrderBookDeltas?(instrumentId: InstrumentId): Promise<void>;
  /** Only EXTERNAL bar types reach a client; INTERNAL bars are aggregated by the data engine. */
  subscribeBars?(barType: BarType): Promise<void>;
  unsubscribeBars?(barType: BarType): Promise<void>;
  subscribeMarkPrices?(instrumentId: InstrumentId): Promise<void>;
  unsubscribeMarkPrices?(instrumentId: InstrumentId): Promise<void>;
  subscribeIndexPrices?(instrumentId: InstrumentId): Promise<void>;
  unsubscribeIndexPrices?(instrumentId: InstrumentId): Promise<void>;
  subscribeFundingRates?(instrumentId: InstrumentId): Promise<void>;
  unsubscribeFundingRates?(instrumentId: InstrumentId): Promise<void>;
  subscribeInstrumentStatus?(instrumentId: InstrumentId): Promise<void>;
  unsubscribeInstrumentStatus?(instrumentId: InstrumentId): Promise<void>;

  // Historical requests.
  requestInstruments?(): Promise<Instrument[]>;
  requestTradeTicks?(instrumentId: InstrumentId, range: TimeRange): Promise<TradeTick[]>;
  requestBars?(barType: BarType, range: TimeRange): Promise<Bar[]>;
  requestOrderBookSnapshot?(instrumentId: InstrumentId, depth: number | null): Promise<OrderBookDeltas>;
  requestFundingRates?(instrumentId: InstrumentId, range: TimeRange): Promise<FundingRateUpdate[]>;
}

export interface OrderStatusQuery {
  readonly instrumentId?: InstrumentId | null;
  readonly clientOrderId?: ClientOrderId | null;
  readonly venueOrderId?: VenueOrderId | null;
}

export interface ReportQuery extends TimeRange {
  readonly instrumentId?: InstrumentId | null;
  /** Only orders open at the venue. */
  readonly openOnly?: boolean;
  readonly venueOrderId?: VenueOrderId | null;
}

/**
 * An execution client. Submit/modify/cancel resolve once the request is handed to the venue (or
 * its outcome is known) and report outcomes as order events through the context handler.
 * When a method throws, the engine classifies the error: a definitive venue answer (`kind`
 * 'order-rejected', 'validation', 'auth' or 'api') becomes OrderRejected / OrderModifyRejected /
 * OrderCancelRejected; anything else (timeouts, transport, 5xx, rate limits) leaves the order
 * in flight for the in-flight check to resolve (docs/reliability.md, "The WS order-timeout contract").
 */
export interface LiveExecutionClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly isConnected: boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;

  /**
   * Whether the venue lists positions for this instrument, so that one missing from a position
   * report means FLAT. Default: `accountType === 'MARGIN'`. A client serving Spot CASH and Futures
   * answers per product (a Spot wallet balance is not a position).
   */
  listsPositions?(instrumentId: InstrumentId): boolean;

  /** Order-shape check before anything is sent: unsupported shapes become OrderDenied. */
  supports?(order: Order): SupportResult;

  submitOrder(command: SubmitOrder): Promise<void>;
  submitOrderList(command: SubmitOrderList): Promise<void>;
  modifyOrder(command: ModifyOrder): Promise<void>;
  cancelOrder(command: CancelOrder): Promise<void>;
  cancelAllOrders(command: CancelAllOrders): Promise<void>;

  generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | null>;
  generateOrderStatusReports(query: ReportQuery): Promise<OrderStatusReport[]>;
  generateFillReports(query: ReportQuery): Promise<FillReport[]>;
  generatePositionStatusReports(query: ReportQuery): Promise<PositionStatusReport[]>;
  /** Open orders, recent closed orders, fills and positions, for startup reconciliation. */
  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus | null>;
}

interface ClientContextBase {
  readonly name: string;
  readonly msgbus: MessageBus;
  readonly cache: Cache;
  readonly clock: NodeClock;
  readonly logger: Logger;
}

export interface DataClientContext extends ClientContextBase {
  /** Live market data and instrument (re)loads from the client. */
  readonly handler: {
    handleData(data: MarketData): void;
    handleInstrument(instrument: Instrument): void;
  };
}

export interface ExecClientContext extends ClientContextBase {
  /** Order events and account states from the client. */
  readonly handler: {
    handleEvent(event: OrderEvent): void;
    handleAccountState(state: AccountState): void;
    /** A report learned outside a request (e.g. a WS executions snapshot), reconciled at once. */
    handleOrderStatusReport(report: OrderStatusReport): void;
    handleFillReport(report: FillReport): void;
  };
}

/** `config` is whatever the node config holds under this client's name. */
export interface LiveDataClientFactory<C = unknown> {
  create(name: string, config: C, context: DataClientContext): LiveDataClient;
}

export interface LiveExecClientFactory<C = unknown> {
  create(name: string, config: C, context: ExecClientContext): LiveExecutionClient;
}
