/**
 * `Order`: one class for every order type, validated for its shape at creation and changed only
 * by applying `OrderEvent`s through the table in order-fsm.ts. Illegal transitions, duplicate
 * trade ids and overfills are refused with `KrakenStateError` (the order is left untouched).
 */
import { KrakenStateError } from '../core/errors.js';
import type { OrderSide, OrderStatus, OrderType, TimeInForce, TrailingOffsetType, TriggerType } from './enums.js';
import { invalid } from './fixed-point.js';
import type { AccountId, ClientOrderId, InstrumentId, StrategyId, VenueOrderId } from './identifiers.js';
import type { Money } from './money.js';
import { OrderInitialized, type OrderEvent, type OrderFilled, type OrderInitializedInit, type OrderParams } from './order-events.js';
import { isInflightStatus, isOpenStatus, isTerminalStatus, transitionFor } from './order-fsm.js';
import { Decimal, Quantity, type Price } from './values.js';

const LIMIT_TYPES: ReadonlySet<OrderType> = new Set(['LIMIT', 'STOP_LIMIT', 'LIMIT_IF_TOUCHED', 'TRAILING_STOP_LIMIT']);
const TRIGGER_TYPES: ReadonlySet<OrderType> = new Set(['STOP_MARKET', 'STOP_LIMIT', 'MARKET_IF_TOUCHED', 'LIMIT_IF_TOUCHED']);
const TRAILING_TYPES: ReadonlySet<OrderType> = new Set(['TRAILING_STOP_MARKET', 'TRAILING_STOP_LIMIT']);

/** Extra digits kept when an average fill price does not terminate (e.g. 1/3). */
const AVG_PX_EXTRA_DIGITS = 8;

export class Order {
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly triggerType: TriggerType;
  readonly limitOffset: Decimal | null;
  readonly trailingOffset: Decimal | null;
  readonly trailingOffsetType: TrailingOffsetType;
  readonly expireTime: bigint | null;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly quoteQuantity: boolean;
  readonly displayQty: Quantity | null;
  readonly params: OrderParams;
  readonly tags: readonly string[];
  readonly tsInit: bigint;

  quantity: Quantity;
  price: Price | null;
  triggerPrice: Price | null;
  status: OrderStatus = 'INITIALIZED';
  venueOrderId: VenueOrderId | null = null;
  accountId: AccountId | null = null;
  filledQty: Quantity;
  /** Σ lastPx × lastQty over fills, exact. */
  filledNotional: Decimal = Decimal.fromInt(0);
  tsLast: bigint;
  /** The rejection was a local WS-timeout synthesis; venue outcomes may still arrive. */
  rejectedByTimeout = false;
  private statusBeforePending: OrderStatus | null = null;
  private readonly tradeIdSet = new Set<string>();
  private readonly commissionMap = new Map<string, Money>();
  private readonly eventList: OrderEvent[] = [];
  private maxFillPrecision = 0;

  constructor(initialized: OrderInitialized) {
    const i = initialized.init;
    validateShape(i);
    this.strategyId = i.strategyId;
    this.instrumentId = i.instrumentId;
    this.clientOrderId = i.clientOrderId;
    this.side = i.side;
    this.orderType = i.orderType;
    this.quantity = i.quantity;
    this.timeInForce = i.timeInForce;
    this.price = i.price ?? null;
    this.triggerPrice = i.triggerPrice ?? null;
    this.triggerType = i.triggerType ?? (TRIGGER_TYPES.has(i.orderType) || TRAILING_TYPES.has(i.orderType) ? 'DEFAULT' : 'NO_TRIGGER');
    this.limitOffset = i.limitOffset ?? null;
    this.trailingOffset = i.trailingOffset ?? null;
    this.trailingOffsetType = i.trailingOffsetType ?? (TRAILING_TYPES.has(i.orderType) ? 'PRICE' : 'NO_TRAILING_OFFSET');
    this.expireTime = i.expireTime ?? null;
    this.postOnly = i.postOnly ?? false;
    this.reduceOnly = i.reduceOnly ?? false;
    this.quoteQuantity = i.quoteQuantity ?? false;
    this.displayQty = i.displayQty ?? null;
    this.params = Object.freeze({ ...(i.params ?? {}) });
    this.tags = Object.freeze([...(i.tags ?? [])]);
    this.tsInit = i.tsInit;
    this.tsLast = i.tsEvent;
    this.filledQty = Quantity.zero(i.quantity.precision);
    this.eventList.push(initialized);
  }

  /** Creates the OrderInitialized event and the order from it. */
  static create(init: OrderInitializedInit): Order {
    return new Order(new OrderInitialized(init));
  }

  get events(): readonly OrderEvent[] {
    return this.eventList;
  }
  get initEvent(): OrderInitialized {
    return this.eventList[0] as OrderInitialized;
  }
  get lastEvent(): OrderEvent {
    return this.eventList[this.eventList.length - 1] as OrderEvent;
  }
  get tradeIds(): readonly string[] {
    return [...this.tradeIdSet];
  }
  hasTradeId(tradeId: string): boolean {
    return this.tradeIdSet.has(tradeId);
  }
  get commissions(): readonly Money[] {
    return [...this.commissionMap.values()];
  }
  get leavesQty(): Quantity {
    return this.filledQty.gte(this.quantity) ? Quantity.zero(this.quantity.precision) : this.quantity.sub(this.filledQty);
  }
  /** Average fill price: exact when it terminates within the fill precision + 8 digits, else half-even there. */
  get avgPx(): Decimal | null {
    return this.avgPxAt(this.maxFillPrecision + AVG_PX_EXTRA_DIGITS)?.normalized() ?? null;
  }
  /** Σ(px × qty) / Σqty at `precision` digits, half-even; null before the first fill. */
  avgPxAt(precision: number): Decimal | null {
    return this.filledQty.isZero() ? null : this.filledNotional.div(this.filledQty, precision, 'HALF_EVEN');
  }
  get isOpen(): boolean {
    return isOpenStatus(this.status);
  }
  get isClosed(): boolean {
    return isTerminalStatus(this.status) && !(this.status === 'REJECTED' && this.rejectedByTimeout);
  }
  get isInflight(): boolean {
    return isInflightStatus(this.status);
  }
  get isExternal(): boolean {
    return this.strategyId.isExternal;
  }
  get isPassive(): boolean {
    return this.orderType !== 'MARKET';
  }

  /** Whether `event` would be accepted now (without applying it). */
  canApply(event: OrderEvent): boolean {
    return transitionFor(this.status, event.kind, this.rejectedByTimeout) !== undefined;
  }

  apply(event: OrderEvent): void {
    if (!event.clientOrderId.equals(this.clientOrderId)) {
      throw new KrakenStateError(`${event.kind} for ${event.clientOrderId.value} applied to order ${this.clientOrderId.value}`);
    }
    const t = transitionFor(this.status, event.kind, this.rejectedByTimeout);
    if (t === undefined) {
      throw new KrakenStateError(`order ${this.clientOrderId.value}: ${event.kind} is illegal in state ${this.status}`);
    }
    let next: OrderStatus;
    if (t === 'FILL') next = this.applyFill(event as OrderFilled);
    else if (t === 'SAME') next = this.status;
    else if (t === 'PREVIOUS') next = this.restoredStatus();
    else next = t;

    switch (event.kind) {
      case 'OrderSubmitted':
        this.accountId = event.accountId ?? this.accountId;
        break;
      case 'OrderPendingUpdate':
      case 'OrderPendingCancel':
        if (this.status !== 'PENDING_UPDATE' && this.status !== 'PENDING_CANCEL') this.statusBeforePending = this.status;
        break;
      case 'OrderRejected':
        this.rejectedByTimeout = event.timedOut;
        break;
      case 'OrderUpdated':
        if (event.quantity.lt(this.filledQty)) {
          throw new KrakenStateError(
            `order ${this.clientOrderId.value}: updated quantity ${event.quantity.toString()} is below filled ${this.filledQty.toString()}`,
          );
        }
        this.quantity = event.quantity;
        if (event.price !== null) this.price = event.price;
        if (event.triggerPrice !== null) this.triggerPrice = event.triggerPrice;
        if (!this.filledQty.isZero() && this.filledQty.gte(this.quantity)) next = 'FILLED';
        break;
      default:
        break;
    }
    if (event.kind !== 'OrderInitialized' && event.kind !== 'OrderDenied' && event.kind !== 'OrderSubmitted') {
      if (event.venueOrderId !== null) this.venueOrderId = event.venueOrderId;
      if (event.accountId !== null) this.accountId = event.accountId;
    }
    if (event.kind === 'OrderAccepted' || event.kind === 'OrderFilled' || event.kind === 'OrderCanceled') {
      this.rejectedByTimeout = false;
    }
    if (next !== 'PENDING_UPDATE' && next !== 'PENDING_CANCEL') this.statusBeforePending = null;
    this.status = next;
    this.tsLast = event.tsEvent;
    this.eventList.push(event);
  }

  private restoredStatus(): OrderStatus {
    const prev = this.statusBeforePending ?? 'ACCEPTED';
    if ((prev === 'ACCEPTED' || prev === 'SUBMITTED') && !this.filledQty.isZero()) return 'PARTIALLY_FILLED';
    return prev;
  }

  /** Checks and books a fill; returns the status it leads to. Throws before mutating on error. */
  private applyFill(fill: OrderFilled): OrderStatus {
    if (this.tradeIdSet.has(fill.tradeId.value)) {
      throw new KrakenStateError(`order ${this.clientOrderId.value}: duplicate fill ${fill.tradeId.value}`);
    }
    if (fill.lastQty.isZero())
      throw new KrakenStateError(`order ${this.clientOrderId.value}: fill ${fill.tradeId.value} has zero quantity`);
    const filled = this.filledQty.add(fill.lastQty);
    const notional = this.filledNotional.add(fill.lastPx.mul(fill.lastQty));
    // A quote-quantity order's quantity is in quote currency, so completion compares notional.
    const done = this.quoteQuantity ? notional.gte(this.quantity) : filled.gte(this.quantity);
    if (!this.quoteQuantity && filled.gt(this.quantity)) {
      throw new KrakenStateError(
        `order ${this.clientOrderId.value}: fill ${fill.tradeId.value} would overfill (${filled.toString()} > ${this.quantity.toString()})`,
      );
    }
    this.tradeIdSet.add(fill.tradeId.value);
    this.filledQty = filled;
    this.filledNotional = notional;
    this.maxFillPrecision = Math.max(this.maxFillPrecision, fill.lastPx.precision);
    if (fill.commission !== null) {
      const code = fill.commission.currency.code;
      const prev = this.commissionMap.get(code);
      this.commissionMap.set(code, prev === undefined ? fill.commission : prev.add(fill.commission));
    }
    if (done) return 'FILLED';
    if (this.status === 'CANCELED' || this.status === 'EXPIRED') return this.status;
    return 'PARTIALLY_FILLED';
  }

  toString(): string {
    const px = this.price === null ? '' : ` @ ${this.price.toString()}`;
    return `Order(${this.clientOrderId.value} ${this.side} ${this.quantity.toString()} ${this.instrumentId.toString()} ${this.orderType}${px} ${this.timeInForce} ${this.status})`;
  }
}

function validateShape(i: OrderInitializedInit): void {
  const id = i.clientOrderId.value;
  const fail = (message: string): never => {
    throw invalid('Order', `${id}: ${message}`);
  };
  const type = i.orderType;
  if (!i.quantity.isPositive()) fail('quantity must be positive');
  const hasPrice = i.price != null;
  const hasTrigger = i.triggerPrice != null;
  if (type === 'MARKET' && (hasPrice || hasTrigger)) fail('a MARKET order takes no price or trigger price');
  if (type === 'LIMIT' && !hasPrice) fail('a LIMIT order needs a price');
  if (type === 'LIMIT' && hasTrigger) fail('a LIMIT order takes no trigger price');
  if ((type === 'STOP_MARKET' || type === 'MARKET_IF_TOUCHED') && (!hasTrigger || hasPrice))
    fail(`a ${type} order needs a trigger price and no price`);
  if ((type === 'STOP_LIMIT' || type === 'LIMIT_IF_TOUCHED') && (!hasTrigger || !hasPrice))
    fail(`a ${type} order needs a price and a trigger price`);
  if (TRAILING_TYPES.has(type)) {
    if (i.trailingOffset == null) fail(`a ${type} order needs a trailing offset`);
    if (i.trailingOffsetType === 'NO_TRAILING_OFFSET') fail(`a ${type} order needs a trailing offset type`);
  } else if (i.trailingOffset != null) {
    fail(`a ${type} order takes no trailing offset`);
  }
  if (type === 'TRAILING_STOP_LIMIT' && i.limitOffset == null && !hasPrice)
    fail('a TRAILING_STOP_LIMIT order needs a limit offset or a price');
  if (i.limitOffset != null && type !== 'TRAILING_STOP_LIMIT') fail(`a ${type} order takes no limit offset`);
  if (i.timeInForce === 'GTD' && i.expireTime == null) fail('GTD needs an expire time');
  if (i.timeInForce !== 'GTD' && i.expireTime != null) fail('an expire time needs GTD');
  if (i.postOnly === true && !LIMIT_TYPES.has(type)) fail('post-only applies to limit-type orders only');
  if (i.postOnly === true && (i.timeInForce === 'IOC' || i.timeInForce === 'FOK')) fail('a post-only order cannot be IOC or FOK');
  if (i.displayQty != null && (!LIMIT_TYPES.has(type) || i.displayQty.gt(i.quantity))) {
    fail('display quantity needs a limit-type order and must not exceed the quantity');
  }
}
