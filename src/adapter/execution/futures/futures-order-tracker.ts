/**
 * The Futures orders this client sent, found by client order id or Kraken order id, and the one
 * place that turns what the venue said about them into order events. Each event is emitted at most
 * once and only when the order can take it: Kraken reports the same fact more than once (the REST
 * answer and the `open_orders` feed both say "placed"; a fill is in the `fills` feed and in REST
 * `fills`), and whichever comes first wins. Fills are deduplicated by Kraken's fill id.
 */
import { BoundedFifoSet } from '../../../node/bounded-set.js';
import type { LiquiditySide } from '../../../model/enums.js';
import { TradeId, VenueOrderId, type AccountId } from '../../../model/identifiers.js';
import type { Currency, Money } from '../../../model/money.js';
import {
  OrderAccepted,
  OrderCanceled,
  OrderCancelRejected,
  OrderExpired,
  OrderFilled,
  OrderModifyRejected,
  OrderRejected,
  OrderTriggered,
  OrderUpdated,
  type OrderEvent,
} from '../../../model/order-events.js';
import type { Order } from '../../../model/order.js';
import type { Price, Quantity } from '../../../model/values.js';

/** Where events go, and the time and account they are stamped with. */
export interface FuturesEventSink {
  readonly accountId: AccountId;
  emit(event: OrderEvent): void;
  nowNs(): bigint;
}

/** One execution as the venue reported it, already in domain values. */
export interface FuturesFill {
  readonly fillId: string;
  readonly venueOrderId: string;
  readonly quantity: Quantity;
  readonly price: Price;
  /** The currency the price is in (the instrument's quote currency). */
  readonly currency: Currency;
  readonly commission: Money | null;
  readonly liquiditySide: LiquiditySide;
  readonly tsEvent: bigint;
}

/** How many fill ids are remembered for deduplication. */
const FILL_MEMORY = 50_000;
/** Closed orders kept for late venue messages (a fill racing a cancel) before the oldest go. */
const CLOSED_MEMORY = 5_000;

export class FuturesOrderTracker {
  readonly #byClient = new Map<string, Order>();
  readonly #byVenue = new Map<string, Order>();
  readonly #accepted = new Set<string>();
  readonly #fills = new BoundedFifoSet(FILL_MEMORY);
  readonly #closed: string[] = [];

  constructor(private readonly sink: FuturesEventSink) {}

  track(order: Order): void {
    this.#byClient.set(order.clientOrderId.value, order);
    if (order.venueOrderId !== null) this.#byVenue.set(order.venueOrderId.value, order);
  }

  /** The order by Kraken's order id first, else by client order id. */
  find(venueOrderId: string | null | undefined, clientOrderId?: string | null): Order | undefined {
    const byVenue = venueOrderId ? this.#byVenue.get(venueOrderId) : undefined;
    const order = byVenue ?? (clientOrderId ? this.#byClient.get(clientOrderId) : undefined);
    if (order !== undefined && venueOrderId && byVenue === undefined) this.#byVenue.set(venueOrderId, order);
    return order;
  }

  /** Orders tracked and still open here (for cancel-all and reconnects). */
  openOrders(): Order[] {
    return [...this.#byClient.values()].filter((o) => !o.isClosed);
  }

  hasFill(fillId: string): boolean {
    return this.#fills.has(fillId);
  }

  #base(order: Order, venueOrderId?: string | null) {
    const ts = this.sink.nowNs();
    const venue = venueOrderId ? new VenueOrderId(venueOrderId) : order.venueOrderId;
    return {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: venue,
      accountId: this.sink.accountId,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  #emit(order: Order, event: OrderEvent): boolean {
    if (!order.canApply(event)) return false;
    this.sink.emit(event);
    if (order.isClosed) this.#retire(order);
    return true;
  }

  #retire(order: Order): void {
    this.#closed.push(order.clientOrderId.value);
    while (this.#closed.length > CLOSED_MEMORY) {
      const old = this.#byClient.get(this.#closed.shift() as string);
      if (old === undefined || !old.isClosed) continue;
      this.#byClient.delete(old.clientOrderId.value);
      if (old.venueOrderId !== null) this.#byVenue.delete(old.venueOrderId.value);
    }
  }

  /** The venue holds the order under `venueOrderId` (said once, whoever says it first). */
  accepted(order: Order, venueOrderId: string): void {
    this.#byVenue.set(venueOrderId, order);
    const key = order.clientOrderId.value;
    if (this.#accepted.has(key) && !(order.status === 'REJECTED' && order.rejectedByTimeout)) return;
    if (order.status !== 'SUBMITTED' && order.status !== 'INITIALIZED' && order.status !== 'REJECTED') {
      this.#accepted.add(key);
      return;
    }
    const base = this.#base(order, venueOrderId);
    if (this.#emit(order, new OrderAccepted({ ...base, venueOrderId: new VenueOrderId(venueOrderId) }))) this.#accepted.add(key);
  }

  rejected(order: Order, reason: string, duePostOnly = false): void {
    if (order.status !== 'SUBMITTED') return;
    this.#emit(order, new OrderRejected({ ...this.#base(order), reason, duePostOnly }));
  }

  canceled(order: Order, reason: string | null, venueOrderId?: string | null): void {
    if (order.isClosed) return;
    this.#emit(order, new OrderCanceled({ ...this.#base(order, venueOrderId), reason }));
  }

  expired(order: Order, venueOrderId?: string | null): void {
    if (order.isClosed) return;
    this.#emit(order, new OrderExpired(this.#base(order, venueOrderId)));
  }

  triggered(order: Order, venueOrderId?: string | null): void {
    if (order.status === 'TRIGGERED' || order.isClosed) return;
    this.#emit(order, new OrderTriggered(this.#base(order, venueOrderId)));
  }

  /**
   * The venue applied a modify. Said once: the REST answer and the feed both report it, so an open
   * order that already has these values (not waiting for a modify) is left alone.
   */
  updated(order: Order, change: { quantity: Quantity; price: Price | null; triggerPrice: Price | null }): void {
    if (order.isClosed) return;
    const same =
      order.quantity.equals(change.quantity) &&
      (change.price === null || (order.price !== null && order.price.equals(change.price))) &&
      (change.triggerPrice === null || (order.triggerPrice !== null && order.triggerPrice.equals(change.triggerPrice)));
    if (same && order.status !== 'PENDING_UPDATE') return;
    this.#emit(order, new OrderUpdated({ ...this.#base(order), ...change }));
  }

  modifyRejected(order: Order, reason: string): void {
    if (order.status !== 'PENDING_UPDATE') return;
    this.#emit(order, new OrderModifyRejected({ ...this.#base(order), reason }));
  }

  cancelRejected(order: Order, reason: string): void {
    if (order.status !== 'PENDING_CANCEL') return;
    this.#emit(order, new OrderCancelRejected({ ...this.#base(order), reason }));
  }

  /** Applies a fill once per fill id; false when it was seen before or the order cannot take it. */
  filled(order: Order, fill: FuturesFill): boolean {
    if (this.#fills.has(fill.fillId) || order.hasTradeId(fill.fillId)) return false;
    this.#byVenue.set(fill.venueOrderId, order);
    const event = new OrderFilled({
      ...this.#base(order, fill.venueOrderId),
      venueOrderId: new VenueOrderId(fill.venueOrderId),
      tradeId: new TradeId(fill.fillId),
      orderSide: order.side,
      orderType: order.orderType,
      lastQty: fill.quantity,
      lastPx: fill.price,
      currency: fill.currency,
      commission: fill.commission,
      liquiditySide: fill.liquiditySide,
      tsEvent: fill.tsEvent,
    });
    const ok = this.#emit(order, event);
    if (ok) {
      this.#fills.add(fill.fillId);
      this.#accepted.add(order.clientOrderId.value);
    }
    return ok;
  }
}
