/**
 * Futures on the legacy Derivatives API (decommissioned by Kraken on 1 March 2027): orders over
 * REST (futures-order-entry.ts), their state from the WS `open_orders` and `fills` feeds
 * (futures-venue-feed.ts), the account from REST `accounts`, the switch from REST
 * `cancelallordersafter`, and the start-up check that the key may read and trade.
 */
import { KrakenStateError } from '../../../core/errors.js';
import { KrakenFuturesWsClient } from '../../../kraken/futures/ws/futures-ws-client.js';
import { isoToNs } from '../../common/wire-time.js';
import { parseFuturesAccounts } from '../reports/index.js';
import type { ProductAccountSnapshot } from '../product-execution.js';
import type { DeadManSwitchCall } from './futures-dead-man-switch.js';
import { FuturesOrderEntry } from './futures-order-entry.js';
import { confirmFuturesTrading } from './futures-startup.js';
import type { FuturesVenue, FuturesVenueDeps } from './futures-venue.js';

export class LegacyFuturesVenue implements FuturesVenue {
  readonly api = 'legacy';
  readonly ws: KrakenFuturesWsClient;
  readonly #deps: FuturesVenueDeps;
  readonly entry: FuturesOrderEntry;

  constructor(deps: FuturesVenueDeps) {
    this.#deps = deps;
    const config = deps.ctx.config;
    const creds = config.credentials.futures?.credentials;
    this.ws = new KrakenFuturesWsClient({
      ...deps.wsTuning,
      clock: deps.clock,
      wsHeartbeatSecs: config.wsHeartbeatSecs,
      environment: config.environment === 'DEMO' ? 'demo' : 'live',
      ...(config.proxyUrl === null ? {} : { proxyUrl: config.proxyUrl }),
      ...(config.baseUrlWsFutures === null ? {} : { url: config.baseUrlWsFutures }),
      ...(creds === undefined ? {} : { apiKey: creds.apiKey, apiSecret: creds.secret() }),
    });
    const raw = deps.ctx.http.raw;
    this.entry = new FuturesOrderEntry(raw, deps.tracker, (order) => deps.instrumentOf(order));
    const feed = deps.feed;
    this.ws.on('open_orders_snapshot', (m) => deps.guard(() => feed.onOpenOrdersSnapshot(m)));
    this.ws.on('open_orders', (m) => deps.guard(() => feed.onOpenOrders(m)));
    this.ws.on('fills_snapshot', (m) => deps.guard(() => feed.onFills(m)));
    this.ws.on('fills', (m) => deps.guard(() => feed.onFills(m)));
    this.ws.on('reconnected', () => deps.reconnected());
    this.ws.on('error', (e) => deps.ctx.logger.warn(`Kraken Futures WS: ${e.message}`));
  }

  readonly cancelAllAfter: DeadManSwitchCall = async (timeout) => {
    const res = await this.#deps.ctx.http.raw.cancelallordersafter({ timeout });
    return res.status?.triggerTime ?? null;
  };

  confirm(): Promise<void> {
    return confirmFuturesTrading(this.#deps.ctx.http.raw, this.#deps.ctx.config.credentials.futures);
  }

  async open(): Promise<void> {
    await this.ws.connect();
    await Promise.all([this.ws.subscribe('open_orders', {}), this.ws.subscribe('fills', {})]);
  }

  close(): Promise<void> {
    return this.ws.close();
  }

  /** `accounts` (flex and margin accounts) → balances, margins and figures; an entry that does not parse fails the read. */
  async account(): Promise<ProductAccountSnapshot> {
    const ctx = this.#deps.ctx;
    const res = await ctx.http.raw.accounts();
    const figures = parseFuturesAccounts(res.accounts);
    if (figures.failures.length > 0) {
      throw new KrakenStateError(`Kraken Futures accounts: ${figures.failures.map((f) => `${f.id}: ${f.error.message}`).join('; ')}`);
    }
    const tsEvent = res.serverTime === undefined ? ctx.clock.timestampNs() : isoToNs(res.serverTime, '/serverTime');
    return { balances: figures.balances, margins: figures.margins, info: figures.info, tsEvent };
  }

  positionReports(): null {
    return null;
  }
}
