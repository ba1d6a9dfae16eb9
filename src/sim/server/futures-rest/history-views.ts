/**
 * Engine history → Futures history API elements: `{ uid, timestamp (ms), event: { <EventName>:
 * {...} } }`, decimals as strings, ids as UUIDs, every field Kraken's history schema requires.
 * Public market history shows orders sanitised (no account, fill or client id).
 */
import type {
  FuturesAccountLogEntry,
  FuturesHistoryEvent,
  FuturesOrderView,
  FuturesPositionUpdate,
} from '../../engine/types/futures-orders.js';
import { accountUid } from '../account-uid.js';
import { num } from '../wire-json.js';

/** The account shown for the other side of an execution: Kraken does not reveal it. GUESSED: a nil UUID. */
const HIDDEN_ACCOUNT = '00000000-0000-0000-0000-000000000000';

function orderType(o: FuturesOrderView): string {
  return o.orderType === 'post'
    ? 'Post'
    : o.orderType === 'ioc' || o.orderType === 'fok'
      ? 'IoC'
      : o.orderType === 'mkt'
        ? 'Market'
        : 'Limit';
}

function historicalOrder(o: FuturesOrderView, uid: string): Record<string, unknown> {
  return {
    uid: o.orderId,
    accountUid: uid,
    tradeable: o.symbol,
    direction: o.side === 'buy' ? 'Buy' : 'Sell',
    quantity: o.size,
    filled: o.filled,
    timestamp: o.receivedTimeMs,
    limitPrice: o.limitPrice ?? '0',
    orderType: orderType(o),
    clientId: o.cliOrdId ?? '',
    reduceOnly: o.reduceOnly,
    lastUpdateTimestamp: o.lastUpdateTimeMs,
    spotData: null,
  };
}

function sanitisedOrder(o: FuturesOrderView): Record<string, unknown> {
  return {
    uid: o.orderId,
    tradeable: o.symbol,
    direction: o.side === 'buy' ? 'Buy' : 'Sell',
    quantity: o.size,
    timestamp: o.receivedTimeMs,
    limitPrice: o.limitPrice ?? '0',
    orderType: orderType(o),
    reduceOnly: o.reduceOnly,
    lastUpdateTimestamp: o.lastUpdateTimeMs,
  };
}

const TRIGGER_SIGNAL: Readonly<Record<string, string>> = { mark: 'MarkPrice', last: 'LastPrice', index: 'SpotPrice' };
const UNIT: Readonly<Record<string, string>> = { percent: 'Percent', quote_currency: 'QuoteCurrency' };

/** A numeric account id (`HistoricalTrigger.accountId`), stable per account. */
function numericAccountId(uid: string): number {
  return parseInt(uid.replace(/-/g, '').slice(0, 12), 16);
}

function historicalTrigger(o: FuturesOrderView, uid: string): Record<string, unknown> {
  const signal = o.triggerSignal ?? 'mark';
  return {
    uid: o.orderId,
    accountId: numericAccountId(uid),
    accountUid: uid,
    tradeable: o.symbol,
    direction: o.side === 'buy' ? 'Buy' : 'Sell',
    quantity: o.size,
    timestamp: o.receivedTimeMs,
    // No limit (a stop that becomes a market order): null. Kraken's schema types this as a
    // decimal string only; a stop-market trigger has none to give.
    limitPrice: o.limitPrice,
    orderType: o.limitPrice === null ? 'IoC' : 'Limit',
    clientId: o.cliOrdId ?? '',
    reduceOnly: o.reduceOnly,
    lastUpdateTimestamp: o.lastUpdateTimeMs,
    triggerOptions: {
      triggerPrice: o.stopPrice ?? '0',
      triggerSignal: (Object.hasOwn(TRIGGER_SIGNAL, signal) ? TRIGGER_SIGNAL[signal] : undefined) ?? 'MarkPrice',
      triggerSide: (o.side === 'buy') === (o.restType === 'stop' || o.restType === 'trailing_stop') ? 'Above' : 'Below',
      trailingStopOptions:
        o.trailingStopOptions === null
          ? null
          : { maxDeviation: o.trailingStopOptions.maxDeviation, unit: UNIT[o.trailingStopOptions.unit] ?? 'Percent' },
      limitPriceOffset:
        o.limitPriceOffset === null
          ? null
          : { priceOffset: o.limitPriceOffset.priceOffset, unit: UNIT[o.limitPriceOffset.unit] ?? 'QuoteCurrency' },
    },
  };
}

/** `/orders` and `/triggers` elements of one account. */
export function orderElement(e: FuturesHistoryEvent, accountId: string): Record<string, unknown> {
  const uid = accountUid(accountId);
  const reason = e.reason ?? '';
  let event: Record<string, unknown>;
  switch (e.kind) {
    case 'TriggerPlaced':
      event = { OrderTriggerPlaced: { order: historicalTrigger(e.order, uid), reason } };
      break;
    case 'TriggerCancelled':
      event = { OrderTriggerCancelled: { order: historicalTrigger(e.order, uid), reason } };
      break;
    case 'TriggerActivated':
      event = { OrderTriggerActivated: { order: historicalTrigger(e.order, uid) } };
      break;
    case 'OrderUpdated':
      event = {
        OrderUpdated: {
          oldOrder: historicalOrder(e.oldOrder ?? e.order, uid),
          newOrder: historicalOrder(e.order, uid),
          reason,
          reducedQuantity: '0',
        },
      };
      break;
    case 'OrderCancelled':
      event = { OrderCancelled: { order: historicalOrder(e.order, uid), reason } };
      break;
    case 'OrderRejected':
      event = { OrderRejected: { order: historicalOrder(e.order, uid), reason, orderError: reason } };
      break;
    default:
      // Nothing of the order was cut on placement (no reduce-only reduction): an empty quantity.
      event = { OrderPlaced: { order: historicalOrder(e.order, uid), reason: e.reason ?? 'new_user_order', reducedQuantity: '' } };
  }
  return { uid: e.uid, timestamp: e.timestampMs, event };
}

/** `/market/{symbol}/orders` elements: any account's order events, sanitised. */
export function publicOrderElement(e: FuturesHistoryEvent): Record<string, unknown> {
  const reason = e.reason ?? '';
  const event =
    e.kind === 'OrderUpdated'
      ? {
          OrderUpdated: {
            oldOrder: sanitisedOrder(e.oldOrder ?? e.order),
            newOrder: sanitisedOrder(e.order),
            reason,
            reducedQuantity: '0',
          },
        }
      : e.kind === 'OrderCancelled'
        ? { OrderCancelled: { order: sanitisedOrder(e.order), reason } }
        : { OrderPlaced: { order: sanitisedOrder(e.order), reason: e.reason ?? 'new_user_order', reducedQuantity: '' } };
  return { uid: e.uid, timestamp: e.timestampMs, event };
}

/** `/executions` elements: both orders (the other side's account hidden) and both sides' data (the other side's null). */
export function executionElement(e: FuturesHistoryEvent, accountId: string): Record<string, unknown> {
  const x = e.execution;
  const own = historicalOrder(e.order, accountUid(accountId));
  const other = x?.counterOrder === undefined ? own : { ...historicalOrder(x.counterOrder, HIDDEN_ACCOUNT), filled: '0', clientId: '' };
  const maker = x?.maker === true;
  const ownData = {
    fee: x?.fee ?? '0',
    positionSize: x?.positionSize ?? '0',
    feeCalculationInfo: [{ percentageFee: x?.feeRate ?? '0', userFeeDiscountApplied: null, marketShareRebateCredited: null }],
  };
  return {
    uid: e.uid,
    timestamp: e.timestampMs,
    event: {
      Execution: {
        execution: {
          uid: x?.uid ?? e.uid,
          makerOrder: maker ? own : other,
          takerOrder: maker ? other : own,
          timestamp: e.timestampMs,
          quantity: x?.quantity ?? '0',
          price: x?.price ?? '0',
          markPrice: x?.markPrice ?? '0',
          limitFilled: e.order.status === 'filled',
          usdValue: x?.usdValue ?? '0',
          makerOrderData: maker ? ownData : null,
          takerOrderData: maker ? null : ownData,
        },
        takerReducedQuantity: '',
      },
    },
  };
}

/** `/positions` elements. */
export function positionElement(u: FuturesPositionUpdate, accountId: string): Record<string, unknown> {
  return {
    accountUid: accountUid(accountId),
    tradeable: u.symbol,
    oldPosition: u.oldPosition,
    oldAverageEntryPrice: u.oldAverageEntryPrice,
    newPosition: u.newPosition,
    newAverageEntryPrice: u.newAverageEntryPrice,
    fillTime: u.timestampMs,
    fee: u.fee,
    feeCurrency: u.feeCurrency,
    realizedPnL: u.realizedPnl,
    positionChange: u.positionChange,
    executionUid: u.executionUid,
    executionPrice: u.executionPrice,
    executionSize: u.executionSize,
    tradeType: u.tradeType,
    timestamp: u.timestampMs,
    updateReason: 'trade',
  };
}

const n = (v: string | null) => (v === null ? null : num(v));

/** `/account-log` entries: amounts are JSON numbers here, unlike the rest of the history API. */
export function accountLogEntry(l: FuturesAccountLogEntry): Record<string, unknown> {
  return {
    id: l.id,
    date: new Date(l.timeMs).toISOString(),
    asset: l.asset,
    info: l.info,
    booking_uid: l.bookingUid,
    margin_account: l.marginAccount,
    old_balance: num(l.oldBalance),
    new_balance: num(l.newBalance),
    old_average_entry_price: n(l.oldAverageEntryPrice),
    new_average_entry_price: n(l.newAverageEntryPrice),
    trade_price: n(l.tradePrice),
    mark_price: n(l.markPrice),
    realized_pnl: n(l.realizedPnl),
    fee: n(l.fee),
    execution: l.execution,
    collateral: null,
    contract: l.contract,
    funding_rate: null,
    realized_funding: null,
    conversion_spread_percentage: null,
    liquidation_fee: null,
  };
}
