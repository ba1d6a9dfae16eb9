/**
 * Client-side hardening on real frames: book frames captured from the simulator over real
 * sockets, then damaged the way a broken venue could send them. A Futures `book_snapshot`
 * without `bids` or `asks` is refused (not taken for an empty book); the text and object book
 * decoders agree on unknown fields nested deeper than the cursor's limit; Futures REST decimals
 * with absurd exponents (`1e400`, `1e-400`) are refused like the book decoders refuse them (a
 * loopback venue sends those: the simulator never would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuturesOrderBook, KrakenFuturesRawHttpClient, KrakenValidationError, SpotOrderBook } from '../../../src/index.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { json, startLoopback } from '../../helpers/loopback-http.js';
import { startTestSim, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
let spotSnapshot: string;
let futuresSnapshot: string;
beforeAll(async () => {
  sim = await startTestSim();
  const spot = await WsProbe.open(sim.urls.spotWsPublic);
  spot.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 } });
  await spot.next((m) => m.channel === 'book' && m.type === 'snapshot');
  spotSnapshot = spot.raw.find((t) => t.includes('"type":"snapshot"') && t.includes('"channel":"book"'))!;
  spot.close();
  const fut = await WsProbe.open(sim.urls.futuresWs);
  fut.send({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'] });
  await fut.next((m) => m.feed === 'book_snapshot');
  futuresSnapshot = fut.raw.find((t) => t.includes('"feed":"book_snapshot"'))!;
  fut.close();
});
afterAll(async () => sim.close());

const nested = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const spotBook = () => new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8 });

describe('FuturesOrderBook refuses a book_snapshot without bids or asks', () => {
  it.each(['bids', 'asks'])('a snapshot missing %s is not a valid empty side (text and parsed)', (side) => {
    const snapshot = JSON.parse(futuresSnapshot) as Record<string, unknown>;
    expect(new FuturesOrderBook({ product: 'PF_XBTUSD' }).apply(futuresSnapshot).ok).toBe(true);
    delete snapshot[side];
    const text = JSON.stringify(snapshot);
    for (const message of [text, parseVenueJson(text) as object]) {
      const book = new FuturesOrderBook({ product: 'PF_XBTUSD' });
      const r = book.apply(message);
      expect(r.ok).toBe(false);
      expect(book.isValid).toBe(false);
    }
  });
});

describe('Text and object book decoders agree on deeply nested unknown fields', () => {
  for (const depth of [30, 31, 32, 33, 34, 40]) {
    it(`unknown field nested ${depth} deep: Spot (top level, data, level) and Futures (frame, level)`, () => {
      const spotFrames = [
        spotSnapshot.replace('{"channel":"book"', `{"x":${nested(depth)},"channel":"book"`),
        spotSnapshot.replace('"symbol":"BTC/USD"', `"symbol":"BTC/USD","x":${nested(depth)}`),
        spotSnapshot.replace('{"price":', `{"x":${nested(depth)},"price":`),
      ];
      for (const text of spotFrames) {
        expect(text).not.toBe(spotSnapshot);
        expect(spotBook().apply(text).ok, `spot text vs object at ${depth}`).toBe(spotBook().apply(parseVenueJson(text) as object).ok);
      }
      const futuresFrames = [
        futuresSnapshot.replace('{"feed":', `{"x":${nested(depth)},"feed":`),
        futuresSnapshot.replace('{"price":', `{"x":${nested(depth)},"price":`),
      ];
      for (const text of futuresFrames) {
        expect(text).not.toBe(futuresSnapshot);
        const byText = new FuturesOrderBook({ product: 'PF_XBTUSD' }).apply(text).ok;
        expect(byText, `futures text vs object at ${depth}`).toBe(
          new FuturesOrderBook({ product: 'PF_XBTUSD' }).apply(parseVenueJson(text) as object).ok,
        );
      }
    });
  }
});

describe('Futures REST decimals: exponents bounded as the book decoders bound them', () => {
  it.each([
    ['1e400', false],
    ['1e-400', false],
    ['-6.2604214e-11', true],
    ['6.5E+4', true],
  ])('a ticker last of %s is accepted: %s', async (token, accepted) => {
    const venue = await startLoopback((_req, res) =>
      json(
        res,
        `{"result":"success","serverTime":"2026-01-05T12:00:00.000Z","tickers":[{"symbol":"PF_XBTUSD","last":${token},"markPrice":60000,"tag":"perpetual","pair":"XBT:USD","suspended":false,"postOnly":false}]}`,
      ),
    );
    try {
      const client = new KrakenFuturesRawHttpClient({
        baseUrl: `${venue.baseUrl}/derivatives/api/v3`,
        maxRetries: 0,
        rateLimiting: false,
        nonceStateDir: false,
      });
      const call = client.tickers();
      if (accepted) expect((await call).tickers[0]!.last).toBe(token);
      else await expect(call).rejects.toBeInstanceOf(KrakenValidationError);
    } finally {
      await venue.close();
    }
  });
});
