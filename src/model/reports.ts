/**
 * Execution reports: what an execution client learns from the venue (open/closed orders, fills,
 * positions), used by reconciliation. Reports describe the venue's view; the execution engine
 * turns differences with the local view into order events.
 */
import type { LiquiditySide, OrderSide, OrderStatus, OrderType, PositionSide, TimeInForce, TriggerType } from './enums.js';
import { invalid } from './fixed-point.js';
import type { AccountId, ClientId, ClientOrderId, InstrumentId, TradeId, Venue, VenueOrderId } from './identifiers.js';
import type { Money } from './money.js';
import type { Decimal, Price, Quantity } from './values.js';

export interface OrderStatusReportInit {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly clientOrderId?: ClientOrderId | null;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly orderStatus: OrderStatus;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
  readonly triggerType?: TriggerType | null;
  readonly avgPx?: Decimal | null;
  readonly expireTime?: bigint | null;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly cancelReason?: string | null;
  readonly tsAccepted: bigint;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}

export class OrderStatusReport implements OrderStatusReportInit {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly clientOrderId: ClientOrderId | null;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly orderStatus: OrderStatus;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
  readonly triggerType: TriggerType | null;
  readonly avgPx: Decimal | null;
  readonly expireTime: bigint | null;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly cancelReason: string | null;
  readonly tsAccepted: bigint;
  readonly tsLast: bigint;
  readonly tsInit: bigint;

  constructor(init: OrderStatusReportInit) {
    if (init.filledQty.gt(init.quantity)) {
      throw invalid(
        'OrderStatusReport',
        `${init.venueOrderId.value}: filled ${init.filledQty.toString()} exceeds quantity ${init.quantity.toString()}`,
      );
    }
    this.accountId = init.accountId;
    this.instrumentId = init.instrumentId;
    this.venueOrderId = init.venueOrderId;
    this.clientOrderId = init.clientOrderId ?? null;
    this.orderSide = init.orderSide;
    this.orderType = init.orderType;
    this.timeInForce = init.timeInForce;
    this.orderStatus = init.orderStatus;
    this.quantity = init.quantity;
    this.filledQty = init.filledQty;
    this.price = init.price ?? null;
    this.triggerPrice = init.triggerPrice ?? null;
    this.triggerType = init.triggerType ?? null;
    this.avgPx = init.avgPx ?? null;
    this.expireTime = init.expireTime ?? null;
    this.postOnly = init.postOnly ?? false;
    this.reduceOnly = init.reduceOnly ?? false;
    this.cancelReason = init.cancelReason ?? null;
    this.tsAccepted = init.tsAccepted;
    this.tsLast = init.tsLast;
    this.tsInit = init.tsInit;
  }

  get leavesQty(): Quantity {
    return this.quantity.sub(this.filledQty);
  }
}

export interface FillReportInit {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly clientOrderId?: ClientOrderId | null;
  readonly tradeId: TradeId;
  readonly orderSide: OrderSide;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export class FillReport implements FillReportInit {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly clientOrderId: ClientOrderId | null;
  readonly tradeId: TradeId;
  readonly orderSide: OrderSide;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;

  constructor(init: FillReportInit) {
    if (!init.lastQty.isPositive()) throw invalid('FillReport', `${init.tradeId.value}: quantity must be positive`);
    this.accountId = init.accountId;
    this.instrumentId = init.instrumentId;
    this.venueOrderId = init.venueOrderId;
    this.clientOrderId = init.clientOrderId ?? null;
    this.tradeId = init.tradeId;
    this.orderSide = init.orderSide;
    this.lastQty = init.lastQty;
    this.lastPx = init.lastPx;
    this.commission = init.commission;
    this.liquiditySide = init.liquiditySide;
    this.tsEvent = init.tsEvent;
    this.tsInit = init.tsInit;
  }
}

export interface PositionStatusReportInit {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly positionSide: PositionSide;
  /** Always non-negative; the side says the direction. Zero with FLAT. */
  readonly quantity: Quantity;
  readonly avgPxOpen?: Decimal | null;
  readonly unrealizedPnl?: Money | null;
  /** Funding accrued on the position and not yet realised (perpetual futures); null when none. */
  readonly unrealizedFunding?: Money | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}

export class PositionStatusReport implements PositionStatusReportInit {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly positionSide: PositionSide;
  readonly quantity: Quantity;
  readonly avgPxOpen: Decimal | null;
  readonly unrealizedPnl: Money | null;
  readonly unrealizedFunding: Money | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;

  constructor(init: PositionStatusReportInit) {
    if ((init.positionSide === 'FLAT') !== init.quantity.isZero()) {
      throw invalid(
        'PositionStatusReport',
        `${init.instrumentId.toString()}: side ${init.positionSide} with quantity ${init.quantity.toString()}`,
      );
    }
    this.accountId = init.accountId;
    this.instrumentId = init.instrumentId;
    this.positionSide = init.positionSide;
    this.quantity = init.quantity;
    this.avgPxOpen = init.avgPxOpen ?? null;
    this.unrealizedPnl = init.unrealizedPnl ?? null;
    this.unrealizedFunding = init.unrealizedFunding ?? null;
    this.tsLast = init.tsLast;
    this.tsInit = init.tsInit;
  }

  /** A FLAT report for an instrument (the venue no longer lists the position). */
  static flat(accountId: AccountId, instrumentId: InstrumentId, quantity: Quantity, ts: bigint): PositionStatusReport {
    return new PositionStatusReport({
      accountId,
      instrumentId,
      positionSide: 'FLAT',
      quantity: quantity.sub(quantity),
      tsLast: ts,
      tsInit: ts,
    });
  }
}

/**
 * Everything an execution client knows at one moment, for startup reconciliation. It says which
 * time window its orders and fills cover (`windowStart` null: everything the venue keeps) and
 * whether it is complete: a client that could not read part of the venue's history (a page that
 * failed) marks it incomplete with the reason, so that a shorter history is never mistaken for
 * the whole one.
 */
export class ExecutionMassStatus {
  readonly orderReports: OrderStatusReport[] = [];
  readonly fillReports: FillReport[] = [];
  readonly positionReports: PositionStatusReport[] = [];
  /** Inclusive start of the orders and fills covered, nanoseconds; null when unbounded. */
  windowStart: bigint | null = null;
  /** Inclusive end of the window covered, nanoseconds (the time the status was read). */
  windowEnd: bigint;
  readonly #gaps: string[] = [];

  constructor(
    readonly clientId: ClientId,
    readonly accountId: AccountId,
    readonly venue: Venue,
    readonly tsInit: bigint,
  ) {
    this.windowEnd = tsInit;
  }

  /** False when some part of the venue's view could not be read (see `gaps`). */
  get complete(): boolean {
    return this.#gaps.length === 0;
  }
  /** What could not be read, one reason each. */
  get gaps(): readonly string[] {
    return [...this.#gaps];
  }
  markIncomplete(reason: string): void {
    this.#gaps.push(reason);
  }
  setWindow(start: bigint | null, end: bigint): void {
    this.windowStart = start;
    this.windowEnd = end;
  }

  addOrderReports(reports: readonly OrderStatusReport[]): void {
    this.orderReports.push(...reports);
  }
  addFillReports(reports: readonly FillReport[]): void {
    this.fillReports.push(...reports);
  }
  addPositionReports(reports: readonly PositionStatusReport[]): void {
    this.positionReports.push(...reports);
  }
  /** Fills of one venue order, oldest first. */
  fillsFor(venueOrderId: VenueOrderId): FillReport[] {
    return this.fillReports
      .filter((f) => f.venueOrderId.equals(venueOrderId))
      .sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
  }
}
