/**
 * Futures order entry over REST: `sendorder`, `editorder`, `cancelorder`, `batchorder` (submit and
 * modify in chunks of 10 instructions, cancel in chunks of 50) and `cancelallorders` for one
 * symbol. Every call goes through the raw client, so through the key's Futures cost budget
 * (`src/kraken/ratelimit/`: 10 per order call, 9 + n per batch, 25 per cancel-all).
 *
 * Kraken answers `result: "success"` with the outcome in a per-request `status`; that status is the
 * venue's word and becomes the order event here (accepted, canceled, rejected, updated, modify or
 * cancel rejected). A call that gets no answer throws, and the order stays in flight for the
 * engine's in-flight check. Fills never come from these answers: they come with their fees from the
 * `fills` feed (or REST `fills`), deduplicated by fill id.
 */
import type { KrakenFuturesRawHttpClient } from '../../../kraken/futures/http/raw-client.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import { Quantity } from '../../../model/values.js';
import { exactOf } from '../../common/wire-values.js';
import { encodeFuturesBatchEdit, encodeFuturesEdit, encodeFuturesOrder } from './futures-order-encoding.js';
import type { FuturesOrderTracker } from './futures-order-tracker.js';
import type { FuturesModify, FuturesOrderRoutes } from './futures-venue.js';

export type { FuturesModify } from './futures-venue.js';

/** Instructions per `batchorder` call: 10 for submit and modify, 50 for cancel. */
export const FUTURES_BATCH_SUBMIT_CHUNK = 10;
export const FUTURES_BATCH_CANCEL_CHUNK = 50;

interface StatusLike {
  readonly status: string;
  readonly order_id?: string | null;
  readonly orderId?: string | null;
  readonly orderEvents?: readonly { readonly type: string; readonly amount?: string | null }[] | null;
}

/** Statuses of a send that mean the venue took the order. */
const PLACED: ReadonlySet<string> = new Set(['placed', 'partiallyFilled', 'filled', 'edited']);

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class FuturesOrderEntry implements FuturesOrderRoutes {
  constructor(
    private readonly raw: KrakenFuturesRawHttpClient,
    private readonly tracker: FuturesOrderTracker,
    private readonly instrumentOf: (order: Order) => Instrument,
  ) {}

  async submit(order: Order): Promise<void> {
    const params = encodeFuturesOrder(order, this.instrumentOf(order));
    this.tracker.track(order);
    const res = await this.raw.sendorder(params);
    this.#onSend(order, res.sendStatus);
  }

  /** Submits in chunks of 10; one chunk failing does not stop the others (its error is rethrown at the end). */
  async submitBatch(orders: readonly Order[]): Promise<void> {
    let failure: unknown;
    for (const chunk of chunks(orders, FUTURES_BATCH_SUBMIT_CHUNK)) {
      const batchOrder = chunk.map((o, i) => ({ order: 'send', order_tag: String(i), ...encodeFuturesOrder(o, this.instrumentOf(o)) }));
      for (const o of chunk) this.tracker.track(o);
      try {
        const res = await this.raw.batchorder({ json: { batchOrder } });
        for (const st of res.batchStatus) {
          const order = chunk[Number(st.order_tag)] ?? this.tracker.find(st.order_id, st.cliOrdId);
          if (order !== undefined) this.#onSend(order, st);
        }
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure as Error;
  }

  async modify(m: FuturesModify): Promise<void> {
    const params = encodeFuturesEdit(m.order, this.instrumentOf(m.order), m);
    this.tracker.track(m.order);
    const res = await this.raw.editorder(params);
    this.#onEdit(m, res.editStatus);
  }

  /** Batch modify: `edit` instructions in chunks of 10, each answer matched by order id. */
  async modifyBatch(list: readonly FuturesModify[]): Promise<void> {
    let failure: unknown;
    for (const chunk of chunks(list, FUTURES_BATCH_SUBMIT_CHUNK)) {
      const batchOrder = chunk.map((m) => encodeFuturesBatchEdit(m.order, this.instrumentOf(m.order), m));
      try {
        const res = await this.raw.batchorder({ json: { batchOrder } });
        res.batchStatus.forEach((st, i) => {
          const m = chunk.find((c) => matches(c.order, st.order_id, st.cliOrdId)) ?? chunk[i];
          if (m !== undefined) this.#onEdit(m, st);
        });
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure as Error;
  }

  async cancel(order: Order): Promise<void> {
    this.tracker.track(order);
    const params = order.venueOrderId !== null ? { order_id: order.venueOrderId.value } : { cliOrdId: order.clientOrderId.value };
    const res = await this.raw.cancelorder(params);
    this.#onCancel(order, res.cancelStatus);
  }

  /** Batch cancel: `cancel` instructions in chunks of 50. */
  async cancelBatch(orders: readonly Order[]): Promise<void> {
    let failure: unknown;
    for (const chunk of chunks(orders, FUTURES_BATCH_CANCEL_CHUNK)) {
      for (const o of chunk) this.tracker.track(o);
      const batchOrder = chunk.map((o) =>
        o.venueOrderId !== null
          ? { order: 'cancel', order_id: o.venueOrderId.value }
          : { order: 'cancel', cliOrdId: o.clientOrderId.value },
      );
      try {
        const res = await this.raw.batchorder({ json: { batchOrder } });
        res.batchStatus.forEach((st, i) => {
          const o = chunk.find((c) => matches(c, st.order_id, st.cliOrdId)) ?? chunk[i];
          if (o !== undefined) this.#onCancel(o, st);
        });
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure as Error;
  }

  /**
   * Kraken's cancel-all for one symbol (it has no side filter). Each cancelled order it lists is
   * closed; a local order of the symbol it does not list was not open there, and its cancel is
   * refused (its fill or cancel is on its way from the feeds).
   */
  async cancelAll(symbol: string, local: readonly Order[]): Promise<void> {
    for (const o of local) this.tracker.track(o);
    const res = await this.raw.cancelallorders({ symbol });
    const listed = new Set<Order>();
    for (const c of res.cancelStatus.cancelledOrders ?? []) {
      const o = this.tracker.find(c.order_id, c.cliOrdId);
      if (o === undefined) continue;
      listed.add(o);
      this.tracker.canceled(o, 'cancel-all', c.order_id);
    }
    for (const o of local)
      if (!listed.has(o)) this.tracker.cancelRejected(o, `not open at Kraken Futures when cancel-all ran (${res.cancelStatus.status})`);
  }

  #onSend(order: Order, st: StatusLike): void {
    const venueId = st.order_id ?? st.orderId ?? null;
    if (PLACED.has(st.status) && venueId) {
      this.tracker.accepted(order, venueId);
      // An immediate order's unfilled rest is cancelled in the same answer. Kraken lists a CANCEL
      // even when the executions filled the whole order: only a rest left over is a cancel.
      if (st.orderEvents?.some((e) => e.type === 'CANCEL') && executed(st).lt(order.quantity)) {
        this.tracker.canceled(order, 'unfilled rest of an immediate order', venueId);
      }
      return;
    }
    if (st.status === 'cancelled' && venueId) {
      this.tracker.accepted(order, venueId);
      if (executed(st).lt(order.quantity)) this.tracker.canceled(order, 'unfilled rest of an immediate order', venueId);
      return;
    }
    // An IOC or market order that found nothing to take: Kraken names it a reject, but it is the
    // order's ordinary end (nothing wrong with it), and an immediate order may already have a fill.
    if (st.status === 'iocWouldNotExecute') {
      this.tracker.canceled(order, 'iocWouldNotExecute', venueId);
      return;
    }
    this.tracker.rejected(order, st.status, st.status === 'postWouldExecute');
  }

  #onEdit(m: FuturesModify, st: StatusLike): void {
    if (st.status === 'edited') {
      this.tracker.updated(m.order, { quantity: m.quantity ?? m.order.quantity, price: m.price, triggerPrice: m.triggerPrice });
    } else {
      this.tracker.modifyRejected(m.order, st.status);
    }
  }

  #onCancel(order: Order, st: StatusLike): void {
    const venueId = st.order_id ?? null;
    if (st.status === 'cancelled') this.tracker.canceled(order, null, venueId);
    else if (st.status === 'filled') this.tracker.cancelRejected(order, 'the order was already filled');
    else this.tracker.cancelRejected(order, st.status);
  }
}

/** The size the answer's EXECUTION events filled. */
function executed(st: StatusLike): Quantity {
  let sum = Quantity.zero();
  for (const e of st.orderEvents ?? []) {
    if (e.type === 'EXECUTION' && e.amount !== undefined && e.amount !== null)
      sum = sum.add(Quantity.from(exactOf(e.amount, '/orderEvents/amount')));
  }
  return sum;
}

function matches(o: Order, venueId: string | null | undefined, cliOrdId: string | null | undefined): boolean {
  return (venueId != null && o.venueOrderId?.value === venueId) || (cliOrdId != null && o.clientOrderId.value === cliOrdId);
}
