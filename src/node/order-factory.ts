/**
 * Builds orders for one strategy with fresh client order ids. The default id is a long UUID:
 * Kraken Spot accepts a long UUID, a short UUID or ≤ 18 ASCII chars as `cl_ord_id` (WS v2
 * `add_order`), Futures a `cliOrdId` of up to 100 chars (`sendorder`), so a UUID is valid on both.
 */
import { randomUUID } from 'node:crypto';
import type { OrderSide, TimeInForce, TrailingOffsetType, TriggerType } from '../model/enums.js';
import { ClientOrderId, type InstrumentId, type StrategyId } from '../model/identifiers.js';
import type { OrderInitializedInit, OrderParams } from '../model/order-events.js';
import { Order } from '../model/order.js';
import type { Decimal, Price, Quantity } from '../model/values.js';
import type { NodeClock } from './clock.js';

export type ClientOrderIdGenerator = (strategyId: StrategyId, count: number) => string;

export const uuidClientOrderIds: ClientOrderIdGenerator = () => randomUUID();

interface Common {
  readonly timeInForce?: TimeInForce;
  readonly expireTime?: bigint | null;
  readonly reduceOnly?: boolean;
  readonly quoteQuantity?: boolean;
  readonly params?: OrderParams;
  readonly tags?: readonly string[];
  readonly clientOrderId?: ClientOrderId;
}
interface LimitOptions extends Common {
  readonly postOnly?: boolean;
  readonly displayQty?: Quantity | null;
}
interface TriggerOptions extends Common {
  readonly triggerType?: TriggerType;
}

export class OrderFactory {
  private count = 0;

  constructor(
    readonly strategyId: StrategyId,
    private readonly clock: NodeClock,
    private readonly generateId: ClientOrderIdGenerator = uuidClientOrderIds,
  ) {}

  private make(fields: Omit<OrderInitializedInit, 'strategyId' | 'clientOrderId' | 'tsEvent' | 'tsInit' | 'timeInForce'> & Common): Order {
    this.count++;
    const ts = this.clock.timestampNs();
    const { clientOrderId, ...rest } = fields;
    return Order.create({
      ...rest,
      timeInForce: fields.timeInForce ?? 'GTC',
      strategyId: this.strategyId,
      clientOrderId: clientOrderId ?? new ClientOrderId(this.generateId(this.strategyId, this.count)),
      tsEvent: ts,
      tsInit: ts,
    });
  }

  market(instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, options: Common = {}): Order {
    return this.make({ ...options, instrumentId, side, quantity, orderType: 'MARKET', timeInForce: options.timeInForce ?? 'GTC' });
  }
  limit(instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, price: Price, options: LimitOptions = {}): Order {
    return this.make({ ...options, instrumentId, side, quantity, price, orderType: 'LIMIT' });
  }
  stopMarket(instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, triggerPrice: Price, options: TriggerOptions = {}): Order {
    return this.make({ ...options, instrumentId, side, quantity, triggerPrice, orderType: 'STOP_MARKET' });
  }
  stopLimit(
    instrumentId: InstrumentId,
    side: OrderSide,
    quantity: Quantity,
    price: Price,
    triggerPrice: Price,
    options: TriggerOptions & LimitOptions = {},
  ): Order {
    return this.make({ ...options, instrumentId, side, quantity, price, triggerPrice, orderType: 'STOP_LIMIT' });
  }
  marketIfTouched(
    instrumentId: InstrumentId,
    side: OrderSide,
    quantity: Quantity,
    triggerPrice: Price,
    options: TriggerOptions = {},
  ): Order {
    return this.make({ ...options, instrumentId, side, quantity, triggerPrice, orderType: 'MARKET_IF_TOUCHED' });
  }
  limitIfTouched(
    instrumentId: InstrumentId,
    side: OrderSide,
    quantity: Quantity,
    price: Price,
    triggerPrice: Price,
    options: TriggerOptions & LimitOptions = {},
  ): Order {
    return this.make({ ...options, instrumentId, side, quantity, price, triggerPrice, orderType: 'LIMIT_IF_TOUCHED' });
  }
  trailingStopMarket(
    instrumentId: InstrumentId,
    side: OrderSide,
    quantity: Quantity,
    trailingOffset: Decimal,
    options: TriggerOptions & { trailingOffsetType?: TrailingOffsetType; triggerPrice?: Price | null } = {},
  ): Order {
    return this.make({
      ...options,
      instrumentId,
      side,
      quantity,
      trailingOffset,
      trailingOffsetType: options.trailingOffsetType ?? 'PRICE',
      orderType: 'TRAILING_STOP_MARKET',
    });
  }
  trailingStopLimit(
    instrumentId: InstrumentId,
    side: OrderSide,
    quantity: Quantity,
    trailingOffset: Decimal,
    limitOffset: Decimal,
    options: TriggerOptions &
      LimitOptions & { trailingOffsetType?: TrailingOffsetType; triggerPrice?: Price | null; price?: Price | null } = {},
  ): Order {
    return this.make({
      ...options,
      instrumentId,
      side,
      quantity,
      trailingOffset,
      limitOffset,
      trailingOffsetType: options.trailingOffsetType ?? 'PRICE',
      orderType: 'TRAILING_STOP_LIMIT',
    });
  }
}
