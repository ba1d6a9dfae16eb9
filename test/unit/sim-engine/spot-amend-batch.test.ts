import { describe, expect, it } from 'vitest';
import { SimVenueError } from '../../../src/sim/engine/errors.js';
import { execs, harness, px } from './helpers.js';

function setup() {
  const h = harness();
  h.engine.createSpotAccount('maker', { balances: { ZUSD: '10000000', XXBT: '100' } });
  h.engine.createSpotAccount('user', { balances: { ZUSD: '1000000', XXBT: '10' } });
  return h;
}

describe('spot amend, edit, cancel and batches', () => {
  it('amend keeps the txid; a size cut keeps queue priority, a price change loses it', () => {
    const h = setup();
    const first = h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '2', price: px('60000.0') });
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const r = h.engine.spot.amendOrder('user', { txid: first.txid, orderQty: '1.5' });
    expect(r.txid).toBe(first.txid);
    expect(h.engine.spot.balances('user').XXBT?.holdTrade).toBe('1.5000000000');
    h.engine.createSpotAccount('buyer', { balances: { ZUSD: '1000000' } });
    h.engine.spot.addOrder('buyer', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.5' });
    expect(h.engine.spot.queryOrders('user', [first.txid as string])[0]?.volExec).toBe('0.50000000');
    // Price amend: back of the queue at the new level.
    h.engine.spot.amendOrder('user', { txid: first.txid, limitPrice: px('59990.0') });
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('59990.0') });
    h.engine.spot.amendOrder('user', { txid: first.txid, limitPrice: px('59990.0') });
    h.engine.spot.addOrder('buyer', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.5' });
    const o = h.engine.spot.queryOrders('user', [first.txid as string])[0];
    expect(o).toMatchObject({ volExec: '1.00000000', amended: true, limitPrice: '59990.0' });
    expect(o?.misc).toContain('amended');
    expect(execs(h.events, 'user', first.txid).filter((e) => e.execType === 'amended')).toHaveLength(3);
    expect(h.engine.spot.orderAmends('user', first.txid as string).map((a) => a.amendType)).toEqual(['original', 'user', 'user', 'user']);
  });

  it('amending the quantity to or below the filled quantity cancels the remainder', () => {
    const h = setup();
    const o = h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '2', price: px('60000.0') });
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.5', price: px('60000.0') });
    h.engine.spot.amendOrder('user', { txid: o.txid, orderQty: '0.4' });
    expect(h.engine.spot.queryOrders('user', [o.txid as string])[0]).toMatchObject({ status: 'canceled', volExec: '0.50000000' });
    expect(h.engine.spot.balances('user').XXBT?.holdTrade).toBe('0.0000000000');
  });

  it('post-only amend that would take is rejected and the order is unchanged', () => {
    const h = setup();
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const o = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: px('59000.0'),
      postOnly: true,
    });
    expect(() => h.engine.spot.amendOrder('user', { txid: o.txid, limitPrice: px('60000.0') })).toThrow('EOrder:Post only order');
    expect(h.engine.spot.queryOrders('user', [o.txid as string])[0]).toMatchObject({ limitPrice: '59000.0', status: 'open' });
  });

  it('edit replaces the order with a new txid and keeps fills on the original', () => {
    const h = setup();
    const o = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'limit',
      volume: '2',
      price: px('60000.0'),
      userref: 7,
    });
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.5', price: px('60000.0') });
    const r = h.engine.spot.editOrder('user', { txid: o.txid as string, pair: 'XBTUSD', volume: '3', price: px('61000.0'), newUserref: 8 });
    expect(r.txid).not.toBe(o.txid);
    expect(r).toMatchObject({
      status: 'ok',
      originaltxid: o.txid,
      volume: '2.50000000',
      price: '61000.0',
      ordersCancelled: 1,
      newuserref: 8,
      olduserref: 7,
    });
    expect(h.engine.spot.queryOrders('user', [o.txid as string])[0]).toMatchObject({ status: 'canceled', volExec: '0.50000000' });
    expect(h.engine.spot.queryOrders('user', [r.txid])[0]).toMatchObject({
      status: 'open',
      volume: '2.50000000',
      userref: 8,
      refid: o.txid,
    });
  });

  it('cancels by txid, by userref (all matching), by cl_ord_id, all, and in batches', () => {
    const h = setup();
    const a = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.1',
      price: px('50000.0'),
      userref: 1,
    });
    h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.1', price: px('50001.0'), userref: 1 });
    h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.1',
      price: px('50002.0'),
      clOrdId: 'my-order-1',
    });
    h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.1', price: px('50003.0'), userref: 2 });
    const b = h.engine.spot.addOrder('user', { pair: 'ETHUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('2000.00') });
    const c = h.engine.spot.addOrder('user', { pair: 'ETHUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('2001.00') });
    expect(h.engine.spot.openOrders('user', { userref: 1 })).toHaveLength(2);
    expect(h.engine.spot.cancelOrder('user', { userref: 1 }).count).toBe(2);
    expect(h.engine.spot.queryOrders('user', [a.txid as string])[0]).toMatchObject({ status: 'canceled', reason: 'User requested' });
    expect(h.engine.spot.cancelOrder('user', { clOrdId: 'my-order-1' }).count).toBe(1);
    expect(h.engine.spot.cancelOrderBatch('user', { txids: [b.txid as string, c.txid as string] }).count).toBe(2);
    expect(h.engine.spot.cancelAll('user').count).toBe(1);
    expect(h.engine.spot.openOrders('user')).toEqual([]);
    expect(h.engine.spot.balances('user').ZUSD?.holdTrade).toBe('0.0000');
    const closed = h.engine.spot.closedOrders('user');
    expect(closed.count).toBe(6);
    expect(() =>
      h.engine.spot.addOrder('user', {
        pair: 'XBTUSD',
        side: 'buy',
        orderType: 'limit',
        volume: '0.1',
        price: px('50000.0'),
        userref: 1,
        clOrdId: 'x',
      }),
    ).toThrow('EGeneral:Invalid arguments:cl_ord_id');
  });

  it('batch add: one invalid order rejects the batch; a funding failure fails only its leg', () => {
    const h = setup();
    let err: unknown;
    try {
      h.engine.spot.addOrderBatch('user', 'XBTUSD', [
        { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.1', price: px('50000.0') },
        { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.1', price: px('50000.05') },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimVenueError);
    expect((err as SimVenueError).code).toBe('EOrder:Tick size check failed');
    expect(h.engine.spot.openOrders('user')).toEqual([]);

    const rows = h.engine.spot.addOrderBatch('user', 'XBTUSD', [
      { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.1', price: px('50000.0'), clOrdId: 'leg-1' },
      { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '50', price: px('70000.0') },
      { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.2', price: px('50000.0') },
    ]);
    expect(rows[0]).toMatchObject({
      txid: expect.any(String) as unknown,
      clOrdId: 'leg-1',
      descr: { order: 'buy 0.10000000 XBTUSD @ limit 50000.0' },
    });
    expect(rows[1]).toEqual({ error: 'EOrder:Insufficient funds' });
    expect(rows[2]?.txid).toEqual(expect.any(String));
    expect(h.engine.spot.openOrders('user')).toHaveLength(2);
    expect(() =>
      h.engine.spot.addOrderBatch('user', 'XBTUSD', [
        { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.1', price: px('50000.0') },
      ]),
    ).toThrow(SimVenueError);
  });

  it('closed orders and trades history page newest first and honour time bounds', () => {
    const h = setup();
    const times: number[] = [];
    for (let i = 0; i < 55; i++) {
      h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.01', price: px('60000.0') });
      h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.01' });
      times.push(h.clock.t);
      h.advance(1000);
    }
    const p1 = h.engine.spot.closedOrders('user');
    expect(p1.count).toBe(55);
    expect(p1.orders).toHaveLength(50);
    expect(p1.orders[0]?.closedMs).toBe(times[54]);
    expect(h.engine.spot.closedOrders('user', { ofs: 50 }).orders).toHaveLength(5);
    const bounded = h.engine.spot.closedOrders('user', { startMs: times[9], endMs: times[19] });
    expect(bounded.count).toBe(10);
    const th = h.engine.spot.tradesHistory('user');
    expect(th.count).toBe(55);
    // 55 × 600 USD traded: past the 10 000 USD tier, the taker fee drops from 0.40 % to 0.35 %.
    expect(th.trades[0]).toMatchObject({ side: 'buy', maker: false, vol: '0.01000000', price: '60000.0', fee: '2.10000' });
    expect(h.engine.spot.tradesHistory('user', { ofs: 50 }).trades[4]?.fee).toBe('2.40000');
    expect(h.engine.spot.queryTrades('user', [th.trades[0]?.txid as string])[0]?.ordertxid).toBe(p1.orders[0]?.txid);
  });
});
