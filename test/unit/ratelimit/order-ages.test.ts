/** What the rate limiter remembers about the key's orders: ids, ages, forgetting, the bound. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderAgeBook, type OrderAgeEntry } from '../../../src/kraken/ratelimit/order-ages.js';

/** The book's contract written the plain way: every operation scans every id. */
class ScanningBook {
  readonly byId = new Map<string, OrderAgeEntry>();
  constructor(readonly capacity: number) {}
  placed(ids: readonly (string | undefined)[], pair: string, atMs: number): void {
    const entry = { pair, sinceMs: atMs };
    for (const id of ids) {
      if (id === undefined || id === '') continue;
      this.byId.delete(id);
      this.byId.set(id, entry);
    }
    while (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value as string);
  }
  amended(id: string, atMs: number): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    const renewed = { pair: entry.pair, sinceMs: atMs };
    for (const [key, e] of this.byId) if (e === entry) this.byId.set(key, renewed);
  }
  forget(id: string): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    for (const [key, e] of this.byId) if (e === entry) this.byId.delete(key);
  }
}

describe('OrderAgeBook', () => {
  it('a cancel by either id forgets the order under both; other orders stay', () => {
    const book = new OrderAgeBook();
    book.placed(['OTX-1', 'cl-1'], 'XBTUSD', 1_000);
    book.placed(['OTX-2', 'cl-2'], 'ETHUSD', 2_000);
    book.forget('cl-1');
    expect(book.lookup('OTX-1')).toBeUndefined();
    expect(book.lookup('cl-1')).toBeUndefined();
    expect(book.lookup('OTX-2')).toEqual({ pair: 'ETHUSD', sinceMs: 2_000 });
    expect(book.size).toBe(2);
  });

  it('an amend by either id restarts the age under both', () => {
    const book = new OrderAgeBook();
    book.placed(['OTX-1', 'cl-1'], 'XBTUSD', 1_000);
    book.amended('cl-1', 5_000);
    expect(book.lookup('OTX-1')).toEqual({ pair: 'XBTUSD', sinceMs: 5_000 });
    expect(book.lookup('cl-1')).toBe(book.lookup('OTX-1'));
    book.amended('OTX-1', 7_000);
    expect(book.lookup('cl-1')).toEqual({ pair: 'XBTUSD', sinceMs: 7_000 });
    book.forget('OTX-1');
    expect(book.entries()).toEqual([]);
  });

  it('a reused client order id moves to the new order; the old one stays known by its txid', () => {
    const book = new OrderAgeBook();
    book.placed(['OTX-1', 'cl-x'], 'XBTUSD', 1_000);
    book.placed(['OTX-2', 'cl-x'], 'ETHUSD', 2_000);
    expect(book.lookup('cl-x')).toEqual({ pair: 'ETHUSD', sinceMs: 2_000 });
    book.forget('OTX-1');
    expect(book.lookup('cl-x')).toEqual({ pair: 'ETHUSD', sinceMs: 2_000 });
    book.amended('cl-x', 3_000);
    expect(book.lookup('OTX-2')).toEqual({ pair: 'ETHUSD', sinceMs: 3_000 });
  });

  it('past its capacity the oldest ids are forgotten first', () => {
    const book = new OrderAgeBook(3);
    book.placed(['OTX-1', 'cl-1'], 'XBTUSD', 1);
    book.placed(['OTX-2', 'cl-2'], 'XBTUSD', 2);
    expect(book.size).toBe(3);
    expect(book.lookup('OTX-1')).toBeUndefined();
    expect(book.lookup('cl-1')).toEqual({ pair: 'XBTUSD', sinceMs: 1 });
    book.forget('cl-1');
    expect(book.size).toBe(2);
  });

  it('agrees with the plain scanning contract over any sequence of places, amends and cancels', () => {
    const id = fc.constantFrom('OTX-1', 'OTX-2', 'OTX-3', 'OTX-4', 'cl-a', 'cl-b', 'cl-c', '');
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('placed' as const),
        ids: fc.array(fc.option(id, { nil: undefined }), { maxLength: 3 }),
        pair: fc.constantFrom('XBTUSD', 'ETHUSD'),
      }),
      fc.record({ kind: fc.constant('amended' as const), id }),
      fc.record({ kind: fc.constant('forget' as const), id }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 40 }), (capacity, ops) => {
        const book = new OrderAgeBook(capacity);
        const plain = new ScanningBook(capacity);
        ops.forEach((o, t) => {
          if (o.kind === 'placed') {
            book.placed(o.ids, o.pair, t);
            plain.placed(o.ids, o.pair, t);
          } else if (o.kind === 'amended') {
            book.amended(o.id, t);
            plain.amended(o.id, t);
          } else {
            book.forget(o.id);
            plain.forget(o.id);
          }
          expect(book.size).toBe(plain.byId.size);
          for (const key of ['OTX-1', 'OTX-2', 'OTX-3', 'OTX-4', 'cl-a', 'cl-b', 'cl-c'])
            expect(book.lookup(key)).toEqual(plain.byId.get(key));
          // Ids of one order share one entry, as in the plain book.
          const groups = (m: (k: string) => OrderAgeEntry | undefined) =>
            [...plain.byId.keys()].map((a) => [...plain.byId.keys()].filter((b) => m(a) === m(b)).join(','));
          expect(groups((k) => book.lookup(k))).toEqual(groups((k) => plain.byId.get(k)));
          expect(book.entries()).toEqual([...new Set(plain.byId.values())]);
        });
      }),
      { numRuns: 300 },
    );
  });
});
