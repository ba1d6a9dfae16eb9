/**
 * Property tests for SpotOrderBook against a naive decimal.js reference (docs/reliability.md D2–D4).
 * 1,000 runs per property here; raise with BOOK_PROPERTY_RUNS (10,000 or more for a thorough run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpotOrderBook } from '../../../src/kraken/spot/book/spot-order-book.js';
import type { ReferenceBook } from './reference-book.js';
import { SYMBOL, decimalText, frameText, scenarioArb, venueFrames, viewOf, type Frame, type Scenario } from './spot-generator.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);

function newBook(s: Scenario): SpotOrderBook {
  return new SpotOrderBook({ symbol: SYMBOL, depth: s.depth, pricePrecision: s.pricePrecision, qtyPrecision: s.qtyPrecision });
}

function expectEqual(book: SpotOrderBook, ref: ReferenceBook): void {
  // cheap string compare first; the structured diff only when it fails
  if (JSON.stringify({ bid: book.bids(), ask: book.asks() }) !== ref.key()) {
    expect({ bids: book.bids(), asks: book.asks() }).toEqual(viewOf(ref));
  }
}

/** Either the book flagged itself, or it is exactly right: never silently wrong. */
function flaggedOrEqual(book: SpotOrderBook, ok: boolean, ref: ReferenceBook): void {
  if (!ok) {
    expect(book.isValid).toBe(false);
    expect(() => book.bids()).toThrow();
    return;
  }
  expectEqual(book, ref);
}

describe('SpotOrderBook properties', () => {
  it('random snapshot + updates with correct checksums keep the book valid and equal to the reference', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const book = newBook(s);
        for (const f of venueFrames(s)) {
          expect(book.apply(f.text).ok).toBe(true);
          expectEqual(book, f.after);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('parsed objects (JSON.parse, shortest-form floats) give the same book as raw text', () => {
    fc.assert(
      fc.property(scenarioArb({ maxUpdates: 8 }), (s) => {
        const book = newBook(s);
        const frames = venueFrames(s);
        for (const f of frames) expect(book.apply(JSON.parse(f.text) as object).ok).toBe(true);
        expectEqual(book, frames.at(-1)!.after);
      }),
      { numRuns: RUNS },
    );
  });

  // D2 drop: depth 10 so the checksum covers the whole view (deeper levels are outside Kraken's CRC).
  it('D2: a dropped update is caught by the next message, or the book is exactly right anyway', () => {
    fc.assert(
      fc.property(scenarioArb({ depths: [10] }), fc.nat(), (s, pick) => {
        const frames = venueFrames(s);
        fc.pre(frames.length >= 3);
        const drop = 1 + (pick % (frames.length - 2)); // an update with a successor
        const book = newBook(s);
        frames.forEach((f, i) => {
          if (i < drop) expect(book.apply(f.text).ok).toBe(true);
        });
        const next = frames[drop + 1]!;
        const r = book.apply(next.text);
        flaggedOrEqual(book, r.ok, next.after);
        if (!r.ok) expect(r.reason).toBe('checksum-mismatch');
      }),
      { numRuns: RUNS },
    );
  });

  it('D1: a corrupted level (qty or price changed) is caught on the same message, or changed nothing visible', () => {
    fc.assert(
      fc.property(scenarioArb({ depths: [10] }), fc.nat(), fc.nat(), fc.boolean(), (s, pickFrame, pickLevel, corruptPrice) => {
        const frames = venueFrames(s);
        const k = pickFrame % frames.length;
        const target = frames[k]!;
        const levels = target.changes;
        fc.pre(levels.length > 0);
        const j = pickLevel % levels.length;
        const c = levels[j]!;
        const units = (t: string, p: number): number => Math.round(Number(t) * 10 ** p);
        const changed = corruptPrice
          ? { ...c, price: decimalText(units(c.price, s.pricePrecision) + (c.side === 'bid' ? -1 : 1), s.pricePrecision, false) }
          : { ...c, qty: decimalText(units(c.qty, s.qtyPrecision) + 1, s.qtyPrecision, false) };
        const corrupted = levels.map((l, i) => (i === j ? changed : l));
        const book = newBook(s);
        for (let i = 0; i < k; i++) expect(book.apply(frames[i]!.text).ok).toBe(true);
        const checksum = Number(/"checksum":(\d+)/.exec(target.text)![1]);
        const r = book.apply(frameText(target.isSnapshot ? 'snapshot' : 'update', corrupted, checksum));
        flaggedOrEqual(book, r.ok, target.after);
      }),
      { numRuns: RUNS },
    );
  });

  it('D2: a duplicated message leaves the book correct with no false resync', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.nat(), (s, pick) => {
        const frames = venueFrames(s);
        const dup = pick % frames.length;
        const resyncs: string[] = [];
        const book = new SpotOrderBook({
          symbol: SYMBOL,
          depth: s.depth,
          pricePrecision: s.pricePrecision,
          qtyPrecision: s.qtyPrecision,
          onResync: (r) => resyncs.push(r.reason),
        });
        const feed: Frame[] = [...frames.slice(0, dup + 1), frames[dup]!, ...frames.slice(dup + 1)];
        for (const f of feed) {
          expect(book.apply(f.text)).toEqual({ ok: true });
          expectEqual(book, f.after);
        }
        expect(resyncs).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('D4: an injected crossing level is always detected, even when the frame checksum matches the crossed view', () => {
    fc.assert(
      fc.property(scenarioArb({ maxUpdates: 8 }), fc.nat(), fc.boolean(), (s, pick, onAskSide) => {
        const frames = venueFrames(s);
        const k = 1 + (pick % (frames.length - 1 || 1));
        fc.pre(k < frames.length);
        const prev = frames[k - 1]!.after;
        const bestBid = prev.levels('bid')[0];
        const bestAsk = prev.levels('ask')[0];
        fc.pre(bestBid !== undefined && bestAsk !== undefined);
        // an ask at the best bid's price, or a bid at the best ask's price
        const inject = onAskSide
          ? { side: 'ask' as const, price: bestBid[0], qty: '1' }
          : { side: 'bid' as const, price: bestAsk[0], qty: '1' };
        const changes = [...frames[k]!.changes, inject];
        const venue = prev.clone();
        venue.update(changes);
        fc.pre(venue.crossed());
        const book = newBook(s);
        for (let i = 0; i < k; i++) book.apply(frames[i]!.text);
        const r = book.apply(frameText('update', changes, venue.checksum()));
        expect(r).toEqual({ ok: false, reason: 'crossed-book' });
        expect(book.isValid).toBe(false);
        expect(book.needsResync).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
