/**
 * KrakenUnifiedWsClient ↔ simulator over real sockets: the public channels (book, ticker,
 * trade, ohlc of each tick type, instrument, heartbeat), each compared with the venue's own state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoInternalErrors } from '../helpers.js';
import { privateClient, publicClient, startTestSim, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  assertNoInternalErrors(sim);
  await sim.close();
});

const SYMBOL = 'PF_XBTUSD';

describe('Unified WS public channels against the simulator', () => {
  it('book: the snapshot is the venue book at the depth asked; an order placed over UWS arrives as an update with exact decimals', async () => {
    const { client, rec } = await publicClient(sim);
    const trader = await privateClient(sim);
    try {
      const acks = await client.subscribe('book', { symbol: [SYMBOL], depth: 10 });
      expect(acks.map((a) => a.result?.symbol)).toEqual([SYMBOL]);
      const snap = await rec.next((m) => m.channel === 'book' && m.type === 'snapshot');
      const venue = sim.engine.futures.orderbook(SYMBOL);
      expect(snap.data[0].bids).toEqual(venue.bids.slice(0, 10).map((l) => ({ price: l.price, qty: l.qty })));
      expect(snap.data[0].asks).toEqual(venue.asks.slice(0, 10).map((l) => ({ price: l.price, qty: l.qty })));
      // A bid one tick above the best bid, below the best ask: it becomes the new best bid.
      const best = Number(venue.bids[0]!.price);
      const price = String(best + 1);
      expect(Number(price)).toBeLessThan(Number(venue.asks[0]!.price));
      const placed = await trader.client.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        symbol: SYMBOL,
        order_qty: '0.0125',
        limit_price: price,
        post_only: true,
      });
      expect(placed.success).toBe(true);
      const update = await rec.next(
        (m) => m.channel === 'book' && m.type === 'update' && m.data[0].bids?.some((l: any) => l.price === price),
      );
      expect(update.data[0].bids.find((l: any) => l.price === price)).toEqual({ price, qty: '0.0125' });
      expect(update.data[0].checksum).toBeUndefined(); // no UWS page says derivative books carry one, so the simulator sends none
    } finally {
      await trader.client.request('cancel_all', {});
      await client.close();
      await trader.client.close();
    }
  });

  it('ticker, trade and trade-candle updates come on trade events; the trade snapshot holds recent trades (default off)', async () => {
    const { client, rec } = await publicClient(sim);
    const trader = await privateClient(sim);
    try {
      await client.subscribe('ticker', { symbol: [SYMBOL] });
      await client.subscribe('trade', { symbol: [SYMBOL], snapshot: true });
      await client.subscribe('ohlc', { symbol: [SYMBOL], interval: 1 });
      const ticker = await rec.next((m) => m.channel === 'ticker' && m.type === 'snapshot');
      const venue = sim.engine.futures.ticker(SYMBOL);
      expect(ticker.data[0]).toMatchObject({ symbol: SYMBOL, bid: venue.bid, ask: venue.ask });
      const trades = await rec.next((m) => m.channel === 'trade' && m.type === 'snapshot');
      expect(trades.data.length).toBeGreaterThan(0);
      expect(trades.data.length).toBeLessThanOrEqual(50);
      const ids = trades.data.map((t: any) => t.trade_id);
      expect([...ids].sort((a: number, b: number) => a - b)).toEqual(ids); // oldest first, sequential per book
      const candles = await rec.next((m) => m.channel === 'ohlc' && m.type === 'snapshot');
      expect(candles.data.every((c: any) => c.tick_type === 'trade' && c.interval === 1)).toBe(true);
      const before = rec.frames.length;
      const sold = await trader.client.request('add_order', { order_type: 'market', side: 'sell', symbol: SYMBOL, order_qty: '0.001' });
      expect(sold.success).toBe(true);
      const trade = await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'trade' && m.type === 'update');
      expect(trade.data[0]).toMatchObject({ symbol: SYMBOL, side: 'sell', ord_type: 'market' });
      const tick = await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'ticker' && m.type === 'update');
      expect(tick.data[0].last).toBe(sim.engine.futures.ticker(SYMBOL).last);
      await rec.next(
        (m) => rec.frames.indexOf(m) >= before && m.channel === 'ohlc' && m.type === 'update' && m.data[0].tick_type === 'trade',
      );
    } finally {
      await client.close();
      await trader.client.close();
    }
  });

  it('ohlc of mark and spot prices: snapshots from the venue tape, one subscription per tick type', async () => {
    const { client, rec } = await publicClient(sim);
    try {
      await client.subscribe('ohlc', { symbol: [SYMBOL], interval: 5, tick_type: 'mark' });
      await client.subscribe('ohlc', { symbol: [SYMBOL], interval: 5, tick_type: 'spot' });
      const mark = await rec.next((m) => m.channel === 'ohlc' && m.type === 'snapshot' && m.data[0]?.tick_type === 'mark');
      const spot = await rec.next((m) => m.channel === 'ohlc' && m.type === 'snapshot' && m.data[0]?.tick_type === 'spot');
      const venueMark = sim.engine.futures.candles('mark', SYMBOL, '5m');
      const venueSpot = sim.engine.futures.candles('spot', SYMBOL, '5m');
      expect(mark.data.at(-1).close).toBe(venueMark.at(-1)!.close);
      expect(spot.data.at(-1).close).toBe(venueSpot.at(-1)!.close);
      // The mark moves with the market: an update follows a market step.
      const before = rec.frames.length;
      sim.advance(2000);
      const update = await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'ohlc' && m.type === 'update');
      expect(['mark', 'spot']).toContain(update.data[0].tick_type);
      await expect(client.subscribe('ohlc', { symbol: [SYMBOL], interval: 21600 })).rejects.toThrow(/interval/);
    } finally {
      await client.close();
    }
  });

  it('instrument: every product with the documented derivative rules; heartbeats once something is subscribed', async () => {
    const { client, rec } = await publicClient(sim);
    try {
      await client.subscribe('instrument', {});
      const snap = await rec.next((m) => m.channel === 'instrument' && m.type === 'snapshot');
      const pf = snap.data.pairs.find((p: any) => p.symbol === SYMBOL);
      const spec = sim.engine.futures.product(SYMBOL)!;
      expect(pf).toMatchObject({ price_increment: spec.tickSize, qty_precision: 4, qty_increment: '0.0001', qty_min: '0.0001' });
      expect(snap.data.pairs.map((p: any) => p.symbol).sort()).toEqual(
        sim.engine.futures
          .products()
          .map((p) => p.symbol)
          .sort(),
      );
      await rec.next((m) => m.channel === 'heartbeat', 5000);
    } finally {
      await client.close();
    }
  });
});

describe('Unified WS subscription refusals', () => {
  it('a symbol the venue refuses is forgotten, the accepted symbols of the same request are kept and replayed after a reconnect', async () => {
    const { client, rec } = await publicClient(sim, { backoff: { initialMs: 20, multiplier: 1, maxMs: 20 } });
    try {
      await expect(client.subscribe('ticker', { symbol: ['PF_XBTUSD', 'PF_NOSUCH'] })).rejects.toMatchObject({
        codes: ['Currency pair not supported PF_NOSUCH'],
      });
      const kept = (JSON.parse(JSON.stringify(client)) as { subscriptions: { channel: string; symbols: string[] }[] }).subscriptions;
      expect(kept.map((g) => `${g.channel} ${g.symbols.join(',')}`)).toEqual(['ticker PF_XBTUSD']);
      const reconnected = new Promise<void>((resolve) => client.once('reconnected', () => resolve()));
      sim.faults.closeWs('unified');
      await reconnected;
      const before = rec.frames.length;
      sim.engine.futures.sendOrder(sim.accounts[0]!.id, { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.0010' });
      await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'ticker' && m.data[0].symbol === 'PF_XBTUSD');
    } finally {
      await client.close();
    }
  });
});
