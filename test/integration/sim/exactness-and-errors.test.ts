/**
 * Review findings pinned: exact numbers on the simulator's wire and in its parsers, its own bugs
 * recorded instead of hidden, the control endpoint's validation, sim-clock error bodies, and
 * the Futures WS request validation.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { iso } from '../../../src/sim/server/futures-rest/views.js';
import { FuturesArgumentError, parseBatch, parseSendOrder } from '../../../src/sim/server/futures-rest/order-params.js';
import { bookUpdateFrame } from '../../../src/sim/server/spot-ws/market-frames.js';
import { parseFaultSpec, validateFaultRule } from '../../../src/sim/faults/fault-rules.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { startKrakenSim, ManualClock } from '../../../src/sim/index.js';
import type { SpotPairSpec } from '../../../src/sim/engine/types/instruments.js';
import { futuresPrivate, futuresPublic, spotPublic, startTestSim, T0, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim.close());

describe('exact numbers', () => {
  it('batchorder json= keeps every digit of number tokens (no JSON.parse/String round trip)', () => {
    const [send] = parseBatch(
      '{"batchOrder":[{"order":"send","order_tag":"a","orderType":"lmt","symbol":"PF_XBTUSD","side":"buy","size":0.10000000000000001,"limitPrice":30000.50}]}',
    );
    expect(send).toMatchObject({ order: 'send', size: '0.10000000000000001', limitPrice: '30000.50' });
    // Safe integers are exact as JS numbers; a fractional JS number would have been rounded already.
    expect(parseSendOrder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 2, limitPrice: '1' }).size).toBe('2');
    expect(() => parseSendOrder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 0.1 })).toThrow(FuturesArgumentError);
    // One decimal definition: exponent notation is not a Kraken price.
    expect(() => parseSendOrder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1e-4' })).toThrow(FuturesArgumentError);
  });

  it('AssetPairs fee tiers are wire numbers with the engine text (0.40, not 0.4)', async () => {
    const res = await fetch(`${sim.urls.spotRest}/0/public/AssetPairs?pair=XBTUSD&info=fees`);
    const text = await res.text();
    expect(text).toContain('"fees":[[0,0.40],[10000,0.35]');
    expect(text).toContain('"fees_maker":[[0,0.25],[10000,0.20]');
  });

  it('charts candle volume carries the fraction of fractional PF_ trades', async () => {
    const r = await futuresPrivate(sim, 'POST', '/derivatives/api/v3/sendorder', {
      orderType: 'mkt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '0.0123',
    });
    expect(r.body.sendStatus.status).toBe('placed');
    const text = await (await fetch(`${sim.urls.futuresRest}/api/charts/v1/trade/PF_XBTUSD/1m`)).text();
    const volumes = [...text.matchAll(/"volume":([^,}]+)/g)].map((m) => m[1]!);
    expect(volumes.length).toBeGreaterThan(0);
    for (const v of volumes) expect(v).toMatch(/^\d+(\.\d+)?$/); // a bare JSON number token
    expect(volumes.some((v) => v.includes('.'))).toBe(true);
  });

  it('book update ordering compares prices exactly, not as floats', () => {
    // ...01 and ...03 are the same double; only an exact compare sees ...01 pushed out (no delete).
    const pair = { symbol: 'T/USD' } as SpotPairSpec;
    const before = {
      bids: [
        { price: '1.00000000000000003', qty: '1.0' },
        { price: '1.00000000000000001', qty: '1.0' },
      ],
      asks: [],
    };
    const after = {
      bids: [
        { price: '1.00000000000000004', qty: '1.0' },
        { price: '1.00000000000000003', qty: '1.0' },
      ],
      asks: [],
    };
    const frame = bookUpdateFrame(pair, before, after, 2, T0) as { data: { bids: { price: { text: string } }[] }[] };
    expect(frame.data[0]!.bids.map((l) => l.price.text)).toEqual(['1.00000000000000004']);
  });
});

describe('the simulator records its own bugs', () => {
  it('answers like Kraken (EGeneral:Internal error / Server Error) and lists the exception in sim.internalErrors', async () => {
    const own = await startKrakenSim({ seed: 7, clock: new ManualClock(T0), market: false });
    try {
      vi.spyOn(own.engine.spot, 'ticker').mockImplementation(() => {
        throw new TypeError('spot bug');
      });
      vi.spyOn(own.engine.futures, 'tickers').mockImplementation(() => {
        throw new RangeError('futures bug');
      });
      expect(await spotPublic(own, 'Ticker', { pair: 'XBTUSD' })).toEqual({ error: ['EGeneral:Internal error'] });
      const fut = await futuresPublic(own, '/derivatives/api/v3/tickers');
      expect(fut).toEqual({ result: 'error', serverTime: iso(T0), error: 'Server Error' });
      expect(own.internalErrors.map((e) => [e.where, (e.error as Error).message])).toEqual([
        ['spot-rest Ticker', 'spot bug'],
        ['futures-rest GET /tickers', 'futures bug'],
      ]);
      // A venue rejection is a Kraken answer, not a bug.
      expect((await spotPublic(own, 'Depth', { pair: 'NOPE' })).error.length).toBe(1);
      expect(own.internalErrors).toHaveLength(2);
      // WS: a failing handler still answers the client, and is recorded.
      vi.spyOn(own.engine.futures, 'orderbook').mockImplementation(() => {
        throw new Error('ws bug');
      });
      const ws = await WsProbe.open(own.urls.futuresWs);
      ws.send({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'] });
      expect(await ws.next((m) => m.event === 'error')).toEqual({ event: 'error', message: 'Json Error' });
      ws.close();
      expect(own.internalErrors.map((e) => e.where)).toEqual(['spot-rest Ticker', 'futures-rest GET /tickers', 'futures-ws message']);
    } finally {
      vi.restoreAllMocks();
      await own.close();
    }
  });
});

describe('Futures REST error bodies', () => {
  it('stamp serverTime from the sim clock (deterministic under ManualClock)', async () => {
    const r = await futuresPrivate(sim, 'POST', '/derivatives/api/v3/editorder', { size: '1' });
    expect(r.body.result).toBe('error');
    expect(r.body.serverTime).toBe(iso(sim.clock.nowMs()));
  });
});

describe('control endpoint validation', () => {
  const post = (body: string) => fetch(`${sim.urls.spotRest}/__sim/faults`, { method: 'POST', body });

  it('answers 400 with a JSON error for null, arrays, unknown kinds and bad fields', async () => {
    for (const body of [
      'null',
      '[]',
      '7',
      '{"kind":"nope"}',
      '{"kind":"ws-drop"}',
      '{"kind":"http-5xx","times":"x"}',
      '{"kind":"ws-delay","target":"spot-public","delayMs":-1}',
      '{"kind":"http-timeout","probability":2}',
      '{"kind":"venue-error"}',
      '{"kind":"http-5xx","pathh":"/0"}',
    ]) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      const json = (await r.json()) as { error: string };
      expect(typeof json.error, body).toBe('string');
    }
    const issues = ((await (await post('{"kind":"ws-drop","times":0}')).json()) as { issues: { path: string }[] }).issues.map(
      (i) => i.path,
    );
    expect(issues.sort()).toEqual(['target', 'times']);
    expect(sim.faults.active()).toEqual([]);
  });

  it('arms a valid rule', async () => {
    const r = await post('{"kind":"http-5xx","path":"/0/public/Assets","status":503,"probability":0.5,"times":2}');
    expect(r.status).toBe(200);
    expect(sim.faults.active()).toEqual([{ kind: 'http-5xx', path: '/0/public/Assets', status: 503, probability: 0.5, times: 2 }]);
    sim.faults.clear();
  });

  it('shares its checks with the CLI --fault parser', () => {
    expect(() => validateFaultRule({ kind: 'ws-silence', target: 'futures', times: 3 })).toThrow(KrakenValidationError);
    expect(() => parseFaultSpec('ws-silence:target=futures,times=3')).toThrow(/takes no "times"/);
    expect(() => parseFaultSpec('order-ack-delay:delayMs=abc')).toThrow(/not a number/);
    expect(parseFaultSpec('order-ack-delay:via=ws,delayMs=250')).toEqual({ kind: 'order-ack-delay', via: 'ws', delayMs: 250 });
  });
});

describe('Futures WS request validation', () => {
  it('validates client requests with the generated validators and answers Kraken error events', async () => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    await ws.next((m) => m.event === 'info');
    const errorFor = async (frame: unknown): Promise<unknown> => {
      const n = ws.frames.length;
      ws.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      return ws.next((m) => ws.frames.indexOf(m) >= n && (m.event === 'error' || m.event === 'subscribed' || m.event === 'challenge'));
    };
    expect(await errorFor('{"event":')).toEqual({ event: 'error', message: 'Json Error' });
    expect(await errorFor({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'], extra: 1 })).toEqual({
      event: 'error',
      message: 'Json Error',
    });
    expect(await errorFor({ event: 'subscribe', feed: 'bogus', product_ids: ['PF_XBTUSD'] })).toEqual({
      event: 'error',
      message: 'Invalid feed',
    });
    expect(await errorFor({ event: 'subscribe', feed: 'book', product_ids: [] })).toEqual({
      event: 'error',
      message: 'Invalid product id',
    });
    expect(await errorFor({ event: 'challenge' })).toEqual({ event: 'error', message: 'Json Error' });
    expect(await errorFor({ event: 'hello' })).toEqual({ event: 'error', message: 'Json Error' });
    expect(await errorFor({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'] })).toMatchObject({
      event: 'subscribed',
      feed: 'book',
    });
    ws.close();
  });
});
