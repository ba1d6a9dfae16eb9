/**
 * Kraken Futures execution commands against the simulator, on both Futures APIs: batches over
 * their chunk sizes (legacy `batchorder`: submit and modify 10, cancel 50; Unified WebSocket:
 * `batch_add` 15 of one symbol, one `amend_order` per modify, `batch_cancel` 50), cancel-all per
 * symbol (every side, that symbol only), denials that never reach the venue (the simulator's
 * request log), leverage as a preference set before the order (legacy REST on both APIs), and the
 * start-up refusal of keys that cannot trade.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { FuturesExecution } from '../../../src/adapter/execution/futures/futures-execution.js';
import { ClientOrderId, StrategyId } from '../../../src/model/identifiers.js';
import { Order } from '../../../src/model/order.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import {
  API_CALLS,
  FUTURES_APIS,
  futuresSimEndpoints,
  orderRequests,
  PF,
  PF_ETH,
  PI,
  startFuturesRig,
  until,
  venueOrderTraffic,
  type FuturesRig,
} from './futures-exec-rig.js';

const q = (text: string): Quantity => Quantity.fromStr(text);
const p = (text: string): Price => Price.fromStr(text);

/** The calls each batch of the first test takes, per API. */
const BATCH_CALLS = {
  legacy: { submit23: 3, modify12: 2, cancel55: 2 },
  unified: { submit23: 2, modify12: 12, cancel55: 2 },
} as const;

describe.each(FUTURES_APIS)('Kraken Futures execution (futuresApi %s): batches, cancel-all, denials, leverage', (api) => {
  let sim: TestSim;
  let rig: FuturesRig;
  const calls = API_CALLS[api];
  const n = BATCH_CALLS[api];
  beforeEach(async () => {
    sim = await startTestSim({ market: false, accounts: [{ id: 'trader', futuresBalances: { USD: '10000000', XBT: '20' } }] });
    rig = await startFuturesRig(sim, { api });
  });
  afterEach(async () => {
    await rig.stop();
    await sim.close();
  });

  const ladder = (n: number, from = 50000): Order[] =>
    Array.from({ length: n }, (_, i) => rig.trader.orderFactory.limit(PF, 'BUY', q('0.0010'), p(String(from + i))));

  it(`an order list of 23 goes out as ${n.submit23} batch calls; a batch modify of 12 as ${n.modify12} calls; a batch cancel of 55 as ${n.cancel55}`, async () => {
    const from = sim.requestLog.length;
    const orders = ladder(23);
    await rig.trader.submitOrderList(orders);
    await until('all accepted', () => orders.every((o) => o.status === 'ACCEPTED'));
    expect(orderRequests(sim, from)).toEqual(Array(n.submit23).fill(calls.batchSubmit));
    const venue = sim.engine.futures.openOrders('trader');
    expect(new Set(venue.map((o) => o.cliOrdId))).toEqual(new Set(orders.map((o) => o.clientOrderId.value)));

    const modFrom = sim.requestLog.length;
    const twelve = orders.slice(0, 12);
    await rig.futures.modifyOrders(twelve.map((o) => ({ order: o, quantity: null, price: o.price!.add(p('1000')), triggerPrice: null })));
    expect(orderRequests(sim, modFrom)).toEqual(Array(n.modify12).fill(calls.batchModify));
    await until('updated', () => twelve.every((o, i) => o.price?.toString() === String(51000 + i)));
    expect(sim.engine.futures.openOrders('trader').filter((o) => Number(o.limitPrice) >= 51000)).toHaveLength(12);

    const more = ladder(32, 40000);
    await rig.trader.submitOrderList(more);
    await until('more accepted', () => more.every((o) => o.status === 'ACCEPTED'));
    const all = [...orders, ...more];
    expect(all).toHaveLength(55);
    const cancelFrom = sim.requestLog.length;
    await rig.futures.cancelOrders(all);
    expect(orderRequests(sim, cancelFrom)).toEqual(Array(n.cancel55).fill(calls.batchCancel));
    await until('all canceled', () => all.every((o) => o.status === 'CANCELED'));
    expect(sim.engine.futures.openOrders('trader')).toEqual([]);
    for (const o of all) expect(rig.trader.kinds(o.clientOrderId.value).filter((k) => k === 'OrderCanceled')).toHaveLength(1);
  });

  it('cancel-all cancels every order of the symbol, both sides, and only that symbol, in one call', async () => {
    const t = rig.trader;
    const buy = t.orderFactory.limit(PF, 'BUY', q('0.0010'), p('50000'));
    const sell = t.orderFactory.limit(PF, 'SELL', q('0.0010'), p('70000'));
    const eth = t.orderFactory.limit(PF_ETH, 'BUY', q('0.010'), p('2000.0'));
    for (const o of [buy, sell, eth]) await t.submitOrder(o);
    await until('accepted', () => [buy, sell, eth].every((o) => o.status === 'ACCEPTED'));
    const from = sim.requestLog.length;
    await t.cancelAllOrders(PF);
    await until('PF canceled', () => buy.status === 'CANCELED' && sell.status === 'CANCELED');
    expect(orderRequests(sim, from)).toEqual([calls.cancelAll]);
    expect(eth.status).toBe('ACCEPTED');
    expect(sim.engine.futures.openOrders('trader').map((o) => o.symbol)).toEqual(['PF_ETHUSD']);
  });

  it('denies every shape Kraken Futures cannot carry, and nothing reaches the simulator', async () => {
    const t = rig.trader;
    const from = sim.requestLog.length;
    const denied: Order[] = [
      t.orderFactory.stopMarket(PF, 'SELL', q('0.0010'), p('50000'), { triggerType: 'BID_ASK' }),
      t.orderFactory.limit(PF, 'BUY', q('0.0010'), p('50000'), { timeInForce: 'GTD', expireTime: 1_900_000_000_000_000_000n }),
      t.orderFactory.limit(PF, 'BUY', q('0.0010'), p('50000'), { timeInForce: 'FOK' }),
      t.orderFactory.market(PF, 'BUY', q('0.0010'), { timeInForce: 'IOC' }),
      Order.create({
        strategyId: new StrategyId('Trader-001'),
        instrumentId: PF,
        clientOrderId: new ClientOrderId('post-only-stop'),
        side: 'SELL',
        orderType: 'STOP_LIMIT',
        quantity: q('0.0010'),
        price: p('49000'),
        triggerPrice: p('50000'),
        timeInForce: 'GTC',
        postOnly: true,
        tsEvent: 0n,
        tsInit: 0n,
      }),
      t.orderFactory.limit(PI, 'BUY', q('10'), p('50000.2')),
      t.orderFactory.limit(PF, 'BUY', q('0.00005'), p('50000')),
      t.orderFactory.limit(PF, 'BUY', q('1.0000'), p('50000'), { params: { leverage: 60 } }),
      t.orderFactory.limit(PF, 'BUY', q('60.0000'), p('50000'), { params: { leverage: 40 } }),
    ];
    for (const o of denied) await t.submitOrder(o);
    for (const o of denied) expect(o.status, o.clientOrderId.value).toBe('DENIED');
    const reasons = t.events.filter((e) => e.kind === 'OrderDenied').map((e) => (e as { reason: string }).reason);
    expect(reasons).toHaveLength(denied.length);
    expect(reasons.join('\n')).toMatch(/BID_ASK/);
    expect(reasons.join('\n')).toMatch(/at size 60.0000 \(from 1 to 25\)/);
    expect(venueOrderTraffic(sim, from)).toEqual([]);
  });

  it('a MARK_PRICE trigger: sent as a mark-price stop on legacy, denied on unified (UWS documents index and last only)', async () => {
    const t = rig.trader;
    const from = sim.requestLog.length;
    const stop = t.orderFactory.stopMarket(PF, 'SELL', q('0.0010'), p('50000'), { triggerType: 'MARK_PRICE' });
    await t.submitOrder(stop);
    if (api === 'unified') {
      expect(stop.status).toBe('DENIED');
      const denied = t.events.find((e) => e.kind === 'OrderDenied' && e.clientOrderId.equals(stop.clientOrderId));
      expect((denied as { reason: string } | undefined)?.reason).toMatch(/MARK_PRICE is not offered on the Unified WebSocket/);
      expect(venueOrderTraffic(sim, from)).toEqual([]);
    } else {
      await until('accepted', () => stop.status === 'ACCEPTED');
      expect(sim.engine.futures.openOrders('trader').find((o) => o.cliOrdId === stop.clientOrderId.value)).toMatchObject({
        triggerSignal: 'mark',
      });
    }
  });

  it('a per-order leverage becomes the symbol leverage preference before the order, set once', async () => {
    const t = rig.trader;
    const from = sim.requestLog.length;
    const a = t.orderFactory.limit(PF, 'BUY', q('0.0010'), p('50000'), { params: { leverage: 10 } });
    const b = t.orderFactory.limit(PF, 'BUY', q('0.0010'), p('50001'), { params: { leverage: 10 } });
    await t.submitOrder(a);
    await t.submitOrder(b);
    await until('accepted', () => a.status === 'ACCEPTED' && b.status === 'ACCEPTED');
    expect(orderRequests(sim, from)).toEqual(['PUT /leveragepreferences', calls.submit, calls.submit]);
    const prefs = await rig.futures.leveragePreferences();
    expect([...prefs].map(([symbol, lev]) => `${symbol} ${lev.toString()}`)).toEqual(['PF_XBTUSD 10']);
    expect(sim.requestLog.at(-1)).toMatchObject({ method: 'GET', path: '/derivatives/api/v3/leveragepreferences' });
  });
});

describe('Kraken Futures execution: start-up checks', () => {
  let sim: TestSim;
  beforeEach(async () => {
    sim = await startTestSim({ market: false, accounts: [{ id: 'reader', futuresAccess: 'read-only' }] });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('a key that may read but not trade stops the start with a clear error, before any order', async () => {
    const reader = sim.accounts[0]!;
    const node = new TradingNode({
      execClients: {
        KRAKEN: {
          productTypes: ['FUTURES'],
          apiKey: reader.futures.apiKey,
          apiSecret: reader.futures.apiSecret,
          ...futuresSimEndpoints(sim, 'legacy'),
        },
      },
      logging: { level: 'OFF' },
      timeoutConnectionSecs: 30,
    });
    node.addExecClientFactory(
      'KRAKEN',
      new KrakenLiveExecClientFactory({ env: {}, builders: { FUTURES: (ctx) => new FuturesExecution(ctx) } }),
    );
    const err = await node.run().then(
      () => null,
      (e: unknown) => e as Error,
    );
    await node.stop();
    expect(err?.message).toMatch(/the API key from the config fields apiKey \/ apiSecret may read the account but not trade/);
    expect(err?.message).not.toContain(reader.futures.apiKey);
    expect(sim.requestLog.filter((r) => r.path.endsWith('/sendorder') || r.path.endsWith('/batchorder'))).toEqual([]);
  });

  // On the Unified route the Derivatives key's access plays no part in trading (the UWS token's
  // Kraken key's permissions do: futures-exec-unified-permissions-sim.test.ts); the refusal here
  // is the missing Kraken key (the token cannot be fetched).
  it('futuresApi unified without a Kraken (Spot) key stops the start naming its variables, before any connection or order', async () => {
    const reader = sim.accounts[0]!;
    const node = new TradingNode({
      execClients: {
        KRAKEN: {
          productTypes: ['FUTURES'],
          apiKey: reader.futures.apiKey,
          apiSecret: reader.futures.apiSecret,
          ...futuresSimEndpoints(sim, 'unified'),
        },
      },
      logging: { level: 'OFF' },
      timeoutConnectionSecs: 30,
    });
    node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: {} }));
    const err = await node.run().then(
      () => null,
      (e: unknown) => e as Error,
    );
    await node.stop();
    expect(err?.message).toMatch(/needs a Kraken \(Spot\) API key.*KRAKEN_SPOT_API_KEY \/ KRAKEN_SPOT_API_SECRET/);
    expect(err?.message).not.toContain(reader.futures.apiKey);
    expect(sim.requestLog.filter((r) => r.server === 'unified-ws' || r.path.endsWith('GetWebSocketsToken'))).toEqual([]);
  });
});
