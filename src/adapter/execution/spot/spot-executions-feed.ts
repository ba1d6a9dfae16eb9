/**
 * Kraken Spot WS v2 `executions` → order events for the node. Reports are sparse and merged by
 * `order_id`: each one is applied to the local order it names (found by `cl_ord_id`, which is the
 * client order id, or by the venue id), and only when it tells something new, so that a fact
 * learned from a request's answer first (accepted, canceled, amended) is never applied twice.
 *
 * - `new` → OrderAccepted; a trade report → OrderFilled with the fill's fee, fee currency,
 *   liquidity side and trade id (`exec_id`, the trade txid REST reports too, so a fill seen on WS
 *   and in TradesHistory counts once); `canceled` → OrderCanceled; `expired` → OrderExpired;
 *   `amended`/`restated` → OrderUpdated when quantity or prices changed; a trigger that fired →
 *   OrderTriggered.
 * - A fill that arrives before the order was accepted (an order that fills faster than its
 *   acknowledgement) first accepts the order: it is never marked rejected.
 * - `sequence` is checked on every frame; a gap (or a malformed frame) calls `onGap`, which asks
 *   the venue over REST for the status of the open orders and of the orders that closed during
 *   the gap, with their fills (spot-status-check.ts).
 * - An order krakenkit does not know (placed elsewhere) is left to reconciliation.
 */
import { KrakenValidationError } from '../../../core/errors.js';
import { normalizeAssetCode } from '../../../kraken/common/symbology/legacy-codes.js';
import { ClientOrderId, TradeId, VenueOrderId, type AccountId, type InstrumentId } from '../../../model/identifiers.js';
import type { CurrencyPair } from '../../../model/instruments.js';
import { Currency, Money } from '../../../model/money.js';
import {
  OrderAccepted,
  OrderCanceled,
  OrderExpired,
  OrderFilled,
  OrderTriggered,
  OrderUpdated,
  type OrderEvent,
} from '../../../model/order-events.js';
import type { Order } from '../../../model/order.js';
import { Price, Quantity } from '../../../model/values.js';
import type { NodeClock } from '../../../node/clock.js';
import type { Logger } from '../../../node/logger.js';
import { decimalOf, exactOf, priceAtLeast } from '../../common/wire-values.js';
import type { OrderLookup } from '../product-execution.js';

export type ExecutionReport = Readonly<Record<string, unknown>>;

export interface ExecutionsFeedDeps {
  readonly accountId: AccountId;
  readonly clock: NodeClock;
  readonly logger: Logger;
  readonly orders: OrderLookup;
  readonly instrument: (id: InstrumentId) => CurrencyPair | undefined;
  readonly emit: (event: OrderEvent) => void;
  /** A sequence gap or a dropped frame: the stream may have lost reports. */
  readonly onGap: (why: string) => void;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function rfc3339Ns(v: unknown, fallback: bigint): bigint {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t)) return fallback;
  const micros = typeof v === 'string' ? /\.(\d+)Z$/.exec(v)?.[1] : undefined;
  const sub = micros === undefined ? 0n : BigInt(micros.padEnd(9, '0').slice(0, 9)) % 1_000_000n;
  return BigInt(t) * 1_000_000n + sub;
}

interface EventBase {
  readonly strategyId: Order['strategyId'];
  readonly instrumentId: Order['instrumentId'];
  readonly clientOrderId: Order['clientOrderId'];
  readonly accountId: AccountId;
  readonly venueOrderId: VenueOrderId | null;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export class SpotExecutionsFeed {
  readonly #d: ExecutionsFeedDeps;
  #lastSequence: number | null = null;

  constructor(deps: ExecutionsFeedDeps) {
    this.#d = deps;
  }

  /** A new socket: the next frame is a snapshot and restarts the sequence. */
  reset(): void {
    this.#lastSequence = null;
  }

  onFrame(frame: { readonly type: string; readonly data: readonly ExecutionReport[]; readonly sequence?: number }): void {
    const seq = frame.sequence;
    if (typeof seq === 'number') {
      const last = this.#lastSequence;
      this.#lastSequence = seq;
      if (frame.type !== 'snapshot' && last !== null && seq !== last + 1) this.#d.onGap(`executions sequence ${last} → ${seq}`);
    }
    for (const report of frame.data) {
      try {
        this.#apply(report);
      } catch (e) {
        this.#d.logger.error(`Kraken executions report not applied: ${(e as Error).message}`);
      }
    }
  }

  #find(report: ExecutionReport): Order | undefined {
    const cl = text(report['cl_ord_id']);
    const id = text(report['order_id']);
    return (
      (cl === undefined ? undefined : this.#d.orders.order(new ClientOrderId(cl))) ??
      (id === undefined ? undefined : this.#d.orders.orderByVenueOrderId(new VenueOrderId(id)))
    );
  }

  #base(order: Order, report: ExecutionReport): EventBase {
    const now = this.#d.clock.timestampNs();
    const id = text(report['order_id']);
    return {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      accountId: this.#d.accountId,
      venueOrderId: id === undefined ? order.venueOrderId : new VenueOrderId(id),
      tsEvent: rfc3339Ns(report['timestamp'], now),
      tsInit: now,
    };
  }

  #emit(order: Order, event: OrderEvent): void {
    if (order.canApply(event)) this.#d.emit(event);
  }

  /** Accepts an order the venue holds but the node still sees as submitted (or as timed out). */
  #accept(order: Order, report: ExecutionReport): void {
    const base = this.#base(order, report);
    if (base.venueOrderId === null) return;
    if (order.status === 'SUBMITTED' || (order.status === 'REJECTED' && order.rejectedByTimeout))
      this.#emit(order, new OrderAccepted({ ...base, venueOrderId: base.venueOrderId }));
  }

  #apply(report: ExecutionReport): void {
    const order = this.#find(report);
    if (order === undefined) return;
    const exec = text(report['exec_type']);
    if (exec === 'pending_new' || exec === 'iceberg_refill') return;
    this.#accept(order, report);
    if (text(report['exec_id']) !== undefined && text(report['last_qty']) !== undefined) this.#fill(order, report);
    const base = this.#base(order, report);
    const triggers = report['triggers'];
    if (typeof triggers === 'object' && triggers !== null && (triggers as Record<string, unknown>)['status'] === 'triggered')
      this.#emit(order, new OrderTriggered(base));
    switch (exec) {
      case 'canceled':
        if (!order.isClosed) this.#emit(order, new OrderCanceled({ ...base, reason: text(report['reason']) ?? null }));
        break;
      case 'expired':
        this.#emit(order, new OrderExpired(base));
        break;
      case 'amended':
      case 'restated':
        this.#updated(order, report, base);
        break;
      default:
        break;
    }
  }

  #updated(order: Order, report: ExecutionReport, base: EventBase): void {
    const inst = this.#d.instrument(order.instrumentId);
    const qtyText = text(report['order_qty']);
    const limitText = text(report['limit_price']);
    const quantity = qtyText === undefined ? order.quantity : Quantity.from(exactOf(qtyText, 'order_qty'));
    const price =
      limitText === undefined || order.price === null || inst === undefined
        ? order.price
        : priceAtLeast(limitText, inst.pricePrecision, 'limit_price');
    if (quantity.equals(order.quantity) && (price === null || order.price === null || price.equals(order.price))) return;
    this.#emit(order, new OrderUpdated({ ...base, quantity, price, triggerPrice: order.triggerPrice }));
  }

  #fill(order: Order, report: ExecutionReport): void {
    const tradeId = text(report['exec_id']) as string;
    if (order.hasTradeId(tradeId)) return;
    const inst = this.#d.instrument(order.instrumentId);
    if (inst === undefined)
      throw new KrakenValidationError('Kraken executions', [{ path: '/symbol', message: `unknown ${order.instrumentId.toString()}` }]);
    const base = this.#base(order, report);
    const venueOrderId = base.venueOrderId ?? new VenueOrderId(text(report['order_id']) ?? 'unknown');
    const fee = Array.isArray(report['fees']) ? (report['fees'][0] as Record<string, unknown> | undefined) : undefined;
    const feeAsset = fee === undefined ? undefined : text(fee['asset']);
    const feeCurrency = feeAsset === undefined ? inst.quoteCurrency : Currency.from(normalizeAssetCode(feeAsset));
    const commission = fee === undefined ? Money.zero(inst.quoteCurrency) : Money.of(decimalOf(fee['qty'], 'fees/0/qty'), feeCurrency);
    const liquidity = text(report['liquidity_ind']);
    this.#emit(
      order,
      new OrderFilled({
        ...base,
        venueOrderId,
        tradeId: new TradeId(tradeId),
        orderSide: order.side,
        orderType: order.orderType,
        lastQty: Quantity.from(exactOf(report['last_qty'], 'last_qty')),
        lastPx: Price.from(priceAtLeast(report['last_price'], inst.pricePrecision, 'last_price')),
        currency: inst.quoteCurrency,
        commission,
        liquiditySide: liquidity === 'm' ? 'MAKER' : liquidity === 't' ? 'TAKER' : 'NO_LIQUIDITY_SIDE',
      }),
    );
  }
}
