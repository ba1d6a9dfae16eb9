/**
 * The data client's life around the market data, against the simulator: the factory usage of
 * the README exactly as written, credentials confirmed at start (a refused key fails `connect()`
 * naming the variable or config field), every unsubscribe stopping its stream, the typed
 * refusals, historical requests delegated to the HTTP clients, and instrument status polled on
 * the client's clock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import type { KrakenDataClient } from '../../../src/adapter/data/kraken-data-client.js';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenAuthError, KrakenValidationError } from '../../../src/core/errors.js';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { Decimal } from '../../../src/model/values.js';
import { Topics } from '../../../src/node/message-bus.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, ETHBTC, PF, Recorder, simDataConfig, startDataRig, waitFor } from './data-client-rig.js';

const BAR = BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL');
const OTHER_KEY = { apiKey: 'A'.repeat(56), apiSecret: Buffer.from('not the simulator secret').toString('base64') };

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs a node built from `config` and the factory as the README writes it; returns what `run()` did. */
async function runWith(
  config: Record<string, unknown>,
  factory: Parameters<TradingNode['addDataClientFactory']>[1] = KrakenLiveDataClientFactory,
) {
  const node = new TradingNode({ dataClients: { KRAKEN: config }, logging: { level: 'OFF' } });
  node.addDataClientFactory('KRAKEN', factory);
  const strategy = new Recorder(async (s) => {
    await s.subscribeQuoteTicks(BTCUSD);
  });
  node.addStrategy(strategy);
  strategy.subscribeInstruments();
  const outcome = await node.run().then(
    () => null,
    (e: unknown) => e as Error,
  );
  return { node, strategy, outcome };
}

describe('KrakenLiveDataClientFactory', () => {
  it("works as the README writes it: node.addDataClientFactory('KRAKEN', KrakenLiveDataClientFactory) with dataClients.KRAKEN", async () => {
    for (const v of ['KRAKEN_SPOT_API_KEY', 'KRAKEN_SPOT_API_SECRET']) vi.stubEnv(v, '');
    const { node, strategy, outcome } = await runWith(simDataConfig(sim, { productTypes: ['SPOT'] }));
    expect(outcome).toBeNull();
    await waitFor('the ticker snapshot', () => (strategy.quotes.get('BTC/USD.KRAKEN')?.length ?? 0) >= 1);
    const t = sim.engine.spot.ticker('XXBTZUSD');
    expect(strategy.quotes.get('BTC/USD.KRAKEN')![0]!.bidPrice.toString()).toBe(t.bid);
    expect(node.cache.instruments().map((i) => i.id.toString())).toEqual(expect.arrayContaining(['BTC/USD.KRAKEN', 'ETH/BTC.KRAKEN']));
    expect(node.cache.instrument(PF)).toBeUndefined(); // FUTURES not configured
    await node.stop();
  });

  it('valid credentials from the environment are confirmed at start', async () => {
    vi.stubEnv('KRAKEN_SPOT_API_KEY', sim.credentials.spot.apiKey);
    vi.stubEnv('KRAKEN_SPOT_API_SECRET', sim.credentials.spot.apiSecret);
    vi.stubEnv('KRAKEN_FUTURES_API_KEY', sim.credentials.futures.apiKey);
    vi.stubEnv('KRAKEN_FUTURES_API_SECRET', sim.credentials.futures.apiSecret);
    const { node, outcome } = await runWith(simDataConfig(sim));
    expect(outcome).toBeNull();
    await node.stop();
  });

  it.each([
    [
      'SPOT',
      'KRAKEN_SPOT_API_KEY',
      'KRAKEN_SPOT_API_SECRET',
      /Kraken Spot refused the API key from the environment variables KRAKEN_SPOT_API_KEY \/ KRAKEN_SPOT_API_SECRET/,
    ],
    [
      'FUTURES',
      'KRAKEN_FUTURES_API_KEY',
      'KRAKEN_FUTURES_API_SECRET',
      /Kraken Futures refused the API key from the environment variables KRAKEN_FUTURES_API_KEY \/ KRAKEN_FUTURES_API_SECRET/,
    ],
  ])('a %s key the venue refuses fails connect() naming the variables, never the key', async (product, keyVar, secretVar, message) => {
    vi.stubEnv(keyVar, OTHER_KEY.apiKey);
    vi.stubEnv(secretVar, OTHER_KEY.apiSecret);
    const { node, outcome } = await runWith(simDataConfig(sim, { productTypes: [product] }));
    expect(outcome).toBeInstanceOf(KrakenAuthError);
    expect(outcome!.message).toMatch(message);
    expect(outcome!.message).not.toContain(OTHER_KEY.apiKey);
    expect(node.state).toBe('STOPPED');
    expect(node.dataEngine.registeredClients[0]!.isConnected).toBe(false);
  });

  it('a refused key given in the config is named as the config fields', async () => {
    const { outcome } = await runWith(
      simDataConfig(sim, { productTypes: ['SPOT'], ...OTHER_KEY }),
      new KrakenLiveDataClientFactory({ env: {} }),
    );
    expect(outcome).toBeInstanceOf(KrakenAuthError);
    expect(outcome!.message).toMatch(/from the config fields apiKey \/ apiSecret/);
  });

  it('a bad config is refused when the node builds, every bad field named', () => {
    const node = new TradingNode({
      dataClients: { KRAKEN: { productTypes: ['SPOT', 'OPTIONS'], updateInstrumentsIntervalMins: -1 } },
      logging: { level: 'OFF' },
    });
    node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
    expect(() => node.build()).toThrow(KrakenValidationError);
    expect(() => new TradingNode({ dataClients: { KRAKEN: { productTypes: ['SPOT', 'OPTIONS'] } } })).not.toThrow();
  });
});

describe('KrakenDataClient subscriptions, refusals and requests', () => {
  it('every subscribe has its unsubscribe: nothing arrives after it while the venue keeps trading; bars flush, books are left empty', async () => {
    const rig = await startDataRig(sim, async (s) => {
      await s.subscribeQuoteTicks(BTCUSD);
      await s.subscribeTradeTicks(BTCUSD);
      await s.subscribeOrderBookDeltas(BTCUSD, { depth: 25 });
      await s.subscribeBars(BAR);
      await s.subscribeMarkPrices(PF);
      await s.subscribeIndexPrices(PF);
      await s.subscribeFundingRates(PF);
      await s.subscribeTradeTicks(PF);
      await s.subscribeOrderBookDeltas(PF);
    });
    const s = rig.strategy;
    for (let i = 0; i < 5; i++) sim.advance(1000);
    await waitFor(
      'data on every stream',
      () =>
        (s.trades.get('BTC/USD.KRAKEN')?.length ?? 0) > 0 &&
        s.marks.length > 1 &&
        s.indexes.length > 0 &&
        (s.books.get('PF_XBTUSD.KRAKEN')?.length ?? 0) > 1,
    );
    const flushed: Bar[] = [];
    rig.node.msgbus.subscribe(Topics.bars(BAR), (b) => flushed.push(b));
    await s.unsubscribeQuoteTicks(BTCUSD);
    await s.unsubscribeTradeTicks(BTCUSD);
    await s.unsubscribeOrderBookDeltas(BTCUSD);
    await s.unsubscribeBars(BAR);
    await s.unsubscribeMarkPrices(PF);
    await s.unsubscribeIndexPrices(PF);
    await s.unsubscribeFundingRates(PF);
    await s.unsubscribeTradeTicks(PF);
    await s.unsubscribeOrderBookDeltas(PF);
    expect(flushed).toHaveLength(1); // the held bar, flushed as final on unsubscribe
    for (const id of [BTCUSD, PF])
      expect([rig.node.cache.orderBook(id).bidLevels, rig.node.cache.orderBook(id).awaitingSnapshot]).toEqual([0, true]);
    const counts = () =>
      JSON.stringify([
        s.quotes.get('BTC/USD.KRAKEN')?.length,
        s.trades.get('BTC/USD.KRAKEN')?.length,
        s.books.get('BTC/USD.KRAKEN')?.length,
        s.bars.length,
        s.marks.length,
        s.indexes.length,
        s.fundings.length,
        s.trades.get('PF_XBTUSD.KRAKEN')?.length,
        s.books.get('PF_XBTUSD.KRAKEN')?.length,
      ]);
    const before = counts();
    // Resubscribing a quote on another pair proves the socket is alive; the venue keeps moving.
    await s.subscribeQuoteTicks(ETHBTC);
    const ethQuotes = () => s.quotes.get('ETH/BTC.KRAKEN')?.length ?? 0;
    for (let i = 0; i < 5; i++) sim.advance(1000);
    await waitFor('the other pair to keep quoting', () => ethQuotes() > 1);
    expect(counts()).toBe(before);
    await rig.node.stop();
  });

  it('typed refusals: Futures bars point to requestBars and INTERNAL aggregation; Futures-only streams on a Spot pair; an unknown instrument', async () => {
    const rig = await startDataRig(sim, async () => {});
    const client: KrakenDataClient = rig.client;
    const futuresBars = (await client
      .subscribeBars(BarType.fromStr('PF_XBTUSD.KRAKEN-1-MINUTE-LAST-EXTERNAL'))
      .catch((e: unknown) => e)) as Error;
    expect(futuresBars).toBeInstanceOf(KrakenValidationError);
    expect(futuresBars.message).toMatch(/requestBars\(\).*PF_XBTUSD\.KRAKEN-1-MINUTE-LAST-INTERNAL/);
    await expect(client.subscribeMarkPrices(BTCUSD)).rejects.toThrow(/markPrices exist for Kraken FUTURES instruments only/);
    await expect(client.subscribeBars(BarType.fromStr('BTC/USD.KRAKEN-3-MINUTE-LAST-EXTERNAL'))).rejects.toThrow(
      /BTC\/USD\.KRAKEN-3-MINUTE-LAST-INTERNAL/,
    );
    await expect(client.subscribeQuoteTicks(BarType.fromStr('XYZ/USD.KRAKEN-1-MINUTE-LAST').instrumentId)).rejects.toThrow(
      /XYZ\/USD\.KRAKEN is not a Kraken instrument/,
    );
    await expect(client.requestFundingRates(BTCUSD, {})).rejects.toThrow(KrakenValidationError);
    // through a strategy the refusal is logged and the subscription reported as not made
    expect(await rig.strategy.subscribeBars(BarType.fromStr('PF_XBTUSD.KRAKEN-1-MINUTE-LAST-EXTERNAL'))).toBe(false);
    await rig.node.stop();
  });

  it('historical requests delegate to the Spot and Futures HTTP clients, exact', async () => {
    const rig = await startDataRig(sim, async () => {});
    const engine = rig.node.dataEngine;
    const book = await engine.requestOrderBookSnapshot(BTCUSD, 5);
    const depth = sim.engine.spot.depth('XXBTZUSD', 5);
    expect(
      book.deltas.filter((d) => d.order?.side === 'BID').map((d) => `${d.order!.price.toString()}@${d.order!.size.toString()}`),
    ).toEqual(depth.bids.map((l) => `${l.price}@${l.qty}`));
    const rates = await engine.requestFundingRates(PF, {});
    expect(rates.map((r) => r.rate.key())).toEqual(
      sim.engine.futures.historicalFundingRates('PF_XBTUSD').map((r) => Decimal.fromScientific(r.relativeFundingRate).key()),
    );
    const bars = await engine.requestBars(BAR, { limit: 2 });
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.every((b) => b.barType.equals(BAR))).toBe(true);
    const trades = await engine.requestTradeTicks(PF, { limit: 3 });
    expect(trades.every((t) => t.instrumentId.equals(PF))).toBe(true);
    const all = await engine.requestInstruments('KRAKEN');
    expect(all.length).toBe(sim.engine.spot.pairs().length + sim.engine.futures.products().length);
    await rig.node.stop();
  });

  it('instrument status is polled on the client clock: a status change re-publishes the instrument and reaches status subscribers', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 12));
    // 3 s between reloads: the injected clock also drives the WS timers, which a longer jump would fire.
    const rig = await startDataRig(
      sim,
      async (s) => {
        s.subscribeInstruments();
        await s.subscribeInstrumentStatus(BTCUSD);
      },
      { config: { productTypes: ['SPOT'], updateInstrumentsIntervalMins: 0.05 }, factory: { clock } },
    );
    const s = rig.strategy;
    expect(s.statuses.map((x) => [x.action, x.isTrading, x.reason])).toEqual([['TRADING', true, 'online']]);
    const spec = sim.engine.spot.pairs().find((p) => p.id === 'XXBTZUSD')!;
    const published = s.instruments.length;
    /** Moves the client clock a reload interval at a time until `done()`: the next reload is armed once the last one has finished. */
    const reloadUntil = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!done()) {
        expect(Date.now() < deadline, what).toBe(true);
        clock.advance(3000);
        await waitFor(what, () => done() || clock.pendingTimers > 0, 5_000).catch(() => undefined);
        const until = Date.now() + 100;
        while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      }
    };
    spec.status = 'cancel_only';
    try {
      await reloadUntil('the reload to report the change', () => s.statuses.length === 2);
      expect(s.statuses[1]!.action).toBe('CANCEL_ONLY');
      expect(s.statuses[1]!.isTrading).toBe(false);
      expect(s.instruments.slice(published).map((i) => i.id.toString())).toEqual(['BTC/USD.KRAKEN']);
    } finally {
      spec.status = 'online';
    }
    await reloadUntil('the status to come back', () => s.statuses.length === 3);
    expect(s.statuses[2]!.action).toBe('TRADING');
    expect(s.statuses).toHaveLength(3);
    await rig.node.stop();
  });
});
