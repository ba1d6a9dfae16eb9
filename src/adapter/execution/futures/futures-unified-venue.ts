/**
 * Futures on Kraken's Unified WebSocket (`futuresApi: 'unified'`): order entry (`add_order`,
 * `amend_order`, `cancel_order`, `batch_add`, `batch_cancel`; uws-order-entry.ts), the dead man's
 * switch (`cancel_all_orders_after`), and the account streams on one private connection:
 * `executions` (orders and fills, uws-executions-feed.ts), `margin` (balances and margins) and
 * `positions` (uws-account.ts).
 *
 * The connection's token comes from Spot REST `GetWebSocketsToken`, signed with a Kraken (Spot) API
 * key (`credentials.unified`), fetched fresh on every connection. The Derivatives key is still
 * checked for reading: the execution client reads history (lost fills, reports) and sets leverage
 * preferences over the legacy REST, which UWS does not replace (see the README for the end date).
 */
import { KrakenUnifiedWsClient } from '../../../kraken/unified/uws-client.js';
import { withDeadline } from '../../../transport/ws/deadline.js';
import { KRAKEN_CREDENTIAL_VARIABLES } from '../../credentials.js';
import { KrakenSpotHttpClient } from '../../http/spot-http-client.js';
import { unifiedWsUrl } from '../../common/futures-api.js';
import type { PositionStatusReport } from '../../../model/reports.js';
import { instrumentLookupFromProvider } from '../reports/index.js';
import type { ProductAccountSnapshot } from '../product-execution.js';
import type { DeadManSwitchCall } from './futures-dead-man-switch.js';
import { authError, confirmFuturesRead, PERMISSION_PROBE_CLI_ORD_ID } from './futures-startup.js';
import type { FuturesVenue, FuturesVenueDeps } from './futures-venue.js';
import { UwsAccountState } from './uws-account.js';
import { UwsExecutionsFeed } from './uws-executions-feed.js';
import { UwsOrderEntry } from './uws-order-entry.js';

/** How long `open()` waits for the first margin section and positions snapshot after subscribing. */
const FIRST_STATE_TIMEOUT_MS = 10_000;

export class UnifiedFuturesVenue implements FuturesVenue {
  readonly api = 'unified';
  readonly ws: KrakenUnifiedWsClient;
  readonly #deps: FuturesVenueDeps;
  readonly #rest: KrakenSpotHttpClient;
  readonly #feed: UwsExecutionsFeed;
  readonly entry: UwsOrderEntry;
  readonly #account = new UwsAccountState();
  #stateWaiters: (() => void)[] = [];
  #live = false;

  constructor(deps: FuturesVenueDeps) {
    this.#deps = deps;
    const config = deps.ctx.config;
    // The Spot REST client of the config, signing with the key that fetches UWS tokens.
    this.#rest = KrakenSpotHttpClient.fromConfig(
      { ...config, credentials: { ...config.credentials, spot: config.credentials.unified } },
      { clock: deps.clock },
    );
    this.ws = new KrakenUnifiedWsClient({
      wsRequestTimeoutSecs: config.wsRequestTimeoutSecs,
      ...deps.wsTuning,
      clock: deps.clock,
      wsHeartbeatSecs: config.wsHeartbeatSecs,
      ...(config.proxyUrl === null ? {} : { proxyUrl: config.proxyUrl }),
      url: unifiedWsUrl(config, 'private'),
      tokenProvider: async () => (await this.#rest.raw.getWebSocketsToken()).token,
    });
    this.#feed = new UwsExecutionsFeed({
      tracker: deps.tracker,
      instrument: (symbol) => deps.instrumentBySymbol(symbol),
      unknownOrder: (what, venueId, clientId) => deps.unknownOrder(what, venueId, clientId),
      fillsBehind: () => deps.fillsBehind(),
      warn: (m) => deps.ctx.logger.warn(m),
    });
    this.entry = new UwsOrderEntry(
      this.ws,
      deps.tracker,
      (o) => deps.instrumentOf(o),
      (symbol) => this.#feed.openOrderIds(symbol),
    );
    this.ws.on('executions', (m) => deps.guard(() => this.#feed.onExecutions(m)));
    this.ws.on('margin', (m) =>
      deps.guard(() => {
        this.#account.onMargin(m);
        this.#stateArrived();
        if (this.#live) deps.accountChanged(this.#account.snapshot(deps.ctx.clock.timestampNs()));
      }),
    );
    this.ws.on('positions', (m) =>
      deps.guard(() => {
        this.#account.onPositions(m);
        this.#stateArrived();
      }),
    );
    this.ws.on('reconnected', () => deps.reconnected());
    this.ws.on('error', (e) => deps.ctx.logger.warn(`Kraken Unified WS: ${e.message}`));
  }

  readonly cancelAllAfter: DeadManSwitchCall = async (timeout) => {
    const res = await this.ws.request('cancel_all_orders_after', { timeout });
    return res.result?.triggerTime ?? null;
  };

  async confirm(): Promise<void> {
    const config = this.#deps.ctx.config;
    if (config.credentials.unified === null) {
      const v = KRAKEN_CREDENTIAL_VARIABLES.SPOT;
      throw authError(
        ['krakenkit: Kraken Unified WebSocket needs a Kraken API key'],
        `Kraken Futures on the Unified WebSocket needs a Kraken (Spot) API key with WebSocket access for its token: set ${v.key} / ${v.secret} (or configure SPOT with its key); Derivatives keys are not used there`,
      );
    }
    await confirmFuturesRead(this.#deps.ctx.http.raw, config.credentials.futures);
  }

  async open(): Promise<void> {
    await this.ws.connect();
    await this.#probeTrading();
    await Promise.all([
      this.ws.subscribe('executions', { snap_orders: true, snap_trades: true }),
      this.ws.subscribe('margin', {}),
      this.ws.subscribe('positions', {}),
    ]);
    const ready = new Promise<void>((resolve) => {
      this.#stateWaiters.push(resolve);
      this.#stateArrived();
    });
    await withDeadline(this.#deps.clock, ready, FIRST_STATE_TIMEOUT_MS, 'the first margin section and positions snapshot', this.ws.url);
    this.#live = true;
  }

  async close(): Promise<void> {
    this.#live = false;
    try {
      await this.ws.close();
    } finally {
      await this.#rest.close();
    }
  }

  /** The latest `margin` sections as the account (no request: Kraken pushes every change). */
  account(): Promise<ProductAccountSnapshot> {
    return Promise.resolve(this.#account.snapshot(this.#deps.ctx.clock.timestampNs()));
  }

  positionReports(): PositionStatusReport[] {
    const ctx = this.#deps.ctx;
    return this.#account.positionReports({
      accountId: ctx.accountId,
      instruments: instrumentLookupFromProvider(ctx.instruments),
      tsInit: ctx.clock.timestampNs(),
    });
  }

  /**
   * Trading permission, probed like the legacy start-up check: a cancel of a client order id that
   * cannot exist. A key that may trade gets the venue's unknown-order answer; a key that may not
   * gets `EGeneral:Permission denied`.
   */
  async #probeTrading(): Promise<void> {
    const [answer] = await this.ws.request('cancel_order', { cl_ord_id: [PERMISSION_PROBE_CLI_ORD_ID] });
    const error = answer?.error ?? '';
    if (/Permission denied/i.test(error)) {
      const source = this.#deps.ctx.config.credentials.unified?.source === 'config' ? 'the config' : 'the environment';
      throw authError(
        [error],
        `Kraken Futures: the Kraken API key from ${source} may open the Unified WebSocket but not trade (${error}): give it order permissions`,
      );
    }
  }

  #stateArrived(): void {
    if (!this.#account.hasMargin || !this.#account.hasPositions) return;
    const waiters = this.#stateWaiters;
    this.#stateWaiters = [];
    for (const w of waiters) w();
  }
}
