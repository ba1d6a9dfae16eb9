/**
 * The rate-limit model's numbers against Kraken's documented tables and worked examples
 * (Kraken's rate-limit pages for Spot REST, the Spot trading engine and Futures). The tables are
 * written out here as data, independently of src/, so a wrong number in the model fails.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { spotRestRoutes } from '../../../generated/spot-rest/routes.gen.js';
import { futuresRestRoutes } from '../../../generated/futures-rest/routes.gen.js';
import { futuresHistoryRoutes } from '../../../generated/futures-history/routes.gen.js';
import type { RestRoute } from '../../../src/transport/rest-route.js';
import {
  SPOT_REST_LIMITS,
  SPOT_TRADING_LIMITS,
  FUTURES_DERIVATIVES_LIMITS,
  FUTURES_HISTORY_LIMITS,
} from '../../../src/kraken/ratelimit/tiers.js';
import { spotRestCallCost, spotTransactionCost } from '../../../src/kraken/ratelimit/spot-costs.js';
import { futuresDerivativesCost, futuresHistoryCost, accountLogCost } from '../../../src/kraken/ratelimit/futures-costs.js';
import { SpotRateLimiter } from '../../../src/kraken/ratelimit/spot-limiter.js';
import { FuturesRateLimiter } from '../../../src/kraken/ratelimit/futures-limiter.js';

const T0 = Date.UTC(2026, 0, 5, 12);

describe('Spot REST counter (Kraken: Spot REST rate limits)', () => {
  // Kraken's documented table: tier → max counter, decay per second.
  const documented = [
    ['starter', 15, 0.33],
    ['intermediate', 20, 0.5],
    ['pro', 20, 1],
  ] as const;

  it.each(documented)('%s: max %d, decay %d/s', (tier, max, decay) => {
    expect(SPOT_REST_LIMITS[tier]).toEqual({ max, decayPerSecond: decay });
  });

  it('costs: +1 per call, +2 for ledger and trade history, order entry not on this counter', () => {
    const history = new Set(['Ledgers', 'QueryLedgers', 'TradesHistory', 'QueryTrades']);
    for (const route of Object.values(spotRestRoutes) as RestRoute[]) {
      if (route.auth === 'public') continue;
      const expected = ['AddOrder', 'AddOrderBatch', 'AmendOrder', 'EditOrder', 'CancelOrder', 'CancelOrderBatch', 'CancelAll'].includes(
        route.operationId,
      )
        ? 0
        : history.has(route.operationId)
          ? 2
          : 1;
      expect([route.operationId, spotRestCallCost(route)]).toEqual([route.operationId, expected]);
    }
    // One capture of Kraken's page says +4 for ledger/trade history: configurable.
    expect(spotRestCallCost(spotRestRoutes.Ledgers, 4)).toBe(4);
    expect(spotRestCallCost(spotRestRoutes.Balance, 4)).toBe(1);
  });

  it.each(documented)('%s: a burst of max calls goes at once, the next waits 1/decay seconds', async (tier, max, decay) => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier, clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < max; i++) await limiter.acquireRest(1);
    expect(limiter.restLevel()).toBe(max);
    let granted = false;
    void limiter.acquireRest(1).then(() => (granted = true));
    const waitMs = Math.ceil(1000 / decay);
    clock.advance(waitMs - 1);
    await Promise.resolve();
    expect(granted).toBe(false);
    clock.advance(1);
    await Promise.resolve();
    expect(granted).toBe(true);
  });
});

describe('Spot trading engine (Kraken: Spot trading rate limits)', () => {
  // Kraken's documented thresholds and decay per tier.
  const documented = [
    ['starter', 60, 1],
    ['intermediate', 125, 2.34],
    ['pro', 180, 3.75],
  ] as const;

  it.each(documented)('%s: threshold %d, decay %d/s', (tier, max, decay) => {
    expect(SPOT_TRADING_LIMITS[tier]).toEqual({ max, decayPerSecond: decay });
  });

  // Kraken's documented table: fixed cost, then the penalty by order age (< 5, < 10, < 15, < 45, < 90, < 300 s, older).
  const table = [
    ['amend', 1, [3, 2, 1, 0, 0, 0, 0]],
    ['edit', 1, [6, 5, 4, 2, 1, 0, 0]],
    ['cancel', 0, [8, 6, 5, 4, 2, 1, 0]],
  ] as const;
  const ages = [0, 5_000, 10_000, 15_000, 45_000, 90_000, 300_000];

  it.each(table)('%s: fixed %d and the age penalty at each bracket boundary', (kind, fixed, penalties) => {
    ages.forEach((age, i) => {
      expect(spotTransactionCost({ kind, orderAgeMs: age })).toEqual({ fixed, penalty: penalties[i] });
      // Just under the next boundary is still in the bracket.
      if (i + 1 < ages.length) expect(spotTransactionCost({ kind, orderAgeMs: ages[i + 1]! - 1 }).penalty).toBe(penalties[i]);
    });
  });

  it('add +1; batch add +n/2; batch cancel n times the cancel penalty; an unknown age is priced as brand new', () => {
    expect(spotTransactionCost({ kind: 'add' })).toEqual({ fixed: 1, penalty: 0 });
    expect(spotTransactionCost({ kind: 'batch-add', count: 7 })).toEqual({ fixed: 3.5, penalty: 0 });
    expect(spotTransactionCost({ kind: 'batch-cancel', orderAgesMs: [1_000, 1_000, 1_000] })).toEqual({ fixed: 0, penalty: 24 });
    expect(spotTransactionCost({ kind: 'batch-cancel', orderAgesMs: [2_000, 50_000, 400_000] })).toEqual({ fixed: 0, penalty: 8 + 2 + 0 });
    expect(spotTransactionCost({ kind: 'cancel' }).penalty).toBe(8);
  });

  it("Kraken's worked example: add, amend after 7 s, cancel 36 s later = 1 + (1 + 2) + 4 = 8", () => {
    const costs = [
      spotTransactionCost({ kind: 'add' }),
      spotTransactionCost({ kind: 'amend', orderAgeMs: 7_000 }),
      spotTransactionCost({ kind: 'cancel', orderAgeMs: 36_000 }),
    ];
    expect(costs.reduce((sum, c) => sum + c.fixed + c.penalty, 0)).toBe(8);
  });

  it("Kraken's worked example: an Intermediate client bursts 50 adds, waits 10 s: 50 - 10 x 2.34 = 26.6", async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'intermediate', clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < 50; i++) await limiter.acquireOrderEntry('XBTUSD', 'add');
    expect(limiter.pairLevel('XBTUSD')).toBe(50);
    clock.advance(10_000);
    expect(limiter.pairLevel('XBTUSD')).toBe(26.6);
  });

  it('the same example through the limiter: add, amend at 7 s, cancel 36 s after the amend, with decay', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000 });
    await limiter.acquireOrderEntry('XBTUSD', 'add');
    clock.advance(7_000);
    await limiter.acquireOrderEntry('XBTUSD', 'amend', 7_000);
    expect(limiter.pairLevel('XBTUSD')).toBe(3); // 1 - 1 (decayed, floor 0) + 3
    clock.advance(36_000);
    await limiter.acquireOrderEntry('XBTUSD', 'cancel', 36_000);
    expect(limiter.pairLevel('XBTUSD')).toBe(4); // 3 decayed to 0, + 4
  });
});

describe('Futures (Kraken: Futures rate limits)', () => {
  it('derivatives budget 500 per 10 s, history pool 100 refilled at 100 per 10 minutes', () => {
    expect(FUTURES_DERIVATIVES_LIMITS).toEqual({ max: 500, decayPerSecond: 50 });
    expect(FUTURES_HISTORY_LIMITS.max).toBe(100);
    expect(FUTURES_HISTORY_LIMITS.decayPerSecond * 600).toBeCloseTo(100, 12);
  });

  // Kraken's documented /derivatives/api/v3 cost table, for the endpoints krakenkit has routes for.
  const documented: readonly [operationId: string, params: Record<string, unknown>, cost: number][] = [
    ['sendorder', {}, 10],
    ['editorder', {}, 10],
    ['cancelorder', {}, 10],
    ['batchorder', { json: { batchOrder: Array.from({ length: 10 }, () => ({ order: 'cancel', order_id: 'x' })) } }, 19],
    ['accounts', {}, 2],
    ['openpositions', {}, 2],
    ['fills', {}, 2],
    ['fills', { lastFillTime: '2026-01-05T12:00:00.000Z' }, 25],
    ['cancelallorders', {}, 25],
    ['cancelallordersafter', {}, 25],
    ['openorders', {}, 2],
    ['ordersStatus', {}, 1],
    ['getLeveragePreferences', {}, 2],
    ['setLeveragePreferences', {}, 10],
    ['instruments', {}, 0],
    ['tickers', {}, 0],
    ['orderbook', {}, 0],
  ];

  it.each(documented)('%s %j costs %d', (operationId, params, cost) => {
    const route = (futuresRestRoutes as Record<string, RestRoute>)[operationId]!;
    expect(futuresDerivativesCost(route, params)).toBe(cost);
  });

  it('batchorder cost counts the instructions in the json text too', () => {
    const json = JSON.stringify({ batchOrder: [{ order: 'send' }, { order: 'send' }, { order: 'cancel' }] });
    expect(futuresDerivativesCost(futuresRestRoutes.batchorder, { json })).toBe(12);
  });

  // Kraken's documented history costs: orders, triggers, executions 1; the account log by count.
  it('history: 1 per orders/triggers/executions call; the account log by count (default 500)', () => {
    for (const id of ['orders', 'triggers', 'executions'] as const) expect(futuresHistoryCost(futuresHistoryRoutes[id])).toBe(1);
    const byCount: [number | undefined, number][] = [
      [1, 1],
      [25, 1],
      [26, 2],
      [50, 2],
      [51, 3],
      [1000, 3],
      [1001, 6],
      [5000, 6],
      [5001, 10],
      [100000, 10],
      [undefined, 3],
    ];
    for (const [count, cost] of byCount) {
      expect(accountLogCost(count)).toBe(cost);
      expect(futuresHistoryCost(futuresHistoryRoutes.accountLog, count === undefined ? {} : { count: String(count) })).toBe(cost);
    }
  });

  it('50 sendorders spend the budget; the 51st waits 200 ms for 10 units to drain', async () => {
    const clock = new ManualClock(T0);
    const limiter = new FuturesRateLimiter({ clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < 50; i++) await limiter.acquire('trading', futuresRestRoutes.sendorder);
    expect(limiter.derivativesLevel()).toBe(500);
    let granted = false;
    void limiter.acquire('trading', futuresRestRoutes.sendorder).then(() => (granted = true));
    clock.advance(199);
    await Promise.resolve();
    expect(granted).toBe(false);
    clock.advance(1);
    await Promise.resolve();
    expect(granted).toBe(true);
  });

  it('the history pool: 100 calls, then one token every 6 s', async () => {
    const clock = new ManualClock(T0);
    const limiter = new FuturesRateLimiter({ clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < 100; i++) await limiter.acquire('history', futuresHistoryRoutes.orders);
    let granted = false;
    void limiter.acquire('history', futuresHistoryRoutes.orders).then(() => (granted = true));
    clock.advance(5_990);
    await Promise.resolve();
    expect(granted).toBe(false);
    clock.advance(20);
    await Promise.resolve();
    expect(granted).toBe(true);
  });
});
