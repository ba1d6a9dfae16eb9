/**
 * One subscribed book: the verified venue book (Spot `SpotOrderBook`, Futures `FuturesOrderBook`)
 * and what consumers were last shown of it (`BookDeltaBuilder`). Each frame is applied to the
 * verified book first; only a frame it accepts reaches consumers, as the difference it made.
 *
 * - The verified book refuses a frame (checksum mismatch, crossed book, seq gap, malformed):
 *   consumers get one invalidation at once, and the book's own resync request (rate-capped by
 *   its policy) is passed on; nothing more is published until a snapshot makes it valid again,
 *   which goes out whole.
 * - The feed loses the book (connection dropped, a frame dropped by the WS client): `reset()`
 *   invalidates and starts a fresh verified book that waits for the next snapshot.
 * - A level the instrument cannot represent (more decimals than its precision: the instrument
 *   changed at Kraken): invalidated and held until the instrument is reloaded, since resyncing
 *   would only fetch the same levels again.
 */
import type { BookApplyResult } from '../../kraken/book/types.js';
import type { OrderBookDeltas } from '../../model/order-book.js';
import { Price, Quantity } from '../../model/values.js';
import { quantityAt } from '../common/wire-values.js';
import type { BookChanges, BookDeltaBuilder, Level, VerifiedLevels, WindowChangeReport } from './book-deltas.js';

/** The verified books of the protocol layer, as this file uses them. */
export interface VerifiedBook extends VerifiedLevels {
  readonly isValid: boolean;
  apply(message: string | object): BookApplyResult;
  /** True on a book that reports what each message changed in its window (a SpotOrderBook built with reportWindowChanges). */
  readonly reportsWindowChanges?: boolean;
}

/** A verified book that also takes raw frame text on a client's single-decode route. */
export interface TextBook extends VerifiedBook {
  /** `undefined`: not decoded, nothing changed; take the generic route. */
  applyText(text: string): BookApplyResult | undefined;
}

/** What one frame taken on the single-decode route carried, as its verified book reports it. */
export interface DecodedBookFrame {
  readonly isSnapshot: boolean;
  /** The levels it changed (null: compare the window with the book whole). */
  readonly changes: BookChanges | null;
  /** The frame's event time in nanoseconds (undefined: none, or it does not parse; the receive time is used). */
  readonly tsEvent: bigint | undefined;
  /** The venue's sequence, when it has one (Futures). */
  readonly venueSeq?: bigint;
}

/** SpotOrderBook: a text book that also hands out the frame's levels as scaled integers. */
export interface TextVerifiedBook extends TextBook {
  readonly lastIsSnapshot: boolean;
  readonly lastTimestamp: string | undefined;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  lastChanges(): BookChanges;
  forEachLastLevel(visit: (isBid: boolean, price: number, qty: number, bigQty: string | undefined) => void): void;
}

export interface BookSyncHooks {
  /** Ask the venue for a fresh snapshot (unsubscribe, then subscribe again). */
  resync(reason: string): void;
  /** Something consumers should know about in the log. */
  warn(message: string): void;
}

/** Builds a fresh verified book that reports its resync requests to `onResync`. */
export type VerifiedBookFactory<B extends VerifiedBook = VerifiedBook> = (onResync: (reason: string) => void) => B;

export class BookSync<B extends VerifiedBook = VerifiedBook> {
  #book: B;
  /** The book reports its window changes and its window is the one consumers see. */
  #reported = false;
  #sequence = 0n;
  #held: string | null = null;
  /** Resync requests handed to the venue (by the verified book's rate-capped policy). */
  resyncs = 0;
  /** Invalidations published to consumers. */
  invalidations = 0;
  lastInvalidReason: string | null = null;

  constructor(
    private readonly newBook: VerifiedBookFactory<B>,
    readonly builder: BookDeltaBuilder,
    private readonly hooks: BookSyncHooks,
  ) {
    this.#book = this.#fresh();
  }

  #fresh(): B {
    const book = this.newBook((reason) => {
      this.resyncs++;
      this.hooks.resync(reason);
    });
    this.#reported = this.#reportsWindow(book);
    return book;
  }

  /** True when the book's own window report is exactly what consumers are shown. */
  #reportsWindow(book: B): boolean {
    const r = book as Partial<WindowChangeReport>;
    const b = this.builder;
    return (
      r.reportsWindowChanges === true &&
      !b.bookHoldsMore &&
      r.depth === b.depth &&
      r.pricePrecision === b.instrument.pricePrecision &&
      r.qtyPrecision === b.instrument.sizePrecision
    );
  }

  get isValid(): boolean {
    return this.#book.isValid && this.#held === null;
  }

  /** Why the book is held invalid until its instrument reloads, or null. */
  get heldReason(): string | null {
    return this.#held;
  }

  /**
   * One frame of this book's channel: the decoded message or, for a route that skips the WS
   * client's decode, the raw frame text (the verified books read both). `changes` are the levels
   * the frame carries, when decoded (null: the window is compared with the book whole).
   * `venueSeq` is the venue's sequence when it has one (Futures); otherwise published messages
   * are numbered here.
   */
  onMessage(
    message: string | object,
    isSnapshot: boolean,
    changes: BookChanges | null,
    tsEvent: bigint,
    tsInit: bigint,
    venueSeq?: bigint,
  ): OrderBookDeltas | null {
    if (this.#held !== null) return null;
    const book = this.#book;
    const wasValid = book.isValid;
    return this.#applied(book.apply(message), wasValid, isSnapshot, changes, tsEvent, tsInit, venueSeq);
  }

  /**
   * One raw frame on the client's single-decode route: the book decodes the text itself, and the
   * snapshot flag, the levels and the event time come from that decode. `undefined`: the book did
   * not decode it and nothing changed (the caller sends it the generic way); `eventTime` turns
   * the frame's timestamp into nanoseconds (undefined when it has none or it does not parse).
   */
  onText(
    this: BookSync<TextVerifiedBook>,
    text: string,
    tsInit: bigint,
    eventTime: (timestamp: string | undefined) => bigint | undefined,
  ): OrderBookDeltas | null | undefined {
    return this.onTextWith(text, tsInit, (book, ok) => ({
      isSnapshot: book.lastIsSnapshot,
      changes: ok && !this.#reported ? this.#lastChanges(book) : null,
      tsEvent: eventTime(book.lastTimestamp),
    }));
  }

  /**
   * One raw frame on a client's single-decode route, for any verified book that decodes text
   * (`applyText`); `describe` reads from the book what the frame carried (the snapshot flag, the
   * levels when it was applied, the event time, the venue's sequence). `undefined`: the book did
   * not decode it and nothing changed; the caller sends it the generic way.
   */
  onTextWith<T extends B & TextBook>(
    this: BookSync<T>,
    text: string,
    tsInit: bigint,
    describe: (book: T, ok: boolean) => DecodedBookFrame,
  ): OrderBookDeltas | null | undefined {
    if (this.#held !== null) return null;
    const book = this.#book;
    const wasValid = book.isValid;
    const result = book.applyText(text);
    if (result === undefined) return undefined;
    const d = describe(book, result.ok);
    return this.#applied(result, wasValid, d.isSnapshot, d.changes, d.tsEvent ?? tsInit, tsInit, d.venueSeq);
  }

  /** The frame's levels as exact values: straight from the book's scaled integers when its precisions are the instrument's. */
  #lastChanges(this: BookSync<TextVerifiedBook>, book: TextVerifiedBook): BookChanges {
    const { pricePrecision: pp, sizePrecision: sp } = this.builder.instrument;
    if (book.pricePrecision !== pp || book.qtyPrecision !== sp) return book.lastChanges();
    const bids: Level[] = [];
    const asks: Level[] = [];
    book.forEachLastLevel((isBid, price, qty, bigQty) => {
      const size = bigQty === undefined ? Quantity.fromRaw(BigInt(qty), sp) : quantityAt(bigQty, sp, '/qty');
      (isBid ? bids : asks).push({ price: Price.fromRaw(BigInt(price), pp), size });
    });
    return { bids, asks };
  }

  #applied(
    result: BookApplyResult,
    wasValid: boolean,
    isSnapshot: boolean,
    changes: BookChanges | null,
    tsEvent: bigint,
    tsInit: bigint,
    venueSeq?: bigint,
  ): OrderBookDeltas | null {
    const book = this.#book;
    if (!result.ok) {
      // Refused without harm (awaiting a snapshot, a stale duplicate, another symbol): nothing changed.
      if (!wasValid || book.isValid) return null;
      return this.#invalidate(result.reason ?? 'desync', tsEvent, tsInit);
    }
    const sequence = venueSeq ?? this.#sequence + 1n;
    try {
      const b = this.builder;
      let out;
      if (isSnapshot || !b.isPublished) out = b.snapshot(book, sequence, tsEvent, tsInit);
      else if (this.#reported) out = b.applyReported(book as unknown as WindowChangeReport, book, sequence, tsEvent, tsInit);
      else if (changes === null) out = b.update(book, sequence, tsEvent, tsInit);
      else out = b.apply(changes, book, sequence, tsEvent, tsInit);
      if (out !== null) this.#sequence = sequence;
      return out;
    } catch (e) {
      const reason = `level not representable at the instrument's precision (${(e as Error).message})`;
      this.#held = reason;
      this.hooks.warn(`order book ${this.builder.instrument.id.toString()} held invalid until its instrument reloads: ${reason}`);
      this.#book = this.#fresh();
      return this.#invalidate(reason, tsEvent, tsInit);
    }
  }

  /** Start over from the next snapshot (the connection or a frame was lost, the instrument reloaded). */
  reset(reason: string, tsInit: bigint): OrderBookDeltas | null {
    this.#held = null;
    this.#book = this.#fresh();
    return this.#invalidate(reason, tsInit, tsInit);
  }

  #invalidate(reason: string, tsEvent: bigint, tsInit: bigint): OrderBookDeltas | null {
    this.lastInvalidReason = reason;
    const out = this.builder.invalidate(this.#sequence, tsEvent, tsInit);
    if (out !== null) {
      this.invalidations++;
      this.hooks.warn(
        `order book ${this.builder.instrument.id.toString()} invalid (${reason}): consumers hold an empty book until the next snapshot`,
      );
    }
    return out;
  }
}
