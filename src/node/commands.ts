/**
 * Trading commands as the execution engine hands them to an execution client. Each carries the
 * whole `Order` (not a flattened copy) so a client can route by shape (type, time in force,
 * trigger type, params) without looking anything up.
 */
import type { ClientOrderId, InstrumentId, StrategyId, VenueOrderId } from '../model/identifiers.js';
import type { OrderParams } from '../model/order-events.js';
import type { Order } from '../model/order.js';
import type { Price, Quantity } from '../model/values.js';

interface CommandBase {
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly params: OrderParams;
  readonly tsInit: bigint;
}

export interface SubmitOrder extends CommandBase {
  readonly kind: 'SubmitOrder';
  readonly order: Order;
}

export interface SubmitOrderList extends CommandBase {
  readonly kind: 'SubmitOrderList';
  /** Legs in submission order; they may span instruments (the client decides how to route). */
  readonly orders: readonly Order[];
}

export interface ModifyOrder extends CommandBase {
  readonly kind: 'ModifyOrder';
  readonly order: Order;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
  readonly quantity: Quantity | null;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
}

export interface CancelOrder extends CommandBase {
  readonly kind: 'CancelOrder';
  readonly order: Order;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
}

/**
 * Cancel-all, as the venue does it: it cannot filter by side, and it is not scoped to a strategy.
 * The client cancels every open order in the product's scope (Kraken Spot: every symbol; Kraken
 * Futures: the instrument's symbol). `orders` lists the local open orders of the instrument's
 * venue, whatever their strategy, so the client can tell which of them the cancel reaches;
 * the venue's cancel events close them.
 */
export interface CancelAllOrders extends CommandBase {
  readonly kind: 'CancelAllOrders';
  readonly orders: readonly Order[];
}

export type TradingCommand = SubmitOrder | SubmitOrderList | ModifyOrder | CancelOrder | CancelAllOrders;

/** The answer of a client's `supports` hook: a shape the venue cannot carry is denied before sending. */
export type SupportResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };
