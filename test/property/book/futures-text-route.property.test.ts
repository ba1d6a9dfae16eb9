/**
 * The Futures client's single-decode route (the shared TextRoute with the Futures router, the
 * trade/ticker text decoders and FuturesOrderBook.applyText) against the generic route it replaces
 * (lossless parse, the generated validator, `FuturesOrderBook.apply(object)`), on a fuzzed corpus:
 * messages as Kraken writes them, then mutated character by character and field by field. For
 * every frame the two routes accept and refuse alike and deliver the same message (or leave the
 * same book, and report the same timestamp, seq and changed level to the data client).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObject, parseVenueJson } from '../../../src/core/json.js';
import { TextRoute } from '../../../src/kraken/common/text-route.js';
import { FuturesOrderBook } from '../../../src/kraken/futures/book/futures-order-book.js';
import { decodeFuturesTickerText, decodeFuturesTradeText, futuresTextRouteOf } from '../../../src/kraken/futures/ws/feed-text-decoders.js';
import { validateFuturesFeedFrame } from '../../../src/kraken/futures/ws/frame-validation.js';
import type { FuturesWsFeedMessage } from '../../../src/kraken/futures/ws/types.js';
import { expectFramesStayOnTextRoute, expectMutatedFramesAgree, type ChannelRoute } from './channel-route-checks.js';
import { apply, editsArb } from './frame-mutations.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);
const PRODUCT = 'PF_XBTUSD';

/** The generic route as the client runs it: the feed message it would deliver, or undefined (refused, or an event). */
function genericRoute(text: string): FuturesWsFeedMessage | undefined {
  let frame: unknown;
  try {
    frame = parseVenueJson(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(frame) || typeof frame['event'] === 'string' || typeof frame['feed'] !== 'string') return undefined;
  const checked = validateFuturesFeedFrame(frame['feed'], frame, 'test');
  return checked.valid ? checked.message : undefined;
}

/** The single-decode route as the client runs it, falling back to the generic route when it hands a frame back. */
function textRoute(text: string, book?: (t: string) => boolean): { message: FuturesWsFeedMessage | undefined; onTextRoute: boolean } {
  let delivered: FuturesWsFeedMessage | undefined;
  const route = new TextRoute<FuturesWsFeedMessage>(
    futuresTextRouteOf,
    [decodeFuturesTradeText, decodeFuturesTickerText],
    (m) => (delivered = m),
  );
  route.book = book;
  if (route.handle(text)) return { message: delivered, onTextRoute: true };
  return { message: genericRoute(text), onTextRoute: false };
}

const decimalArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 8 }))
    .map(([n, d]) => (d === 0 ? `${n}` : `${n}.${'7'.repeat(d)}`)),
  fc.constantFrom('0', '0.0', '-0.0', '21978.5', '13948.0', '12345678901234567.5', '1234567890123456', '-6.2604214e-11', '1.5E+3'),
);
const signedArb = fc.oneof(
  decimalArb,
  decimalArb.filter((d) => d !== '0' && !d.startsWith('-')).map((d) => `-${d}`),
);
const msArb = fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 });

const tradeArb = fc
  .record({
    side: fc.constantFrom('buy', 'sell'),
    type: fc.option(fc.constantFrom('fill', 'liquidation', 'block'), { nil: undefined }),
    seq: fc.integer({ min: 0, max: 2 ** 40 }),
    time: msArb,
    qty: decimalArb,
    price: decimalArb,
  })
  .map(
    (r) =>
      `{"feed":"trade","product_id":"${PRODUCT}","uid":"05af78ac-a774-478c-a50c-8b9c234e071e","side":"${r.side}",${r.type === undefined ? '' : `"type":"${r.type}",`}"seq":${r.seq},"time":${r.time},"qty":${r.qty},"price":${r.price}}`,
  );

const TICKER_DECIMALS = ['bid', 'ask', 'bid_size', 'ask_size', 'volume', 'index', 'last', 'openInterest', 'markPrice', 'volumeQuote'];
const tickerArb = fc
  .record({
    time: msArb,
    decimals: fc.subarray(TICKER_DECIMALS).chain((keys) => fc.tuple(...keys.map((k) => decimalArb.map((v) => `"${k}":${v}`)))),
    signed: fc.tuple(signedArb, signedArb, signedArb),
    funding: fc.boolean(),
    dated: fc.boolean(),
    greeks: fc.option(fc.tuple(decimalArb, signedArb), { nil: undefined }),
  })
  .map((r) => {
    const fields = [`"time":${r.time}`, `"product_id":"${PRODUCT}"`];
    if (r.funding)
      fields.push(`"funding_rate":${r.signed[0]}`, `"relative_funding_rate":${r.signed[1]}`, '"next_funding_rate_time":1676394000000');
    fields.push('"feed":"ticker"', ...r.decimals, `"premium":${r.signed[2]}`, `"change":${r.signed[0]}`);
    fields.push(`"dtm":${r.dated ? 14 : 0}`, '"leverage":"50x"', '"suspended":false', `"tag":"${r.dated ? 'month' : 'perpetual'}"`);
    fields.push('"pair":"XBT:USD"', `"maturityTime":${r.dated ? 1676394000000 : 0}`, '"post_only":false');
    if (r.greeks !== undefined) fields.push(`"greeks":{"iv":${r.greeks[0]},"delta":${r.greeks[1]}}`);
    return `{${fields.join(',')}}`;
  });

const priceArb = (buy: boolean) =>
  fc
    .tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom(0, 1, 2))
    .map(([off, d]) => ((buy ? 250_000 - off : 250_000 + off) / 100).toFixed(d === 0 ? 2 : d));
const qtyArb = fc.oneof(
  fc.integer({ min: 0, max: 99_999 }).map((m) => (m / 1000).toFixed(3)),
  fc.integer({ min: 0, max: 5000 }).map(String),
);
const levelArb = (buy: boolean) => fc.record({ price: priceArb(buy), qty: qtyArb });
const bookFramesArb = fc
  .record({
    seq: fc.integer({ min: 0, max: 1_000_000 }),
    tickSize: fc.constantFrom('null', '0.5', '1'),
    bids: fc.uniqueArray(levelArb(true), { selector: (l) => l.price, maxLength: 6 }),
    asks: fc.uniqueArray(levelArb(false), { selector: (l) => l.price, maxLength: 6 }),
    deltas: fc.array(
      fc.boolean().chain((buy) => levelArb(buy).map((l) => ({ ...l, side: buy ? 'buy' : 'sell' }))),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ seq, tickSize, bids, asks, deltas }) => {
    const lv = (ls: { price: string; qty: string }[]) => ls.map((l) => `{"price":${l.price},"qty":${l.qty}}`).join(',');
    return [
      `{"feed":"book_snapshot","product_id":"${PRODUCT}","timestamp":1612269825817,"seq":${seq},"tickSize":${tickSize},"bids":[${lv(bids)}],"asks":[${lv(asks)}]}`,
      ...deltas.map(
        (d, i) =>
          `{"feed":"book","product_id":"${PRODUCT}","side":"${d.side}","seq":${seq + 1 + i},"price":${d.price},"qty":${d.qty},"timestamp":${1612269825818 + i}}`,
      ),
    ];
  });

const stateOf = (b: FuturesOrderBook): string =>
  b.isValid ? JSON.stringify([b.seq, b.bids(), b.asks()]) : `invalid:${b.lastRejectReason}`;

/**
 * One frame through both routes, each into its own book: they must accept it alike and leave the
 * same book, and what the data client reads from a book that took the text is what the generic
 * message says.
 */
function bothBookRoutes(text: string, viaGeneric: FuturesOrderBook, viaText: FuturesOrderBook): { bookTook: boolean; accepted: boolean } {
  const generic = genericRoute(text);
  const isBook = generic !== undefined && (generic.feed === 'book' || generic.feed === 'book_snapshot');
  const genericOk = isBook && viaGeneric.apply(generic).ok;
  let textOk = false;
  let bookTook = false;
  const routed = textRoute(text, (t) => {
    const r = viaText.applyText(t);
    if (r === undefined) return false;
    textOk = r.ok;
    bookTook = true;
    return true;
  });
  if (bookTook) {
    expect(isBook).toBe(true);
    const m = generic as FuturesWsFeedMessage & { feed: 'book' | 'book_snapshot'; seq: number; timestamp: number };
    expect(viaText.lastIsSnapshot).toBe(m.feed === 'book_snapshot');
    expect(viaText.lastTimestamp).toBe(m.timestamp);
    expect(viaText.lastFrameSeq).toBe(m.seq);
    if (m.feed === 'book') {
      const d = viaText.lastDelta;
      expect({ isBid: d.isBid, price: d.price, qty: d.qty }).toStrictEqual({ isBid: m.side === 'buy', price: m.price, qty: m.qty });
    }
  } else {
    const msg = routed.message;
    expect(msg).toStrictEqual(generic); // a frame mutated into a trade or ticker decodes as the generic route does
    textOk = msg !== undefined && (msg.feed === 'book' || msg.feed === 'book_snapshot') && viaText.apply(msg).ok;
  }
  expect(textOk).toBe(genericOk);
  expect(stateOf(viaText)).toBe(stateOf(viaGeneric));
  return { bookTook, accepted: generic !== undefined };
}

const CHANNELS: ChannelRoute = {
  frames: fc.oneof(tradeArb, tickerArb),
  generic: genericRoute,
  routed: (text) => textRoute(text),
  direct: (text) => decodeFuturesTradeText(text) ?? decodeFuturesTickerText(text),
  runs: RUNS,
};

describe('Futures single-decode route against the generated validators', () => {
  it('trade and ticker messages as Kraken writes them stay on the text route and decode exactly as the generic route', () => {
    expectFramesStayOnTextRoute(CHANNELS);
  });

  it('mutated trade and ticker messages: accepted and refused alike, and what the text route decodes equals the generic result', () => {
    expectMutatedFramesAgree(CHANNELS);
  });

  it('book frames (original and mutated): both routes accept the same frames, leave the same book and report the same frame', () => {
    let mutatedRefused = 0;
    let bookOnText = 0;
    fc.assert(
      fc.property(bookFramesArb, fc.array(fc.tuple(fc.nat(), editsArb), { maxLength: 3 }), (original, edits) => {
        const frames = [...original];
        for (const [k, e] of edits) {
          const i = k % frames.length;
          frames[i] = apply(frames[i]!, e);
        }
        const viaGeneric = new FuturesOrderBook({ product: PRODUCT });
        const viaText = new FuturesOrderBook({ product: PRODUCT });
        for (const text of frames) {
          const r = bothBookRoutes(text, viaGeneric, viaText);
          if (r.bookTook) bookOnText++;
          if (!r.accepted) mutatedRefused++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(mutatedRefused).toBeGreaterThan(0);
    expect(bookOnText).toBeGreaterThan(RUNS);
  });

  it('book frames the fuzzed corpus rarely reaches are handed back to the generic route, which decides', () => {
    const snapshot = `{"feed":"book_snapshot","product_id":"${PRODUCT}","timestamp":1612269825817,"seq":7,"tickSize":null,"bids":[{"price":2499.5,"qty":1}],"asks":[{"price":2500.5,"qty":2}]}`;
    const delta = `{"feed":"book","product_id":"${PRODUCT}","side":"buy","seq":8,"price":2499.5,"qty":0.5,"timestamp":1612269825818}`;
    const cases = [
      snapshot.replace('"tickSize":null', '"tickSize":1e+70'), // beyond the validator's exponent bound
      snapshot.replace('"tickSize":null', '"tickSize":"0.5"'),
      snapshot.replace('"tickSize":null', '"tickSize":true'),
      snapshot.replace('"tickSize":null,', ''), // tickSize is optional: stays on the route
      snapshot.replace('"seq":7', '"seq":1234567890123456'),
      snapshot.replace('"timestamp":1612269825817', '"timestamp":-1'),
      snapshot.replace('"timestamp":1612269825817,', ''),
      snapshot.replace('"qty":2}', '"qty":2,"qty":3}'),
      delta.replace('"qty":0.5', '"qty":5e-1'),
      delta.replace('"qty":0.5', '"qty":-0'),
      delta.replace('"side":"buy"', '"side":"buy","bids":[]'),
      delta.replace('"side":"buy"', '"side":"short"'),
    ];
    let taken = 0;
    for (const text of cases) {
      const viaGeneric = new FuturesOrderBook({ product: PRODUCT });
      const viaText = new FuturesOrderBook({ product: PRODUCT });
      bothBookRoutes(snapshot, viaGeneric, viaText);
      if (bothBookRoutes(text, viaGeneric, viaText).bookTook) taken++;
    }
    expect(taken).toBe(1);
  });

  it("Kraken's ticker (exponent funding rates, -0.0 premium) is decoded on the text route exactly as the generic route", () => {
    // Kraken writes Futures decimals from floats: small funding rates come in exponent notation.
    const text =
      '{"time":1676393235406,"product_id":"PI_XBTUSD","funding_rate":-6.2604214e-11,"funding_rate_prediction":-3.65989977e-10,"relative_funding_rate":-1.380384722222e-6,"relative_funding_rate_prediction":-8.047629166667e-6,"next_funding_rate_time":1676394000000,"feed":"ticker","bid":21978.5,"ask":21987.0,"bid_size":2536.0,"ask_size":13948.0,"volume":31403908.0,"dtm":0,"leverage":"50x","index":21984.54,"premium":-0.0,"last":21983.5,"change":1.9974017538161748,"suspended":false,"tag":"perpetual","pair":"XBT:USD","openInterest":30072580.0,"markPrice":21979.68641534714,"maturityTime":0,"post_only":false,"volumeQuote":31403908.0,"open":21968.5,"high":22123.0,"low":21456.0}';
    const decoded = decodeFuturesTickerText(text);
    expect(decoded).toStrictEqual(genericRoute(text));
    expect(decoded?.funding_rate).toBe('-6.2604214e-11');
    expect(decoded?.premium).toBe('-0.0');
    expect(decoded?.markPrice).toBe('21979.68641534714');
  });
});
