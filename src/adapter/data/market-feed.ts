/**
 * The contract between `KrakenDataClient` and one product's live feed. The client routes each
 * subscription to the feed of the instrument's product; the feed owns its WebSocket client,
 * turns frames into domain objects and pushes them into the sink. A second source for a product
 * (Kraken's Unified WebSocket for Futures) is another implementation of `MarketFeed`.
 */
import type { Clock } from '../../core/clock.js';
import { KrakenValidationError } from '../../core/errors.js';
import type { BarType } from '../../model/bar.js';
import type { InstrumentId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import type { MarketData } from '../../node/clients.js';
import type { Logger } from '../../node/logger.js';

/** The live streams a feed may serve (bars are Spot only, see `SpotMarketFeed`). */
export type FeedStream = 'quotes' | 'trades' | 'book' | 'markPrices' | 'indexPrices' | 'fundingRates';

/** Where a feed delivers, and what it needs from the client around it. */
export interface MarketDataSink {
  /** Live market data for the node (the data engine's handler). */
  data(data: MarketData): void;
  /** `tsInit` of everything built now, nanoseconds (the node's clock). */
  now(): bigint;
  /** The instrument a venue symbol names (Spot WS v2 symbol, Futures product id), or undefined. */
  instrument(symbol: string): Instrument | undefined;
  readonly log: Logger;
  /** Arms the verified books' resync rate cap and the WS clients' timers. */
  readonly clock: Clock;
}

/** What a consumer may ask about a subscribed book (tests, diagnostics). */
export interface BookState {
  readonly valid: boolean;
  /** Levels per side consumers see. */
  readonly depth: number;
  /** Resync requests sent to the venue since the subscription began. */
  readonly resyncs: number;
  /** Invalidations published to consumers. */
  readonly invalidations: number;
  readonly lastInvalidReason: string | null;
}

export interface MarketFeed {
  connect(): Promise<void>;
  /** Flushes what is held (bars), invalidates books, closes the connection. */
  close(): Promise<void>;
  supports(stream: FeedStream): boolean;
  /** `depth`: levels per side for `book` (default 10). */
  subscribe(stream: FeedStream, instrument: Instrument, depth?: number): Promise<void>;
  unsubscribe(stream: FeedStream, instrument: Instrument): Promise<void>;
  /** An instrument was reloaded with other values: books built on the old one start over. */
  instrumentChanged(instrument: Instrument): void;
  bookState(instrumentId: InstrumentId): BookState | undefined;
}

export interface SpotMarketFeed extends MarketFeed {
  subscribeBars(barType: BarType, instrument: Instrument): Promise<void>;
  unsubscribeBars(barType: BarType): Promise<void>;
}

/** Default levels per side of a book subscription: Kraken's Spot default, used for Futures too. */
export const DEFAULT_BOOK_DEPTH = 10;

/** A requested book depth, checked. */
export function bookDepthOf(depth: number | undefined): number {
  const d = depth ?? DEFAULT_BOOK_DEPTH;
  if (!Number.isSafeInteger(d) || d <= 0) {
    throw new KrakenValidationError('Kraken book subscription', [
      { path: '/depth', message: `depth must be a positive integer, got ${String(depth)}` },
    ]);
  }
  return d;
}
