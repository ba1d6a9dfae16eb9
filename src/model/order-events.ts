/**
 * Order events, one class per fact, modelled on NautilusTrader's. An `Order` changes state only by
 * applying one of these (see order-fsm.ts for which event is legal in which state).
 */
import type { LiquiditySide, OrderSide, OrderType, TimeInForce, TrailingOffsetType, TriggerType } from './enums.js';
import type { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId, VenueOrderId } from './identifiers.js';
import type { Currency, Money } from './money.js';
import type { Decimal, Price, Quantity } from './values.js';

/** Per-command extra parameters, e.g. `{ leverage: 5 }` or `{ useWsTrade: false }`. */
export type OrderParams = Readonly<Record<string, string | number | boolean | null>>;

export interface OrderEventInit {
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
  /** True when the event was produced by reconciliation rather than a live venue message. */
  readonly reconciliation?: boolean;
}

abstract class OrderEventBase {
  abstract readonly kind: string;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
  readonly reconciliation: boolean;
  constructor(init: OrderEventInit) {
    this.strategyId = init.strategyId;
    this.instrumentId = init.instrumentId;
    this.clientOrderId = init.clientOrderId;
    this.tsEvent = init.tsEvent;
    this.tsInit = init.tsInit;
    this.reconciliation = init.reconciliation ?? false;
  }
}

export interface OrderInitializedInit extends OrderEventInit {
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  readonly timeInForce: TimeInForce;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
  readonly triggerType?: TriggerType;
  readonly limitOffset?: Decimal | null;
  readonly trailingOffset?: Decimal | null;
  readonly trailingOffsetType?: TrailingOffsetType;
  /** GTD expiry, nanoseconds. */
  readonly expireTime?: bigint | null;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  /** The quantity is in quote currency (Kraken spot `viqc`). */
  readonly quoteQuantity?: boolean;
  /** Iceberg visible quantity (Kraken spot `displayvol`). */
  readonly displayQty?: Quantity | null;
  readonly params?: OrderParams;
  readonly tags?: readonly string[];
}

export class OrderInitialized extends OrderEventBase {
  readonly kind = 'OrderInitialized' as const;
  constructor(readonly init: OrderInitializedInit) {
    super(init);
  }
}

export class OrderDenied extends OrderEventBase {
  readonly kind = 'OrderDenied' as const;
  readonly reason: string;
  constructor(init: OrderEventInit & { reason: string }) {
    super(init);
    this.reason = init.reason;
  }
}

interface WithAccount extends OrderEventInit {
  readonly accountId?: AccountId | null;
}

export class OrderSubmitted extends OrderEventBase {
  readonly kind = 'OrderSubmitted' as const;
  readonly accountId: AccountId | null;
  constructor(init: WithAccount) {
    super(init);
    this.accountId = init.accountId ?? null;
  }
}

interface WithVenueId extends WithAccount {
  readonly venueOrderId?: VenueOrderId | null;
}

abstract class VenueOrderEvent extends OrderEventBase {
  readonly accountId: AccountId | null;
  readonly venueOrderId: VenueOrderId | null;
  constructor(init: WithVenueId) {
    super(init);
    this.accountId = init.accountId ?? null;
    this.venueOrderId = init.venueOrderId ?? null;
  }
}

export class OrderAccepted extends VenueOrderEvent {
  readonly kind = 'OrderAccepted' as const;
  constructor(init: WithVenueId & { venueOrderId: VenueOrderId }) {
    super(init);
  }
}

/**
 * A rejection. `timedOut` marks the locally synthesised rejection of a WS request that got no
 * answer within `wsRequestTimeoutSecs`: the venue may still have
 * accepted it, so such an order stays open to a later OrderAccepted/OrderFilled/OrderCanceled
 * from reconciliation (docs/reliability.md, "The WS order-timeout contract"); a plain rejection is final.
 */
export class OrderRejected extends VenueOrderEvent {
  readonly kind = 'OrderRejected' as const;
  readonly reason: string;
  readonly timedOut: boolean;
  readonly duePostOnly: boolean;
  constructor(init: WithVenueId & { reason: string; timedOut?: boolean; duePostOnly?: boolean }) {
    super(init);
    this.reason = init.reason;
    this.timedOut = init.timedOut ?? false;
    this.duePostOnly = init.duePostOnly ?? false;
  }
}

export class OrderCanceled extends VenueOrderEvent {
  readonly kind = 'OrderCanceled' as const;
  readonly reason: string | null;
  constructor(init: WithVenueId & { reason?: string | null }) {
    super(init);
    this.reason = init.reason ?? null;
  }
}

export class OrderExpired extends VenueOrderEvent {
  readonly kind = 'OrderExpired' as const;
}

export class OrderTriggered extends VenueOrderEvent {
  readonly kind = 'OrderTriggered' as const;
}

export class OrderPendingUpdate extends VenueOrderEvent {
  readonly kind = 'OrderPendingUpdate' as const;
}

export class OrderPendingCancel extends VenueOrderEvent {
  readonly kind = 'OrderPendingCancel' as const;
}

export class OrderModifyRejected extends VenueOrderEvent {
  readonly kind = 'OrderModifyRejected' as const;
  readonly reason: string;
  readonly timedOut: boolean;
  constructor(init: WithVenueId & { reason: string; timedOut?: boolean }) {
    super(init);
    this.reason = init.reason;
    this.timedOut = init.timedOut ?? false;
  }
}

export class OrderCancelRejected extends VenueOrderEvent {
  readonly kind = 'OrderCancelRejected' as const;
  readonly reason: string;
  readonly timedOut: boolean;
  constructor(init: WithVenueId & { reason: string; timedOut?: boolean }) {
    super(init);
    this.reason = init.reason;
    this.timedOut = init.timedOut ?? false;
  }
}

export class OrderUpdated extends VenueOrderEvent {
  readonly kind = 'OrderUpdated' as const;
  readonly quantity: Quantity;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
  constructor(init: WithVenueId & { quantity: Quantity; price?: Price | null; triggerPrice?: Price | null }) {
    super(init);
    this.quantity = init.quantity;
    this.price = init.price ?? null;
    this.triggerPrice = init.triggerPrice ?? null;
  }
}

export interface OrderFilledInit extends WithVenueId {
  readonly venueOrderId: VenueOrderId;
  readonly tradeId: TradeId;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly currency: Currency;
  readonly commission?: Money | null;
  readonly liquiditySide?: LiquiditySide;
}

/** One fill (partial or full); `lastQty` is this fill's size, never the cumulative quantity (docs/reliability.md O7). */
export class OrderFilled extends VenueOrderEvent {
  readonly kind = 'OrderFilled' as const;
  declare readonly venueOrderId: VenueOrderId;
  readonly tradeId: TradeId;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly currency: Currency;
  readonly commission: Money | null;
  readonly liquiditySide: LiquiditySide;
  constructor(init: OrderFilledInit) {
    super(init);
    this.tradeId = init.tradeId;
    this.orderSide = init.orderSide;
    this.orderType = init.orderType;
    this.lastQty = init.lastQty;
    this.lastPx = init.lastPx;
    this.currency = init.currency;
    this.commission = init.commission ?? null;
    this.liquiditySide = init.liquiditySide ?? 'NO_LIQUIDITY_SIDE';
  }
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderCanceled
  | OrderExpired
  | OrderTriggered
  | OrderPendingUpdate
  | OrderPendingCancel
  | OrderModifyRejected
  | OrderCancelRejected
  | OrderUpdated
  | OrderFilled;

export type OrderEventKind = OrderEvent['kind'];
