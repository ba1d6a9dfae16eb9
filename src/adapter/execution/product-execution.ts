/**
 * One Kraken product's half of the execution client. `KrakenExecutionClient` is one
 * `LiveExecutionClient` to the node; inside, it routes each command to the product that trades
 * the instrument (Spot or Futures), asks every product for its reports, and merges their account
 * figures into one `AccountState`, so that the engine sees the collateral of both markets.
 *
 * A product owns its transports (REST, WS), its order encoders, its venue-event decoding and its
 * report builders. It pushes order events and reports learned outside a request through the
 * context handler it was built with; it never talks to another product.
 *
 * The contract of `ProductContext` (what a product is built with, see factory.ts):
 * - `handler`: order events and reports go straight to the node; account figures go through
 *   `handleAccount`, which merges them with the other product's latest figures and publishes one
 *   `AccountState`. A product calls it whenever its balances may have changed (after a fill, on a
 *   balances update, on its own refresh); it never builds an `AccountState` itself.
 * - `clock`: the node's clock for event timestamps (`timestampNs()`); `clock.source` is the time
 *   seam for the product's timers and transports, so a `ManualClock` given to the node moves the
 *   product too. A product never reads `Date.now()`.
 * - `orders`: the node's orders, read only, to find the local order a venue event is about
 *   (never changed by a product: events go through `handler`).
 * - `logger`: the client's logger; secrets never reach it.
 * - `accountId`: stamped on every report and event the product builds.
 * - `instruments`: the client's provider, loaded before any product connects; `info(id)` gives
 *   the Kraken facts (pair names, tiers, status) behind an instrument.
 * - `config`: the whole resolved exec config; a product reads only its own options
 *   (Spot: `spotAccountType`, `useWsTrade`, ...; Futures: the Futures URLs and credentials).
 * - `http`: the product's REST client, built from the config and shared with the provider
 *   (it loads the instruments); the client closes it after the product disconnected.
 */
import type { AccountBalance, MarginBalance } from '../../model/account.js';
import type { AccountId, ClientOrderId, InstrumentId, VenueOrderId } from '../../model/identifiers.js';
import type { Order } from '../../model/order.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../model/reports.js';
import type { ExecClientContext, OrderStatusQuery, ReportQuery } from '../../node/clients.js';
import type { NodeClock } from '../../node/clock.js';
import type { Logger } from '../../node/logger.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList, SupportResult } from '../../node/commands.js';
import type { ResolvedKrakenExecClientConfig } from '../config.js';
import type { KrakenProductType } from '../constants.js';
import type { KrakenInstrumentProvider } from '../instruments/provider.js';

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

/** Where a product delivers what it learns outside a request. */
export interface ProductEventHandler extends Omit<ExecClientContext['handler'], 'handleAccountState'> {
  /** The product's latest account figures; the client merges them with the other product's and publishes one state. */
  handleAccount(snapshot: ProductAccountSnapshot): void;
  /** An alert the user must see now (published on the node's execution-alert topic, also logged at ERROR). */
  handleAlert(kind: string, message: string): void;
}

/** The node's orders, read only: how a product finds the local order a venue event is about. */
export interface OrderLookup {
  order(id: ClientOrderId): Order | undefined;
  orderByVenueOrderId(id: VenueOrderId): Order | undefined;
  /** The orders open at the venue as the node sees them (every product's: filter by instrument). */
  ordersOpen(): readonly Order[];
}

/** What a product is built with (the contract is in this file's header). */
export interface ProductContext<Http> {
  readonly handler: ProductEventHandler;
  readonly orders: OrderLookup;
  readonly clock: NodeClock;
  readonly logger: Logger;
  readonly accountId: AccountId;
  readonly instruments: KrakenInstrumentProvider;
  readonly config: ResolvedKrakenExecClientConfig;
  readonly http: Http;
}

/** Builds one product's half from its context; registered per product in factory.ts. */
export type ProductBuilder<Http> = (context: ProductContext<Http>) => ProductExecution;
