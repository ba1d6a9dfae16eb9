/**
 * The depth window inside one message. Kraken sends no delete for a level pushed out of the
 * subscribed depth: the client truncates after the WHOLE message, so a level
 * pushed past the window by an insert comes back if a later delete in the same message frees a
 * slot. The book holds exactly `depth` levels per side and parks such levels in a spill shared by
 * all books (price-ladder.ts); these tests pin that it behaves like an unbounded side truncated
 * at the end.
 */
import { describe, expect, it } from 'vitest';
import { spotBookChecksum } from '../../../src/kraken/spot/book/checksum.js';
import { SpotOrderBook } from '../../../src/kraken/spot/book/spot-order-book.js';
import { BTC_ASKS, BTC_BIDS, spotFrame, validSnapshot, type Level } from './frames.js';

type View = { bids: Level[]; asks: Level[] };

/** Applies changes in order to an untruncated view, truncates at the end, returns the update frame. */
function update(symbol: string, view: View, bids: Level[], asks: Level[], depth = 10): string {
  const apply = (side: Level[], changes: Level[], desc: boolean): Level[] => {
    const m = new Map(side.map(([p, q]) => [p, q]));
    for (const [p, q] of changes) {
      if (/^0(\.0*)?$/.test(q)) m.delete(p);
      else m.set(p, q);
    }
    return [...m.entries()].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, depth);
  };
  view.bids = apply(view.bids, bids, true);
  view.asks = apply(view.asks, asks, false);
  return spotFrame('update', symbol, bids, asks, spotBookChecksum(view.asks, view.bids));
}

function btcBook(onResync?: () => void): { book: SpotOrderBook; view: View } {
  const book = new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8, onResync });
  expect(book.apply(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS))).toEqual({ ok: true });
  return { book, view: { bids: [...BTC_BIDS], asks: [...BTC_ASKS] } };
}

describe('SpotOrderBook: the depth window within one message', () => {
  it('a level pushed past depth by an insert comes back when a later delete frees a slot', () => {
    const { book, view } = btcBook();
    // 45284.0 pushes 45276.6 (the 10th bid) out; deleting 45283.4 afterwards brings it back
    const frame = update(
      'BTC/USD',
      view,
      [
        ['45284.0', '2.00000000'],
        ['45283.4', '0.00000000'],
      ],
      [],
    );
    expect(book.apply(frame)).toEqual({ ok: true });
    expect(book.bids()).toEqual(view.bids);
    expect(book.bids()[9]).toEqual(['45276.6', '0.15445238']);
  });

  it('a level parked past the window can be changed, removed or re-admitted within the message', () => {
    const { book, view } = btcBook();
    // two inserts push 45276.6 and 45277.3 out; 45276.6 changes while parked; one delete re-admits the best parked level
    const changed = update(
      'BTC/USD',
      view,
      [
        ['45284.0', '2.00000000'],
        ['45283.9', '1.00000000'],
        ['45276.6', '7.00000000'],
        ['45282.1', '0.00000000'],
      ],
      [
        ['45285.0', '1.00000000'],
        ['45299.5', '0.00000000'], // the 10th ask, already parked by the insert: removed from the spill
        ['45296.1', '0.00000000'],
      ],
    );
    expect(book.apply(changed)).toEqual({ ok: true });
    expect(book.bids()).toEqual(view.bids);
    expect(book.asks()).toEqual(view.asks);
    expect(book.bids()[9]).toEqual(['45277.3', '1.54602737']);
    expect(book.asks()).toHaveLength(9);
    // what stayed parked at the end of the message was truncated: a delete for it is a no-op
    expect(book.apply(update('BTC/USD', view, [['45276.6', '0.00000000']], []))).toEqual({ ok: true });
    expect(book.bids()).toEqual(view.bids);
  });

  it('a quantity beyond 2^53 survives being parked and re-admitted, and is forgotten when truncated', () => {
    const book = new SpotOrderBook({ symbol: 'PEPE/USD', depth: 10, pricePrecision: 9, qtyPrecision: 8 });
    const big = '123456789012.12345678'; // 12345678901212345678 scaled: above 2^53
    const bids: Level[] = Array.from(
      { length: 10 },
      (_, i) => [`0.0000120${String(20 - i).padStart(2, '0')}`, i === 9 ? big : '1.00000000'] as const,
    );
    const asks: Level[] = [['0.000013000', '1.00000000']];
    const view: View = { bids: [...bids], asks: [...asks] };
    expect(book.apply(validSnapshot('PEPE/USD', bids, asks))).toEqual({ ok: true });
    // insert pushes the big level out, a delete brings it back: its digits must be intact
    const back = update(
      'PEPE/USD',
      view,
      [
        ['0.000012021', '2.00000000'],
        ['0.000012015', '0'],
      ],
      [],
    );
    expect(book.apply(back)).toEqual({ ok: true });
    expect(book.bids()[9]).toEqual(['0.000012011', big]);
    // pushed out for good: truncated; a later level at that price with a small qty reads back small
    expect(book.apply(update('PEPE/USD', view, [['0.000012022', '2.00000000']], []))).toEqual({ ok: true });
    expect(book.bids().map((l) => l[1])).not.toContain(big);
    expect(
      book.apply(
        update(
          'PEPE/USD',
          view,
          [
            ['0.000012022', '0'],
            ['0.000012011', '3.00000000'],
          ],
          [],
        ),
      ),
    ).toEqual({ ok: true });
    expect(book.bids()[9]).toEqual(['0.000012011', '3.00000000']);
  });

  it('a resync callback that drives another book does not disturb the shared scratch', () => {
    const other = btcBook();
    let reentered = false;
    const { book, view } = btcBook(() => {
      // re-enters another book's apply (with a parked level) from inside this book's desync
      reentered = true;
      const frame = update(
        'BTC/USD',
        other.view,
        [
          ['45284.0', '2.00000000'],
          ['45283.4', '0.00000000'],
        ],
        [],
      );
      expect(other.book.apply(frame)).toEqual({ ok: true });
    });
    const good = update('BTC/USD', { bids: [...view.bids], asks: [...view.asks] }, [['45284.0', '2.00000000']], []);
    expect(book.apply(good.replace(/"checksum":\d+/, '"checksum":1'))).toEqual({ ok: false, reason: 'checksum-mismatch' });
    expect(reentered).toBe(true);
    expect(other.book.bids()).toEqual(other.view.bids);
    expect(book.apply(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS))).toEqual({ ok: true });
    expect(book.apply(good)).toEqual({ ok: true });
  });
});
