/**
 * One side of a Spot book: levels sorted best first, held as exact scaled integers.
 *
 * Prices and quantities are integers scaled by the pair's precision, kept in growable
 * Float64Arrays (16 bytes a level, no per-level objects). A quantity whose scaled integer does
 * not fit 2^53 − 1 is marked `BIG_QTY` and its digits live in a small side map keyed by price.
 * The checksum text of each of the top 10 levels (scaled price digits then scaled qty digits —
 * the level at the pair's precision with the `.` removed and leading zeros stripped, spot-ws-v2.md
 * "Book checksum") is cached as ASCII bytes in fixed slots that shift with the levels, so an
 * update touching one top-10 level re-encodes one level and no strings are built per message.
 */
import { crc32Update, crc32UpdateBytes } from '../../book/crc32.js';

/** Marks a quantity held as digits in the side map. */
export const BIG_QTY = -1;
/** Levels covered by the Kraken checksum on each side. */
export const CHECKSUM_LEVELS = 10;
/** Bytes per cached checksum slot: ≤ 16 price digits + ≤ 16 qty digits (both ≤ 2^53). */
const SLOT = 40;
const STALE = -1;
/** A level whose qty is BIG_QTY: its text is built as a string when hashed. */
const AS_STRING = -2;

/** Writes the decimal digits of a non-negative integer ≤ 2^53 − 1; returns the end offset. */
function writeDigits(buf: Uint8Array, off: number, n: number): number {
  if (n >= 1e9) {
    const hi = Math.floor(n / 1e9);
    off = writeDigits(buf, off, hi);
    let lo = n - hi * 1e9;
    for (let k = off + 8; k >= off; k--) {
      const q = (lo / 10) | 0;
      buf[k] = 48 + lo - q * 10;
      lo = q;
    }
    return off + 9;
  }
  let v = n | 0;
  let len = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) len++;
  for (let k = off + len - 1; k >= off; k--) {
    const q = (v / 10) | 0;
    buf[k] = 48 + v - q * 10;
    v = q;
  }
  return off + len;
}

export class PriceLadder {
  prices: Float64Array;
  qtys: Float64Array;
  length = 0;
  private bigQtys: Map<number, string> | undefined;
  /** Checksum text of levels 0..9 (ASCII digits), SLOT bytes each; length per slot or STALE/AS_STRING. */
  readonly fragmentBytes = new Uint8Array(CHECKSUM_LEVELS * SLOT);
  private readonly fragmentLength = new Int16Array(CHECKSUM_LEVELS).fill(STALE);
  /**
   * CRC is sequential, so the running state before each top-10 level is kept: a change at
   * level i re-hashes only levels i..9 (and the bids only if the asks' final state moved).
   */
  private readonly crcBefore = new Int32Array(CHECKSUM_LEVELS + 1);
  /** Checksum-text bytes before each top-10 level; `hashedBefore[n]` is the total. */
  private readonly hashedBefore = new Int32Array(CHECKSUM_LEVELS + 1);
  private crcIn = 0;
  /** Bytes of checksum text hashed by the last `crcTop`. */
  hashedLength = 0;
  /** Lowest top-10 index changed since the last `crcTop` (CHECKSUM_LEVELS = none). */
  private crcFrom = 0;

  constructor(
    /** Bids are best-first descending, asks ascending. */
    readonly descending: boolean,
    capacity: number,
  ) {
    this.prices = new Float64Array(capacity);
    this.qtys = new Float64Array(capacity);
  }

  /** Index of `price`, or `-(insertion point) - 1` when absent. */
  search(price: number): number {
    const p = this.prices;
    let lo = 0;
    let hi = this.length - 1;
    if (this.descending) {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = p[mid]!;
        if (v > price) lo = mid + 1;
        else if (v < price) hi = mid - 1;
        else return mid;
      }
    } else {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = p[mid]!;
        if (v < price) lo = mid + 1;
        else if (v > price) hi = mid - 1;
        else return mid;
      }
    }
    return -lo - 1;
  }

  /** Sets the level's absolute quantity (inserting it if new); returns its index. */
  set(price: number, qty: number, bigQty: string | undefined): number {
    let i = this.search(price);
    if (i >= 0) {
      if (this.qtys[i] === BIG_QTY) this.bigQtys!.delete(price);
    } else {
      i = -i - 1;
      if (this.length === this.prices.length) this.grow();
      const n = this.length;
      if (i < n) {
        this.prices.copyWithin(i + 1, i, n);
        this.qtys.copyWithin(i + 1, i, n);
      }
      this.prices[i] = price;
      this.length = n + 1;
      // cached checksum slots shift down with their levels
      if (i < CHECKSUM_LEVELS - 1) {
        this.fragmentBytes.copyWithin((i + 1) * SLOT, i * SLOT, (CHECKSUM_LEVELS - 1) * SLOT);
        this.fragmentLength.copyWithin(i + 1, i, CHECKSUM_LEVELS - 1);
      }
    }
    this.qtys[i] = qty;
    if (qty === BIG_QTY) (this.bigQtys ??= new Map()).set(price, bigQty!);
    if (i < CHECKSUM_LEVELS) {
      this.fragmentLength[i] = STALE;
      if (i < this.crcFrom) this.crcFrom = i;
    }
    return i;
  }

  /** Deletes the level at `price`; returns the index it had, or -1 if absent. */
  remove(price: number): number {
    const i = this.search(price);
    if (i < 0) return -1;
    if (this.qtys[i] === BIG_QTY) this.bigQtys!.delete(price);
    const n = this.length;
    this.prices.copyWithin(i, i + 1, n);
    this.qtys.copyWithin(i, i + 1, n);
    this.length = n - 1;
    if (i < CHECKSUM_LEVELS) {
      this.fragmentBytes.copyWithin(i * SLOT, (i + 1) * SLOT, CHECKSUM_LEVELS * SLOT);
      this.fragmentLength.copyWithin(i, i + 1, CHECKSUM_LEVELS);
      this.fragmentLength[CHECKSUM_LEVELS - 1] = STALE;
      if (i < this.crcFrom) this.crcFrom = i;
    }
    return i;
  }

  /** Drops every level past `depth` (Kraken sends no delete for them, spot-ws-v2.md §5.2). */
  truncate(depth: number): void {
    if (this.length <= depth) return;
    if (this.bigQtys !== undefined) {
      for (let i = depth; i < this.length; i++) {
        if (this.qtys[i] === BIG_QTY) this.bigQtys.delete(this.prices[i]!);
      }
    }
    this.length = depth;
    for (let i = depth; i < CHECKSUM_LEVELS; i++) this.fragmentLength[i] = STALE;
  }

  clear(): void {
    this.length = 0;
    this.fragmentLength.fill(STALE);
    this.crcFrom = 0;
    this.bigQtys?.clear();
  }

  /** The scaled quantity's digits at index `i`. */
  qtyDigits(i: number): string {
    const q = this.qtys[i]!;
    return q === BIG_QTY ? this.bigQtys!.get(this.prices[i]!)! : String(q);
  }

  /** Continues a CRC over the checksum text of the top `min(10, length)` levels. */
  crcTop(stateIn: number): number {
    const n = this.length < CHECKSUM_LEVELS ? this.length : CHECKSUM_LEVELS;
    let from = (stateIn | 0) === this.crcIn ? this.crcFrom : 0;
    if (from > n) from = n;
    const before = this.crcBefore;
    const hashed = this.hashedBefore;
    let state = from === 0 ? stateIn | 0 : before[from]!;
    let total = from === 0 ? 0 : hashed[from]!;
    const bytes = this.fragmentBytes;
    const lengths = this.fragmentLength;
    for (let i = from; i < n; i++) {
      before[i] = state;
      hashed[i] = total;
      let len = lengths[i]!;
      if (len === STALE) {
        const q = this.qtys[i]!;
        if (q === BIG_QTY) len = AS_STRING;
        else {
          const start = i * SLOT;
          len = writeDigits(bytes, writeDigits(bytes, start, this.prices[i]!), q) - start;
        }
        lengths[i] = len;
      }
      if (len === AS_STRING) {
        const text = String(this.prices[i]!) + this.qtyDigits(i);
        state = crc32Update(state, text);
        total += text.length;
      } else {
        state = crc32UpdateBytes(state, bytes, i * SLOT, i * SLOT + len);
        total += len;
      }
    }
    before[n] = state;
    hashed[n] = total;
    this.hashedLength = total;
    this.crcIn = stateIn | 0;
    this.crcFrom = CHECKSUM_LEVELS;
    return state;
  }

  private grow(): void {
    const capacity = this.prices.length * 2 || 16;
    const prices = new Float64Array(capacity);
    const qtys = new Float64Array(capacity);
    prices.set(this.prices);
    qtys.set(this.qtys);
    this.prices = prices;
    this.qtys = qtys;
  }
}
