import { describe, expect, it } from 'vitest';
import { execs, harness, off, px } from './helpers.js';

function setup() {
  const h = harness();
  h.engine.createSpotAccount('maker', { balances: { ZUSD: '10000000', XXBT: '100' } });
  h.engine.createSpotAccount('user', { balances: { ZUSD: '1000000', XXBT: '10' } });
  return h;
}

/** Print a trade at `price` between two throwaway accounts so the last price moves. */
function printTrade(h: ReturnType<typeof setup>, price: string, qty = '0.01'): void {
  h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: qty, price: px(price) });
  if (!h.engine.hasSpotAccount('printer')) h.engine.createSpotAccount('printer', { balances: { ZUSD: '10000000' } });
  h.engine.spot.addOrder('printer', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: qty, price: px(price), timeInForce: 'IOC' });
}

describe('spot conditional orders', () => {
  it('stop-loss sell waits untriggered, fires when last trade reaches the stop, then fills as market', () => {
    const h = setup();
    printTrade(h, '60000.0');
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '5', price: px('58900.0') });
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'stop-loss',
      volume: '1',
      price: px('59000.0'),
    });
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]).toMatchObject({
      status: 'open',
      triggered: false,
      triggerPrice: '59000.0',
    });
    printTrade(h, '59500.0');
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]?.triggered).toBe(false);
    printTrade(h, '59000.0');
    const o = h.engine.spot.queryOrders('user', [txid as string])[0];
    expect(o).toMatchObject({ status: 'closed', triggered: true, volExec: '1.00000000' });
    expect(o?.misc).toContain('stopped');
    expect(execs(h.events, 'user', txid).map((e) => e.execType)).toEqual(['pending_new', 'new', 'status', 'trade', 'filled']);
  });

  it('take-profit-limit sell fires on a rise and rests at its limit price', () => {
    const h = setup();
    printTrade(h, '60000.0');
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'take-profit-limit',
      volume: '1',
      price: px('61000.0'),
      price2: px('61500.0'),
    });
    printTrade(h, '61000.0');
    const o = h.engine.spot.queryOrders('user', [txid as string])[0];
    expect(o).toMatchObject({ status: 'open', triggered: true, limitPrice: '61500.0' });
    expect(o?.misc).toContain('touched');
    expect(h.engine.spot.depth('XBTUSD', 5).asks.some((l) => l.price === '61500.0')).toBe(true);
  });

  it('trigger=index follows the index price, not the last trade', () => {
    const h = setup();
    printTrade(h, '60000.0');
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '2', price: px('60100.0') });
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'stop-loss',
      volume: '1',
      price: px('60500.0'),
      trigger: 'index',
    });
    printTrade(h, '60600.0');
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]?.triggered).toBe(false);
    h.engine.setSpotIndexPrice('XBTUSD', '60500.0');
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]).toMatchObject({ triggered: true, status: 'closed' });
  });

  it('trailing-stop sell tracks the peak and fires offset below it (absolute and percent)', () => {
    const h = setup();
    printTrade(h, '60000.0');
    // Liquidity for the triggered market sell, above the percent stop so its own fill cannot fire it.
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '5', price: px('60450.0') });
    const abs = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'trailing-stop',
      volume: '0.5',
      price: off('+', '500'),
    });
    const pct = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'trailing-stop',
      volume: '0.5',
      price: off('+', '2', true),
    });
    expect(h.engine.spot.queryOrders('user', [abs.txid as string])[0]?.triggerPrice).toBe('59500.0');
    printTrade(h, '61000.0');
    const [a1, p1] = h.engine.spot.queryOrders('user', [abs.txid as string, pct.txid as string]);
    expect(a1).toMatchObject({ peakPrice: '61000.0', triggerPrice: '60500.0', triggered: false });
    expect(p1).toMatchObject({ peakPrice: '61000.0', triggerPrice: '59780.0', triggered: false });
    printTrade(h, '60600.0');
    expect(h.engine.spot.queryOrders('user', [abs.txid as string])[0]?.triggered).toBe(false);
    printTrade(h, '60500.0');
    expect(h.engine.spot.queryOrders('user', [abs.txid as string])[0]).toMatchObject({ triggered: true, status: 'closed' });
    expect(h.engine.spot.queryOrders('user', [pct.txid as string])[0]?.triggered).toBe(false);
  });

  it('trailing-stop-limit sets its limit at the trigger plus the price2 offset', () => {
    const h = setup();
    printTrade(h, '60000.0');
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'trailing-stop-limit',
      volume: '0.5',
      price: off('+', '1000'),
      price2: off('-', '100'),
    });
    printTrade(h, '59000.0');
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]).toMatchObject({
      triggered: true,
      limitPrice: '58900.0',
      status: 'open',
    });
  });

  it('iceberg shows only its display size, refills after the visible part trades and emits iceberg_refill', () => {
    const h = setup();
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'iceberg',
      volume: '3',
      displayVol: '1',
      price: px('60000.0'),
    });
    expect(h.engine.spot.depth('XBTUSD', 5).asks).toEqual([{ price: '60000.0', qty: '1.00000000', timeMs: expect.any(Number) as unknown }]);
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1.5', price: px('60000.0') });
    const o = h.engine.spot.queryOrders('user', [txid as string])[0];
    expect(o).toMatchObject({ volExec: '1.50000000', status: 'open', displayQty: '1.00000000', displayRemain: '0.50000000' });
    expect(h.engine.spot.depth('XBTUSD', 5).asks[0]?.qty).toBe('0.50000000');
    expect(execs(h.events, 'user', txid).some((e) => e.execType === 'iceberg_refill')).toBe(true);
    expect(() =>
      h.engine.spot.addOrder('user', {
        pair: 'XBTUSD',
        side: 'sell',
        orderType: 'iceberg',
        volume: '3',
        displayVol: '0.1',
        price: px('60000.0'),
      }),
    ).toThrow('EGeneral:Invalid arguments:displayvol');
  });

  it('viqc buys for a quote amount', () => {
    const h = setup();
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('50000.0') });
    const { txid } = h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'market', cashOrderQty: '1000' });
    const o = h.engine.spot.queryOrders('user', [txid as string])[0];
    expect(o).toMatchObject({ status: 'closed', volExec: '0.02000000', cost: '1000.00000', cashOrderQty: '1000.00000' });
    expect(o?.oflags).toContain('viqc');
    expect(() => h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'sell', orderType: 'market', cashOrderQty: '1000' })).toThrow(
      'EGeneral:Invalid arguments:oflags',
    );
  });

  it('GTD orders expire on the clock and release their hold', () => {
    const h = setup();
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: px('50000.0'),
      timeInForce: 'GTD',
      expireTimeMs: h.clock.t + 60_000,
    });
    expect(h.engine.spot.balances('user').ZUSD?.holdTrade).toBe('50200.0000');
    h.advance(59_999);
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]?.status).toBe('open');
    h.advance(1);
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]).toMatchObject({ status: 'expired', execStatus: 'expired' });
    expect(h.engine.spot.balances('user').ZUSD?.holdTrade).toBe('0.0000');
    expect(execs(h.events, 'user', txid).at(-1)?.execType).toBe('expired');
  });

  it('dead man switch cancels everything when it fires; re-arming pushes it out; 0 disarms', () => {
    const h = setup();
    h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('50000.0') });
    h.engine.spot.addOrder('user', { pair: 'ETHUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('2000.00') });
    const r = h.engine.spot.cancelAllOrdersAfter('user', 60);
    expect(r.triggerTimeMs - r.currentTimeMs).toBe(60_000);
    h.advance(30_000);
    h.engine.spot.cancelAllOrdersAfter('user', 60);
    h.advance(59_000);
    expect(h.engine.spot.openOrders('user')).toHaveLength(2);
    h.advance(1_000);
    expect(h.engine.spot.openOrders('user')).toHaveLength(0);
    h.engine.spot.addOrder('user', { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: px('50000.0') });
    h.engine.spot.cancelAllOrdersAfter('user', 10);
    expect(h.engine.spot.cancelAllOrdersAfter('user', 0).triggerTimeMs).toBe(0);
    h.advance(20_000);
    expect(h.engine.spot.openOrders('user')).toHaveLength(1);
    expect(() => h.engine.spot.cancelAllOrdersAfter('user', 86400)).toThrow('EGeneral:Invalid arguments:timeout');
  });

  it('scheduled start (starttm) keeps the order pending until its time', () => {
    const h = setup();
    const { txid } = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: px('50000.0'),
      startTimeMs: h.clock.t + 10_000,
    });
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]?.status).toBe('pending');
    expect(h.engine.spot.depth('XBTUSD', 5).bids).toEqual([]);
    h.advance(10_000);
    expect(h.engine.spot.queryOrders('user', [txid as string])[0]?.status).toBe('open');
    expect(h.engine.spot.depth('XBTUSD', 5).bids[0]?.price).toBe('50000.0');
  });

  it('conditional close places the opposite order once the opening order fills', () => {
    const h = setup();
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('60000.0') });
    const r = h.engine.spot.addOrder('user', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: px('60000.0'),
      close: { orderType: 'limit', price: px('65000.0') },
    });
    expect(r.descr.close).toBe('close position @ limit 65000.0');
    const closeOrder = h.engine.spot.openOrders('user').find((o) => o.refid === r.txid);
    expect(closeOrder).toMatchObject({ side: 'sell', orderType: 'limit', limitPrice: '65000.0', volume: '1.00000000' });
  });
});

describe('spot conditional orders and funds', () => {
  it('cancels a triggered buy that the account can no longer pay for at the execution price', () => {
    const h = setup();
    printTrade(h, '60000.0');
    h.engine.createSpotAccount('poor', { balances: { ZUSD: '6100' } });
    const { txid } = h.engine.spot.addOrder('poor', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'stop-loss',
      volume: '0.1',
      price: px('60500.0'),
    });
    h.engine.spot.addOrder('maker', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1', price: px('70000.0') });
    printTrade(h, '60500.0');
    expect(h.engine.spot.queryOrders('poor', [txid as string])[0]).toMatchObject({
      status: 'canceled',
      reason: 'Insufficient funds',
      triggered: true,
    });
    expect(h.engine.spot.balances('poor').ZUSD).toEqual({ balance: '6100.0000', holdTrade: '0.0000' });
  });
});
