/**
 * One side of a Futures book. Futures frames give no price precision, so
 * each level keeps its price and qty as canonical exact decimal text, ordered by the price's
 * double value with an exact text comparison as the tie-break (two different decimals that
 * round to the same double still get distinct, correctly ordered levels).
 */
import { compareCanonical } from '../../book/decimal-text.js';

export class FuturesLadder {
  readonly values: number[] = [];
  readonly prices: string[] = [];
  readonly qtys: string[] = [];

  constructor(readonly descending: boolean) {}

  get length(): number {
    return this.prices.length;
  }

  /** Index of the level, or `-(insertion point) - 1`. */
  search(value: number, price: string): number {
    const values = this.values;
    let lo = 0;
    let hi = values.length - 1;
    const sign = this.descending ? -1 : 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = values[mid]!;
      let cmp = v < value ? -1 : v > value ? 1 : compareCanonical(this.prices[mid]!, price);
      cmp *= sign;
      if (cmp < 0) lo = mid + 1;
      else if (cmp > 0) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  set(value: number, price: string, qty: string): void {
    const i = this.search(value, price);
    if (i >= 0) {
      this.qtys[i] = qty;
      return;
    }
    const at = -i - 1;
    this.values.splice(at, 0, value);
    this.prices.splice(at, 0, price);
    this.qtys.splice(at, 0, qty);
  }

  remove(value: number, price: string): void {
    const i = this.search(value, price);
    if (i < 0) return;
    this.values.splice(i, 1);
    this.prices.splice(i, 1);
    this.qtys.splice(i, 1);
  }

  clear(): void {
    this.values.length = 0;
    this.prices.length = 0;
    this.qtys.length = 0;
  }
}
