/**
 * Which domain order shapes Kraken Futures can carry, and how each is named on its wire. Pure: the
 * order and the instrument in, a Kraken `orderType` (or the reason it cannot be sent) out.
 *
 * Kraken Futures order types: `lmt` (limit), `post` (post-only limit), `ioc` (immediate-or-cancel
 * limit), `mkt` (market: an IOC with Kraken's price protection), `stp` (stop, market or limit),
 * `take_profit` (market or limit) and `trailing_stop`. There is no GTD and no day order; `fok` is in
 * Kraken's schema, but fill-or-kill is not offered on Futures here, so it is denied rather than
 * relied on. A trailing stop trails by a price amount (`QUOTE_CURRENCY`) or a percentage
 * (`PERCENT`); a trailing stop with a limit has no documented encoding and is denied.
 */
import type { TriggerType } from '../../../model/enums.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import { Decimal } from '../../../model/values.js';
import type { SupportResult } from '../../../node/commands.js';

export type FuturesWireOrderType = 'lmt' | 'post' | 'ioc' | 'mkt' | 'stp' | 'take_profit' | 'trailing_stop';
export type FuturesTriggerSignal = 'mark' | 'index' | 'last';

/** Kraken's limit on a client order id's length. */
export const MAX_CLI_ORD_ID_LENGTH = 100;

/** Trigger signals Kraken Futures accepts; the domain's DEFAULT is the last trade price. */
const TRIGGER_SIGNALS: Readonly<Partial<Record<TriggerType, FuturesTriggerSignal>>> = {
  DEFAULT: 'last',
  LAST_PRICE: 'last',
  MARK_PRICE: 'mark',
  INDEX_PRICE: 'index',
};

export type ShapeResult =
  | { readonly ok: true; readonly orderType: FuturesWireOrderType; readonly triggerSignal: FuturesTriggerSignal | null }
  | { readonly ok: false; readonly reason: string };

const deny = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `Kraken Futures: ${reason}` });

/** The Kraken order type, or (any other text) why there is none. */
function wireType(order: Order): string {
  const tif = order.timeInForce;
  switch (order.orderType) {
    case 'MARKET':
      return tif === 'GTC' ? 'mkt' : `a market order takes no time in force (got ${tif})`;
    case 'LIMIT':
      if (order.postOnly) return tif === 'GTC' ? 'post' : `a post-only order must be GTC (got ${tif})`;
      if (tif === 'IOC') return 'ioc';
      return tif === 'GTC' ? 'lmt' : `time in force ${tif} is not offered (GTC or IOC on limit orders)`;
    case 'STOP_MARKET':
    case 'STOP_LIMIT':
      return tif === 'GTC' ? 'stp' : `a stop order must be GTC (got ${tif})`;
    case 'MARKET_IF_TOUCHED':
    case 'LIMIT_IF_TOUCHED':
      return tif === 'GTC' ? 'take_profit' : `a take-profit order must be GTC (got ${tif})`;
    case 'TRAILING_STOP_MARKET':
      return tif === 'GTC' ? 'trailing_stop' : `a trailing stop must be GTC (got ${tif})`;
    case 'TRAILING_STOP_LIMIT':
      return 'a trailing stop with a limit (TRAILING_STOP_LIMIT) is not offered';
  }
}

/** The Kraken order type and trigger signal of `order`, or why Kraken Futures cannot carry it. */
export function futuresOrderShape(order: Order): ShapeResult {
  if (order.clientOrderId.value.length > MAX_CLI_ORD_ID_LENGTH) {
    return deny(`a client order id is at most ${MAX_CLI_ORD_ID_LENGTH} characters (got ${order.clientOrderId.value.length})`);
  }
  if (order.quoteQuantity) return deny('quantities in the quote currency (quote_quantity) are not offered');
  if (order.displayQty !== null) return deny('iceberg orders (display_qty) are not offered');
  if (order.postOnly && order.orderType !== 'LIMIT') return deny(`post-only applies to LIMIT orders only (got ${order.orderType})`);
  const type = wireType(order);
  if (!isWireType(type)) return deny(type);
  let triggerSignal: FuturesTriggerSignal | null = null;
  if (type === 'stp' || type === 'take_profit' || type === 'trailing_stop') {
    const signal = TRIGGER_SIGNALS[order.triggerType];
    if (signal === undefined) return deny(`trigger type ${order.triggerType} is not offered (LAST_PRICE, MARK_PRICE or INDEX_PRICE)`);
    triggerSignal = signal;
  } else if (order.triggerType !== 'NO_TRIGGER') {
    return deny(`a ${order.orderType} order takes no trigger type (got ${order.triggerType})`);
  }
  if (type === 'trailing_stop') {
    const offsetType = order.trailingOffsetType;
    if (offsetType !== 'PRICE' && offsetType !== 'BASIS_POINTS') {
      return deny(`trailing offset type ${offsetType} is not offered (PRICE or BASIS_POINTS)`);
    }
  }
  return { ok: true, orderType: type, triggerSignal };
}

const WIRE_TYPES: ReadonlySet<string> = new Set<FuturesWireOrderType>(['lmt', 'post', 'ioc', 'mkt', 'stp', 'take_profit', 'trailing_stop']);
function isWireType(t: string): t is FuturesWireOrderType {
  return WIRE_TYPES.has(t);
}

/** Kraken's bounds on a percentage trailing deviation (0.1 % to 50 %), in basis points. */
const MIN_TRAILING_BPS = Decimal.fromInt(10);
const MAX_TRAILING_BPS = Decimal.fromInt(5000);

/** Price and size checks against the instrument: precision, tick, size step, minimum and maximum. */
export function checkAgainstInstrument(order: Order, instrument: Instrument): SupportResult {
  const q = order.quantity;
  if (!q.isMultipleOf(instrument.sizeIncrement)) {
    return deny(`size ${q.toString()} is not a multiple of the size step ${instrument.sizeIncrement.toString()}`);
  }
  if (instrument.minQuantity !== null && q.lt(instrument.minQuantity)) {
    return deny(`size ${q.toString()} is under the minimum ${instrument.minQuantity.toString()}`);
  }
  if (instrument.maxQuantity !== null && q.gt(instrument.maxQuantity)) {
    return deny(`size ${q.toString()} is over the maximum ${instrument.maxQuantity.toString()}`);
  }
  for (const [what, p] of [
    ['limit price', order.price],
    ['stop price', order.triggerPrice],
  ] as const) {
    if (p === null) continue;
    if (!p.isPositive()) return deny(`${what} ${p.toString()} must be positive`);
    if (!p.isMultipleOf(instrument.priceIncrement)) {
      return deny(`${what} ${p.toString()} is off the tick ${instrument.priceIncrement.toString()}`);
    }
  }
  if (order.trailingOffset !== null && !order.trailingOffset.isPositive()) {
    return deny(`trailing offset ${order.trailingOffset.toString()} must be positive`);
  }
  const off = order.trailingOffset;
  if (off !== null && order.trailingOffsetType === 'PRICE' && !off.isMultipleOf(instrument.priceIncrement)) {
    return deny(`trailing offset ${off.toString()} is off the tick ${instrument.priceIncrement.toString()}`);
  }
  if (off !== null && order.trailingOffsetType === 'BASIS_POINTS' && (off.lt(MIN_TRAILING_BPS) || off.gt(MAX_TRAILING_BPS))) {
    return deny(`a trailing offset in percent must be within 0.1% and 50% (got ${off.toString()} basis points)`);
  }
  return { ok: true };
}
