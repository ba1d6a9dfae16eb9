/**
 * The Futures venue's account views and events → Unified WebSocket private channel rows. Field
 * names follow the generated UWS schemas; where Kraken documents none, they are the Spot v2 or
 * legacy Derivatives names the schemas assume (see their descriptions).
 */
import type { FuturesFillView, FuturesOrderView } from '../../engine/types/futures-orders.js';
import type { FuturesAccountsView, FuturesPositionView } from '../../engine/types/futures-views.js';
import { num, rfc3339Micros } from '../wire-json.js';
import { Decimal } from '../../engine/decimal.js';

function v2OrderType(o: FuturesOrderView): string {
  switch (o.restType) {
    case 'lmt':
      return o.orderType === 'mkt' ? 'market' : 'limit';
    case 'stop':
      return o.limitPrice === null ? 'stop-loss' : 'stop-loss-limit';
    case 'take_profit':
      return o.limitPrice === null ? 'take-profit' : 'take-profit-limit';
    case 'trailing_stop':
      return o.limitPriceOffset === null ? 'trailing-stop' : 'trailing-stop-limit';
  }
}

function timeInForce(o: FuturesOrderView): string {
  return o.orderType === 'ioc' || o.orderType === 'mkt' ? 'IOC' : o.orderType === 'fok' ? 'FOK' : 'GTC';
}

function orderStatus(o: FuturesOrderView): string {
  if (o.status === 'filled') return 'filled';
  if (o.status === 'cancelled') return 'canceled';
  return o.status === 'partiallyFilled' ? 'partially_filled' : 'new';
}

/** The order as an execution report of `execType` (no `pending_new` for derivatives: a live order is `new`). */
export function orderReport(o: FuturesOrderView, execType: string, timeMs: number, reason?: string): Record<string, unknown> {
  return {
    order_id: o.orderId,
    ...(o.cliOrdId === null ? {} : { cl_ord_id: o.cliOrdId }),
    exec_type: execType,
    symbol: o.symbol,
    side: o.side,
    order_type: v2OrderType(o),
    order_qty: num(o.size),
    ...(o.limitPrice === null ? {} : { limit_price: num(o.limitPrice) }),
    time_in_force: timeInForce(o),
    order_status: execType === 'canceled' ? 'canceled' : orderStatus(o),
    cum_qty: num(o.filled),
    post_only: o.orderType === 'post',
    reduce_only: o.reduceOnly,
    ...(execType === 'amended' ? { amended: true } : {}),
    ...(reason === undefined ? {} : { reason }),
    ...(o.stopPrice === null
      ? {}
      : {
          triggers: {
            reference: o.triggerSignal === 'index' ? 'index' : 'last',
            price: num(o.stopPrice),
            price_type: 'static',
            status: o.triggered ? 'triggered' : 'untriggered',
          },
        }),
    timestamp: rfc3339Micros(timeMs),
  };
}

/** A fill as an execution report of type `trade`. */
export function fillReport(f: FuturesFillView, order: FuturesOrderView | undefined): Record<string, unknown> {
  const filledAll = new Decimal(f.remainingOrderQty).isZero();
  return {
    order_id: f.orderId,
    ...(f.cliOrdId === null ? {} : { cl_ord_id: f.cliOrdId }),
    exec_type: 'trade',
    exec_id: f.fillId,
    symbol: f.symbol,
    side: f.side,
    last_qty: num(f.size),
    last_price: num(f.price),
    ...(order === undefined
      ? {}
      : {
          order_qty: num(order.size),
          cum_qty: num(new Decimal(order.size).minus(f.remainingOrderQty).toString()),
          order_type: v2OrderType(order),
        }),
    order_status: filledAll ? 'filled' : 'partially_filled',
    liquidity_ind: f.fillType === 'maker' ? 'm' : 't',
    fees: [{ asset: f.feeCurrency, qty: num(f.feePaid) }],
    liquidated: f.fillType === 'liquidation',
    timestamp: rfc3339Micros(f.fillTimeMs),
  };
}

export function positionRow(p: FuturesPositionView, withMargin: boolean): Record<string, unknown> {
  return {
    symbol: p.symbol,
    size: num(p.signedSize),
    entry_price: num(p.price),
    mark_price: num(p.markPrice),
    index_price: num(p.indexPrice),
    pnl: num(p.pnl),
    unrealized_funding: num(p.unrealizedFunding),
    liquidation_threshold: num(p.liquidationThreshold),
    return_on_equity: num(p.returnOnEquity),
    effective_leverage: num(p.effectiveLeverage),
    ...(withMargin ? { initial_margin: num(p.initialMargin), maintenance_margin: num(p.maintenanceMargin) } : {}),
  };
}

/** What identifies a position's state for "touched by an event": its size and entry price. */
export function positionKey(p: FuturesPositionView): string {
  return `${p.signedSize}|${p.price}`;
}

/** The multi-collateral (flex) wallet, whole. */
export function multiCollateral(a: FuturesAccountsView, timeMs: number): Record<string, unknown>[] {
  const f = a.flex;
  return [
    {
      portfolio_value: num(f.portfolioValue),
      balance_value: num(f.balanceValue),
      collateral_value: num(f.collateralValue),
      initial_margin: num(f.initialMarginWithOrders),
      initial_margin_without_orders: num(f.initialMargin),
      maintenance_margin: num(f.maintenanceMargin),
      pnl: num(f.pnl),
      unrealized_funding: num(f.unrealizedFunding),
      total_unrealized: num(f.totalUnrealized),
      total_unrealized_as_margin: num(f.totalUnrealizedAsMargin),
      margin_equity: num(f.marginEquity),
      available_margin: num(f.availableMargin),
      currencies: Object.entries(f.currencies)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([asset, c]) => ({
          asset: asset.toUpperCase(),
          quantity: num(c.quantity),
          value: num(c.value),
          collateral_value: num(c.collateral),
          available: num(c.available),
        })),
      timestamp: rfc3339Micros(timeMs),
    },
  ];
}

/** The single-collateral wallets, one row each. */
export function singleCollateral(a: FuturesAccountsView, timeMs: number): Record<string, unknown>[] {
  return Object.entries(a.margin)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([name, m]) => ({
      name,
      unit: m.currency.toUpperCase(),
      portfolio_value: num(m.auxiliary.pv),
      balance: num(m.balances[m.currency] ?? '0'),
      maintenance_margin: num(m.marginRequirements.mm),
      initial_margin: num(m.marginRequirements.im),
      available: num(m.auxiliary.af),
      unrealized_funding: num(m.auxiliary.funding),
      pnl: num(m.auxiliary.pnl),
      timestamp: rfc3339Micros(timeMs),
    }));
}

/** asset → balance of the multi-collateral wallet (the derivatives balances). */
export function flexBalances(a: FuturesAccountsView): Map<string, string> {
  const out = new Map<string, string>();
  for (const [asset, c] of Object.entries(a.flex.currencies).sort(([x], [y]) => x.localeCompare(y)))
    out.set(asset.toUpperCase(), c.quantity);
  return out;
}

export function balanceRows(balances: ReadonlyMap<string, string>): Record<string, unknown>[] {
  return [...balances].map(([asset, balance]) => ({
    asset,
    balance: num(balance),
    wallets: [{ type: 'multi_collateral', id: 'flex', balance: num(balance) }],
  }));
}
