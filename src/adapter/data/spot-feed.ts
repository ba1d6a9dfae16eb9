/**
 * The Spot live feed over Kraken's WebSocket v2 public endpoint: `ticker` (event trigger `bbo`,
 * so every best bid/offer change arrives) → QuoteTick, `trade` → TradeTick, `book` →
 * OrderBookDeltas through a checksum-verified book, `ohlc` → buffered final Bars.
 *
 * The WS client replays every subscription on a new connection; when the old one drops, every
 * book is invalidated at once and the replayed snapshot revalidates it. Listeners are bound once
 * here, so a frame costs no closure of this feed's own.
 */
import { KrakenValidationError, type KrakenError } from '../../core/errors.js';
import { SPOT_BOOK_DEPTHS, SpotOrderBook } from '../../kraken/spot/book/spot-order-book.js';
import { v2BookSymbolOf } from '../../kraken/common/v2/channel-text.js';
import type { KrakenSpotWsClient } from '../../kraken/spot/ws/spot-ws-client.js';
import type { SpotWsChannelMessages } from '../../kraken/spot/ws/types.js';
import type { BarType } from '../../model/bar.js';
import type { InstrumentId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import type { WsDisconnectInfo } from '../../transport/ws/connection-types.js';
import { isoToNs } from '../common/wire-time.js';
import { BookDeltaBuilder } from './book-deltas.js';
import { BookSync } from './book-sync.js';
import { bookDepthOf, type BookState, type FeedStream, type MarketDataSink, type SpotMarketFeed } from './market-feed.js';
import { SpotOhlcBars } from './spot-ohlc-bars.js';
import { spotQuoteTick, spotWsTradeTick } from './spot-ws-convert.js';

interface SpotBook {
  readonly sync: BookSync<SpotOrderBook>;
  /** The depth subscribed at Kraken: the smallest it offers that covers the requested one. */
  readonly venueDepth: (typeof SPOT_BOOK_DEPTHS)[number];
}

/** A book row's timestamp in nanoseconds; a bad one does not make the levels wrong (the checksum checks them). */
function eventTimeOf(timestamp: string | undefined): bigint | undefined {
  if (timestamp === undefined) return undefined;
  try {
    return isoToNs(timestamp, '/data/0/timestamp');
  } catch {
    return undefined;
  }
}

const STREAMS: ReadonlySet<FeedStream> = new Set(['quotes', 'trades', 'book']);

/** The smallest depth Kraken's `book` channel offers that covers `depth`. */
export function spotVenueDepth(depth: number): (typeof SPOT_BOOK_DEPTHS)[number] {
  const venue = SPOT_BOOK_DEPTHS.find((d) => d >= depth);
  if (venue === undefined) {
    throw new KrakenValidationError('Kraken book subscription', [
      { path: '/depth', message: `Kraken Spot books go to ${SPOT_BOOK_DEPTHS[SPOT_BOOK_DEPTHS.length - 1]} levels, asked for ${depth}` },
    ]);
  }
  return venue;
}

export class KrakenSpotFeed implements SpotMarketFeed {
  readonly #ws: KrakenSpotWsClient;
  readonly #sink: MarketDataSink;
  readonly #quotes = new Set<string>();
  readonly #trades = new Set<string>();
  readonly #books = new Map<string, SpotBook>();
  readonly #bars: SpotOhlcBars;

  constructor(ws: KrakenSpotWsClient, sink: MarketDataSink) {
    this.#ws = ws;
    this.#sink = sink;
    ws.on('ticker', this.#onTicker);
    ws.on('trade', this.#onTrade);
    ws.on('book', this.#onBook);
    ws.routeBookText(this.#onBookText);
    this.#bars = new SpotOhlcBars(ws, sink);
    ws.on('disconnected', this.#onDisconnected);
    ws.on('dropped', this.#onDropped);
    ws.on('error', this.#onError);
  }

  connect(): Promise<void> {
    return this.#ws.connect();
  }

  async close(): Promise<void> {
    const now = this.#sink.now();
    this.#bars.flushAll();
    for (const book of this.#books.values()) this.#publish(book.sync.reset('connection closed', now));
    this.#books.clear();
    this.#quotes.clear();
    this.#trades.clear();
    await this.#ws.close();
  }

  supports(stream: FeedStream): boolean {
    return STREAMS.has(stream);
  }

  async subscribe(stream: FeedStream, instrument: Instrument, depth?: number): Promise<void> {
    const symbol = instrument.id.symbol.value;
    switch (stream) {
      case 'quotes':
        // A quote is the best bid/offer: `bbo` updates on each change of it, Kraken's default `trades` only on a trade.
        return this.#track(
          this.#quotes,
          symbol,
          () => this.#ws.subscribe('ticker', { symbol: [symbol], event_trigger: 'bbo', snapshot: true }),
          () => this.#ws.unsubscribe('ticker', { symbol: [symbol], event_trigger: 'bbo' }),
        );
      case 'trades':
        // No snapshot: its trades happened before the subscription and would read as new ones.
        return this.#track(
          this.#trades,
          symbol,
          () => this.#ws.subscribe('trade', { symbol: [symbol], snapshot: false }),
          () => this.#ws.unsubscribe('trade', { symbol: [symbol] }),
        );
      case 'book':
        return this.#subscribeBook(instrument, bookDepthOf(depth));
      default:
        throw new KrakenValidationError('Kraken Spot subscription', [
          { path: '/stream', message: `${stream} exist for Kraken Futures only, not for ${instrument.id.toString()}` },
        ]);
    }
  }

  async unsubscribe(stream: FeedStream, instrument: Instrument): Promise<void> {
    const symbol = instrument.id.symbol.value;
    if (stream === 'quotes' && this.#quotes.delete(symbol))
      await this.#ws.unsubscribe('ticker', { symbol: [symbol], event_trigger: 'bbo' });
    if (stream === 'trades' && this.#trades.delete(symbol)) await this.#ws.unsubscribe('trade', { symbol: [symbol] });
    if (stream === 'book') {
      const book = this.#books.get(symbol);
      if (book === undefined) return;
      this.#books.delete(symbol);
      // Consumers stop receiving this book: leave them an honest empty one, not a frozen copy.
      this.#publish(book.sync.reset('unsubscribed', this.#sink.now()));
      await this.#ws.unsubscribe('book', { symbol: [symbol], depth: book.venueDepth });
    }
  }

  subscribeBars(barType: BarType, instrument: Instrument): Promise<void> {
    return this.#bars.subscribe(barType, instrument);
  }

  unsubscribeBars(barType: BarType): Promise<void> {
    return this.#bars.unsubscribe(barType);
  }

  instrumentChanged(instrument: Instrument): void {
    const symbol = instrument.id.symbol.value;
    const book = this.#books.get(symbol);
    if (book === undefined) return;
    const old = book.sync.builder.instrument;
    if (old.pricePrecision === instrument.pricePrecision && old.sizePrecision === instrument.sizePrecision && book.sync.heldReason === null)
      return;
    this.#publish(book.sync.reset('instrument changed', this.#sink.now()));
    this.#books.set(symbol, this.#newBook(instrument, book.sync.builder.depth, book.venueDepth));
    this.#abandon(this.#ws.resync('book', { symbol: [symbol] }));
  }

  bookState(instrumentId: InstrumentId): BookState | undefined {
    const s = this.#books.get(instrumentId.symbol.value)?.sync;
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

  async #track(set: Set<string>, symbol: string, subscribe: () => Promise<unknown>, abandon: () => Promise<unknown>): Promise<void> {
    if (set.has(symbol)) return;
    set.add(symbol);
    try {
      await subscribe();
    } catch (e) {
      set.delete(symbol);
      this.#abandon(abandon());
      throw e;
    }
  }

  async #subscribeBook(instrument: Instrument, depth: number): Promise<void> {
    const symbol = instrument.id.symbol.value;
    const existing = this.#books.get(symbol);
    if (existing !== undefined) {
      if (existing.sync.builder.depth === depth) return;
      throw new KrakenValidationError('Kraken book subscription', [
        {
          path: '/depth',
          message: `${instrument.id.toString()} is subscribed at depth ${existing.sync.builder.depth}: unsubscribe first to change it to ${depth}`,
        },
      ]);
    }
    const venueDepth = spotVenueDepth(depth);
    this.#books.set(symbol, this.#newBook(instrument, depth, venueDepth));
    try {
      await this.#ws.subscribe('book', { symbol: [symbol], depth: venueDepth, snapshot: true });
    } catch (e) {
      this.#books.delete(symbol);
      this.#abandon(this.#ws.unsubscribe('book', { symbol: [symbol], depth: venueDepth }));
      throw e;
    }
  }

  #newBook(instrument: Instrument, depth: number, venueDepth: SpotBook['venueDepth']): SpotBook {
    const symbol = instrument.id.symbol.value;
    const clock = this.#sink.clock;
    const sync = new BookSync(
      (onResync) =>
        new SpotOrderBook({
          symbol,
          depth: venueDepth,
          pricePrecision: instrument.pricePrecision,
          qtyPrecision: instrument.sizePrecision,
          // The deltas come from the book's own report when it holds exactly the depth shown.
          reportWindowChanges: venueDepth === depth,
          clock: () => clock.nowMs(),
          onResync: (r) => onResync(r.reason),
          onWarning: (m) => this.#sink.log.warn(m),
        }),
      new BookDeltaBuilder(instrument, depth, venueDepth > depth),
      {
        resync: () => this.#abandon(this.#ws.resync('book', { symbol: [symbol] })),
        warn: (m) => this.#sink.log.warn(m),
      },
    );
    return { sync, venueDepth };
  }

  /** A request whose failure only needs reporting (the WS client reports and replays on its own). */
  #abandon(p: Promise<unknown>): void {
    p.catch((e: unknown) => this.#sink.log.warn(`Kraken Spot WS request failed: ${(e as Error).message}`));
  }

  // --- frames ---------------------------------------------------------------------------------

  readonly #onTicker = (m: SpotWsChannelMessages['ticker']): void => {
    const tsInit = this.#sink.now();
    for (const row of m.data) {
      const instrument = this.#quotes.has(row.symbol) ? this.#sink.instrument(row.symbol) : undefined;
      if (instrument === undefined) continue;
      try {
        this.#sink.data(spotQuoteTick(row, instrument, tsInit));
      } catch (e) {
        this.#dropped('ticker', e);
      }
    }
  };

  readonly #onTrade = (m: SpotWsChannelMessages['trade']): void => {
    if (m.type === 'snapshot') return;
    const tsInit = this.#sink.now();
    for (const row of m.data) {
      const instrument = this.#trades.has(row.symbol) ? this.#sink.instrument(row.symbol) : undefined;
      if (instrument === undefined) continue;
      try {
        this.#sink.data(spotWsTradeTick(row, instrument, tsInit));
      } catch (e) {
        this.#dropped('trade', e);
      }
    }
  };

  readonly #onBook = (m: SpotWsChannelMessages['book']): void => {
    const row = m.data[0];
    const book = row === undefined ? undefined : this.#books.get(row.symbol);
    if (row === undefined || book === undefined) return;
    const tsInit = this.#sink.now();
    let tsEvent = tsInit;
    if (row.timestamp !== undefined) {
      try {
        tsEvent = isoToNs(row.timestamp, '/data/0/timestamp');
      } catch {
        // A bad timestamp does not make the levels wrong: the book stays checked by its checksum.
      }
    }
    this.#publish(book.sync.onMessage(m, m.type === 'snapshot', row, tsEvent, tsInit));
  };

  /** A raw `book` frame, decoded once by its verified book; false sends it the generic way. */
  readonly #onBookText = (text: string): boolean => {
    const book = this.#books.get(v2BookSymbolOf(text));
    if (book === undefined) return false;
    const out = book.sync.onText(text, this.#sink.now(), eventTimeOf);
    if (out === undefined) return false;
    this.#publish(out);
    return true;
  };

  readonly #onDisconnected = (info: WsDisconnectInfo): void => {
    const now = this.#sink.now();
    for (const book of this.#books.values()) this.#publish(book.sync.reset(`connection lost: ${info.reason}`, now));
  };

  readonly #onDropped = (e: { readonly channel: string; readonly symbols: readonly string[]; readonly error: KrakenError }): void => {
    if (e.channel !== 'book') return;
    const now = this.#sink.now();
    for (const symbol of e.symbols) {
      const book = this.#books.get(symbol);
      if (book === undefined) continue;
      this.#publish(book.sync.reset(`malformed frame dropped: ${e.error.message}`, now));
      this.#abandon(this.#ws.resync('book', { symbol: [symbol] }));
    }
  };

  readonly #onError = (e: KrakenError): void => {
    this.#sink.log.warn(`Kraken Spot WS: ${e.message}`);
  };

  #publish(deltas: ReturnType<BookSync['onMessage']>): void {
    if (deltas !== null) this.#sink.data(deltas);
  }

  #dropped(channel: string, e: unknown): void {
    this.#sink.log.error(`Kraken Spot ${channel} row dropped: ${(e as Error).message}`);
  }
}
