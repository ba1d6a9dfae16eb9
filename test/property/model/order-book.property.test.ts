/**
 * The node's L2 `OrderBook` against a plain reference (a map per side, sorted on read): random
 * adds, updates and deletes anywhere in a deep book, at its top and at its bottom, leave both
 * sides exactly the reference's, best first, and the best, spread and level counts agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InstrumentId } from '../../../src/model/identifiers.js';
import { BookOrder, OrderBook, OrderBookDelta } from '../../../src/model/order-book.js';
import { Price, Quantity } from '../../../src/model/values.js';

const ID = InstrumentId.fromStr('BTC/USD.KRAKEN');

const opArb = fc.record({
  bid: fc.boolean(),
  // ticks from the mid: mostly near the top, some deep
  ticks: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 400 }) }),
  size: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 9_999 }) }, { weight: 2, arbitrary: fc.constant(0) }),
  asDelete: fc.boolean(),
});

describe('OrderBook (node cache) property', () => {
  it('random deltas leave both sides equal to a reference, best first', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 600 }), (ops) => {
        const book = new OrderBook(ID);
        const ref = { BID: new Map<number, number>(), ASK: new Map<number, number>() };
        let seq = 0n;
        for (const op of ops) {
          const side = op.bid ? 'BID' : 'ASK';
          const ticks = op.bid ? 100_000 - op.ticks : 100_000 + op.ticks;
          const price = Price.fromRaw(BigInt(ticks), 1);
          const del = op.asDelete || op.size === 0;
          const action = del ? (op.asDelete ? 'DELETE' : 'UPDATE') : ref[side].has(ticks) ? 'UPDATE' : 'ADD';
          book.applyDelta(
            new OrderBookDelta(ID, action, new BookOrder(side, price, Quantity.fromRaw(BigInt(del ? 0 : op.size), 2)), 0, ++seq, 0n, 0n),
          );
          if (del) ref[side].delete(ticks);
          else ref[side].set(ticks, op.size);
        }
        const expected = (side: 'BID' | 'ASK') =>
          [...ref[side].entries()]
            .sort((a, b) => (side === 'BID' ? b[0] - a[0] : a[0] - b[0]))
            .map(([p, q]) => `${Price.fromRaw(BigInt(p), 1).toString()}@${Quantity.fromRaw(BigInt(q), 2).toString()}`);
        const shown = (levels: readonly { price: Price; size: Quantity }[]) =>
          levels.map((l) => `${l.price.toString()}@${l.size.toString()}`);
        expect(shown(book.bids())).toEqual(expected('BID'));
        expect(shown(book.asks())).toEqual(expected('ASK'));
        expect(shown(book.bids(3))).toEqual(expected('BID').slice(0, 3));
        expect(book.bidLevels).toBe(ref.BID.size);
        expect(book.askLevels).toBe(ref.ASK.size);
        expect(book.bestBidPrice()?.toString() ?? null).toBe(expected('BID')[0]?.split('@')[0] ?? null);
        expect(book.bestAskPrice()?.toString() ?? null).toBe(expected('ASK')[0]?.split('@')[0] ?? null);
      }),
      { numRuns: 300 },
    );
  });
});
