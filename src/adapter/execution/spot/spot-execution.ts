/**
 * `SpotExecution`: Kraken Spot's half of the execution client (see ../product-execution.ts).
 *
 * `connect()` confirms the key (a query call, BalanceEx, and a trade call that changes nothing,
 * a cancel of an order id that cannot exist) so that a key that cannot trade fails at once with
 * a clear error, before any order; then opens the authenticated WS v2 socket (a fresh token per
 * connect), subscribes to `executions` (open orders and the last fills in the snapshot) and arms
 * the dead man's switch when configured. Every reconnect replays the subscription, restarts the
 * sequence check, re-arms the switch and checks order status over REST (spot-status-check.ts:
 * the open orders, and the orders that closed while the stream said nothing, with their fills).
 *
 * Orders: Kraken's trading status (the venue-wide `status` channel and the pair's own status,
 * spot-trading-status.ts) and the shape check (spot-order-shape.ts) deny what Kraken would not
 * take, before anything is sent; order entry
 * (spot-order-entry.ts) routes each command to WS or REST and keeps the WS timeout contract;
 * order lists are split by symbol into batches of at most 15 (a single order goes alone).
 */
import { KrakenAuthError, KrakenStateError, KrakenValidationError } from '../../../core/errors.js';
import type { InstrumentId } from '../../../model/identifiers.js';
import type { Order } from '../../../model/order.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../model/reports.js';
import { isDefinitiveRejection } from '../../../node/execution-engine.js';
import type { OrderStatusQuery, ReportQuery } from '../../../node/clients.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList, SupportResult } from '../../../node/commands.js';
import { KrakenSpotWsClient } from '../../../kraken/spot/ws/spot-ws-client.js';
import type { WsClientTuning } from '../../../transport/ws/client-options.js';
import { credentialSourceOf } from '../../common/credential-check.js';
import { KrakenProductType } from '../../constants.js';
import type { KrakenSpotHttpClient } from '../../http/spot-http-client.js';
import type { SpotInstrumentInfo } from '../../instruments/spot-instruments.js';
import { listFailure } from '../list-failure.js';
import type { ProductAccountSnapshot, ProductContext, ProductExecution } from '../product-execution.js';
import { SpotDeadManSwitch } from './dead-man-switch.js';
import { SpotAccount, type SpotReportReader } from './spot-account.js';
import { SpotExecutionsFeed, type ExecutionReport } from './spot-executions-feed.js';
import { chunks, SPOT_BATCH_ADD_MAX, SpotOrderEntry } from './spot-order-entry.js';
import { prepareSpotOrder, type SpotPreparedOrder } from './spot-order-prep.js';
import { SpotStatusCheck } from './spot-status-check.js';
import { spotAmendRefusal, spotStatusRefusal, systemStatusOf, type SpotSystemStatus } from './spot-trading-status.js';

/** WS reconnect backoff and timeouts beyond the config's options; tests shorten them. */
export type SpotExecWsTuning = Omit<WsClientTuning, 'clock' | 'proxyUrl' | 'wsHeartbeatSecs' | 'wsRequestTimeoutSecs'>;

export interface SpotExecutionOptions {
  readonly reader: SpotReportReader;
  readonly wsTuning?: SpotExecWsTuning;
}

/** A cl_ord_id no order can have (longer than Kraken's 18-character free text is not allowed either, so this stays short). */
const PROBE_CL_ORD_ID = 'kk-perm-probe';

export class SpotExecution implements ProductExecution {
  readonly product = KrakenProductType.SPOT;
  readonly ws: KrakenSpotWsClient;
  readonly #ctx: ProductContext<KrakenSpotHttpClient>;
  readonly #entry: SpotOrderEntry;
  readonly #feed: SpotExecutionsFeed;
  readonly #account: SpotAccount;
  readonly #statusCheck: SpotStatusCheck;
  readonly #dms: SpotDeadManSwitch | null;
  readonly #margin: boolean;
  #connected = false;
  /** Kraken's venue-wide status, as the authenticated socket's `status` channel last said. */
  #system: SpotSystemStatus = 'online';
  /** An account refresh is running; `#refreshAgain` asks for one more after it. */
  #refreshing = false;
  #refreshAgain = false;

  constructor(ctx: ProductContext<KrakenSpotHttpClient>, options: SpotExecutionOptions) {
    this.#ctx = ctx;
    const config = ctx.config;
    const clock = ctx.clock.source;
    this.#margin = config.spotAccountType === 'MARGIN';
    const raw = ctx.http.raw;
    this.ws = new KrakenSpotWsClient({
      ...options.wsTuning,
      endpoint: 'private',
      ...(config.baseUrlWsSpot === null ? {} : { url: config.baseUrlWsSpot }),
      ...(config.proxyUrl === null ? {} : { proxyUrl: config.proxyUrl }),
      wsHeartbeatSecs: config.wsHeartbeatSecs,
      wsRequestTimeoutSecs: config.wsRequestTimeoutSecs,
      clock,
      tokenProvider: async () => (await raw.getWebSocketsToken({})).token,
    });
    this.#entry = new SpotOrderEntry({
      ws: this.ws,
      rest: raw,
      clock: ctx.clock,
      logger: ctx.logger,
      accountId: ctx.accountId,
      useWsTrade: config.useWsTrade,
      validateOnly: config.validateOrders,
      emit: (e) => ctx.handler.handleEvent(e),
    });
    this.#feed = new SpotExecutionsFeed({
      accountId: ctx.accountId,
      clock: ctx.clock,
      logger: ctx.logger,
      orders: ctx.orders,
      instrument: (id) => this.#infoOf(id)?.instrument,
      emit: (e) => {
        ctx.handler.handleEvent(e);
        if (e.kind === 'OrderFilled') this.#refreshAccountSoon();
      },
      onGap: (why) => this.#statusCheck.request(why),
    });
    this.#account = new SpotAccount({
      reader: options.reader,
      margin: this.#margin,
      useSpotPositionReports: config.useSpotPositionReports,
      spotPositionsQuoteCurrency: config.spotPositionsQuoteCurrency,
      clock: ctx.clock,
      logger: ctx.logger,
    });
    this.#statusCheck = new SpotStatusCheck({
      account: this.#account,
      orders: ctx.orders,
      handler: ctx.handler,
      logger: ctx.logger,
      owns: (order) => this.trades(order.instrumentId),
    });
    this.#dms =
      config.cancelAllAfterSecs === null
        ? null
        : new SpotDeadManSwitch({
            ws: this.ws,
            rest: raw,
            clock: ctx.clock,
            logger: ctx.logger,
            timeoutSecs: config.cancelAllAfterSecs,
            timerName: `KrakenSpot.deadMansSwitch.${ctx.accountId.value}`,
            alert: (kind, message) => ctx.handler.handleAlert(kind, message),
          });
  }

  /** Kraken Spot's venue-wide trading status, as last pushed on the authenticated socket. */
  get systemStatus(): SpotSystemStatus {
    return this.#system;
  }

  /** The dead man's switch, when configured. */
  get deadMansSwitch(): SpotDeadManSwitch | null {
    return this.#dms;
  }

  #infoOf(id: InstrumentId | string): SpotInstrumentInfo | undefined {
    const info = this.#ctx.instruments.info(id);
    return info?.product === 'SPOT' ? info : undefined;
  }

  #requireInfo(id: InstrumentId): SpotInstrumentInfo {
    const info = this.#infoOf(id);
    if (info === undefined) throw new KrakenStateError(`${id.toString()} is not a Kraken Spot instrument`);
    return info;
  }

  trades(instrumentId: InstrumentId): boolean {
    return this.#infoOf(instrumentId) !== undefined;
  }

  listsPositions(): boolean {
    return this.#margin;
  }

  // --- connection ---------------------------------------------------------------------------

  async connect(): Promise<void> {
    if (this.#connected) return;
    await this.#confirmKey();
    this.ws.on('status', (frame) => this.#onSystemStatus(systemStatusOf(frame)));
    this.ws.on('executions', (frame) => this.#feed.onFrame(frame as { type: string; data: ExecutionReport[]; sequence?: number }));
    this.ws.on('dropped', (d) => {
      if (d.channel === 'executions') this.#statusCheck.request('a malformed executions frame was dropped');
    });
    this.ws.on('reconnected', () => {
      this.#feed.reset();
      void this.#dms?.rearm('reconnect');
      this.#statusCheck.request('the WS reconnected');
    });
    await this.ws.connect();
    await this.ws.subscribe('executions', { snap_orders: true, snap_trades: true });
    await this.#dms?.start();
    this.#connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    await this.#dms?.stop();
    await this.ws.close();
  }

  #onSystemStatus(status: SpotSystemStatus | null): void {
    if (status === null || status === this.#system) return;
    const line = `Kraken Spot system status: ${this.#system} → ${status}`;
    if (status === 'online') this.#ctx.logger.info(line);
    else this.#ctx.logger.warn(`${line}; new orders the status does not allow are denied before sending`);
    this.#system = status;
  }

  /** Query permission (BalanceEx) and trade permission (a cancel of an order id that cannot exist). */
  async #confirmKey(): Promise<void> {
    const creds = this.#ctx.config.credentials.spot;
    if (creds === null) {
      const err = new KrakenAuthError([], { endpoint: 'Kraken Spot' });
      err.message =
        'Kraken Spot execution needs an API key: set KRAKEN_SPOT_API_KEY / KRAKEN_SPOT_API_SECRET or the config fields apiKey / apiSecret';
      throw err;
    }
    const source = credentialSourceOf(creds);
    const raw = this.#ctx.http.raw;
    const fail = (what: string, e: unknown): never => {
      if (!(e instanceof KrakenAuthError)) throw e;
      const err = new KrakenAuthError(e.codes, { cause: e });
      err.message = `Kraken Spot: the API key from ${source} ${what} (${e.codes.join('; ') || e.message}); execution needs a key with query and trade permissions`;
      throw err;
    };
    await raw.balanceEx({}).catch((e: unknown) => fail('cannot query the account', e));
    try {
      await raw.cancelOrder({ cl_ord_id: PROBE_CL_ORD_ID });
    } catch (e) {
      if (e instanceof KrakenAuthError) fail('cannot trade', e);
      // "EOrder:Unknown order": the key may trade; the probe cancelled nothing.
    }
  }

  /** Balances change with every fill: one refresh at a time, one more if fills came meanwhile. */
  #refreshAccountSoon(): void {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return;
    }
    this.#refreshing = true;
    this.#account
      .snapshot()
      .then((s) => this.#ctx.handler.handleAccount(s))
      .catch((e: unknown) => this.#ctx.logger.warn(`Kraken Spot account refresh failed: ${(e as Error).message}`))
      .finally(() => {
        this.#refreshing = false;
        if (this.#refreshAgain && this.#connected) {
          this.#refreshAgain = false;
          this.#refreshAccountSoon();
        }
      });
  }

  // --- orders -------------------------------------------------------------------------------

  #prepare(order: Order, params: SubmitOrder['params']): SpotPreparedOrder | { readonly reason: string } {
    const info = this.#infoOf(order.instrumentId);
    if (info === undefined) return { reason: `${order.instrumentId.toString()} is not a Kraken Spot instrument` };
    const refused = spotStatusRefusal(order, this.#system, info.venueStatus);
    if (refused !== null) return { reason: refused };
    return prepareSpotOrder(order, params, {
      info,
      margin: this.#margin,
      defaultLeverage: this.#ctx.config.defaultLeverage,
      nowNs: this.#ctx.clock.timestampNs(),
    });
  }

  #require(order: Order, params: SubmitOrder['params']): SpotPreparedOrder {
    const p = this.#prepare(order, params);
    // A shape refused here (params given at submit time) is a local, definitive refusal: nothing was sent.
    if ('reason' in p)
      throw new KrakenValidationError('Kraken Spot order', [{ path: '/order', message: `${order.clientOrderId.value}: ${p.reason}` }]);
    return p;
  }

  supports(order: Order): SupportResult {
    const p = this.#prepare(order, order.params);
    return 'reason' in p ? { ok: false, reason: p.reason } : { ok: true };
  }

  async submitOrder(command: SubmitOrder): Promise<void> {
    const p = this.#require(command.order, command.params);
    await this.#entry.submit(p, this.#entry.transportFor(command.params, [p]));
  }

  /** Split by symbol (one symbol per batch), then into batches of at most 15; each batch's legs have their own outcome. */
  async submitOrderList(command: SubmitOrderList): Promise<void> {
    const bySymbol = new Map<string, SpotPreparedOrder[]>();
    for (const o of command.orders) {
      const p = this.#require(o, { ...o.params, ...command.params });
      bySymbol.set(p.wsSymbol, [...(bySymbol.get(p.wsSymbol) ?? []), p]);
    }
    const failures: unknown[] = [];
    for (const legs of bySymbol.values()) {
      for (const batch of chunks(legs, SPOT_BATCH_ADD_MAX)) {
        const transport = this.#entry.transportFor(command.params, batch);
        const send = batch.length === 1 ? this.#entry.submit(batch[0]!, transport) : this.#entry.submitBatch(batch, transport);
        await send.catch((e: unknown) => {
          failures.push(e);
          // A batch the venue turned away is rejected here, leg by leg: the error the list reports
          // may be another batch's unknown outcome, which leaves the engine rejecting nothing.
          if (isDefinitiveRejection(e)) this.#entry.reject(batch, (e as Error).message);
          this.#ctx.logger.warn(`Kraken Spot batch of ${batch.map((b) => b.clOrdId).join(', ')}: ${(e as Error).message}`);
        });
      }
    }
    if (failures.length > 0) throw listFailure(failures) as Error;
  }

  async modifyOrder(command: ModifyOrder): Promise<void> {
    const info = this.#requireInfo(command.instrumentId);
    const refused = spotAmendRefusal(this.#system, info.venueStatus, command.instrumentId.toString());
    if (refused !== null) throw new KrakenValidationError('Kraken Spot amend', [{ path: '/order', message: refused }]);
    const p = { restPair: info.names.altname, clOrdId: command.clientOrderId.value, pricePrecision: info.instrument.pricePrecision };
    await this.#entry.modify(command, p, this.#entry.transportFor(command.params, []));
  }

  async cancelOrder(command: CancelOrder): Promise<void> {
    const info = this.#requireInfo(command.instrumentId);
    await this.#entry.cancel(command.order, command.clientOrderId.value, this.#entry.transportFor(command.params, []), info.names.altname);
  }

  /** Every open order on every Spot symbol, whatever its side (Kraken's cancel-all). */
  async cancelAllOrders(command: CancelAllOrders): Promise<void> {
    const count = await this.#entry.cancelAll(this.#entry.transportFor(command.params, []));
    this.#ctx.logger.info(`Kraken Spot cancel-all: ${count} orders cancelled`);
  }

  // --- reports and account ------------------------------------------------------------------

  generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | null> {
    return this.#account.orderStatus(query);
  }
  generateOrderStatusReports(query: ReportQuery): Promise<OrderStatusReport[]> {
    return this.#account.orders(query);
  }
  generateFillReports(query: ReportQuery): Promise<FillReport[]> {
    return this.#account.fills(query);
  }
  generatePositionStatusReports(query: ReportQuery): Promise<PositionStatusReport[]> {
    return this.#account.positions(query);
  }
  async queryAccount(): Promise<ProductAccountSnapshot> {
    return this.#account.snapshot();
  }
}
