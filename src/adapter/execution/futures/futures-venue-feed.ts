/**
 * Order state from the Futures WS private feeds: `open_orders` (placed, triggered, edited, removed
 * and why) and `fills` (every execution, with its fee). Each message is matched to a tracked order
 * by Kraken order id or client order id and handed to the tracker as a venue fact; the tracker
 * decides whether it is news.
 *
 * Kraken quirks this reads around:
 * - a removal (`is_cancel: true`) names the order by `order_id` only, and `reason` says why: a full
 *   fill and a stop's trigger are removals too, not cancels;
 * - `qty` on an open order is what is left to fill, beside `filled` (the simulator and Kraken's
 *   recorded full-fill frame agree), so the order's size is their sum;
 * - an order that fills at once may show in `fills` before (or without) `open_orders` saying it was
 *   placed: a fill is proof of acceptance, never a reason to reject;
 * - the rejected post-only's reason comes in two spellings.
 */
import type { FuturesWsFeedMessages } from '../../../kraken/futures/ws/types.js';
import type { LiquiditySide } from '../../../model/enums.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import type { FillReport } from '../../../model/reports.js';
import { Quantity, type Price } from '../../../model/values.js';
import { msToNs } from '../../common/wire-time.js';
import { exactOf, priceAt, quantityAt } from '../../common/wire-values.js';
import { feeOf } from './futures-money.js';
import type { FuturesFill, FuturesOrderTracker } from './futures-order-tracker.js';

type OpenOrdersDelta = FuturesWsFeedMessages['open_orders'];
type WireOrder = NonNullable<OpenOrdersDelta['order']>;
type WireFill = FuturesWsFeedMessages['fills']['fills'][number];

/** What the feed needs from the execution around it. */
export interface FuturesVenueFeedDeps {
  readonly tracker: FuturesOrderTracker;
  /** The instrument of a Kraken symbol, when this client knows it. */
  instrument(symbol: string): Instrument | undefined;
  /** A message about an order this client does not track (another session's, or placed elsewhere). */
  unknownOrder(what: 'order' | 'fill', venueOrderId: string, clientOrderId: string | null): void;
  /** The venue says an order filled more than the fills seen so far: look the fills up. */
  fillsBehind(order: Order): void;
  warn(message: string): void;
}

/** The legacy engine's reasons for a post-only order refused because it would take (both spellings are seen). */
export const POST_ONLY_REJECTS: ReadonlySet<string> = new Set([
  'post_order_failed_because_it_would_filled',
  'post_order_failed_because_it_would_be_filled',
]);
/** Removals that are neither a cancel nor an expiry. */
const NOT_A_CANCEL: ReadonlySet<string> = new Set(['full_fill', 'stop_order_triggered', 'partial_fill']);

export function liquiditySideOf(fillType: string): LiquiditySide {
  if (fillType === 'maker') return 'MAKER';
  if (fillType === 'taker' || fillType === 'takerAfterEdit') return 'TAKER';
  return 'NO_LIQUIDITY_SIDE';
}

/** A price at the instrument's precision, else exactly as sent (an execution price off the tick). */
export function venuePrice(value: unknown, instrument: Instrument, field: string): Price {
  try {
    return priceAt(value, instrument.pricePrecision, field);
  } catch {
    return priceAt(value, Math.max(instrument.pricePrecision, exactOf(value, field).precision), field);
  }
}

export class FuturesVenueFeed {
  constructor(private readonly deps: FuturesVenueFeedDeps) {}

  onOpenOrdersSnapshot(msg: FuturesWsFeedMessages['open_orders_snapshot']): void {
    for (const o of msg.orders) this.#open(o, 'snapshot');
  }

  onOpenOrders(msg: OpenOrdersDelta): void {
    const reason = msg.reason ?? '';
    if (!msg.is_cancel) {
      if (msg.order !== undefined) this.#open(msg.order, reason);
      return;
    }
    const venueId = msg.order?.order_id ?? msg.order_id;
    if (venueId === undefined) return;
    const clientId = msg.order?.cli_ord_id ?? msg.cli_ord_id ?? null;
    const order = this.deps.tracker.find(venueId, clientId);
    if (order === undefined) {
      this.deps.unknownOrder('order', venueId, clientId);
      return;
    }
    const tracker = this.deps.tracker;
    if (POST_ONLY_REJECTS.has(reason)) {
      tracker.rejected(order, `post-only order would have taken liquidity (${reason})`, true);
      return;
    }
    if (reason === 'stop_order_triggered') {
      tracker.accepted(order, venueId);
      tracker.triggered(order, venueId);
      return;
    }
    if (reason === 'full_fill' || reason === 'partial_fill') {
      tracker.accepted(order, venueId);
      this.#checkFilled(order, msg.order);
      return;
    }
    if (reason === 'contract_expired') {
      tracker.expired(order, venueId);
      return;
    }
    if (!NOT_A_CANCEL.has(reason)) {
      // Accepted first: a cancel (an IOC's unfilled rest, a cancel by the user) ends an order the venue had.
      tracker.accepted(order, venueId);
      tracker.canceled(order, reason === '' ? null : reason, venueId);
    }
  }

  #open(o: WireOrder, reason: string): void {
    const order = this.deps.tracker.find(o.order_id, o.cli_ord_id ?? null);
    if (order === undefined) {
      this.deps.unknownOrder('order', o.order_id, o.cli_ord_id ?? null);
      return;
    }
    const tracker = this.deps.tracker;
    tracker.accepted(order, o.order_id);
    if (reason === 'limit_order_from_stop') tracker.triggered(order, o.order_id);
    if (order.status === 'PENDING_UPDATE' || reason === 'edited_by_user') {
      const instrument = this.deps.instrument(o.instrument);
      if (instrument !== undefined) {
        const left = quantityAt(o.qty, instrument.sizePrecision, '/order/qty');
        const filled = quantityAt(o.filled, instrument.sizePrecision, '/order/filled');
        tracker.updated(order, {
          quantity: left.add(filled),
          price: o.limit_price === undefined ? null : venuePrice(o.limit_price, instrument, '/order/limit_price'),
          triggerPrice:
            o.stop_price === undefined || order.triggerPrice === null ? null : venuePrice(o.stop_price, instrument, '/order/stop_price'),
        });
      }
    }
    this.#checkFilled(order, o);
  }

  /** The venue's filled size ahead of the fills applied: the fills feed is late or lost, look them up. */
  #checkFilled(order: Order, o: WireOrder | undefined): void {
    if (o === undefined) {
      if (order.status !== 'FILLED') this.deps.fillsBehind(order);
      return;
    }
    const instrument = this.deps.instrument(o.instrument);
    if (instrument === undefined) return;
    const filled = quantityAt(o.filled, instrument.sizePrecision, '/order/filled');
    if (filled.gt(order.filledQty)) this.deps.fillsBehind(order);
  }

  onFills(msg: FuturesWsFeedMessages['fills'] | FuturesWsFeedMessages['fills_snapshot']): void {
    for (const f of msg.fills) this.applyFill(f);
  }

  /** Whether the fill was applied already. */
  seen(fillId: string): boolean {
    return this.deps.tracker.hasFill(fillId);
  }

  /** Whether the order is one this session tracks. */
  tracks(venueOrderId: string, clientOrderId: string | null): boolean {
    return this.deps.tracker.find(venueOrderId, clientOrderId) !== undefined;
  }

  /** A fill read over REST (the feed lost or has not yet sent it), with its fee; false when unknown, seen, or refused. */
  applyFillReport(r: FillReport): boolean {
    const tracker = this.deps.tracker;
    if (tracker.hasFill(r.tradeId.value)) return false;
    const order = tracker.find(r.venueOrderId.value, r.clientOrderId?.value ?? null);
    const instrument = this.deps.instrument(r.instrumentId.symbol.value);
    if (order === undefined || instrument === undefined) return false;
    tracker.accepted(order, r.venueOrderId.value);
    return tracker.filled(order, {
      fillId: r.tradeId.value,
      venueOrderId: r.venueOrderId.value,
      quantity: r.lastQty,
      price: r.lastPx,
      currency: instrument.quoteCurrency,
      commission: r.commission,
      liquiditySide: r.liquiditySide,
      tsEvent: r.tsEvent,
    });
  }

  /** One execution from the WS feed; false when unknown, seen, or refused. */
  applyFill(f: WireFill): boolean {
    const tracker = this.deps.tracker;
    if (tracker.hasFill(f.fill_id)) return false;
    const order = tracker.find(f.order_id, f.cli_ord_id ?? null);
    if (order === undefined) {
      this.deps.unknownOrder('fill', f.order_id, f.cli_ord_id ?? null);
      return false;
    }
    const instrument = this.deps.instrument(f.instrument);
    if (instrument === undefined) {
      this.deps.warn(`fill ${f.fill_id} on ${f.instrument}: instrument not loaded; left to reconciliation`);
      return false;
    }
    const fill: FuturesFill = {
      fillId: f.fill_id,
      venueOrderId: f.order_id,
      quantity: Quantity.from(quantityAt(f.qty, instrument.sizePrecision, `/fills/${f.fill_id}/qty`)),
      price: venuePrice(f.price, instrument, `/fills/${f.fill_id}/price`),
      currency: instrument.quoteCurrency,
      commission: feeOf(f.fee_paid, f.fee_currency, instrument),
      liquiditySide: liquiditySideOf(f.fill_type),
      tsEvent: msToNs(f.time, `/fills/${f.fill_id}/time`),
    };
    tracker.accepted(order, f.order_id);
    return tracker.filled(order, fill);
  }
}
