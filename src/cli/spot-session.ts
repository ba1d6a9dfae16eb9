/**
 * The main job's Spot session: a verified order book and the trade tape over WS v2, the account
 * over REST, and (where trading is allowed) one post-only order placed and cancelled over the
 * authenticated WS. It uses only the public components, exactly as a user's code would.
 */
import { Decimal } from 'decimal.js';
import { KrakenApiError, KrakenError } from '../core/errors.js';
import { KrakenPairTable } from '../kraken/common/symbology/pair-table.js';
import { KrakenSpotRawHttpClient } from '../kraken/spot/http/raw-client.js';
import { SpotOrderBook } from '../kraken/spot/book/spot-order-book.js';
import { KrakenSpotWsClient } from '../kraken/spot/ws/spot-ws-client.js';
import type { SpotVenue } from './spot-venue.js';

export interface SessionStats {
  bookMessages: number;
  bookVerified: number;
  bookRejected: number;
  resyncs: number;
  trades: number;
  executions: number;
  orderPlaced: string | undefined;
  orderCanceled: boolean;
}

export type Say = (line: string) => void;

export class SpotSession {
  readonly stats: SessionStats = {
    bookMessages: 0,
    bookVerified: 0,
    bookRejected: 0,
    resyncs: 0,
    trades: 0,
    executions: 0,
    orderPlaced: undefined,
    orderCanceled: false,
  };
  readonly #venue: SpotVenue;
  readonly #symbol: string;
  readonly #say: Say;
  readonly #rest: KrakenSpotRawHttpClient;
  readonly #public: KrakenSpotWsClient;
  #private: KrakenSpotWsClient | undefined;
  #book: SpotOrderBook | undefined;
  /** Told once the book has verified a snapshot (see `whenBookValid`). */
  readonly #bookValidWaiters: (() => void)[] = [];

  constructor(venue: SpotVenue, symbol: string, say: Say) {
    this.#venue = venue;
    this.#symbol = symbol;
    this.#say = say;
    this.#rest = new KrakenSpotRawHttpClient({
      baseUrl: venue.restUrl,
      ...(venue.apiKey && venue.apiSecret ? { apiKey: venue.apiKey, apiSecret: venue.apiSecret } : {}),
    });
    this.#public = new KrakenSpotWsClient({ url: venue.wsPublicUrl });
  }

  async start(): Promise<void> {
    const status = await this.#rest.systemStatus();
    const time = await this.#rest.time();
    this.#say(`venue ${this.#venue.name}: status ${status.status}, server time ${time.rfc1123}`);
    const pairs = await this.#rest.assetPairs();
    // Kraken REST says XBT where WS v2 says BTC: the symbology table knows every name of a pair.
    const names = KrakenPairTable.fromAssetPairs(pairs).resolve(this.#symbol);
    const pair = names === undefined ? undefined : pairs[names.key];
    if (names === undefined || pair === undefined) throw new KrakenError(`no Kraken pair trades as ${this.#symbol}`);
    if (names.symbol !== this.#symbol)
      throw new KrakenError(`${this.#symbol} is Kraken's ${names.key}: name it by its WS v2 symbol, ${names.symbol}`);
    const pairId = names.key;
    const pricePrecision = pair.pair_decimals ?? 1;
    const qtyPrecision = pair.lot_decimals ?? 8;
    this.#say(`${this.#symbol} is ${pairId} (${pair.altname}): price precision ${pricePrecision}, qty precision ${qtyPrecision}`);

    const book = new SpotOrderBook({
      symbol: this.#symbol,
      depth: 10,
      pricePrecision,
      qtyPrecision,
      onResync: (req) => {
        this.stats.resyncs++;
        this.#say(`book invalid (${req.reason}): resubscribing for a fresh snapshot`);
        void this.#resubscribeBook();
      },
    });
    this.#book = book;
    this.#public.on('book', (msg) => {
      this.stats.bookMessages++;
      const r = book.apply(msg);
      if (r.ok) this.stats.bookVerified++;
      else this.stats.bookRejected++;
      if (book.isValid) for (const told of this.#bookValidWaiters.splice(0)) told();
    });
    this.#public.on('trade', (msg) => {
      this.stats.trades += msg.data.length;
    });
    this.#public.on('reconnecting', (e) => this.#say(`public WS reconnecting (attempt ${e.attempt}, ${e.reason})`));
    await this.#public.connect();
    await this.#public.subscribe('book', { symbol: [this.#symbol], depth: 10 });
    await this.#public.subscribe('trade', { symbol: [this.#symbol] });
    if (this.#venue.apiKey && this.#venue.apiSecret) {
      const balance = await this.#rest.balance();
      const shown = Object.entries(balance)
        .slice(0, 4)
        .map(([a, v]) => `${a} ${v}`)
        .join(', ');
      this.#say(`balances: ${shown}`);
    }
  }

  /** Resolves true once the book has verified a snapshot, or false after `timeoutMs` without one. */
  whenBookValid(timeoutMs: number): Promise<boolean> {
    if (this.#book?.isValid === true) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.#bookValidWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Places one post-only limit buy well below the market over WS, then cancels it. */
  async placeAndCancelDemoOrder(): Promise<void> {
    if (!this.#venue.trading) return;
    const book = this.#book;
    if (!book?.isValid) {
      this.#say('book not valid yet: no demonstration order');
      return;
    }
    const bestBid = book.bids(1)[0];
    if (!bestBid) return;
    const price = new Decimal(bestBid[0]).mul('0.9').toDecimalPlaces(book.pricePrecision, Decimal.ROUND_DOWN).toFixed(book.pricePrecision);
    const priv = new KrakenSpotWsClient({
      url: this.#venue.wsAuthUrl,
      tokenProvider: async () => (await this.#rest.getWebSocketsToken()).token,
    });
    this.#private = priv;
    priv.on('executions', (msg) => {
      this.stats.executions += msg.data.length;
      for (const e of msg.data) this.#say(`execution: ${e.exec_type} ${e.order_id ?? ''} ${e.order_status ?? ''}`.trim());
    });
    await priv.connect();
    await priv.subscribe('executions', { snap_orders: true, snap_trades: false });
    let orderId: string | undefined;
    try {
      const ack = await priv.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.001',
        symbol: this.#symbol,
        limit_price: price,
        post_only: true,
      });
      orderId = ack.result?.order_id;
    } catch (err) {
      // A venue refusal (minimum size, funds, market mode) ends the demonstration, not the job.
      if (!(err instanceof KrakenApiError)) throw err;
      this.#say(`add_order refused: ${err.codes.join('; ')}`);
      return;
    }
    if (!orderId) {
      this.#say('add_order acknowledged without an order id');
      return;
    }
    this.stats.orderPlaced = orderId;
    this.#say(`placed post-only buy 0.001 ${this.#symbol} @ ${price}: ${orderId}`);
    const cancels = await priv.request('cancel_order', { order_id: [orderId] });
    this.stats.orderCanceled = cancels.every((c) => c.success);
    this.#say(`cancelled ${orderId}: ${this.stats.orderCanceled ? 'ok' : 'refused'}`);
  }

  statusLine(): string {
    const book = this.#book;
    const top = book?.isValid
      ? `bid ${book.bids(1)[0]?.join(' x ') ?? '-'} | ask ${book.asks(1)[0]?.join(' x ') ?? '-'}`
      : 'book not valid';
    const s = this.stats;
    return `${this.#symbol} ${top} | book msgs ${s.bookMessages} (checksum verified ${s.bookVerified}, refused ${s.bookRejected}, resyncs ${s.resyncs}) | trades ${s.trades}`;
  }

  async #resubscribeBook(): Promise<void> {
    try {
      await this.#public.unsubscribe('book', { symbol: [this.#symbol], depth: 10 });
      await this.#public.subscribe('book', { symbol: [this.#symbol], depth: 10 });
    } catch (err) {
      this.#say(`resubscribe failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#private?.close(), this.#public.close(), this.#rest.close()]);
  }
}
