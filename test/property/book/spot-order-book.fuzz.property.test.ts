/**
 * docs/reliability.md D2 (reorder) and D6 (malformed frames) as properties: whatever arrives, `apply`
 * never throws, and whenever it says `ok` the book is exactly the venue's view for that frame.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpotOrderBook } from '../../../src/kraken/spot/book/spot-order-book.js';
import { SYMBOL, scenarioArb, venueFrames, type Frame } from './spot-generator.js';
import type { ReferenceBook } from './reference-book.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);

function sameAs(book: SpotOrderBook, ref: ReferenceBook): boolean {
  return JSON.stringify({ bid: book.bids(), ask: book.asks() }) === ref.key();
}

describe('SpotOrderBook robustness properties', () => {
  it('D2: two swapped updates leave the book identical or flagged, never silently wrong', () => {
    fc.assert(
      fc.property(scenarioArb({ depths: [10] }), fc.nat(), (s, pick) => {
        const frames = venueFrames(s);
        fc.pre(frames.length >= 3);
        const k = 1 + (pick % (frames.length - 2));
        const feed: Frame[] = [...frames.slice(0, k), frames[k + 1]!, frames[k]!, ...frames.slice(k + 2)];
        const book = new SpotOrderBook({ symbol: SYMBOL, depth: 10, pricePrecision: s.pricePrecision, qtyPrecision: s.qtyPrecision });
        for (const f of feed) {
          const r = book.apply(f.text);
          if (!book.isValid) break; // flagged: stays invalid until a snapshot
          expect(r.ok).toBe(true);
          expect(sameAs(book, f.after)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('D6: a randomly mutated frame never throws; if accepted, the book is exactly right', () => {
    const mutation = fc.record({
      frame: fc.nat(),
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
      char: fc.constantFrom(...'0123456789.-e+",:{}[] aZ\\'.split('')),
    });
    fc.assert(
      fc.property(scenarioArb({ depths: [10], maxUpdates: 6 }), mutation, (s, m) => {
        const frames = venueFrames(s);
        const k = m.frame % frames.length;
        const text = frames[k]!.text;
        const at = m.at % text.length;
        const mutated =
          m.kind === 'delete'
            ? text.slice(0, at) + text.slice(at + 1)
            : m.kind === 'insert'
              ? text.slice(0, at) + m.char + text.slice(at)
              : m.kind === 'replace'
                ? text.slice(0, at) + m.char + text.slice(at + 1)
                : text.slice(0, at);
        const book = new SpotOrderBook({ symbol: SYMBOL, depth: 10, pricePrecision: s.pricePrecision, qtyPrecision: s.qtyPrecision });
        for (let i = 0; i < k; i++) book.apply(frames[i]!.text);
        const before = book.isValid ? JSON.stringify([book.bids(), book.asks()]) : undefined;
        const r = book.apply(mutated);
        if (r.ok) {
          expect(sameAs(book, frames[k]!.after)).toBe(true);
        } else if (r.reason === 'not-book-message' || r.reason === 'symbol-mismatch' || r.reason === 'awaiting-snapshot') {
          // not for this book: nothing changed
          expect(book.isValid ? JSON.stringify([book.bids(), book.asks()]) : undefined).toBe(before);
        } else {
          expect(['invalid-message', 'checksum-mismatch', 'crossed-book']).toContain(r.reason);
          expect(book.isValid).toBe(false);
          expect(() => book.bids()).toThrow();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
