/**
 * Kraken Futures execution through a TradingNode and a strategy, against the simulator over real
 * sockets: PF_ and PI_ orders placed, amended, partly and fully filled, cancelled and triggered
 * (on the last trade, and on the mark or index price moving with no trade);
 * each event compared with the simulator's own order and fill records. Every test runs on both
 * Futures APIs (legacy and Unified WebSocket) with the same assertions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderFilled } from '../../../src/model/order-events.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { parseFuturesAccounts } from '../../../src/adapter/execution/reports/index.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import type { AccountBalance, MarginBalance } from '../../../src/model/account.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { API_CALLS, FUTURES_APIS, orderRequests, PF, PI, startFuturesRig, until, type FuturesRig } from './futures-exec-rig.js';

const OTHER = 'other';
const THIRD = 'third';

/** Balances and margins as sorted text, to compare two account views exactly. */
function figures(balances: readonly AccountBalance[], margins: readonly MarginBalance[]): { balances: string[]; margins: string[] } {
  return {
    balances: balances.map((b) => `${b.total.toString()} ${b.locked.toString()} ${b.free.toString()}`).sort(),
    margins: margins.map((m) => `${m.initial.toString()} ${m.maintenance.toString()}`).sort(),
  };
}

const q = (text: string): Quantity => Quantity.fromStr(text);
const p = (text: string): Price => Price.fromStr(text);

describe.each(FUTURES_APIS)('futuresApi %s', (api) => {
  let sim: TestSim;
  let rig: FuturesRig;

  beforeEach(async () => {
    sim = await startTestSim({ market: false, accounts: [{ id: 'trader' }, { id: OTHER }, { id: THIRD }] });
    rig = await startFuturesRig(sim, { api });
  });
  afterEach(async () => {
    await rig.stop();
    await sim.close();
  });

  describe('Kraken Futures execution: PF_ lifecycle', () => {
    it('submit, amend, partial fill, fill: every event once, fills with fee, fee currency, liquidity and the venue fill id', async () => {
      const { trader } = rig;
      const order = trader.orderFactory.limit(PF, 'BUY', q('0.0100'), p('59000'));
      const id = order.clientOrderId.value;
      const from = sim.requestLog.length;
      await trader.submitOrder(order);
      await until('accepted', () => order.status === 'ACCEPTED');
      const venue = sim.engine.futures.openOrders('trader').find((o) => o.cliOrdId === id);
      expect(venue).toMatchObject({ symbol: 'PF_XBTUSD', side: 'buy', limitPrice: '59000', orderType: 'lmt' });
      expect(order.venueOrderId?.value).toBe(venue?.orderId);

      await trader.modifyOrder(order, { price: p('59100'), quantity: q('0.0200') });
      await until('amended', () => order.status === 'ACCEPTED' && order.price?.toString() === '59100');
      expect(order.quantity.toString()).toBe('0.0200');
      const amended = sim.engine.futures.openOrders('trader').find((o) => o.cliOrdId === id);
      expect(amended).toMatchObject({ limitPrice: '59100' });
      expect(Number(amended?.size)).toBe(0.02);

      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.0050', limitPrice: '59100' });
      await until('partially filled', () => order.status === 'PARTIALLY_FILLED');
      sim.engine.futures.sendOrder(OTHER, { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.0150' });
      await until('filled', () => order.status === 'FILLED');

      const venueFills = sim.engine.futures.fills('trader').filter((f) => f.cliOrdId === id);
      const fills = trader.events.filter((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.value === id);
      expect(fills.map((f) => f.tradeId.value).sort()).toEqual(venueFills.map((f) => f.fillId).sort());
      expect(fills.map((f) => f.lastQty.toString())).toEqual(['0.0050', '0.0150']);
      expect(fills.every((f) => f.lastPx.toString() === '59100')).toBe(true);
      expect(fills.every((f) => f.liquiditySide === 'MAKER')).toBe(true);
      expect(fills.every((f) => f.commission !== null && f.commission.currency.code === 'USD' && f.commission.raw > 0n)).toBe(true);
      expect(trader.kinds(id)).toEqual([
        'OrderInitialized',
        'OrderSubmitted',
        'OrderAccepted',
        'OrderPendingUpdate',
        'OrderUpdated',
        'OrderFilled',
        'OrderFilled',
      ]);
      // The position follows the fills.
      const position = rig.node.cache.position(PF);
      expect(position?.quantity.toString()).toBe('0.0200');
      // Every command went out on the API under test, once.
      expect(orderRequests(sim, from)).toEqual([API_CALLS[api].submit, API_CALLS[api].modify]);
    });

    it('a fill moves the account state (balances and margins as the venue accounts them) and the position report', async () => {
      const { trader } = rig;
      const order = trader.orderFactory.limit(PF, 'BUY', q('0.0100'), p('60000'));
      await trader.submitOrder(order);
      await until('accepted', () => order.status === 'ACCEPTED');
      const before = trader.accounts.length;
      sim.engine.futures.sendOrder(OTHER, { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.0100' });
      await until('filled', () => order.status === 'FILLED');

      // The venue's own view of the account after the fill, read over the legacy REST and parsed as the legacy client does.
      const rest = new KrakenFuturesRawHttpClient({
        baseUrl: sim.urls.futuresRest,
        apiKey: rig.account.futures.apiKey,
        apiSecret: rig.account.futures.apiSecret,
        maxRetries: 0,
      });
      const venue = parseFuturesAccounts((await rest.accounts()).accounts);
      await rest.close();
      const want = figures(venue.balances, venue.margins);
      expect(want.margins.some((m) => !m.startsWith('0 '))).toBe(true);
      await until('the account state after the fill', () => {
        const last = trader.accounts.at(-1);
        return (
          trader.accounts.length > before &&
          last !== undefined &&
          JSON.stringify(figures(last.balances, last.margins)) === JSON.stringify(want)
        );
      });

      const reports = await rig.futures.generatePositionStatusReports({ instrumentId: PF });
      expect(reports.map((r) => `${r.instrumentId.toString()} ${r.positionSide} ${r.quantity.toString()} ${String(r.avgPxOpen)}`)).toEqual([
        'PF_XBTUSD.KRAKEN LONG 0.0100 60000.00',
      ]);
      expect(rig.node.cache.position(PF)?.quantity.toString()).toBe('0.0100');
    });

    it('a fill the feed lost is read over REST (with its fee) once the order shows filled, and applied once', async () => {
      // The legacy fills feed, or the Unified executions channel's trade report (it comes before the order's filled report).
      if (api === 'legacy') sim.faults.dropWsMessages('futures', 'fills', 1);
      else sim.faults.dropWsMessages('unified', 'executions', 1);
      const order = rig.trader.orderFactory.limit(PF, 'SELL', q('0.0100'), p('61000'));
      await rig.trader.submitOrder(order);
      await until('accepted', () => order.status === 'ACCEPTED');
      sim.engine.futures.sendOrder(OTHER, { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.0100' });
      await until('filled', () => order.status === 'FILLED');
      expect(sim.faults.fired.map((f) => f.kind)).toContain('ws-drop');
      const fills = rig.trader.events.filter((e): e is OrderFilled => e.kind === 'OrderFilled');
      expect(fills).toHaveLength(1);
      expect(fills[0]?.tradeId.value).toBe(sim.engine.futures.fills('trader')[0]?.fillId);
      expect(fills[0]?.commission?.raw).toBeGreaterThan(0n);
      expect(sim.requestLog.some((r) => r.path === '/derivatives/api/v3/fills')).toBe(true);
    });

    it('cancel: one OrderCanceled, the order gone at the venue', async () => {
      const { trader } = rig;
      const order = trader.orderFactory.limit(PF, 'SELL', q('0.0100'), p('65000'), { postOnly: true });
      await trader.submitOrder(order);
      await until('accepted', () => order.status === 'ACCEPTED');
      await trader.cancelOrder(order);
      await until('canceled', () => order.status === 'CANCELED');
      expect(sim.engine.futures.openOrders('trader')).toEqual([]);
      expect(rig.trader.kinds(order.clientOrderId.value).filter((k) => k === 'OrderCanceled')).toHaveLength(1);
    });

    it('a take-profit is triggered by a trade through its trigger (last price), then fills against the book', async () => {
      const { trader } = rig;
      const tp = trader.orderFactory.marketIfTouched(PF, 'SELL', q('0.0100'), p('60200'), { triggerType: 'LAST_PRICE' });
      await trader.submitOrder(tp);
      await until('accepted', () => tp.status === 'ACCEPTED');
      expect(sim.engine.futures.openOrders('trader').find((o) => o.cliOrdId === tp.clientOrderId.value)).toMatchObject({
        orderType: 'take_profit',
        side: 'sell',
        stopPrice: '60200',
        triggerSignal: 'last',
      });
      // A bid for the triggered order to sell into, then a trade at 60300 (above the trigger) between two other accounts.
      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.0500', limitPrice: '60300' });
      expect(tp.status).toBe('ACCEPTED');
      sim.engine.futures.sendOrder(THIRD, { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.0010' });
      await until('filled', () => tp.status === 'FILLED');

      const id = tp.clientOrderId.value;
      expect(trader.kinds(id)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderTriggered', 'OrderFilled']);
      const fill = trader.events.find((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.value === id);
      expect([fill?.lastQty.toString(), fill?.lastPx.toString(), fill?.liquiditySide]).toEqual(['0.0100', '60300', 'TAKER']);
      expect(fill?.tradeId.value).toBe(sim.engine.futures.fills('trader').find((f) => f.cliOrdId === id)?.fillId);
      expect(rig.node.cache.position(PF)?.side).toBe('SHORT');
      expect(rig.node.cache.position(PF)?.quantity.toString()).toBe('0.0100');
      expect(sim.engine.futures.openOrders('trader')).toEqual([]);
      expect(orderRequests(sim).filter((r) => r === API_CALLS[api].submit)).toHaveLength(1);
    });

    // The Unified WebSocket documents only index and last trigger references, so there the stop follows the index.
    const moved =
      api === 'legacy' ? { trigger: 'MARK_PRICE' as const, signal: 'mark' } : { trigger: 'INDEX_PRICE' as const, signal: 'index' };
    it(`a stop on the ${moved.signal} price is triggered when the venue moves its ${moved.signal} through the stop, with no trade, then fills`, async () => {
      const { trader } = rig;
      const stop = trader.orderFactory.stopMarket(PF, 'BUY', q('0.0100'), p('60500'), { triggerType: moved.trigger });
      await trader.submitOrder(stop);
      await until('accepted', () => stop.status === 'ACCEPTED');
      const venue = sim.engine.futures.openOrders('trader').find((o) => o.cliOrdId === stop.clientOrderId.value);
      expect(venue).toMatchObject({ orderType: 'stp', side: 'buy', stopPrice: '60500' });
      expect(venue?.triggerSignal).toBe(moved.signal);
      const before = moved.signal === 'mark' ? sim.engine.futures.markPrice('PF_XBTUSD') : sim.engine.futures.indexPrice('PF_XBTUSD');
      expect(Decimal.fromStr(before).compare(Decimal.fromStr('60500'))).toBeLessThan(0);
      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.0500', limitPrice: '60600' });
      expect(stop.status).toBe('ACCEPTED');
      sim.engine.setFuturesPrices('PF_XBTUSD', moved.signal === 'mark' ? { mark: '60550' } : { index: '60550' });
      await until('filled', () => stop.status === 'FILLED');

      const id = stop.clientOrderId.value;
      expect(trader.kinds(id)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderTriggered', 'OrderFilled']);
      const fill = trader.events.find((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.value === id);
      expect([fill?.lastQty.toString(), fill?.lastPx.toString(), fill?.liquiditySide]).toEqual(['0.0100', '60600', 'TAKER']);
      expect(fill?.tradeId.value).toBe(sim.engine.futures.fills('trader').find((f) => f.cliOrdId === id)?.fillId);
      expect(rig.node.cache.position(PF)?.side).toBe('LONG');
      expect(sim.engine.futures.openOrders('trader')).toEqual([]);
    });

    it('a post-only order that would take is rejected (post-only), never accepted', async () => {
      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.0100', limitPrice: '60000' });
      const order = rig.trader.orderFactory.limit(PF, 'BUY', q('0.0100'), p('60500'), { postOnly: true });
      await rig.trader.submitOrder(order);
      await until('rejected', () => order.status === 'REJECTED');
      const rejected = rig.trader.events.find((e) => e.kind === 'OrderRejected' && e.clientOrderId.equals(order.clientOrderId));
      expect(rejected).toMatchObject({ duePostOnly: true });
    });
  });

  describe('Kraken Futures execution: PI_ lifecycle', () => {
    it('a market order that fills at once is resolved from its fills (taker), never rejected', async () => {
      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PI_XBTUSD', side: 'sell', size: '300', limitPrice: '60000.5' });
      const order = rig.trader.orderFactory.market(PI, 'BUY', q('300'));
      await rig.trader.submitOrder(order);
      await until('filled', () => order.status === 'FILLED');
      const kinds = rig.trader.kinds(order.clientOrderId.value);
      expect(kinds).not.toContain('OrderRejected');
      expect(kinds).not.toContain('OrderCanceled');
      const fill = rig.trader.events.find((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.equals(order.clientOrderId));
      expect(fill).toMatchObject({ liquiditySide: 'TAKER' });
      expect(fill?.lastQty.toString()).toBe('300');
      expect(fill?.lastPx.toString()).toBe('60000.5');
      // Inverse: the fee is in the settlement currency.
      expect(fill?.commission?.currency.code).toBe('BTC');
    });

    it('an IOC that partly fills: the fill, then the unfilled rest cancelled', async () => {
      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PI_XBTUSD', side: 'buy', size: '100', limitPrice: '59999.5' });
      const order = rig.trader.orderFactory.limit(PI, 'SELL', q('250'), p('59999.5'), { timeInForce: 'IOC' });
      await rig.trader.submitOrder(order);
      await until('closed with its fill', () => order.status === 'CANCELED' && order.filledQty.toString() === '100');
      expect(rig.trader.kinds(order.clientOrderId.value).filter((k) => k === 'OrderCanceled')).toHaveLength(1);
    });

    it('a stop order is triggered by a trade through its stop (last price), then fills', async () => {
      const { trader } = rig;
      const stop = trader.orderFactory.stopMarket(PI, 'BUY', q('50'), p('60100.0'), { triggerType: 'LAST_PRICE' });
      await trader.submitOrder(stop);
      await until('accepted', () => stop.status === 'ACCEPTED');
      expect(sim.engine.futures.openOrders('trader').find((o) => o.cliOrdId === stop.clientOrderId.value)).toMatchObject({
        orderType: 'stp',
        stopPrice: '60100.0',
        triggerSignal: 'last',
      });
      // Liquidity for the triggered stop to take, then a trade at 60100.5 between two other orders.
      sim.engine.futures.sendOrder(OTHER, { orderType: 'lmt', symbol: 'PI_XBTUSD', side: 'sell', size: '1000', limitPrice: '60100.5' });
      sim.engine.futures.sendOrder(THIRD, { orderType: 'mkt', symbol: 'PI_XBTUSD', side: 'buy', size: '10' });
      await until('filled', () => stop.status === 'FILLED');
      const kinds = trader.kinds(stop.clientOrderId.value);
      expect(kinds.indexOf('OrderTriggered')).toBeGreaterThan(kinds.indexOf('OrderAccepted'));
      expect(kinds.indexOf('OrderFilled')).toBeGreaterThan(kinds.indexOf('OrderTriggered'));
      expect(orderRequests(sim).filter((r) => r === API_CALLS[api].submit)).toHaveLength(1);
    });
  });
});

describe('Kraken Futures execution: one order across both APIs (futuresApi unified)', () => {
  let sim: TestSim;
  let rig: FuturesRig;
  beforeEach(async () => {
    sim = await startTestSim({ market: false, accounts: [{ id: 'trader' }] });
    rig = await startFuturesRig(sim, { api: 'unified' });
  });
  afterEach(async () => {
    await rig.stop();
    await sim.close();
  });

  it('placed over UWS, amended over the legacy REST (by another client), cancelled over UWS: every event exactly once in the node', async () => {
    const { trader } = rig;
    const order = trader.orderFactory.limit(PF, 'SELL', q('0.0100'), p('65000'));
    const id = order.clientOrderId.value;
    const from = sim.requestLog.length;
    await trader.submitOrder(order);
    await until('accepted', () => order.status === 'ACCEPTED');

    const rest = new KrakenFuturesRawHttpClient({
      baseUrl: sim.urls.futuresRest,
      apiKey: rig.account.futures.apiKey,
      apiSecret: rig.account.futures.apiSecret,
      maxRetries: 0,
    });
    try {
      const edit = await rest.editorder({ cliOrdId: id, limitPrice: '65100', size: '0.0200', qtyMode: 'ABSOLUTE' });
      expect(edit.editStatus.status).toBe('edited');
    } finally {
      await rest.close();
    }
    await until('the REST amend seen by the node', () => order.price?.toString() === '65100');
    expect(order.quantity.toString()).toBe('0.0200');

    await trader.cancelOrder(order);
    await until('canceled', () => order.status === 'CANCELED');
    expect(sim.engine.futures.openOrders('trader')).toEqual([]);
    expect(orderRequests(sim, from)).toEqual(['WS add_order', 'POST /editorder', 'WS cancel_order']);
    expect(trader.kinds(id)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderUpdated',
      'OrderPendingCancel',
      'OrderCanceled',
    ]);
  });
});
