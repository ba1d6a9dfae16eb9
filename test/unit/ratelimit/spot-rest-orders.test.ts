/** REST order entry on the per-pair counters: pairs and ages from the key's own orders. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenRateLimitWaitError } from '../../../src/core/errors.js';
import { SpotRateLimiter } from '../../../src/kraken/ratelimit/spot-limiter.js';
import { recordSpotRestOrderResult, spotRestOrderTransactions } from '../../../src/kraken/ratelimit/spot-rest-orders.js';
import { spotTransactionCost } from '../../../src/kraken/ratelimit/spot-costs.js';

const T0 = Date.UTC(2026, 0, 5, 12);

function setup() {
  const clock = new ManualClock(T0);
  const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000 });
  const priced = (operationId: string, params: Record<string, unknown>) =>
    spotRestOrderTransactions(limiter, operationId, params).map((t) => {
      const c = spotTransactionCost(t.tx());
      return [t.pair, c.fixed + c.penalty];
    });
  const answered = (operationId: string, params: Record<string, unknown>, result: unknown) =>
    recordSpotRestOrderResult(limiter.orders, operationId, params, result, clock.nowMs());
  return { clock, limiter, priced, answered };
}

describe('spotRestOrderTransactions', () => {
  it('prices a cancel by txid or cl_ord_id on the pair the order was placed on, by its age', () => {
    const { clock, priced, answered } = setup();
    expect(priced('AddOrder', { pair: 'XBTUSD' })).toEqual([['XBTUSD', 1]]);
    answered('AddOrder', { pair: 'XBTUSD', cl_ord_id: 'mine-1' }, { descr: { order: 'x' }, txid: ['OAAAAA-BBBBB-CCCCCC'] });
    clock.advance(20_000);
    expect(priced('CancelOrder', { txid: 'OAAAAA-BBBBB-CCCCCC' })).toEqual([['XBTUSD', 4]]);
    expect(priced('CancelOrder', { cl_ord_id: 'mine-1' })).toEqual([['XBTUSD', 4]]);
    answered('AmendOrder', { txid: 'OAAAAA-BBBBB-CCCCCC' }, { amend_id: 'A1' });
    clock.advance(6_000);
    expect(priced('AmendOrder', { cl_ord_id: 'mine-1' })).toEqual([['XBTUSD', 1 + 2]]); // 6 s since the amend
    expect(priced('EditOrder', { txid: 'OAAAAA-BBBBB-CCCCCC', pair: 'XBTUSD' })).toEqual([['XBTUSD', 1 + 5]]);
  });

  it('an edit replaces the order with a new txid born now; a cancel forgets it', () => {
    const { clock, priced, answered, limiter } = setup();
    answered('AddOrder', { pair: 'ETHUSD' }, { descr: { order: 'x' }, txid: ['O1'] });
    clock.advance(100_000);
    answered('EditOrder', { txid: 'O1', pair: 'ETHUSD' }, { txid: 'O2', originaltxid: 'O1' });
    expect(limiter.orders.lookup('O1')).toBeUndefined();
    expect(priced('CancelOrder', { txid: 'O2' })).toEqual([['ETHUSD', 8]]);
    answered('CancelOrder', { txid: 'O2' }, { count: 1 });
    expect(limiter.orders.size).toBe(0);
  });

  it('batches: a batch add costs n/2; a batch cancel and CancelAll group the known orders by pair', () => {
    const { clock, priced, answered } = setup();
    expect(priced('AddOrderBatch', { pair: 'XBTUSD', orders: [{}, {}, {}] })).toEqual([['XBTUSD', 1.5]]);
    answered('AddOrderBatch', { pair: 'XBTUSD', orders: [{ cl_ord_id: 'b1' }, {}] }, { orders: [{ txid: 'X1' }, { txid: 'X2' }] });
    answered('AddOrder', { pair: 'ETHUSD' }, { descr: { order: 'x' }, txid: ['E1'] });
    clock.advance(50_000);
    expect(priced('CancelOrderBatch', { orders: ['X1', { txid: 'E1' }], cl_ord_ids: ['b1'] })).toEqual([
      ['XBTUSD', 2], // X1, named twice (txid and cl_ord_id), is one 50 s old order: +2 once
      ['ETHUSD', 2],
    ]);
    expect(priced('CancelAll', {})).toEqual([
      ['XBTUSD', 4],
      ['ETHUSD', 2],
    ]);
  });

  it('an order the key never placed has no known pair: not metered', () => {
    const { priced } = setup();
    expect(priced('CancelOrder', { txid: 'OTHER-PROGRAM' })).toEqual([]);
    expect(priced('CancelOrderBatch', { orders: ['OTHER'] })).toEqual([]);
  });
});

describe('urgent and impossible requests', () => {
  it("the dead man's switch goes ahead of queued reads and is not held by the ceiling", async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1, maxWaitMs: 3_600_000 });
    for (let i = 0; i < 14; i++) void limiter.acquireRest(1);
    expect(limiter.waiting).toBe(13); // held by the 1-per-second ceiling
    let granted = false;
    void limiter.acquireRest(1, { urgent: true }).then(() => (granted = true));
    await Promise.resolve();
    expect(granted).toBe(true);
  });

  it('a batch that costs more than the threshold can never go: refused at once, saying so', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock });
    const err = await limiter
      .acquireOrderTransactions([{ pair: 'XBTUSD', tx: () => ({ kind: 'batch-add', count: 150 }) }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenRateLimitWaitError);
    expect((err as Error).message).toBe(
      "rate limit (spot-trading XBTUSD): the request costs more than the limit's maximum and can never be sent; nothing was sent",
    );
  });
});
