/**
 * The Kraken data client with `futuresApi: 'unified'`: PF_XBTUSD quotes, trades and book deltas
 * from the simulator's Unified WebSocket over real sockets, each compared with the venue; mark,
 * index and funding refused (no UWS channel documents them); the legacy API's start WARN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicTrade, SimEvent } from '../../../src/sim/index.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { PF, sidesOf, startDataRig, waitFor, type DataRig, type Recorder } from './data-client-rig.js';

let sim: TestSim;
let rig: DataRig;
const accepted: Record<string, boolean> = {};
const venueTrades: PublicTrade[] = [];
/** The venue's best bid/offer once each trade's engine call finished: what the ticker Kraken sends on trade events carries. */
const afterTrade: string[] = [];
let off: () => void = () => undefined;

async function plan(s: Recorder): Promise<void> {
  accepted['quotes'] = await s.subscribeQuoteTicks(PF);
  accepted['trades'] = await s.subscribeTradeTicks(PF);
  accepted['book'] = await s.subscribeOrderBookDeltas(PF, { depth: 10 });
  accepted['marks'] = await s.subscribeMarkPrices(PF);
}

const venueBook = (depth: number): string[][] => {
  const b = sim.engine.futures.orderbook('PF_XBTUSD');
  return [b.bids.slice(0, depth).map((l) => `${l.price}@${l.qty}`), b.asks.slice(0, depth).map((l) => `${l.price}@${l.qty}`)];
};

async function settle(): Promise<void> {
  await waitFor('the strategy to catch up with the venue', () => {
    if ((rig.strategy.trades.get(PF.toString())?.length ?? 0) !== venueTrades.length) return false;
    return JSON.stringify(sidesOf(rig.node.cache.orderBook(PF))) === JSON.stringify(venueBook(10));
  });
}

beforeAll(async () => {
  sim = await startTestSim();
  off = sim.engine.on((ev: SimEvent) => {
    if (ev.type === 'futures.trade' && ev.symbol === 'PF_XBTUSD') {
      venueTrades.push(ev.trade);
      queueMicrotask(() => {
        const t = sim.engine.futures.ticker('PF_XBTUSD');
        afterTrade.push(`${String(t.bid)}@${String(t.bidSize)}|${String(t.ask)}@${String(t.askSize)}`);
      });
    }
  });
  const base = sim.urls.unifiedWsPublic.replace(/\/v2\/public$/, '');
  rig = await startDataRig(sim, plan, { config: { productTypes: ['FUTURES'], futuresApi: 'unified', baseUrlWsUnified: base } });
  await settle();
  for (let i = 0; i < 40; i++) {
    sim.advance(1000);
    await settle();
  }
}, 180_000);

afterAll(async () => {
  off();
  if (rig.node.state === 'RUNNING') await rig.node.stop();
  await sim.close();
});

describe("KrakenDataClient with futuresApi: 'unified' against the simulator", () => {
  it('quotes, trades and the book are served; mark prices are refused (not documented on the Unified WebSocket)', () => {
    expect(accepted).toEqual({ quotes: true, trades: true, book: true, marks: false });
  });

  it('TradeTicks: every venue trade once, in order, exact price, size and id', () => {
    const got = rig.strategy.trades.get(PF.toString()) ?? [];
    expect(venueTrades.length).toBeGreaterThan(0);
    expect(got.map((t) => `${t.price.toString()}@${t.size.toString()}#${t.tradeId.value}`)).toEqual(
      venueTrades.map((t) => `${t.price}@${t.qty}#${t.tradeId}`),
    );
  });

  it('QuoteTicks follow the ticker, sent on trade events: each is the venue best bid/offer right after a trade', () => {
    const quotes = (rig.strategy.quotes.get(PF.toString()) ?? []).map(
      (q) => `${q.bidPrice.toString()}@${q.bidSize.toString()}|${q.askPrice.toString()}@${q.askSize.toString()}`,
    );
    expect(quotes.length).toBeGreaterThan(1);
    const seen = new Set(afterTrade);
    // The first quote is the subscription's snapshot; every later one came with a trade.
    expect(quotes.slice(1).filter((q) => !seen.has(q))).toEqual([]);
  });

  it('OrderBookDeltas: a snapshot first, then diffs; the consumer ends with the venue book at depth 10', () => {
    const books = rig.strategy.books.get(PF.toString()) ?? [];
    expect(books[0]?.deltas.isSnapshot).toBe(true);
    expect(books.length).toBeGreaterThan(1);
    expect(sidesOf(rig.node.cache.orderBook(PF))).toEqual(venueBook(10));
    expect(rig.client.bookState(PF)).toMatchObject({ valid: true, resyncs: 0, invalidations: 0 });
    expect(rig.logs.records.some((r) => r.message.includes('legacy Derivatives API'))).toBe(false);
  });
});

describe("futuresApi: 'legacy' (the default)", () => {
  it('logs one WARN at start naming the 1 March 2027 end date and the option to switch', async () => {
    const legacy = await startDataRig(sim, () => Promise.resolve(), { config: { productTypes: ['FUTURES'] } });
    try {
      const warns = legacy.logs.records.filter((r) => r.message.includes('legacy Derivatives API'));
      expect(warns).toHaveLength(1);
      expect(warns[0]!.level).toBe('WARNING');
      expect(warns[0]!.message).toContain('1 March 2027');
      expect(warns[0]!.message).toContain("futuresApi: 'unified'");
    } finally {
      await legacy.node.stop();
    }
  });
});
