/**
 * `KrakenExecutionClient`: account management and order entry at Kraken for Spot, Futures or
 * both, as one `LiveExecutionClient`. It is a composition of `ProductExecution`s
 * (product-execution.ts): each command goes to the product that trades the instrument, reports
 * are gathered from every product, and the products' account figures are merged into one
 * `AccountState` (account-merge.ts).
 *
 * `connect()` opens one session: the REST client of each configured product, the instrument
 * provider on top of them (loaded before anything else), then every product (credentials and
 * permissions, transports, order and account streams) and the first merged account state. If
 * any product fails to connect, whatever opened is closed again and the error is thrown.
 */
import { KrakenStateError, KrakenValidationError } from '../../core/errors.js';
import type { AccountType } from '../../model/enums.js';
import { AccountId, ClientId, type InstrumentId, type Venue } from '../../model/identifiers.js';
import type { Order } from '../../model/order.js';
import { ExecutionMassStatus, type FillReport, type OrderStatusReport, type PositionStatusReport } from '../../model/reports.js';
import { Topics } from '../../node/message-bus.js';
import type { ExecClientContext, LiveExecutionClient, OrderStatusQuery, ReportQuery } from '../../node/clients.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList, SupportResult } from '../../node/commands.js';
import type { ResolvedKrakenExecClientConfig } from '../config.js';
import { KRAKEN_VENUE, KrakenProductType } from '../constants.js';
import { mergeAccountState } from './account-merge.js';
import { listFailure } from './list-failure.js';
import { ExecSession, type ProductBuilders } from './exec-session.js';
import type { ProductAccountSnapshot, ProductExecution } from './product-execution.js';

export interface KrakenExecutionClientOptions {
  /** The `ClientId` the node knows this client by (default `KRAKEN`). */
  readonly clientId?: string;
  /** Default `KRAKEN-001`. */
  readonly accountId?: string;
  /** How each configured product is built (factory.ts registers Kraken's). */
  readonly builders: ProductBuilders;
}

const NANOS_PER_SECOND = 1_000_000_000n;

export class KrakenExecutionClient implements LiveExecutionClient {
  readonly clientId: ClientId;
  readonly venue: Venue = KRAKEN_VENUE;
  readonly accountId: AccountId;
  /** MARGIN when Spot trades on margin or Futures is configured (Futures is always margin). */
  readonly accountType: AccountType;
  readonly #config: ResolvedKrakenExecClientConfig;
  readonly #context: ExecClientContext;
  readonly #builders: ProductBuilders;
  /** The latest account figures per product, in configuration order. */
  readonly #accounts = new Map<KrakenProductType, ProductAccountSnapshot>();
  #session: ExecSession | null = null;

  constructor(config: ResolvedKrakenExecClientConfig, context: ExecClientContext, options: KrakenExecutionClientOptions) {
    this.clientId = new ClientId(options.clientId ?? KRAKEN_VENUE.value);
    this.accountId = new AccountId(options.accountId ?? `${KRAKEN_VENUE.value}-001`);
    this.#config = config;
    this.#context = context;
    this.#builders = options.builders;
    const futures = config.productTypes.includes(KrakenProductType.FUTURES);
    this.accountType = futures || config.spotAccountType === 'MARGIN' ? 'MARGIN' : 'CASH';
    for (const product of config.productTypes) {
      if (this.#builders[product] == null)
        throw new KrakenStateError(`Kraken execution for ${product} is not available in this build: no product builder is registered`);
    }
  }

  get isConnected(): boolean {
    return this.#session !== null;
  }

  /** The connected products, in configuration order (empty before connect). */
  get products(): readonly ProductExecution[] {
    return this.#session?.products ?? [];
  }

  async connect(): Promise<void> {
    if (this.#session !== null) return;
    this.#accounts.clear();
    const session = await ExecSession.open(this.#config, this.#builders, {
      clock: this.#context.clock,
      logger: this.#context.logger,
      accountId: this.accountId,
      orders: this.#context.cache,
      handlerFor: (product) => ({
        handleEvent: (e) => this.#context.handler.handleEvent(e),
        handleOrderStatusReport: (r) => this.#context.handler.handleOrderStatusReport(r),
        handleFillReport: (r) => this.#context.handler.handleFillReport(r),
        handleAlert: (kind, message) => {
          this.#context.logger.error(`Kraken ${product}: ${message}`);
          const alert = { clientId: this.clientId.value, kind, message, tsEvent: this.#context.clock.timestampNs() };
          this.#context.msgbus.publish(Topics.executionAlerts(), alert);
        },
        handleAccount: (snapshot) => {
          this.#accounts.set(product, snapshot);
          this.#publishAccount();
        },
      }),
    });
    this.#session = session;
    try {
      await this.refreshAccount();
    } catch (e) {
      this.#session = null;
      await session.close();
      throw e;
    }
    this.#context.logger.info(
      `Kraken execution client connected (${this.#config.productTypes.join(', ')}, account ${this.accountId.value}, ${this.accountType})`,
    );
  }

  async disconnect(): Promise<void> {
    const session = this.#session;
    if (session === null) return;
    this.#session = null;
    await session.close();
  }

  /** Reads every product's account figures and publishes the merged state. */
  async refreshAccount(): Promise<void> {
    const products = this.#requireSession().products;
    const snapshots = await Promise.all(products.map((p) => p.queryAccount()));
    snapshots.forEach((s, i) => this.#accounts.set((products[i] as ProductExecution).product, s));
    this.#publishAccount();
  }

  /** Publishes the merged state once every configured product has reported: never one product's figures alone. */
  #publishAccount(): void {
    if (this.#config.productTypes.some((p) => !this.#accounts.has(p))) return;
    const state = mergeAccountState(
      { accountId: this.accountId, accountType: this.accountType, tsInit: this.#context.clock.timestampNs() },
      this.#config.productTypes.flatMap((p) => {
        const s = this.#accounts.get(p);
        return s === undefined ? [] : [[p, s] as const];
      }),
    );
    if (state !== null) this.#context.handler.handleAccountState(state);
  }

  // --- routing ------------------------------------------------------------------------------

  listsPositions(instrumentId: InstrumentId): boolean {
    return this.#productOf(instrumentId)?.listsPositions(instrumentId) ?? false;
  }

  supports(order: Order): SupportResult {
    const product = this.#productOf(order.instrumentId);
    if (product === undefined) return { ok: false, reason: this.#notTraded(order.instrumentId) };
    return product.supports(order);
  }

  submitOrder(command: SubmitOrder): Promise<void> {
    return this.#route(command.instrumentId, (p) => p.submitOrder(command));
  }

  /** Legs are grouped by product (in leg order); each product gets its own list. */
  async submitOrderList(command: SubmitOrderList): Promise<void> {
    const groups = new Map<ProductExecution, Order[]>();
    for (const leg of command.orders) {
      const product = this.#require(leg.instrumentId);
      groups.set(product, [...(groups.get(product) ?? []), leg]);
    }
    // Each product answers for its own legs; one product's refusal must not reject the other's
    // legs while their outcome is still unknown.
    const results = await Promise.allSettled([...groups].map(([product, orders]) => product.submitOrderList({ ...command, orders })));
    const failure = listFailure(results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])));
    if (failure !== undefined) throw failure as Error;
  }

  modifyOrder(command: ModifyOrder): Promise<void> {
    return this.#route(command.instrumentId, (p) => p.modifyOrder(command));
  }
  cancelOrder(command: CancelOrder): Promise<void> {
    return this.#route(command.instrumentId, (p) => p.cancelOrder(command));
  }
  cancelAllOrders(command: CancelAllOrders): Promise<void> {
    return this.#route(command.instrumentId, (p) => p.cancelAllOrders(command));
  }

  // --- reports ------------------------------------------------------------------------------

  async generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | null> {
    const id = query.instrumentId ?? null;
    if (id !== null) return this.#require(id).generateOrderStatusReport(query);
    for (const p of this.#requireSession().products) {
      const report = await p.generateOrderStatusReport(query);
      if (report !== null) return report;
    }
    return null;
  }

  generateOrderStatusReports(query: ReportQuery): Promise<OrderStatusReport[]> {
    return this.#gather(query, (p) => p.generateOrderStatusReports(query));
  }
  generateFillReports(query: ReportQuery): Promise<FillReport[]> {
    return this.#gather(query, (p) => p.generateFillReports(query));
  }
  generatePositionStatusReports(query: ReportQuery): Promise<PositionStatusReport[]> {
    return this.#gather(query, (p) => p.generatePositionStatusReports(query));
  }

  /**
   * Orders, fills and positions of every product over the last `lookbackMins` (null: all the
   * venue keeps). A product whose reports could not be read is named in the status's gaps, which
   * makes it incomplete; the other products' reports are still in it.
   */
  async generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus | null> {
    const products = this.#requireSession().products;
    const now = this.#context.clock.timestampNs();
    const start = lookbackMins === null ? null : now - BigInt(Math.round(lookbackMins * 60)) * NANOS_PER_SECOND;
    const mass = new ExecutionMassStatus(this.clientId, this.accountId, this.venue, now);
    mass.setWindow(start, now);
    // No upper bound on the reads: a node whose clock runs behind Kraken's (a restart with the
    // clock set back) would otherwise leave out the newest closed orders and fills, and infer them.
    const range: ReportQuery = { start, end: null };
    await Promise.all(
      products.map(async (p) => {
        const parts = await Promise.allSettled([
          p.generateOrderStatusReports(range),
          p.generateFillReports(range),
          p.generatePositionStatusReports({}),
        ]);
        const [orders, fills, positions] = parts;
        const names = ['orders', 'fills', 'positions'];
        parts.forEach((r, i) => {
          if (r.status === 'rejected') mass.markIncomplete(`${p.product} ${names[i]}: ${(r.reason as Error).message}`);
        });
        if (orders.status === 'fulfilled') mass.addOrderReports(orders.value);
        if (fills.status === 'fulfilled') mass.addFillReports(fills.value);
        if (positions.status === 'fulfilled') mass.addPositionReports(positions.value);
      }),
    );
    for (const gap of mass.gaps) this.#context.logger.error(`Kraken mass status incomplete: ${gap}`);
    return mass;
  }

  // --- helpers ------------------------------------------------------------------------------

  #requireSession(): ExecSession {
    if (this.#session === null) throw new KrakenStateError('the Kraken execution client is not connected');
    return this.#session;
  }

  #productOf(id: InstrumentId): ProductExecution | undefined {
    return this.#session?.products.find((p) => p.trades(id));
  }

  #notTraded(id: InstrumentId): string {
    return `${id.toString()} is not an instrument of the configured Kraken products (${this.#config.productTypes.join(', ')})`;
  }

  #require(id: InstrumentId): ProductExecution {
    this.#requireSession();
    const product = this.#productOf(id);
    if (product === undefined)
      throw new KrakenValidationError('Kraken execution command', [{ path: '/instrumentId', message: this.#notTraded(id) }]);
    return product;
  }

  async #route(id: InstrumentId, call: (p: ProductExecution) => Promise<void>): Promise<void> {
    await call(this.#require(id));
  }

  async #gather<T>(query: ReportQuery, call: (p: ProductExecution) => Promise<T[]>): Promise<T[]> {
    const id = query.instrumentId ?? null;
    if (id !== null) return call(this.#require(id));
    const parts = await Promise.all(this.#requireSession().products.map(call));
    return parts.flat();
  }
}
