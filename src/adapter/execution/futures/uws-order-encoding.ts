/**
 * Domain orders → Unified WebSocket order-entry parameters (`add_order`, a `batch_add` row,
 * `amend_order`), exactly as they go on the wire: decimals are written from the domain's
 * fixed-point values at the instrument's precision (the client sends them as bare JSON numbers,
 * digit for digit), and every order carries its client order id (`cl_ord_id`), so that an order is
 * always findable after an unknown outcome.
 *
 * The shape check is the legacy one (`futuresOrderShape`: the same engine takes the orders), with
 * one more refusal: UWS documents only `index` and `last` as trigger references, so a mark-price
 * trigger cannot be sent.
 */
import { KrakenValidationError } from '../../../core/errors.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import { Decimal, type Price, type Quantity } from '../../../model/values.js';
import type { SupportResult } from '../../../node/commands.js';
import { decimalText, priceText, sizeText } from './futures-order-encoding.js';
import { futuresOrderShape, type FuturesWireOrderType } from './futures-order-shape.js';

export type UwsOrderType =
  'limit' | 'market' | 'stop-loss' | 'stop-loss-limit' | 'take-profit' | 'take-profit-limit' | 'trailing-stop' | 'trailing-stop-limit';

/** One order as `add_order` params (a `batch_add` row is the same without `symbol`). */
export interface UwsOrderParams {
  order_type: UwsOrderType;
  side: 'buy' | 'sell';
  order_qty: string;
  symbol: string;
  limit_price?: string;
  triggers?: { reference: 'index' | 'last'; price: string; price_type: 'static' | 'pct' | 'quote' };
  time_in_force?: 'gtc' | 'ioc';
  post_only?: boolean;
  reduce_only?: boolean;
  cl_ord_id: string;
}

/** `amend_order` params: the order by venue id (or client id) and what changes. */
export interface UwsAmendParams {
  order_id?: string;
  cl_ord_id?: string;
  order_qty?: string;
  limit_price?: string;
  trigger_price?: string;
}

/** Why UWS cannot carry the order (beyond the legacy shape check), or ok. */
export function unifiedOrderShape(order: Order): SupportResult {
  const shape = futuresOrderShape(order);
  if (!shape.ok) return shape;
  if (shape.triggerSignal === 'mark') {
    return {
      ok: false,
      reason: 'Kraken Futures: trigger type MARK_PRICE is not offered on the Unified WebSocket (it documents index and last only)',
    };
  }
  return { ok: true };
}

function v2Type(wire: FuturesWireOrderType, order: Order): UwsOrderType {
  switch (wire) {
    case 'lmt':
    case 'post':
    case 'ioc':
      return 'limit';
    case 'mkt':
      return 'market';
    case 'stp':
      return order.price === null ? 'stop-loss' : 'stop-loss-limit';
    case 'take_profit':
      return order.price === null ? 'take-profit' : 'take-profit-limit';
    case 'trailing_stop':
      return 'trailing-stop';
  }
}

function refuse(reason: string): KrakenValidationError {
  return new KrakenValidationError('Kraken Futures order', [{ path: '/order', message: reason }]);
}

/** The `add_order` params of `order`; throws `KrakenValidationError` for a shape UWS cannot carry. */
export function encodeUwsOrder(order: Order, instrument: Instrument): UwsOrderParams {
  const shape = futuresOrderShape(order);
  if (!shape.ok) throw refuse(shape.reason);
  const check = unifiedOrderShape(order);
  if (!check.ok) throw refuse(check.reason);
  const type = v2Type(shape.orderType, order);
  const out: UwsOrderParams = {
    order_type: type,
    side: order.side === 'BUY' ? 'buy' : 'sell',
    order_qty: sizeText(order.quantity, instrument),
    symbol: instrument.rawSymbol.value,
    cl_ord_id: order.clientOrderId.value,
  };
  if (order.price !== null && type !== 'market') out.limit_price = priceText(order.price, instrument, 'limit_price');
  if (shape.orderType === 'ioc') out.time_in_force = 'ioc';
  if (shape.orderType === 'post') out.post_only = true;
  if (order.reduceOnly) out.reduce_only = true;
  const reference = shape.triggerSignal === 'index' ? 'index' : 'last';
  if (shape.orderType === 'trailing_stop') {
    const offset = order.trailingOffset;
    if (offset === null) throw refuse('a trailing stop needs a trailing offset');
    out.triggers =
      order.trailingOffsetType === 'BASIS_POINTS'
        ? // Basis points → percent, exactly: 25 bp is 0.25 %.
          {
            reference,
            price: Decimal.fromRaw(offset.raw, offset.precision + 2)
              .normalized()
              .toString(),
            price_type: 'pct',
          }
        : { reference, price: decimalText(offset, instrument.pricePrecision, 'triggers.price'), price_type: 'quote' };
  } else if (order.triggerPrice !== null) {
    out.triggers = { reference, price: priceText(order.triggerPrice, instrument, 'triggers.price'), price_type: 'static' };
  }
  return out;
}

/** A `batch_add` row: the order without its symbol (the batch names one symbol for all rows). */
export function encodeUwsBatchRow(order: Order, instrument: Instrument): Omit<UwsOrderParams, 'symbol'> {
  const { symbol: _symbol, ...row } = encodeUwsOrder(order, instrument);
  return row;
}

/** A modify as `amend_order` params; a field left null keeps its value at the venue. The quantity is the order's total. */
export function encodeUwsAmend(
  order: Order,
  instrument: Instrument,
  change: { readonly quantity: Quantity | null; readonly price: Price | null; readonly triggerPrice: Price | null },
): UwsAmendParams {
  const out: UwsAmendParams =
    order.venueOrderId !== null ? { order_id: order.venueOrderId.value } : { cl_ord_id: order.clientOrderId.value };
  if (change.quantity !== null) out.order_qty = sizeText(change.quantity, instrument);
  if (change.price !== null) out.limit_price = priceText(change.price, instrument, 'limit_price');
  if (change.triggerPrice !== null) out.trigger_price = priceText(change.triggerPrice, instrument, 'trigger_price');
  return out;
}
