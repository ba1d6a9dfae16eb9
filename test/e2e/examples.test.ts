/** Each example in examples/ runs against the simulator as its README header says, and does what it claims. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRestExample } from '../../examples/raw-rest.js';
import { wsBookExample } from '../../examples/ws-book.js';
import { marketWatchNode } from '../../examples/market-watch-node.js';
import { RoundTripTrader } from '../../examples/round-trip-trader.js';
import { KrakenLiveDataClientFactory, KrakenLiveExecClientFactory, TradingNode } from '../../src/index.js';
import { startKrakenSim, type KrakenSim } from '../../src/sim/index.js';

let sim: KrakenSim;
beforeAll(async () => {
  sim = await startKrakenSim({ seed: 9 });
});
afterAll(() => sim.close());

describe('examples/raw-rest.ts', () => {
  it("reads status, time, the ticker and the demo account's exact balances", async () => {
    const r = await rawRestExample({
      baseUrl: sim.urls.spotRest,
      apiKey: sim.credentials.spot.apiKey,
      apiSecret: sim.credentials.spot.apiSecret,
    });
    expect(r.status).toBe('online');
    expect(Math.abs(r.serverTime - Math.floor(sim.clock.nowMs() / 1000))).toBeLessThanOrEqual(2);
    expect(r.bestBid).toMatch(/^\d+\.\d$/);
    expect(Number(r.bestAsk)).toBeGreaterThan(Number(r.bestBid));
    expect(r.balances?.['ZUSD']).toBe('100000.0000');
    const publicOnly = await rawRestExample({ baseUrl: sim.urls.spotRest });
    expect(publicOnly.balances).toBeNull();
  });
});

describe('examples/ws-book.ts', () => {
  it('keeps a checksum-verified book: every update verified, no resync, an uncrossed top', async () => {
    const r = await wsBookExample({ url: sim.urls.spotWsPublic, updates: 10 });
    expect(r.updates).toBeGreaterThanOrEqual(10);
    expect(r.verified).toBe(r.updates);
    expect(r.resyncs).toBe(0);
    expect(Number(r.bestAsk![0])).toBeGreaterThan(Number(r.bestBid![0]));
  });
});

describe('examples/market-watch-node.ts', () => {
  it('a strategy in a node gets quotes, trades and a verified perpetual book from the data client', async () => {
    const { node, strategy } = marketWatchNode(sim.urls);
    await node.run();
    try {
      const deadline = Date.now() + 30_000;
      const s = strategy.summary;
      while ((s.quotes < 3 || s.trades < 1 || s.bookUpdates < 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(s.quotes).toBeGreaterThanOrEqual(3);
      expect(s.trades).toBeGreaterThanOrEqual(1);
      expect(Number(s.lastSpread)).toBeGreaterThan(0);
      expect(s.vwap).toMatch(/^\d+\.\d{8}$/);
      expect(s.bookLevels.bids).toBeGreaterThan(0);
      expect(s.bookLevels.asks).toBeGreaterThan(0);
    } finally {
      await node.stop();
    }
  }, 60_000);
});

describe('examples/round-trip-trader.ts', () => {
  it('in a node with both Kraken clients: rests, fills, cancels, and cancels what is open when halted', async () => {
    // Its own simulator: the trades change the account the other examples read.
    const sim = await startKrakenSim({ seed: 19 });
    const c = sim.credentials;
    const urls = {
      productTypes: ['SPOT', 'FUTURES'],
      baseUrlHttpSpot: sim.urls.spotRest,
      baseUrlHttpFutures: sim.urls.futuresRest,
      baseUrlWsFutures: sim.urls.futuresWs,
    };
    const node = new TradingNode({
      dataClients: { KRAKEN: { ...urls, baseUrlWsSpot: sim.urls.spotWsPublic, updateInstrumentsIntervalMins: null } },
      execClients: { KRAKEN: { ...urls, baseUrlWsSpot: sim.urls.spotWsAuth } },
      logging: { level: 'OFF' },
    });
    const env = {
      KRAKEN_SPOT_API_KEY: c.spot.apiKey,
      KRAKEN_SPOT_API_SECRET: c.spot.apiSecret,
      KRAKEN_FUTURES_API_KEY: c.futures.apiKey,
      KRAKEN_FUTURES_API_SECRET: c.futures.apiSecret,
    };
    node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env }));
    node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env }));
    const strategy = new RoundTripTrader({
      strategyId: 'RoundTrip-EX',
      instrumentIds: ['BTC/USD.KRAKEN', 'PF_XBTUSD.KRAKEN'],
      tradeSizes: { 'BTC/USD.KRAKEN': '0.001', 'PF_XBTUSD.KRAKEN': '0.001' },
      stepSecs: 0.5,
    });
    node.addStrategy(strategy);
    await node.run();
    try {
      const statuses = () => node.cache.orders().map((o) => o.status);
      const deadline = Date.now() + 30_000;
      // Five steps per instrument: rest, buy, cancel, sell, and a second resting order left open.
      while (!(statuses().filter((s) => s === 'FILLED').length >= 4 && node.cache.ordersOpen().length >= 2) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(statuses().filter((s) => s === 'FILLED').length).toBeGreaterThanOrEqual(4);
      expect(statuses().filter((s) => s === 'CANCELED').length).toBeGreaterThanOrEqual(2);
      expect(node.cache.ordersOpen().length).toBeGreaterThanOrEqual(2);
      await strategy.halt();
      const until = Date.now() + 10_000;
      while (node.cache.ordersOpen().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(node.cache.ordersOpen()).toEqual([]);
      expect(sim.engine.spot.openOrders('demo')).toHaveLength(0);
    } finally {
      await node.stop();
      await sim.close();
    }
  }, 60_000);
});
