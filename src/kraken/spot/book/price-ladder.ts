/**
 * One side of a Spot book: levels sorted best first, held as exact scaled integers.
 *
 * Prices and quantities are integers scaled by the pair's precision, kept in growable
 * Float64Arrays (16 bytes a level, no per-level objects). A quantity whose scaled integer does
 * not fit 2^53 − 1 is marked `BIG_QTY` and its digits live in a small side map keyed by price.
 * The checksum fragment of each of the top 10 levels (price digits + qty digits; spot-ws-v2.md
 * "Book checksum") is cached and shifted along with the levels, so an update that only touches
 * one top-10 level re-stringifies one level.
 */

/** Marks a quantity held as digits in the side map. */
export const BIG_QTY = -1;
/** Levels covered by the Kraken checksum on each side. */
export const CHECKSUM_LEVELS = 10;

export class PriceLadder {
  prices: Float64Array;
  qtys: Float64Array;
  length = 0;
  private bigQtys: Map<number, string> | undefined;
  private readonly fragments: (string | undefined)[] = [];

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
      // Cached fragments shift with their levels; none exist past the array's end.
      if (i < this.fragments.length) {
        this.fragments.splice(i, 0, undefined);
        if (this.fragments.length > CHECKSUM_LEVELS) this.fragments.length = CHECKSUM_LEVELS;
      }
    }
    this.qtys[i] = qty;
    if (qty === BIG_QTY) (this.bigQtys ??= new Map()).set(price, bigQty!);
    if (i < CHECKSUM_LEVELS) this.fragments[i] = undefined;
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
    if (i < this.fragments.length) this.fragments.splice(i, 1);
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
    if (this.fragments.length > depth) this.fragments.length = depth;
  }

  clear(): void {
    this.length = 0;
    this.fragments.length = 0;
    this.bigQtys?.clear();
  }

  /** The scaled quantity's digits at index `i`. */
  qtyDigits(i: number): string {
    const q = this.qtys[i]!;
    return q === BIG_QTY ? this.bigQtys!.get(this.prices[i]!)! : String(q);
  }

  /** Checksum text of level `i` (< 10): scaled price digits then scaled qty digits. */
  fragment(i: number): string {
    let f = this.fragments[i];
    if (f === undefined) {
      f = String(this.prices[i]!) + this.qtyDigits(i);
      this.fragments[i] = f;
    }
    return f;
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
