/**
 * One Kraken product's half of the execution client. `KrakenExecutionClient` is one
 * `LiveExecutionClient` to the node; inside, it routes each command to the product that trades
 * the instrument (Spot or Futures), asks every product for its reports, and merges their account
 * figures into one `AccountState`, so that the engine sees the collateral of both markets.
 *
 * A product owns its transports (REST, WS), its order encoders, its venue-event decoding and its
 * report builders. It pushes order events and reports learned outside a request through the
 * context handler it was built with; it never talks to another product.
 */
import type { AccountBalance, MarginBalance } from '../../model/account.js';
import type { InstrumentId } from '../../model/identifiers.js';
import type { Order } from '../../model/order.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../model/reports.js';
import type { OrderStatusQuery, ReportQuery } from '../../node/clients.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList, SupportResult } from '../../node/commands.js';
import type { KrakenProductType } from '../constants.js';

/** A product's share of the merged account state. */
export interface ProductAccountSnapshot {
  readonly balances: readonly AccountBalance[];
  readonly margins: readonly MarginBalance[];
  /** Venue figures without a typed home, exact decimal text, keys in snake_case. */
  readonly info: Readonly<Record<string, string>>;
  /** Venue time of the figures, nanoseconds. */
  readonly tsEvent: bigint;
}

export interface ProductExecution {
  readonly product: KrakenProductType;
  /** True when this product trades the instrument (its id is in this product's instrument set). */
  trades(instrumentId: InstrumentId): boolean;

  /** Checks credentials and permissions, opens transports, subscribes to order and account streams. */
  connect(): Promise<void>;
  /** Closes transports; disarms anything armed at the venue (dead man's switch) when clean. */
  disconnect(): Promise<void>;

  /** Whether a missing position in a report of this product means FLAT. */
  listsPositions(instrumentId: InstrumentId): boolean;
  /** The shape check before anything is sent: a shape the product cannot carry is denied with a reason. */
  supports(order: Order): SupportResult;

  submitOrder(command: SubmitOrder): Promise<void>;
  submitOrderList(command: SubmitOrderList): Promise<void>;
  modifyOrder(command: ModifyOrder): Promise<void>;
  cancelOrder(command: CancelOrder): Promise<void>;
  cancelAllOrders(command: CancelAllOrders): Promise<void>;

  generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | null>;
  generateOrderStatusReports(query: ReportQuery): Promise<OrderStatusReport[]>;
  generateFillReports(query: ReportQuery): Promise<FillReport[]>;
  generatePositionStatusReports(query: ReportQuery): Promise<PositionStatusReport[]>;

  /** The product's current balances and margins, read from the venue. */
  queryAccount(): Promise<ProductAccountSnapshot>;
}
