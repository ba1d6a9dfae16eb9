/**
 * Futures order entry over the Unified WebSocket: `add_order`, `batch_add` (2 to 15 orders, all of
 * one symbol), `amend_order` (UWS has no batch amend: a batch modify is one amend per order),
 * `cancel_order`, `batch_cancel` (2 to 50 ids) and, for one symbol, a cancel of that symbol's open
 * orders (UWS `cancel_all` takes no symbol and would cancel every derivatives order of the account).
 *
 * An answer with `success: true` is the venue's word and becomes the order event here; a refusal
 * becomes a reject (a post-only that would take is flagged so). A request that gets no answer
 * (timeout, dropped connection) throws `KrakenTransportError` and the order stays in flight for the
 * engine's in-flight check. Fills never come from these answers: they come with their fees from the
 * `executions` channel, deduplicated by fill id. `batch_cancel` answers with a count only: the
 * cancels themselves are the `executions` channel's `canceled` reports.
 */
import { KrakenError, KrakenTransportError } from '../../../core/errors.js';
import type { KrakenUnifiedWsClient } from '../../../kraken/unified/uws-client.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import { chunks, type FuturesModify } from './futures-order-entry.js';
import type { FuturesOrderTracker } from './futures-order-tracker.js';
import type { FuturesOrderRoutes } from './futures-venue.js';
import { encodeUwsAmend, encodeUwsBatchRow, encodeUwsOrder } from './uws-order-encoding.js';

/** Kraken's `batch_add` and `batch_cancel` bounds. */
export const UWS_BATCH_ADD_MAX = 15;
export const UWS_BATCH_CANCEL_MAX = 50;

/** Refusals that name a post-only order that would have taken liquidity. */
const POST_ONLY = /post only|postWouldExecute/i;
/** An immediate order that found nothing to take: its ordinary end, not a reject. */
const IOC_NOTHING = /iocWouldNotExecute/i;

/** The venue's refusal text(s) of a failed request; rethrows what is not a venue answer (no answer: outcome unknown). */
function refusalOf(err: unknown): string {
  if (err instanceof KrakenTransportError || !(err instanceof KrakenError)) throw err;
  const codes = (err as KrakenError & { codes?: readonly string[] }).codes;
  return codes !== undefined && codes.length > 0 ? codes.join('; ') : err.message;
}

export class UwsOrderEntry implements FuturesOrderRoutes {
  constructor(
    private readonly ws: KrakenUnifiedWsClient,
    private readonly tracker: FuturesOrderTracker,
    private readonly instrumentOf: (order: Order) => Instrument,
    /** The venue order ids the `executions` channel lists as open for a symbol. */
    private readonly openAtVenue: (symbol: string) => readonly string[],
  ) {}

  async submit(order: Order): Promise<void> {
    const params = encodeUwsOrder(order, this.instrumentOf(order));
    this.tracker.track(order);
    let orderId: string | undefined;
    try {
      orderId = (await this.ws.request('add_order', params)).result?.order_id;
    } catch (err) {
      this.#onRefused(order, refusalOf(err));
      return;
    }
    // An answer without an order id leaves the acceptance to the `executions` channel's `new` report.
    if (orderId !== undefined) this.tracker.accepted(order, orderId);
  }

  /** Orders grouped by symbol, each group in `batch_add` calls of up to 15 (a lone order goes as `add_order`). */
  async submitBatch(orders: readonly Order[]): Promise<void> {
    const bySymbol = new Map<string, Order[]>();
    for (const o of orders) {
      const symbol = this.instrumentOf(o).rawSymbol.value;
      bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), o]);
    }
    let failure: unknown;
    for (const [symbol, group] of bySymbol) {
      for (const chunk of chunks(group, UWS_BATCH_ADD_MAX)) {
        try {
          if (chunk.length === 1) await this.submit(chunk[0]!);
          else await this.#batchAdd(symbol, chunk);
        } catch (err) {
          failure ??= err;
        }
      }
    }
    if (failure !== undefined) throw failure as Error;
  }

  async #batchAdd(symbol: string, chunk: readonly Order[]): Promise<void> {
    const rows = chunk.map((o) => encodeUwsBatchRow(o, this.instrumentOf(o)));
    for (const o of chunk) this.tracker.track(o);
    let answer;
    try {
      answer = await this.ws.request('batch_add', { symbol, orders: rows });
    } catch (err) {
      // The whole batch was refused (one invalid row refuses all of them).
      const reason = refusalOf(err);
      for (const o of chunk) this.#onRefused(o, reason);
      return;
    }
    const results = answer.result ?? [];
    chunk.forEach((o, i) => {
      const row = results.find((r) => r.cl_ord_id === o.clientOrderId.value) ?? results[i];
      if (row?.order_id !== undefined && row.error === undefined) this.tracker.accepted(o, row.order_id);
      else this.#onRefused(o, row?.error ?? answer.error ?? 'batch_add gave no answer for this order');
    });
  }

  async modify(m: FuturesModify): Promise<void> {
    const params = encodeUwsAmend(m.order, this.instrumentOf(m.order), m);
    this.tracker.track(m.order);
    try {
      await this.ws.request('amend_order', params);
    } catch (err) {
      this.tracker.modifyRejected(m.order, refusalOf(err));
      return;
    }
    this.tracker.updated(m.order, { quantity: m.quantity ?? m.order.quantity, price: m.price, triggerPrice: m.triggerPrice });
  }

  /** One `amend_order` per order (UWS documents no batch amend); the first failure is thrown after all were sent. */
  async modifyBatch(list: readonly FuturesModify[]): Promise<void> {
    let failure: unknown;
    for (const m of list) {
      try {
        await this.modify(m);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure as Error;
  }

  async cancel(order: Order): Promise<void> {
    this.tracker.track(order);
    const params = order.venueOrderId !== null ? { order_id: [order.venueOrderId.value] } : { cl_ord_id: [order.clientOrderId.value] };
    const [answer] = await this.ws.request('cancel_order', params);
    if (answer?.success === true) this.tracker.canceled(order, null, answer.result?.order_id ?? order.venueOrderId?.value ?? null);
    else this.tracker.cancelRejected(order, answer?.error ?? 'cancel_order refused');
  }

  /** `batch_cancel` in chunks of up to 50 (a lone order goes as `cancel_order`); the cancels arrive on `executions`. */
  async cancelBatch(orders: readonly Order[]): Promise<void> {
    let failure: unknown;
    for (const chunk of chunks(orders, UWS_BATCH_CANCEL_MAX)) {
      for (const o of chunk) this.tracker.track(o);
      try {
        if (chunk.length === 1) await this.cancel(chunk[0]!);
        else await this.#batchCancel(chunk.map((o) => ({ venueId: o.venueOrderId?.value ?? null, clientId: o.clientOrderId.value })));
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure as Error;
  }

  async #batchCancel(ids: readonly { venueId: string | null; clientId: string }[]): Promise<void> {
    const orders = ids.flatMap((i) => (i.venueId === null ? [] : [i.venueId]));
    const clOrdIds = ids.flatMap((i) => (i.venueId === null ? [i.clientId] : []));
    await this.ws.request('batch_cancel', {
      ...(orders.length === 0 ? {} : { orders }),
      ...(clOrdIds.length === 0 ? {} : { cl_ord_id: clOrdIds }),
    });
  }

  /**
   * Every open order of one symbol, any side: the ones the `executions` channel lists open at the
   * venue (placed by this session or elsewhere) and the local ones. A local order the venue does not
   * list was not open there, and its cancel is refused (its fill or cancel is on its way).
   */
  async cancelAll(symbol: string, local: readonly Order[]): Promise<void> {
    for (const o of local) this.tracker.track(o);
    const venueIds = new Set(this.openAtVenue(symbol));
    for (const o of local) {
      if (o.venueOrderId !== null && !venueIds.has(o.venueOrderId.value))
        this.tracker.cancelRejected(o, 'not open at Kraken Futures when cancel-all ran');
    }
    const ids = [...venueIds];
    for (const chunk of chunks(ids, UWS_BATCH_CANCEL_MAX)) {
      if (chunk.length === 1) {
        const [answer] = await this.ws.request('cancel_order', { order_id: chunk });
        const order = this.tracker.find(chunk[0]);
        if (order !== undefined && answer?.success === true) this.tracker.canceled(order, 'cancel-all', chunk[0]);
      } else {
        await this.#batchCancel(chunk.map((venueId) => ({ venueId, clientId: '' })));
      }
    }
  }

  #onRefused(order: Order, reason: string): void {
    if (IOC_NOTHING.test(reason)) this.tracker.canceled(order, 'iocWouldNotExecute');
    else this.tracker.rejected(order, reason, POST_ONLY.test(reason));
  }
}
