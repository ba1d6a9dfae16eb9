import { describe, expect, it } from 'vitest';
import {
  DecayingCounter,
  FuturesRateBudget,
  SpotRestLimiter,
  SpotTradingLimiter,
  derivativesCallCost,
  historyCallCost,
  spotTransactionCost,
} from '../../../src/sim/limits/index.js';
import { ManualClock } from '../../../src/core/clock.js';

const fakeClock = (start = 1_700_000_000_000) => new ManualClock(start);

describe('DecayingCounter', () => {
  it('accepts up to max, refuses beyond, and drains at the decay rate', () => {
    const clock = fakeClock();
    const c = new DecayingCounter({ max: 3, decayPerSecond: 0.5, clock });
    expect(c.tryCharge(1)).toBe(true);
    expect(c.tryCharge(2)).toBe(true);
    expect(c.tryCharge(1)).toBe(false);
    expect(c.level()).toBe(3);
    clock.advance(2000);
    expect(c.level()).toBe(2);
    expect(c.secondsUntilAccepts(2)).toBe(2);
    expect(c.tryCharge(1)).toBe(true);
  });

  it('keeps exact decimal decay without float drift (0.33/s over 100 s = 33)', () => {
    const clock = fakeClock();
    const c = new DecayingCounter({ max: 100, decayPerSecond: 0.33, clock });
    c.charge(40);
    for (let i = 0; i < 100; i++) clock.advance(1000);
    expect(c.level()).toBe(7);
  });

  it('chargeWhenRefused extends the lock-out', () => {
    const clock = fakeClock();
    const c = new DecayingCounter({ max: 2, decayPerSecond: 1, clock, chargeWhenRefused: true });
    c.tryCharge(2);
    expect(c.tryCharge(1)).toBe(false);
    expect(c.level()).toBe(3);
    clock.advance(1000);
    expect(c.tryCharge(1)).toBe(false); // still at 2 + 1 > 2
  });
});

describe('SpotRestLimiter', () => {
  it('Starter: 15 calls pass, the 16th gets EAPI:Rate limit exceeded, decays 0.33/s', () => {
    const clock = fakeClock();
    const l = new SpotRestLimiter({ clock, tierOf: () => 'starter' });
    for (let i = 0; i < 15; i++) expect(l.admit('k', 'Balance')).toBeUndefined();
    expect(l.admit('k', 'Balance')).toBe('EAPI:Rate limit exceeded');
    // the refused call charged too (lock-out extends): level 16, need <= 14 before the next +1
    clock.advance(Math.ceil((2 / 0.33) * 1000));
    expect(l.admit('k', 'Balance')).toBeUndefined();
  });

  it('ledger/trade history calls cost 2 and order entry is not metered here', () => {
    const clock = fakeClock();
    const l = new SpotRestLimiter({ clock, tierOf: () => 'pro' });
    expect(l.costOf('TradesHistory')).toBe(2);
    expect(l.costOf('Ledgers')).toBe(2);
    expect(l.costOf('AddOrder')).toBe(0);
    for (let i = 0; i < 50; i++) expect(l.admit('k', 'AddOrder')).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(l.admit('k', 'Ledgers')).toBeUndefined();
    expect(l.admit('k', 'Ledgers')).toBe('EAPI:Rate limit exceeded');
    expect(l.admit('other', 'Ledgers')).toBeUndefined();
  });

  it('the history cost is configurable (+4 per one docs capture)', () => {
    const l = new SpotRestLimiter({ clock: new ManualClock(0), tierOf: () => 'pro', historyCost: 4 });
    expect(l.costOf('QueryTrades')).toBe(4);
  });
});

describe('Spot trading-engine counter', () => {
  it('docs example: add, amend after 7 s, cancel 36 s later = 8', () => {
    const add = spotTransactionCost({ kind: 'add' });
    const amend = spotTransactionCost({ kind: 'amend', orderAgeSeconds: 7 });
    const cancel = spotTransactionCost({ kind: 'cancel', orderAgeSeconds: 36 });
    const total = [add, amend, cancel].reduce((s, c) => s + c.fixed + c.decaying, 0);
    expect(total).toBe(8);
  });

  it('docs example: Intermediate burst of 50 adds then 10 s = 26.6', () => {
    const clock = fakeClock();
    const l = new SpotTradingLimiter({ clock, tierOf: () => 'intermediate' });
    for (let i = 0; i < 50; i++) expect(l.admit('acc', 'XBTUSD', { kind: 'add' })).toBeUndefined();
    clock.advance(10_000);
    expect(l.level('acc', 'XBTUSD')).toBeCloseTo(26.6, 9);
  });

  it('penalty tables by order age', () => {
    expect(spotTransactionCost({ kind: 'cancel', orderAgeSeconds: 1 }).decaying).toBe(8);
    expect(spotTransactionCost({ kind: 'cancel', orderAgeSeconds: 299 }).decaying).toBe(1);
    expect(spotTransactionCost({ kind: 'cancel', orderAgeSeconds: 300 }).decaying).toBe(0);
    expect(spotTransactionCost({ kind: 'edit', orderAgeSeconds: 4 }).decaying).toBe(6);
    expect(spotTransactionCost({ kind: 'edit', orderAgeSeconds: 60 }).decaying).toBe(1);
    expect(spotTransactionCost({ kind: 'amend', orderAgeSeconds: 12 }).decaying).toBe(1);
    expect(spotTransactionCost({ kind: 'amend', orderAgeSeconds: 20 }).decaying).toBe(0);
    expect(spotTransactionCost({ kind: 'batch-add', count: 15 }).fixed).toBe(7.5);
    expect(spotTransactionCost({ kind: 'batch-cancel', orderAgesSeconds: [1, 6, 400] }).decaying).toBe(14);
  });

  it('Starter: the 61st add on one pair is refused with EOrder:Rate limit exceeded; other pairs unaffected; cancels pass', () => {
    const clock = fakeClock();
    const l = new SpotTradingLimiter({ clock, tierOf: () => 'starter' });
    for (let i = 0; i < 60; i++) expect(l.admit('acc', 'XBTUSD', { kind: 'add' })).toBeUndefined();
    expect(l.admit('acc', 'XBTUSD', { kind: 'add' })).toBe('EOrder:Rate limit exceeded');
    expect(l.admit('acc', 'ETHUSD', { kind: 'add' })).toBeUndefined();
    expect(l.admit('acc', 'XBTUSD', { kind: 'cancel', orderAgeSeconds: 1 })).toBeUndefined();
    expect(l.threshold('acc')).toBe(60);
    expect(l.maxOpenOrdersPerPair('acc')).toBe(60);
  });
});

describe('Futures budgets', () => {
  it('per-endpoint costs', () => {
    expect(derivativesCallCost({ method: 'POST', path: '/sendorder' })).toBe(10);
    expect(derivativesCallCost({ method: 'POST', path: '/batchorder', batchSize: 10 })).toBe(19);
    expect(derivativesCallCost({ method: 'GET', path: '/fills' })).toBe(2);
    expect(derivativesCallCost({ method: 'GET', path: '/fills', hasLastFillTime: true })).toBe(25);
    expect(derivativesCallCost({ method: 'POST', path: '/cancelallorders' })).toBe(25);
    expect(historyCallCost('/api/history/v3/account-log')).toBe(3);
    expect(historyCallCost('/api/history/v3/account-log', 25)).toBe(1);
    expect(historyCallCost('/api/history/v3/account-log', 100000)).toBe(10);
    expect(historyCallCost('/api/history/v3/orders')).toBe(1);
  });

  it('50 sendorders spend the 500 budget; the 51st is apiLimitExceeded; 1 s later one more fits... after 10 units drain', () => {
    const clock = fakeClock();
    const b = new FuturesRateBudget({ clock });
    for (let i = 0; i < 50; i++) expect(b.admitDerivatives('k', { method: 'POST', path: '/sendorder' })).toBeUndefined();
    expect(b.admitDerivatives('k', { method: 'POST', path: '/sendorder' })).toBe('apiLimitExceeded');
    clock.advance(200);
    expect(b.admitDerivatives('k', { method: 'POST', path: '/sendorder' })).toBeUndefined();
  });

  it('history pool of 100 tokens', () => {
    const clock = fakeClock();
    const b = new FuturesRateBudget({ clock });
    for (let i = 0; i < 100; i++) expect(b.admitHistory('k', '/api/history/v3/orders')).toBe(true);
    expect(b.admitHistory('k', '/api/history/v3/orders')).toBe(false);
    clock.advance(6000);
    expect(b.admitHistory('k', '/api/history/v3/orders')).toBe(true);
  });
});

describe('refusal tallies', () => {
  it('count each refusal per key or account, and nothing else', () => {
    const clock = fakeClock();
    const rest = new SpotRestLimiter({ clock, tierOf: () => 'starter' });
    for (let i = 0; i < 17; i++) rest.admit('key-a', 'Balance');
    rest.admit('key-a', 'AddOrder'); // order entry is not on the REST counter
    expect([rest.refusals('key-a'), rest.refusals('key-b')]).toEqual([2, 0]);

    const trading = new SpotTradingLimiter({ clock, tierOf: () => 'starter' });
    for (let i = 0; i < 62; i++) trading.admit('acct', 'XXBTZUSD', { kind: 'add' });
    trading.admit('acct', 'XXBTZUSD', { kind: 'cancel', orderAgeSeconds: 1 }); // cancels are always accepted
    expect([trading.refusals('acct'), trading.refusals('other')]).toEqual([2, 0]);

    const futures = new FuturesRateBudget({ clock });
    for (let i = 0; i < 51; i++) futures.admitDerivatives('fk', { method: 'POST', path: '/sendorder' });
    for (let i = 0; i < 101; i++) futures.admitHistory('fk', '/api/history/v3/orders');
    expect(futures.refusals('fk')).toEqual({ derivatives: 1, history: 1 });
    expect(futures.refusals('none')).toEqual({ derivatives: 0, history: 0 });
  });
});
