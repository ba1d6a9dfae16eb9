/**
 * The one place a verified book becomes OrderBookDeltas: snapshots, exact diffs (a level that
 * left the window is deleted even though Kraken never says so), invalidation, and the property
 * that a consumer applying the deltas always holds exactly the verified book's top `depth`.
 */
import { describe, expect, it } from 'vitest';
import { BookDeltaBuilder, compareDecimalText, type VerifiedLevels } from '../../../../src/adapter/data/book-deltas.js';
import type { BookLevel } from '../../../../src/kraken/book/types.js';
import { F_LAST, F_SNAPSHOT, OrderBook, type OrderBookDeltas } from '../../../../src/model/order-book.js';
import { BTCUSD } from './fixtures.js';

/** A verified book stand-in: levels best first, sliced like the real books. */
function levels(bids: readonly BookLevel[], asks: readonly BookLevel[]): VerifiedLevels {
  return { bids: (n) => bids.slice(0, n), asks: (n) => asks.slice(0, n) };
}
const show = (d: OrderBookDeltas) =>
  d.deltas.map((x) =>
    x.order === null
      ? `${x.action}/${x.flags}`
      : `${x.action} ${x.order.side} ${x.order.price.toString()} ${x.order.size.toString()}/${x.flags}`,
  );
const sides = (b: OrderBook) => [
  b.bids().map((l) => `${l.price.toString()}@${l.size.toString()}`),
  b.asks().map((l) => `${l.price.toString()}@${l.size.toString()}`),
];

describe('compareDecimalText', () => {
  it('orders decimal texts by value, trailing zeros and missing fractions included', () => {
    const sorted = ['0.5', '0.5657', '1', '9.99', '10', '10.00001', '100.25', '100.5', '101'];
    for (let i = 0; i < sorted.length; i++) {
      for (let j = 0; j < sorted.length; j++)
        expect(Math.sign(compareDecimalText(sorted[i]!, sorted[j]!)), `${sorted[i]} vs ${sorted[j]}`).toBe(Math.sign(i - j));
    }
    expect(compareDecimalText('100.10', '100.1')).toBe(0);
    expect(compareDecimalText('45281.0', '45281')).toBe(0);
  });
});

describe('BookDeltaBuilder', () => {
  const id = BTCUSD.id;

  it('a snapshot is CLEAR then every level, all SNAPSHOT, the last one LAST, at the instrument precision', () => {
    const b = new BookDeltaBuilder(BTCUSD, 2);
    const d = b.snapshot(
      levels(
        [
          ['100.0', '1.00000000'],
          ['99.5', '2.00000000'],
          ['99.0', '3.00000000'],
        ],
        [['100.5', '0.50000000']],
      ),
      1n,
      10n,
      11n,
    );
    expect(show(d)).toEqual([
      `CLEAR/${F_SNAPSHOT}`,
      `ADD BID 100.0 1.00000000/${F_SNAPSHOT}`,
      `ADD BID 99.5 2.00000000/${F_SNAPSHOT}`,
      `ADD ASK 100.5 0.50000000/${F_SNAPSHOT | F_LAST}`,
    ]);
    expect(d.isSnapshot).toBe(true);
    expect(d.isInvalidation).toBe(false);
    expect([d.instrumentId.equals(id), d.tsEvent, d.tsInit, d.sequence]).toEqual([true, 10n, 11n, 1n]);
  });

  it('an update is exactly the difference: new price ADD, new size UPDATE, gone or pushed past the depth DELETE', () => {
    const b = new BookDeltaBuilder(BTCUSD, 3);
    b.snapshot(
      levels(
        [
          ['100.0', '1.00000000'],
          ['99.5', '2.00000000'],
          ['99.0', '3.00000000'],
        ],
        [
          ['100.5', '1.00000000'],
          ['101.0', '1.00000000'],
        ],
      ),
      1n,
      0n,
      0n,
    );
    // bid 99.8 enters and pushes 99.0 out of a depth-3 window (Kraken sends no delete for it);
    // bid 100.0 changes size; ask 100.5 traded away.
    const d = b.update(
      levels(
        [
          ['100.0', '0.40000000'],
          ['99.8', '5.00000000'],
          ['99.5', '2.00000000'],
          ['99.0', '3.00000000'],
        ],
        [['101.0', '1.00000000']],
      ),
      2n,
      0n,
      0n,
    )!;
    expect(show(d)).toEqual([
      'UPDATE BID 100.0 0.40000000/0',
      'ADD BID 99.8 5.00000000/0',
      'DELETE BID 99.0 0.00000000/0',
      `DELETE ASK 100.5 0.00000000/${F_LAST}`,
    ]);
    expect(d.isSnapshot).toBe(false);
  });

  it('nothing visible changed (a change below the window) → no message', () => {
    const b = new BookDeltaBuilder(BTCUSD, 1);
    b.snapshot(levels([['100.0', '1.00000000']], [['101.0', '1.00000000']]), 1n, 0n, 0n);
    expect(
      b.update(
        levels(
          [
            ['100.0', '1.00000000'],
            ['99.0', '9.00000000'],
          ],
          [['101.0', '1.00000000']],
        ),
        2n,
        0n,
        0n,
      ),
    ).toBeNull();
  });

  it('invalidation: one lone CLEAR without SNAPSHOT, once; the next valid book goes out whole', () => {
    const b = new BookDeltaBuilder(BTCUSD, 5);
    expect(b.invalidate(0n, 0n, 0n)).toBeNull(); // nothing was published yet
    b.snapshot(levels([['100.0', '1.00000000']], []), 1n, 0n, 0n);
    const inv = b.invalidate(1n, 5n, 6n)!;
    expect(show(inv)).toEqual([`CLEAR/${F_LAST}`]);
    expect([inv.isInvalidation, inv.isSnapshot]).toEqual([true, false]);
    expect(b.invalidate(1n, 5n, 6n)).toBeNull();
    // an update after an invalidation is published as a snapshot
    expect(b.update(levels([['100.0', '2.00000000']], []), 2n, 0n, 0n)!.isSnapshot).toBe(true);
  });

  it("a consumer's OrderBook: empty and awaiting a snapshot after an invalidation, whole again after the snapshot", () => {
    const book = new OrderBook(id);
    const b = new BookDeltaBuilder(BTCUSD, 5);
    book.applyDeltas(b.snapshot(levels([['100.0', '1.00000000']], [['101.0', '1.00000000']]), 1n, 0n, 0n));
    expect([book.bidLevels, book.awaitingSnapshot]).toEqual([1, false]);
    book.applyDeltas(b.invalidate(1n, 0n, 0n)!);
    expect([book.bidLevels, book.askLevels, book.awaitingSnapshot]).toEqual([0, 0, true]);
    book.applyDeltas(b.snapshot(levels([['99.0', '1.00000000']], []), 2n, 0n, 0n));
    expect([sides(book), book.awaitingSnapshot]).toEqual([[['99.0@1.00000000'], []], false]);
  });

  it('a level the instrument cannot represent throws before anything is kept; the last publication stays the reference', () => {
    const b = new BookDeltaBuilder(BTCUSD, 5);
    b.snapshot(levels([['100.0', '1.00000000']], []), 1n, 0n, 0n);
    expect(() => b.update(levels([['100.05', '1.00000000']], []), 2n, 0n, 0n)).toThrow(/decimals/);
    expect(show(b.update(levels([['100.0', '2.00000000']], []), 3n, 0n, 0n)!)).toEqual([`UPDATE BID 100.0 2.00000000/${F_LAST}`]);
  });

  it('property: over random book sequences, a consumer applying the deltas always holds exactly the top `depth`', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let run = 0; run < 40; run++) {
      const depth = 1 + rand(12);
      const b = new BookDeltaBuilder(BTCUSD, depth);
      const consumer = new OrderBook(id);
      const bids = new Map<number, string>();
      const asks = new Map<number, string>();
      const view = (): VerifiedLevels => {
        const side = (m: Map<number, string>, desc: boolean): BookLevel[] =>
          [...m.entries()].sort((x, y) => (desc ? y[0] - x[0] : x[0] - y[0])).map(([p, q]) => [(p / 10).toFixed(1), q] as const);
        return levels(side(bids, true), side(asks, false));
      };
      for (let step = 0; step < 60; step++) {
        for (let k = 0; k < 1 + rand(4); k++) {
          const bid = rand(2) === 0;
          const price = bid ? 900 + rand(100) : 1000 + rand(100);
          const m = bid ? bids : asks;
          if (rand(4) === 0) m.delete(price);
          else m.set(price, `${rand(5)}.${String(1 + rand(99999999)).padStart(8, '0')}`);
        }
        const v = view();
        const d = step === 0 ? b.snapshot(v, BigInt(step), 0n, 0n) : b.update(v, BigInt(step), 0n, 0n);
        if (d !== null) consumer.applyDeltas(d);
        const expected = [v.bids(depth).map(([p, q]) => `${p}@${q}`), v.asks(depth).map(([p, q]) => `${p}@${q}`)];
        expect(sides(consumer), `run ${run} step ${step}`).toEqual(expected);
      }
    }
  });
});
