/**
 * The Futures limiter against the simulator over real sockets, on one simulated clock: Kraken's
 * 500-per-10-s derivatives budget and the 100-token history pool, with order entry first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenRateLimitError } from '../../../src/core/errors.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import { futuresOrderRejectReason } from '../../../src/kraken/futures/http/order-status.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { driveClock, SteppingClock } from '../../helpers/stepping-clock.js';

const T0 = Date.UTC(2026, 0, 5, 12);
// Kraken's documented Futures numbers: 500 cost units per 10 s; sendorder 10, openorders 2;
// history: 100 tokens refilled at 100 per 10 minutes, 1 per orders call.
const DOC = { budget: 500, perSecond: 50, sendorder: 10, openorders: 2, pool: 100, tokenSeconds: 6 };

let clock: SteppingClock;
let sim: KrakenSim;

/**
 * A simulator and clock per describe. Their seeds differ so their API keys do too: a key's rate
 * limiter is shared process-wide by every client of that key, and each describe sets up its own.
 */
function ownSimulator(seed: number): void {
  beforeAll(async () => {
    clock = new SteppingClock(T0);
    sim = await startKrakenSim({ clock, seed, market: false });
  });
  afterAll(async () => {
    expect(sim.internalErrors).toEqual([]);
    await sim.close();
  });
}

describe('Futures burst: 300 openorders, 60 sendorders and 120 history calls on one key', () => {
  ownSimulator(4102);
  it('no apiLimitExceeded or TOO_MANY_REQUESTS, each budget at its documented minimum, orders first', async () => {
    const { apiKey, apiSecret } = sim.credentials.futures;
    // A high flat ceiling: this test is about Kraken's budgets, not krakenkit's politeness ceiling.
    const client = new KrakenFuturesRawHttpClient({
      baseUrl: sim.urls.futuresRest,
      apiKey,
      apiSecret,
      clock,
      maxRequestsPerSecond: 1000,
      rateLimitMaxWaitSecs: 600,
      maxRetries: 0,
    });
    const limiter = client.rateLimiter!;
    let outstanding = 0;
    const errors: unknown[] = [];
    const done: Record<'orders' | 'reads' | 'history', number> = { orders: 0, reads: 0, history: 0 };
    const start = clock.nowMs();
    const stream = (name: keyof typeof done, n: number, call: (i: number) => Promise<unknown>) =>
      Promise.all(
        Array.from({ length: n }, (_v, i) => {
          outstanding++;
          return call(i)
            .catch((e: unknown) => void errors.push(e))
            .finally(() => outstanding--);
        }),
      ).then(() => (done[name] = clock.nowMs() - start));
    // Reads first, so the orders have to overtake them.
    const all = Promise.all([
      stream('reads', 300, () => client.openorders()),
      stream('history', 120, () => client.historyOrders()),
      stream('orders', 60, (i) =>
        client.sendorder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.0001', limitPrice: String(1000 + i) }).then((r) => {
          if (futuresOrderRejectReason(r.sendStatus.status) !== undefined) errors.push(r.sendStatus.status);
        }),
      ),
    ]);
    let finished = false;
    void all.then(() => (finished = true));
    await driveClock(clock, {
      done: () => finished,
      outstanding: () => outstanding,
      waiting: () => limiter.waiting,
      realTimeoutMs: 60_000,
    });

    expect(errors).toEqual([]);
    // 250 reads fit the budget at once; the other 50 queue, and the 60 orders, asked later, go before them.
    const minOrdersS = (250 * DOC.openorders + 60 * DOC.sendorder - DOC.budget) / DOC.perSecond; // 12 s
    const minReadsS = (300 * DOC.openorders + 60 * DOC.sendorder - DOC.budget) / DOC.perSecond; // 14 s (12 s if the orders were behind them)
    const minHistoryS = (120 - DOC.pool) * DOC.tokenSeconds; // 120 s
    const [ordersS, readsS, historyS] = [done.orders / 1000, done.reads / 1000, done.history / 1000];
    expect([minOrdersS, minReadsS, minHistoryS]).toEqual([12, 14, 120]);
    expect(ordersS).toBeGreaterThanOrEqual(minOrdersS);
    expect(ordersS).toBeLessThanOrEqual(minOrdersS * 1.1);
    expect(readsS).toBeGreaterThanOrEqual(minReadsS);
    expect(readsS).toBeLessThanOrEqual(minReadsS * 1.1);
    expect(historyS).toBeGreaterThanOrEqual(minHistoryS);
    expect(historyS).toBeLessThanOrEqual(minHistoryS * 1.1);
    await client.close();
  });
});

describe('Futures: a venue rate-limit answer fills the budget it names', () => {
  ownSimulator(4103);
  it('apiLimitExceeded fills the derivatives budget; the next call waits for 2 units to drain', async () => {
    const { apiKey, apiSecret } = sim.accounts[0]!.futures;
    const client = new KrakenFuturesRawHttpClient({ baseUrl: sim.urls.futuresRest, apiKey, apiSecret, clock, maxRetries: 0 });
    const limiter = client.rateLimiter!;
    sim.faults.venueError('apiLimitExceeded', '/derivatives/api/v3/openorders');
    await expect(client.openorders()).rejects.toBeInstanceOf(KrakenRateLimitError);
    expect(limiter.derivativesLevel()).toBe(DOC.budget);
    const asked = clock.nowMs();
    let sentAfter: number | undefined;
    let outstanding = 1;
    const next = client
      .accounts()
      .then(() => (sentAfter = clock.nowMs() - asked))
      .finally(() => outstanding--);
    await driveClock(clock, { done: () => sentAfter !== undefined, outstanding: () => outstanding, waiting: () => limiter.waiting });
    await next;
    expect(sentAfter).toBe(40); // accounts costs 2: 2 / 50 per second
    await client.close();
  });
});
