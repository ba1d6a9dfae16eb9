/**
 * Engine history events → Futures history API elements:
 * `{ uid, timestamp (ms), event: { <EventName>: {...} } }` with decimals as strings.
 */
import type { FuturesHistoryEvent, FuturesOrderView } from '../../engine/types/futures-orders.js';

function historicalOrder(o: FuturesOrderView, accountUid: string): Record<string, unknown> {
  const orderType = o.orderType === 'post' ? 'Post' : o.orderType === 'ioc' || o.orderType === 'fok' ? 'IoC' : o.orderType === 'mkt' ? 'Market' : 'Limit';
  return {
    uid: o.orderId,
    accountUid,
    tradeable: o.symbol,
    direction: o.side === 'buy' ? 'Buy' : 'Sell',
    quantity: o.size,
    filled: o.filled,
    timestamp: o.receivedTimeMs,
    limitPrice: o.limitPrice ?? '0',
    orderType,
    clientId: o.cliOrdId ?? '',
    reduceOnly: o.reduceOnly,
    lastUpdateTimestamp: o.lastUpdateTimeMs,
    spotData: null,
  };
}

export function orderElement(e: FuturesHistoryEvent, accountUid: string): Record<string, unknown> {
  const order = historicalOrder(e.order, accountUid);
  let event: Record<string, unknown>;
  switch (e.kind) {
    case 'OrderUpdated':
      event = { OrderUpdated: { newOrder: order, reason: e.reason ?? '' } };
      break;
    case 'OrderCancelled':
    case 'TriggerCancelled':
      event = { OrderCancelled: { order, reason: e.reason ?? '' } };
      break;
    case 'OrderRejected':
      event = { OrderRejected: { order, reason: e.reason ?? '', orderError: e.reason ?? '' } };
      break;
    default:
      event = { OrderPlaced: { order, reason: e.reason ?? 'new_user_order' } };
  }
  return { uid: e.uid, timestamp: e.timestampMs, event };
}

export function executionElement(e: FuturesHistoryEvent, accountUid: string): Record<string, unknown> {
  const x = e.execution;
  const order = historicalOrder(e.order, accountUid);
  return {
    uid: e.uid,
    timestamp: e.timestampMs,
    event: {
      Execution: {
        execution: {
          uid: x?.uid ?? e.uid,
          makerOrder: x?.maker ? order : undefined,
          takerOrder: x?.maker ? undefined : order,
          timestamp: e.timestampMs,
          quantity: x?.quantity ?? '0',
          price: x?.price ?? '0',
          markPrice: x?.markPrice ?? '0',
          limitFilled: e.order.status === 'filled',
          usdValue: x?.usdValue ?? '0',
          ...(x?.maker ? { makerOrderData: { fee: x.fee, positionSize: x.positionSize } } : { takerOrderData: { fee: x?.fee ?? '0', positionSize: x?.positionSize ?? '0' } }),
        },
        takerReducedQuantity: '',
      },
    },
  };
}
