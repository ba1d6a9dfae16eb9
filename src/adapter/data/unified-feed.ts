/**
 * The Futures live feed over Kraken's Unified WebSocket (`futuresApi: 'unified'`): `ticker` →
 * QuoteTick, `trade` → TradeTick, `book` → OrderBookDeltas. Beside `KrakenFuturesFeed` (the
 * legacy Derivatives WS), behind the same `MarketFeed` contract.
 *
 * What Kraken documents decides what is served:
 * - quotes come from the ticker, which Kraken sends on trade events (not on every book change);
 * - the book has no documented checksum or sequence number: the book is checked for what the
 *   wire allows (decimals, not crossed, snapshot first), a malformed frame or a dropped
 *   connection invalidates it and resubscribes, but a lost frame cannot be detected;
 * - mark price, index price and funding rate are not documented on any UWS channel, so those
 *   streams are refused here (the legacy feed serves them until 1 March 2027).
 */
import type { KrakenError } from '../../core/errors.js';
import { v2BookSymbolOf } from '../../kraken/common/v2/channel-text.js';
import type { KrakenUnifiedWsClient } from '../../kraken/unified/uws-client.js';
import { UnifiedLevelBook, type UnifiedBookRow } from '../../kraken/unified/level-book.js';
import type { UwsChannelMessages } from '../../kraken/unified/types.js';
import type { InstrumentId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import type { WsDisconnectInfo } from '../../transport/ws/connection-types.js';
import { isoToNs } from '../common/wire-time.js';
import { BookDeltaBuilder, type BookChanges } from './book-deltas.js';
import { BookSync, type DecodedBookFrame } from './book-sync.js';
import { bookDepthOf, type BookState, type FeedStream, type MarketDataSink, type MarketFeed } from './market-feed.js';
import { unifiedQuoteTick, unifiedTradeTick } from './unified-ws-convert.js';
import { KrakenValidationError } from '../../core/errors.js';

/** Kraken's UWS book depths; a book is subscribed at the smallest that covers the depth asked. */
const UWS_DEPTHS = [10, 25, 100, 500, 1000] as const;

export class KrakenUnifiedFeed implements MarketFeed {
  readonly #ws: KrakenUnifiedWsClient;
  readonly #sink: MarketDataSink;
  readonly #quotes = new Set<string>();
  readonly #trades = new Set<string>();
  readonly #books = new Map<string, { sync: BookSync<UnifiedLevelBook>; venueDepth: number }>();

  constructor(ws: KrakenUnifiedWsClient, sink: MarketDataSink) {
    this.#ws = ws;
    this.#sink = sink;
    ws.on('ticker', this.#onTicker);
    ws.on('trade', this.#onTrade);
    ws.on('book', this.#onBook);
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
    for (const b of this.#books.values()) this.#publish(b.sync.reset('connection closed', now));
    this.#books.clear();
    this.#quotes.clear();
    this.#trades.clear();
    await this.#ws.close();
  }

  supports(stream: FeedStream): boolean {
    return stream === 'quotes' || stream === 'trades' || stream === 'book';
  }

  async subscribe(stream: FeedStream, instrument: Instrument, depth?: number): Promise<void> {
    const symbol = instrument.id.symbol.value;
    if (stream === 'book') return this.#subscribeBook(instrument, bookDepthOf(depth));
    const set = stream === 'quotes' ? this.#quotes : stream === 'trades' ? this.#trades : undefined;
    if (set === undefined)
      throw new KrakenValidationError('Kraken Unified WebSocket', [{ path: '/stream', message: `${stream} is not served` }]);
    if (set.has(symbol)) return;
    set.add(symbol);
    try {
      if (stream === 'quotes') await this.#ws.subscribe('ticker', { symbol: [symbol] });
      else await this.#ws.subscribe('trade', { symbol: [symbol] });
    } catch (e) {
      set.delete(symbol);
      throw e;
    }
  }

  async unsubscribe(stream: FeedStream, instrument: Instrument): Promise<void> {
    const symbol = instrument.id.symbol.value;
    if (stream === 'quotes') {
      if (this.#quotes.delete(symbol)) await this.#ws.unsubscribe('ticker', { symbol: [symbol] });
    } else if (stream === 'trades') {
      if (this.#trades.delete(symbol)) await this.#ws.unsubscribe('trade', { symbol: [symbol] });
    } else if (stream === 'book') {
      const b = this.#books.get(symbol);
      if (b === undefined) return;
      this.#books.delete(symbol);
      this.#publish(b.sync.reset('unsubscribed', this.#sink.now()));
      await this.#ws.unsubscribe('book', { symbol: [symbol], depth: b.venueDepth as never });
    }
  }

  instrumentChanged(instrument: Instrument): void {
    const symbol = instrument.id.symbol.value;
    const b = this.#books.get(symbol);
    if (b === undefined) return;
    this.#publish(b.sync.reset('instrument changed', this.#sink.now()));
    this.#books.set(symbol, { sync: this.#newBook(instrument, b.sync.builder.depth, b.venueDepth), venueDepth: b.venueDepth });
    this.#abandon(this.#ws.resync('book', [symbol]));
  }

  bookState(instrumentId: InstrumentId): BookState | undefined {
    const b = this.#books.get(instrumentId.symbol.value);
    if (b === undefined) return undefined;
    const s = b.sync;
    return {
      valid: s.isValid,
      depth: s.builder.depth,
      resyncs: s.resyncs,
      invalidations: s.invalidations,
      lastInvalidReason: s.lastInvalidReason,
    };
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
    const venueDepth = UWS_DEPTHS.find((d) => d >= depth);
    if (venueDepth === undefined)
      throw new KrakenValidationError('Kraken book subscription', [
        { path: '/depth', message: `Kraken's deepest book is 1000 levels, not ${depth}` },
      ]);
    this.#books.set(symbol, { sync: this.#newBook(instrument, depth, venueDepth), venueDepth });
    try {
      await this.#ws.subscribe('book', { symbol: [symbol], depth: venueDepth });
    } catch (e) {
      this.#books.delete(symbol);
      throw e;
    }
  }

  #newBook(instrument: Instrument, depth: number, venueDepth: number): BookSync<UnifiedLevelBook> {
    const symbol = instrument.id.symbol.value;
    return new BookSync(
      (onResync) => new UnifiedLevelBook({ symbol, depth: venueDepth, onResync }),
      // Kraken truncates the book to the subscribed depth: levels below the window are not known.
      new BookDeltaBuilder(instrument, depth, venueDepth > depth),
      {
        resync: () => this.#abandon(this.#ws.resync('book', [symbol])),
        warn: (m) => this.#sink.log.warn(m),
      },
    );
  }

  #abandon(p: Promise<unknown>): void {
    p.catch((e: unknown) => this.#sink.log.warn(`Kraken Unified WS request failed: ${(e as Error).message}`));
  }

  readonly #onTicker = (m: UwsChannelMessages['ticker']): void => {
    const tsInit = this.#sink.now();
    m.data.forEach((row, i) => {
      const instrument = this.#quotes.has(row.symbol) ? this.#sink.instrument(row.symbol) : undefined;
      if (instrument === undefined) return;
      try {
        const q = unifiedQuoteTick(row, instrument, tsInit, `/data/${i}`);
        if (q !== null) this.#sink.data(q);
      } catch (e) {
        this.#sink.log.error(`Kraken Unified ticker message dropped: ${(e as Error).message}`);
      }
    });
  };

  readonly #onTrade = (m: UwsChannelMessages['trade']): void => {
    if (m.type === 'snapshot') return; // trades already past when the subscription began are history, not live ticks
    const tsInit = this.#sink.now();
    m.data.forEach((row, i) => {
      const instrument = this.#trades.has(row.symbol) ? this.#sink.instrument(row.symbol) : undefined;
      if (instrument === undefined) return;
      try {
        this.#sink.data(unifiedTradeTick(row, instrument, tsInit, `/data/${i}`));
      } catch (e) {
        this.#sink.log.error(`Kraken Unified trade message dropped: ${(e as Error).message}`);
      }
    });
  };

  readonly #onBook = (m: UwsChannelMessages['book']): void => {
    const tsInit = this.#sink.now();
    for (const row of m.data) {
      const b = this.#books.get(row.symbol);
      if (b === undefined) continue;
      const one = { channel: 'book', type: m.type, data: [row] };
      const d = rowFrame(row, m.type === 'snapshot');
      this.#publish(b.sync.onMessage(one, d.isSnapshot, d.changes, d.tsEvent ?? tsInit, tsInit));
    }
  };

  /** A raw `book` frame of one row, decoded once by its verified book; false sends it the generic way. */
  readonly #onBookText = (text: string): boolean => {
    const b = this.#books.get(v2BookSymbolOf(text));
    if (b === undefined) return false;
    const out = b.sync.onTextWith(text, this.#sink.now(), describeRow);
    if (out === undefined) return false;
    this.#publish(out);
    return true;
  };

  readonly #onDisconnected = (info: WsDisconnectInfo): void => {
    const now = this.#sink.now();
    for (const b of this.#books.values()) this.#publish(b.sync.reset(`connection lost: ${info.reason}`, now));
  };

  readonly #onDropped = (e: { readonly channel: string; readonly symbols: readonly string[]; readonly error: KrakenError }): void => {
    if (e.channel !== 'book') return;
    const now = this.#sink.now();
    for (const symbol of e.symbols) {
      const b = this.#books.get(symbol);
      if (b === undefined) continue;
      this.#publish(b.sync.reset(`malformed frame dropped: ${e.error.message}`, now));
      this.#abandon(this.#ws.resync('book', [symbol]));
    }
  };

  readonly #onError = (e: KrakenError): void => {
    this.#sink.log.warn(`Kraken Unified WS: ${e.message}`);
  };

  #publish(deltas: ReturnType<BookSync['onMessage']>): void {
    if (deltas !== null) this.#sink.data(deltas);
  }
}

/** What one book row carries for consumers: the same on the generic route and the single-decode route. */
function rowFrame(row: UnifiedBookRow, isSnapshot: boolean): DecodedBookFrame {
  let tsEvent: bigint | undefined;
  try {
    if (row.timestamp !== undefined) tsEvent = isoToNs(row.timestamp, '/timestamp');
  } catch {
    // A bad timestamp does not make the levels wrong.
  }
  const changes: BookChanges | null = isSnapshot
    ? null
    : { ...(row.bids === undefined ? {} : { bids: row.bids }), ...(row.asks === undefined ? {} : { asks: row.asks }) };
  return { isSnapshot, changes, tsEvent };
}

const describeRow = (book: UnifiedLevelBook): DecodedBookFrame => rowFrame(book.lastRow!, book.lastIsSnapshot);
