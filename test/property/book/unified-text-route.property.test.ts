/**
 * The Unified WebSocket client's single-decode route (the shared TextRoute with the v2 router, the
 * UWS trade/ticker text decoders and UnifiedLevelBook.applyText) against the generic route it
 * replaces (lossless parse, the generated validator, `UnifiedLevelBook.apply(object)`), on a
 * fuzzed corpus: frames in Kraken's v2 layout, then mutated character by character and field by
 * field. For every frame the two routes accept and refuse alike and deliver the same message (or
 * leave the same book, and report the same row to the data client).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObject, parseVenueJson } from '../../../src/core/json.js';
import { TextRoute } from '../../../src/kraken/common/text-route.js';
import { v2TextRouteOf } from '../../../src/kraken/common/v2/channel-text.js';
import { decodeUwsTickerText, decodeUwsTradeText } from '../../../src/kraken/unified/channel-text-decoders.js';
import { validateUwsChannelFrame } from '../../../src/kraken/unified/frame-validation.js';
import { UnifiedLevelBook } from '../../../src/kraken/unified/level-book.js';
import type { UwsChannelMessage } from '../../../src/kraken/unified/types.js';
import { expectFramesStayOnTextRoute, expectMutatedFramesAgree, type ChannelRoute } from './channel-route-checks.js';
import { apply, editsArb } from './frame-mutations.js';

const RUNS = Number(process.env.BOOK_PROPERTY_RUNS ?? 1000);
const SYMBOL = 'PF_XBTUSD';
const TS = '2025-10-06T17:35:55.440295Z';

/** The generic route as the client runs it: the channel message it would deliver, or undefined (refused, or an answer). */
function genericRoute(text: string): UwsChannelMessage | undefined {
  let frame: unknown;
  try {
    frame = parseVenueJson(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(frame) || typeof frame['method'] === 'string' || typeof frame['channel'] !== 'string') return undefined;
  const checked = validateUwsChannelFrame(frame['channel'], frame, 'test');
  return checked.valid ? checked.message : undefined;
}

/** The single-decode route as the client runs it, falling back to the generic route when it hands a frame back. */
function textRoute(text: string, book?: (t: string) => boolean): { message: UwsChannelMessage | undefined; onTextRoute: boolean } {
  let delivered: UwsChannelMessage | undefined;
  const route = new TextRoute<UwsChannelMessage>(v2TextRouteOf, [decodeUwsTradeText, decodeUwsTickerText], (m) => (delivered = m));
  route.book = book;
  if (route.handle(text)) return { message: delivered, onTextRoute: true };
  return { message: genericRoute(text), onTextRoute: false };
}

const decimalArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 8 }))
    .map(([n, d]) => (d === 0 ? `${n}` : `${n}.${'3'.repeat(d)}`)),
  fc.constantFrom('0', '0.0', '45281.0', '0.00100000', '12345678901234567.5', '1234567890123456'),
);
const signedArb = fc.oneof(
  decimalArb,
  decimalArb.filter((d) => d !== '0').map((d) => `-${d}`),
);

const tradeRowArb = fc
  .record({
    side: fc.constantFrom('buy', 'sell'),
    price: decimalArb,
    qty: decimalArb,
    ordType: fc.option(fc.constantFrom('limit', 'market'), { nil: undefined }),
    tradeId: fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: undefined }),
  })
  .map(
    (r) =>
      `{"symbol":"${SYMBOL}","side":"${r.side}","price":${r.price},"qty":${r.qty}${r.ordType === undefined ? '' : `,"ord_type":"${r.ordType}"`}${r.tradeId === undefined ? '' : `,"trade_id":${r.tradeId}`},"timestamp":"${TS}"}`,
  );
const tradeArb = fc
  .tuple(fc.constantFrom('snapshot', 'update'), fc.array(tradeRowArb, { minLength: 0, maxLength: 3 }))
  .map(([type, rows]) => `{"channel":"trade","type":"${type}","data":[${rows.join(',')}]}`);

const TICKER_DECIMALS = ['bid', 'bid_qty', 'ask', 'ask_qty', 'last', 'volume', 'vwap', 'low', 'high'];
const tickerArb = fc
  .record({
    type: fc.constantFrom('snapshot', 'update'),
    decimals: fc.subarray(TICKER_DECIMALS).chain((keys) => fc.tuple(...keys.map((k) => decimalArb.map((v) => `"${k}":${v}`)))),
    change: fc.option(fc.tuple(signedArb, signedArb), { nil: undefined }),
    timestamp: fc.boolean(),
  })
  .map((r) => {
    const fields = [`"symbol":"${SYMBOL}"`, ...r.decimals];
    if (r.change !== undefined) fields.push(`"change":${r.change[0]}`, `"change_pct":${r.change[1]}`);
    if (r.timestamp) fields.push(`"timestamp":"${TS}"`);
    return `{"channel":"ticker","type":"${r.type}","data":[{${fields.join(',')}}]}`;
  });

const levelArb = (buy: boolean) =>
  fc.record({
    price: fc
      .tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom(0, 1, 2))
      .map(([off, d]) => ((buy ? 250_000 - off : 250_000 + off) / 100).toFixed(d === 0 ? 2 : d)),
    qty: fc.oneof(
      fc.integer({ min: 0, max: 99_999 }).map((m) => (m / 1000).toFixed(3)),
      fc.integer({ min: 0, max: 50 }).map(String),
    ),
  });
const sideText = (ls: { price: string; qty: string }[]) => `[${ls.map((l) => `{"price":${l.price},"qty":${l.qty}}`).join(',')}]`;
const bookFramesArb = fc
  .record({
    bids: fc.uniqueArray(levelArb(true), { selector: (l) => l.price, maxLength: 6 }),
    asks: fc.uniqueArray(levelArb(false), { selector: (l) => l.price, maxLength: 6 }),
    updates: fc.array(
      fc.record({
        bids: fc.option(fc.array(levelArb(true), { maxLength: 2 }), { nil: undefined }),
        asks: fc.option(fc.array(levelArb(false), { maxLength: 2 }), { nil: undefined }),
        checksum: fc.option(fc.integer({ min: 0, max: 0xffff_ffff }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ bids, asks, updates }) => [
    `{"channel":"book","type":"snapshot","data":[{"symbol":"${SYMBOL}","bids":${sideText(bids)},"asks":${sideText(asks)},"checksum":3310070434,"timestamp":"${TS}"}]}`,
    ...updates.map((u) => {
      const fields = [`"symbol":"${SYMBOL}"`];
      if (u.bids !== undefined) fields.push(`"bids":${sideText(u.bids)}`);
      if (u.asks !== undefined) fields.push(`"asks":${sideText(u.asks)}`);
      if (u.checksum !== undefined) fields.push(`"checksum":${u.checksum}`);
      fields.push(`"timestamp":"${TS}"`);
      return `{"channel":"book","type":"update","data":[{${fields.join(',')}}]}`;
    }),
  ]);

const CHANNELS: ChannelRoute = {
  frames: fc.oneof(tradeArb, tickerArb),
  generic: genericRoute,
  routed: (text) => textRoute(text),
  direct: (text) => decodeUwsTradeText(text) ?? decodeUwsTickerText(text),
  runs: RUNS,
};

describe('Unified WebSocket single-decode route against the generated validators', () => {
  it('trade and ticker frames in Kraken v2 layout stay on the text route and decode exactly as the generic route', () => {
    expectFramesStayOnTextRoute(CHANNELS);
  });

  it('mutated trade and ticker frames: accepted and refused alike, and what the text route decodes equals the generic result', () => {
    expectMutatedFramesAgree(CHANNELS);
  });

  it('book frames (original and mutated): both routes accept the same frames, leave the same book and report the same row', () => {
    let mutatedRefused = 0;
    let bookOnText = 0;
    fc.assert(
      fc.property(bookFramesArb, fc.array(fc.tuple(fc.nat(), editsArb), { maxLength: 3 }), (original, edits) => {
        const frames = [...original];
        for (const [k, e] of edits) {
          const i = k % frames.length;
          frames[i] = apply(frames[i]!, e);
        }
        const viaGeneric = new UnifiedLevelBook({ symbol: SYMBOL, depth: 10 });
        const viaText = new UnifiedLevelBook({ symbol: SYMBOL, depth: 10 });
        const stateOf = (b: UnifiedLevelBook): string => (b.isValid ? JSON.stringify([b.bids(), b.asks()]) : 'invalid');
        for (const text of frames) {
          const generic = genericRoute(text);
          const isBook = generic !== undefined && generic.channel === 'book';
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
            bookOnText++;
            expect(isBook).toBe(true);
            const m = generic as UwsChannelMessage & { channel: 'book' };
            expect(viaText.lastIsSnapshot).toBe(m.type === 'snapshot');
            expect(viaText.lastRow).toStrictEqual(m.data[0]);
          } else {
            const msg = routed.message;
            expect(msg).toStrictEqual(generic); // a frame mutated into a trade or ticker decodes as the generic route does
            textOk = msg !== undefined && msg.channel === 'book' && viaText.apply(msg).ok;
          }
          expect(textOk).toBe(genericOk);
          expect(stateOf(viaText)).toBe(stateOf(viaGeneric));
          if (generic === undefined) mutatedRefused++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(mutatedRefused).toBeGreaterThan(0);
    expect(bookOnText).toBeGreaterThan(RUNS);
  });
});
