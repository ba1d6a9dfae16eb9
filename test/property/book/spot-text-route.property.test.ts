/**
 * The Spot client's single-decode route (SpotTextRoute: the trade/ticker text decoders and a
 * verified book's `applyText`) against the generic route it replaces (lossless parse, the
 * generated validator, `SpotOrderBook.apply(object)`), on a fuzzed corpus: frames as Kraken
 * writes them, then mutated character by character and field by field. For every frame the two
 * routes accept and refuse alike and deliver the same message (or leave the same book).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVenueJson, isJsonObject } from '../../../src/core/json.js';
import { SpotOrderBook } from '../../../src/kraken/spot/book/spot-order-book.js';
import { decodeSpotTickerText, decodeSpotTradeText } from '../../../src/kraken/spot/ws/channel-text-decoders.js';
import { validateSpotChannelFrame } from '../../../src/kraken/spot/ws/frame-validation.js';
import { SpotTextRoute } from '../../../src/kraken/spot/ws/spot-text-route.js';
import type { SpotWsChannelMessage } from '../../../src/kraken/spot/ws/types.js';
import { expectFramesStayOnTextRoute, expectMutatedFramesAgree, type ChannelRoute } from './channel-route-checks.js';
import { apply, editsArb } from './frame-mutations.js';
import { SYMBOL, scenarioArb, venueFrames } from './spot-generator.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);

/** The generic route as the client runs it: a channel message it would deliver, or undefined (refused or not a channel frame). */
function genericRoute(text: string): SpotWsChannelMessage | undefined {
  let frame: unknown;
  try {
    frame = parseVenueJson(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(frame) || typeof frame['method'] === 'string' || typeof frame['channel'] !== 'string') return undefined;
  const checked = validateSpotChannelFrame(frame['channel'], frame, 'test');
  return checked.valid ? checked.message : undefined;
}

/** The single-decode route as the client runs it, falling back to the generic route when it hands a frame back. */
function textRoute(text: string, book?: (t: string) => boolean): { message: SpotWsChannelMessage | undefined; onTextRoute: boolean } {
  let delivered: SpotWsChannelMessage | undefined;
  const route = new SpotTextRoute(
    (_c, m) => (delivered = m),
    () => undefined,
  );
  route.book = book;
  if (route.handle(text)) return { message: delivered, onTextRoute: true };
  return { message: genericRoute(text), onTextRoute: false };
}

const decimalArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 8 }))
    .map(([n, d]) => (d === 0 ? `${n}` : `${n}.${'1'.repeat(d)}`)),
  fc.constantFrom('0', '0.0', '45281.0', '0.00100000', '12345678901234567.5', '1234567890123456', '0.5666'),
);
const signedArb = fc.oneof(
  decimalArb,
  decimalArb.filter((d) => d !== '0').map((d) => `-${d}`),
);

const tradeRowArb = fc
  .record({
    symbol: fc.constantFrom('BTC/USD', 'ETH/USD'),
    side: fc.constantFrom('buy', 'sell'),
    price: decimalArb,
    qty: decimalArb,
    ord_type: fc.constantFrom('limit', 'market'),
    trade_id: fc.integer({ min: 0, max: 2 ** 40 }),
    timestamp: fc.constant('2023-10-06T17:35:55.440295Z'),
  })
  .map(
    (r) =>
      `{"symbol":"${r.symbol}","side":"${r.side}","price":${r.price},"qty":${r.qty},"ord_type":"${r.ord_type}","trade_id":${r.trade_id},"timestamp":"${r.timestamp}"}`,
  );
const tradeArb = fc
  .tuple(fc.constantFrom('snapshot', 'update'), fc.array(tradeRowArb, { minLength: 0, maxLength: 3 }))
  .map(([type, rows]) => `{"channel":"trade","type":"${type}","data":[${rows.join(',')}]}`);

const tickerArb = fc
  .record({
    symbol: fc.constantFrom('BTC/USD', 'ETH/USD'),
    bid: decimalArb,
    bid_qty: decimalArb,
    ask: decimalArb,
    ask_qty: decimalArb,
    last: fc.option(decimalArb, { nil: undefined }),
    volume: decimalArb,
    vwap: decimalArb,
    low: decimalArb,
    high: decimalArb,
    change: signedArb,
    change_pct: signedArb,
    timestamp: fc.option(fc.constant('2023-10-06T17:35:55.440295Z'), { nil: undefined }),
    type: fc.constantFrom('snapshot', 'update'),
  })
  .map((r) => {
    const fields = Object.entries(r)
      .filter(([k, v]) => k !== 'type' && v !== undefined)
      .map(([k, v]) => (k === 'symbol' || k === 'timestamp' ? `"${k}":"${v}"` : `"${k}":${v}`));
    return `{"channel":"ticker","type":"${r.type}","data":[{${fields.join(',')}}]}`;
  });

const CHANNELS: ChannelRoute = {
  frames: fc.oneof(tradeArb, tickerArb),
  generic: genericRoute,
  routed: (text) => textRoute(text),
  direct: (text) => (text.includes('"channel":"trade"') ? decodeSpotTradeText(text) : decodeSpotTickerText(text)),
  runs: RUNS,
};

describe('Spot single-decode route against the generated validators', () => {
  it('trade and ticker frames as Kraken writes them stay on the text route and decode exactly as the generic route', () => {
    expectFramesStayOnTextRoute(CHANNELS);
  });

  it('mutated trade and ticker frames: accepted and refused alike, and what the text route decodes equals the generic result', () => {
    expectMutatedFramesAgree(CHANNELS);
  });

  it('book frames (original and mutated): the text route and the generic route leave the same book and accept the same frames', () => {
    let mutatedRefused = 0;
    let bookOnText = 0;
    fc.assert(
      fc.property(
        scenarioArb({ depths: [10, 25], maxUpdates: 6 }),
        fc.array(fc.tuple(fc.nat(), editsArb), { maxLength: 3 }),
        (s, edits) => {
          const frames = venueFrames(s).map((f) => f.text);
          for (const [k, e] of edits) {
            const i = k % frames.length;
            frames[i] = apply(frames[i]!, e);
          }
          const opts = { symbol: SYMBOL, depth: s.depth, pricePrecision: s.pricePrecision, qtyPrecision: s.qtyPrecision };
          const viaGeneric = new SpotOrderBook(opts);
          const viaText = new SpotOrderBook(opts);
          const stateOf = (b: SpotOrderBook): string =>
            b.isValid ? JSON.stringify([b.bids(), b.asks()]) : `invalid:${b.lastRejectReason}`;
          for (const text of frames) {
            const generic = genericRoute(text);
            const genericOk = generic !== undefined && generic.channel === 'book' && viaGeneric.apply(generic).ok;
            let textOk = false;
            const routed = textRoute(text, (t) => {
              const r = viaText.applyText(t);
              if (r === undefined) return false;
              textOk = r.ok;
              return true;
            });
            if (routed.onTextRoute) bookOnText++;
            if (!routed.onTextRoute)
              textOk = routed.message !== undefined && routed.message.channel === 'book' && viaText.apply(routed.message).ok;
            expect(textOk).toBe(genericOk);
            expect(stateOf(viaText)).toBe(stateOf(viaGeneric));
            if (generic === undefined) mutatedRefused++;
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(mutatedRefused).toBeGreaterThan(0);
    expect(bookOnText).toBeGreaterThan(RUNS);
  });
});
