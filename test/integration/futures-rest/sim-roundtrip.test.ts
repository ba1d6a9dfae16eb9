/**
 * KrakenFuturesRawHttpClient against the krakenkit simulator's Futures REST server (127.0.0.1):
 * the simulator checks Authent and nonces itself, so this pins that what the client signs and
 * sends is what a Kraken-faithful server accepts, for trading, history and charts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenAuthError } from '../../../src/core/errors.js';
import { futuresOrderRejectReason } from '../../../src/kraken/futures/http/order-status.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import { ManualClock } from '../../../src/core/clock.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';

let sim: KrakenSim;
let client: KrakenFuturesRawHttpClient;

beforeAll(async () => {
  // A manual venue clock: the market moves only when the test says, so what the client read and
  // what the simulator holds can be compared exactly.
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12));
  sim = await startKrakenSim({ seed: 11, clock });
  clock.advance(3000);
  sim.tick();
  const { apiKey, apiSecret } = sim.credentials.futures;
  client = new KrakenFuturesRawHttpClient({ baseUrl: sim.urls.futuresRest, apiKey, apiSecret, maxRetries: 0 });
});

afterAll(async () => {
  await client?.close();
  // A simulator exception answered as a venue error would let a broken round trip pass.
  const internal = sim?.internalErrors.map((e) => `${e.where}: ${String(e.error)}`) ?? [];
  await sim?.close();
  expect(internal).toEqual([]);
});

describe('client ↔ simulator (Futures REST)', () => {
  it('reads public market data with exact decimals', async () => {
    const book = await client.orderbook({ symbol: 'PF_XBTUSD' });
    expect(book.result).toBe('success');
    // A book with levels on both sides, so the checks below run on real numbers.
    expect(book.orderBook.asks.length).toBeGreaterThan(0);
    expect(book.orderBook.bids.length).toBeGreaterThan(0);
    const levels = [...book.orderBook.asks, ...book.orderBook.bids];
    for (const [price, size] of levels) {
      expect(typeof price).toBe('string');
      expect(typeof size).toBe('string');
    }
    // The exact decimal text the venue sent, digit for digit: the simulator's own book, unrounded.
    const own = sim.engine.futures.orderbook('PF_XBTUSD');
    const venue = [...own.asks, ...own.bids].map((l) => [l.price, l.qty]);
    expect(levels.map(([p, q]) => [String(p), String(q)])).toEqual(venue);
    const instruments = await client.instruments();
    expect(instruments.instruments.some((i) => i.symbol === 'PF_XBTUSD')).toBe(true);
  });

  it('places, lists, edits and cancels a limit order; the signed calls are accepted', async () => {
    const sent = await client.sendorder({
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '0.0100',
      limitPrice: '1000',
      cliOrdId: 'sim-rt-1',
    });
    expect(futuresOrderRejectReason(sent.sendStatus.status)).toBeUndefined();
    const orderId = sent.sendStatus.order_id!;
    const open = await client.openorders();
    expect(open.openOrders.map((o) => o.order_id)).toContain(orderId);
    const edited = await client.editorder({ orderId, limitPrice: '1001' });
    expect(edited.editStatus.status).toBe('edited');
    const cancelled = await client.cancelorder({ order_id: orderId });
    expect(cancelled.cancelStatus.status).toBe('cancelled');
  });

  it('sends a batch through the json= form field', async () => {
    const res = await client.batchorder({
      json: {
        batchOrder: [
          { order: 'send', order_tag: 'a', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01', limitPrice: '1002' },
          { order: 'send', order_tag: 'b', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01', limitPrice: '1003' },
        ],
      },
    });
    expect(res.batchStatus.map((b) => b.order_tag)).toEqual(['a', 'b']);
    const all = await client.cancelallorders({ symbol: 'PF_XBTUSD' });
    expect(all.cancelStatus.status).toBe('cancelled');
  });

  it('reads history (signed without a /derivatives prefix) and charts', async () => {
    // An order event of this test's own, so the history is not empty whatever ran before.
    const placed = await client.sendorder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01', limitPrice: '1001' });
    expect(futuresOrderRejectReason(placed.sendStatus.status)).toBeUndefined();
    await client.cancelorder({ order_id: placed.sendStatus.order_id! });
    const hist = await client.historyOrders({ sort: 'desc', count: 5 });
    expect(hist.len).toBeGreaterThan(0);
    const candles = await client.candles({ tick_type: 'trade', symbol: 'PF_XBTUSD', resolution: '1m' });
    expect(Array.isArray(candles.candles)).toBe(true);
  });

  it('is refused with KrakenAuthError when signing with another secret', async () => {
    const other = new KrakenFuturesRawHttpClient({
      baseUrl: sim.urls.futuresRest,
      apiKey: sim.credentials.futures.apiKey,
      apiSecret: Buffer.alloc(64, 9).toString('base64'),
      maxRetries: 0,
    });
    try {
      await expect(other.openorders()).rejects.toBeInstanceOf(KrakenAuthError);
    } finally {
      await other.close();
    }
  });
});
