/**
 * Futures orders, wire → report. Pure.
 *
 * - `openorders` entries: `lmt` → LIMIT; `stp`/`stop` → STOP_MARKET, or STOP_LIMIT with a limit
 *   price; `take_profit` → MARKET_IF_TOUCHED, or LIMIT_IF_TOUCHED with a limit price;
 *   `trailing_stop` → TRAILING_STOP_MARKET. `untouched` is ACCEPTED, `partiallyFilled`
 *   PARTIALLY_FILLED; the quantity is `filledSize + unfilledSize`. `triggerSignal` mark / last /
 *   spot → MARK_PRICE / LAST_PRICE / INDEX_PRICE.
 * - Order-event history (`/api/history/v3/orders`): the events of each order are folded, oldest
 *   first, into its last known state; the order's own executions (history `/executions`) give the
 *   filled quantity and average price where the event is older than the last fill. An order that
 *   ended cancelled is CANCELED, rejected REJECTED, fully filled FILLED.
 */
import type { HistoricalOrder, OrderEventElement } from '../../../../generated/futures-history/types.gen.js';
import type { OpenOrder } from '../../../../generated/futures-rest/types.gen.js';
import type { OrderSide, OrderStatus, OrderType, TriggerType } from '../../../model/enums.js';
import { ClientOrderId, VenueOrderId } from '../../../model/identifiers.js';
import type { Instrument } from '../../../model/instruments.js';
import { OrderStatusReport } from '../../../model/reports.js';
import { type Decimal, type Price, Quantity } from '../../../model/values.js';
import { isoToNs, msToNs } from '../../common/wire-time.js';
import { priceAt, quantityAt } from '../../common/wire-values.js';
import { buildEach, payloadError, type ParsedReports, type ReportContext, type ReportFailure } from './report-context.js';

export type FuturesOpenOrderEntry = OpenOrder;

export function futuresInstrument(ctx: ReportContext, symbol: unknown, path: string): Instrument {
  const instrument = typeof symbol === 'string' ? ctx.instruments.futuresContract(symbol) : undefined;
  if (instrument === undefined) throw payloadError(path, `unknown contract ${JSON.stringify(symbol)}`);
  return instrument;
}

export function futuresSide(side: unknown, path: string): OrderSide {
  const s = typeof side === 'string' ? side.toLowerCase() : side;
  if (s === 'buy') return 'BUY';
  if (s === 'sell') return 'SELL';
  throw payloadError(path, `expected buy or sell, got ${JSON.stringify(side)}`);
}

const SIGNALS: Readonly<Record<string, TriggerType>> = {
  mark: 'MARK_PRICE',
  last: 'LAST_PRICE',
  spot: 'INDEX_PRICE',
  MarkPrice: 'MARK_PRICE',
  LastPrice: 'LAST_PRICE',
  SpotPrice: 'INDEX_PRICE',
};

function optionalPrice(value: unknown, instrument: Instrument, path: string): Price | null {
  return value === undefined || value === null ? null : priceAt(value, instrument.pricePrecision, path);
}

function size(value: unknown, instrument: Instrument, path: string): Quantity {
  return value === undefined || value === null
    ? Quantity.zero(instrument.sizePrecision)
    : quantityAt(value, instrument.sizePrecision, path);
}

/** One `openorders` entry → a report. */
export function parseFuturesOpenOrder(o: FuturesOpenOrderEntry, ctx: ReportContext, at = `/${o.order_id}`): OrderStatusReport {
  const instrument = futuresInstrument(ctx, o.symbol, `${at}/symbol`);
  const limit = optionalPrice(o.limitPrice, instrument, `${at}/limitPrice`);
  const stop = optionalPrice(o.stopPrice, instrument, `${at}/stopPrice`);
  let orderType: OrderType;
  switch (o.orderType) {
    case 'lmt':
      orderType = 'LIMIT';
      break;
    case 'stp':
    case 'stop':
      orderType = limit === null ? 'STOP_MARKET' : 'STOP_LIMIT';
      break;
    case 'take_profit':
      orderType = limit === null ? 'MARKET_IF_TOUCHED' : 'LIMIT_IF_TOUCHED';
      break;
    case 'trailing_stop':
      orderType = 'TRAILING_STOP_MARKET';
      break;
    default:
      throw payloadError(`${at}/orderType`, `unknown order type ${JSON.stringify(o.orderType)}`);
  }
  if (orderType === 'LIMIT' && limit === null) throw payloadError(`${at}/limitPrice`, 'a limit order without a limit price');
  const filled = size(o.filledSize, instrument, `${at}/filledSize`);
  const quantity = filled.add(size(o.unfilledSize, instrument, `${at}/unfilledSize`));
  if (quantity.isZero()) throw payloadError(`${at}/unfilledSize`, 'an open order of zero size');
  const conditional = orderType !== 'LIMIT';
  const received = o.receivedTime === undefined ? ctx.tsInit : isoToNs(o.receivedTime, `${at}/receivedTime`);
  // Kraken documents `cliOrdId`; some payloads spell it `cli_ord_id` as the WS feed does.
  const cli = o.cliOrdId ?? (o as { cli_ord_id?: unknown }).cli_ord_id;
  return new OrderStatusReport({
    accountId: ctx.accountId,
    instrumentId: instrument.id,
    venueOrderId: new VenueOrderId(o.order_id),
    clientOrderId: typeof cli === 'string' && cli !== '' ? new ClientOrderId(cli) : null,
    orderSide: futuresSide(o.side, `${at}/side`),
    orderType,
    timeInForce: 'GTC',
    orderStatus: filled.isZero() ? 'ACCEPTED' : 'PARTIALLY_FILLED',
    quantity,
    filledQty: filled,
    price: limit,
    triggerPrice: conditional ? stop : null,
    triggerType: conditional ? (SIGNALS[o.triggerSignal ?? 'mark'] ?? 'MARK_PRICE') : null,
    reduceOnly: o.reduceOnly === true,
    tsAccepted: received,
    tsLast: o.lastUpdateTime === undefined ? received : isoToNs(o.lastUpdateTime, `${at}/lastUpdateTime`),
    tsInit: ctx.tsInit,
  });
}

/** `openorders` → reports and failures. */
export function parseFuturesOpenOrders(
  orders: readonly FuturesOpenOrderEntry[] | undefined,
  ctx: ReportContext,
): ParsedReports<OrderStatusReport> {
  return buildEach(
    (orders ?? []).map((o, i) => [typeof o.order_id === 'string' ? o.order_id : `#${i}`, o] as const),
    (_, o) => parseFuturesOpenOrder(o, ctx),
  );
}

/** What an order's executions add to its history: filled quantity, notional (for the average) and the last fill time. */
export interface FuturesExecutionTotals {
  readonly filled: Decimal;
  readonly notional: Decimal;
  readonly lastNs: bigint;
}

type Terminal = 'CANCELED' | 'REJECTED' | null;

interface FoldedOrder {
  order: HistoricalOrder;
  terminal: Terminal;
  reason: string | null;
  firstNs: bigint;
  lastNs: bigint;
}

/** The event's order and what it says about the end of the order; null for an event without an order. */
function eventOrder(e: OrderEventElement['event']): { order: HistoricalOrder; terminal: Terminal; reason: string | null } | null {
  if (e.OrderPlaced) return { order: e.OrderPlaced.order, terminal: null, reason: null };
  if (e.OrderUpdated) return { order: e.OrderUpdated.newOrder, terminal: null, reason: null };
  if (e.OrderCancelled) return { order: e.OrderCancelled.order, terminal: 'CANCELED', reason: e.OrderCancelled.reason ?? null };
  if (e.OrderRejected)
    return { order: e.OrderRejected.order, terminal: 'REJECTED', reason: e.OrderRejected.orderError ?? e.OrderRejected.reason ?? null };
  return null;
}

const HISTORY_TYPES: Readonly<Record<string, OrderType>> = {
  Limit: 'LIMIT',
  Post: 'LIMIT',
  IoC: 'LIMIT',
  Market: 'MARKET',
  Liquidation: 'MARKET',
  Assignment: 'MARKET',
  Unwind: 'MARKET',
};

function historyReport(f: FoldedOrder, exec: FuturesExecutionTotals | undefined, ctx: ReportContext): OrderStatusReport {
  const o = f.order;
  const at = `/${o.uid}`;
  const instrument = futuresInstrument(ctx, o.tradeable, `${at}/tradeable`);
  const orderType = HISTORY_TYPES[o.orderType ?? ''];
  if (orderType === undefined) throw payloadError(`${at}/orderType`, `unknown order type ${JSON.stringify(o.orderType)}`);
  const quantity = size(o.quantity, instrument, `${at}/quantity`);
  let filled = size(o.filled, instrument, `${at}/filled`);
  if (exec !== undefined) {
    const fromExec = Quantity.from(exec.filled);
    if (fromExec.gt(filled)) filled = quantityAt(exec.filled.toString(), instrument.sizePrecision, `${at}/executions`);
  }
  if (quantity.isZero()) throw payloadError(`${at}/quantity`, 'an order of zero size');
  let status: OrderStatus;
  if (!filled.lt(quantity)) status = 'FILLED';
  else if (f.terminal !== null) status = f.terminal;
  else status = filled.isZero() ? 'ACCEPTED' : 'PARTIALLY_FILLED';
  const limit = orderType === 'LIMIT' ? optionalPrice(o.limitPrice, instrument, `${at}/limitPrice`) : null;
  const avg =
    exec !== undefined && !exec.filled.isZero() ? exec.notional.div(exec.filled, instrument.pricePrecision + 6, 'HALF_EVEN') : null;
  return new OrderStatusReport({
    accountId: ctx.accountId,
    instrumentId: instrument.id,
    venueOrderId: new VenueOrderId(o.uid),
    clientOrderId: typeof o.clientId === 'string' && o.clientId !== '' ? new ClientOrderId(o.clientId) : null,
    orderSide: futuresSide(o.direction, `${at}/direction`),
    orderType,
    timeInForce: o.orderType === 'IoC' ? 'IOC' : 'GTC',
    orderStatus: status,
    quantity: filled.gt(quantity) ? filled : quantity,
    filledQty: filled,
    price: limit,
    avgPx: avg,
    postOnly: o.orderType === 'Post',
    reduceOnly: o.reduceOnly === true,
    cancelReason: status === 'CANCELED' || status === 'REJECTED' ? f.reason : null,
    tsAccepted: f.firstNs,
    tsLast: exec !== undefined && exec.lastNs > f.lastNs ? exec.lastNs : f.lastNs,
    tsInit: ctx.tsInit,
  });
}

/**
 * Order-event history → one report per order, in its last known state. `executions` (by order id)
 * completes the filled quantity and gives the average price. Events without an order
 * (`OrderNotFound`, edit rejections, event kinds Kraken adds later) change nothing.
 */
export function parseFuturesOrderHistory(
  elements: readonly OrderEventElement[],
  ctx: ReportContext,
  executions: ReadonlyMap<string, FuturesExecutionTotals> = new Map(),
): ParsedReports<OrderStatusReport> {
  const folded = new Map<string, FoldedOrder>();
  const failures: ReportFailure[] = [];
  const sorted = [...elements].sort((a, b) => a.timestamp - b.timestamp);
  for (const el of sorted) {
    try {
      const ev = eventOrder(el.event);
      if (ev === null) continue;
      const ts = msToNs(el.timestamp, `/${el.uid}/timestamp`);
      const prev = folded.get(ev.order.uid);
      folded.set(ev.order.uid, {
        order: ev.order,
        terminal: ev.terminal ?? prev?.terminal ?? null,
        reason: ev.reason ?? prev?.reason ?? null,
        firstNs: prev?.firstNs ?? (ev.order.timestamp === undefined ? ts : msToNs(ev.order.timestamp, `/${el.uid}/order/timestamp`)),
        lastNs: ts,
      });
    } catch (err) {
      failures.push({
        id: el.uid,
        error: err instanceof Error ? payloadError(`/${el.uid}`, err.message) : payloadError(`/${el.uid}`, String(err)),
      });
    }
  }
  const parsed = buildEach([...folded.entries()], (uid, f) => historyReport(f, executions.get(uid), ctx));
  return { reports: parsed.reports, failures: [...failures, ...parsed.failures] };
}
