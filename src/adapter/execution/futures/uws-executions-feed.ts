/**
 * Order state from the Unified WebSocket `executions` channel: one report per order event
 * (`exec_type`) and per fill (`trade`), matched to a tracked order by Kraken order id or client
 * order id and handed to the tracker as a venue fact; the tracker decides whether it is news (the
 * `add_order` answer and the `new` report both say "placed"; a fill in the snapshot's last trades
 * may have been applied already). The channel also says which orders are open at the venue, per
 * symbol, for the per-symbol cancel-all.
 *
 * Kraken quirks this reads around:
 * - for derivatives there is no `pending_new`: a live order appears as `exec_type: new`;
 * - a stop's trigger is a `status` report whose `triggers.status` is `triggered`;
 * - the field lists are not documented for UWS: the ones read here are the Spot v2 names the
 *   schemas assume (`exec_id`, `last_qty`, `last_price`, `fees`, `liquidity_ind`, `cum_qty`);
 * - the post-only reject reason keeps the legacy spellings (the same engine), in two variants.
 */
import type { ExecutionsMessage } from '../../../../generated/unified-ws/types.gen.js';
import type { Order } from '../../../model/order.js';
import { Quantity } from '../../../model/values.js';
import { isoToNs } from '../../common/wire-time.js';
import { quantityAt } from '../../common/wire-values.js';
import { feeOf } from './futures-money.js';
import { POST_ONLY_REJECTS, venuePrice, type FuturesVenueFeedDeps } from './futures-venue-feed.js';

type ExecutionReport = ExecutionsMessage['data'][number];

const CLOSED_STATUSES: ReadonlySet<string> = new Set(['filled', 'canceled', 'expired']);

export class UwsExecutionsFeed {
  /** Venue order id → symbol, for the orders the channel lists as open. */
  readonly #open = new Map<string, string>();

  constructor(private readonly deps: FuturesVenueFeedDeps) {}

  /** The venue order ids open at the venue for `symbol`, as the channel last said. */
  openOrderIds(symbol: string): string[] {
    return [...this.#open].filter(([, s]) => s === symbol).map(([id]) => id);
  }

  onExecutions(msg: ExecutionsMessage): void {
    if (msg.type === 'snapshot') this.#open.clear();
    for (const r of msg.data) this.#report(r);
  }

  #report(r: ExecutionReport): void {
    const venueId = r.order_id;
    if (venueId === undefined) return;
    this.#trackOpen(r, venueId);
    const clientId = r.cl_ord_id ?? null;
    const tracker = this.deps.tracker;
    const order = tracker.find(venueId, clientId);
    if (order === undefined) {
      this.deps.unknownOrder(r.exec_type === 'trade' ? 'fill' : 'order', venueId, clientId);
      return;
    }
    switch (r.exec_type) {
      case 'trade':
        this.#fill(order, r, venueId);
        return;
      case 'canceled': {
        const reason = r.reason ?? '';
        if (POST_ONLY_REJECTS.has(reason)) {
          tracker.rejected(order, `post-only order would have taken liquidity (${reason})`, true);
          return;
        }
        if (reason === 'contract_expired') {
          tracker.expired(order, venueId);
          return;
        }
        // Accepted first: a cancel (an IOC's unfilled rest, a cancel by the user) ends an order the venue had.
        tracker.accepted(order, venueId);
        tracker.canceled(order, reason === '' ? null : reason, venueId);
        return;
      }
      case 'expired':
        tracker.expired(order, venueId);
        return;
      case 'amended':
      case 'restated':
        tracker.accepted(order, venueId);
        this.#amended(order, r);
        this.#checkFilled(order, r);
        return;
      default:
        // new, filled, status (and whatever Kraken adds): the order is the venue's.
        tracker.accepted(order, venueId);
        if (r.triggers?.status === 'triggered') tracker.triggered(order, venueId);
        this.#checkFilled(order, r);
    }
  }

  #trackOpen(r: ExecutionReport, venueId: string): void {
    if (r.order_status !== undefined && CLOSED_STATUSES.has(r.order_status)) this.#open.delete(venueId);
    else if (r.exec_type !== 'trade' && r.symbol !== undefined) this.#open.set(venueId, r.symbol);
  }

  #amended(order: Order, r: ExecutionReport): void {
    const instrument = r.symbol === undefined ? undefined : this.deps.instrument(r.symbol);
    if (instrument === undefined || r.order_qty === undefined) return;
    this.deps.tracker.updated(order, {
      quantity: quantityAt(r.order_qty, instrument.sizePrecision, '/order_qty'),
      price: r.limit_price === undefined ? null : venuePrice(r.limit_price, instrument, '/limit_price'),
      triggerPrice:
        r.triggers?.price === undefined || order.triggerPrice === null ? null : venuePrice(r.triggers.price, instrument, '/triggers/price'),
    });
  }

  /** The venue's filled size ahead of the fills applied: the trade reports are late or lost, look them up. */
  #checkFilled(order: Order, r: ExecutionReport): void {
    const instrument = r.symbol === undefined ? undefined : this.deps.instrument(r.symbol);
    if (instrument === undefined || r.cum_qty === undefined) return;
    const filled = quantityAt(r.cum_qty, instrument.sizePrecision, '/cum_qty');
    if (filled.gt(order.filledQty)) this.deps.fillsBehind(order);
  }

  #fill(order: Order, r: ExecutionReport, venueId: string): void {
    const tracker = this.deps.tracker;
    const fillId = r.exec_id;
    if (fillId === undefined || tracker.hasFill(fillId)) return;
    const instrument = r.symbol === undefined ? undefined : this.deps.instrument(r.symbol);
    if (instrument === undefined) {
      this.deps.warn(`fill ${fillId} on ${String(r.symbol)}: instrument not loaded; left to reconciliation`);
      return;
    }
    const fee = r.fees?.[0];
    tracker.accepted(order, venueId);
    tracker.filled(order, {
      fillId,
      venueOrderId: venueId,
      quantity: Quantity.from(quantityAt(r.last_qty, instrument.sizePrecision, `/${fillId}/last_qty`)),
      price: venuePrice(r.last_price, instrument, `/${fillId}/last_price`),
      currency: instrument.quoteCurrency,
      commission: fee === undefined ? null : feeOf(fee.qty, fee.asset, instrument),
      liquiditySide: r.liquidity_ind === 'm' ? 'MAKER' : r.liquidity_ind === 't' ? 'TAKER' : 'NO_LIQUIDITY_SIDE',
      tsEvent: isoToNs(r.timestamp ?? '', `/${fillId}/timestamp`),
    });
  }
}
