/**
 * The data client's deltas from a Spot book's own window report (the builder keeps no window)
 * are exactly those the builder finds by keeping its own copy of the window: on random venue
 * sequences with real checksums, including levels pushed out of the window and pulled back in
 * within one message, the two publish the same deltas for every frame, and a consumer applying
 * them holds exactly the venue's book.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookDeltaBuilder } from '../../../src/adapter/data/book-deltas.js';
import { BookSync, type BookSyncHooks } from '../../../src/adapter/data/book-sync.js';
import { SpotOrderBook } from '../../../src/kraken/spot/book/spot-order-book.js';
import { CurrencyPair } from '../../../src/model/instruments.js';
import { Currency, Money } from '../../../src/model/money.js';
import { InstrumentId, Symbol } from '../../../src/model/identifiers.js';
import { OrderBook, type OrderBookDeltas } from '../../../src/model/order-book.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { SYMBOL, scenarioArb, venueFrames, viewOf, type Scenario } from './spot-generator.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 500);
const ID = InstrumentId.fromStr(`${SYMBOL}.KRAKEN`);
const QUIET: BookSyncHooks = {
  resync: (r) => {
    throw new Error(`unexpected resync: ${r}`);
  },
  warn: (m) => {
    throw new Error(`unexpected warning: ${m}`);
  },
};

function instrument(s: Scenario): CurrencyPair {
  const unit = (p: number): string => (p === 0 ? '1' : `0.${'0'.repeat(p - 1)}1`);
  return new CurrencyPair({
    id: ID,
    rawSymbol: new Symbol('XBTTEST'),
    baseCurrency: Currency.from('BTC'),
    quoteCurrency: Currency.from('USD'),
    pricePrecision: s.pricePrecision,
    sizePrecision: s.qtyPrecision,
    priceIncrement: Price.fromStr(unit(s.pricePrecision)),
    sizeIncrement: Quantity.fromStr(unit(s.qtyPrecision)),
    minQuantity: Quantity.fromStr(unit(s.qtyPrecision)),
    minNotional: Money.fromStr('0.50 USD'),
    tsEvent: 0n,
    tsInit: 0n,
  });
}

/** A BookSync over a verified Spot book; `reported: false` builds it without the window report (the builder keeps its window). */
function sync(s: Scenario, reported: boolean): BookSync<SpotOrderBook> {
  return new BookSync(
    () => {
      return new SpotOrderBook({
        symbol: SYMBOL,
        depth: s.depth,
        pricePrecision: s.pricePrecision,
        qtyPrecision: s.qtyPrecision,
        reportWindowChanges: reported,
      });
    },
    new BookDeltaBuilder(instrument(s), s.depth, false),
    QUIET,
  );
}

/** The deltas as a comparable set: one line per level, in a fixed order. */
function lines(d: OrderBookDeltas | null | undefined): string[] {
  if (d === null || d === undefined) return [];
  return d.deltas
    .map((x) => `${x.action} ${x.order?.side ?? ''} ${x.order?.price.toString() ?? ''} ${x.order?.size.toString() ?? ''} ${x.flags & 32}`)
    .sort();
}

const text = (b: OrderBook) => ({
  bids: b.bids().map((l) => [l.price.toString(), l.size.toString()]),
  asks: b.asks().map((l) => [l.price.toString(), l.size.toString()]),
});

describe('Spot window report → OrderBookDeltas', () => {
  it('publishes the same deltas as a builder keeping its own window, and the consumer holds the venue book', () => {
    fc.assert(
      fc.property(scenarioArb({ depths: [10, 25] }), (s) => {
        const withReport = sync(s, true);
        const withWindow = sync(s, false);
        const consumer = new OrderBook(ID);
        for (const f of venueFrames(s)) {
          const a = withReport.onText(f.text, 1n, () => undefined);
          const b = withWindow.onText(f.text, 1n, () => undefined);
          expect(a).not.toBeUndefined();
          expect(lines(a)).toEqual(lines(b));
          if (a) consumer.applyDeltas(a);
          const view = viewOf(f.after);
          const asDecimal = (l: readonly [string, string]) => [Price.fromStr(l[0]).toString(), Quantity.fromStr(l[1]).toString()];
          expect(text(consumer)).toEqual({ bids: view.bids.map(asDecimal), asks: view.asks.map(asDecimal) });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a frame the window report cannot follow (the generic route after the report) goes out as a full snapshot, never a wrong diff', () => {
    fc.assert(
      fc.property(scenarioArb({ depths: [10] }), (s) => {
        const frames = venueFrames(s);
        const withReport = sync(s, true);
        const consumer = new OrderBook(ID);
        frames.forEach((f, k) => {
          // Every other frame takes the generic route with its decoded levels (the builder's own window).
          const out =
            k % 2 === 0
              ? withReport.onText(f.text, 1n, () => undefined)
              : withReport.onMessage(JSON.parse(f.text) as object, f.isSnapshot, null, 1n, 1n);
          if (out) consumer.applyDeltas(out);
          const view = viewOf(f.after);
          expect(consumer.bids().length).toBe(view.bids.length);
          expect(consumer.asks().length).toBe(view.asks.length);
        });
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
  });
});
