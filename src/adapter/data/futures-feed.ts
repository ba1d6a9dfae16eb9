/**
 * The Futures live feed over Kraken's Futures WebSocket v1 (the "legacy" Futures API): one
 * `ticker` subscription per product serves quotes, mark prices, index prices and funding rates
 * (it is held while any of them is wanted), `trade` → TradeTick, `book` → OrderBookDeltas through
 * a seq-checked book. Kraken's Unified WebSocket is another `MarketFeed` beside this one.
 *
 * Funding rates change a few times a day while the ticker repeats them every second: one is
 * published when the rate or its due time changes (and once when the subscription starts).
 */
import { KrakenValidationError, type KrakenError } from '../../core/errors.js';
import { FuturesOrderBook } from '../../kraken/futures/book/futures-order-book.js';
import { futuresBookProductOf } from '../../kraken/futures/ws/feed-text-decoders.js';
import type { KrakenFuturesWsClient } from '../../kraken/futures/ws/futures-ws-client.js';
import type { FuturesWsFeedMessages } from '../../kraken/futures/ws/types.js';
import type { InstrumentId } from '../../model/identifiers.js';
import { CryptoPerpetual, type Instrument } from '../../model/instruments.js';
import type { WsDisconnectInfo } from '../../transport/ws/connection-types.js';
import { msToNs } from '../common/wire-time.js';
import { BookDeltaBuilder, type BookChanges, type LevelText } from './book-deltas.js';
import { BookSync, type DecodedBookFrame } from './book-sync.js';
import { futuresFundingRate, futuresIndexPrice, futuresMarkPrice, futuresQuoteTick, futuresTradeTick } from './futures-ws-convert.js';
import { bookDepthOf, type BookState, type FeedStream, type MarketDataSink, type MarketFeed } from './market-feed.js';

type TickerStream = 'quotes' | 'markPrices' | 'indexPrices' | 'fundingRates';
const TICKER_STREAMS: ReadonlySet<FeedStream> = new Set<FeedStream>(['quotes', 'markPrices', 'indexPrices', 'fundingRates']);

export class KrakenFuturesFeed implements MarketFeed {
  readonly #ws: KrakenFuturesWsClient;
  readonly #sink: MarketDataSink;
  /** product → the streams its ticker subscription serves. */
  readonly #ticker = new Map<string, Set<TickerStream>>();
  /** product → the last funding rate published (`rate|next`). */
  readonly #lastFunding = new Map<string, string>();
  readonly #trades = new Set<string>();
  readonly #books = new Map<string, BookSync<FuturesOrderBook>>();
  readonly #changes: { bids: LevelText[]; asks: LevelText[] } = { bids: [], asks: [] };

  constructor(ws: KrakenFuturesWsClient, sink: MarketDataSink) {
    this.#ws = ws;
    this.#sink = sink;
    ws.on('ticker', this.#onTicker);
    ws.on('trade', this.#onTrade);
    ws.on('book', this.#onBook);
    ws.on('book_snapshot', this.#onBook);
    ws.routeBookText(this.#onBookText);
    ws.on('disconnected', this.#onDisconnected);
    ws.on('dropped', this.#onDropped);
    ws.on('error', this.#onError);
  }

  connect(): Promise<void> {
    return this.#ws.connect();
  }

  async close(): Promise<void> {
    const now = this.#sink.now();
    for (const sync of this.#books.values()) this.#publish(sync.reset('connection closed', now));
    this.#books.clear();
    this.#ticker.clear();
    this.#trades.clear();
    await this.#ws.close();
  }

  supports(stream: FeedStream): boolean {
    return stream === 'trades' || stream === 'book' || TICKER_STREAMS.has(stream);
  }

  async subscribe(stream: FeedStream, instrument: Instrument, depth?: number): Promise<void> {
    const product = instrument.id.symbol.value;
    if (stream === 'trades') {
      if (this.#trades.has(product)) return;
      this.#trades.add(product);
      await this.#request(
        () => this.#ws.subscribe('trade', { product_ids: [product] }),
        () => this.#trades.delete(product),
        'trade',
        product,
      );
    } else if (stream === 'book') {
      await this.#subscribeBook(instrument, bookDepthOf(depth));
    } else {
      if (stream === 'fundingRates' && !(instrument instanceof CryptoPerpetual)) {
        throw new KrakenValidationError('Kraken funding rates', [
          { path: '/instrumentId', message: `${instrument.id.toString()} is a dated future: only perpetuals pay funding` },
        ]);
      }
      const streams = this.#ticker.get(product) ?? new Set<TickerStream>();
      if (streams.has(stream)) return;
      const first = streams.size === 0;
      streams.add(stream);
      this.#ticker.set(product, streams);
      if (stream === 'fundingRates') this.#lastFunding.delete(product);
      if (!first) return;
      await this.#request(
        () => this.#ws.subscribe('ticker', { product_ids: [product] }),
        () => this.#ticker.delete(product),
        'ticker',
        product,
      );
    }
  }

  async unsubscribe(stream: FeedStream, instrument: Instrument): Promise<void> {
    const product = instrument.id.symbol.value;
    if (stream === 'trades') {
      if (this.#trades.delete(product)) await this.#ws.unsubscribe('trade', { product_ids: [product] });
    } else if (stream === 'book') {
      const sync = this.#books.get(product);
      if (sync === undefined) return;
      this.#books.delete(product);
      // Consumers stop receiving this book: leave them an honest empty one, not a frozen copy.
      this.#publish(sync.reset('unsubscribed', this.#sink.now()));
      await this.#ws.unsubscribe('book', { product_ids: [product] });
    } else {
      const streams = this.#ticker.get(product);
      if (streams === undefined || !streams.delete(stream) || streams.size > 0) return;
      this.#ticker.delete(product);
      await this.#ws.unsubscribe('ticker', { product_ids: [product] });
    }
  }

  instrumentChanged(instrument: Instrument): void {
    const product = instrument.id.symbol.value;
    const sync = this.#books.get(product);
    if (sync === undefined) return;
    const old = sync.builder.instrument;
    if (old.pricePrecision === instrument.pricePrecision && old.sizePrecision === instrument.sizePrecision && sync.heldReason === null)
      return;
    this.#publish(sync.reset('instrument changed', this.#sink.now()));
    this.#books.set(product, this.#newBook(instrument, sync.builder.depth));
    this.#abandon(this.#ws.resync('book', { product_ids: [product] }));
  }

  bookState(instrumentId: InstrumentId): BookState | undefined {
    const s = this.#books.get(instrumentId.symbol.value);
    if (s === undefined) return undefined;
    return {
      valid: s.isValid,
      depth: s.builder.depth,
      resyncs: s.resyncs,
      invalidations: s.invalidations,
      lastInvalidReason: s.lastInvalidReason,
    };
  }

  // --- subscriptions --------------------------------------------------------------------------

  /** Sends a subscribe; on failure undoes the local state and abandons what the WS client would replay. */
  async #request(send: () => Promise<unknown>, undo: () => void, feed: 'trade' | 'ticker' | 'book', product: string): Promise<void> {
    try {
      await send();
    } catch (e) {
      undo();
      this.#abandon(this.#ws.unsubscribe(feed, { product_ids: [product] }));
      throw e;
    }
  }

  async #subscribeBook(instrument: Instrument, depth: number): Promise<void> {
    const product = instrument.id.symbol.value;
    const existing = this.#books.get(product);
    if (existing !== undefined) {
      if (existing.builder.depth === depth) return;
      throw new KrakenValidationError('Kraken book subscription', [
        {
          path: '/depth',
          message: `${instrument.id.toString()} is subscribed at depth ${existing.builder.depth}: unsubscribe first to change it to ${depth}`,
        },
      ]);
    }
    this.#books.set(product, this.#newBook(instrument, depth));
    await this.#request(
      () => this.#ws.subscribe('book', { product_ids: [product] }),
      () => this.#books.delete(product),
      'book',
      product,
    );
  }

  #newBook(instrument: Instrument, depth: number): BookSync<FuturesOrderBook> {
    const product = instrument.id.symbol.value;
    const clock = this.#sink.clock;
    return new BookSync(
      (onResync) =>
        new FuturesOrderBook({
          product,
          clock: () => clock.nowMs(),
          onResync: (r) => onResync(r.reason),
          onWarning: (m) => this.#sink.log.warn(m),
        }),
      // Futures books are whole: levels below the window come into view as the top one empties.
      new BookDeltaBuilder(instrument, depth, true),
      {
        resync: () => this.#abandon(this.#ws.resync('book', { product_ids: [product] })),
        warn: (m) => this.#sink.log.warn(m),
      },
    );
  }

  #abandon(p: Promise<unknown>): void {
    p.catch((e: unknown) => this.#sink.log.warn(`Kraken Futures WS request failed: ${(e as Error).message}`));
  }

  // --- frames ---------------------------------------------------------------------------------

  readonly #onTicker = (m: FuturesWsFeedMessages['ticker']): void => {
    const streams = this.#ticker.get(m.product_id);
    const instrument = streams === undefined ? undefined : this.#sink.instrument(m.product_id);
    if (streams === undefined || instrument === undefined) return;
    const tsInit = this.#sink.now();
    try {
      if (streams.has('quotes')) this.#deliver(futuresQuoteTick(m, instrument, tsInit));
      if (streams.has('markPrices')) this.#deliver(futuresMarkPrice(m, instrument, tsInit));
      if (streams.has('indexPrices')) this.#deliver(futuresIndexPrice(m, instrument, tsInit));
      if (streams.has('fundingRates')) {
        const funding = futuresFundingRate(m, instrument, tsInit);
        const key = funding === null ? null : `${funding.rate.key()}|${String(funding.nextFundingTime)}`;
        if (funding !== null && key !== this.#lastFunding.get(m.product_id)) {
          this.#lastFunding.set(m.product_id, key as string);
          this.#sink.data(funding);
        }
      }
    } catch (e) {
      this.#dropped('ticker', e);
    }
  };

  readonly #onTrade = (m: FuturesWsFeedMessages['trade']): void => {
    const instrument = this.#trades.has(m.product_id) ? this.#sink.instrument(m.product_id) : undefined;
    if (instrument === undefined) return;
    try {
      this.#sink.data(futuresTradeTick(m, instrument, this.#sink.now()));
    } catch (e) {
      this.#dropped('trade', e);
    }
  };

  readonly #onBook = (m: FuturesWsFeedMessages['book'] | FuturesWsFeedMessages['book_snapshot']): void => {
    const sync = this.#books.get(m.product_id);
    if (sync === undefined) return;
    const tsInit = this.#sink.now();
    let tsEvent = tsInit;
    try {
      tsEvent = msToNs(m.timestamp, '/timestamp');
    } catch {
      // A bad timestamp does not make the level wrong: the book stays checked by its seq.
    }
    let changes: BookChanges | null = null;
    if (m.feed === 'book') {
      // One level per delta, passed on in a reused holder rather than a new object per frame.
      const c = this.#changes;
      c.bids.length = 0;
      c.asks.length = 0;
      (m.side === 'buy' ? c.bids : c.asks).push(m);
      changes = c;
    }
    this.#publish(
      sync.onMessage(m, m.feed === 'book_snapshot', changes, tsEvent, tsInit, Number.isSafeInteger(m.seq) ? BigInt(m.seq) : undefined),
    );
  };

  /** A raw `book_snapshot` / `book` frame, decoded once by its verified book; false sends it the generic way. */
  readonly #onBookText = (text: string): boolean => {
    const sync = this.#books.get(futuresBookProductOf(text));
    if (sync === undefined) return false;
    const out = sync.onTextWith(text, this.#sink.now(), this.#describe);
    if (out === undefined) return false;
    this.#publish(out);
    return true;
  };

  /** What a frame the book took on the text route carried: as `#onBook` reads it from the decoded message. */
  readonly #describe = (book: FuturesOrderBook): DecodedBookFrame => {
    let tsEvent: bigint | undefined;
    try {
      tsEvent = msToNs(book.lastTimestamp, '/timestamp');
    } catch {
      // A bad timestamp does not make the level wrong: the book stays checked by its seq.
    }
    let changes: BookChanges | null = null;
    if (!book.lastIsSnapshot) {
      const c = this.#changes;
      c.bids.length = 0;
      c.asks.length = 0;
      const d = book.lastDelta;
      (d.isBid ? c.bids : c.asks).push({ price: d.price, qty: d.qty });
      changes = c;
    }
    return { isSnapshot: book.lastIsSnapshot, changes, tsEvent, venueSeq: BigInt(book.lastFrameSeq) };
  };

  readonly #onDisconnected = (info: WsDisconnectInfo): void => {
    const now = this.#sink.now();
    for (const sync of this.#books.values()) this.#publish(sync.reset(`connection lost: ${info.reason}`, now));
  };

  readonly #onDropped = (e: { readonly feed: string; readonly productIds: readonly string[]; readonly error: KrakenError }): void => {
    if (e.feed !== 'book' && e.feed !== 'book_snapshot') return;
    const now = this.#sink.now();
    for (const product of e.productIds) {
      const sync = this.#books.get(product);
      if (sync === undefined) continue;
      this.#publish(sync.reset(`malformed frame dropped: ${e.error.message}`, now));
      this.#abandon(this.#ws.resync('book', { product_ids: [product] }));
    }
  };

  readonly #onError = (e: KrakenError): void => {
    this.#sink.log.warn(`Kraken Futures WS: ${e.message}`);
  };

  #deliver(data: Parameters<MarketDataSink['data']>[0] | null): void {
    if (data !== null) this.#sink.data(data);
  }

  #publish(deltas: ReturnType<BookSync['onMessage']>): void {
    if (deltas !== null) this.#sink.data(deltas);
  }

  #dropped(feed: string, e: unknown): void {
    this.#sink.log.error(`Kraken Futures ${feed} message dropped: ${(e as Error).message}`);
  }
}
