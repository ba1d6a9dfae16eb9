import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import type { Validator } from '../../../src/transport/validation.js';
import { spotPrivate, spotPublic, startTestSim, validationErrors, type TestSim } from './helpers.js';

const validatorFor = (op: string) => (responseValidators as Record<string, Validator>)[op];

let sim: TestSim;
beforeAll(async () => {
  // Rate limits have their own tests (faults-and-limits.test.ts); here they would only ration calls.
  sim = await startTestSim({
    limits: false,
    accounts: [{ id: 'alice' }, { id: 'readonly', spotPermissions: ['query'] }],
  });
});
afterAll(async () => sim.close());

describe('Spot REST public endpoints answer in Kraken shape (validated by the generated validators)', () => {
  const cases: [string, Record<string, string>][] = [
    ['Time', {}],
    ['SystemStatus', {}],
    ['Assets', {}],
    ['AssetPairs', { pair: 'XBTUSD,ETH/USD' }],
    ['Ticker', { pair: 'XBTUSD' }],
    ['OHLC', { pair: 'XBTUSD', interval: '1' }],
    ['Depth', { pair: 'XBTUSD', count: '5' }],
    ['Trades', { pair: 'XBTUSD' }],
    ['Spread', { pair: 'XBTUSD' }],
  ];
  for (const [method, query] of cases) {
    it(method, async () => {
      const r = await spotPublic(sim, method, query);
      expect(r.error).toEqual([]);
      expect(validationErrors(validatorFor(method), r.result)).toEqual([]);
    });
  }

  it('an indexed list parameter with a gap (pair[999]=...) counts only the entries sent', async () => {
    // Found by the hostile-input fuzz: a sparse list once crashed AssetPairs with a TypeError.
    const r = await spotPublic(sim, 'AssetPairs', { 'pair[999]': 'XBTUSD' });
    expect(r.error).toEqual([]);
    expect(Object.keys(r.result)).toEqual(['XXBTZUSD']);
  });

  it('results are keyed by Kraken pair id whatever name was asked (altname, wsname)', async () => {
    const r = await spotPublic(sim, 'Ticker', { pair: 'XBTUSD' });
    expect(Object.keys(r.result)).toEqual(['XXBTZUSD']);
    const d = await spotPublic(sim, 'Depth', { pair: 'XBTUSD', count: '3' });
    expect(d.result.XXBTZUSD.asks).toHaveLength(3);
    // amounts are strings, timestamps integers
    expect(typeof d.result.XXBTZUSD.asks[0][0]).toBe('string');
    expect(typeof d.result.XXBTZUSD.asks[0][2]).toBe('number');
  });

  it('unknown pair → EQuery:Unknown asset pair; bad count → EGeneral:Invalid arguments:count', async () => {
    expect((await spotPublic(sim, 'Ticker', { pair: 'NOPE' })).error).toEqual(['EQuery:Unknown asset pair']);
    expect((await spotPublic(sim, 'Depth', { pair: 'XBTUSD', count: '0' })).error).toEqual(['EGeneral:Invalid arguments:count']);
    expect((await spotPublic(sim, 'OHLC', { pair: 'XBTUSD', interval: '7' })).error[0]).toMatch(/^EGeneral:Invalid arguments/);
  });

  it('unknown method → EGeneral:Unknown method with HTTP 200', async () => {
    const res = await fetch(`${sim.urls.spotRest}/0/public/Nope`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ error: ['EGeneral:Unknown method'] });
  });

  it('public endpoints also take POST (kraken-api and others POST them)', async () => {
    const res = await fetch(`${sim.urls.spotRest}/0/public/Ticker`, {
      method: 'POST',
      body: 'pair=XBTUSD',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const r = (await res.json()) as { result: Record<string, unknown> };
    expect(Object.keys(r.result)).toEqual(['XXBTZUSD']);
  });
});

describe('Spot REST auth exactly as Kraken', () => {
  it('bad key → EAPI:Invalid key; bad signature → EAPI:Invalid signature', async () => {
    expect((await spotPrivate(sim, 'Balance', {}, { apiKey: 'AAAA' })).error).toEqual(['EAPI:Invalid key']);
    expect((await spotPrivate(sim, 'Balance', {}, { badSign: true })).error).toEqual(['EAPI:Invalid signature']);
  });

  it('a nonce not above the last one → EAPI:Invalid nonce', async () => {
    const r1 = await spotPrivate(sim, 'Balance', {});
    expect(r1.error).toEqual([]);
    expect((await spotPrivate(sim, 'Balance', {}, { nonce: '1' })).error).toEqual(['EAPI:Invalid nonce']);
  });

  it('a query-only key cannot trade → EGeneral:Permission denied', async () => {
    const ro = sim.accounts[1]!.spot;
    const r = await spotPrivate(
      sim,
      'AddOrder',
      { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' },
      { apiKey: ro.apiKey, apiSecret: ro.apiSecret },
    );
    expect(r.error).toEqual(['EGeneral:Permission denied']);
    expect((await spotPrivate(sim, 'Balance', {}, { apiKey: ro.apiKey, apiSecret: ro.apiSecret })).error).toEqual([]);
  });

  it('JSON bodies are accepted and signed over the JSON text', async () => {
    const r = await spotPrivate(sim, 'Balance', {}, { json: true });
    expect(r.error).toEqual([]);
    // The same balances as a form-encoded call reads (whatever other tests traded before).
    const form = await spotPrivate(sim, 'Balance');
    expect(form.error).toEqual([]);
    expect(r.result).toEqual(form.result);
    expect(Object.keys(r.result)).toContain('ZUSD');
  });
});

describe('Spot REST private endpoints and an order lifecycle', () => {
  it('account endpoints validate', async () => {
    for (const [op, params] of [
      ['Balance', {}],
      ['BalanceEx', {}],
      ['TradeBalance', {}],
      ['OpenOrders', {}],
      ['ClosedOrders', {}],
      ['TradesHistory', {}],
      ['OpenPositions', {}],
      ['Ledgers', {}],
      ['TradeVolume', { pair: 'XBTUSD' }],
      ['GetWebSocketsToken', {}],
    ] as const) {
      const r = await spotPrivate(sim, op, params);
      expect(r.error, op).toEqual([]);
      expect(validationErrors(validatorFor(op), r.result), op).toEqual([]);
    }
  });

  it('AddOrder → OpenOrders/QueryOrders → AmendOrder → OrderAmends → CancelOrder → ClosedOrders', async () => {
    const add = await spotPrivate(sim, 'AddOrder', {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '30000.0',
      volume: '0.01',
      cl_ord_id: 'life-1',
    });
    expect(add.error).toEqual([]);
    expect(validationErrors(validatorFor('AddOrder'), add.result)).toEqual([]);
    const txid = add.result.txid[0] as string;
    expect(txid).toMatch(/^[A-Z0-9]{6}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    expect(add.result.descr.order).toContain('buy 0.01000000 XBTUSD @ limit 30000.0');

    const open = await spotPrivate(sim, 'OpenOrders', {});
    expect(open.result.open[txid].status).toBe('open');
    expect(open.result.open[txid].cl_ord_id).toBe('life-1');
    const q = await spotPrivate(sim, 'QueryOrders', { txid });
    expect(validationErrors(validatorFor('QueryOrders'), q.result)).toEqual([]);

    sim.advance(7000);
    const amend = await spotPrivate(sim, 'AmendOrder', { txid, limit_price: '30100.0' });
    expect(amend.error).toEqual([]);
    expect(typeof amend.result.amend_id).toBe('string');
    const amends = await spotPrivate(sim, 'OrderAmends', { order_id: txid });
    expect(amends.error).toEqual([]);
    expect(validationErrors(validatorFor('OrderAmends'), amends.result)).toEqual([]);
    expect(amends.result.count).toBeGreaterThanOrEqual(2);

    const cancel = await spotPrivate(sim, 'CancelOrder', { txid });
    expect(cancel.result).toEqual({ count: 1 });
    const closed = await spotPrivate(sim, 'ClosedOrders', {});
    expect(closed.result.closed[txid].status).toBe('canceled');
    expect(validationErrors(validatorFor('ClosedOrders'), closed.result)).toEqual([]);
  });

  it('a market order fills: trades and ledgers appear', async () => {
    const add = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.001' });
    expect(add.error).toEqual([]);
    const th = await spotPrivate(sim, 'TradesHistory', {});
    const trades = Object.values<{ ordertxid: string }>(th.result.trades);
    expect(trades.some((t) => t.ordertxid === add.result.txid[0])).toBe(true);
    expect(validationErrors(validatorFor('TradesHistory'), th.result)).toEqual([]);
    const ledgers = await spotPrivate(sim, 'Ledgers', { asset: 'XXBT' });
    expect(Object.keys(ledgers.result.ledger).length).toBeGreaterThan(0);
    const tradeId = trades.length > 0 ? Object.keys(th.result.trades)[0]! : '';
    const qt = await spotPrivate(sim, 'QueryTrades', { txid: tradeId });
    expect(validationErrors(validatorFor('QueryTrades'), qt.result)).toEqual([]);
    expect(Object.keys(qt.result)).toEqual([tradeId]);
    const ledgerId = Object.keys(ledgers.result.ledger)[0]!;
    const ql = await spotPrivate(sim, 'QueryLedgers', { id: ledgerId });
    expect(validationErrors(validatorFor('QueryLedgers'), ql.result)).toEqual([]);
    expect(Object.keys(ql.result)).toEqual([ledgerId]);
  });

  it('field errors are EGeneral:Invalid arguments:<field>; venue rejects keep Kraken strings', async () => {
    expect((await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0' })).error).toEqual([
      'EGeneral:Invalid arguments:volume',
    ]);
    expect(
      (await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'hold', ordertype: 'limit', price: '1', volume: '1' })).error,
    ).toEqual(['EGeneral:Invalid arguments:type']);
    expect(
      (await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.00000001' }))
        .error,
    ).toEqual(['EOrder:Order minimum not met']);
    expect(
      (await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '1000' })).error,
    ).toEqual(['EOrder:Insufficient funds']);
  });

  it('AddOrderBatch (JSON body) and CancelOrderBatch with plain txid strings', async () => {
    const orders = [
      { ordertype: 'limit', type: 'buy', volume: '0.01', price: '20000.0' },
      { ordertype: 'limit', type: 'buy', volume: '0.01', price: '20001.0' },
    ];
    const r = await spotPrivate(sim, 'AddOrderBatch', { pair: 'XBTUSD', orders }, { json: true });
    expect(r.error).toEqual([]);
    expect(validationErrors(validatorFor('AddOrderBatch'), r.result)).toEqual([]);
    const txids = r.result.orders.map((o: { txid: string }) => o.txid);
    const c = await spotPrivate(sim, 'CancelOrderBatch', { orders: txids }, { json: true });
    expect(c.result).toEqual({ count: 2 });
  });

  it('EditOrder replaces the order under a new txid (legacy edit)', async () => {
    const add = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01' });
    const txid = add.result.txid[0];
    const edit = await spotPrivate(sim, 'EditOrder', { txid, pair: 'XBTUSD', price: '30500.0' });
    expect(edit.error).toEqual([]);
    expect(validationErrors(validatorFor('EditOrder'), edit.result)).toEqual([]);
    expect(edit.result.originaltxid).toBe(txid);
    expect(edit.result.txid).not.toBe(txid);
    await spotPrivate(sim, 'CancelOrder', { txid: edit.result.txid });
  });

  it('CancelAllOrdersAfter arms and disarms ("0" trigger time when disarmed)', async () => {
    const armed = await spotPrivate(sim, 'CancelAllOrdersAfter', { timeout: '60' });
    expect(validationErrors(validatorFor('CancelAllOrdersAfter'), armed.result)).toEqual([]);
    expect(armed.result.triggerTime).not.toBe('0');
    const off = await spotPrivate(sim, 'CancelAllOrdersAfter', { timeout: '0' });
    expect(off.result.triggerTime).toBe('0');
  });

  it('venue status gates orders: cancel_only, post_only, maintenance', async () => {
    sim.setStatus('cancel_only');
    expect((await spotPublic(sim, 'SystemStatus')).result.status).toBe('cancel_only');
    expect(
      (await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01' })).error,
    ).toEqual(['EService:Market in cancel_only mode']);
    sim.setStatus('post_only');
    expect(
      (await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01' })).error,
    ).toEqual(['EService:Market in post_only mode']);
    expect(
      (
        await spotPrivate(sim, 'AddOrder', {
          pair: 'XBTUSD',
          type: 'buy',
          ordertype: 'limit',
          price: '30000.0',
          volume: '0.01',
          oflags: 'post',
        })
      ).error,
    ).toEqual([]);
    sim.setStatus('maintenance');
    expect((await spotPrivate(sim, 'CancelAll', {})).error).toEqual(['EService:Unavailable']);
    sim.setStatus('online');
    expect((await spotPrivate(sim, 'CancelAll', {})).error).toEqual([]);
  });
});
