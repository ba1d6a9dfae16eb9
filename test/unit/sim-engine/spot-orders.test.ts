import { describe, expect, it } from 'vitest';
import { SimVenueError } from '../../../src/sim/engine/errors.js';
import { execs, harness, off, px } from './helpers.js';

function setup() {
  const h = harness();
  h.engine.createSpotAccount('maker', { balances: { ZUSD: '1000000', XXBT: '100' } });
  h.engine.createSpotAccount('taker', { balances: { ZUSD: '500000', XXBT: '10' } });
  return h;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SimVenueError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('spot limit and market orders', () => {
  it('rests a limit order, holds funds, fills against a taker and charges maker/taker fees', () => {
    const { engine, events } = setup();
    const { txid } = engine.spot.addOrder('maker', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'limit',
      volume: '1.5',
      price: px('60000.0'),
    });
    expect(txid).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    expect(engine.spot.balances('maker').XXBT).toEqual({ balance: '100.0000000000', holdTrade: '1.5000000000' });
    expect(engine.spot.depth('XBTUSD', 10).asks).toEqual([{ price: '60000.0', qty: '1.50000000', timeMs: expect.any(Number) as unknown }]);

    const taker = engine.spot.addOrder('taker', { pair: 'BTC/USD', side: 'buy', orderType: 'market', volume: '1' });
    const t = engine.spot.queryOrders('taker', [taker.txid as string])[0];
    expect(t?.status).toBe('closed');
    expect(t?.volExec).toBe('1.00000000');
    expect(t?.cost).toBe('60000.00000');
    // Taker 0.40 % of 60000 = 240; maker 0.25 % = 150 (first tier of the default schedule).
    expect(t?.fee).toBe('240.00000');
    expect(engine.spot.balances('taker').ZUSD?.balance).toBe('439760.0000');
    expect(engine.spot.balances('taker').XXBT?.balance).toBe('11.0000000000');
    const m = engine.spot.queryOrders('maker', [txid as string])[0];
    expect(m?.status).toBe('open');
    expect(m?.fee).toBe('150.00000');
    expect(engine.spot.balances('maker').ZUSD?.balance).toBe('1059850.0000');
    expect(engine.spot.balances('maker').XXBT).toEqual({ balance: '99.0000000000', holdTrade: '0.5000000000' });

    const types = execs(events, 'taker', taker.txid).map((e) => e.execType);
    expect(types).toEqual(['pending_new', 'new', 'trade', 'filled']);
    const fill = execs(events, 'maker', txid).find((e) => e.execType === 'trade')?.fill;
    expect(fill).toMatchObject({ lastQty: '1.00000000', lastPrice: '60000.0', liquidityInd: 'm', fee: '150.00000' });
    const trade = events.find((e) => e.type === 'spot.trade');
    expect(trade).toMatchObject({
      pair: 'XXBTZUSD',
      trades: [{ side: 'buy', ordType: 'market', price: '60000.0', qty: '1.00000000', tradeId: 1 }],
    });
    expect(engine.spot.depth('XBTUSD', 10).asks[0]?.qty).toBe('0.50000000');
  });

  it('matches price-time priority: better price first, then earlier order', () => {
    const { engine } = setup();
    const a = engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60010.0') });
    const b = engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const c = engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1.5', price: px('60010.0') });
    const [oa, ob, oc] = engine.spot.queryOrders('maker', [a.txid as string, b.txid as string, c.txid as string]);
    expect(ob?.volExec).toBe('1.00000000');
    expect(oc?.volExec).toBe('0.50000000');
    expect(oa?.volExec).toBe('0.00000000');
  });

  it('rejects with Kraken error strings', () => {
    const { engine } = setup();
    expect(
      code(() =>
        engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.00001', price: px('60000.0') }),
      ),
    ).toBe('EOrder:Order minimum not met');
    expect(
      code(() => engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.0001', price: px('100.0') })),
    ).toBe('EOrder:Cost minimum not met');
    expect(
      code(() => engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('60000.05') })),
    ).toBe('EOrder:Tick size check failed');
    expect(
      code(() => engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '9', price: px('60000.0') })),
    ).toBe('EOrder:Insufficient funds');
    expect(code(() => engine.spot.addOrder('taker', { pair: 'NOPE', side: 'buy', orderType: 'limit', volume: '1', price: px('1') }))).toBe(
      'EQuery:Unknown asset pair',
    );
    expect(code(() => engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1' }))).toBe(
      'EGeneral:Invalid arguments:price',
    );
    expect(
      code(() =>
        engine.spot.addOrder('taker', {
          pair: 'XBTUSD',
          side: 'buy',
          orderType: 'limit',
          volume: '0.1',
          price: px('60000.0'),
          deadlineMs: 1,
        }),
      ),
    ).toBe('EService:Deadline elapsed');
    expect(code(() => engine.spot.cancelOrder('taker', { txid: 'OAAAAA-AAAAA-AAAAAA' }))).toBe('EOrder:Unknown order');
  });

  it('validate-only checks everything but places nothing', () => {
    const { engine, events } = setup();
    const r = engine.spot.addOrder('taker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1.25',
      price: px('50000.0'),
      leverage: 2,
      validate: true,
    });
    expect(r.txid).toBeUndefined();
    expect(r.descr.order).toBe('buy 1.25000000 XBTUSD @ limit 50000.0 with 2:1 leverage');
    expect(engine.spot.openOrders('taker')).toEqual([]);
    expect(execs(events, 'taker')).toEqual([]);
  });

  it('post-only that would take is accepted then cancelled with reason "Post only order"', () => {
    const { engine, events } = setup();
    engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const r = engine.spot.addOrder('taker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.5',
      price: px('60000.0'),
      postOnly: true,
    });
    const o = engine.spot.queryOrders('taker', [r.txid as string])[0];
    expect(o?.status).toBe('canceled');
    expect(o?.reason).toBe('Post only order');
    expect(o?.volExec).toBe('0.00000000');
    expect(execs(events, 'taker', r.txid).map((e) => e.execType)).toEqual(['pending_new', 'new', 'canceled']);
    const rest = engine.spot.addOrder('taker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.5',
      price: px('59990.0'),
      postOnly: true,
    });
    expect(engine.spot.queryOrders('taker', [rest.txid as string])[0]?.status).toBe('open');
  });

  it('IOC fills what it can and cancels the rest; FOK is all or nothing', () => {
    const { engine } = setup();
    engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const ioc = engine.spot.addOrder('taker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1.5',
      price: px('60000.0'),
      timeInForce: 'IOC',
    });
    const o = engine.spot.queryOrders('taker', [ioc.txid as string])[0];
    expect(o).toMatchObject({ status: 'canceled', volExec: '1.00000000' });
    engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const fok = engine.spot.addOrder('taker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1.5',
      price: px('60000.0'),
      timeInForce: 'FOK',
    });
    expect(engine.spot.queryOrders('taker', [fok.txid as string])[0]).toMatchObject({ status: 'canceled', volExec: '0.00000000' });
    expect(engine.spot.depth('XBTUSD', 1).asks[0]?.qty).toBe('1.00000000');
    const fok2 = engine.spot.addOrder('taker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: px('60000.0'),
      timeInForce: 'FOK',
    });
    expect(engine.spot.queryOrders('taker', [fok2.txid as string])[0]).toMatchObject({ status: 'closed', volExec: '1.00000000' });
    expect(
      code(() => engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '1', timeInForce: 'FOK' })),
    ).toBe('EGeneral:Invalid arguments:timeinforce');
  });

  it('self-trade prevention cancels the newest (taker) order', () => {
    const { engine } = setup();
    const rest = engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const cross = engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('60000.0') });
    expect(engine.spot.queryOrders('maker', [cross.txid as string])[0]?.status).toBe('canceled');
    expect(engine.spot.queryOrders('maker', [rest.txid as string])[0]?.status).toBe('open');
  });

  it('relative limit prices resolve against the last trade (+, -, #, %)', () => {
    const { engine } = setup();
    engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.1', price: px('60000.0') });
    engine.spot.addOrder('taker', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.1' });
    // Last trade 60000.0. Each sign, as an amount and as a percent (`%`); `#` is `-` for a buy and `+` for a sell.
    const cases = [
      ['buy', off('-', '100'), '59900.0'],
      ['buy', off('-', '0.5', true), '59700.0'],
      ['buy', off('+', '50'), '60050.0'],
      ['sell', off('+', '2', true), '61200.0'],
      ['buy', off('#', '1', true), '59400.0'],
      ['sell', off('#', '1', true), '60600.0'],
      ['sell', off('#', '250'), '60250.0'],
    ] as const;
    const placed = cases.map(([side, price]) => {
      const r = engine.spot.addOrder('taker', { pair: 'XBTUSD', side, orderType: 'limit', volume: '0.01', price });
      return r.txid as string;
    });
    const prices = engine.spot.queryOrders('taker', placed).map((o) => o?.limitPrice);
    expect(prices).toEqual(cases.map(([, , want]) => want));
  });
});
