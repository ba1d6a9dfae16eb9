/**
 * Futures book text frames, fuzzed (docs/reliability.md D6): a frame with one character deleted,
 * inserted or replaced, or cut short, is fed to a FuturesOrderBook after valid frames. Whatever
 * arrives, `apply` never throws; a refusal for another feed or product (or a stale seq) leaves
 * the book as it was; a malformed frame invalidates it; and a frame it accepts is applied exactly
 * as its text says (Futures frames carry no checksum, so a well-formed change of a digit is a
 * different, valid frame: the book must hold what that frame says, decoded independently here).
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVenueJson } from '../../../src/core/json.js';
import { FuturesOrderBook } from '../../../src/kraken/futures/book/futures-order-book.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);
const PRODUCT = 'PF_TESTUSD';

type Level = [string, string];

/** The book a frame's own text describes, applied to `before` (undefined when the frame is not a well-formed book frame). */
function expectedAfter(before: { bids: Map<string, string>; asks: Map<string, string> }, text: string) {
  let o: unknown;
  try {
    o = parseVenueJson(text);
  } catch {
    return undefined;
  }
  const f = o as Record<string, unknown>;
  const set = (side: Map<string, string>, price: unknown, qty: unknown) => {
    const p = new Decimal(String(price)).toFixed();
    if (new Decimal(String(qty)).isZero()) side.delete(p);
    else side.set(p, new Decimal(String(qty)).toFixed());
  };
  if (f['feed'] === 'book_snapshot') {
    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    for (const l of f['bids'] as { price: unknown; qty: unknown }[]) set(bids, l.price, l.qty);
    for (const l of f['asks'] as { price: unknown; qty: unknown }[]) set(asks, l.price, l.qty);
    return { bids, asks };
  }
  const bids = new Map(before.bids);
  const asks = new Map(before.asks);
  set(f['side'] === 'buy' ? bids : asks, f['price'], f['qty']);
  return { bids, asks };
}

const sorted = (m: Map<string, string>, descending: boolean): Level[] =>
  [...m.entries()].sort((a, b) => (descending ? -1 : 1) * new Decimal(a[0]).comparedTo(b[0]));

const levelArb = (buy: boolean) =>
  fc.record({
    price: fc.integer({ min: 1, max: 300 }).map((off) => ((buy ? 250_000 - off : 250_000 + off) / 100).toFixed(2)),
    qty: fc.integer({ min: 0, max: 99_999 }).map((m) => (m / 1000).toFixed(3)),
  });
const framesArb = fc
  .record({
    seq: fc.integer({ min: 0, max: 1_000_000 }),
    bids: fc.uniqueArray(levelArb(true), { selector: (l) => l.price, maxLength: 8 }),
    asks: fc.uniqueArray(levelArb(false), { selector: (l) => l.price, maxLength: 8 }),
    deltas: fc.array(
      fc.boolean().chain((buy) => levelArb(buy).map((l) => ({ ...l, side: buy ? 'buy' : 'sell' }))),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
  })
  .map(({ seq, bids, asks, deltas }) => {
    const lv = (ls: { price: string; qty: string }[]) =>
      ls.filter((l) => l.qty !== '0.000').map((l) => `{"price":${l.price},"qty":${l.qty}}`);
    const snapshot = `{"feed":"book_snapshot","product_id":"${PRODUCT}","timestamp":1,"seq":${seq},"tickSize":null,"bids":[${lv(bids).join(',')}],"asks":[${lv(asks).join(',')}]}`;
    return [
      snapshot,
      ...deltas.map(
        (d, i) =>
          `{"feed":"book","product_id":"${PRODUCT}","side":"${d.side}","seq":${seq + 1 + i},"price":${d.price},"qty":${d.qty},"timestamp":2}`,
      ),
    ];
  });

const mutationArb = fc.record({
  frame: fc.nat(),
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
  char: fc.constantFrom(...'0123456789.-e+",:{}[] aZ\\'.split('')),
});

function mutate(text: string, m: { at: number; kind: string; char: string }): string {
  const at = m.at % text.length;
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
  if (m.kind === 'insert') return text.slice(0, at) + m.char + text.slice(at);
  if (m.kind === 'replace') return text.slice(0, at) + m.char + text.slice(at + 1);
  return text.slice(0, at);
}

describe('FuturesOrderBook text frames, fuzzed', () => {
  it('D6: a mutated frame never throws; refused frames change nothing or invalidate; accepted frames are applied as written', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(framesArb, mutationArb, (frames, m) => {
        const k = m.frame % frames.length;
        const text = mutate(frames[k]!, m);
        const book = new FuturesOrderBook({ product: PRODUCT });
        for (let i = 0; i < k; i++) expect(book.apply(frames[i]!).ok).toBe(true);
        const before = k === 0 ? undefined : { bids: new Map(book.bids()), asks: new Map(book.asks()) };
        let applied: ReturnType<FuturesOrderBook['apply']> | undefined;
        expect(() => (applied = book.apply(text))).not.toThrow();
        const r = applied!;
        outcomes.add(r.ok ? 'ok' : String(r.reason));
        if (r.ok) {
          const want = expectedAfter(before ?? { bids: new Map(), asks: new Map() }, text);
          expect(want, `accepted a frame that is not well-formed JSON: ${text}`).toBeDefined();
          expect(book.bids()).toEqual(sorted(want!.bids, true));
          expect(book.asks()).toEqual(sorted(want!.asks, false));
        } else if (['not-book-message', 'symbol-mismatch', 'stale-seq', 'awaiting-snapshot'].includes(String(r.reason))) {
          // not for this book, or not now: nothing changed
          if (before === undefined) expect(book.isValid).toBe(false);
          else expect({ bids: new Map(book.bids()), asks: new Map(book.asks()) }).toEqual(before);
        } else {
          expect(['invalid-message', 'seq-gap']).toContain(r.reason);
          expect(book.isValid).toBe(false);
          expect(() => book.bids()).toThrow();
        }
      }),
      { numRuns: RUNS },
    );
    // The generator reaches both sides of the property: frames accepted and frames refused as malformed.
    expect(outcomes.has('ok')).toBe(true);
    expect(outcomes.has('invalid-message')).toBe(true);
  });
});
