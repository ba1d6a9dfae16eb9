import { describe, expect, it } from 'vitest';
import { harness, px } from './helpers.js';

function setup() {
  const h = harness();
  h.engine.createSpotAccount('maker', { balances: { ZUSD: '10000000', XXBT: '100' } });
  h.engine.createSpotAccount('user', { balances: { ZUSD: '10000' } });
  return h;
}

describe('spot margin', () => {
  it('opens a leveraged position, reports OpenPositions and TradeBalance, and realises P&L on close', () => {
    const h = setup();
    const e = h.engine;
    e.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.5', price: px('60000.0') });
    const open = e.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.5', leverage: 5 });
    expect(e.spot.queryOrders('user', [open.txid as string])[0]).toMatchObject({ status: 'closed', margin: true, leverage: '5:1' });
    // Only the fee leaves the cash balance; no XBT is bought on margin.
    expect(e.spot.balances('user')).toEqual({ ZUSD: { balance: '9880.0000', holdTrade: '0.0000' } });
    const [pos] = e.spot.openPositions('user');
    expect(pos).toMatchObject({
      ordertxid: open.txid,
      pair: 'XXBTZUSD',
      side: 'buy',
      vol: '0.50000000',
      volClosed: '0.00000000',
      cost: '30000.00000',
      margin: '6000.00000',
      fee: '120.00000',
      leverage: '5:1',
      net: '0.00000',
    });

    // Move the last price to 62000.
    e.createSpotAccount('printer', { balances: { ZUSD: '1000000' } });
    e.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.01', price: px('62000.0') });
    e.spot.addOrder('printer', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.01' });
    expect(e.spot.openPositions('user')[0]).toMatchObject({ value: '31000.00000', net: '1000.00000' });
    expect(e.spot.tradeBalance('user')).toEqual({
      eb: '9880.0000',
      tb: '9880.0000',
      m: '6000.0000',
      n: '1000.0000',
      c: '30000.0000',
      v: '31000.0000',
      e: '10880.0000',
      mf: '4880.0000',
      ml: '181.33',
      uv: '0.0000',
    });

    e.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('62000.0') });
    const close = e.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'market',
      volume: '0.5',
      leverage: 5,
      reduceOnly: true,
    });
    expect(e.spot.queryOrders('user', [close.txid as string])[0]?.status).toBe('closed');
    expect(e.spot.openPositions('user')).toEqual([]);
    // 9880 + 1000 realised − 108.5 closing fee (31000 × 0.35 %: the 30000 USD opening trade moved the account past the 10 000 USD tier).
    expect(e.spot.balances('user').ZUSD?.balance).toBe('10771.5000');
    expect(e.spot.tradeBalance('user').ml).toBeNull();
    expect(e.spot.tradesHistory('user').trades[0]?.posstatus).toBe('closed');
  });

  it('validates leverage against the pair tiers and margin against free margin', () => {
    const h = setup();
    expect(() =>
      h.engine.spot.addOrder('user', {
        pair: 'XBTUSD',
        side: 'buy',
        orderType: 'limit',
        volume: '0.1',
        price: px('50000.0'),
        leverage: 10,
      }),
    ).toThrow('EGeneral:Invalid arguments:leverage');
    expect(() =>
      h.engine.spot.addOrder('user', {
        pair: 'XBTUSDT',
        side: 'buy',
        orderType: 'limit',
        volume: '0.1',
        price: px('50000.0'),
        leverage: 5,
      }),
    ).toThrow('EGeneral:Invalid arguments:leverage');
    expect(() =>
      h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('50000.0'), leverage: 2 }),
    ).toThrow('EOrder:Margin level too low');
    h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.5', price: px('50000.0'), leverage: 5 });
    expect(h.engine.spot.tradeBalance('user').uv).toBe('25000.0000');
    expect(h.engine.spot.balances('user').ZUSD?.holdTrade).toBe('0.0000');
    // The open margin order reserves its margin, so a second one no longer fits.
    expect(() =>
      h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.6', price: px('50000.0'), leverage: 5 }),
    ).toThrow('EOrder:Margin level too low');
  });

  it('reduce-only needs an opposite position and is capped to it; cash orders ignore the flag', () => {
    const h = setup();
    const e = h.engine;
    expect(() =>
      e.spot.addOrder('user', {
        pair: 'XBTUSD',
        side: 'sell',
        orderType: 'limit',
        volume: '0.1',
        price: px('70000.0'),
        leverage: 2,
        reduceOnly: true,
      }),
    ).toThrow('EOrder:Reduce only:No position exists');
    e.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.2', price: px('60000.0') });
    e.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.2', leverage: 2 });
    const r = e.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'limit',
      volume: '1',
      price: px('70000.0'),
      leverage: 2,
      reduceOnly: true,
    });
    expect(e.spot.queryOrders('user', [r.txid as string])[0]).toMatchObject({ volume: '0.20000000', reduceOnly: true });
    const cash = e.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.01',
      price: px('50000.0'),
      reduceOnly: true,
    });
    expect(e.spot.queryOrders('user', [cash.txid as string])[0]?.reduceOnly).toBe(false);
  });
});

describe('spot margin reduce-only restatement', () => {
  it('cuts a reduce-only order to the shrinking position (restated) and cancels it when the position closes', () => {
    const h = setup();
    const e = h.engine;
    e.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.2', price: px('60000.0') });
    e.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.2', leverage: 2 });
    const ro = e.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'limit',
      volume: '0.2',
      price: px('70000.0'),
      leverage: 2,
      reduceOnly: true,
    });
    e.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('60000.0') });
    e.spot.addOrder('user', { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.15', leverage: 2 });
    expect(e.spot.queryOrders('user', [ro.txid as string])[0]).toMatchObject({ status: 'open', volume: '0.05000000' });
    expect(h.events.some((x) => x.type === 'spot.execution' && x.execType === 'restated' && x.order.txid === ro.txid)).toBe(true);
    e.spot.addOrder('user', { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.05', leverage: 2 });
    expect(e.spot.queryOrders('user', [ro.txid as string])[0]).toMatchObject({
      status: 'canceled',
      reason: 'Reduce only:Position is closed',
    });
  });
});
