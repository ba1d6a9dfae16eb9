/**
 * Spot orders, wire → report: one OpenOrders / ClosedOrders / QueryOrders entry becomes an
 * `OrderStatusReport`. Pure; every value exact from the wire text at the pair's precision.
 *
 * Kraken's order types map to the domain's: `stop-loss` → STOP_MARKET, `take-profit` →
 * MARKET_IF_TOUCHED, their `-limit` forms → STOP_LIMIT / LIMIT_IF_TOUCHED, `trailing-stop(-limit)`
 * → TRAILING_STOP_MARKET / _LIMIT, `iceberg` → LIMIT, `settle-position` → MARKET. For a
 * conditional order `descr.price` is the trigger and `descr.price2` the limit; a relative price
 * (`+50`, `-2%`, `#10`) is not a price, so the computed `stopprice` / `limitprice` are used then.
 */
import type { OrderInfo } from '../../../../generated/spot-rest/types.gen.js';
import type { OrderSide, OrderStatus, OrderType, TimeInForce, TriggerType } from '../../../model/enums.js';
import { ClientOrderId, VenueOrderId } from '../../../model/identifiers.js';
import type { Instrument } from '../../../model/instruments.js';
import { OrderStatusReport } from '../../../model/reports.js';
import type { Decimal, Price, Quantity } from '../../../model/values.js';
import { secondsToNs } from '../../common/wire-time.js';
import { decimalOf, exactOf, priceAt, quantityAt } from '../../common/wire-values.js';
import { buildEach, entriesOf, payloadError, type ParsedReports, type ReportContext } from './report-context.js';

export type SpotOrderEntry = OrderInfo;

const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  market: 'MARKET',
  limit: 'LIMIT',
  iceberg: 'LIMIT',
  'settle-position': 'MARKET',
  'stop-loss': 'STOP_MARKET',
  'take-profit': 'MARKET_IF_TOUCHED',
  'stop-loss-limit': 'STOP_LIMIT',
  'take-profit-limit': 'LIMIT_IF_TOUCHED',
  'trailing-stop': 'TRAILING_STOP_MARKET',
  'trailing-stop-limit': 'TRAILING_STOP_LIMIT',
};

const CONDITIONAL = new Set<OrderType>([
  'STOP_MARKET',
  'MARKET_IF_TOUCHED',
  'STOP_LIMIT',
  'LIMIT_IF_TOUCHED',
  'TRAILING_STOP_MARKET',
  'TRAILING_STOP_LIMIT',
]);
const TRAILING = new Set<OrderType>(['TRAILING_STOP_MARKET', 'TRAILING_STOP_LIMIT']);
const HAS_LIMIT = new Set<OrderType>(['LIMIT', 'STOP_LIMIT', 'LIMIT_IF_TOUCHED', 'TRAILING_STOP_LIMIT']);

export function spotOrderSide(type: unknown, path: string): OrderSide {
  if (type === 'buy') return 'BUY';
  if (type === 'sell') return 'SELL';
  throw payloadError(path, `expected buy or sell, got ${JSON.stringify(type)}`);
}

/** A price field that may be absent, zero (Kraken's "none") or relative (`+5`, `-1%`, `#2`): null then. */
function absolutePrice(value: unknown, precision: number, path: string): Price | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && /^[+\-#]|%$/.test(value)) return null;
  const p = priceAt(value, precision, path);
  return p.isZero() ? null : p;
}

function flagsOf(oflags: unknown): Set<string> {
  return new Set(typeof oflags === 'string' && oflags !== '' ? oflags.split(',') : []);
}

function statusOf(o: SpotOrderEntry, type: OrderType, quantity: Quantity, filled: Quantity, at: string): OrderStatus {
  const misc = flagsOf(o.misc);
  switch (o.status) {
    case 'pending':
    case 'open':
      if (!filled.isZero()) return 'PARTIALLY_FILLED';
      // A conditional order whose trigger fired but which rests unfilled (a stop-limit in the book).
      return CONDITIONAL.has(type) && (misc.has('stopped') || misc.has('touched')) ? 'TRIGGERED' : 'ACCEPTED';
    case 'closed':
      // `closed` is Kraken's "done"; fully filled unless it closed short of its volume.
      return filled.equals(quantity) ? 'FILLED' : 'CANCELED';
    case 'canceled':
      return 'CANCELED';
    case 'expired':
      return 'EXPIRED';
    default:
      throw payloadError(`${at}/status`, `unknown order status ${JSON.stringify(o.status)}`);
  }
}

/** One order entry → a report. Throws `KrakenValidationError` naming the bad field. */
export function parseSpotOrder(txid: string, o: SpotOrderEntry, ctx: ReportContext, at = `/${txid}`): OrderStatusReport {
  const pair = o.descr.pair;
  const instrument: Instrument | undefined = ctx.instruments.spotPair(pair);
  if (instrument === undefined) throw payloadError(`${at}/descr/pair`, `unknown pair ${JSON.stringify(pair)}`);
  const orderType = ORDER_TYPES[o.descr.ordertype];
  if (orderType === undefined) throw payloadError(`${at}/descr/ordertype`, `unknown order type ${JSON.stringify(o.descr.ordertype)}`);
  const side = spotOrderSide(o.descr.type, `${at}/descr/type`);
  const pp = instrument.pricePrecision;
  const sp = instrument.sizePrecision;
  const flags = flagsOf(o.oflags);
  const filled = quantityAt(o.vol_exec, sp, `${at}/vol_exec`);
  // With `viqc` the volume is in the quote currency; only the executed volume is in the base.
  let quantity = flags.has('viqc') ? filled : quantityAt(o.vol, sp, `${at}/vol`);
  if (filled.gt(quantity)) quantity = filled;
  const status = statusOf(o, orderType, quantity, filled, at);

  let price: Price | null = null;
  let trigger: Price | null = null;
  if (CONDITIONAL.has(orderType)) {
    trigger = TRAILING.has(orderType) ? null : absolutePrice(o.descr.price, pp, `${at}/descr/price`);
    trigger ??= absolutePrice(o.stopprice, pp, `${at}/stopprice`);
    if (HAS_LIMIT.has(orderType))
      price = absolutePrice(o.descr.price2, pp, `${at}/descr/price2`) ?? absolutePrice(o.limitprice, pp, `${at}/limitprice`);
  } else if (orderType === 'LIMIT') {
    price = absolutePrice(o.descr.price, pp, `${at}/descr/price`);
    if (price === null) throw payloadError(`${at}/descr/price`, 'a limit order without a limit price');
  }
  const triggerType: TriggerType | null = CONDITIONAL.has(orderType) ? (o.trigger === 'index' ? 'INDEX_PRICE' : 'LAST_PRICE') : null;

  const avg: Decimal | null = filled.isZero() || exactOf(o.price, `${at}/price`).raw === 0n ? null : decimalOf(o.price, `${at}/price`);
  const expire = o.expiretm === undefined ? 0n : secondsToNs(o.expiretm, `${at}/expiretm`);
  const tif: TimeInForce = expire > 0n ? 'GTD' : 'GTC';
  const opened = secondsToNs(o.opentm, `${at}/opentm`);
  const closed = o.closetm === undefined ? null : secondsToNs(o.closetm, `${at}/closetm`);
  const clientId = typeof o.cl_ord_id === 'string' && o.cl_ord_id !== '' ? new ClientOrderId(o.cl_ord_id) : null;

  return new OrderStatusReport({
    accountId: ctx.accountId,
    instrumentId: instrument.id,
    venueOrderId: new VenueOrderId(txid),
    clientOrderId: clientId,
    orderSide: side,
    orderType,
    timeInForce: tif,
    orderStatus: status,
    quantity,
    filledQty: filled,
    price,
    triggerPrice: trigger,
    triggerType,
    avgPx: avg,
    expireTime: expire > 0n ? expire : null,
    postOnly: flags.has('post'),
    cancelReason: status === 'CANCELED' || status === 'EXPIRED' ? (o.reason ?? null) : null,
    tsAccepted: opened,
    tsLast: closed ?? opened,
    tsInit: ctx.tsInit,
  });
}

/** A map txid → order (OpenOrders `open`, ClosedOrders `closed`, QueryOrders) → reports and failures. */
export function parseSpotOrders(
  orders: Readonly<Record<string, SpotOrderEntry>> | undefined,
  ctx: ReportContext,
): ParsedReports<OrderStatusReport> {
  return buildEach(entriesOf(orders), (txid, o) => parseSpotOrder(txid, o, ctx));
}
