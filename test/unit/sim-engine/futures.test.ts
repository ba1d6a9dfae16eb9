import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../../src/sim/engine/types/events.js';
import { Decimal } from '../../../src/sim/engine/decimal.js';
import { harness } from './helpers.js';

function setup() {
  const h = harness();
  h.engine.createFuturesAccount('mm', { balances: { USD: '100000000', XBT: '1000' } });
  h.engine.createFuturesAccount('user', { balances: { USD: '100000', XBT: '2' } });
  return h;
}

const orderEvents = (events: SimEvent[], accountId: string) =>
  events.filter((e): e is Extract<SimEvent, { type: 'futures.order' }> => e.type === 'futures.order' && e.accountId === accountId);

describe('futures orders', () => {
  it('places a limit order, fills it against another account, and reports fills, positions and open_orders reasons', () => {
    const h = setup();
    const e = h.engine;
    const maker = e.futures.sendOrder('mm', {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '2',
      limitPrice: '60000',
      cliOrdId: 'mm-1',
    });
    expect(maker).toMatchObject({ status: 'placed', cliOrdId: 'mm-1', orderEvents: [{ type: 'PLACE' }] });
    expect(e.futures.openOrders('mm')[0]).toMatchObject({
      orderId: maker.orderId,
      status: 'untouched',
      unfilled: '2.0000',
      restType: 'lmt',
    });
    const taker = e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1.5', limitPrice: '60100' });
    expect(taker.status).toBe('placed');
    expect(taker.orderEvents.map((x) => x.type)).toEqual(['PLACE', 'EXECUTION']);
    expect(taker.orderEvents[1]).toMatchObject({ price: '60000', amount: '1.5000' });
    expect(e.futures.openOrders('mm')[0]).toMatchObject({ status: 'partiallyFilled', filled: '1.5000', unfilled: '0.5000' });
    const [fill] = e.futures.fills('user');
    // Taker fee 0.05 % of 90000 USD notional.
    expect(fill).toMatchObject({
      side: 'buy',
      size: '1.5000',
      price: '60000',
      fillType: 'taker',
      feePaid: '45.00000000',
      feeCurrency: 'USD',
      remainingOrderQty: '0.0000',
    });
    expect(e.futures.fills('mm')[0]).toMatchObject({ fillType: 'maker', feePaid: '18.00000000' });
    expect(e.futures.openPositions('user')).toEqual([
      expect.objectContaining({ symbol: 'PF_XBTUSD', side: 'long', size: '1.5000', signedSize: '1.5000', price: '60000.00' }),
    ]);
    expect(e.futures.openPositions('mm')[0]).toMatchObject({ side: 'short', signedSize: '-1.5000' });
    expect(orderEvents(h.events, 'user').map((x) => [x.isCancel, x.reason])).toEqual([
      [false, 'new_placed_order_by_user'],
      [true, 'full_fill'],
    ]);
    expect(orderEvents(h.events, 'mm').map((x) => x.reason)).toEqual(['new_placed_order_by_user', 'partial_fill']);
    expect(h.events.some((x) => x.type === 'futures.positions' && x.accountId === 'user' && x.positions.length === 1)).toBe(true);
    const book = h.events.filter((x) => x.type === 'futures.book');
    expect(book.at(-1)).toMatchObject({ symbol: 'PF_XBTUSD', side: 'sell', price: '60000', qty: '0.5000' });
  });

  it('returns Kraken sendStatus strings for rejected orders', () => {
    const h = setup();
    const e = h.engine;
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '1', limitPrice: '60000' });
    const post = e.futures.sendOrder('user', { orderType: 'post', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '60000' });
    expect(post).toMatchObject({ status: 'postWouldExecute', orderEvents: [{ type: 'REJECT', reason: 'POST_WOULD_EXECUTE' }] });
    expect(e.futures.sendOrder('user', { orderType: 'ioc', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '59000' }).status).toBe(
      'iocWouldNotExecute',
    );
    expect(
      e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1.00001', limitPrice: '59000' }).status,
    ).toBe('invalidSize');
    expect(
      e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '59000.5' }).status,
    ).toBe('invalidPrice');
    expect(
      e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '100', limitPrice: '59000' }).status,
    ).toBe('insufficientAvailableFunds');
    expect(
      e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '1', limitPrice: '61000', reduceOnly: true })
        .status,
    ).toBe('wouldNotReducePosition');
    expect(
      e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.1', limitPrice: '50000', cliOrdId: 'c1' })
        .status,
    ).toBe('placed');
    expect(
      e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.1', limitPrice: '50000', cliOrdId: 'c1' })
        .status,
    ).toBe('clientOrderIdAlreadyExist');
    expect(
      e.futures.sendOrder('user', {
        orderType: 'lmt',
        symbol: 'PF_XBTUSD',
        side: 'buy',
        size: '0.1',
        limitPrice: '50000',
        processBeforeMs: h.clock.t - 1,
      }).status,
    ).toBe('wouldProcessAfterSpecifiedTime');
    expect(e.futures.cancelOrder('user', { orderId: '00000000-0000-4000-8000-000000000000' }).status).toBe('notFound');
    expect(() => e.futures.sendOrder('user', { orderType: 'lmt', symbol: 'PF_NOPE', side: 'buy', size: '1', limitPrice: '1' })).toThrow(
      'invalidArgument',
    );
  });

  it('linear P&L follows the mark and is realised into USD on close', () => {
    const h = setup();
    const e = h.engine;
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '1', limitPrice: '60000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' });
    e.setFuturesPrices('PF_XBTUSD', { mark: '61000', index: '61000' });
    expect(e.futures.openPositions('user')[0]?.pnl).toBe('1000.000000');
    const flex = e.futures.accounts('user').flex;
    expect(flex.pnl).toBe('1000.00');
    // 2 % initial margin on 61000 notional.
    expect(flex.initialMargin).toBe('1220.00');
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '61000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '1', reduceOnly: true });
    expect(e.futures.openPositions('user')).toEqual([]);
    // 100000 + 1000 − 30 (open fee) − 30.5 (close fee).
    expect(e.futures.accounts('user').flex.currencies.USD?.quantity).toBe('100939.5');
  });

  it('inverse (PI_) P&L is in XBT: contracts × (1/entry − 1/exit)', () => {
    const h = setup();
    const e = h.engine;
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PI_XBTUSD', side: 'sell', size: '10000', limitPrice: '60000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: 'PI_XBTUSD', side: 'buy', size: '10000' });
    expect(e.futures.fills('user')[0]).toMatchObject({ feeCurrency: 'BTC', size: '10000' });
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PI_XBTUSD', side: 'buy', size: '10000', limitPrice: '61000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: 'PI_XBTUSD', side: 'sell', size: '10000' });
    const fee = (p: string) => new Decimal(10000).div(p).times('0.0005');
    const expected = new Decimal(2)
      .plus(new Decimal(10000).times(new Decimal(1).div(60000).minus(new Decimal(1).div(61000))))
      .minus(fee('60000'))
      .minus(fee('61000'));
    expect(new Decimal(e.futures.accounts('user').flex.currencies.XBT?.quantity as string).toFixed(12)).toBe(expected.toFixed(12));
  });

  it('accrues hourly funding into unrealised funding and records historical funding rates', () => {
    const h = setup();
    const e = h.engine;
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '1', limitPrice: '60000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' });
    e.setFuturesPrices('PF_XBTUSD', { mark: '60060', index: '60000' });
    const tk = e.futures.ticker('PF_XBTUSD');
    expect(tk.nextFundingRateTimeMs).toBe(h.clock.t + 3_600_000);
    // premium 0.1 % / coefficient 8 = 0.000125 per hour.
    expect(tk.relativeFundingRatePrediction).toBe('0.000125');
    h.advance(3_600_000);
    h.advance(3_600_000);
    const rates = e.futures.historicalFundingRates('PF_XBTUSD');
    expect(rates).toHaveLength(2);
    expect(rates[1]).toMatchObject({ relativeFundingRate: '0.000125', fundingRate: '7.5' });
    // Long 1 BTC pays 0.000125 × 60000 = 7.5 USD.
    expect(e.futures.openPositions('user')[0]?.unrealizedFunding).toBe('-7.500000000000');
    expect(e.futures.openPositions('mm')[0]?.unrealizedFunding).toBe('7.500000000000');
    expect(h.events.filter((x) => x.type === 'futures.funding' && x.symbol === 'PF_XBTUSD')).toHaveLength(2);
    // Realised into the balance when the position closes.
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '60000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '1' });
    expect(e.futures.accounts('user').flex.currencies.USD?.quantity).toBe(new Decimal(100000).minus(7.5).minus(30).minus(30).toFixed());
  });

  it('stop orders trigger on the chosen signal (mark here) and execute', () => {
    const h = setup();
    const e = h.engine;
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '5', limitPrice: '58900' });
    const stop = e.futures.sendOrder('user', {
      orderType: 'stp',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '1',
      stopPrice: '59000',
      triggerSignal: 'mark',
    });
    expect(e.futures.openOrders('user')[0]).toMatchObject({ restType: 'stop', wsType: 'stop', stopPrice: '59000', triggerSignal: 'mark' });
    e.setFuturesPrices('PF_XBTUSD', { index: '58990' });
    expect(e.futures.openOrders('user')).toHaveLength(1);
    e.setFuturesPrices('PF_XBTUSD', { mark: '58990' });
    expect(e.futures.openOrders('user')).toHaveLength(0);
    expect(e.futures.fills('user')[0]).toMatchObject({ orderId: stop.orderId, price: '58900', size: '1.0000', orderType: 'stp' });
    expect(orderEvents(h.events, 'user').map((x) => x.reason)).toContain('stop_order_triggered');
  });

  it('edits, cancels by cliOrdId, cancel-all by symbol, batch orders and the dead man switch', () => {
    const h = setup();
    const e = h.engine;
    const a = e.futures.sendOrder('user', {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '1',
      limitPrice: '50000',
      cliOrdId: 'a',
    });
    const ed = e.futures.editOrder('user', { orderId: a.orderId, size: '2', limitPrice: '50500' });
    expect(ed).toMatchObject({ status: 'edited', orderEvents: [{ type: 'EDIT' }] });
    expect(e.futures.openOrders('user')[0]).toMatchObject({ size: '2.0000', limitPrice: '50500' });
    expect(e.futures.editOrder('user', { orderId: 'nope' }).status).toBe('orderForEditNotFound');
    expect(e.futures.cancelOrder('user', { cliOrdId: 'a' }).status).toBe('cancelled');
    const batch = e.futures.batchOrder('user', [
      { order: 'send', orderTag: 't1', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '50000' },
      { order: 'send', orderTag: 't2', orderType: 'lmt', symbol: 'PF_ETHUSD', side: 'buy', size: '1', limitPrice: '2000.0' },
      { order: 'cancel', orderId: 'missing' },
    ]);
    expect(batch.map((b) => [b.orderTag, b.status])).toEqual([
      ['t1', 'placed'],
      ['t2', 'placed'],
      [undefined, 'notFound'],
    ]);
    const all = e.futures.cancelAllOrders('user', 'PF_ETHUSD');
    expect(all).toMatchObject({ status: 'cancelled', cancelOnly: 'PF_ETHUSD', cancelledOrders: [{ orderId: batch[1]?.orderId }] });
    expect(e.futures.cancelAllOrders('user', 'PF_ETHUSD').status).toBe('noOrdersToCancel');
    e.futures.cancelAllOrdersAfter('user', 60);
    h.advance(60_000);
    expect(e.futures.openOrders('user')).toEqual([]);
    expect(orderEvents(h.events, 'user').at(-1)).toMatchObject({ isCancel: true, reason: 'dead_man_switch' });
    expect(e.futures.orderHistory('user', { sort: 'asc' }).map((x) => x.kind)[0]).toBe('OrderPlaced');
  });
});

describe('futures liquidation', () => {
  it('closes positions at market with fillType liquidation once equity drops below maintenance margin', () => {
    const h = harness();
    const e = h.engine;
    e.createFuturesAccount('mm', { balances: { USD: '100000000' } });
    e.createFuturesAccount('thin', { balances: { USD: '2000' } });
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '1', limitPrice: '60000' });
    expect(e.futures.sendOrder('thin', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' }).status).toBe('placed');
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '5', limitPrice: '58500' });
    // Equity 2000 − 30 fee − 1400 loss = 570 < 1 % maintenance of 58600 = 586.
    e.setFuturesPrices('PF_XBTUSD', { mark: '58600', index: '58600' });
    expect(e.futures.openPositions('thin')).toEqual([]);
    expect(e.futures.fills('thin')[0]).toMatchObject({ fillType: 'liquidation', side: 'sell', price: '58500' });
  });
});

describe('dated futures', () => {
  it('at the last trading time cancels open orders (contract_expired) and settles positions at the index', async () => {
    const { createSimEngine } = await import('../../../src/sim/engine/engine.js');
    const { defaultFuturesProducts } = await import('../../../src/sim/engine/instruments.js');
    const clock = {
      t: Date.UTC(2026, 0, 5, 12, 0, 0),
      nowMs() {
        return this.t;
      },
    };
    const products = defaultFuturesProducts(clock.t).map((p) =>
      p.symbol.startsWith('FI_') ? { ...p, lastTradingTimeMs: clock.t + 60_000 } : p,
    );
    const fi = products.find((p) => p.symbol.startsWith('FI_'))?.symbol as string;
    expect(fi).toMatch(/^FI_XBTUSD_\d{6}$/);
    const e = createSimEngine({ clock, seed: 3, market: false, futuresProducts: products });
    const events: SimEvent[] = [];
    e.on((x) => events.push(x));
    e.createFuturesAccount('mm', { balances: { XBT: '100' } });
    e.createFuturesAccount('user', { balances: { XBT: '1' } });
    e.futures.sendOrder('mm', { orderType: 'lmt', symbol: fi, side: 'sell', size: '6000', limitPrice: '60000' });
    e.futures.sendOrder('user', { orderType: 'mkt', symbol: fi, side: 'buy', size: '6000' });
    e.futures.sendOrder('user', { orderType: 'lmt', symbol: fi, side: 'buy', size: '100', limitPrice: '50000' });
    e.setFuturesPrices(fi, { index: '61000', mark: '61000' });
    clock.t += 60_000;
    e.tick();
    expect(e.futures.openOrders('user')).toEqual([]);
    expect(e.futures.openPositions('user')).toEqual([]);
    expect(orderEvents(events, 'user').at(-1)).toMatchObject({ isCancel: true, reason: 'contract_expired' });
    const xbt = new Decimal(e.futures.accounts('user').flex.currencies.XBT?.quantity as string);
    const pnl = new Decimal(6000).times(new Decimal(1).div(60000).minus(new Decimal(1).div(61000)));
    const fee = new Decimal(6000).div(60000).times('0.0005');
    expect(xbt.toFixed(12)).toBe(new Decimal(1).plus(pnl).minus(fee).toFixed(12));
    expect(e.futures.sendOrder('user', { orderType: 'lmt', symbol: fi, side: 'buy', size: '1', limitPrice: '50000' }).status).toBe(
      'marketInactive',
    );
  });
});
