/**
 * The one place where a verified venue book becomes `OrderBookDeltas` for the node.
 *
 * After every message the verified book (Spot: checksummed; Futures: seq-checked) accepts, the
 * top `depth` levels per side are compared with the levels last published, and exactly the
 * difference goes out: ADD for a new price, UPDATE for a new size, DELETE for a level that left
 * the window (deleted by the venue or pushed past the depth, which Kraken never announces).
 * A consumer applying the deltas therefore holds exactly the verified book's top `depth`, never
 * more and never a level the venue book no longer has.
 *
 * A book that stops being trustworthy is announced once as an invalidation (a lone CLEAR without
 * the SNAPSHOT flag, see src/model/order-book.ts), and the next valid book goes out as a full
 * snapshot (CLEAR with SNAPSHOT, then every level). Both sides are kept as the `[price, qty]`
 * exact texts the book hands out; a Price or Quantity is only built for a level that changed.
 */
import type { BookLevel } from '../../kraken/book/types.js';
import type { BookSide } from '../../model/enums.js';
import type { Instrument } from '../../model/instruments.js';
import { BookOrder, F_LAST, F_SNAPSHOT, OrderBookDelta, OrderBookDeltas } from '../../model/order-book.js';
import { Quantity } from '../../model/values.js';
import { priceAt, quantityAt } from '../common/wire-values.js';

/** What the builder reads of a verified book: its levels, best first, as exact decimal text. */
export interface VerifiedLevels {
  bids(n?: number): BookLevel[];
  asks(n?: number): BookLevel[];
}

const NONE: readonly BookLevel[] = Object.freeze([]);

/**
 * Compares two non-negative decimal texts by value without parsing them (`100.5` > `100.25`,
 * `99.9` < `100`); trailing zeros do not matter. Kraken's books hand out no leading zeros.
 */
export function compareDecimalText(a: string, b: string): number {
  const ia = dotIndex(a);
  const ib = dotIndex(b);
  if (ia !== ib) return ia < ib ? -1 : 1;
  const n = a.length > b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    // Past its end a text reads as its dot (when it has none), then as zeros.
    const ca = i < a.length ? a.charCodeAt(i) : i === ia ? 46 : 48;
    const cb = i < b.length ? b.charCodeAt(i) : i === ib ? 46 : 48;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

function dotIndex(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? s.length : i;
}

export class BookDeltaBuilder {
  #bids: readonly BookLevel[] = NONE;
  #asks: readonly BookLevel[] = NONE;
  /** True while consumers hold a valid book (a snapshot went out, no invalidation since). */
  #published = false;
  readonly #zero: Quantity;

  constructor(
    readonly instrument: Instrument,
    /** Levels per side that consumers see. */
    readonly depth: number,
  ) {
    this.#zero = Quantity.zero(instrument.sizePrecision);
  }

  get isPublished(): boolean {
    return this.#published;
  }

  /** The whole visible book: CLEAR, then every level; all flagged SNAPSHOT, the last one LAST. */
  snapshot(book: VerifiedLevels, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas {
    const id = this.instrument.id;
    const bids = book.bids(this.depth);
    const asks = book.asks(this.depth);
    const deltas: OrderBookDelta[] = [new OrderBookDelta(id, 'CLEAR', null, F_SNAPSHOT, sequence, tsEvent, tsInit)];
    for (const l of bids) deltas.push(new OrderBookDelta(id, 'ADD', this.#order('BID', l), F_SNAPSHOT, sequence, tsEvent, tsInit));
    for (const l of asks) deltas.push(new OrderBookDelta(id, 'ADD', this.#order('ASK', l), F_SNAPSHOT, sequence, tsEvent, tsInit));
    markLast(deltas);
    this.#bids = bids;
    this.#asks = asks;
    this.#published = true;
    return new OrderBookDeltas(id, deltas);
  }

  /** What changed in the visible book since the last publication; null when nothing visible did. */
  update(book: VerifiedLevels, sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas | null {
    if (!this.#published) return this.snapshot(book, sequence, tsEvent, tsInit);
    const bids = book.bids(this.depth);
    const asks = book.asks(this.depth);
    const deltas: OrderBookDelta[] = [];
    this.#diff('BID', this.#bids, bids, deltas, sequence, tsEvent, tsInit);
    this.#diff('ASK', this.#asks, asks, deltas, sequence, tsEvent, tsInit);
    // Built in full before anything is kept: a level that fails to convert leaves the last
    // publication as the reference, and the caller invalidates.
    this.#bids = bids;
    this.#asks = asks;
    if (deltas.length === 0) return null;
    markLast(deltas);
    return new OrderBookDeltas(this.instrument.id, deltas);
  }

  /** The book is no longer trustworthy; null when consumers were not holding a valid one anyway. */
  invalidate(sequence: bigint, tsEvent: bigint, tsInit: bigint): OrderBookDeltas | null {
    this.#bids = NONE;
    this.#asks = NONE;
    if (!this.#published) return null;
    this.#published = false;
    return new OrderBookDeltas(this.instrument.id, [OrderBookDelta.invalidate(this.instrument.id, sequence, tsEvent, tsInit)]);
  }

  /** A merge of two sides sorted best first: bids best = highest, asks best = lowest. */
  #diff(
    side: BookSide,
    before: readonly BookLevel[],
    after: readonly BookLevel[],
    out: OrderBookDelta[],
    sequence: bigint,
    tsEvent: bigint,
    tsInit: bigint,
  ): void {
    const id = this.instrument.id;
    const sign = side === 'BID' ? -1 : 1;
    let i = 0;
    let j = 0;
    for (;;) {
      const b = before[i];
      const a = after[j];
      if (b === undefined) {
        if (a === undefined) return;
        out.push(new OrderBookDelta(id, 'ADD', this.#order(side, a), 0, sequence, tsEvent, tsInit));
        j++;
        continue;
      }
      // `b` ranks before every remaining level of `after` (or none is left): it is gone.
      const order = a === undefined ? -1 : sign * compareDecimalText(b[0], a[0]);
      if (order < 0 || a === undefined) {
        out.push(
          new OrderBookDelta(
            id,
            'DELETE',
            new BookOrder(side, priceAt(b[0], this.instrument.pricePrecision, '/price'), this.#zero),
            0,
            sequence,
            tsEvent,
            tsInit,
          ),
        );
        i++;
      } else if (order > 0) {
        out.push(new OrderBookDelta(id, 'ADD', this.#order(side, a), 0, sequence, tsEvent, tsInit));
        j++;
      } else {
        if (b[1] !== a[1]) out.push(new OrderBookDelta(id, 'UPDATE', this.#order(side, a), 0, sequence, tsEvent, tsInit));
        i++;
        j++;
      }
    }
  }

  #order(side: BookSide, level: BookLevel): BookOrder {
    return new BookOrder(
      side,
      priceAt(level[0], this.instrument.pricePrecision, '/price'),
      quantityAt(level[1], this.instrument.sizePrecision, '/qty'),
    );
  }
}

/** Sets LAST on the final delta of a message (OrderBookDelta is immutable, so it is rebuilt). */
function markLast(deltas: OrderBookDelta[]): void {
  const i = deltas.length - 1;
  const d = deltas[i];
  if (d === undefined) return;
  deltas[i] = new OrderBookDelta(d.instrumentId, d.action, d.order, d.flags | F_LAST, d.sequence, d.tsEvent, d.tsInit);
}
