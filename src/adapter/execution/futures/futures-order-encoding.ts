/**
 * Domain orders → Kraken Futures order-entry parameters, exactly as they go on the wire: decimals
 * are written from the domain's fixed-point values at the instrument's precision (never through a
 * float), keys in Kraken's documented order, and every order carries its client order id
 * (`cliOrdId`), so that an order is always findable after an unknown outcome.
 *
 * The same fields serve `sendorder` (form body) and a `batchorder` `send` instruction (JSON; the
 * raw client writes the decimals there as bare number tokens).
 */
import { KrakenValidationError } from '../../../core/errors.js';
import { pow10, type FixedPoint } from '../../../model/fixed-point.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import { Decimal, type Price, type Quantity } from '../../../model/values.js';
import { futuresOrderShape } from './futures-order-shape.js';

/** `sendorder` parameters (and a batch `send` instruction's, without `order`/`order_tag`). */
export interface FuturesOrderParams {
  orderType: string;
  symbol: string;
  side: 'buy' | 'sell';
  size: string;
  limitPrice?: string;
  stopPrice?: string;
  cliOrdId: string;
  triggerSignal?: string;
  reduceOnly?: boolean;
  trailingStopMaxDeviation?: string;
  trailingStopDeviationUnit?: 'PERCENT' | 'QUOTE_CURRENCY';
}

/** `editorder` parameters: the order by venue id (or client id) and what changes. */
export interface FuturesEditParams {
  orderId?: string;
  cliOrdId?: string;
  size?: string;
  limitPrice?: string;
  stopPrice?: string;
  /** Always ABSOLUTE: the domain's quantity is the order's total, fills included. */
  qtyMode?: 'ABSOLUTE';
}

/** Exact decimal text of `v` at exactly `precision` digits; refuses a value that does not fit. */
export function decimalText(v: FixedPoint, precision: number, what: string): string {
  let raw: bigint;
  if (v.precision <= precision) raw = v.raw * pow10(precision - v.precision);
  else {
    const scale = pow10(v.precision - precision);
    if (v.raw % scale !== 0n) {
      throw new KrakenValidationError('Kraken Futures order', [
        { path: `/${what}`, message: `${Decimal.fromRaw(v.raw, v.precision).toString()} has more than ${precision} decimals` },
      ]);
    }
    raw = v.raw / scale;
  }
  return Decimal.fromRaw(raw, precision).toString();
}

export const priceText = (p: Price, instrument: Instrument, what = 'price'): string => decimalText(p, instrument.pricePrecision, what);
export const sizeText = (q: Quantity, instrument: Instrument): string => decimalText(q, instrument.sizePrecision, 'size');

/** The `sendorder` parameters of `order`; throws `KrakenValidationError` for a shape Futures cannot carry. */
export function encodeFuturesOrder(order: Order, instrument: Instrument): FuturesOrderParams {
  const shape = futuresOrderShape(order);
  if (!shape.ok) throw new KrakenValidationError('Kraken Futures order', [{ path: '/order', message: shape.reason }]);
  const out: FuturesOrderParams = {
    orderType: shape.orderType,
    symbol: instrument.rawSymbol.value,
    side: order.side === 'BUY' ? 'buy' : 'sell',
    size: sizeText(order.quantity, instrument),
  } as FuturesOrderParams;
  if (order.price !== null) out.limitPrice = priceText(order.price, instrument, 'limitPrice');
  if (order.triggerPrice !== null) out.stopPrice = priceText(order.triggerPrice, instrument, 'stopPrice');
  out.cliOrdId = order.clientOrderId.value;
  if (shape.triggerSignal !== null) out.triggerSignal = shape.triggerSignal;
  if (order.reduceOnly) out.reduceOnly = true;
  const offset = order.trailingOffset;
  if (shape.orderType === 'trailing_stop' && offset !== null) {
    if (order.trailingOffsetType === 'BASIS_POINTS') {
      // Basis points → percent, exactly: 25 bp is 0.25 %.
      out.trailingStopMaxDeviation = Decimal.fromRaw(offset.raw, offset.precision + 2)
        .normalized()
        .toString();
      out.trailingStopDeviationUnit = 'PERCENT';
    } else {
      out.trailingStopMaxDeviation = decimalText(offset, instrument.pricePrecision, 'trailingStopMaxDeviation');
      out.trailingStopDeviationUnit = 'QUOTE_CURRENCY';
    }
  }
  return out;
}

/** A modify as `editorder` parameters; a field left null keeps its value at the venue. */
export function encodeFuturesEdit(
  order: Order,
  instrument: Instrument,
  change: { readonly quantity: Quantity | null; readonly price: Price | null; readonly triggerPrice: Price | null },
): FuturesEditParams {
  const out: FuturesEditParams =
    order.venueOrderId !== null ? { orderId: order.venueOrderId.value } : { cliOrdId: order.clientOrderId.value };
  if (change.quantity !== null) out.size = sizeText(change.quantity, instrument);
  if (change.price !== null) out.limitPrice = priceText(change.price, instrument, 'limitPrice');
  if (change.triggerPrice !== null) out.stopPrice = priceText(change.triggerPrice, instrument, 'stopPrice');
  if (change.quantity !== null) out.qtyMode = 'ABSOLUTE';
  return out;
}

/**
 * A modify as a `batchorder` `edit` instruction. Kraken quirk: the single `editorder` names the
 * order `orderId`, a batch edit instruction `order_id` (its schema has no `orderId`).
 */
export function encodeFuturesBatchEdit(
  order: Order,
  instrument: Instrument,
  change: { readonly quantity: Quantity | null; readonly price: Price | null; readonly triggerPrice: Price | null },
): { order: 'edit'; order_id?: string } & Omit<FuturesEditParams, 'orderId'> {
  const { orderId, ...rest } = encodeFuturesEdit(order, instrument, change);
  return orderId === undefined ? { order: 'edit', ...rest } : { order: 'edit', order_id: orderId, ...rest };
}
