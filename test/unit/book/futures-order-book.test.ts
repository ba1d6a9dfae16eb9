// IDs in test names (D5, O4, …) are rows of docs/reliability.md.
import { describe, expect, it, vi } from 'vitest';
import { KrakenStateError } from '../../../src/core/errors.js';
import { FuturesOrderBook } from '../../../src/kraken/futures/book/futures-order-book.js';
import { parseVenueJson } from '../../../src/core/json.js';

const SNAP =
  '{"feed":"book_snapshot","product_id":"PF_ETHUSD","timestamp":1612269825817,"seq":100,"tickSize":null,' +
  '"bids":[{"price":2500.10,"qty":1.500},{"price":2500.05,"qty":0.25}],"asks":[{"price":2500.20,"qty":3}]}';
const delta = (seq: number, side: 'buy' | 'sell', price: string, qty: string): string =>
  `{"feed":"book","product_id":"PF_ETHUSD","side":"${side}","seq":${seq},"price":${price},"qty":${qty},"timestamp":1612269953629}`;

function fresh(extra: Partial<ConstructorParameters<typeof FuturesOrderBook>[0]> = {}): FuturesOrderBook {
  const book = new FuturesOrderBook({ product: 'PF_ETHUSD', ...extra });
  expect(book.apply(SNAP)).toEqual({ ok: true });
  return book;
}

describe('FuturesOrderBook', () => {
  it('applies a snapshot exactly (canonical decimals, trailing zeros dropped, no floats)', () => {
    const book = fresh();
    expect(book.bids()).toEqual([
      ['2500.1', '1.5'],
      ['2500.05', '0.25'],
    ]);
    expect(book.asks()).toEqual([['2500.2', '3']]);
    expect(book.seq).toBe(100);
  });

  it('applies contiguous deltas: insert, change, delete (qty 0)', () => {
    const book = fresh();
    expect(book.apply(delta(101, 'buy', '2500.15', '2'))).toEqual({ ok: true });
    expect(book.apply(delta(102, 'sell', '2500.20', '0.7'))).toEqual({ ok: true });
    expect(book.apply(delta(103, 'buy', '2500.05', '0'))).toEqual({ ok: true });
    expect(book.bids()).toEqual([
      ['2500.15', '2'],
      ['2500.1', '1.5'],
    ]);
    expect(book.asks()).toEqual([['2500.2', '0.7']]);
    expect(book.seq).toBe(103);
  });

  it('accepts parsed objects from JSON.parse and from parseVenueJson', () => {
    const a = new FuturesOrderBook({ product: 'PF_ETHUSD' });
    expect(a.apply(JSON.parse(SNAP) as object)).toEqual({ ok: true });
    expect(a.apply(parseVenueJson(delta(101, 'sell', '2500.30', '1e-3')) as object)).toEqual({ ok: true });
    expect(a.asks()).toEqual([
      ['2500.2', '3'],
      ['2500.3', '0.001'],
    ]);
  });

  it('orders prices exactly even when two decimals round to the same double', () => {
    const book = new FuturesOrderBook({ product: 'PF_ETHUSD' });
    const snap =
      '{"feed":"book_snapshot","product_id":"PF_ETHUSD","seq":1,"bids":[{"price":1.00000000000000001,"qty":1},{"price":1.00000000000000002,"qty":2}],"asks":[]}';
    expect(book.apply(snap).ok).toBe(true);
    expect(book.bids()).toEqual([
      ['1.00000000000000002', '2'],
      ['1.00000000000000001', '1'],
    ]);
  });

  it('D5: a seq gap invalidates at the next message and asks for a resync; a new snapshot revalidates', () => {
    const onResync = vi.fn();
    const book = fresh({ onResync });
    expect(book.apply(delta(102, 'buy', '2500.15', '2'))).toEqual({ ok: false, reason: 'seq-gap' });
    expect(book.isValid).toBe(false);
    expect(book.needsResync).toBe(true);
    expect(onResync).toHaveBeenCalledWith(expect.objectContaining({ symbol: 'PF_ETHUSD', reason: 'seq-gap' }));
    expect(() => book.bids()).toThrow(KrakenStateError);
    expect(book.apply(delta(103, 'buy', '2500.15', '2'))).toEqual({ ok: false, reason: 'awaiting-snapshot' });
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(book.apply(SNAP)).toEqual({ ok: true });
    expect(book.needsResync).toBe(false);
  });

  it('D5: a stale delta (seq ≤ last) is dropped, the book stays valid and unchanged', () => {
    const onResync = vi.fn();
    const book = fresh({ onResync });
    expect(book.apply(delta(100, 'buy', '2600', '9'))).toEqual({ ok: false, reason: 'stale-seq' });
    expect(book.apply(delta(101, 'buy', '2500.15', '2'))).toEqual({ ok: true });
    expect(book.apply(delta(101, 'buy', '2500.15', '2'))).toEqual({ ok: false, reason: 'stale-seq' }); // duplicate
    expect(book.isValid).toBe(true);
    expect(book.bids(1)).toEqual([['2500.15', '2']]);
    expect(onResync).not.toHaveBeenCalled();
  });

  it("onStaleSeq: 'resync' treats a stale delta as a desync", () => {
    const book = fresh({ onStaleSeq: 'resync' });
    expect(book.apply(delta(99, 'buy', '2600', '9'))).toEqual({ ok: false, reason: 'stale-seq' });
    expect(book.isValid).toBe(false);
    expect(book.needsResync).toBe(true);
  });

  it.each([
    ['bad side', delta(101, 'buy', '1', '1').replace('"buy"', '"long"')],
    ['negative qty', delta(101, 'buy', '1', '-1')],
    ['string seq', delta(101, 'buy', '1', '1').replace('"seq":101', '"seq":"101"')],
    ['missing price', '{"feed":"book","product_id":"PF_ETHUSD","side":"buy","seq":101,"qty":1}'],
    ['malformed', '{"feed":"book","product_id":"PF_ETHUSD",'],
    ['delta carrying a bids array', delta(101, 'buy', '1', '1').replace('"side"', '"bids":[{"price":9,"qty":9}],"side"')],
  ])('D6: %s invalidates the book', (_n, text) => {
    const book = fresh();
    const r = book.apply(text);
    expect(r.reason).toBe('invalid-message');
    expect(book.isValid).toBe(false);
    expect(book.needsResync).toBe(true);
  });

  it('frames for another product or feed change nothing', () => {
    const book = fresh();
    expect(book.apply(delta(101, 'buy', '1', '1').replace('PF_ETHUSD', 'PI_XBTUSD'))).toEqual({ ok: false, reason: 'symbol-mismatch' });
    expect(book.apply('{"feed":"ticker","product_id":"PF_ETHUSD"}')).toEqual({ ok: false, reason: 'not-book-message' });
    expect(book.isValid).toBe(true);
    expect(book.seq).toBe(100);
  });

  it('deltas before the first snapshot are dropped without a resync', () => {
    const book = new FuturesOrderBook({ product: 'PF_ETHUSD' });
    expect(book.apply(delta(5, 'buy', '1', '1'))).toEqual({ ok: false, reason: 'awaiting-snapshot' });
    expect(book.needsResync).toBe(false);
  });
});
