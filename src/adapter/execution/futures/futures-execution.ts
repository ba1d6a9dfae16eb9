/**
 * `FuturesExecution`: Kraken Futures' half of the execution client, on either Futures API
 * (`futuresApi`, futures-venue.ts): the legacy Derivatives REST and WS, or the Unified WebSocket.
 * Orders go out on the chosen API, their state comes back from its streams, and both meet in one
 * tracker that emits each order event once.
 *
 * At connect it confirms the keys, sets the configured leverage preferences (legacy REST on either
 * API: UWS has no leverage method), opens the private streams, arms the dead man's switch when
 * `cancelAllAfterSecs` is set and publishes the account. After a reconnect it re-arms the switch
 * and looks up fills it may have missed over the legacy REST history (the streams' snapshots also
 * replay recent fills; fill ids keep both from counting twice).
 */
import { KrakenError, KrakenStateError } from '../../../core/errors.js';
import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { WsClientTuning } from '../../../transport/ws/client-options.js';
import type { InstrumentId } from '../../../model/identifiers.js';
import type { Instrument } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import type { Decimal } from '../../../model/values.js';
import type { SupportResult } from '../../../node/commands.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList } from '../../../node/commands.js';
import { KrakenProductType } from '../../constants.js';
import type { FuturesInstrumentInfo } from '../../instruments/futures-instruments.js';
import type { KrakenFuturesHttpClient } from '../../http/futures-http-client.js';
import type { ProductAccountSnapshot, ProductContext, ProductExecution } from '../product-execution.js';
import { isoToNs } from '../../common/wire-time.js';
import { FuturesDeadManSwitch, type DeadManSwitchEvent } from './futures-dead-man-switch.js';
import { LegacyFuturesVenue } from './futures-legacy-venue.js';
import { checkFuturesLeverage, FuturesLeveragePreferences, parseLeverage } from './futures-leverage.js';
import type { FuturesModify } from './futures-order-entry.js';
import { checkAgainstInstrument, futuresOrderShape } from './futures-order-shape.js';
import { FuturesOrderTracker } from './futures-order-tracker.js';
import { FuturesReports } from './futures-reports.js';
import { UnifiedFuturesVenue } from './futures-unified-venue.js';
import type { FuturesVenue, FuturesVenueDeps } from './futures-venue.js';
import { FuturesVenueFeed } from './futures-venue-feed.js';
import { unifiedOrderShape } from './uws-order-encoding.js';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface FuturesExecutionOptions {
  /** WS tuning beyond the config (tests shorten reconnect backoff). */
  readonly wsTuning?: Omit<WsClientTuning, 'clock' | 'proxyUrl' | 'wsHeartbeatSecs'>;
  /** How long the fills feed may lag behind `open_orders` before REST `fills` is asked (default 1000 ms). */
  readonly fillCheckDelayMs?: number;
  /** How long after a fill the account is read again (default 500 ms; several fills share one read). */
  readonly accountRefreshDelayMs?: number;
}

export class FuturesExecution implements ProductExecution {
  readonly product = KrakenProductType.FUTURES;
  /** The Futures API this product trades on (`futuresApi`). */
  readonly venue: FuturesVenue;
  readonly #ctx: ProductContext<KrakenFuturesHttpClient>;
  readonly #clock: Clock;
  readonly #tracker: FuturesOrderTracker;
  readonly #feed: FuturesVenueFeed;
  readonly #leverage: FuturesLeveragePreferences;
  readonly #reports: FuturesReports;
  readonly #switch: FuturesDeadManSwitch | null;
  readonly #switchListeners = new Set<(e: DeadManSwitchEvent) => void>();
  readonly #fillCheckDelayMs: number;
  readonly #accountDelayMs: number;
  #fillCheck: TimerHandle = undefined;
  #accountRefresh: TimerHandle = undefined;
  #connected = false;

  constructor(context: ProductContext<KrakenFuturesHttpClient>, options: FuturesExecutionOptions = {}) {
    this.#ctx = context;
    this.#clock = context.clock.source;
    const config = context.config;
    this.#fillCheckDelayMs = options.fillCheckDelayMs ?? 1000;
    this.#accountDelayMs = options.accountRefreshDelayMs ?? 500;
    const raw = context.http.raw;
    this.#tracker = new FuturesOrderTracker({
      accountId: context.accountId,
      nowNs: () => context.clock.timestampNs(),
      emit: (event) => {
        context.handler.handleEvent(event);
        if (event.kind === 'OrderFilled') this.#scheduleAccountRefresh();
      },
    });
    this.#reports = new FuturesReports(raw, context);
    this.#feed = new FuturesVenueFeed({
      tracker: this.#tracker,
      instrument: (symbol) => this.#infoBySymbol(symbol)?.instrument,
      unknownOrder: (what, venueOrderId, clientOrderId) => this.#reports.unknownOrder(what, venueOrderId, clientOrderId),
      fillsBehind: () => this.#scheduleFillCheck(),
      warn: (m) => context.logger.warn(m),
    });
    const deps: FuturesVenueDeps = {
      ctx: context,
      clock: this.#clock,
      tracker: this.#tracker,
      feed: this.#feed,
      wsTuning: options.wsTuning ?? {},
      instrumentOf: (order) => this.#instrumentOf(order.instrumentId),
      instrumentBySymbol: (symbol) => this.#infoBySymbol(symbol)?.instrument,
      guard: (fn) => this.#guard(fn),
      reconnected: () => {
        void this.#switch?.rearm('reconnect');
        this.#scheduleFillCheck();
        this.#scheduleAccountRefresh();
      },
      fillsBehind: () => this.#scheduleFillCheck(),
      unknownOrder: (what, venueOrderId, clientOrderId) => this.#reports.unknownOrder(what, venueOrderId, clientOrderId),
      accountChanged: (snapshot) => {
        if (this.#connected) context.handler.handleAccount(snapshot);
      },
    };
    this.venue = config.futuresApi === 'unified' ? new UnifiedFuturesVenue(deps) : new LegacyFuturesVenue(deps);
    this.#leverage = new FuturesLeveragePreferences(raw);
    const secs = config.cancelAllAfterSecs;
    this.#switch =
      secs === null
        ? null
        : new FuturesDeadManSwitch(this.venue.cancelAllAfter, this.#clock, secs, context.logger, (e) => this.#onSwitchEvent(e));
  }

  /** The dead man's switch (null when `cancelAllAfterSecs` is not set). */
  get deadManSwitch(): FuturesDeadManSwitch | null {
    return this.#switch;
  }

  /** Listens to the switch's armed / rearmed / disarmed / failed events; returns the unsubscribe. */
  onDeadManSwitch(listener: (e: DeadManSwitchEvent) => void): () => void {
    this.#switchListeners.add(listener);
    return () => this.#switchListeners.delete(listener);
  }

  /** The account's leverage preferences as the venue has them now: symbol → max leverage (isolated margin). */
  leveragePreferences(): Promise<Map<string, Decimal>> {
    return this.#leverage.read();
  }

  trades(instrumentId: InstrumentId): boolean {
    return this.#ctx.instruments.info(instrumentId)?.product === 'FUTURES';
  }

  listsPositions(instrumentId: InstrumentId): boolean {
    return this.trades(instrumentId);
  }

  async connect(): Promise<void> {
    await this.venue.confirm();
    await this.#leverage.load();
    await this.#applyConfiguredLeverage();
    await this.venue.open();
    if (this.#switch !== null) await this.#switch.arm();
    this.#connected = true;
    this.#ctx.handler.handleAccount(await this.queryAccount());
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.#cancelTimers();
    try {
      await this.#switch?.disarm();
    } finally {
      await this.venue.close();
    }
  }

  supports(order: Order): SupportResult {
    if (this.#ctx.config.validateOrders)
      return { ok: false, reason: 'Kraken Futures has no validate-only order entry (validateOrders is on): nothing is sent' };
    const info = this.#info(order.instrumentId);
    if (info === undefined)
      return { ok: false, reason: `Kraken Futures: ${order.instrumentId.toString()} is not a loaded Futures instrument` };
    const shape = this.venue.api === 'unified' ? unifiedOrderShape(order) : futuresOrderShape(order);
    if (!shape.ok) return shape;
    const values = checkAgainstInstrument(order, info.instrument);
    if (!values.ok) return values;
    const leverage = order.params['leverage'];
    if (leverage !== undefined && leverage !== null) {
      return checkFuturesLeverage(leverage, info.marginTiers, order.quantity, info.instrument.rawSymbol.value);
    }
    return { ok: true };
  }

  async submitOrder(command: SubmitOrder): Promise<void> {
    this.#assertConnected();
    await this.#leverageFor([command.order], command.params);
    await this.venue.entry.submit(command.order);
  }

  /** Sends the list as batches of 10 (Kraken's `batchorder`). */
  async submitOrderList(command: SubmitOrderList): Promise<void> {
    this.#assertConnected();
    await this.#leverageFor(command.orders, command.params);
    await this.venue.entry.submitBatch(command.orders);
  }

  async modifyOrder(command: ModifyOrder): Promise<void> {
    this.#assertConnected();
    await this.venue.entry.modify({
      order: command.order,
      quantity: command.quantity,
      price: command.price,
      triggerPrice: command.triggerPrice,
    });
  }

  /** Batch modify (`batchorder` edit instructions, 10 per call); each order must be PENDING_UPDATE at the engine. */
  async modifyOrders(list: readonly FuturesModify[]): Promise<void> {
    this.#assertConnected();
    await this.venue.entry.modifyBatch(list);
  }

  async cancelOrder(command: CancelOrder): Promise<void> {
    this.#assertConnected();
    await this.venue.entry.cancel(command.order);
  }

  /** Batch cancel (`batchorder` cancel instructions, 50 per call); each order must be PENDING_CANCEL at the engine. */
  async cancelOrders(orders: readonly Order[]): Promise<void> {
    this.#assertConnected();
    await this.venue.entry.cancelBatch(orders);
  }

  /** Kraken Futures' cancel-all is per symbol: every open order of the instrument's symbol, any side. */
  async cancelAllOrders(command: CancelAllOrders): Promise<void> {
    this.#assertConnected();
    const instrument = this.#instrumentOf(command.instrumentId);
    const local = command.orders.filter((o) => o.instrumentId.equals(command.instrumentId));
    await this.venue.entry.cancelAll(instrument.rawSymbol.value, local);
  }

  generateOrderStatusReport: ProductExecution['generateOrderStatusReport'] = (q) => this.#reports.orderStatusReport(q);
  generateOrderStatusReports: ProductExecution['generateOrderStatusReports'] = (q) => this.#reports.orderStatusReports(q);
  generateFillReports: ProductExecution['generateFillReports'] = (q) => this.#reports.fillReports(q);
  /** Positions from the Unified WebSocket's `positions` stream, or REST `openpositions` on the legacy API. */
  generatePositionStatusReports: ProductExecution['generatePositionStatusReports'] = async (q) => {
    const streamed = this.venue.positionReports();
    if (streamed === null) return this.#reports.positionReports(q);
    return q.instrumentId == null ? streamed : streamed.filter((r) => r.instrumentId.equals(q.instrumentId as InstrumentId));
  };

  /** The account on the chosen API: REST `accounts` (legacy) or the latest `margin` sections (unified). */
  queryAccount(): Promise<ProductAccountSnapshot> {
    return this.venue.account();
  }

  // --- internals --------------------------------------------------------------------------
  #assertConnected(): void {
    if (!this.#connected) throw new KrakenStateError('Kraken Futures execution is not connected');
  }

  #info(id: InstrumentId): FuturesInstrumentInfo | undefined {
    const info = this.#ctx.instruments.info(id);
    return info?.product === 'FUTURES' ? info : undefined;
  }

  #infoBySymbol(symbol: string): FuturesInstrumentInfo | undefined {
    const info = this.#ctx.instruments.info(`${symbol}.KRAKEN`);
    return info?.product === 'FUTURES' ? info : undefined;
  }

  #instrumentOf(id: InstrumentId): Instrument {
    const info = this.#info(id);
    if (info === undefined) throw new KrakenStateError(`Kraken Futures: ${id.toString()} is not a loaded Futures instrument`);
    return info.instrument;
  }

  /** Per-order `params.leverage` becomes the symbol's leverage preference before the orders go out. */
  async #leverageFor(orders: readonly Order[], params: Readonly<Record<string, unknown>>): Promise<void> {
    const wanted = new Map<string, unknown>();
    for (const o of orders) {
      const lev = o.params['leverage'] ?? params['leverage'];
      if (lev !== undefined && lev !== null) wanted.set(this.#instrumentOf(o.instrumentId).rawSymbol.value, lev);
    }
    for (const [symbol, lev] of wanted) {
      const value = parseLeverage(lev);
      if (value === null) throw new KrakenStateError(`Kraken Futures: leverage ${String(lev)} on ${symbol} is not a number`);
      if (await this.#leverage.ensure(symbol, value))
        this.#ctx.logger.info(`Kraken Futures leverage on ${symbol} set to ${value.toString()}`);
    }
  }

  async #applyConfiguredLeverage(): Promise<void> {
    for (const [symbol, lev] of Object.entries(this.#ctx.config.futuresLeverage ?? {})) {
      const info = this.#infoBySymbol(symbol);
      if (info === undefined) throw new KrakenStateError(`futuresLeverage: ${symbol} is not a loaded Kraken Futures instrument`);
      const check = checkFuturesLeverage(lev, info.marginTiers, info.instrument.sizeIncrement, symbol);
      if (!check.ok) throw new KrakenStateError(`futuresLeverage: ${check.reason}`);
      await this.#leverage.ensure(symbol, parseLeverage(lev));
    }
  }

  #scheduleFillCheck(): void {
    if (this.#fillCheck !== undefined || !this.#connected) return;
    this.#fillCheck = this.#clock.setTimeout(() => {
      this.#fillCheck = undefined;
      void this.#checkFills();
    }, this.#fillCheckDelayMs);
  }

  /**
   * Fills over REST: the latest page of `fills` says which fills of our orders were not seen; the
   * report source then reads those (over their venue time span) with their fees from the execution
   * history. A fill whose fee cannot be read is still applied, without it: a fill is never lost.
   */
  async #checkFills(): Promise<void> {
    try {
      const res = await this.#ctx.http.raw.fills();
      const unseen = res.fills.filter((f) => !this.#feed.seen(f.fill_id) && this.#feed.tracks(f.order_id, f.cliOrdId ?? null)).reverse();
      if (unseen.length === 0) return;
      const times = unseen.map((f) => isoToNs(f.fillTime, `/fills/${f.fill_id}/fillTime`));
      const start = times.reduce((a, b) => (a < b ? a : b));
      const end = times.reduce((a, b) => (a > b ? a : b));
      try {
        for (const r of await this.#reports.fillReports({ start, end })) this.#feed.applyFillReport(r);
      } catch (err) {
        this.#ctx.logger.warn(`Kraken Futures fill fees could not be read, fills applied without them: ${errorText(err)}`);
      }
      for (const f of unseen) {
        this.#feed.applyFill({
          instrument: f.symbol,
          time: Number(isoToNs(f.fillTime, '/fillTime') / 1_000_000n),
          price: f.price,
          seq: 0,
          buy: f.side === 'buy',
          qty: f.size,
          order_id: f.order_id,
          ...(f.cliOrdId == null ? {} : { cli_ord_id: f.cliOrdId }),
          fill_id: f.fill_id,
          fill_type: f.fillType,
        });
      }
    } catch (err) {
      this.#ctx.logger.warn(`Kraken Futures fill check failed: ${errorText(err)}`);
    }
  }

  #scheduleAccountRefresh(): void {
    if (this.#accountRefresh !== undefined || !this.#connected) return;
    this.#accountRefresh = this.#clock.setTimeout(() => {
      this.#accountRefresh = undefined;
      this.queryAccount().then(
        (s) => this.#ctx.handler.handleAccount(s),
        (err: unknown) =>
          this.#ctx.logger.warn(`Kraken Futures account refresh failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }, this.#accountDelayMs);
  }

  #cancelTimers(): void {
    if (this.#fillCheck !== undefined) this.#clock.clearTimeout(this.#fillCheck);
    if (this.#accountRefresh !== undefined) this.#clock.clearTimeout(this.#accountRefresh);
    this.#fillCheck = undefined;
    this.#accountRefresh = undefined;
  }

  #onSwitchEvent(e: DeadManSwitchEvent): void {
    for (const l of this.#switchListeners) l(e);
  }

  #guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof KrakenError)) throw err;
      this.#ctx.logger.error(`Kraken Futures order feed: message dropped: ${err.message}`);
    }
  }
}
