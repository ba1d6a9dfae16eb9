/**
 * The Unified WebSocket book: updates change it in place, and a frame that fails part-way leaves
 * no trace of its first levels: the whole book is reset and asks for a fresh snapshot.
 */
import { describe, expect, it } from 'vitest';
import { UnifiedLevelBook } from '../../../src/kraken/unified/level-book.js';

const SYMBOL = 'PF_XBTUSD';
const level = (price: string, qty: string) => `{"price":${price},"qty":${qty}}`;
const frame = (type: 'snapshot' | 'update', bids: string[], asks: string[]) =>
  `{"channel":"book","type":"${type}","data":[{"symbol":"${SYMBOL}","bids":[${bids.join(',')}],"asks":[${asks.join(',')}],"timestamp":"2026-12-01T09:15:07.100000Z"}]}`;

function seeded(depth = 3, onResync?: (reason: string) => void): UnifiedLevelBook {
  const book = new UnifiedLevelBook({ symbol: SYMBOL, depth, ...(onResync === undefined ? {} : { onResync }) });
  const r = book.applyText(
    frame(
      'snapshot',
      [level('100.0', '1.0000'), level('99.5', '2.0000'), level('99.0', '3.0000')],
      [level('100.5', '1.5000'), level('101.0', '2.5000')],
    ),
  );
  expect(r).toEqual({ ok: true });
  return book;
}

describe('UnifiedLevelBook', () => {
  it('applies an update in place, in the order its levels come, and keeps the subscribed depth', () => {
    const book = seeded();
    expect(book.applyText(frame('update', [level('99.75', '4.0000'), level('99.75', '5.0000'), level('100.0', '0')], []))).toEqual({
      ok: true,
    });
    expect(book.bids()).toEqual([
      ['99.75', '5.0000'],
      ['99.5', '2.0000'],
      ['99.0', '3.0000'],
    ]);
    // a new best bid pushes the deepest level out of the depth-3 window
    expect(book.applyText(frame('update', [level('100.25', '0.5000')], []))).toEqual({ ok: true });
    expect(book.bids().map((l) => l[0])).toEqual(['100.25', '99.75', '99.5']);
  });

  it('a frame whose later level is bad resets the whole book, its earlier levels included, and asks for a snapshot', () => {
    const reasons: string[] = [];
    const book = seeded(3, (r) => reasons.push(r));
    // the first bid is fine, the ask after it is not a decimal: nothing of the frame may stay
    const bad = frame('update', [level('99.75', '4.0000')], ['{"price":"x","qty":1}']);
    expect(book.apply(JSON.parse(bad) as object)).toMatchObject({ ok: false, reason: 'invalid-message' });
    expect(book.isValid).toBe(false);
    expect(book.bids()).toEqual([]);
    expect(book.asks()).toEqual([]);
    expect(reasons).toEqual(['a level is not a non-negative decimal']);
    expect(book.applyText(frame('update', [level('99.0', '1.0000')], []))).toEqual({ ok: false, reason: 'awaiting-snapshot' });
    seededAgain(book);
  });

  it('an update that crosses the book resets it', () => {
    const reasons: string[] = [];
    const book = seeded(3, (r) => reasons.push(r));
    expect(book.applyText(frame('update', [level('100.5', '1.0000')], []))).toEqual({ ok: false, reason: 'crossed-book' });
    expect(book.isValid).toBe(false);
    expect(book.bids()).toEqual([]);
    expect(reasons).toEqual(['crossed-book']);
    seededAgain(book);
  });
});

function seededAgain(book: UnifiedLevelBook): void {
  expect(book.applyText(frame('snapshot', [level('100.0', '1.0000')], [level('100.5', '1.5000')]))).toEqual({ ok: true });
  expect(book.isValid).toBe(true);
  expect(book.bids()).toEqual([['100.0', '1.0000']]);
}
