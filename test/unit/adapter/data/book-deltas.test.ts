/**
 * The one place a verified book becomes OrderBookDeltas: snapshots, exact differences (a level
 * pushed past the depth is deleted though Kraken never says so; a level below the window comes
 * into view), invalidation, and the property that a consumer applying the deltas always holds
 * exactly the venue book's top `depth`, through either way in (the message's own levels, or a
 * whole comparison), on a model of Kraken's Spot (truncated) and Futures (whole) books.
 */
import { describe, expect, it } from 'vitest';
import { BookDeltaBuilder, type BookChanges, type LevelText, type VerifiedLevels } from '../../../../src/adapter/data/book-deltas.js';
import type { BookLevel } from '../../../../src/kraken/book/types.js';
import { F_LAST, F_SNAPSHOT, OrderBook, type OrderBookDeltas } from '../../../../src/model/order-book.js';
import { BTCUSD } from './fixtures.js';

/** A verified book stand-in: levels best first, sliced like the real books. */
function levels(bids: readonly BookLevel[], asks: readonly BookLevel[]): VerifiedLevels {
  return { bids: (n) => bids.slice(0, n), asks: (n) => asks.slice(0, n) };
}
const lv = (price: string, qty: string): LevelText => ({ price, qty });
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
const id = BTCUSD.id;

const SNAP_BIDS: BookLevel[] = [
  ['100.0', '1.00000000'],
  ['99.5', '2.00000000'],
  ['99.0', '3.00000000'],
];
const SNAP_ASKS: BookLevel[] = [
  ['100.5', '1.00000000'],
  ['101.0', '1.00000000'],
];

describe('BookDeltaBuilder', () => {
  it('a snapshot is CLEAR then every level, all SNAPSHOT, the last one LAST, at the instrument precision', () => {
    const b = new BookDeltaBuilder(BTCUSD, 2, false);
    const d = b.snapshot(levels(SNAP_BIDS, [['100.5', '0.50000000']]), 1n, 10n, 11n);
    expect(show(d)).toEqual([
      `CLEAR/${F_SNAPSHOT}`,
      `ADD BID 100.0 1.00000000/${F_SNAPSHOT}`,
      `ADD BID 99.5 2.00000000/${F_SNAPSHOT}`,
      `ADD ASK 100.5 0.50000000/${F_SNAPSHOT | F_LAST}`,
    ]);
    expect([d.isSnapshot, d.isInvalidation, d.tsEvent, d.tsInit, d.sequence]).toEqual([true, false, 10n, 11n, 1n]);
  });

  it("from the message's levels: new price ADD, new size UPDATE, removed DELETE, pushed past the depth DELETE", () => {
    const b = new BookDeltaBuilder(BTCUSD, 3, false);
    b.snapshot(levels(SNAP_BIDS, SNAP_ASKS), 1n, 0n, 0n);
    // bid 99.8 enters and pushes 99.0 out of the depth-3 window (Kraken sends no delete for it);
    // bid 100.0 changes size; ask 100.5 traded away.
    const d = b.apply(
      { bids: [lv('100.0', '0.40000000'), lv('99.8', '5.00000000')], asks: [lv('100.5', '0.00000000')] },
      levels([], []),
      2n,
      0n,
      0n,
    )!;
    expect(show(d).sort()).toEqual(
      [
        'ADD BID 99.8 5.00000000/0',
        'DELETE BID 99.0 0.00000000/0',
        `DELETE ASK 100.5 0.00000000/${F_LAST}`,
        'UPDATE BID 100.0 0.40000000/0',
      ].sort(),
    );
    expect(d.isSnapshot).toBe(false);
  });

  it('the window truncates after the whole message, as the venue book does: an insert and a removal in one message keep the worst level', () => {
    const b = new BookDeltaBuilder(BTCUSD, 3, false);
    b.snapshot(levels(SNAP_BIDS, SNAP_ASKS), 1n, 0n, 0n);
    const d = b.apply({ bids: [lv('99.8', '5.00000000'), lv('99.5', '0.00000000')] }, levels([], []), 2n, 0n, 0n)!;
    expect(show(d)).toEqual(['ADD BID 99.8 5.00000000/0', `DELETE BID 99.5 0.00000000/${F_LAST}`]); // 99.0 stays: no delete for it
  });

  it('a level below the window comes into view from the verified book when one in it is removed (Futures, or Spot subscribed deeper)', () => {
    const b = new BookDeltaBuilder(BTCUSD, 2, true);
    b.snapshot(levels(SNAP_BIDS, SNAP_ASKS), 1n, 0n, 0n);
    const after = levels(SNAP_BIDS.slice(1), SNAP_ASKS);
    expect(show(b.apply({ bids: [lv('100.0', '0')] }, after, 2n, 0n, 0n)!)).toEqual([
      'DELETE BID 100.0 0.00000000/0',
      `ADD BID 99.0 3.00000000/${F_LAST}`,
    ]);
  });

  it('a change below the window, or to the same size, publishes nothing', () => {
    const b = new BookDeltaBuilder(BTCUSD, 1, false);
    b.snapshot(levels(SNAP_BIDS, SNAP_ASKS), 1n, 0n, 0n);
    expect(b.apply({ bids: [lv('98.0', '9.00000000')], asks: [lv('100.5', '1.00000000')] }, levels([], []), 2n, 0n, 0n)).toBeNull();
    expect(
      b.update(
        levels(
          [
            ['100.0', '1.00000000'],
            ['99.0', '9.00000000'],
          ],
          [['100.5', '1.00000000']],
        ),
        3n,
        0n,
        0n,
      ),
    ).toBeNull();
  });

  it('the whole comparison finds the same differences, pushed-out levels included', () => {
    const b = new BookDeltaBuilder(BTCUSD, 3, false);
    b.snapshot(levels(SNAP_BIDS, SNAP_ASKS), 1n, 0n, 0n);
    const d = b.update(
      levels(
        [
          ['100.0', '0.40000000'],
          ['99.8', '5.00000000'],
          ['99.5', '2.00000000'],
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
  });

  it('invalidation: one lone CLEAR without SNAPSHOT, once; the next valid book goes out whole', () => {
    const b = new BookDeltaBuilder(BTCUSD, 5, false);
    expect(b.invalidate(0n, 0n, 0n)).toBeNull(); // nothing was published yet
    b.snapshot(levels([['100.0', '1.00000000']], []), 1n, 0n, 0n);
    const inv = b.invalidate(1n, 5n, 6n)!;
    expect(show(inv)).toEqual([`CLEAR/${F_LAST}`]);
    expect([inv.isInvalidation, inv.isSnapshot]).toEqual([true, false]);
    expect(b.invalidate(1n, 5n, 6n)).toBeNull();
    expect(b.apply({ bids: [lv('100.0', '2.00000000')] }, levels([['100.0', '2.00000000']], []), 2n, 0n, 0n)!.isSnapshot).toBe(true);
  });

  it("a consumer's OrderBook: empty and awaiting a snapshot after an invalidation, whole again after the snapshot", () => {
    const book = new OrderBook(id);
    const b = new BookDeltaBuilder(BTCUSD, 5, false);
    book.applyDeltas(b.snapshot(levels([['100.0', '1.00000000']], [['101.0', '1.00000000']]), 1n, 0n, 0n));
    expect([book.bidLevels, book.awaitingSnapshot]).toEqual([1, false]);
    book.applyDeltas(b.invalidate(1n, 0n, 0n)!);
    expect([book.bidLevels, book.askLevels, book.awaitingSnapshot]).toEqual([0, 0, true]);
    book.applyDeltas(b.snapshot(levels([['99.0', '1.00000000']], []), 2n, 0n, 0n));
    expect([sides(book), book.awaitingSnapshot]).toEqual([[['99.0@1.00000000'], []], false]);
  });

  it('a level the instrument cannot represent throws (the caller then invalidates)', () => {
    const b = new BookDeltaBuilder(BTCUSD, 5, false);
    b.snapshot(levels([['100.0', '1.00000000']], []), 1n, 0n, 0n);
    expect(() => b.apply({ bids: [lv('100.05', '1.00000000')] }, levels([], []), 2n, 0n, 0n)).toThrow(/decimals/);
    expect(() => b.update(levels([['100.05', '1.00000000']], []), 2n, 0n, 0n)).toThrow(/decimals/);
  });
});

/** A venue book as Kraken serves it: the true book, and per message the changes a subscriber at `venueDepth` is sent. */
class VenueModel {
  readonly truth = [new Map<number, string>(), new Map<number, string>()];
  view: string[][][] = [[], []];
  constructor(private readonly venueDepth: number) {}
  private top(side: number): string[][] {
    const sorted = [...(this.truth[side] as Map<number, string>).entries()].sort((x, y) => (side === 0 ? y[0] - x[0] : x[0] - y[0]));
    return sorted.slice(0, this.venueDepth).map(([p, q]) => [(p / 10).toFixed(1), q]);
  }
  /** Moves the true book; returns the message: changed or new visible levels, and 0 for levels that left while still in range. */
  move(rand: (n: number) => number): BookChanges {
    const before = [this.top(0), this.top(1)];
    for (let k = 0; k < 1 + rand(4); k++) {
      const side = rand(2);
      const price = side === 0 ? 900 + rand(100) : 1000 + rand(100);
      const m = this.truth[side] as Map<number, string>;
      if (rand(3) === 0) m.delete(price);
      else m.set(price, `${rand(5)}.${String(1 + rand(99999999)).padStart(8, '0')}`);
    }
    const after = [this.top(0), this.top(1)];
    this.view = after;
    const diff = (side: number): LevelText[] => {
      const b = before[side] as string[][];
      const a = after[side] as string[][];
      const out: LevelText[] = [];
      const worst = a.at(-1)?.[0];
      const full = a.length >= this.venueDepth;
      for (const [p] of b) {
        if (a.some(([x]) => x === p)) continue;
        const pushed = full && worst !== undefined && (side === 0 ? Number(worst) > Number(p) : Number(worst) < Number(p));
        if (!pushed) out.push(lv(p as string, '0.00000000'));
      }
      for (const [p, q] of a) if (!b.some(([x, y]) => x === p && y === q)) out.push(lv(p as string, q as string));
      return out;
    };
    return { bids: diff(0), asks: diff(1) };
  }
  levels(): VerifiedLevels {
    return levels(this.view[0] as unknown as BookLevel[], this.view[1] as unknown as BookLevel[]);
  }
}

describe('BookDeltaBuilder property', () => {
  it.each([
    ['Spot, shown at the subscribed depth', 10, 10],
    ['Spot, shown shallower than subscribed', 25, 7],
    ['a whole book (Futures)', 1_000_000, 5],
  ])('%s: after every message the consumer holds exactly the venue top `depth`, by either way in', (_name, venueDepth, depth) => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let run = 0; run < 30; run++) {
      const venue = new VenueModel(venueDepth);
      const holdsMore = venueDepth > depth;
      const byChanges = new BookDeltaBuilder(BTCUSD, depth, holdsMore);
      const byComparison = new BookDeltaBuilder(BTCUSD, depth, holdsMore);
      const a = new OrderBook(id);
      const b = new OrderBook(id);
      for (let step = 0; step < 60; step++) {
        const changes = venue.move(rand);
        const v = venue.levels();
        const da = step === 0 ? byChanges.snapshot(v, 0n, 0n, 0n) : byChanges.apply(changes, v, BigInt(step), 0n, 0n);
        const db = step === 0 ? byComparison.snapshot(v, 0n, 0n, 0n) : byComparison.update(v, BigInt(step), 0n, 0n);
        if (da !== null) a.applyDeltas(da);
        if (db !== null) b.applyDeltas(db);
        const expected = [v.bids(depth).map(([p, q]) => `${p}@${q}`), v.asks(depth).map(([p, q]) => `${p}@${q}`)];
        expect(sides(a), `changes, run ${run} step ${step}`).toEqual(expected);
        expect(sides(b), `comparison, run ${run} step ${step}`).toEqual(expected);
        expect(da?.deltas.length ?? 0, `same number of deltas, run ${run} step ${step}`).toBe(db?.deltas.length ?? 0);
      }
    }
  });
});
