/**
 * Unified WebSocket trading methods on the simulated Futures venue: the same engine calls the
 * legacy Derivatives REST makes (`sendorder`, `editorder`, `cancelorder`, ...), so an order
 * placed on one API is the same order on the other.
 *
 * The requests have passed their generated schema before they get here. Kraken documents no
 * UWS error catalogue: a refusal uses the Spot v2 string of the same meaning where one exists
 * (`EOrder:Unknown order`, `EOrder:Post only order`, `EOrder:Insufficient margin`), and
 * `EOrder:<the legacy status>` where none does (listed in src/sim/server/README.md).
 */
import type { SimContext } from '../context.js';
import type { FuturesOrderResult } from '../../engine/types/futures-orders.js';
import type { FuturesEditRequest, FuturesOrderRequest, FuturesSendStatus, FuturesOrderType } from '../../engine/types/futures-requests.js';
import { SimVenueError } from '../../engine/errors.js';
import { rfc3339Micros } from '../wire-json.js';
import { Decimal } from '../../engine/decimal.js';

type P = Record<string, unknown>;
export interface Outcome {
  result?: unknown;
  error?: string;
}

export const UWS_TRADING_METHODS: ReadonlySet<string> = new Set([
  'add_order',
  'amend_order',
  'cancel_order',
  'cancel_all',
  'cancel_all_orders_after',
  'batch_add',
  'batch_cancel',
]);

const OK: ReadonlySet<FuturesSendStatus> = new Set(['placed', 'partiallyFilled', 'filled', 'cancelled', 'edited']);

const STATUS_ERRORS: Partial<Record<FuturesSendStatus, string>> = {
  insufficientAvailableFunds: 'EOrder:Insufficient margin',
  postWouldExecute: 'EOrder:Post only order',
  notFound: 'EOrder:Unknown order',
  orderForEditNotFound: 'EOrder:Unknown order',
  invalidPrice: 'EOrder:Invalid price',
  invalidSize: 'EGeneral:Invalid arguments:order_qty',
  wouldProcessAfterSpecifiedTime: 'EService:Deadline elapsed',
  maxPositionViolation: 'EOrder:Positions limit exceeded',
};

export function statusError(status: FuturesSendStatus): string {
  return STATUS_ERRORS[status] ?? `EOrder:${status}`;
}

/** Parameters documented as not available for derivatives. */
const SPOT_ONLY = ['display_qty', 'expire_time', 'fee_preference', 'margin', 'order_userref', 'cash_order_qty'];

function dec(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** One add_order (or batch_add row) → the engine's order request, or the refusal. */
export function orderRequest(symbol: string, o: P, deadline: unknown): FuturesOrderRequest | string {
  for (const k of SPOT_ONLY) if (o[k] !== undefined) return `EGeneral:Invalid arguments:${k}`;
  if (o['limit_price_type'] !== undefined && o['limit_price_type'] !== 'static') return 'EGeneral:Invalid arguments:limit_price_type';
  const qty = dec(o['order_qty']);
  if (qty === undefined) return 'EGeneral:Invalid arguments:order_qty';
  const type = String(o['order_type']);
  const limit = dec(o['limit_price']);
  const triggers = (o['triggers'] ?? {}) as P;
  const trigger = dec(triggers['price']);
  const tif = o['time_in_force'];
  let orderType: FuturesOrderType;
  if (type === 'limit') {
    if (limit === undefined) return 'EGeneral:Invalid arguments:limit_price';
    orderType = o['post_only'] === true ? 'post' : tif === 'ioc' ? 'ioc' : tif === 'fok' ? 'fok' : 'lmt';
  } else if (type === 'market') orderType = 'mkt';
  else if (type === 'stop-loss' || type === 'stop-loss-limit') orderType = 'stp';
  else if (type === 'take-profit' || type === 'take-profit-limit') orderType = 'take_profit';
  else if (type === 'trailing-stop' || type === 'trailing-stop-limit') orderType = 'trailing_stop';
  else return 'EGeneral:Invalid arguments:order_type';
  if (tif === 'gtd') return 'EGeneral:Invalid arguments:time_in_force'; // GTD needs expire_time, which derivatives do not take
  const req: FuturesOrderRequest = { orderType, symbol, side: o['side'] === 'sell' ? 'sell' : 'buy', size: qty };
  const isTrigger = orderType === 'stp' || orderType === 'take_profit' || orderType === 'trailing_stop';
  if (isTrigger) {
    if (trigger === undefined) return 'EGeneral:Invalid arguments:triggers';
    req.triggerSignal = triggers['reference'] === 'index' ? 'index' : 'last';
    const priceType = triggers['price_type'] ?? 'static';
    if (orderType === 'trailing_stop') {
      if (priceType === 'static') return 'EGeneral:Invalid arguments:triggers.price_type';
      req.trailingStopMaxDeviation = trigger;
      req.trailingStopDeviationUnit = priceType === 'pct' ? 'PERCENT' : 'QUOTE_CURRENCY';
      if (type === 'trailing-stop-limit') {
        if (limit === undefined) return 'EGeneral:Invalid arguments:limit_price';
        req.limitPriceOffsetValue = limit; // for trailing-stop-limit the limit is an offset from the trigger price
        req.limitPriceOffsetUnit = 'QUOTE_CURRENCY';
      }
    } else {
      if (priceType !== 'static') return 'EGeneral:Invalid arguments:triggers.price_type';
      req.stopPrice = trigger;
      if (type.endsWith('-limit')) {
        if (limit === undefined) return 'EGeneral:Invalid arguments:limit_price';
        req.limitPrice = limit;
      }
    }
  } else if (limit !== undefined) req.limitPrice = limit;
  if (typeof o['cl_ord_id'] === 'string') req.cliOrdId = o['cl_ord_id'];
  if (o['reduce_only'] === true) req.reduceOnly = true;
  if (typeof deadline === 'string') req.processBeforeMs = Date.parse(deadline);
  return req;
}

function placed(r: FuturesOrderResult, clOrdId: unknown): Outcome {
  if (!OK.has(r.status) || r.orderId === undefined) return { error: statusError(r.status) };
  return { result: { order_id: r.orderId, ...(typeof clOrdId === 'string' ? { cl_ord_id: clOrdId } : {}) } };
}

function derivativesOnly(p: P): string | undefined {
  return p['asset_class'] === 'derivatives' ? undefined : 'EGeneral:Invalid arguments:asset_class'; // spot is not live on UWS
}

/** Runs one trading method for `accountId`; returns the answers in order (cancel_order: one per order). */
export function runUwsTradingMethod(ctx: SimContext, accountId: string, method: string, p: P): Outcome[] {
  try {
    return run(ctx, accountId, method, p);
  } catch (e) {
    if (e instanceof SimVenueError)
      return [{ error: e.code === 'invalidArgument' ? 'EGeneral:Invalid arguments' : `EGeneral:Invalid arguments:${e.code}` }];
    throw e;
  }
}

function run(ctx: SimContext, accountId: string, method: string, p: P): Outcome[] {
  const f = ctx.engine.futures;
  if (method !== 'cancel_all_orders_after') {
    const refused = derivativesOnly(p);
    if (refused !== undefined) return [{ error: refused }];
  }
  switch (method) {
    case 'add_order': {
      const symbol = f.product(String(p['symbol']))?.symbol;
      if (symbol === undefined) return [{ error: `Currency pair not supported ${String(p['symbol'])}` }];
      const req = orderRequest(symbol, p, p['deadline']);
      if (typeof req === 'string') return [{ error: req }];
      // Validate only: nothing reaches the engine (the answer's empty order_id is the simulator's choice; Kraken's is not documented).
      if (p['validate'] === true) return [{ result: { order_id: '' } }];
      return [placed(f.sendOrder(accountId, req), p['cl_ord_id'])];
    }
    case 'amend_order': {
      const edit: FuturesEditRequest = {};
      if (typeof p['order_id'] === 'string') edit.orderId = p['order_id'];
      else if (typeof p['cl_ord_id'] === 'string') edit.cliOrdId = p['cl_ord_id'];
      else return [{ error: 'EGeneral:Invalid arguments:order_id' }];
      if (p['display_qty'] !== undefined) return [{ error: 'EGeneral:Invalid arguments:display_qty' }];
      const qty = dec(p['order_qty']);
      const limit = dec(p['limit_price']);
      const trigger = dec(p['trigger_price']);
      // order_qty is the order's new total, fills included: Kraken documents that cutting it below the filled quantity cancels the rest.
      if (qty !== undefined) {
        edit.size = qty;
        edit.qtyMode = 'ABSOLUTE';
      }
      if (limit !== undefined) edit.limitPrice = limit;
      if (trigger !== undefined) edit.stopPrice = trigger;
      if (typeof p['deadline'] === 'string') edit.processBeforeMs = Date.parse(p['deadline']);
      const order = f.ordersStatus(
        accountId,
        edit.orderId === undefined ? { cliOrdIds: [edit.cliOrdId!] } : { orderIds: [edit.orderId] },
      )[0];
      if (order === undefined || order.status === 'filled' || order.status === 'cancelled') return [{ error: 'EOrder:Unknown order' }];
      if (p['post_only'] === true && limit !== undefined && wouldTake(ctx, order.symbol, order.side, limit))
        return [{ error: 'EOrder:Post only order' }];
      const r = f.editOrder(accountId, edit);
      if (!OK.has(r.status)) return [{ error: statusError(r.status) }];
      // The documented derivatives answer carries an empty amend_id.
      return [{ result: { amend_id: '', order_id: order.orderId, ...(order.cliOrdId === null ? {} : { cl_ord_id: order.cliOrdId }) } }];
    }
    case 'cancel_order': {
      if (p['order_userref'] !== undefined) return [{ error: 'EGeneral:Invalid arguments:order_userref' }];
      const byId = Array.isArray(p['order_id']) ? (p['order_id'] as unknown[]).map(String) : [];
      const byCl = Array.isArray(p['cl_ord_id']) ? (p['cl_ord_id'] as unknown[]).map(String) : [];
      return [
        ...byId.map((orderId) => cancelled(f.cancelOrder(accountId, { orderId }), { order_id: orderId })),
        ...byCl.map((cl) => cancelled(f.cancelOrder(accountId, { cliOrdId: cl }), { cl_ord_id: cl })),
      ];
    }
    case 'cancel_all': {
      const r = f.cancelAllOrders(accountId);
      return [{ result: { count: r.cancelledOrders.length } }];
    }
    case 'cancel_all_orders_after': {
      const timeout = p['timeout'];
      if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout >= 86400)
        return [{ error: 'EGeneral:Invalid arguments:timeout' }];
      const r = f.cancelAllOrdersAfter(accountId, timeout);
      return [
        {
          result: {
            currentTime: rfc3339Micros(r.currentTimeMs),
            triggerTime: r.triggerTimeMs === 0 ? '0' : rfc3339Micros(r.triggerTimeMs),
          },
        },
      ];
    }
    case 'batch_add':
      return [batchAdd(ctx, accountId, p)];
    case 'batch_cancel': {
      const ids = Array.isArray(p['orders']) ? (p['orders'] as unknown[]).map(String) : [];
      const cls = Array.isArray(p['cl_ord_id']) ? (p['cl_ord_id'] as unknown[]).map(String) : [];
      if (ids.length + cls.length < 2 || ids.length + cls.length > 50) return [{ error: 'EGeneral:Invalid arguments:orders' }];
      let count = 0;
      for (const orderId of ids) if (OK.has(f.cancelOrder(accountId, { orderId }).status)) count++;
      for (const cliOrdId of cls) if (OK.has(f.cancelOrder(accountId, { cliOrdId }).status)) count++;
      return [{ result: { count } }];
    }
    default:
      return [{ error: `Method not supported ${method}` }];
  }
}

function cancelled(r: FuturesOrderResult, ids: { order_id?: string; cl_ord_id?: string }): Outcome {
  if (!OK.has(r.status)) return { error: statusError(r.status) };
  return { result: { ...ids, ...(ids.order_id === undefined && r.orderId !== undefined ? { order_id: r.orderId } : {}) } };
}

function wouldTake(ctx: SimContext, symbol: string, side: 'buy' | 'sell', limit: string): boolean {
  const book = ctx.engine.futures.orderbook(symbol);
  const best = side === 'buy' ? book.asks[0]?.price : book.bids[0]?.price;
  if (best === undefined) return false;
  return side === 'buy' ? new Decimal(limit).gte(best) : new Decimal(limit).lte(best);
}

/** All rows are checked first (one invalid row refuses the batch); then each is placed, and a row failing its pre-match check fails alone. */
function batchAdd(ctx: SimContext, accountId: string, p: P): Outcome {
  const f = ctx.engine.futures;
  const symbol = f.product(String(p['symbol']))?.symbol;
  if (symbol === undefined) return { error: `Currency pair not supported ${String(p['symbol'])}` };
  const rows = Array.isArray(p['orders']) ? (p['orders'] as P[]) : [];
  if (rows.length < 2 || rows.length > 15) return { error: 'EGeneral:Invalid arguments:orders' };
  const requests: FuturesOrderRequest[] = [];
  for (const row of rows) {
    const req = orderRequest(symbol, row, p['deadline']);
    if (typeof req === 'string') return { error: req };
    requests.push(req);
  }
  if (p['validate'] === true) return { result: rows.map(() => ({})) };
  const results = requests.map((req, i) => {
    const out = placed(f.sendOrder(accountId, req), rows[i]!['cl_ord_id']);
    return out.error === undefined
      ? (out.result as P)
      : { error: out.error, ...(typeof rows[i]!['cl_ord_id'] === 'string' ? { cl_ord_id: rows[i]!['cl_ord_id'] } : {}) };
  });
  const failed = results.find((r) => r['error'] !== undefined);
  return failed === undefined ? { result: results } : { result: results, error: String(failed['error']) };
}
