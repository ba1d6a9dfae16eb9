/**
 * WS v2 trading-method params → engine requests. WS differs from REST:
 * `order_qty`/`limit_price` are numbers, relative prices are `*_price_type: pct|quote` with a
 * signed value, `triggers{}` is an object, `stp_type` uses underscores, `time_in_force` is
 * lower-case, and `margin: true` borrows at the pair's maximum leverage.
 */
import { exactNumberText, SIGNED_DECIMAL } from '../decimal-text.js';
import type { PriceInput, SpotAmendRequest, SpotEditRequest, SpotOrderRequest, SpotOrderType } from '../../engine/types/spot-requests.js';
import type { SpotPairSpec } from '../../engine/types/instruments.js';

export class WsParamError extends Error {
  constructor(readonly field: string) {
    super(`EGeneral:Invalid arguments:${field}`);
  }
}

type P = Record<string, unknown>;

const ORDER_TYPES: readonly SpotOrderType[] = [
  'market',
  'limit',
  'iceberg',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
];
const TRIGGERED = new Set<SpotOrderType>([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

export function decimalField(p: P, field: string): string | undefined {
  const v = p[field];
  if (v === undefined || v === null) return undefined;
  const text = exactNumberText(v);
  if (text === undefined || !SIGNED_DECIMAL.test(text)) throw new WsParamError(field);
  return text;
}

function bool(p: P, field: string): boolean | undefined {
  const v = p[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new WsParamError(field);
  return v;
}

function str(p: P, field: string): string | undefined {
  const v = p[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new WsParamError(field);
  return v;
}

function int(p: P, field: string): number | undefined {
  const v = p[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new WsParamError(field);
  return v;
}

function time(p: P, field: string): number | undefined {
  const t = str(p, field);
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  if (!Number.isFinite(ms)) throw new WsParamError(field);
  return ms;
}

/** A WS price with its `*_price_type`: static → absolute; pct/quote → signed offset from the reference. */
export function wsPrice(value: string, type: unknown, field: string): PriceInput {
  if (type === undefined || type === 'static') {
    if (value.startsWith('-')) throw new WsParamError(field);
    return { kind: 'absolute', value };
  }
  if (type !== 'pct' && type !== 'quote') throw new WsParamError(`${field}_type`);
  const negative = value.startsWith('-');
  return { kind: 'offset', sign: negative ? '-' : '+', value: negative ? value.slice(1) : value, percent: type === 'pct' };
}

function obj(p: P, field: string): P | undefined {
  const v = p[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WsParamError(field);
  return v as P;
}

/** One order of `add_order` / `batch_add` (symbol given separately for batches). */
export function parseWsOrder(p: P, pair: SpotPairSpec): SpotOrderRequest {
  const orderType = str(p, 'order_type') as SpotOrderType | undefined;
  if (orderType === undefined || !ORDER_TYPES.includes(orderType)) throw new WsParamError('order_type');
  const side = str(p, 'side');
  if (side !== 'buy' && side !== 'sell') throw new WsParamError('side');
  const qty = decimalField(p, 'order_qty');
  const cash = decimalField(p, 'cash_order_qty');
  if (qty === undefined && cash === undefined) throw new WsParamError('order_qty');
  const limit = decimalField(p, 'limit_price');
  const triggers = obj(p, 'triggers');
  const trigPrice = triggers === undefined ? undefined : decimalField(triggers, 'price');
  if (TRIGGERED.has(orderType) && trigPrice === undefined) throw new WsParamError('triggers');
  const tif = str(p, 'time_in_force');
  if (tif !== undefined && !['gtc', 'gtd', 'ioc', 'fok'].includes(tif.toLowerCase())) throw new WsParamError('time_in_force');
  const stp = str(p, 'stp_type');
  if (stp !== undefined && !['cancel_newest', 'cancel_oldest', 'cancel_both'].includes(stp)) throw new WsParamError('stp_type');
  const fee = str(p, 'fee_preference');
  if (fee !== undefined && fee !== 'base' && fee !== 'quote') throw new WsParamError('fee_preference');
  const margin = bool(p, 'margin') === true;
  const maxLeverage = Math.max(0, ...(side === 'buy' ? pair.leverageBuy : pair.leverageSell));
  if (margin && maxLeverage === 0) throw new WsParamError('margin');
  const reference = triggers === undefined ? undefined : str(triggers, 'reference');
  if (reference !== undefined && reference !== 'last' && reference !== 'index') throw new WsParamError('triggers');
  const req: SpotOrderRequest = { pair: pair.id, side, orderType };
  if (qty !== undefined) req.volume = qty;
  if (cash !== undefined) req.cashOrderQty = cash;
  if (TRIGGERED.has(orderType)) {
    req.price = wsPrice(trigPrice!, triggers!['price_type'], 'triggers.price');
    if (limit !== undefined) req.price2 = wsPrice(limit, p['limit_price_type'], 'limit_price');
  } else if (limit !== undefined) {
    req.price = wsPrice(limit, p['limit_price_type'], 'limit_price');
  }
  if (reference !== undefined) req.trigger = reference;
  const display = decimalField(p, 'display_qty');
  if (display !== undefined) req.displayVol = display;
  if (margin) req.leverage = maxLeverage;
  if (bool(p, 'post_only') === true) req.postOnly = true;
  if (bool(p, 'reduce_only') === true) req.reduceOnly = true;
  if (tif !== undefined) req.timeInForce = tif.toUpperCase() as SpotOrderRequest['timeInForce'] & string;
  const eff = time(p, 'effective_time');
  if (eff !== undefined) req.startTimeMs = eff;
  const exp = time(p, 'expire_time');
  if (exp !== undefined) req.expireTimeMs = exp;
  const userref = int(p, 'order_userref');
  const clOrdId = str(p, 'cl_ord_id');
  if (userref !== undefined && clOrdId !== undefined) throw new WsParamError('cl_ord_id');
  if (userref !== undefined) req.userref = userref;
  if (clOrdId !== undefined) req.clOrdId = clOrdId;
  if (fee !== undefined) req.feePreference = fee;
  if (stp !== undefined) req.stpType = stp.replace('_', '-') as SpotOrderRequest['stpType'] & string;
  const cond = obj(p, 'conditional');
  if (cond !== undefined) {
    const ctRaw = str(cond, 'order_type') as SpotOrderType | undefined;
    if (ctRaw === undefined || !ORDER_TYPES.includes(ctRaw) || ctRaw === 'market') throw new WsParamError('conditional');
    const ct: Exclude<SpotOrderType, 'market'> = ctRaw;
    const cLimit = decimalField(cond, 'limit_price');
    const cTrig = decimalField(cond, 'trigger_price');
    const first = TRIGGERED.has(ct) ? cTrig : cLimit;
    if (first === undefined) throw new WsParamError('conditional');
    req.close = {
      orderType: ct,
      price: wsPrice(first, TRIGGERED.has(ct) ? cond['trigger_price_type'] : cond['limit_price_type'], 'conditional'),
      ...(TRIGGERED.has(ct) && cLimit !== undefined ? { price2: wsPrice(cLimit, cond['limit_price_type'], 'conditional') } : {}),
    };
  }
  const deadline = time(p, 'deadline');
  if (deadline !== undefined) req.deadlineMs = deadline;
  if (bool(p, 'validate') === true) req.validate = true;
  return req;
}

export function parseWsAmend(p: P): SpotAmendRequest {
  const orderId = str(p, 'order_id');
  const clOrdId = str(p, 'cl_ord_id');
  if (orderId === undefined && clOrdId === undefined) throw new WsParamError('order_id');
  const limit = decimalField(p, 'limit_price');
  const trig = decimalField(p, 'trigger_price');
  const req: SpotAmendRequest = {};
  if (orderId !== undefined) req.txid = orderId;
  if (clOrdId !== undefined) req.clOrdId = clOrdId;
  const qty = decimalField(p, 'order_qty');
  if (qty !== undefined) req.orderQty = qty;
  const display = decimalField(p, 'display_qty');
  if (display !== undefined) req.displayQty = display;
  if (limit !== undefined) req.limitPrice = wsPrice(limit, p['limit_price_type'], 'limit_price');
  if (trig !== undefined) req.triggerPrice = wsPrice(trig, p['trigger_price_type'], 'trigger_price');
  const postOnly = bool(p, 'post_only');
  if (postOnly !== undefined) req.postOnly = postOnly;
  const deadline = time(p, 'deadline');
  if (deadline !== undefined) req.deadlineMs = deadline;
  if (
    req.orderQty === undefined &&
    req.displayQty === undefined &&
    req.limitPrice === undefined &&
    req.triggerPrice === undefined &&
    postOnly === undefined
  ) {
    throw new WsParamError('order_qty');
  }
  return req;
}

export function parseWsEdit(p: P, pair: SpotPairSpec): SpotEditRequest {
  const orderId = str(p, 'order_id');
  if (orderId === undefined) throw new WsParamError('order_id');
  const limit = decimalField(p, 'limit_price');
  const triggers = obj(p, 'triggers');
  const trigPrice = triggers === undefined ? undefined : decimalField(triggers, 'price');
  const req: SpotEditRequest = { txid: orderId, pair: pair.id };
  const qty = decimalField(p, 'order_qty');
  if (qty !== undefined) req.volume = qty;
  const display = decimalField(p, 'display_qty');
  if (display !== undefined) req.displayVol = display;
  if (trigPrice !== undefined) {
    req.price = wsPrice(trigPrice, triggers!['price_type'], 'triggers.price');
    if (limit !== undefined) req.price2 = wsPrice(limit, p['limit_price_type'], 'limit_price');
  } else if (limit !== undefined) {
    req.price = wsPrice(limit, p['limit_price_type'], 'limit_price');
  }
  const userref = int(p, 'order_userref');
  if (userref !== undefined) req.newUserref = userref;
  if (bool(p, 'post_only') === true) req.postOnly = true;
  const deadline = time(p, 'deadline');
  if (deadline !== undefined) req.deadlineMs = deadline;
  if (bool(p, 'validate') === true) req.validate = true;
  return req;
}
