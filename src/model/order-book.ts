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
 * One side of the book, best first, in a ring (a growable circular array): a book's traffic
 * clusters at its top while levels also come and go at its bottom (refills, levels pushed past
 * the depth), so an insert or a delete moves only the shorter part of the side. The search
 * gallops from the best level before bisecting.
 */
class BookLadder {
  private ring: (BookLevel | undefined)[] = new Array<BookLevel | undefined>(16).fill(undefined);
  /** Ring slot of the best level; capacity is a power of two. */
  private head = 0;
  private count = 0;
  constructor(private readonly descending: boolean) {}

  private at(i: number): BookLevel {
    return this.ring[(this.head + i) & (this.ring.length - 1)] as BookLevel;
  }

  private put(i: number, level: BookLevel | undefined): void {
    this.ring[(this.head + i) & (this.ring.length - 1)] = level;
  }

  /** Negative when `a` ranks before `b` (bids: higher first; asks: lower first). */
  private rank(a: Price, b: Price): number {
    return this.descending ? b.compare(a) : a.compare(b);
  }

  /** Index of the level with this price, or -(insertion point) - 1. */
  private find(price: Price): number {
    // Gallop from the best level until one ranks after `price`, then bisect.
    let lo = 0;
    let hi = this.count;
    let step = 1;
    while (step <= hi && this.rank(this.at(step - 1).price, price) < 0) {
      lo = step;
      step *= 2;
    }
    if (step - 1 < hi) hi = step;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.rank(this.at(mid).price, price);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -lo - 1;
  }

  private insertAt(i: number, level: BookLevel): void {
    if (this.count === this.ring.length) this.grow();
    const n = this.count;
    const mask = this.ring.length - 1;
    if (i < n - i) {
      this.head = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) this.put(k, this.at(k + 1));
    } else {
      for (let k = n; k > i; k--) this.put(k, this.at(k - 1));
    }
    this.put(i, level);
    this.count = n + 1;
  }

  private removeAt(i: number): void {
    const n = this.count;
    const mask = this.ring.length - 1;
    if (i < n - 1 - i) {
      for (let k = i; k > 0; k--) this.put(k, this.at(k - 1));
      this.put(0, undefined);
      this.head = (this.head + 1) & mask;
    } else {
      for (let k = i; k < n - 1; k++) this.put(k, this.at(k + 1));
      this.put(n - 1, undefined);
    }
    this.count = n - 1;
  }

  private grow(): void {
    const n = this.count;
    const next = new Array<BookLevel | undefined>(this.ring.length * 2).fill(undefined);
    for (let k = 0; k < n; k++) next[k] = this.at(k);
    this.ring = next;
    this.head = 0;
  }

  set(price: Price, size: Quantity): void {
    const i = this.find(price);
    if (size.isZero()) {
      if (i >= 0) this.removeAt(i);
      return;
    }
    if (i >= 0) this.put(i, { price, size });
    else this.insertAt(-i - 1, { price, size });
  }
  delete(price: Price): void {
    const i = this.find(price);
    if (i >= 0) this.removeAt(i);
  }
  clear(): void {
    this.ring = new Array<BookLevel | undefined>(16).fill(undefined);
    this.head = 0;
    this.count = 0;
  }
  /** The best `depth` levels, best first. */
  top(depth: number): readonly BookLevel[] {
    const count = Math.min(depth, this.count);
    const out = new Array<BookLevel>(count);
    for (let k = 0; k < count; k++) out[k] = this.at(k);
    return out;
  }
  get best(): BookLevel | undefined {
    return this.count === 0 ? undefined : this.at(0);
  }
  get length(): number {
    return this.count;
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
