/**
 * Kraken Spot execution against the simulator over real sockets, through a TradingNode with a
 * strategy: order shapes accepted at the venue with the fields they were given, amend, fill with
 * fee, fee currency, liquidity side and trade id, cancel, GTD expiry, denials that send nothing,
 * batches over the chunk size and split by symbol, cancel-all on every symbol, the WS timeout
 * contract with lost and late acknowledgements, and the dead man's switch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderFilled, OrderRejected } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, clientOrderIds, endSpotTest, ETHBTC, type SpotRig, startSpotRig, waitFor } from './exec-spot-rig.js';

let sim: TestSim;
let rig: SpotRig | null = null;
let simCount = 0;
beforeEach(async () => {
  // Its own account (so its own API key) per test: the key's rate limiter lives as long as the process.
  sim = await startTestSim({ accounts: [{ id: `spot-exec-${process.pid}-${++simCount}` }] });
});
afterEach(async (ctx) => {
  await endSpotTest(ctx, rig, sim);
  rig = null;
});

const id = clientOrderIds('t');

function simOpen(r: SpotRig) {
  return sim.engine.spot.openOrders(r.accountId);
}
function venueOrderCount(r: SpotRig): number {
  return simOpen(r).length + sim.engine.spot.closedOrders(r.accountId).count;
}
function bestAsk(): Decimal {
  return Decimal.fromStr(sim.engine.spot.ticker('XXBTZUSD').ask);
}
function bestBid(): Decimal {
  return Decimal.fromStr(sim.engine.spot.ticker('XXBTZUSD').bid);
}
function far(below: boolean): Price {
  const px = below ? bestBid().mul(Decimal.fromStr('0.8')) : bestAsk().mul(Decimal.fromStr('1.2'));
  return Price.from(px.round(1));
}

describe('Kraken Spot orders against the simulator', () => {
  it('a resting limit order: accepted over WS, amended in place, cancelled', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), far(true), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    const venue = simOpen(rig).find((o) => o.clOrdId === order.clientOrderId.value);
    expect(venue?.orderType).toBe('limit');
    expect(order.venueOrderId?.value).toBe(venue?.txid);
    const newPrice = Price.from(Decimal.from(order.price!).sub(Decimal.fromStr('10.0')).round(1));
    await s.modifyOrder(order, { price: newPrice, quantity: Quantity.fromStr('0.02') });
    await waitFor('updated', () => order.status === 'ACCEPTED' && order.price!.equals(newPrice));
    expect(order.quantity.compare(Quantity.fromStr('0.02'))).toBe(0);
    const amended = simOpen(rig).find((o) => o.clOrdId === order.clientOrderId.value)!;
    expect(Decimal.fromStr(amended.limitPrice!).compare(newPrice)).toBe(0);
    expect(Decimal.fromStr(amended.volume).compare(Quantity.fromStr('0.02'))).toBe(0);
    await s.cancelOrder(order);
    await waitFor('canceled', () => order.status === 'CANCELED');
    expect(simOpen(rig)).toEqual([]);
    expect(s.kinds(order.clientOrderId.value)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderPendingUpdate',
      'OrderUpdated',
      'OrderPendingCancel',
      'OrderCanceled',
    ]);
  });

  it('a market order fills: fee, fee currency, liquidity side and trade id reach the order and the position', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const order = s.orderFactory.market(BTCUSD, 'BUY', Quantity.fromStr('0.01'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('filled', () => order.status === 'FILLED');
    const fills = s.events.filter((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.equals(order.clientOrderId));
    const trades = sim.engine.spot.tradesHistory(rig.accountId).trades.filter((t) => t.ordertxid === order.venueOrderId?.value);
    expect(fills.map((f) => f.tradeId.value).sort()).toEqual(trades.map((t) => t.txid).sort());
    expect(fills.every((f) => f.liquiditySide === 'TAKER')).toBe(true);
    expect(fills[0]!.commission?.currency.code).toBe('USD');
    const fee = fills.reduce((sum, f) => sum.add(Decimal.from(f.commission!)), Decimal.fromInt(0));
    const venueFee = trades.reduce((sum, t) => sum.add(Decimal.fromStr(t.fee)), Decimal.fromInt(0));
    expect(fee.compare(venueFee)).toBe(0);
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.01000000');
  });

  it('every Spot order shape reaches the venue as the shape it is', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const f = s.orderFactory;
    const q = Quantity.fromStr('0.01');
    const below = far(true);
    const above = far(false);
    const nowNs = rig.node.clock.timestampNs();
    const orders: [Order, string][] = [
      [f.limit(BTCUSD, 'BUY', q, below, { clientOrderId: id(), postOnly: true }), 'limit'],
      [f.limit(BTCUSD, 'BUY', Quantity.fromStr('0.15'), below, { clientOrderId: id(), displayQty: Quantity.fromStr('0.01') }), 'iceberg'],
      [f.limit(BTCUSD, 'BUY', q, below, { clientOrderId: id(), timeInForce: 'GTD', expireTime: nowNs + 3_600_000_000_000n }), 'limit'],
      [f.stopMarket(BTCUSD, 'SELL', q, below, { clientOrderId: id() }), 'stop-loss'],
      [f.stopLimit(BTCUSD, 'SELL', q, below, below, { clientOrderId: id() }), 'stop-loss-limit'],
      [f.marketIfTouched(BTCUSD, 'BUY', q, below, { clientOrderId: id() }), 'take-profit'],
      [f.limitIfTouched(BTCUSD, 'SELL', q, above, above, { clientOrderId: id() }), 'take-profit-limit'],
      [f.trailingStopMarket(BTCUSD, 'SELL', q, Decimal.fromStr('500.0'), { clientOrderId: id() }), 'trailing-stop'],
      [
        f.trailingStopLimit(BTCUSD, 'SELL', q, Decimal.fromStr('500.0'), Decimal.fromStr('10.0'), { clientOrderId: id() }),
        'trailing-stop-limit',
      ],
    ];
    for (const [o] of orders) await s.submitOrder(o);
    await waitFor('every shape accepted', () => orders.every(([o]) => o.status === 'ACCEPTED'));
    const open = simOpen(rig);
    for (const [o, type] of orders) expect(open.find((v) => v.clOrdId === o.clientOrderId.value)?.orderType, type).toBe(type);
  });

  it('a GTD order expires at the venue and the order says so', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const expireTime = rig.node.clock.timestampNs() + 10_000_000_000n;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), far(true), {
      clientOrderId: id(),
      timeInForce: 'GTD',
      expireTime,
    });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    sim.advance(11_000);
    await waitFor('expired', () => order.status === 'EXPIRED');
    expect(order.status).toBe('EXPIRED');
    expect(simOpen(rig).some((v) => v.clOrdId === order.clientOrderId.value)).toBe(false);
  });

  it('denied shapes never reach the venue', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const before = venueOrderCount(rig);
    const denied = [
      s.orderFactory.market(BTCUSD, 'BUY', Quantity.fromStr('0.01'), { clientOrderId: id(), timeInForce: 'IOC' }),
      s.orderFactory.stopMarket(BTCUSD, 'SELL', Quantity.fromStr('0.01'), far(true), { clientOrderId: id(), triggerType: 'BID_ASK' }),
      s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.00001'), far(true), { clientOrderId: id() }),
    ];
    for (const o of denied) await s.submitOrder(o);
    expect(denied.map((o) => o.status)).toEqual(['DENIED', 'DENIED', 'DENIED']);
    expect(venueOrderCount(rig)).toBe(before);
  });

  it('an order list over the chunk size goes as batches of 15, split by symbol; cancel-all cancels every symbol', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const legs = Array.from({ length: 17 }, () =>
      s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), far(true), { clientOrderId: id() }),
    );
    const ethPx = Price.from(Decimal.fromStr(sim.engine.spot.ticker('XETHXXBT').bid).mul(Decimal.fromStr('0.8')).round(5));
    legs.push(s.orderFactory.limit(ETHBTC, 'BUY', Quantity.fromStr('0.1'), ethPx, { clientOrderId: id() }));
    legs.push(s.orderFactory.limit(ETHBTC, 'BUY', Quantity.fromStr('0.1'), ethPx, { clientOrderId: id() }));
    await s.submitOrderList(legs);
    await waitFor('all accepted', () => legs.every((o) => o.status === 'ACCEPTED'));
    expect(simOpen(rig)).toHaveLength(19);
    await s.cancelAllOrders(BTCUSD);
    await waitFor('all canceled', () => legs.every((o) => o.status === 'CANCELED'));
    expect(simOpen(rig)).toEqual([]);
  });
});

describe('a venue refusal for rate limits', () => {
  it("an order list's batch Kraken turns away is rejected leg by leg with its reason; the other symbol's batch is placed", async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    sim.faults.venueError('EOrder:Rate limit exceeded', 'batch_add');
    const btc = Array.from({ length: 2 }, () =>
      s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), far(true), { clientOrderId: id() }),
    );
    const ethPx = Price.from(Decimal.fromStr(sim.engine.spot.ticker('XETHXXBT').bid).mul(Decimal.fromStr('0.8')).round(5));
    const eth = Array.from({ length: 2 }, () =>
      s.orderFactory.limit(ETHBTC, 'BUY', Quantity.fromStr('0.1'), ethPx, { clientOrderId: id() }),
    );
    await s.submitOrderList([...btc, ...eth]);
    await waitFor('the refused legs rejected', () => btc.every((o) => o.status === 'REJECTED'));
    await waitFor('the other batch accepted', () => eth.every((o) => o.status === 'ACCEPTED'));
    for (const o of btc) expect((o.lastEvent as OrderRejected).reason).toContain('Rate limit exceeded');
    expect(
      simOpen(rig)
        .map((o) => o.clOrdId)
        .sort(),
    ).toEqual(eth.map((o) => o.clientOrderId.value).sort());
  });
});

describe('the WS order timeout contract', () => {
  it('a lost ack on a resting order: one timed-out OrderRejected, one compensating cancel, nothing left at the venue', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    sim.faults.loseOrderAck('ws');
    const order = s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), far(true), { clientOrderId: id() });
    const submitted = s.submitOrder(order);
    await waitFor('the venue holds the order', () => simOpen(rig!).length === 1);
    sim.advance(1_100);
    await submitted;
    await waitFor('canceled by the compensating cancel', () => order.status === 'CANCELED');
    const rejections = s.events.filter(
      (e): e is OrderRejected => e.kind === 'OrderRejected' && e.clientOrderId.equals(order.clientOrderId),
    );
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.timedOut).toBe(true);
    expect(rig.logs.records.filter((r) => r.message.includes('compensating cancel sent'))).toHaveLength(1);
    expect(simOpen(rig)).toEqual([]);
  });

  it('a late ack on a marketable order: the fill still reaches the order and the position, and no order is left', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    sim.faults.delayOrderAck(3_000, 'ws');
    const order = s.orderFactory.market(BTCUSD, 'BUY', Quantity.fromStr('0.01'), { clientOrderId: id() });
    const submitted = s.submitOrder(order);
    await waitFor('the venue filled it', () => sim.engine.spot.closedOrders(rig!.accountId).count === 1);
    sim.advance(1_100);
    await submitted;
    await waitFor('filled', () => order.status === 'FILLED');
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.01000000');
    expect(simOpen(rig)).toEqual([]);
  });
});

describe('the dead man switch', () => {
  it('armed at start, re-armed on its timer and after a reconnect, disarmed on a clean stop', async () => {
    rig = await startSpotRig(sim, { cancelAllAfterSecs: 60 });
    const dms = rig.spot.deadMansSwitch!;
    expect(dms.armed).toBe(true);
    expect(dms.arms).toBe(1);
    sim.advance(20_000);
    await waitFor('re-armed by the timer', () => dms.arms === 2);
    sim.faults.closeWs('spot-auth');
    // The reconnect backoff runs on the shared manual clock: move it a little at a time.
    await waitFor('re-armed after the reconnect', () => {
      if (dms.arms < 3) sim.advance(20);
      return dms.arms === 3;
    });
    await rig.node.stop();
    expect(dms.armed).toBe(false);
    expect(rig.logs.records.some((r) => r.message.includes("dead man's switch disarmed"))).toBe(true);
    rig = null;
  });
});

describe('Spot margin', () => {
  it('a MARGIN account: leveraged orders over REST at the configured tier, TradeBalance in the account state with one INFO line', async () => {
    rig = await startSpotRig(sim, { spotAccountType: 'MARGIN', defaultLeverage: 2 });
    const s = rig.strategy;
    const state = s.accounts.at(-1)!;
    expect(state.accountType).toBe('MARGIN');
    expect(state.margins).toHaveLength(1);
    expect(Object.keys(state.info)).toEqual(expect.arrayContaining(['equity', 'free_margin', 'unrealized_pnl', 'trade_balance', 'asset']));
    expect(state.info['asset']).toBe('ZUSD');
    const tb = sim.engine.spot.tradeBalance(rig.accountId, 'ZUSD');
    expect(Decimal.fromStr(state.info['equity']!).compare(Decimal.fromStr(tb.e))).toBe(0);
    expect(rig.logs.records.some((r) => r.level === 'INFO' && r.message.startsWith('Margin metrics: equity='))).toBe(true);
    const order = s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), far(true), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    expect(simOpen(rig).find((o) => o.clOrdId === order.clientOrderId.value)?.leverage).toMatch(/^2(:1)?$/);
    const before = simOpen(rig).length;
    const tooMuch = s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), far(true), {
      clientOrderId: id(),
      params: { leverage: 9 },
    });
    await s.submitOrder(tooMuch);
    expect(simOpen(rig)).toHaveLength(before);
    expect(tooMuch.status).toBe('DENIED');
  });
});
