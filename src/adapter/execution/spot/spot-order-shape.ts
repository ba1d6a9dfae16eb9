/**
 * What Kraken Spot can carry, checked before anything is sent: a shape it cannot carry is an
 * `OrderDenied` with the reason, never a silently different order. Also what the WS v2 trade
 * channel cannot carry (such an order goes over REST), and the leverage to borrow at.
 *
 * Denied: time in force DAY / AT_THE_OPEN / AT_THE_CLOSE; GTD without an expire time or with one
 * in the past; FOK and IOC on an order without a limit price (a market order takes no time in
 * force at all, except the default GTC which is not sent); post-only on anything but a limit
 * order; a trigger other than last or index price; a trailing offset in price tiers; a price or
 * offset off the pair's tick; a size off the lot, under `ordermin`, or a cost under `costmin`; an
 * iceberg display size outside 1/15 … all of the order; a quote quantity on anything but a buy
 * market order without leverage; leverage on a cash account, or outside the pair's tiers for the
 * side; a client order id Kraken's `cl_ord_id` cannot hold.
 */
import type { CurrencyPair } from '../../../model/instruments.js';
import type { OrderParams } from '../../../model/order-events.js';
import type { Order } from '../../../model/order.js';
import { Decimal, type Price } from '../../../model/values.js';
import { isTrailing, isTriggered, offsetOf } from './spot-order-encoding.js';

export interface SpotShapeContext {
  readonly instrument: CurrencyPair;
  readonly margin: boolean;
  /** The configured `defaultLeverage` (MARGIN only), or null. */
  readonly defaultLeverage: number | null;
  /** Now, nanoseconds (a GTD expiry must be ahead of it). */
  readonly nowNs: bigint;
}

export type SpotShape =
  | {
      readonly ok: true;
      /** The leverage to borrow at, or null. */
      readonly leverage: number | null;
      /** Why the WS v2 trade channel cannot carry this order (it goes over REST), or null. */
      readonly wsRefusal: string | null;
    }
  | { readonly ok: false; readonly reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHORT_UUID = /^[0-9a-f]{32}$/i;
const SHORT_TEXT = /^[\x21-\x7e]{1,18}$/;

/** True when Kraken's `cl_ord_id` can hold the id: a UUID, 32 hex digits, or up to 18 printable ASCII characters. */
export function fitsClOrdId(id: string): boolean {
  return UUID.test(id) || SHORT_UUID.test(id) || SHORT_TEXT.test(id);
}

const LIMIT_PRICED: ReadonlySet<Order['orderType']> = new Set(['LIMIT', 'STOP_LIMIT', 'LIMIT_IF_TOUCHED', 'TRAILING_STOP_LIMIT']);

function onTick(price: Price | Decimal, inst: CurrencyPair): boolean {
  return price.isMultipleOf(inst.priceIncrement);
}

/** The per-order leverage from `params.leverage` (a number or its text), undefined when absent, NaN when unreadable. */
function leverageParam(params: OrderParams): number | undefined {
  const v = params['leverage'];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+(:1)?$/.test(v)) return Number(v.replace(':1', ''));
  return Number.NaN;
}

function leverageOf(order: Order, params: OrderParams, ctx: SpotShapeContext): { leverage: number | null } | { reason: string } {
  const asked = leverageParam(params);
  if (asked !== undefined && !ctx.margin) return { reason: 'leverage needs spotAccountType MARGIN (this is a cash account)' };
  const leverage = asked ?? (ctx.margin ? ctx.defaultLeverage : null);
  if (leverage === null) return { leverage: null };
  const tiers = order.side === 'BUY' ? ctx.instrument.leverageBuy : ctx.instrument.leverageSell;
  if (!Number.isInteger(leverage) || !tiers.includes(leverage)) {
    const side = order.side === 'BUY' ? 'leverage_buy' : 'leverage_sell';
    return {
      reason: `leverage ${String(params['leverage'] ?? leverage)} is not one of ${ctx.instrument.id.toString()}'s ${side} tiers (${tiers.length === 0 ? 'none: the pair is not marginable' : tiers.join(', ')})`,
    };
  }
  return { leverage };
}

function timeInForceRefusal(order: Order, ctx: SpotShapeContext): string | null {
  const tif = order.timeInForce;
  if (tif === 'DAY' || tif === 'AT_THE_OPEN' || tif === 'AT_THE_CLOSE') return `time in force ${tif} is not supported by Kraken Spot`;
  if (order.orderType === 'MARKET' && tif !== 'GTC') return `a market order takes no time in force (${tif} given)`;
  if ((tif === 'IOC' || tif === 'FOK') && !LIMIT_PRICED.has(order.orderType))
    return `${tif} applies only to orders with a limit price (${order.orderType} given)`;
  if (tif === 'GTD') {
    if (order.expireTime === null) return 'GTD needs an expire time';
    if (order.expireTime <= ctx.nowNs) return 'the GTD expire time is not in the future';
  }
  return null;
}

function priceRefusal(order: Order, inst: CurrencyPair): string | null {
  const tick = inst.priceIncrement.toString();
  if (order.price !== null && !onTick(order.price, inst)) return `price ${order.price.toString()} is off the tick ${tick}`;
  if (order.triggerPrice !== null && !isTrailing(order) && !onTick(order.triggerPrice, inst))
    return `trigger price ${order.triggerPrice.toString()} is off the tick ${tick}`;
  if (isTriggered(order)) {
    if (order.triggerType !== 'DEFAULT' && order.triggerType !== 'LAST_PRICE' && order.triggerType !== 'INDEX_PRICE')
      return `trigger type ${order.triggerType} is not supported by Kraken Spot (last or index price only)`;
  }
  if (order.orderType === 'TRAILING_STOP_LIMIT' && order.limitOffset === null)
    return "Kraken's trailing-stop-limit takes its limit as an offset from the trigger: give a limit offset, not a price";
  if (isTrailing(order)) {
    if (order.trailingOffsetType === 'PRICE_TIER' || order.trailingOffsetType === 'NO_TRAILING_OFFSET')
      return `trailing offset type ${order.trailingOffsetType} is not supported by Kraken Spot`;
    for (const [name, offset] of [
      ['trailing offset', order.trailingOffset],
      ['limit offset', order.orderType === 'TRAILING_STOP_LIMIT' ? order.limitOffset : null],
    ] as const) {
      if (offset === null) continue;
      if (!offset.isPositive() && !(name === 'limit offset' && offset.isZero())) return `${name} must be positive`;
      if (order.trailingOffsetType === 'PRICE' && !onTick(Decimal.from(offset), inst))
        return `${name} ${offset.toString()} is off the tick ${tick}`;
      if (order.trailingOffsetType === 'BASIS_POINTS' && offsetOf(order, offset, inst).value === '0') return `${name} rounds to zero`;
    }
  }
  return null;
}

function sizeRefusal(order: Order, inst: CurrencyPair): string | null {
  if (order.quoteQuantity) {
    if (order.orderType !== 'MARKET' || order.side !== 'BUY') return 'a quote quantity (viqc) is for buy market orders only';
    if (order.quantity.round(inst.quoteCurrency.precision).compare(order.quantity) !== 0)
      return `quote quantity ${order.quantity.toString()} has more decimals than ${inst.quoteCurrency.code} (${inst.quoteCurrency.precision})`;
    if (inst.minNotional !== null && Decimal.from(order.quantity).lt(inst.minNotional))
      return `cost ${order.quantity.toString()} is under the pair's costmin ${inst.minNotional.toString()}`;
    return null;
  }
  if (!order.quantity.isMultipleOf(inst.sizeIncrement))
    return `quantity ${order.quantity.toString()} is off the lot ${inst.sizeIncrement.toString()}`;
  if (inst.minQuantity !== null && order.quantity.lt(inst.minQuantity))
    return `quantity ${order.quantity.toString()} is under the pair's ordermin ${inst.minQuantity.toString()}`;
  const limit = order.price;
  if (limit !== null && inst.minNotional !== null && Decimal.from(limit).mul(order.quantity).lt(inst.minNotional))
    return `cost ${Decimal.from(limit).mul(order.quantity).toString()} is under the pair's costmin ${inst.minNotional.toString()}`;
  if (order.displayQty !== null) {
    if (order.orderType !== 'LIMIT') return 'a display quantity (iceberg) is for limit orders only';
    if (!order.displayQty.isMultipleOf(inst.sizeIncrement)) return `display quantity ${order.displayQty.toString()} is off the lot`;
    if (order.displayQty.gt(order.quantity) || order.displayQty.mul(Decimal.fromInt(15)).lt(order.quantity))
      return 'an iceberg display quantity must be between 1/15 of the quantity and all of it';
  }
  return null;
}

/** The shape check of one order; the first reason found denies it. */
export function checkSpotOrder(order: Order, params: OrderParams, ctx: SpotShapeContext): SpotShape {
  const inst = ctx.instrument;
  if (!fitsClOrdId(order.clientOrderId.value))
    return {
      ok: false,
      reason: `client order id ${JSON.stringify(order.clientOrderId.value.slice(0, 40))} does not fit Kraken's cl_ord_id (a UUID, 32 hex digits, or up to 18 ASCII characters)`,
    };
  if (order.postOnly && order.orderType !== 'LIMIT') return { ok: false, reason: 'post-only applies to limit orders only' };
  const refusal = timeInForceRefusal(order, ctx) ?? priceRefusal(order, inst) ?? sizeRefusal(order, inst);
  if (refusal !== null) return { ok: false, reason: refusal };
  const lev = leverageOf(order, params, ctx);
  if ('reason' in lev) return { ok: false, reason: lev.reason };
  if (order.quoteQuantity && lev.leverage !== null) return { ok: false, reason: 'a quote quantity (viqc) cannot be used on margin' };
  const useWs = params['useWsTrade'];
  if (useWs !== undefined && useWs !== null && typeof useWs !== 'boolean')
    return { ok: false, reason: 'params.useWsTrade must be true or false' };
  // Kraken's WS v2 add_order has no leverage ratio (only `margin`, which borrows at the pair's maximum).
  const wsRefusal = lev.leverage !== null ? 'leverage: WS v2 add_order has no leverage ratio field' : null;
  return { ok: true, leverage: lev.leverage, wsRefusal };
}
