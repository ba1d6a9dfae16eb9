/**
 * Routes trading commands to the execution client of the order's venue, applies the events that
 * come back to the cached orders and positions, and publishes them. Fills are deduped by venue
 * trade id (bounded FIFO set), so a fill seen on two paths counts once. Positions are kept by
 * position-keeper.ts; periodic checks and reconciliation live in exec-checks.ts / reconciliation.ts.
 */
import { KrakenStateError, type KrakenError } from '../core/errors.js';
import type { AccountState } from '../model/account.js';
import type { InstrumentId, StrategyId } from '../model/identifiers.js';
import {
  OrderCancelRejected,
  OrderDenied,
  OrderModifyRejected,
  OrderPendingCancel,
  OrderPendingUpdate,
  OrderRejected,
  OrderSubmitted,
  type OrderEvent,
  type OrderParams,
} from '../model/order-events.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { PositionStatusReport } from '../model/reports.js';
import type { Price, Quantity } from '../model/values.js';
import { BoundedFifoSet } from './bounded-set.js';
import { isInferredFill } from './inferred-fills.js';
import type { Cache } from './cache.js';
import type { ExecClientContext, LiveExecutionClient } from './clients.js';
import type { NodeClock } from './clock.js';
import type { Logger } from './logger.js';
import { Topics, type MessageBus } from './message-bus.js';
import { PositionKeeper } from './position-keeper.js';
import type { RiskEngine } from './risk-engine.js';

/** The order was not taken (a rate-limit refusal included); a timeout or a dropped connection leaves it unknown. */
const DEFINITIVE_KINDS = new Set(['order-rejected', 'validation', 'auth', 'api', 'rate-limit']);

/** True when an error from a client is the venue's definitive "no" (not an unknown outcome). */
export function isDefinitiveRejection(err: unknown): boolean {
  const kind = (err as Partial<KrakenError> | null)?.kind;
  return typeof kind === 'string' && DEFINITIVE_KINDS.has(kind);
}

export interface ModifyRequest {
  readonly quantity?: Quantity | null;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
  readonly params?: OrderParams;
}

export class ExecutionEngine {
  private readonly clients = new Map<string, LiveExecutionClient>();
  readonly seenTradeIds: BoundedFifoSet;
  private readonly positions: PositionKeeper;

  constructor(
    readonly msgbus: MessageBus,
    readonly cache: Cache,
    readonly clock: NodeClock,
    readonly log: Logger,
    readonly risk: RiskEngine,
    dedupCapacity = 10_000,
  ) {
    this.seenTradeIds = new BoundedFifoSet(dedupCapacity);
    this.positions = new PositionKeeper(msgbus, cache, clock, log);
  }

  registerClient(client: LiveExecutionClient): void {
    const venue = client.venue.value;
    if (this.clients.has(venue)) throw new KrakenStateError(`an execution client for venue ${venue} is already registered`);
    this.clients.set(venue, client);
  }
  get registeredClients(): readonly LiveExecutionClient[] {
    return [...this.clients.values()];
  }
  clientFor(instrumentId: InstrumentId): LiveExecutionClient | undefined {
    return this.clients.get(instrumentId.venue.value);
  }

  // --- commands ---------------------------------------------------------------------------
  async submitOrder(order: Order, params: OrderParams = {}): Promise<void> {
    if (order.status !== 'INITIALIZED') {
      // Never send one intent twice (docs/reliability.md O1): a resubmit needs a new order.
      this.log.warn(`submit ignored: order ${order.clientOrderId.value} is already ${order.status}`);
      return;
    }
    this.track(order);
    const client = this.clientFor(order.instrumentId);
    const denied = this.risk.checkSubmit(order, client);
    if (denied !== null || client === undefined) {
      this.deny(order, denied ?? 'no execution client');
      return;
    }
    this.markSubmitted(order, client);
    const command = {
      kind: 'SubmitOrder' as const,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      order,
      params: { ...order.params, ...params },
      tsInit: this.clock.timestampNs(),
    };
    await this.send(
      () => client.submitOrder(command),
      [order],
      'SUBMITTED',
      (o, reason) => new OrderRejected({ ...this.base(o), reason }),
    );
  }

  /** Submits orders as one list; if any leg is denied, every leg is denied (nothing half-sent). */
  async submitOrderList(orders: readonly Order[], params: OrderParams = {}): Promise<void> {
    const first = orders[0];
    if (first === undefined) return;
    const used = orders.find((o) => o.status !== 'INITIALIZED');
    if (used !== undefined) {
      this.log.warn(`order list ignored: order ${used.clientOrderId.value} is already ${used.status}`);
      return;
    }
    for (const o of orders) this.track(o);
    const client = this.clientFor(first.instrumentId);
    for (const o of orders) {
      const reason = o.instrumentId.venue.equals(first.instrumentId.venue)
        ? this.risk.checkSubmit(o, client)
        : 'an order list must stay on one venue';
      if (reason !== null || client === undefined) {
        for (const leg of orders) this.deny(leg, `order list denied: ${o.clientOrderId.value}: ${reason ?? 'no execution client'}`);
        return;
      }
    }
    if (client === undefined) return;
    for (const o of orders) this.markSubmitted(o, client);
    const command = {
      kind: 'SubmitOrderList' as const,
      strategyId: first.strategyId,
      instrumentId: first.instrumentId,
      orders,
      params,
      tsInit: this.clock.timestampNs(),
    };
    await this.send(
      () => client.submitOrderList(command),
      orders,
      'SUBMITTED',
      (o, reason) => new OrderRejected({ ...this.base(o), reason }),
    );
  }

  async modifyOrder(order: Order, request: ModifyRequest): Promise<void> {
    const client = this.clientFor(order.instrumentId);
    const quantity = request.quantity ?? null;
    const price = request.price ?? null;
    const triggerPrice = request.triggerPrice ?? null;
    if (order.isClosed) {
      this.log.warn(`modify ignored: order ${order.clientOrderId.value} is ${order.status}`);
      return;
    }
    const denied = client === undefined ? 'no execution client' : this.risk.checkModify(order, quantity, price, triggerPrice);
    if (denied !== null || client === undefined) {
      this.applyEvent(new OrderModifyRejected({ ...this.base(order), reason: denied ?? 'no execution client' }));
      return;
    }
    this.applyEvent(new OrderPendingUpdate(this.base(order)));
    const command = {
      kind: 'ModifyOrder' as const,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      order,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      quantity,
      price,
      triggerPrice,
      params: request.params ?? {},
      tsInit: this.clock.timestampNs(),
    };
    await this.send(
      () => client.modifyOrder(command),
      [order],
      'PENDING_UPDATE',
      (o, reason) => new OrderModifyRejected({ ...this.base(o), reason }),
    );
  }

  async cancelOrder(order: Order, params: OrderParams = {}): Promise<void> {
    const client = this.clientFor(order.instrumentId);
    if (order.isClosed || order.status === 'INITIALIZED' || client === undefined) {
      this.log.warn(`cancel ignored: order ${order.clientOrderId.value} is ${order.status}`);
      return;
    }
    this.applyEvent(new OrderPendingCancel(this.base(order)));
    const command = {
      kind: 'CancelOrder' as const,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      order,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      params,
      tsInit: this.clock.timestampNs(),
    };
    await this.send(
      () => client.cancelOrder(command),
      [order],
      'PENDING_CANCEL',
      (o, reason) => new OrderCancelRejected({ ...this.base(o), reason }),
    );
  }

  /**
   * The venue's cancel-all: no side filter and no strategy scope (Kraken cannot do either). The
   * instrument's open orders, whatever their strategy, go PENDING_CANCEL; the client cancels its
   * product's whole scope (Spot: every symbol) and the venue's events close each order it reaches.
   * `strategyId` only says who asked.
   */
  async cancelAllOrders(strategyId: StrategyId, instrumentId: InstrumentId, params: OrderParams = {}): Promise<void> {
    const client = this.clientFor(instrumentId);
    if (client === undefined) {
      this.log.warn(`cancel-all ignored: no execution client for ${instrumentId.venue.value}`);
      return;
    }
    const open = (o: Order): boolean => o.isOpen || o.status === 'SUBMITTED';
    const orders = this.cache.orders({ venue: instrumentId.venue }).filter(open);
    const targeted = orders.filter((o) => o.instrumentId.equals(instrumentId));
    for (const o of targeted) if (o.status !== 'PENDING_CANCEL') this.applyEvent(new OrderPendingCancel(this.base(o)));
    const command = {
      kind: 'CancelAllOrders' as const,
      strategyId,
      instrumentId,
      orders,
      params,
      tsInit: this.clock.timestampNs(),
    };
    await this.send(
      () => client.cancelAllOrders(command),
      targeted,
      'PENDING_CANCEL',
      (o, reason) => new OrderCancelRejected({ ...this.base(o), reason }),
    );
  }

  // --- events from clients ----------------------------------------------------------------
  readonly eventHandler = {
    handleEvent: (event: OrderEvent): void => {
      this.applyEvent(event);
    },
    handleAccountState: (state: AccountState): void => {
      this.cache.addAccount(state);
      this.msgbus.publish(Topics.accounts(), state);
    },
  } satisfies Partial<ExecClientContext['handler']>;

  /**
   * Applies an event to its cached order and publishes it. Duplicate fills and illegal
   * transitions are logged and dropped (never thrown at the client). Returns true if applied.
   */
  applyEvent(event: OrderEvent): boolean {
    const order =
      this.cache.order(event.clientOrderId) ??
      (event.kind !== 'OrderInitialized' && event.kind !== 'OrderDenied' && event.kind !== 'OrderSubmitted' && event.venueOrderId !== null
        ? this.cache.orderByVenueOrderId(event.venueOrderId)
        : undefined);
    if (order === undefined) {
      this.log.warn(`${event.kind} for unknown order ${event.clientOrderId.value}: dropped (reconciliation will pick the order up)`);
      return false;
    }
    let tradeKey: string | null = null;
    if (event.kind === 'OrderFilled') {
      tradeKey = `${order.instrumentId.venue.value}:${event.tradeId.value}`;
      if (this.seenTradeIds.has(tradeKey) || order.hasTradeId(event.tradeId.value)) {
        this.log.debug(`duplicate fill ${event.tradeId.value} for ${order.clientOrderId.value} ignored`);
        return false;
      }
      // The venue's own record of a fill reconciliation already inferred (the feed replays it after
      // the check closed the order): the quantity is counted, so it is noted, not applied or refused.
      if (order.status === 'FILLED' && order.tradeIds.some(isInferredFill)) {
        this.seenTradeIds.add(tradeKey);
        this.log.info(
          `fill ${event.tradeId.value} for ${order.clientOrderId.value} arrived after reconciliation inferred the order's fills: already counted, not applied`,
        );
        return false;
      }
    }
    const applied =
      event.clientOrderId.equals(order.clientOrderId) && event.strategyId.equals(order.strategyId) ? event : rekey(event, order);
    try {
      order.apply(applied);
    } catch (err) {
      this.log.error(`event refused: ${(err as Error).message}`, { event: event.kind, order: order.clientOrderId.value });
      return false;
    }
    if (tradeKey !== null) this.seenTradeIds.add(tradeKey);
    this.cache.indexVenueOrderId(order);
    this.msgbus.publish(Topics.orderEvents(order.strategyId), applied);
    this.msgbus.publish(Topics.allOrderEvents(), applied);
    if (applied.kind === 'OrderFilled') this.positions.applyFill(order.instrumentId, order.strategyId, applied);
    return true;
  }

  /** The instrument's position, created flat on first use. */
  positionFor(instrumentId: InstrumentId, sizePrecision: number): Position {
    return this.positions.positionFor(instrumentId, sizePrecision);
  }

  /** Overwrites the local position with the venue's view; true when anything changed. */
  correctPosition(report: PositionStatusReport): boolean {
    return this.positions.correct(report);
  }

  // --- helpers ----------------------------------------------------------------------------
  private track(order: Order): void {
    if (this.cache.order(order.clientOrderId) === undefined) {
      this.cache.addOrder(order);
      this.msgbus.publish(Topics.orderEvents(order.strategyId), order.initEvent);
    }
  }

  private base(order: Order): {
    strategyId: StrategyId;
    instrumentId: InstrumentId;
    clientOrderId: Order['clientOrderId'];
    venueOrderId: Order['venueOrderId'];
    accountId: Order['accountId'];
    tsEvent: bigint;
    tsInit: bigint;
  } {
    const ts = this.clock.timestampNs();
    return {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      accountId: order.accountId,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  private deny(order: Order, reason: string): void {
    this.log.warn(`order ${order.clientOrderId.value} denied: ${reason}`);
    const ts = this.clock.timestampNs();
    this.applyEvent(
      new OrderDenied({
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        clientOrderId: order.clientOrderId,
        reason,
        tsEvent: ts,
        tsInit: ts,
      }),
    );
  }

  private markSubmitted(order: Order, client: LiveExecutionClient): void {
    const ts = this.clock.timestampNs();
    this.applyEvent(
      new OrderSubmitted({
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        clientOrderId: order.clientOrderId,
        accountId: client.accountId,
        tsEvent: ts,
        tsInit: ts,
      }),
    );
  }

  /**
   * Runs a client call. A definitive venue rejection becomes `reject(order)` for every order still
   * in `pending`; any other failure leaves the orders in flight (outcome unknown).
   */
  private async send(
    call: () => Promise<void>,
    orders: readonly Order[],
    pending: Order['status'],
    reject: (o: Order, reason: string) => OrderEvent,
  ): Promise<void> {
    try {
      await call();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isDefinitiveRejection(err)) {
        for (const o of orders) if (o.status === pending) this.applyEvent(reject(o, message));
      } else {
        this.log.warn(`outcome unknown, orders stay in flight until checked: ${message}`, {
          orders: orders.map((o) => o.clientOrderId.value),
        });
      }
    }
  }
}

/** An event found by venue order id but keyed by another client id: re-key it to the cached order. */
function rekey(event: OrderEvent, order: Order): OrderEvent {
  const copy = Object.create(Object.getPrototypeOf(event) as object) as Record<string, unknown>;
  Object.assign(copy, event, { clientOrderId: order.clientOrderId, strategyId: order.strategyId });
  return copy as unknown as OrderEvent;
}
