/**
 * The one place where a verified venue book becomes `OrderBookDeltas` for the node.
 *
 * The builder keeps the window consumers were last shown (the top `depth` levels per side, as
 * exact Price and Quantity) and publishes exactly what changed in it: ADD for a new price, UPDATE
 * for a new size, DELETE for a level that left the window (deleted by the venue, or pushed past
 * the depth, which Kraken never announces). A consumer applying the deltas holds exactly the
 * verified book's top `depth`, never more and never a level the venue book no longer has.
 *
 * Three ways in, all after the verified book accepted the message:
 * - `applyReported(report)`: the verified book itself says which levels of its window the message
 *   changed (a Spot book subscribed at exactly the shown depth). The builder then keeps no window
 *   of its own: no second copy of the levels to search and splice per frame, which at depth 1000
 *   cost more than the verified book did. A later `apply` or `update` (which need the window)
 *   publishes a full snapshot instead.
 * - `apply(changes)`: the message's own levels (what a decoded frame carries). Only the touched
 *   prices are looked at, so a frame costs the same at depth 10 and 1000; the book is read only
 *   when a level must come into view from below the window.
 * - `update()`: a full comparison with the book's top `depth`, for a route that has no decoded
 *   levels (raw frame text straight into the book). It converts the whole window on every frame
 *   (tens of microseconds at depth 10, milliseconds at 1000), so a fast route should hand over
 *   the levels its decode found.
 *
 * A book that stops being trustworthy is announced once as an invalidation (a lone CLEAR without
 * the SNAPSHOT flag, see src/model/order-book.ts), and the next valid book goes out as a full
 * snapshot (CLEAR with SNAPSHOT, then every level).
 */
import type { BookLevel } from '../../kraken/book/types.js';
import type { BookSide } from '../../model/enums.js';
import type { Instrument } from '../../model/instruments.js';
import { BookOrder, F_LAST, F_SNAPSHOT, OrderBookDelta, OrderBookDeltas } from '../../model/order-book.js';
import { Price, Quantity } from '../../model/values.js';
import { priceAt, quantityAt } from '../common/wire-values.js';

/** What the builder reads of a verified book: its levels, best first, as exact decimal text. */
export interface VerifiedLevels {
  bids(n?: number): BookLevel[];
  asks(n?: number): BookLevel[];
}

/** One changed level of a venue message: the new size at a price, `0` for a removed level. */
export interface LevelText {
  readonly price: string;
  readonly qty: string;
}

/** One changed level already at the instrument's precision (a verified book's own decode); size 0 removes it. */
export interface Level {
  readonly price: Price;
  readonly size: Quantity;
}

/**
 * The levels one message changed (a Spot v2 book row has exactly this shape; a side may be
 * absent), as wire text or as exact values.
 */
export interface BookChanges {
  readonly bids?: readonly (LevelText | Level)[];
  readonly asks?: readonly (LevelText | Level)[];
}

/**
 * A verified book that reports what the last message changed in its window (SpotOrderBook):
 * prices and quantities as integers scaled by its precisions, `bigQty` the exact qty text of a
 * quantity beyond 2^53.
 */
export interface WindowChangeReport {
  /** True when the book keeps what each message changed (it was built to report it). */
  readonly reportsWindowChanges: boolean;
  readonly depth: number;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  forEachWindowChange(
    visit: (isBid: boolean, price: number, wasShown: boolean, isShown: boolean, qty: number, bigQty: string | undefined) => void,
  ): void;
}

/** A price touched by the message being applied, with its size in the window before it (null: not shown). */
interface Touched {
  readonly price: Price;
  readonly before: Quantity | null;
}

export class BookDeltaBuilder {
  #bids: Level[] = [];
  #asks: Level[] = [];
  /** False after `applyReported`: the window above was not kept up to date. */
  #windowKept = true;
  /** True while consumers hold a valid book (a snapshot went out, no invalidation since). */
  #published = false;

  constructor(
    readonly instrument: Instrument,
    /** Levels per side that consumers see. */
    readonly depth: number,
    /** The verified book may hold levels below the window (a Futures book, a Spot book subscribed deeper than shown). */
    readonly bookHoldsMore: boolean,
  ) {}

  get isPublished(): boolean {
    return this.#published;
  }

  /** The whole visible book: CLEAR, then every level; all flagged SNAPSHOT, the last one LAST. */
  snapshot(book: VerifiedLevels, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas {
    const id = this.instrument.id;
    this.#bids = this.#levels(book.bids(this.depth));
    this.#asks = this.#levels(book.asks(this.depth));
    this.#windowKept = true;
    const deltas: OrderBookDelta[] = [new OrderBookDelta(id, 'CLEAR', null, F_SNAPSHOT, sequence, tsEvent, tsInit)];
    for (const l of this.#bids)
      deltas.push(new OrderBookDelta(id, 'ADD', new BookOrder('BID', l.price, l.size), F_SNAPSHOT, sequence, tsEvent, tsInit));
    for (const l of this.#asks)
      deltas.push(new OrderBookDelta(id, 'ADD', new BookOrder('ASK', l.price, l.size), F_SNAPSHOT, sequence, tsEvent, tsInit));
    this.#published = true;
    return this.#message(deltas) as OrderBookDeltas; // never empty: it starts with the CLEAR
  }

  /**
   * The difference the message's `changes` made to the window; null when nothing visible changed.
   * A level that fails to convert throws with the window half applied: the caller invalidates,
   * which starts the window over from the next snapshot.
   */
  apply(changes: BookChanges, book: VerifiedLevels, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas | null {
    if (!this.#published || !this.#windowKept) return this.snapshot(book, sequence, tsEvent, tsInit);
    const out: OrderBookDelta[] = [];
    this.#applySide('BID', this.#bids, changes.bids, book, out, sequence, tsEvent, tsInit);
    this.#applySide('ASK', this.#asks, changes.asks, book, out, sequence, tsEvent, tsInit);
    return this.#message(out);
  }

  /** The difference between the window and the book's top `depth`, found by comparing them whole. */
  update(book: VerifiedLevels, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas | null {
    if (!this.#published || !this.#windowKept) return this.snapshot(book, sequence, tsEvent, tsInit);
    const bids = this.#levels(book.bids(this.depth));
    const asks = this.#levels(book.asks(this.depth));
    const out: OrderBookDelta[] = [];
    this.#diff('BID', this.#bids, bids, out, sequence, tsEvent, tsInit);
    this.#diff('ASK', this.#asks, asks, out, sequence, tsEvent, tsInit);
    this.#bids = bids;
    this.#asks = asks;
    return this.#message(out);
  }

  /**
   * The window changes the verified book reports for its last message, which must hold exactly
   * this builder's depth at the instrument's precisions (BookSync checks). Null when nothing
   * visible changed.
   */
  applyReported(
    report: WindowChangeReport,
    book: VerifiedLevels,
    sequence: bigint,
    tsEvent: bigint,
    tsInit: bigint,
  ): OrderBookDeltas | null {
    if (!this.#published) return this.snapshot(book, sequence, tsEvent, tsInit);
    if (this.#windowKept) {
      this.#windowKept = false;
      this.#bids = [];
      this.#asks = [];
    }
    const id = this.instrument.id;
    const pp = this.instrument.pricePrecision;
    const sp = this.instrument.sizePrecision;
    const out: OrderBookDelta[] = [];
    report.forEachWindowChange((isBid, price, wasShown, isShown, qty, bigQty) => {
      const side: BookSide = isBid ? 'BID' : 'ASK';
      const p = Price.fromRaw(BigInt(price), pp);
      if (!isShown) {
        out.push(new OrderBookDelta(id, 'DELETE', new BookOrder(side, p, Quantity.zero(sp)), 0, sequence, tsEvent, tsInit));
        return;
      }
      const size = bigQty === undefined ? Quantity.fromRaw(BigInt(qty), sp) : quantityAt(bigQty, sp, '/qty');
      out.push(new OrderBookDelta(id, wasShown ? 'UPDATE' : 'ADD', new BookOrder(side, p, size), 0, sequence, tsEvent, tsInit));
    });
    return this.#message(out);
  }

  #exact(c: LevelText): Level {
    return {
      price: priceAt(c.price, this.instrument.pricePrecision, '/price'),
      size: quantityAt(c.qty, this.instrument.sizePrecision, '/qty'),
    };
  }

  /** The book is no longer trustworthy; null when consumers were not holding a valid one anyway. */
  invalidate(sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas | null {
    this.#bids = [];
    this.#asks = [];
    if (!this.#published) return null;
    this.#published = false;
    return new OrderBookDeltas(this.instrument.id, [OrderBookDelta.invalidate(this.instrument.id, sequence, tsEvent, tsInit)]);
  }

  #applySide(
    side: BookSide,
    window: Level[],
    changes: readonly (LevelText | Level)[] | undefined,
    book: VerifiedLevels,
    out: OrderBookDelta[],
    sequence: bigint,
    tsEvent: bigint,
    tsInit: bigint,
  ): void {
    if (changes === undefined || changes.length === 0) return;
    const touched: Touched[] = [];
    const lengthBefore = window.length;
    // With levels hidden below a full window, only what ranks up to its worst level is known from
    // the message: a level landing past it may rank behind a hidden one, so it is dropped here and
    // the window is refilled from the verified book. A window that is not full is the whole side.
    const boundary = this.bookHoldsMore && window.length >= this.depth ? (window[window.length - 1] as Level).price : null;
    for (const c of changes) {
      const { price, size } = 'size' in c ? c : this.#exact(c);
      const i = search(window, price, side);
      touch(touched, price, i >= 0 ? (window[i] as Level).size : null);
      if (size.isZero()) {
        if (i >= 0) window.splice(i, 1);
      } else if (i >= 0) {
        window[i] = { price, size };
      } else {
        // Kept even when it lands below the window: a later removal in this message may bring it in.
        window.splice(-i - 1, 0, { price, size });
      }
    }
    if (boundary !== null) while (window.length > 0 && rank((window[window.length - 1] as Level).price, boundary, side) > 0) window.pop();
    // The venue book truncates after the whole message; so does the window.
    while (window.length > this.depth) {
      const gone = window.pop() as Level;
      touch(touched, gone.price, gone.size);
    }
    // Room made in a full window: the verified book may hold the levels that now belong there.
    if (boundary !== null && window.length < lengthBefore) {
      const top = side === 'BID' ? book.bids(this.depth) : book.asks(this.depth);
      for (const l of this.#levels(top.slice(window.length))) {
        window.push(l);
        touch(touched, l.price, null);
      }
    }
    const id = this.instrument.id;
    const zero = Quantity.zero(this.instrument.sizePrecision);
    for (const t of touched) {
      const i = search(window, t.price, side);
      const after = i >= 0 ? (window[i] as Level).size : null;
      if (after === null) {
        if (t.before !== null) out.push(new OrderBookDelta(id, 'DELETE', new BookOrder(side, t.price, zero), 0, sequence, tsEvent, tsInit));
      } else if (t.before === null || !t.before.equals(after)) {
        out.push(
          new OrderBookDelta(id, t.before === null ? 'ADD' : 'UPDATE', new BookOrder(side, t.price, after), 0, sequence, tsEvent, tsInit),
        );
      }
    }
  }

  /** A merge of two windows sorted best first. */
  #diff(
    side: BookSide,
    before: readonly Level[],
    after: readonly Level[],
    out: OrderBookDelta[],
    sequence: bigint,
    tsEvent: bigint,
    tsInit: bigint,
  ): void {
    const id = this.instrument.id;
    const zero = Quantity.zero(this.instrument.sizePrecision);
    let i = 0;
    let j = 0;
    for (;;) {
      const b = before[i];
      const a = after[j];
      if (b === undefined) {
        if (a === undefined) return;
        out.push(new OrderBookDelta(id, 'ADD', new BookOrder(side, a.price, a.size), 0, sequence, tsEvent, tsInit));
        j++;
        continue;
      }
      // `b` ranks before every remaining level of `after` (or none is left): it is gone.
      const order = a === undefined ? -1 : rank(b.price, a.price, side);
      if (order < 0 || a === undefined) {
        out.push(new OrderBookDelta(id, 'DELETE', new BookOrder(side, b.price, zero), 0, sequence, tsEvent, tsInit));
        i++;
      } else if (order > 0) {
        out.push(new OrderBookDelta(id, 'ADD', new BookOrder(side, a.price, a.size), 0, sequence, tsEvent, tsInit));
        j++;
      } else {
        if (!b.size.equals(a.size))
          out.push(new OrderBookDelta(id, 'UPDATE', new BookOrder(side, a.price, a.size), 0, sequence, tsEvent, tsInit));
        i++;
        j++;
      }
    }
  }

  #levels(levels: readonly BookLevel[]): Level[] {
    const pp = this.instrument.pricePrecision;
    const sp = this.instrument.sizePrecision;
    return levels.map(([p, q]) => ({ price: priceAt(p, pp, '/price'), size: quantityAt(q, sp, '/qty') }));
  }

  /** The deltas as one message, LAST set on the final one; null when there are none. */
  #message(deltas: OrderBookDelta[]): OrderBookDeltas | null {
    const i = deltas.length - 1;
    const d = deltas[i];
    if (d === undefined) return null;
    deltas[i] = new OrderBookDelta(d.instrumentId, d.action, d.order, d.flags | F_LAST, d.sequence, d.tsEvent, d.tsInit);
    return new OrderBookDeltas(this.instrument.id, deltas);
  }
}

/** Notes a price the message touched, with its size before the message (first touch only). */
function touch(touched: Touched[], price: Price, before: Quantity | null): void {
  for (const t of touched) if (t.price.equals(price)) return;
  touched.push({ price, before });
}

/** Negative when `a` ranks before `b` on the side (bids: higher first; asks: lower first). */
function rank(a: Price, b: Price, side: BookSide): number {
  return side === 'BID' ? b.compare(a) : a.compare(b);
}

/** Index of `price` in a side sorted best first, or `-(insertion point) - 1`. */
function search(window: readonly Level[], price: Price, side: BookSide): number {
  let lo = 0;
  let hi = window.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = rank((window[mid] as Level).price, price, side);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}
