/**
 * Reconciliation: bring the local orders and positions in line with the venue's reports.
 *
 * - An order the venue knows but the cache does not becomes an EXTERNAL order (strategy
 *   `EXTERNAL`), created from the report and accepted.
 * - Venue fills are applied through the engine, which dedupes by trade id, so a fill reported
 *   twice (mass status + WS snapshot, overlapping REST pages) counts once (docs/reliability.md O5).
 * - When the venue's filled quantity still exceeds the local one after all fill reports, an
 *   inferred fill closes the gap. Its trade id `RECON-<venueOrderId>-<filledQty>` is
 *   deterministic, so a restart re-derives the same id (docs/reliability.md O10).
 * - Status differences become the matching events (accepted, triggered, canceled, expired,
 *   rejected, updated), each only when the state machine allows it now.
 * - Position reports overwrite a drifted local position; a MARGIN account's local position that
 *   the venue no longer lists goes FLAT.
 */
import { ClientOrderId, StrategyId, type VenueOrderId } from '../model/identifiers.js';
import { Currency } from '../model/money.js';
import {
  OrderAccepted,
  OrderCanceled,
  OrderExpired,
  OrderFilled,
  OrderRejected,
  OrderTriggered,
  OrderUpdated,
  type OrderEvent,
} from '../model/order-events.js';
import { Order } from '../model/order.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../model/reports.js';
import { Decimal, Price, Quantity } from '../model/values.js';
import type { Cache } from './cache.js';
import { inferredFillTradeId } from './inferred-fills.js';
import type { NodeClock } from './clock.js';
import type { Logger } from './logger.js';

export interface ReconcileHost {
  readonly cache: Cache;
  readonly clock: NodeClock;
  readonly log: Logger;
  /** Applies an event through the engine (dedupe, positions, publishing); false when refused. */
  apply(event: OrderEvent): boolean;
  /** Overwrites the cached position with the venue's; true when it changed. */
  correctPosition(report: PositionStatusReport): boolean;
}

export interface ReconciliationResult {
  ok: boolean;
  externalOrders: number;
  fillsApplied: number;
  inferredFills: number;
  positionsCorrected: number;
  errors: string[];
}

export function emptyResult(): ReconciliationResult {
  return { ok: true, externalOrders: 0, fillsApplied: 0, inferredFills: 0, positionsCorrected: 0, errors: [] };
}

export function findOrder(cache: Cache, clientOrderId: ClientOrderId | null, venueOrderId: VenueOrderId): Order | undefined {
  return (clientOrderId === null ? undefined : cache.order(clientOrderId)) ?? cache.orderByVenueOrderId(venueOrderId);
}

/** Applies one venue fill (deduped by trade id). Returns true when it counted. */
export function reconcileFill(host: ReconcileHost, report: FillReport, result: ReconciliationResult): boolean {
  const order = findOrder(host.cache, report.clientOrderId, report.venueOrderId);
  if (order === undefined) {
    result.errors.push(`fill ${report.tradeId.value}: no order ${report.venueOrderId.value} to apply it to`);
    return false;
  }
  const applied = host.apply(
    new OrderFilled({
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: report.venueOrderId,
      accountId: report.accountId,
      tradeId: report.tradeId,
      orderSide: report.orderSide,
      orderType: order.orderType,
      lastQty: report.lastQty,
      lastPx: report.lastPx,
      currency: host.cache.instrument(order.instrumentId)?.quoteCurrency ?? report.commission.currency,
      commission: report.commission,
      liquiditySide: report.liquiditySide,
      tsEvent: report.tsEvent,
      tsInit: host.clock.timestampNs(),
      reconciliation: true,
    }),
  );
  if (applied) result.fillsApplied++;
  return applied;
}

function externalOrder(host: ReconcileHost, r: OrderStatusReport): Order {
  const ts = host.clock.timestampNs();
  return Order.create({
    strategyId: StrategyId.EXTERNAL,
    instrumentId: r.instrumentId,
    clientOrderId: r.clientOrderId ?? new ClientOrderId(`EXT-${r.venueOrderId.value}`),
    side: r.orderSide,
    orderType: r.orderType,
    quantity: r.quantity,
    timeInForce: r.timeInForce,
    price: r.price,
    triggerPrice: r.triggerPrice,
    triggerType: r.triggerType ?? undefined,
    expireTime: r.timeInForce === 'GTD' ? r.expireTime : null,
    postOnly: r.postOnly,
    reduceOnly: r.reduceOnly,
    tags: ['EXTERNAL'],
    tsEvent: r.tsAccepted,
    tsInit: ts,
    reconciliation: true,
  });
}

/** Reconciles one order report (and that order's fill reports, applied first). */
export function reconcileOrder(
  host: ReconcileHost,
  r: OrderStatusReport,
  fills: readonly FillReport[],
  result: ReconciliationResult,
): void {
  let order = findOrder(host.cache, r.clientOrderId, r.venueOrderId);
  const venueOpen =
    r.orderStatus === 'ACCEPTED' ||
    r.orderStatus === 'TRIGGERED' ||
    r.orderStatus === 'PARTIALLY_FILLED' ||
    r.orderStatus === 'PENDING_CANCEL' ||
    r.orderStatus === 'PENDING_UPDATE';
  if (order === undefined) {
    if (!venueOpen && r.filledQty.isZero()) return; // a closed, unfilled order changes nothing locally
    try {
      order = externalOrder(host, r);
    } catch (err) {
      result.errors.push(`order ${r.venueOrderId.value}: cannot create an external order: ${(err as Error).message}`);
      return;
    }
    host.cache.addOrder(order);
    result.externalOrders++;
    host.log.info(`reconciliation: external order ${order.clientOrderId.value} (${r.venueOrderId.value}) created from venue report`);
  }
  const base = {
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    accountId: r.accountId,
    venueOrderId: r.venueOrderId,
    tsInit: host.clock.timestampNs(),
    reconciliation: true,
  };
  const tryApply = (event: OrderEvent): void => {
    if (order.canApply(event)) host.apply(event);
  };

  if (order.status === 'INITIALIZED' || order.status === 'SUBMITTED' || (order.status === 'REJECTED' && order.rejectedByTimeout)) {
    if (venueOpen || !r.filledQty.isZero() || r.orderStatus === 'CANCELED' || r.orderStatus === 'EXPIRED' || r.orderStatus === 'FILLED') {
      tryApply(new OrderAccepted({ ...base, tsEvent: r.tsAccepted }));
    }
  }
  for (const f of fills) reconcileFill(host, f, result);
  if (r.filledQty.gt(order.filledQty)) inferFill(host, order, r, result);

  switch (r.orderStatus) {
    case 'TRIGGERED':
      if (order.status === 'ACCEPTED') tryApply(new OrderTriggered({ ...base, tsEvent: r.tsLast }));
      break;
    case 'CANCELED':
      if (!order.isClosed) tryApply(new OrderCanceled({ ...base, reason: r.cancelReason, tsEvent: r.tsLast }));
      break;
    case 'EXPIRED':
      if (!order.isClosed) tryApply(new OrderExpired({ ...base, tsEvent: r.tsLast }));
      break;
    case 'REJECTED':
      if (!order.isClosed) tryApply(new OrderRejected({ ...base, reason: r.cancelReason ?? 'rejected by the venue', tsEvent: r.tsLast }));
      break;
    default:
      break;
  }
  // Amended at the venue (or by another session): adopt the venue's quantity and prices.
  if (venueOpen && (order.status === 'ACCEPTED' || order.status === 'TRIGGERED' || order.status === 'PARTIALLY_FILLED')) {
    const qtyDiffers = !r.quantity.equals(order.quantity);
    const pxDiffers = r.price !== null && (order.price === null || !r.price.equals(order.price));
    const trigDiffers = r.triggerPrice !== null && (order.triggerPrice === null || !r.triggerPrice.equals(order.triggerPrice));
    if (qtyDiffers || pxDiffers || trigDiffers) {
      tryApply(new OrderUpdated({ ...base, quantity: r.quantity, price: r.price, triggerPrice: r.triggerPrice, tsEvent: r.tsLast }));
    }
  }
}

function inferFill(host: ReconcileHost, order: Order, r: OrderStatusReport, result: ReconciliationResult): void {
  const missing = r.filledQty.sub(order.filledQty);
  const instrument = host.cache.instrument(order.instrumentId);
  let px: Price | null;
  if (r.avgPx !== null) {
    // The price that makes the local average equal the venue's: (avg·filled − localNotional) / missing.
    const notional = Decimal.from(r.avgPx).mul(r.filledQty).sub(order.filledNotional);
    const precision = instrument?.pricePrecision ?? r.avgPx.precision;
    px = Price.from(notional.div(missing, precision, 'HALF_EVEN'));
  } else {
    px = r.price ?? order.price;
  }
  if (px === null || !px.isPositive()) {
    result.errors.push(`order ${r.venueOrderId.value}: venue filled ${r.filledQty.toString()} but no fills or price to infer from`);
    return;
  }
  const applied = host.apply(
    new OrderFilled({
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: r.venueOrderId,
      accountId: r.accountId,
      tradeId: inferredFillTradeId(r.venueOrderId, r.filledQty),
      orderSide: order.side,
      orderType: order.orderType,
      lastQty: Quantity.from(missing),
      lastPx: px,
      currency: instrument?.quoteCurrency ?? Currency.from('USD'),
      liquiditySide: 'NO_LIQUIDITY_SIDE',
      tsEvent: r.tsLast,
      tsInit: host.clock.timestampNs(),
      reconciliation: true,
    }),
  );
  if (applied) {
    result.inferredFills++;
    host.log.warn(`reconciliation: inferred fill of ${missing.toString()} @ ${px.toString()} for ${order.clientOrderId.value}`);
  } else {
    result.errors.push(`order ${r.venueOrderId.value}: inferred fill refused`);
  }
}

export function reconcilePosition(host: ReconcileHost, report: PositionStatusReport, result: ReconciliationResult): void {
  if (host.correctPosition(report)) result.positionsCorrected++;
}
