/**
 * Spot order entry on two transports: the authenticated WS v2 trade channel by default, REST
 * when the WS is not ready, when `useWsTrade` is off (config, or `params.useWsTrade === false` for
 * one command), or for a shape the WS cannot carry (see spot-order-shape.ts). A command that goes
 * to one transport never goes to the other.
 *
 * The WS timeout contract: a WS request with no answer within `wsRequestTimeoutSecs` is
 * - a submit: `OrderRejected` flagged `timedOut` per order, stamped with the time the timeout
 *   fired, then a best-effort cancel of each by `cl_ord_id` over the same WS (so that a late
 *   acceptance leaves no orphan order). Never retried over REST. If the venue accepted and filled
 *   the order anyway, its fills still reach the order and the position (the order stays open to
 *   venue events after a timed-out rejection);
 * - a modify: `OrderModifyRejected` (timed out); a cancel: `OrderCancelRejected` (timed out).
 * Any other failure without a venue answer (the socket dropped, REST timeouts) is thrown as it
 * is: the outcome is unknown and the engine keeps the order in flight until it is resolved.
 *
 * A venue refusal is thrown as the classified Kraken error (the engine turns it into the
 * rejection). Order entry over WS waits for the key's per-pair trading counter first (REST order
 * entry does so inside the REST client).
 */
import { KrakenTransportError } from '../../../core/errors.js';
import { VenueOrderId, type AccountId } from '../../../model/identifiers.js';
import {
  OrderAccepted,
  OrderCancelRejected,
  OrderModifyRejected,
  OrderRejected,
  OrderUpdated,
  type OrderEvent,
} from '../../../model/order-events.js';
import type { Order } from '../../../model/order.js';
import type { NodeClock } from '../../../node/clock.js';
import type { ModifyOrder } from '../../../node/commands.js';
import type { Logger } from '../../../node/logger.js';
import { classifyVenueError } from '../../../kraken/common/error-table.js';
import type { PairTransaction } from '../../../kraken/ratelimit/spot-limiter.js';
import { recordSpotRestOrderResult, spotRestOrderTransactions } from '../../../kraken/ratelimit/spot-rest-orders.js';
import type { KrakenSpotRawHttpClient } from '../../../kraken/spot/http/raw-client.js';
import type { KrakenSpotWsClient } from '../../../kraken/spot/ws/spot-ws-client.js';
import type { SpotWsRequestParams } from '../../../kraken/spot/ws/types.js';
import { WsConnectionState } from '../../../transport/ws/state-machine.js';
import { priceText } from './spot-order-encoding.js';
import type { SpotPreparedOrder } from './spot-order-prep.js';

export type Transport = 'ws' | 'rest';

export interface SpotOrderEntryDeps {
  readonly ws: KrakenSpotWsClient;
  readonly rest: KrakenSpotRawHttpClient;
  readonly clock: NodeClock;
  readonly logger: Logger;
  readonly accountId: AccountId;
  readonly useWsTrade: boolean;
  /** Every submit is sent over REST with Kraken's `validate` flag and ends rejected: nothing is placed. */
  readonly validateOnly: boolean;
  readonly emit: (event: OrderEvent) => void;
}

/** Kraken's answer limits: a batch_add holds 2–15 orders of one symbol, a batch_cancel 2–50 ids. */
export const SPOT_BATCH_ADD_MAX = 15;
export const SPOT_BATCH_CANCEL_MAX = 50;

export function isTimeout(e: unknown): boolean {
  return e instanceof KrakenTransportError && e.failure === 'timeout';
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

type Params = Readonly<Record<string, unknown>>;

/**
 * The transport of one command: REST when the config's `useWsTrade` is off, when the command's
 * `params.useWsTrade` is false, when any order in it has a shape the WS cannot carry, or when the
 * WS is not ready; WS otherwise.
 */
export function chooseSpotTransport(input: {
  readonly useWsTrade: boolean;
  readonly params: Params;
  readonly wsRefusals: readonly (string | null)[];
  readonly wsReady: boolean;
}): Transport {
  if (!input.useWsTrade || input.params['useWsTrade'] === false) return 'rest';
  if (input.wsRefusals.some((r) => r !== null)) return 'rest';
  return input.wsReady ? 'ws' : 'rest';
}

export class SpotOrderEntry {
  readonly #d: SpotOrderEntryDeps;

  constructor(deps: SpotOrderEntryDeps) {
    this.#d = deps;
  }

  get wsReady(): boolean {
    return this.#d.ws.state === WsConnectionState.Ready;
  }

  /** WS unless the config or the command says REST, the WS is not ready, or the shape needs REST. */
  transportFor(params: Params, prepared: readonly SpotPreparedOrder[]): Transport {
    if (this.#d.validateOnly) return 'rest'; // Kraken's validate flag, on the REST AddOrder this mode uses
    return chooseSpotTransport({
      useWsTrade: this.#d.useWsTrade,
      params,
      wsRefusals: prepared.map((p) => p.wsRefusal),
      wsReady: this.wsReady,
    });
  }

  #base(order: Order, venueOrderId: VenueOrderId | null = order.venueOrderId) {
    const ts = this.#d.clock.timestampNs();
    return {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      accountId: this.#d.accountId,
      venueOrderId,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  #accepted(order: Order, orderId: string | undefined): void {
    if (orderId === undefined || orderId === '') return;
    // The executions stream may have said it first.
    if (order.status !== 'SUBMITTED' && !(order.status === 'REJECTED' && order.rejectedByTimeout)) return;
    const event = new OrderAccepted({ ...this.#base(order, new VenueOrderId(orderId)), venueOrderId: new VenueOrderId(orderId) });
    if (order.canApply(event)) this.#d.emit(event);
  }

  /** The venue refused these legs' request: each still waiting for an answer is rejected with its reason. */
  reject(legs: readonly SpotPreparedOrder[], reason: string): void {
    for (const { order } of legs) {
      if (order.status !== 'SUBMITTED') continue;
      const event = new OrderRejected({ ...this.#base(order), reason });
      if (order.canApply(event)) this.#d.emit(event);
    }
  }

  #timedOut(orders: readonly Order[], what: string): void {
    for (const order of orders) {
      // Also after the executions stream showed the order accepted: the contract holds, and the
      // venue's later events (the compensating cancel, a fill) still apply. An order already
      // closed at the venue (filled) keeps that outcome.
      const event = new OrderRejected({ ...this.#base(order), reason: `${what}: no answer within the WS request timeout`, timedOut: true });
      if (order.canApply(event)) this.#d.emit(event);
    }
  }

  /** One order. Resolves once the venue answered (or the timeout contract ran); venue refusals throw. */
  async submit(p: SpotPreparedOrder, transport: Transport): Promise<void> {
    if (this.#d.validateOnly) return this.#validateOnly(p);
    if (transport === 'rest') {
      const r = await this.#d.rest.addOrder(p.rest as never);
      this.#accepted(p.order, r.txid?.[0]);
      return;
    }
    await this.#d.rest.rateLimiter?.acquireOrderEntry(p.restPair, 'add');
    try {
      const r = await this.#d.ws.request('add_order', p.ws as SpotWsRequestParams<'add_order'>);
      this.#d.rest.rateLimiter?.orders.placed([r.result?.order_id, p.clOrdId], p.restPair, this.#d.clock.source.nowMs());
      this.#accepted(p.order, r.result?.order_id);
    } catch (e) {
      if (!isTimeout(e)) {
        this.#learn(e, [{ pair: p.restPair, tx: () => ({ kind: 'add' }) }]);
        throw e;
      }
      this.#timedOut([p.order], 'add_order');
      await this.#compensate([p]);
    }
  }

  /**
   * One batch of 2–15 orders of one symbol. Each leg's outcome is its own: a leg the venue refused
   * is rejected with the venue's reason, the others are accepted. A refusal of the whole batch is
   * thrown; a timeout runs the contract for every leg.
   */
  async submitBatch(legs: readonly SpotPreparedOrder[], transport: Transport): Promise<void> {
    const first = legs[0];
    if (first === undefined) return;
    if (this.#d.validateOnly) {
      // One validated AddOrder per leg: each leg gets Kraken's verdict on its own.
      for (const leg of legs) await this.#validateOnly(leg);
      return;
    }
    if (transport === 'rest') {
      const r = await this.#d.rest.addOrderBatch({ pair: first.restPair, orders: legs.map((l) => l.restBatchEntry) } as never);
      r.orders.forEach((row, i) => this.#batchRow(legs[i], row.txid, row.error));
      return;
    }
    const batchAdd: PairTransaction = { pair: first.restPair, tx: () => ({ kind: 'batch-add', count: legs.length }) };
    await this.#d.rest.rateLimiter?.acquireOrderTransactions([batchAdd]);
    try {
      const r = await this.#d.ws.request('batch_add', { symbol: first.wsSymbol, orders: legs.map((l) => l.wsBatchEntry) } as never);
      const rows = (r.result ?? []) as readonly { order_id?: string; error?: string }[];
      rows.forEach((row, i) => this.#batchRow(legs[i], row.order_id, row.error));
      const placed = rows.flatMap((row, i) => (row.order_id ? [row.order_id, legs[i]?.clOrdId] : []));
      this.#d.rest.rateLimiter?.orders.placed(placed, first.restPair, this.#d.clock.source.nowMs());
    } catch (e) {
      if (!isTimeout(e)) {
        this.#learn(e, [batchAdd]);
        throw e;
      }
      this.#timedOut(
        legs.map((l) => l.order),
        'batch_add',
      );
      await this.#compensate(legs);
    }
  }

  /**
   * Validate-only mode: Kraken checks the order (AddOrder with `validate`) and places nothing. A
   * refusal is thrown as any venue refusal is (the engine rejects the order with Kraken's reason);
   * an order Kraken would take ends as `OrderRejected` saying so, since it never went live.
   */
  async #validateOnly(p: SpotPreparedOrder): Promise<void> {
    const r = await this.#d.rest.addOrder({ ...(p.rest as Record<string, unknown>), validate: true } as never);
    const what = r.descr?.order ?? p.clOrdId;
    const event = new OrderRejected({ ...this.#base(p.order), reason: `validate only: Kraken accepted "${what}" and did not place it` });
    if (p.order.canApply(event)) this.#d.emit(event);
  }

  #batchRow(leg: SpotPreparedOrder | undefined, orderId: string | undefined, error: string | undefined): void {
    if (leg === undefined) return;
    if (error !== undefined && error !== '') {
      const event = new OrderRejected({ ...this.#base(leg.order), reason: error });
      if (leg.order.canApply(event)) this.#d.emit(event);
      return;
    }
    this.#accepted(leg.order, orderId);
  }

  /** The compensating cancel of timed-out submits: by cl_ord_id over the same WS, best effort, never over REST. */
  async #compensate(legs: readonly SpotPreparedOrder[]): Promise<void> {
    const ids = legs.map((l) => l.clOrdId);
    for (const chunk of chunks(ids, SPOT_BATCH_CANCEL_MAX)) {
      try {
        if (chunk.length === 1) {
          // cancel_order answers per order instead of throwing: a refusal is in the answer.
          const refused = (await this.#d.ws.request('cancel_order', { cl_ord_id: chunk })).find((a) => a.success !== true);
          if (refused !== undefined) throw this.#refusal(refused.error);
        } else await this.#d.ws.request('batch_cancel', { orders: [], cl_ord_id: chunk });
        this.#d.logger.info(`Kraken Spot compensating cancel sent for timed-out ${chunk.join(', ')}`);
      } catch (e) {
        // Best effort: "unknown order" means the submit never landed; anything else is for reconciliation.
        this.#d.logger.warn(`Kraken Spot compensating cancel of ${chunk.join(', ')}: ${(e as Error).message}`);
      }
    }
  }

  /** Amend in place (ids kept). Emits OrderUpdated from the venue's answer. */
  async modify(
    command: ModifyOrder,
    p: { readonly restPair: string; readonly clOrdId: string; readonly pricePrecision: number },
    transport: Transport,
  ): Promise<void> {
    const order = command.order;
    const inst = { pricePrecision: p.pricePrecision } as Parameters<typeof priceText>[1];
    const fields: Record<string, unknown> = {};
    if (command.quantity !== null) fields['order_qty'] = command.quantity.toString();
    const limitPriced = order.orderType === 'LIMIT' || order.orderType === 'STOP_LIMIT' || order.orderType === 'LIMIT_IF_TOUCHED';
    if (command.price !== null && limitPriced) fields['limit_price'] = priceText(command.price, inst);
    const trigger = command.triggerPrice ?? (!limitPriced ? command.price : null);
    if (trigger !== null && order.orderType !== 'LIMIT') fields['trigger_price'] = priceText(trigger, inst);
    const venueOrderId = command.venueOrderId ?? order.venueOrderId;
    const updated = (): void => {
      if (order.status !== 'PENDING_UPDATE') return; // the executions stream said it first
      const event = new OrderUpdated({
        ...this.#base(order, venueOrderId),
        quantity: command.quantity ?? order.quantity,
        price: limitPriced ? (command.price ?? order.price) : order.price,
        triggerPrice: trigger ?? order.triggerPrice,
      });
      if (order.canApply(event)) this.#d.emit(event);
    };
    if (transport === 'rest') {
      await this.#d.rest.amendOrder({ cl_ord_id: p.clOrdId, ...fields });
      updated();
      return;
    }
    // Kraken prices an amend by the time since the order was placed or last amended.
    const limiter = this.#d.rest.rateLimiter;
    const known = limiter?.orders.lookup(p.clOrdId);
    const age =
      known !== undefined && limiter !== undefined
        ? limiter.clock.nowMs() - known.sinceMs
        : order.tsLast === 0n
          ? undefined
          : Number((this.#d.clock.timestampNs() - order.tsLast) / 1_000_000n);
    const amend = limiter?.transaction(p.restPair, 'amend', age);
    if (amend !== undefined) await limiter?.acquireOrderTransactions([amend]);
    try {
      await this.#d.ws.request('amend_order', { cl_ord_id: p.clOrdId, ...fields });
      limiter?.orders.amended(p.clOrdId, limiter.clock.nowMs());
      updated();
    } catch (e) {
      if (!isTimeout(e)) {
        if (amend !== undefined) this.#learn(e, [amend]);
        throw e;
      }
      // Unless the executions stream already told the outcome (the order is no longer pending).
      const event = new OrderModifyRejected({
        ...this.#base(order),
        reason: 'amend_order: no answer within the WS request timeout',
        timedOut: true,
      });
      if (order.canApply(event)) this.#d.emit(event);
    }
  }

  /**
   * Cancel by cl_ord_id; the cancellation itself arrives on the executions stream. `restPair`
   * prices a cancel of an order this process never placed (as brand new) on the pair's counter.
   */
  async cancel(order: Order, clOrdId: string, transport: Transport, restPair?: string): Promise<void> {
    if (transport === 'rest') {
      await this.#d.rest.cancelOrder({ cl_ord_id: clOrdId });
      return;
    }
    try {
      const metered = await this.#meterWsCancel('CancelOrder', {
        cl_ord_id: clOrdId,
        ...(restPair === undefined ? {} : { pair: restPair }),
      });
      const answers = await this.#d.ws.request('cancel_order', { cl_ord_id: [clOrdId] });
      const refused = answers.find((a) => a.success !== true);
      if (refused !== undefined) throw this.#refusal(refused.error);
      metered();
    } catch (e) {
      if (!isTimeout(e)) throw e;
      // Unless the executions stream already told the outcome (the order is cancelled, or filled).
      const event = new OrderCancelRejected({
        ...this.#base(order),
        reason: 'cancel_order: no answer within the WS request timeout',
        timedOut: true,
      });
      if (order.canApply(event)) this.#d.emit(event);
    }
  }

  #refusal(error: unknown): Error {
    return classifyVenueError([typeof error === 'string' ? error : 'EOrder:cancel refused'], { endpoint: 'cancel_order' });
  }

  /** Every open order on every symbol (Kraken's cancel-all has no side and no symbol filter). */
  async cancelAll(transport: Transport): Promise<number> {
    if (transport === 'rest') return (await this.#d.rest.cancelAll({})).count;
    const metered = await this.#meterWsCancel('CancelAll', {});
    const r = await this.#d.ws.request('cancel_all', {});
    metered();
    return r.result?.count ?? 0;
  }

  /** A WS refusal for Kraken's rate limits raises the key's counters, as the REST client does after its own refused calls. */
  #learn(err: unknown, transactions: readonly PairTransaction[]): void {
    this.#d.rest.rateLimiter?.onVenueError(err, { transactions });
  }

  /**
   * Kraken charges a cancel to its pair's trading counter by the order's age, over WS as over
   * REST: the key's limiter is charged here as the REST client charges its own cancels (a cancel
   * never waits for the counter). Returns what to record once the venue accepted the cancel.
   */
  async #meterWsCancel(operationId: 'CancelOrder' | 'CancelAll', params: Readonly<Record<string, unknown>>): Promise<() => void> {
    const limiter = this.#d.rest.rateLimiter;
    if (limiter === undefined) return () => undefined;
    await limiter.acquireOrderTransactions(spotRestOrderTransactions(limiter, operationId, params));
    return () => recordSpotRestOrderResult(limiter.orders, operationId, params, {}, limiter.clock.nowMs());
  }
}
