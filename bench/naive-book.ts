/**
 * The naive baseline the brief asks to beat: a Spot v2 book on decimal.js values, sorted arrays of
 * `{ price, qty }` Decimal objects, the checksum rebuilt with `toFixed` on every message. It is
 * correct (the bench checks it accepts every corpus frame), just slow.
 */
import { Decimal } from 'decimal.js';
import { crc32 } from '../src/kraken/book/crc32.js';

interface NaiveLevel {
  price: Decimal;
  qty: Decimal;
}
interface RawLevel {
  price: string | number;
  qty: string | number;
}
export interface NaiveBookMessage {
  type: string;
  data: [{ symbol: string; bids?: RawLevel[]; asks?: RawLevel[]; checksum: number }];
}

export class NaiveSpotBook {
  private bids: NaiveLevel[] = [];
  private asks: NaiveLevel[] = [];
  valid = false;

  constructor(
    readonly depth: number,
    readonly pricePrecision: number,
    readonly qtyPrecision: number,
  ) {}

  apply(msg: NaiveBookMessage): boolean {
    const d = msg.data[0];
    if (msg.type === 'snapshot') {
      this.bids = [];
      this.asks = [];
    } else if (!this.valid) return false;
    for (const l of d.bids ?? []) this.set(this.bids, true, new Decimal(l.price), new Decimal(l.qty));
    for (const l of d.asks ?? []) this.set(this.asks, false, new Decimal(l.price), new Decimal(l.qty));
    this.bids.length = Math.min(this.bids.length, this.depth);
    this.asks.length = Math.min(this.asks.length, this.depth);
    const best = this.bids[0];
    const ask = this.asks[0];
    const ok = !(best && ask && best.price.gte(ask.price)) && this.checksum() === d.checksum;
    this.valid = ok;
    return ok;
  }

  private set(side: NaiveLevel[], desc: boolean, price: Decimal, qty: Decimal): void {
    let i = 0;
    while (i < side.length) {
      const c = side[i]!.price.comparedTo(price);
      if (c === 0) break;
      if (desc ? c < 0 : c > 0) break;
      i++;
    }
    const found = i < side.length && side[i]!.price.eq(price);
    if (qty.isZero()) {
      if (found) side.splice(i, 1);
    } else if (found) side[i]!.qty = qty;
    else side.splice(i, 0, { price, qty });
  }

  checksum(): number {
    const part = (side: NaiveLevel[]): string =>
      side
        .slice(0, 10)
        .map(
          (l) =>
            l.price.toFixed(this.pricePrecision).replace('.', '').replace(/^0+/, '') +
            l.qty.toFixed(this.qtyPrecision).replace('.', '').replace(/^0+/, ''),
        )
        .join('');
    return crc32(part(this.asks) + part(this.bids));
  }

  bestBid(): string | undefined {
    return this.bids[0]?.price.toFixed(this.pricePrecision);
  }
}
