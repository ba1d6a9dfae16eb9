/**
 * The Kraken data client inside a TradingNode, against the simulator over real sockets: a
 * strategy subscribed to quotes, trades, books at depth 10 and 100 and 1-minute bars for BTC/USD
 * and ETH/BTC (Kraken's ETH/XBT), and to mark, index, funding and the book of PF_XBTUSD,
 * receives each as the right domain object with exactly the values of the simulator's own state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { Decimal, Price } from '../../../src/model/values.js';
import { Topics } from '../../../src/node/message-bus.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import {
  BTCUSD,
  ETHBTC,
  PAIR,
  PF,
  VenueLog,
  bboOf,
  sidesOf,
  startDataRig,
  waitFor,
  type DataRig,
  type Recorder,
} from './data-client-rig.js';

const BARS = [BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL'), BarType.fromStr('ETH/BTC.KRAKEN-1-MINUTE-LAST-EXTERNAL')];
const DEPTHS: Record<string, number> = { 'BTC/USD.KRAKEN': 10, 'ETH/BTC.KRAKEN': 100 };
const NS = 1_000_000n;

let sim: TestSim;
let rig: DataRig;
let venue: VenueLog;
let initialSpotTickers: Map<string, ReturnType<TestSim['engine']['spot']['ticker']>>;
let initialFuturesTicker: ReturnType<TestSim['engine']['futures']['ticker']>;
const subscribed: boolean[] = [];

async function plan(s: Recorder): Promise<void> {
  for (const id of [BTCUSD, ETHBTC]) {
    subscribed.push(
      await s.subscribeQuoteTicks(id),
      await s.subscribeTradeTicks(id),
      await s.subscribeOrderBookDeltas(id, { depth: DEPTHS[id.toString()] as number }),
    );
  }
  for (const bt of BARS) subscribed.push(await s.subscribeBars(bt));
  subscribed.push(
    await s.subscribeMarkPrices(PF),
    await s.subscribeIndexPrices(PF),
    await s.subscribeFundingRates(PF),
    await s.subscribeOrderBookDeltas(PF, { depth: 10 }),
  );
}

/** Every frame of the last step has reached the strategy: counts match the venue's events, books match the venue. */
async function settle(): Promise<void> {
  const s = rig.strategy;
  await waitFor('the strategy to catch up with the venue', () => {
    for (const instrumentId of [BTCUSD, ETHBTC]) {
      const id = instrumentId.toString();
      if ((s.quotes.get(id)?.length ?? 0) !== 1 + (venue.bboChanges.get(id)?.length ?? 0)) return false;
      if ((s.trades.get(id)?.length ?? 0) !== (venue.trades.get(id)?.length ?? 0)) return false;
      const views = venue.bookViews.get(id) as string[][][];
      if (JSON.stringify(sidesOf(rig.node.cache.orderBook(instrumentId))) !== JSON.stringify(views[views.length - 1])) return false;
    }
    if (s.marks.length !== 1 + venue.futuresTickers.length) return false;
    return JSON.stringify(sidesOf(rig.node.cache.orderBook(PF))) === JSON.stringify(venue.futuresView('PF_XBTUSD', 10));
  });
}

let bookStates: Map<string, ReturnType<DataRig['client']['bookState']>>;
let barsAtEnd: DataRig['strategy']['bars'];

beforeAll(async () => {
  sim = await startTestSim();
  rig = await startDataRig(sim, plan);
  initialSpotTickers = new Map([BTCUSD, ETHBTC].map((id) => [id.toString(), sim.engine.spot.ticker(PAIR[id.toString()] as string)]));
  initialFuturesTicker = sim.engine.futures.ticker('PF_XBTUSD');
  venue = new VenueLog(sim, DEPTHS);
  await settle();
  // Two and a bit simulated minutes, one market step at a time, each settled before the next.
  for (let i = 0; i < 130; i++) {
    sim.advance(1000);
    await settle();
  }
  // What the running client held at the end of the run: the stop test changes it (whenever it runs).
  bookStates = new Map([BTCUSD, ETHBTC, PF].map((id) => [id.toString(), rig.client.bookState(id)]));
  barsAtEnd = rig.strategy.bars.slice();
}, 180_000);

afterAll(async () => {
  venue.off();
  if (rig.node.state === 'RUNNING') await rig.node.stop();
  await sim.close();
});

describe('KrakenDataClient in a TradingNode against the simulator', () => {
  it('every subscription was accepted, and the instruments were published to the node', () => {
    expect(subscribed.every((ok) => ok)).toBe(true);
    expect(subscribed).toHaveLength(12);
    for (const id of [BTCUSD, ETHBTC, PF]) expect(rig.node.cache.instrument(id)?.id.toString()).toBe(id.toString());
  });

  it('QuoteTicks: the subscription snapshot, then one per change of the venue best bid/offer, with its exact prices and sizes', () => {
    for (const id of [BTCUSD, ETHBTC].map(String)) {
      const changes = venue.bboChanges.get(id) ?? [];
      const expected = [initialSpotTickers.get(id)!, ...changes.map((c) => c.ticker)].map(bboOf);
      const got = rig.strategy.quotes
        .get(id)!
        .map((q) => `${q.bidPrice.toString()}|${q.bidSize.toString()}|${q.askPrice.toString()}|${q.askSize.toString()}`);
      expect(got, id).toEqual(expected);
      expect(expected.length).toBeGreaterThan(20);
      // The ticker is subscribed with event_trigger bbo: a quote follows a book change that had
      // no trade too, which Kraken's default trigger (trades) would never send.
      expect(
        changes.some((c) => !c.afterTrade),
        id,
      ).toBe(true);
    }
    // ...and a ticker event that left the best bid/offer as it was sends nothing.
    expect(
      [BTCUSD, ETHBTC].some((id) => (venue.tickers.get(String(id))?.length ?? 0) > (venue.bboChanges.get(String(id))?.length ?? 0)),
    ).toBe(true);
  });

  it('TradeTicks: every venue trade once, in order, exact price, size, taker side, id and time', () => {
    for (const id of [BTCUSD, ETHBTC].map(String)) {
      const expected = (venue.trades.get(id) ?? []).map(
        (t) => `${t.price}|${t.qty}|${t.side === 'buy' ? 'BUYER' : 'SELLER'}|${t.tradeId}|${BigInt(t.timeMs) * NS}`,
      );
      const got = rig.strategy.trades
        .get(id)!
        .map((t) => `${t.price.toString()}|${t.size.toString()}|${t.aggressorSide}|${t.tradeId.value}|${t.tsEvent}`);
      expect(got, id).toEqual(expected);
      expect(expected.length).toBeGreaterThan(5);
    }
  });

  it('OrderBookDeltas at depth 10 and 100: a snapshot, then diffs; after every message the consumer holds a book the venue had', () => {
    for (const instrumentId of [BTCUSD, ETHBTC]) {
      const id = instrumentId.toString();
      const records = rig.strategy.books.get(id)!;
      const views = (venue.bookViews.get(id) as string[][][]).map((v) => JSON.stringify(v));
      expect(records[0]?.deltas.isSnapshot, id).toBe(true);
      expect(
        records.slice(1).every((r) => !r.deltas.isSnapshot && !r.deltas.isInvalidation),
        id,
      ).toBe(true);
      let at = 0;
      for (const [i, r] of records.entries()) {
        const found = views.indexOf(JSON.stringify(r.state), at);
        expect(found, `${id} message ${i}: ${JSON.stringify(r.state)}`).toBeGreaterThanOrEqual(0);
        at = found;
      }
      expect(records.length).toBeGreaterThan(50);
      expect(bookStates.get(id)).toMatchObject({ valid: true, depth: DEPTHS[id], resyncs: 0, invalidations: 0 });
    }
    // depth 10 never shows more than 10 levels a side
    expect(rig.strategy.books.get('BTC/USD.KRAKEN')!.every((r) => r.state[0]!.length <= 10 && r.state[1]!.length <= 10)).toBe(true);
  });

  it("1-minute bars: each equals the venue's candle exactly and arrives in the step that began its successor, never before", () => {
    const start = Number(sim.clock.nowMs()) - 130_000;
    for (const [k, bt] of BARS.entries()) {
      const id = bt.instrumentId.toString();
      const bars = barsAtEnd.filter((b) => b.bar.barType.equals(bt));
      expect(bars.length, id).toBeGreaterThanOrEqual(1);
      const candles = sim.engine.spot.ohlc(PAIR[id] as string, 1);
      for (const { bar, simNowMs } of bars) {
        const beginMs = Number(bar.tsEvent / NS) - 60_000;
        const c = candles.find((x) => x.intervalBeginMs === beginMs)!;
        expect(`${bar.open.toString()}|${bar.high.toString()}|${bar.low.toString()}|${bar.close.toString()}|${bar.volume.toString()}`).toBe(
          `${c.open}|${c.high}|${c.low}|${c.close}|${c.volume}`,
        );
        // the first venue update of a later interval, and the step it came in
        const successor = venue.ohlc.get(id)!.find((e) => e.candles.some((x) => x.intervalBeginMs > beginMs))!;
        expect(simNowMs, `${id} bar ${beginMs}`).toBe(successor.timeMs);
        expect(simNowMs).toBeGreaterThanOrEqual(beginMs + 60_000);
      }
      // nothing emitted for the minute still open
      const openMinute = Math.floor(sim.clock.nowMs() / 60_000) * 60_000;
      expect(
        bars.some((b) => Number(b.bar.tsEvent / NS) > openMinute),
        `bar types ${k}`,
      ).toBe(false);
      expect(bars.every((b) => Number(b.bar.tsEvent / NS) > start)).toBe(true);
    }
  });

  it('mark and index keep every digit the venue computed; funding is the relative rate with its due time, interval null', () => {
    const tickers = [initialFuturesTicker, ...venue.futuresTickers];
    expect(rig.strategy.marks.map((m) => m.value.toString())).toEqual(tickers.map((t) => Price.fromStr(t.markPrice).toString()));
    expect(rig.strategy.marks.every((m) => m.instrumentId.equals(PF) && m.value.precision >= 0)).toBe(true);
    expect(rig.strategy.marks.at(-1)?.tsEvent).toBe(BigInt(tickers.at(-1)!.timeMs) * NS);
    const indexes = rig.strategy.indexes.map((u) => u.value.toString());
    expect(indexes).toEqual(tickers.slice(tickers.length - indexes.length).map((t) => Price.fromStr(t.indexPrice).toString()));
    expect(indexes.length).toBeGreaterThanOrEqual(venue.futuresTickers.length);
    const fundings = rig.strategy.fundings;
    expect(fundings.length).toBeGreaterThanOrEqual(1);
    const last = tickers.at(-1)!;
    expect(fundings.at(-1)!.rate.equals(Decimal.fromStr(last.relativeFundingRate ?? '0'))).toBe(true);
    expect(fundings.at(-1)!.nextFundingTime).toBe(last.nextFundingRateTimeMs === null ? null : BigInt(last.nextFundingRateTimeMs) * NS);
    expect(fundings.every((f) => f.interval === null)).toBe(true);
    // one update per change, not one per ticker
    for (let i = 1; i < fundings.length; i++)
      expect(`${fundings[i]!.rate.key()}|${fundings[i]!.nextFundingTime}`).not.toBe(
        `${fundings[i - 1]!.rate.key()}|${fundings[i - 1]!.nextFundingTime}`,
      );
  });

  it('the Futures book at depth 10 mirrors the venue after every step (checked while stepping) and never resynced', () => {
    expect(rig.strategy.books.get('PF_XBTUSD.KRAKEN')![0]?.deltas.isSnapshot).toBe(true);
    expect(bookStates.get(PF.toString())).toMatchObject({ valid: true, depth: 10, resyncs: 0, invalidations: 0 });
  });

  it('on stop, the bar still open is flushed as final with the venue candle as it stands, and books are left empty', async () => {
    const flushed: Bar[] = [];
    for (const bt of BARS) rig.node.msgbus.subscribe(Topics.bars(bt), (b) => flushed.push(b));
    const held = BARS.map((bt) => {
      const events = venue.ohlc.get(bt.instrumentId.toString())!;
      return events.at(-1)!.candles.at(-1)!;
    });
    await rig.node.stop();
    expect(flushed.map((b) => `${b.barType.toString()} ${b.tsEvent / NS - 60_000n} ${b.close.toString()} ${b.volume.toString()}`)).toEqual(
      BARS.map((bt, i) => `${bt.toString()} ${held[i]!.intervalBeginMs} ${held[i]!.close} ${held[i]!.volume}`),
    );
    for (const id of [BTCUSD, ETHBTC, PF]) expect(rig.node.cache.orderBook(id).awaitingSnapshot).toBe(true);
  });
});
