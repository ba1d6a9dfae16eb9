/**
 * A deliberately naive reference L2 book for the property tests: decimal.js values, a Map per
 * side, a full sort after every message, and zlib's CRC32 — nothing shared with the real book.
 */
import { crc32 } from 'node:zlib';
import { Decimal } from 'decimal.js';

export type Side = 'bid' | 'ask';
export interface Change {
  readonly side: Side;
  /** Decimal text as it goes on the wire. */
  readonly price: string;
  readonly qty: string;
}
export type Level = readonly [price: string, qty: string];

export class ReferenceBook {
  private bids = new Map<string, { price: Decimal; qty: Decimal }>();
  private asks = new Map<string, { price: Decimal; qty: Decimal }>();
  private view: { bid: Level[]; ask: Level[] } = { bid: [], ask: [] };

  constructor(
    readonly depth: number,
    readonly pricePrecision: number,
    readonly qtyPrecision: number,
  ) {}

  clone(): ReferenceBook {
    const c = new ReferenceBook(this.depth, this.pricePrecision, this.qtyPrecision);
    c.bids = new Map(this.bids);
    c.asks = new Map(this.asks);
    c.view = this.view;
    return c;
  }

  snapshot(changes: readonly Change[]): void {
    this.bids.clear();
    this.asks.clear();
    this.update(changes);
  }

  update(changes: readonly Change[]): void {
    for (const c of changes) {
      const side = c.side === 'bid' ? this.bids : this.asks;
      const price = new Decimal(c.price);
      const key = price.toFixed(this.pricePrecision);
      const qty = new Decimal(c.qty);
      if (qty.isZero()) side.delete(key);
      else side.set(key, { price, qty });
    }
    // truncate to depth after the whole message (Kraken sends no delete for levels pushed out)
    const bids = this.sorted(this.bids, true).slice(0, this.depth);
    const asks = this.sorted(this.asks, false).slice(0, this.depth);
    this.bids = new Map(bids);
    this.asks = new Map(asks);
    const fmt = ([p, v]: [string, { qty: Decimal }]): Level => [p, v.qty.toFixed(this.qtyPrecision)];
    this.view = { bid: bids.map(fmt), ask: asks.map(fmt) };
  }

  private sorted(m: Map<string, { price: Decimal; qty: Decimal }>, descending: boolean): [string, { price: Decimal; qty: Decimal }][] {
    return [...m.entries()].sort((a, b) => {
      const d = a[1].price.comparedTo(b[1].price);
      return descending ? -d : d;
    });
  }

  levels(side: Side): Level[] {
    return this.view[side];
  }

  crossed(): boolean {
    const b = this.view.bid[0];
    const a = this.view.ask[0];
    return b !== undefined && a !== undefined && new Decimal(b[0]).gte(a[0]);
  }

  /** Kraken's checksum over this view. */
  checksum(): number {
    const part = (levels: Level[]): string =>
      levels
        .slice(0, 10)
        .map(([p, q]) => p.replace('.', '').replace(/^0+/, '') + q.replace('.', '').replace(/^0+/, ''))
        .join('');
    return crc32(part(this.view.ask) + part(this.view.bid)) >>> 0;
  }

  /** The view as one string, for cheap equality checks. */
  key(): string {
    return JSON.stringify(this.view);
  }

  equalsView(other: ReferenceBook): boolean {
    return this.key() === other.key();
  }
}
