/**
 * Engine order/balance events → Spot WS v2 `executions` and `balances` data.
 * Updates are sparse as on Kraken: `pending_new` carries the order's details, `new` only ids and
 * status, `trade` the fill, and so on; clients merge by `order_id`.
 */
import type { SimEngineApi } from '../../engine/types/engine.js';
import type { SimEvent } from '../../engine/types/events.js';
import type { SpotOrderView, SpotTradeView } from '../../engine/types/spot-views.js';
import { num, rfc3339Micros } from '../wire-json.js';

type ExecutionEvent = Extract<SimEvent, { type: 'spot.execution' }>;
type BalanceEvent = Extract<SimEvent, { type: 'spot.balance' }>;

/** REST asset id (`ZUSD`, `XXBT`) → WS v2 name (`USD`, `BTC`). */
export function wsAssetName(engine: SimEngineApi, assetId: string): string {
  return engine.spot.assets().find((a) => a.id === assetId || a.altname === assetId)?.wsName ?? assetId;
}

function ids(o: SpotOrderView): Record<string, unknown> {
  return {
    order_id: o.txid,
    ...(o.clOrdId === null ? {} : { cl_ord_id: o.clOrdId }),
    ...(o.userref === null ? {} : { order_userref: o.userref }),
  };
}

const TRIGGERED = new Set(['stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop', 'trailing-stop-limit']);

/** The full description of an order, as in `pending_new` and snapshot entries. */
export function orderDetails(o: SpotOrderView): Record<string, unknown> {
  return {
    ...ids(o),
    symbol: o.symbol,
    side: o.side,
    order_type: o.orderType,
    order_qty: num(o.volume),
    ...(o.cashOrderQty === null ? {} : { cash_order_qty: num(o.cashOrderQty) }),
    ...(o.limitPrice === null ? {} : { limit_price: num(o.limitPrice), limit_price_type: 'static' }),
    ...(TRIGGERED.has(o.orderType) && o.triggerPrice !== null
      ? {
          triggers: {
            reference: o.trigger,
            price: num(o.triggerPrice),
            price_type: 'static',
            status: o.triggered ? 'triggered' : 'untriggered',
          },
        }
      : {}),
    ...(o.displayQty === null ? {} : { display_qty: num(o.displayQty) }),
    time_in_force: o.timeInForce,
    post_only: o.postOnly,
    reduce_only: o.reduceOnly,
    margin: o.margin,
    fee_ccy_pref: o.feePreference === 'base' ? 'fcib' : 'fciq',
    ...(o.startMs > 0 ? { effective_time: rfc3339Micros(o.startMs) } : {}),
    ...(o.expireMs > 0 ? { expire_time: rfc3339Micros(o.expireMs) } : {}),
    order_status: o.execStatus,
    cum_qty: num(o.volExec),
    cum_cost: num(o.cost),
    avg_price: num(o.avgPrice),
    timestamp: rfc3339Micros(o.openedMs),
  };
}

function cumulative(o: SpotOrderView): Record<string, unknown> {
  return { cum_qty: num(o.volExec), cum_cost: num(o.cost), avg_price: num(o.avgPrice) };
}

/** One execution report for an engine event, or undefined when `order_status: false` filters it. */
export function executionReport(engine: SimEngineApi, ev: ExecutionEvent, orderStatus: boolean): Record<string, unknown> | undefined {
  const o = ev.order;
  if (
    !orderStatus &&
    (ev.execType === 'pending_new' || ev.execType === 'status' || ev.execType === 'iceberg_refill' || ev.execType === 'restated')
  ) {
    return undefined;
  }
  const head = { exec_type: ev.execType, ...ids(o), order_status: o.execStatus, timestamp: rfc3339Micros(ev.timeMs) };
  switch (ev.execType) {
    case 'pending_new':
      return { ...orderDetails(o), exec_type: 'pending_new', timestamp: rfc3339Micros(ev.timeMs) };
    case 'new':
      return head;
    case 'trade': {
      const f = ev.fill;
      if (f === undefined) return { ...head, ...cumulative(o) };
      return {
        ...head,
        symbol: o.symbol,
        side: o.side,
        order_type: o.orderType,
        order_qty: num(o.volume),
        exec_id: f.execId,
        trade_id: f.tradeId,
        last_qty: num(f.lastQty),
        last_price: num(f.lastPrice),
        liquidity_ind: f.liquidityInd,
        cost: num(f.cost),
        ...cumulative(o),
        fees: [{ asset: wsAssetName(engine, f.feeAsset), qty: num(f.fee) }],
        ...(wsAssetName(engine, f.feeAsset) === 'USD' ? { fee_usd_equiv: num(f.fee) } : {}),
        fee_ccy_pref: o.feePreference === 'base' ? 'fcib' : 'fciq',
      };
    }
    case 'filled':
      return { ...head, ...cumulative(o), fee_usd_equiv: num(o.fee) };
    case 'canceled':
    case 'expired':
      return { ...head, ...cumulative(o), ...((ev.reason ?? o.reason) ? { reason: ev.reason ?? o.reason } : {}) };
    case 'amended':
    case 'restated':
      return {
        ...head,
        order_qty: num(o.volume),
        ...(o.limitPrice === null ? {} : { limit_price: num(o.limitPrice) }),
        ...(o.displayQty === null ? {} : { display_qty: num(o.displayQty) }),
        ...(o.triggerPrice === null || !TRIGGERED.has(o.orderType) ? {} : { triggers: { price: num(o.triggerPrice) } }),
        ...(ev.reason === undefined ? {} : { reason: ev.reason }),
        amended: true,
      };
    case 'iceberg_refill':
      return { ...head, ...(o.displayRemain === null ? {} : { display_qty_remain: num(o.displayRemain) }) };
    case 'status':
      return {
        ...head,
        ...(o.triggerPrice === null ? {} : { triggers: { price: num(o.triggerPrice), status: o.triggered ? 'triggered' : 'untriggered' } }),
      };
  }
}

/** A `snap_orders` entry: the open order's full description. */
export function snapshotOrder(o: SpotOrderView): Record<string, unknown> {
  return { ...orderDetails(o), exec_type: o.execStatus === 'pending_new' ? 'pending_new' : 'new' };
}

/** A `snap_trades` entry: one past fill. */
export function snapshotTrade(engine: SimEngineApi, t: SpotTradeView, symbol: string): Record<string, unknown> {
  return {
    exec_type: 'trade',
    order_id: t.ordertxid,
    exec_id: t.txid,
    trade_id: t.tradeId,
    symbol,
    side: t.side,
    order_type: t.orderType,
    last_qty: num(t.vol),
    last_price: num(t.price),
    liquidity_ind: t.maker ? 'm' : 't',
    cost: num(t.cost),
    fees: [{ asset: wsAssetName(engine, t.feeAsset), qty: num(t.fee) }],
    timestamp: rfc3339Micros(t.timeMs),
  };
}

export function balancesSnapshot(engine: SimEngineApi, accountId: string): Record<string, unknown>[] {
  return Object.entries(engine.spot.balances(accountId)).map(([asset, b]) => ({
    asset: wsAssetName(engine, asset),
    asset_class: 'currency',
    balance: num(b.balance),
    wallets: [{ type: 'spot', id: 'main', balance: num(b.balance) }],
  }));
}

/** A ledger-backed balance change; hold changes (no ledger entry) are not sent, as on Kraken. */
export function balanceUpdate(engine: SimEngineApi, ev: BalanceEvent): Record<string, unknown> | undefined {
  const l = ev.ledger;
  if (l === undefined) return undefined;
  return {
    asset: wsAssetName(engine, ev.asset),
    asset_class: 'currency',
    amount: num(l.amount),
    balance: num(ev.balance),
    fee: num(l.fee),
    ledger_id: l.id,
    ref_id: l.refid,
    timestamp: rfc3339Micros(l.timeMs),
    type: l.type,
    subtype: l.subtype,
    category: l.type === 'margin' ? 'margin-trade' : l.type === 'rollover' ? 'marginrollover' : l.type === 'adjustment' ? 'credit' : l.type,
    wallet_type: 'spot',
    wallet_id: 'main',
  };
}
