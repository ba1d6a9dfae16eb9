/**
 * The Futures API a `FuturesExecution` trades on (`futuresApi`): the legacy Derivatives REST and
 * WebSocket (futures-legacy-venue.ts) or the Unified WebSocket (futures-unified-venue.ts). Both
 * carry order entry, the order and fill streams and the account; `FuturesExecution` keeps what does
 * not depend on the API (shape checks, the order tracker, leverage preferences and history over
 * the legacy REST, the dead man's switch timer, reports).
 */
import type { Clock } from '../../../core/clock.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import type { PositionStatusReport } from '../../../model/reports.js';
import type { KrakenFuturesHttpClient } from '../../http/futures-http-client.js';
import type { ProductAccountSnapshot, ProductContext } from '../product-execution.js';
import type { DeadManSwitchCall } from './futures-dead-man-switch.js';
import type { Price, Quantity } from '../../../model/values.js';
import type { FuturesOrderTracker } from './futures-order-tracker.js';
import type { FuturesVenueFeed } from './futures-venue-feed.js';
import type { WsClientTuning } from '../../../transport/ws/client-options.js';

/** A modify of one order: a field left null keeps its value at the venue. */
export interface FuturesModify {
  readonly order: Order;
  readonly quantity: Quantity | null;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
}

/** Order entry on one API: each call turns the venue's answer into order events through the tracker. */
export interface FuturesOrderRoutes {
  submit(order: Order): Promise<void>;
  submitBatch(orders: readonly Order[]): Promise<void>;
  modify(m: FuturesModify): Promise<void>;
  modifyBatch(list: readonly FuturesModify[]): Promise<void>;
  cancel(order: Order): Promise<void>;
  cancelBatch(orders: readonly Order[]): Promise<void>;
  /** Every open order of one symbol, any side; a local order the venue did not hold gets its cancel refused. */
  cancelAll(symbol: string, local: readonly Order[]): Promise<void>;
}

export interface FuturesVenue {
  readonly api: 'legacy' | 'unified';
  /** Order entry on this API. */
  readonly entry: FuturesOrderRoutes;
  /** Confirms the credentials before anything else; throws a `KrakenAuthError` naming what is missing. */
  confirm(): Promise<void>;
  /** Opens the private streams (orders, fills, account) and resolves once they are live. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** The dead man's switch call of this API. */
  readonly cancelAllAfter: DeadManSwitchCall;
  /** The account's current balances and margins. */
  account(): Promise<ProductAccountSnapshot>;
  /** The open positions from the venue's stream, or null when this API reads them over REST. */
  positionReports(): PositionStatusReport[] | null;
}

/** What a venue is built with. */
export interface FuturesVenueDeps {
  readonly ctx: ProductContext<KrakenFuturesHttpClient>;
  readonly clock: Clock;
  readonly tracker: FuturesOrderTracker;
  /** The legacy feed's fill handling (WS `fills`, and fills read over REST on either API). */
  readonly feed: FuturesVenueFeed;
  readonly wsTuning: Omit<WsClientTuning, 'clock' | 'proxyUrl' | 'wsHeartbeatSecs'>;
  instrumentOf(order: Order): Instrument;
  instrumentBySymbol(symbol: string): Instrument | undefined;
  /** Runs a stream handler; a `KrakenError` drops the message with an ERROR line. */
  guard(fn: () => void): void;
  /** The stream's connection came back: re-arm the switch, look for lost fills, refresh the account. */
  reconnected(): void;
  /** An order filled more than the fills seen: look them up. */
  fillsBehind(): void;
  /** A stream named an order this session does not track. */
  unknownOrder(what: 'order' | 'fill', venueOrderId: string, clientOrderId: string | null): void;
  /** New account figures arrived on a stream. */
  accountChanged(snapshot: ProductAccountSnapshot): void;
}
