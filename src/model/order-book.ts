/**
 * L2 order book data: `BookOrder`, `OrderBookDelta`, `OrderBookDeltas` and a small exact
 * `OrderBook` (one level per price). Price levels are keyed by value, so `100.0` and `100.00`
 * are the same level. Checksums belong to the adapter's book manager, not here.
 *
 * Staleness, in domain terms: a venue book that can no longer be trusted (a failed checksum, a
 * sequence gap, a lost connection) reaches consumers as an *invalidation*, a lone CLEAR delta
 * without the SNAPSHOT flag. The book is then empty and `awaitingSnapshot` until the next
 * snapshot (CLEAR with SNAPSHOT, then every level), so a consumer never reads a level of a book
 * the venue feed has stopped vouching for, and can tell "unknown" from "no liquidity".
 */
import { KrakenStateError } from '../core/errors.js';
import type { BookAction, BookSide } from './enums.js';
import type { InstrumentId } from './identifiers.js';
import type { Price, Quantity } from './values.js';

export class BookOrder {
  constructor(
    readonly side: BookSide,
    readonly price: Price,
    readonly size: Quantity,
    /** 0 for L2 data (one aggregated order per level). */
    readonly orderId: bigint = 0n,
  ) {}
}

/** `flags` bit set on the last delta of a venue message (NautilusTrader's F_LAST). */
export const F_LAST = 128;
/** `flags` bit set on deltas that come from a snapshot. */
export const F_SNAPSHOT = 32;

export class OrderBookDelta {
  readonly kind = 'OrderBookDelta' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly action: BookAction,
    /** null only for CLEAR. */
    readonly order: BookOrder | null,
    readonly flags: number,
    readonly sequence: bigint,
    readonly tsEvent: bigint,
    readonly tsInit: bigint,
  ) {}

  static clear(instrumentId: InstrumentId, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDelta {
    return new OrderBookDelta(instrumentId, 'CLEAR', null, F_SNAPSHOT, sequence, tsEvent, tsInit);
  }

  /** The book is no longer known: empty it and wait for the next snapshot (see the file comment). */
  static invalidate(instrumentId: InstrumentId, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDelta {
    return new OrderBookDelta(instrumentId, 'CLEAR', null, F_LAST, sequence, tsEvent, tsInit);
  }

  /** A CLEAR that starts a snapshot (as opposed to an invalidation). */
  get isSnapshotClear(): boolean {
    return this.action === 'CLEAR' && (this.flags & F_SNAPSHOT) !== 0;
  }
}

export class OrderBookDeltas {
  readonly kind = 'OrderBookDeltas' as const;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly deltas: readonly OrderBookDelta[],
  ) {
    for (const d of deltas) {
      if (!d.instrumentId.equals(instrumentId))
        throw new KrakenStateError(`delta for ${d.instrumentId.toString()} in deltas for ${instrumentId.toString()}`);
    }
  }
  /** Starts with a snapshot CLEAR: the deltas replace the whole book. */
  get isSnapshot(): boolean {
    return this.deltas[0]?.isSnapshotClear === true;
  }
  /** The venue book became untrustworthy: consumers hold an empty book until the next snapshot. */
  get isInvalidation(): boolean {
    const first = this.deltas[0];
    return first !== undefined && first.action === 'CLEAR' && !first.isSnapshotClear;
  }
  get tsEvent(): bigint {
    return this.deltas[this.deltas.length - 1]?.tsEvent ?? 0n;
  }
  get tsInit(): bigint {
    return this.deltas[this.deltas.length - 1]?.tsInit ?? 0n;
  }
  get sequence(): bigint {
    return this.deltas[this.deltas.length - 1]?.sequence ?? 0n;
  }
}

export interface BookLevel {
  readonly price: Price;
  readonly size: Quantity;
}

/**
 * One side of the book, stored worst first and best last: a book's traffic clusters at its top,
 * which is the array's end, so inserting or removing a level there moves few elements, and the
 * search gallops from the best level before bisecting (a deep book costs about what a shallow one
 * does for changes near the top).
 */
class BookLadder {
  private levels: BookLevel[] = [];
  constructor(private readonly descending: boolean) {}

  /** Negative when `a` sits before `b` in the array (bids ascending, asks descending). */
  private order(a: Price, b: Price): number {
    return this.descending ? a.compare(b) : b.compare(a);
  }

  /** Index of the level with this price, or -(insertion point) - 1. */
  private find(price: Price): number {
    const levels = this.levels;
    // Gallop from the best level (the end) until a level not after `price`, then bisect.
    let hi = levels.length;
    let step = 1;
    let lo = hi - step;
    while (lo > 0 && this.order((levels[lo] as BookLevel).price, price) > 0) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    if (lo < 0) lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.order((levels[mid] as BookLevel).price, price);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -lo - 1;
  }

  set(price: Price, size: Quantity): void {
    const i = this.find(price);
    if (size.isZero()) {
      if (i >= 0) this.levels.splice(i, 1);
      return;
    }
    if (i >= 0) this.levels[i] = { price, size };
    else this.levels.splice(-i - 1, 0, { price, size });
  }
  delete(price: Price): void {
    const i = this.find(price);
    if (i >= 0) this.levels.splice(i, 1);
  }
  clear(): void {
    this.levels = [];
  }
  /** The best `depth` levels, best first. */
  top(depth: number): readonly BookLevel[] {
    const levels = this.levels;
    const n = levels.length;
    const count = Math.min(depth, n);
    const out = new Array<BookLevel>(count);
    for (let k = 0; k < count; k++) out[k] = levels[n - 1 - k] as BookLevel;
    return out;
  }
  get best(): BookLevel | undefined {
    return this.levels[this.levels.length - 1];
  }
  get length(): number {
    return this.levels.length;
  }
}

export class OrderBook {
  private readonly bidLadder = new BookLadder(true);
  private readonly askLadder = new BookLadder(false);
  sequence = 0n;
  tsLast = 0n;
  updateCount = 0;
  /** True after an invalidation, until a snapshot arrives: the book is unknown, not empty. */
  awaitingSnapshot = false;

  constructor(readonly instrumentId: InstrumentId) {}

  applyDelta(delta: OrderBookDelta): void {
    if (!delta.instrumentId.equals(this.instrumentId)) {
      throw new KrakenStateError(`delta for ${delta.instrumentId.toString()} applied to book ${this.instrumentId.toString()}`);
    }
    const o = delta.order;
    if (delta.action === 'CLEAR') {
      this.clear();
      this.awaitingSnapshot = !delta.isSnapshotClear;
    } else if (o === null) {
      throw new KrakenStateError(`${delta.action} delta without an order`);
    } else {
      const ladder = o.side === 'BID' ? this.bidLadder : this.askLadder;
      if (delta.action === 'DELETE') ladder.delete(o.price);
      else ladder.set(o.price, o.size); // ADD and UPDATE are the same at L2; size 0 removes the level
    }
    this.sequence = delta.sequence;
    this.tsLast = delta.tsEvent;
    this.updateCount++;
  }

  applyDeltas(deltas: OrderBookDeltas): void {
    for (const d of deltas.deltas) this.applyDelta(d);
  }

  clear(): void {
    this.bidLadder.clear();
    this.askLadder.clear();
  }

  bids(depth = Number.MAX_SAFE_INTEGER): readonly BookLevel[] {
    return this.bidLadder.top(depth);
  }
  asks(depth = Number.MAX_SAFE_INTEGER): readonly BookLevel[] {
    return this.askLadder.top(depth);
  }
  bestBidPrice(): Price | null {
    return this.bidLadder.best?.price ?? null;
  }
  bestAskPrice(): Price | null {
    return this.askLadder.best?.price ?? null;
  }
  bestBidSize(): Quantity | null {
    return this.bidLadder.best?.size ?? null;
  }
  bestAskSize(): Quantity | null {
    return this.askLadder.best?.size ?? null;
  }
  /** Ask minus bid, exact; null when a side is empty. */
  spread(): Price | null {
    const b = this.bestBidPrice();
    const a = this.bestAskPrice();
    return b === null || a === null ? null : a.sub(b);
  }
  get bidLevels(): number {
    return this.bidLadder.length;
  }
  get askLevels(): number {
    return this.askLadder.length;
  }
  /** True when the best bid is at or above the best ask (a desynchronised book). */
  isCrossed(): boolean {
    const b = this.bestBidPrice();
    const a = this.bestAskPrice();
    return b !== null && a !== null && b.gte(a);
  }
}
