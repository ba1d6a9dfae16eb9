import type { FuturesOrderEvent, FuturesOrderResult } from '../types/futures-orders.js';
import type { FuturesOrderRequest, FuturesSendStatus } from '../types/futures-requests.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, decimalPlaces } from '../decimal.js';
import type { FuturesState, ProductState } from './state.js';
import type { FuturesAccount, FuturesOrder } from './model.js';
import { isLive, toFuturesOrderView } from './model.js';

/**
 * `sendorder` (and batch `send`): validation to Kraken's `sendStatus` strings, margin check,
 * post-only / IOC / FOK pre-checks, then placement and matching (Kraken's sendorder).
 */

const ORDER_TYPES = new Set(['lmt', 'post', 'mkt', 'stp', 'take_profit', 'ioc', 'trailing_stop', 'fok']);

export function productOrThrow(core: FuturesState, symbol: string): ProductState {
  const p = core.product(symbol);
  if (!p) throw new SimVenueError('invalidArgument', `unknown symbol ${symbol}`);
  return p;
}

function reject(status: FuturesSendStatus, now: number, req?: { cliOrdId?: string }): FuturesOrderResult {
  return { status, receivedTimeMs: now, orderEvents: [], ...(req?.cliOrdId ? { cliOrdId: req.cliOrdId } : {}) };
}

/** Shared by sendorder and batchorder `send`. */
export function placeFuturesOrder(
  core: FuturesState,
  acc: FuturesAccount,
  req: FuturesOrderRequest,
  settle: () => void,
): FuturesOrderResult {
  const now = core.now();
  if (!ORDER_TYPES.has(req.orderType)) return reject('invalidOrderType', now, req);
  if (req.side !== 'buy' && req.side !== 'sell') return reject('invalidSide', now, req);
  const p = productOrThrow(core, req.symbol);
  const spec = p.spec;
  if (p.expired) return reject('marketInactive', now, req);
  if (req.processBeforeMs !== undefined && now > req.processBeforeMs) return reject('wouldProcessAfterSpecifiedTime', now, req);
  if (spec.postOnly && req.orderType !== 'post') return reject('marketIsPostOnly', now, req);
  if (
    !/^\d+(\.\d+)?$/.test(req.size) ||
    decimalPlaces(req.size.replace(/0+$/, '')) > spec.contractValueTradePrecision ||
    new Decimal(req.size).lte(0)
  )
    return reject('invalidSize', now, req);
  const size = new Decimal(req.size);
  if (size.gt(spec.maxPositionSize)) return reject('maxPositionViolation', now, req);
  const tick = new Decimal(spec.tickSize);
  const price = (t: string | undefined): Decimal | null | 'bad' => {
    if (t === undefined) return null;
    if (!/^\d+(\.\d+)?$/.test(t)) return 'bad';
    const d = new Decimal(t);
    return d.lte(0) || !d.mod(tick).isZero() ? 'bad' : d;
  };
  const limitPrice = price(req.limitPrice);
  const stopPrice = price(req.stopPrice);
  if (limitPrice === 'bad' || stopPrice === 'bad') return reject('invalidPrice', now, req);
  const needsLimit = req.orderType === 'lmt' || req.orderType === 'post' || req.orderType === 'ioc' || req.orderType === 'fok';
  if (needsLimit && limitPrice === null) return reject('invalidPrice', now, req);
  const isTrigger = req.orderType === 'stp' || req.orderType === 'take_profit' || req.orderType === 'trailing_stop';
  if ((req.orderType === 'stp' || req.orderType === 'take_profit') && stopPrice === null) return reject('invalidPrice', now, req);
  let trailing: FuturesOrder['trailing'] = null;
  if (req.orderType === 'trailing_stop') {
    if (req.trailingStopMaxDeviation === undefined || req.trailingStopDeviationUnit === undefined)
      throw new SimVenueError('requiredArgumentMissing', 'trailingStopMaxDeviation / trailingStopDeviationUnit');
    const dev = new Decimal(req.trailingStopMaxDeviation);
    // 0.1..50 when the unit is PERCENT (Kraken's sendorder).
    if (dev.lte(0) || (req.trailingStopDeviationUnit === 'PERCENT' && (dev.lt('0.1') || dev.gt(50))))
      return reject('invalidPrice', now, req);
    trailing = { maxDeviation: dev, unit: req.trailingStopDeviationUnit };
  }
  let limitOffset: FuturesOrder['limitOffset'] = null;
  if (req.limitPriceOffsetValue !== undefined) {
    if (!isTrigger || req.limitPriceOffsetUnit === undefined)
      throw new SimVenueError('invalidArgument', 'limitPriceOffsetValue needs a trigger order and a unit');
    limitOffset = { value: new Decimal(req.limitPriceOffsetValue), unit: req.limitPriceOffsetUnit };
  }
  if (req.cliOrdId !== undefined) {
    if (req.cliOrdId.length > 100) return reject('clientOrderIdTooBig', now, req);
    for (const o of acc.orders.values()) if (isLive(o) && o.cliOrdId === req.cliOrdId) return reject('clientOrderIdAlreadyExist', now, req);
  }
  const o: FuturesOrder = {
    orderId: core.ids.uuid(),
    cliOrdId: req.cliOrdId ?? null,
    accountId: acc.id,
    product: spec,
    side: req.side,
    orderType: req.orderType,
    size,
    filled: ZERO,
    limitPrice,
    stopPrice,
    triggerSignal: isTrigger ? (req.triggerSignal ?? 'mark') : null,
    reduceOnly: req.reduceOnly === true,
    trailing,
    limitOffset,
    peak: null,
    status: 'untouched',
    receivedMs: now,
    lastUpdateMs: now,
    closedMs: null,
    isTrigger,
    triggered: false,
    resting: false,
  };
  const base = { orderId: o.orderId, receivedTimeMs: now, ...(o.cliOrdId ? { cliOrdId: o.cliOrdId } : {}) };
  if (o.reduceOnly) {
    const pos = acc.positions.get(spec.symbol)?.size ?? ZERO;
    const reduces = (o.side === 'buy' && pos.lt(0)) || (o.side === 'sell' && pos.gt(0));
    if (!reduces) return { ...base, status: 'wouldNotReducePosition', orderEvents: [] };
  }
  const im = core.orderIm(acc, o);
  if (im.gt(0) && im.gt(core.figures(acc).available)) return { ...base, status: 'insufficientAvailableFunds', orderEvents: [] };
  const events: FuturesOrderEvent[] = [];
  if (req.orderType === 'post' && p.book.wouldTake(o.side, limitPrice)) {
    o.status = 'cancelled';
    core.history(acc, 'OrderRejected', o, 'POST_WOULD_EXECUTE');
    // Kraken's open_orders_verbose feed reports the rejected post order.
    core.emitOrder(o, true, 'post_order_failed_because_it_would_filled');
    return {
      ...base,
      status: 'postWouldExecute',
      orderEvents: [{ type: 'REJECT', uid: o.orderId, order: toFuturesOrderView(o), reason: 'POST_WOULD_EXECUTE' }],
    };
  }
  if (req.orderType === 'fok' && p.book.fillableQty(o.side, limitPrice, acc.id).lt(size)) {
    o.status = 'cancelled';
    core.history(acc, 'OrderRejected', o, 'IOC_WOULD_NOT_EXECUTE');
    // GUESSED: no FOK-specific status exists in the enum; a FOK that cannot fill reports like an IOC.
    return {
      ...base,
      status: 'iocWouldNotExecute',
      orderEvents: [{ type: 'REJECT', uid: o.orderId, order: toFuturesOrderView(o), reason: 'IOC_WOULD_NOT_EXECUTE' }],
    };
  }
  if ((req.orderType === 'ioc' || req.orderType === 'mkt') && !p.book.wouldTake(o.side, req.orderType === 'mkt' ? null : limitPrice)) {
    o.status = 'cancelled';
    core.history(acc, 'OrderRejected', o, 'IOC_WOULD_NOT_EXECUTE');
    return {
      ...base,
      status: 'iocWouldNotExecute',
      orderEvents: [{ type: 'REJECT', uid: o.orderId, order: toFuturesOrderView(o), reason: 'IOC_WOULD_NOT_EXECUTE' }],
    };
  }
  acc.orders.set(o.orderId, o);
  core.orders.set(o.orderId, o);
  events.push({ type: 'PLACE', order: toFuturesOrderView(o), reducedQuantity: null });
  core.history(acc, isTrigger ? 'TriggerPlaced' : 'OrderPlaced', o, 'new_placed_order_by_user');
  core.emitOrder(o, false, 'new_placed_order_by_user');
  core.markAccountChanged(acc);
  if (!isTrigger) core.execute(o, events);
  settle();
  return { ...base, status: 'placed', orderEvents: events };
}
