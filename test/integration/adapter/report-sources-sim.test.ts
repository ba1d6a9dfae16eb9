/**
 * The report sources against the simulator over loopback: Spot ClosedOrders and TradesHistory
 * paged past Kraken's 50 a page and bounded by start and end, Futures fills paged past 100 with
 * fees from the execution history, closed orders from the order-event history, and a page that
 * fails (a simulator 5xx) making the result incomplete rather than silently shorter. Every
 * expectation is the simulator's own ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FuturesReportSource,
  futuresMassStatus,
  instrumentLookupFromProvider,
  SpotReportSource,
  spotMassStatus,
  type SpotReportsApi,
} from '../../../src/adapter/execution/reports/index.js';
import { ApiCredentials } from '../../../src/kraken/common/credentials.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import { AccountId, ClientOrderId } from '../../../src/model/identifiers.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { adapterRig, nsOf, type AdapterRig } from './helpers.js';

let sim: TestSim;
let rig: AdapterRig;
let spotRaw: KrakenSpotRawHttpClient;
let futuresRaw: KrakenFuturesRawHttpClient;
let spotSource: SpotReportSource;
let futuresSource: FuturesReportSource;
const ACCOUNT = new AccountId('KRAKEN-TEST');
let middleMs = 0;

const limit = (side: 'buy' | 'sell', price: string, volume: string) => ({
  pair: 'XBTUSD',
  side,
  orderType: 'limit' as const,
  volume,
  price: { kind: 'absolute' as const, value: price },
});

beforeAll(async () => {
  sim = await startTestSim({ market: false, limits: false, accounts: [{ id: 'trader' }, { id: 'maker' }] });
  const trader = sim.accounts.find((a) => a.id === 'trader')!;
  // 70 fills and 70 closed orders for the trader (two pages of ClosedOrders and TradesHistory),
  // plus 5 cancelled orders, each a second apart.
  for (let i = 0; i < 70; i++) {
    sim.engine.spot.addOrder('maker', limit('sell', `${60000 + i}.0`, '0.01000000'));
    sim.engine.spot.addOrder('trader', { ...limit('buy', `${60000 + i}.0`, '0.01000000'), clOrdId: `cl-${i}` });
    sim.advance(1000);
    if (i === 35) middleMs = sim.clock.nowMs();
  }
  for (let i = 0; i < 5; i++) {
    const r = sim.engine.spot.addOrder('trader', limit('buy', '50000.0', '0.02000000'));
    sim.engine.spot.cancelOrder('trader', { txid: r.txid! });
    sim.advance(1000);
  }
  // Futures: 110 fills for the trader (two pages of /fills), makers resting first.
  for (let i = 0; i < 110; i++) {
    sim.engine.futures.sendOrder('maker', {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '0.0010',
      limitPrice: `${61000 + i}`,
    });
    sim.engine.futures.sendOrder('trader', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.0010', cliOrdId: `f-${i}` });
    sim.advance(500);
  }
  rig = adapterRig(sim);
  await rig.provider.loadAll();
  const instruments = instrumentLookupFromProvider(rig.provider);
  spotRaw = new KrakenSpotRawHttpClient({
    baseUrl: sim.urls.spotRest,
    credentials: new ApiCredentials(trader.spot.apiKey, trader.spot.apiSecret),
    rateLimiting: false,
    maxRetries: 0,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 1,
  });
  futuresRaw = new KrakenFuturesRawHttpClient({
    baseUrl: sim.urls.futuresRest,
    credentials: new ApiCredentials(trader.futures.apiKey, trader.futures.apiSecret),
    rateLimiting: false,
    maxRetries: 0,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 1,
  });
  spotSource = new SpotReportSource(spotRaw, { accountId: ACCOUNT, instruments, clock: sim.clock });
  futuresSource = new FuturesReportSource(futuresRaw, { accountId: ACCOUNT, instruments, clock: sim.clock, historyPageSize: 40 });
}, 120_000);

afterAll(async () => {
  await rig?.close();
  await spotRaw?.close();
  await futuresRaw?.close();
  await sim?.close();
});

describe('SpotReportSource against the simulator', () => {
  it('ClosedOrders over two pages: every closed order once, equal to the ledger', async () => {
    const ledger = sim.engine.spot.closedOrders('trader', { ofs: 0 });
    expect(ledger.count).toBe(75);
    const got = await spotSource.closedOrders();
    expect(got.complete).toBe(true);
    expect(got.failures).toEqual([]);
    expect(got.reports).toHaveLength(75);
    const all = sim.engine.spot.closedOrders('trader', { ofs: 50 }).orders.concat(ledger.orders);
    const byTxid = new Map(all.map((o) => [o.txid, o]));
    for (const r of got.reports) {
      const o = byTxid.get(r.venueOrderId.value)!;
      expect(r.filledQty.toString()).toBe(o.volExec);
      expect(r.orderStatus).toBe(o.status === 'closed' ? 'FILLED' : 'CANCELED');
    }
    expect(got.reports.filter((r) => r.orderStatus === 'CANCELED')).toHaveLength(5);
  });

  it('TradesHistory over two pages, and bounded by start: the ledger exactly', async () => {
    const all = await spotSource.fills();
    expect(all.complete).toBe(true);
    const ledgerIds = [
      ...sim.engine.spot.tradesHistory('trader', { ofs: 0 }).trades,
      ...sim.engine.spot.tradesHistory('trader', { ofs: 50 }).trades,
    ].map((t) => t.txid);
    expect(new Set(all.reports.map((f) => f.tradeId.value))).toEqual(new Set(ledgerIds));
    expect(all.reports).toHaveLength(70);
    expect(all.reports.every((f) => f.commission.currency.code === 'USD' && f.lastQty.toString() === '0.01000000')).toBe(true);

    const since = await spotSource.fills({ startNs: nsOf(middleMs) });
    expect(since.complete).toBe(true);
    expect(since.reports.every((f) => f.tsEvent >= nsOf(middleMs))).toBe(true);
    expect(since.reports).toHaveLength(all.reports.filter((f) => f.tsEvent >= nsOf(middleMs)).length);
    expect(since.reports.length).toBeGreaterThan(30);
    expect(since.reports.length).toBeLessThan(40);
  });

  it('a page that fails makes the result incomplete, never silently shorter', async () => {
    // The second page of TradesHistory answers a 502, also when the client retries the read.
    const api: SpotReportsApi = Object.create(spotRaw) as SpotReportsApi;
    api.tradesHistory = (params, options) => {
      if ((params?.ofs ?? 0) > 0) sim.faults.add({ kind: 'http-5xx', path: '/0/private/TradesHistory', status: 502, times: 5 });
      return spotRaw.tradesHistory(params, options);
    };
    const source = new SpotReportSource(api, {
      accountId: ACCOUNT,
      instruments: instrumentLookupFromProvider(rig.provider),
      clock: sim.clock,
    });
    const got = await source.fills();
    expect(got.complete).toBe(false);
    expect(got.reports).toHaveLength(50);
    expect(got.failures.map((f) => f.id)).toEqual(['TradesHistory ofs=50']);
    sim.faults.clear();
  });

  it('one order by client order id and by venue id, with its fills', async () => {
    const byCl = await spotSource.orderStatus({ clientOrderId: new ClientOrderId('cl-3') });
    expect(byCl?.orderStatus).toBe('FILLED');
    const byId = await spotSource.orderStatus({ venueOrderId: byCl!.venueOrderId });
    expect(byId?.clientOrderId?.value).toBe('cl-3');
    const fills = await spotSource.fillsOfOrder(byCl!.venueOrderId);
    expect([fills.complete, fills.reports.length, fills.reports[0]?.lastPx.toString()]).toEqual([true, 1, '60003.0']);
  });

  it('mass status: open, closed, fills and positions with the window and one completeness flag', async () => {
    const nowNs = nsOf(sim.clock.nowMs());
    const mass = await spotMassStatus(spotSource, { lookbackMins: 1, nowNs, marginPositions: true });
    expect(mass.complete).toBe(true);
    expect(mass.window).toEqual({ startNs: nowNs - 60_000_000_000n, endNs: nowNs });
    expect(mass.fills.every((f) => f.tsEvent >= mass.window.startNs!)).toBe(true);
    expect(mass.positions).toEqual([]);
  });
});

describe('FuturesReportSource against the simulator', () => {
  it('fills over two pages of /fills, fees from the execution history, equal to the ledger', async () => {
    const got = await futuresSource.fills();
    expect(got.failures).toEqual([]);
    expect(got.complete).toBe(true);
    const ledger = [
      ...sim.engine.futures.fills('trader'),
      ...sim.engine.futures.fills('trader', sim.engine.futures.fills('trader').at(-1)!.fillTimeMs),
    ];
    expect(got.reports).toHaveLength(110);
    expect(new Set(got.reports.map((f) => f.tradeId.value))).toEqual(new Set(ledger.map((f) => f.fillId)));
    const fee = new Map(ledger.map((f) => [f.fillId, f.feePaid]));
    for (const f of got.reports) expect(f.commission.toString()).toBe(`${fee.get(f.tradeId.value)!} USD`);
  });

  it('closed orders from the order-event history: every filled market order, none still open', async () => {
    const open = await futuresSource.openOrders();
    const closed = await futuresSource.closedOrders({}, new Set(open.reports.map((r) => r.venueOrderId.value)));
    expect(closed.failures).toEqual([]);
    expect(closed.complete).toBe(true);
    expect(closed.reports).toHaveLength(110);
    expect(closed.reports.every((r) => r.orderStatus === 'FILLED' && r.filledQty.toString() === '0.0010')).toBe(true);
    expect(new Set(closed.reports.map((r) => r.clientOrderId?.value))).toEqual(new Set(Array.from({ length: 110 }, (_, i) => `f-${i}`)));
  });

  it('positions with average price and funding; mass status complete', async () => {
    const pos = await futuresSource.positions();
    const venue = sim.engine.futures.openPositions('trader');
    expect(pos.reports.map((p) => [p.instrumentId.toString(), p.positionSide, p.quantity.toString()])).toEqual(
      venue.map((v) => [`${v.symbol}.KRAKEN`, v.side === 'long' ? 'LONG' : 'SHORT', v.size]),
    );
    expect(pos.reports[0]!.avgPxOpen?.toString()).toBe(venue[0]!.price);
    const mass = await futuresMassStatus(futuresSource, { lookbackMins: null, nowNs: nsOf(sim.clock.nowMs()) });
    expect([mass.complete, mass.fills.length, mass.orders.length, mass.positions.length]).toEqual([true, 110, 110, 1]);
  });

  it('a failed history page makes closed orders incomplete', async () => {
    sim.faults.add({ kind: 'http-5xx', path: '/api/history/v3/orders', status: 502, times: 5 });
    const closed = await futuresSource.closedOrders();
    expect(closed.complete).toBe(false);
    expect(closed.failures[0]!.id).toBe('historyOrders page 0');
    sim.faults.clear();
  });
});
