/** Property tests for FuturesOrderBook seq handling against a naive decimal.js reference (docs/reliability.md D5). */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FuturesOrderBook } from '../../../src/kraken/futures/book/futures-order-book.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);
const PRODUCT = 'PF_TESTUSD';

interface Delta {
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly qty: string;
}

// prices with up to 2 decimals and qtys with up to 3, printed with trailing zeros sometimes kept
const priceArb = (buy: boolean) =>
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean()).map(([off, pad]) => {
    const cents = buy ? 250_000 - off : 250_000 + off;
    const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    return pad ? text : text.replace(/0+$/, '').replace(/\.$/, '');
  });
const qtyArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant('0') },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 999_999 }).map((m) => `${Math.floor(m / 1000)}.${String(m % 1000).padStart(3, '0')}`) },
);
const deltaArb: fc.Arbitrary<Delta> = fc
  .boolean()
  .chain((buy) => fc.record({ side: fc.constant(buy ? ('buy' as const) : ('sell' as const)), price: priceArb(buy), qty: qtyArb }));

const scenarioArb = fc.record({
  startSeq: fc.integer({ min: 0, max: 1_000_000_000 }),
  snapshot: fc.array(deltaArb, { maxLength: 30 }),
  deltas: fc.array(deltaArb, { minLength: 2, maxLength: 40 }),
});

class Reference {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  apply(d: Delta): void {
    const side = d.side === 'buy' ? this.bids : this.asks;
    const price = new Decimal(d.price).toFixed();
    if (new Decimal(d.qty).isZero()) side.delete(price);
    else side.set(price, new Decimal(d.qty).toFixed());
  }
  levels(side: 'buy' | 'sell'): [string, string][] {
    const m = side === 'buy' ? this.bids : this.asks;
    const sign = side === 'buy' ? -1 : 1;
    return [...m.entries()].sort((a, b) => sign * new Decimal(a[0]).comparedTo(b[0]));
  }
}

function snapshotText(seq: number, levels: readonly Delta[]): string {
  const side = (s: 'buy' | 'sell') =>
    `[${levels
      .filter((l) => l.side === s)
      .map((l) => `{"price":${l.price},"qty":${l.qty}}`)
      .join(',')}]`;
  return `{"feed":"book_snapshot","product_id":"${PRODUCT}","timestamp":1,"seq":${seq},"tickSize":null,"bids":${side('buy')},"asks":${side('sell')}}`;
}
const deltaText = (seq: number, d: Delta): string =>
  `{"feed":"book","product_id":"${PRODUCT}","side":"${d.side}","seq":${seq},"price":${d.price},"qty":${d.qty},"timestamp":2}`;

/** Snapshot levels are unique per price (a venue snapshot never repeats a price). */
function uniqueSnapshot(levels: readonly Delta[]): Delta[] {
  const seen = new Set<string>();
  return levels.filter((l) => {
    const k = `${l.side}:${new Decimal(l.price).toFixed()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function expectEqual(book: FuturesOrderBook, ref: Reference): void {
  expect(book.bids()).toEqual(ref.levels('buy'));
  expect(book.asks()).toEqual(ref.levels('sell'));
}

describe('FuturesOrderBook properties', () => {
  it('contiguous deltas keep the book valid and equal to the reference', () => {
    fc.assert(
      fc.property(scenarioArb, ({ startSeq, snapshot, deltas }) => {
        const snap = uniqueSnapshot(snapshot);
        const book = new FuturesOrderBook({ product: PRODUCT });
        const ref = new Reference();
        snap.forEach((l) => ref.apply(l));
        expect(book.apply(snapshotText(startSeq, snap)).ok).toBe(true);
        deltas.forEach((d, i) => {
          ref.apply(d);
          expect(book.apply(deltaText(startSeq + 1 + i, d)).ok).toBe(true);
        });
        expectEqual(book, ref);
      }),
      { numRuns: RUNS },
    );
  });

  it('D5: a dropped delta is detected as a seq gap at the very next message', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ startSeq, snapshot, deltas }, pick) => {
        const drop = pick % (deltas.length - 1);
        const book = new FuturesOrderBook({ product: PRODUCT });
        book.apply(snapshotText(startSeq, uniqueSnapshot(snapshot)));
        for (let i = 0; i < drop; i++) expect(book.apply(deltaText(startSeq + 1 + i, deltas[i]!)).ok).toBe(true);
        const r = book.apply(deltaText(startSeq + 2 + drop, deltas[drop + 1]!));
        expect(r).toEqual({ ok: false, reason: 'seq-gap' });
        expect(book.isValid).toBe(false);
        expect(book.needsResync).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('D5: a duplicated delta is dropped as stale; the book stays valid and correct, no resync', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ startSeq, snapshot, deltas }, pick) => {
        const dup = pick % deltas.length;
        const snap = uniqueSnapshot(snapshot);
        let resyncs = 0;
        const book = new FuturesOrderBook({ product: PRODUCT, onResync: () => resyncs++ });
        const ref = new Reference();
        snap.forEach((l) => ref.apply(l));
        book.apply(snapshotText(startSeq, snap));
        deltas.forEach((d, i) => {
          ref.apply(d);
          expect(book.apply(deltaText(startSeq + 1 + i, d)).ok).toBe(true);
          if (i === dup) expect(book.apply(deltaText(startSeq + 1 + i, d))).toEqual({ ok: false, reason: 'stale-seq' });
        });
        expect(book.isValid).toBe(true);
        expect(resyncs).toBe(0);
        expectEqual(book, ref);
      }),
      { numRuns: RUNS },
    );
  });

  it('D5: two swapped deltas are flagged at the first of them, never silently applied', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ startSeq, snapshot, deltas }, pick) => {
        const k = pick % (deltas.length - 1);
        const book = new FuturesOrderBook({ product: PRODUCT });
        book.apply(snapshotText(startSeq, uniqueSnapshot(snapshot)));
        for (let i = 0; i < k; i++) book.apply(deltaText(startSeq + 1 + i, deltas[i]!));
        expect(book.apply(deltaText(startSeq + 2 + k, deltas[k + 1]!)).reason).toBe('seq-gap');
        expect(book.isValid).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
