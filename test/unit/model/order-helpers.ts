/** Builders for orders in a chosen state and for one event of each kind (tests only). */
import { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId, VenueOrderId } from '../../../src/model/identifiers.js';
import { Currency } from '../../../src/model/money.js';
import {
  OrderAccepted,
  OrderCancelRejected,
  OrderCanceled,
  OrderDenied,
  OrderExpired,
  OrderFilled,
  OrderInitialized,
  OrderModifyRejected,
  OrderPendingCancel,
  OrderPendingUpdate,
  OrderRejected,
  OrderSubmitted,
  OrderTriggered,
  OrderUpdated,
  type OrderEvent,
  type OrderEventKind,
} from '../../../src/model/order-events.js';
import { Order } from '../../../src/model/order.js';
import type { OrderStatus } from '../../../src/model/enums.js';
import { Price, Quantity } from '../../../src/model/values.js';

export const ID = InstrumentId.fromStr('BTC/USD.KRAKEN');
export const STRAT = new StrategyId('S-001');
export const COID = new ClientOrderId('O-1');
export const VOID = new VenueOrderId('OABCDE-12345-FGHIJK');
export const ACCOUNT = new AccountId('KRAKEN-SPOT');

let ts = 1n;
const base = () => ({ strategyId: STRAT, instrumentId: ID, clientOrderId: COID, tsEvent: ts, tsInit: ts++ });
let tradeSeq = 0;

export function newOrder(qty = '10'): Order {
  return Order.create({
    ...base(),
    side: 'BUY',
    orderType: 'STOP_LIMIT',
    quantity: Quantity.fromStr(qty),
    price: Price.fromStr('100.0'),
    triggerPrice: Price.fromStr('99.0'),
    timeInForce: 'GTC',
  });
}

export function fill(qty = '1', px = '100.0', tradeId?: string): OrderFilled {
  return new OrderFilled({
    ...base(),
    venueOrderId: VOID,
    accountId: ACCOUNT,
    tradeId: new TradeId(tradeId ?? `T-${++tradeSeq}`),
    orderSide: 'BUY',
    orderType: 'STOP_LIMIT',
    lastQty: Quantity.fromStr(qty),
    lastPx: Price.fromStr(px),
    currency: Currency.from('USD'),
  });
}

export function eventOf(kind: OrderEventKind): OrderEvent {
  const b = { ...base(), venueOrderId: VOID, accountId: ACCOUNT };
  switch (kind) {
    case 'OrderInitialized':
      return new OrderInitialized({ ...base(), side: 'BUY', orderType: 'MARKET', quantity: Quantity.fromStr('1'), timeInForce: 'GTC' });
    case 'OrderDenied':
      return new OrderDenied({ ...base(), reason: 'test' });
    case 'OrderSubmitted':
      return new OrderSubmitted({ ...base(), accountId: ACCOUNT });
    case 'OrderAccepted':
      return new OrderAccepted(b);
    case 'OrderRejected':
      return new OrderRejected({ ...b, reason: 'test' });
    case 'OrderCanceled':
      return new OrderCanceled(b);
    case 'OrderExpired':
      return new OrderExpired(b);
    case 'OrderTriggered':
      return new OrderTriggered(b);
    case 'OrderPendingUpdate':
      return new OrderPendingUpdate(b);
    case 'OrderPendingCancel':
      return new OrderPendingCancel(b);
    case 'OrderModifyRejected':
      return new OrderModifyRejected({ ...b, reason: 'test' });
    case 'OrderCancelRejected':
      return new OrderCancelRejected({ ...b, reason: 'test' });
    case 'OrderUpdated':
      return new OrderUpdated({ ...b, quantity: Quantity.fromStr('10'), price: Price.fromStr('101.0') });
    case 'OrderFilled':
      return fill('1');
  }
}

export const ALL_EVENT_KINDS: readonly OrderEventKind[] = [
  'OrderInitialized',
  'OrderDenied',
  'OrderSubmitted',
  'OrderAccepted',
  'OrderRejected',
  'OrderCanceled',
  'OrderExpired',
  'OrderTriggered',
  'OrderPendingUpdate',
  'OrderPendingCancel',
  'OrderModifyRejected',
  'OrderCancelRejected',
  'OrderUpdated',
  'OrderFilled',
];

/** The events that bring a fresh order to each status. */
const PATHS: Record<OrderStatus, OrderEventKind[]> = {
  INITIALIZED: [],
  DENIED: ['OrderDenied'],
  SUBMITTED: ['OrderSubmitted'],
  ACCEPTED: ['OrderSubmitted', 'OrderAccepted'],
  REJECTED: ['OrderSubmitted', 'OrderRejected'],
  CANCELED: ['OrderSubmitted', 'OrderAccepted', 'OrderCanceled'],
  EXPIRED: ['OrderSubmitted', 'OrderAccepted', 'OrderExpired'],
  TRIGGERED: ['OrderSubmitted', 'OrderAccepted', 'OrderTriggered'],
  PENDING_UPDATE: ['OrderSubmitted', 'OrderAccepted', 'OrderPendingUpdate'],
  PENDING_CANCEL: ['OrderSubmitted', 'OrderAccepted', 'OrderPendingCancel'],
  PARTIALLY_FILLED: ['OrderSubmitted', 'OrderAccepted', 'OrderFilled'],
  FILLED: ['OrderSubmitted', 'OrderAccepted'],
};

export function orderIn(status: OrderStatus): Order {
  const o = newOrder();
  for (const k of PATHS[status]) o.apply(eventOf(k));
  if (status === 'FILLED') o.apply(fill('10'));
  if (o.status !== status) throw new Error(`helper failed to reach ${status}: got ${o.status}`);
  return o;
}
