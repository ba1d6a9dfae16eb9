/**
 * Futures history through KrakenFuturesHttpClient against the simulator over real sockets, after
 * four simulated hours of trading: public trades (paged back 100 at a time), chart bars of the
 * three tick types, the book and funding rates are exactly the simulator's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { Decimal } from '../../../src/model/values.js';
import type { PublicTrade } from '../../../src/sim/index.js';
import { startTestSim, T0, type TestSim } from '../sim/helpers.js';
import { adapterRig, nsOf, type AdapterRig } from './helpers.js';

const MIN = 60_000;
const SYMBOL = 'PF_XBTUSD';
const ID = `${SYMBOL}.KRAKEN`;

let sim: TestSim;
let rig: AdapterRig;
const trades: PublicTrade[] = [];
beforeAll(async () => {
  sim = await startTestSim({ market: { stepMs: MIN, tradeProbability: 1 } });
  sim.engine.on((e) => {
    if (e.type === 'futures.trade' && e.symbol === SYMBOL) trades.push(e.trade);
  });
  // In half-hour steps: the simulator replays at most 300 market steps per jump.
  for (let i = 0; i < 8; i++) sim.advance(30 * MIN);
  rig = adapterRig(sim);
}, 60_000);
afterAll(async () => {
  await rig.close();
  await sim.close();
});

const key = (text: string) => Decimal.fromStr(text).key();

describe('KrakenFuturesHttpClient against the simulator', () => {
  it('pages public trades back through history, exactly', async () => {
    const start = T0 + 5 * MIN;
    const end = T0 + 230 * MIN;
    const ticks = await rig.futures.requestTradeTicks(ID, { start: nsOf(start), end: nsOf(end) });
    const want = trades.filter((t) => t.timeMs >= start && t.timeMs <= end);
    expect(want.length).toBeGreaterThan(300); // several pages of 100
    expect(ticks.map((t) => [t.tradeId.value, t.price.toString(), t.size.toString(), t.aggressorSide, t.tsEvent])).toEqual(
      want.map((t) => [String(t.tradeId), t.price, t.qty, t.side === 'buy' ? 'BUYER' : 'SELLER', nsOf(t.timeMs)]),
    );
    const latest = await rig.futures.requestTradeTicks(ID, { limit: 150 });
    expect(latest.map((t) => t.tradeId.value)).toEqual(trades.slice(-150).map((t) => String(t.tradeId)));
  });

  for (const [priceType, tickType] of [
    ['LAST', 'trade'],
    ['MARK', 'mark'],
    ['INDEX', 'spot'],
  ] as const) {
    it(`serves ${priceType} bars from the ${tickType} charts, the forming candle left out`, async () => {
      const barType = BarType.fromStr(`${ID}-1-MINUTE-${priceType}-EXTERNAL`);
      const start = T0 + 30 * MIN;
      const bars = await rig.futures.requestBars(barType, { start: nsOf(start), end: nsOf(sim.clock.nowMs()) });
      const now = sim.clock.nowMs();
      const want = sim.engine.futures.candles(tickType, SYMBOL, '1m').filter((c) => c.timeMs >= start && c.timeMs + MIN <= now);
      expect(want.length).toBeGreaterThan(200);
      const text = (b: Bar) => [b.tsEvent, b.open.key(), b.high.key(), b.low.key(), b.close.key(), b.volume.key()];
      expect(bars.map(text)).toEqual(
        want.map((c) => [nsOf(c.timeMs + MIN), key(c.open), key(c.high), key(c.low), key(c.close), key(c.volume)]),
      );
      expect(bars.every((b) => b.barType.equals(barType) && b.open.precision >= 0 && b.volume.precision === 4)).toBe(true);
      const limited = await rig.futures.requestBars(barType, { start: nsOf(start), limit: 3 });
      expect(limited.map(text)).toEqual(bars.slice(-3).map(text));
    });
  }

  it('refuses chart bars Kraken does not serve', async () => {
    await expect(rig.futures.requestBars(BarType.fromStr(`${ID}-2-MINUTE-LAST-EXTERNAL`))).rejects.toThrow(
      /1m, 5m, 15m, 30m, 1h, 4h, 12h, 1d, 1w/,
    );
    await expect(rig.futures.requestBars(BarType.fromStr(`${ID}-1-MINUTE-BID-EXTERNAL`))).rejects.toThrow(/LAST \(trade\), MARK and INDEX/);
  });

  it('returns the order book as an exact snapshot of the requested depth', async () => {
    const snap = await rig.futures.requestOrderBookSnapshot(ID, 10);
    const book = sim.engine.futures.orderbook(SYMBOL);
    const levels = snap.deltas.slice(1).map((d) => [d.order!.side, d.order!.price.key(), d.order!.size.key()]);
    expect(levels).toEqual([
      ...book.bids.slice(0, 10).map((l) => ['BID', key(l.price), key(l.qty)]),
      ...book.asks.slice(0, 10).map((l) => ['ASK', key(l.price), key(l.qty)]),
    ]);
    expect(levels.length).toBe(20);
    expect(snap.isSnapshot).toBe(true);
  });

  it('returns funding rates exactly, filtered by start, end and limit on the client', async () => {
    const history = sim.engine.futures.historicalFundingRates(SYMBOL);
    expect(history.length).toBeGreaterThanOrEqual(4);
    const all = await rig.futures.requestFundingRates(ID);
    expect(all.map((r) => [r.tsEvent, r.rate.toString(), r.interval, r.nextFundingTime])).toEqual(
      history.map((h) => [nsOf(h.timestampMs), h.relativeFundingRate, null, null]),
    );
    const mid = await rig.futures.requestFundingRates(ID, {
      start: nsOf(history[1]!.timestampMs),
      end: nsOf(history[3]!.timestampMs),
      limit: 2,
    });
    expect(mid.map((r) => r.tsEvent)).toEqual([nsOf(history[2]!.timestampMs), nsOf(history[3]!.timestampMs)]);
    const dated = (await rig.futures.requestInstruments()).find((i) => i.rawSymbol.value.startsWith('FI_'))!;
    await expect(rig.futures.requestFundingRates(dated.id)).rejects.toThrow(/only perpetuals pay funding/);
  });
});
