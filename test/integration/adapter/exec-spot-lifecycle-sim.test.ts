/**
 * Kraken Spot order lifecycles through a TradingNode and a strategy, against the simulator over
 * real sockets, on a quiet market (no generated flow) where other accounts make every trade: a
 * limit order amended, then partly and fully filled; stop-loss and take-profit orders whose
 * triggers fire on a trade and that then fill; a margin order filled into a venue position; a
 * leveraged stop-loss triggered and filled into a short margin position.
 * Every event is compared with the simulator's own order and trade records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientOrderId } from '../../../src/model/identifiers.js';
import type { OrderFilled } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, clientOrderIds, endSpotTest, type SpotRig, startSpotRig, waitFor } from './exec-spot-rig.js';

let sim: TestSim;
let rig: SpotRig | null = null;
let n = 0;
let trader = '';
let other = '';
let third = '';
beforeEach(async () => {
  // Own accounts (so own API keys) per test: a key's rate limiter lives as long as the process.
  n++;
  trader = `spot-life-${process.pid}-${n}`;
  other = `spot-life-other-${process.pid}-${n}`;
  third = `spot-life-third-${process.pid}-${n}`;
  sim = await startTestSim({ market: false, accounts: [{ id: trader }, { id: other }, { id: third }] });
});
afterEach(async (ctx) => {
  await endSpotTest(ctx, rig, sim);
  rig = null;
});

const id = clientOrderIds('l');
const q = (text: string): Quantity => Quantity.fromStr(text);
const p = (text: string): Price => Price.fromStr(text);
const px = (value: string) => ({ kind: 'absolute' as const, value });

function fillsOf(r: SpotRig, coid: ClientOrderId): OrderFilled[] {
  return r.strategy.events.filter((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.equals(coid));
}
function venueTrades(r: SpotRig, txid: string | undefined) {
  return sim.engine.spot.tradesHistory(r.accountId).trades.filter((t) => t.ordertxid === txid);
}

/** A trigger order's whole life, once each: accepted, triggered, filled by one venue trade with this quantity, price and side. */
function expectTriggeredThenFilled(r: SpotRig, order: Order, fill: [qty: string, px: string, liquidity: 'MAKER' | 'TAKER']): void {
  expect(r.strategy.kinds(order.clientOrderId.value)).toEqual([
    'OrderInitialized',
    'OrderSubmitted',
    'OrderAccepted',
    'OrderTriggered',
    'OrderFilled',
  ]);
  const fills = fillsOf(r, order.clientOrderId);
  expect(fills.map((f) => [f.lastQty.toString(), f.lastPx.toString(), f.liquiditySide])).toEqual([fill]);
  expect(fills[0]!.tradeId.value).toBe(venueTrades(r, order.venueOrderId?.value)[0]?.txid);
}

describe('Kraken Spot lifecycle through a node (cash)', () => {
  it('submit, amend, partial fill, fill: every event once and in order, each fill with its exact quantity, price and trade id', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('59000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    await s.modifyOrder(order, { quantity: q('0.02') });
    await waitFor('amended', () => order.status === 'ACCEPTED' && order.quantity.compare(q('0.02')) === 0);

    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.005', price: px('59000.0') });
    await waitFor('partially filled', () => order.status === 'PARTIALLY_FILLED');
    expect(order.filledQty.toString()).toBe('0.00500000');
    expect(order.leavesQty.compare(q('0.015'))).toBe(0);
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.015' });
    await waitFor('filled', () => order.status === 'FILLED');

    expect(s.kinds(order.clientOrderId.value)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderPendingUpdate',
      'OrderUpdated',
      'OrderFilled',
      'OrderFilled',
    ]);
    const fills = fillsOf(rig, order.clientOrderId);
    expect(fills.map((f) => f.lastQty.toString())).toEqual(['0.00500000', '0.01500000']);
    expect(fills.map((f) => f.lastPx.toString())).toEqual(['59000.0', '59000.0']);
    expect(fills.every((f) => f.liquiditySide === 'MAKER')).toBe(true);
    const trades = venueTrades(rig, order.venueOrderId?.value);
    expect(fills.map((f) => f.tradeId.value).sort()).toEqual(trades.map((t) => t.txid).sort());
    expect(fills.map((f) => f.commission!.toString())).toEqual(
      fills.map((f) => `${trades.find((t) => t.txid === f.tradeId.value)!.fee} USD`),
    );
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.02000000');
    expect(sim.engine.spot.openOrders(rig.accountId)).toEqual([]);
  });

  it('a stop-loss and a take-profit: each accepted, triggered by a trade through its trigger (last price), then filled', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    // Liquidity on both sides for the triggered orders to take. Before any trade the venue's
    // reference price is the mid (60000.0): above both triggers, so neither fires yet.
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.05', price: px('59000.0') });
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.05', price: px('61000.0') });
    const stop = s.orderFactory.stopMarket(BTCUSD, 'SELL', q('0.01'), p('59500.0'), { clientOrderId: id() });
    const takeProfit = s.orderFactory.marketIfTouched(BTCUSD, 'BUY', q('0.01'), p('59200.0'), { clientOrderId: id() });
    await s.submitOrder(stop);
    await s.submitOrder(takeProfit);
    await waitFor('both accepted', () => stop.status === 'ACCEPTED' && takeProfit.status === 'ACCEPTED');
    const venue = sim.engine.spot.openOrders(rig.accountId);
    expect(venue.find((o) => o.clOrdId === stop.clientOrderId.value)?.orderType).toBe('stop-loss');
    expect(venue.find((o) => o.clOrdId === takeProfit.clientOrderId.value)?.orderType).toBe('take-profit');

    // A trade at 59000.0 between the two other accounts: at or below both triggers.
    sim.engine.spot.addOrder(third, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.01' });
    await waitFor('both filled', () => stop.status === 'FILLED' && takeProfit.status === 'FILLED');

    expectTriggeredThenFilled(rig, stop, ['0.01000000', '59000.0', 'TAKER']);
    expectTriggeredThenFilled(rig, takeProfit, ['0.01000000', '61000.0', 'TAKER']);
    // Sold 0.01 and bought 0.01: flat.
    expect(rig.node.cache.position(BTCUSD)?.quantity.isZero()).toBe(true);
  });
});

describe('Kraken Spot trigger-limit lifecycles through a node', () => {
  it('a stop-loss-limit and a take-profit-limit: accepted, triggered by a trade, resting at their limits, then filled as makers', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.05', price: px('59000.0') });
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.05', price: px('61000.0') });
    const stopLimit = s.orderFactory.stopLimit(BTCUSD, 'SELL', q('0.01'), p('59400.0'), p('59500.0'), { clientOrderId: id() });
    const tpLimit = s.orderFactory.limitIfTouched(BTCUSD, 'BUY', q('0.01'), p('59300.0'), p('59200.0'), { clientOrderId: id() });
    await s.submitOrder(stopLimit);
    await s.submitOrder(tpLimit);
    await waitFor('both accepted', () => stopLimit.status === 'ACCEPTED' && tpLimit.status === 'ACCEPTED');
    const venue = sim.engine.spot.openOrders(rig.accountId);
    expect(venue.find((o) => o.clOrdId === stopLimit.clientOrderId.value)?.orderType).toBe('stop-loss-limit');
    expect(venue.find((o) => o.clOrdId === tpLimit.clientOrderId.value)?.orderType).toBe('take-profit-limit');

    // A trade at 59000.0 between the other accounts fires both triggers; neither limit can take
    // the book (best bid 59000.0 below the sell's 59400.0, best ask 61000.0 above the buy's 59300.0).
    sim.engine.spot.addOrder(third, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.01' });
    await waitFor('both triggered', () => stopLimit.status === 'TRIGGERED' && tpLimit.status === 'TRIGGERED');
    expect(fillsOf(rig, stopLimit.clientOrderId)).toEqual([]);
    expect(fillsOf(rig, tpLimit.clientOrderId)).toEqual([]);

    // Each resting limit is then taken by another account at its price.
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.01', price: px('59400.0') });
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.01', price: px('59300.0') });
    await waitFor('both filled', () => stopLimit.status === 'FILLED' && tpLimit.status === 'FILLED');

    expectTriggeredThenFilled(rig, stopLimit, ['0.01000000', '59400.0', 'MAKER']);
    expectTriggeredThenFilled(rig, tpLimit, ['0.01000000', '59300.0', 'MAKER']);
    expect(sim.engine.spot.openOrders(rig.accountId)).toEqual([]);
  });
});

describe('Kraken Spot refusals through a node', () => {
  it("a venue refusal: one OrderRejected with Kraken's reason, never accepted, nothing at the venue", async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    // 10 BTC at 59000.0 costs far more than the account's 100000 USD.
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('10'), p('59000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('rejected', () => order.status === 'REJECTED');
    expect(s.kinds(order.clientOrderId.value)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderRejected']);
    const rejected = s.events.find((e) => e.kind === 'OrderRejected' && e.clientOrderId.equals(order.clientOrderId));
    expect(rejected?.kind === 'OrderRejected' && rejected.reason).toContain('EOrder:Insufficient funds');
    expect(rejected?.kind === 'OrderRejected' && rejected.timedOut).toBe(false);
    expect(sim.engine.spot.openOrders(rig.accountId)).toEqual([]);
  });
});

describe('Kraken Spot lifecycle through a node (margin)', () => {
  it('a leveraged limit order partly then fully filled: the fills reach the order and the position, and the venue holds the margin position', async () => {
    rig = await startSpotRig(sim, { spotAccountType: 'MARGIN', defaultLeverage: 2 });
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.02'), p('59000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    expect(sim.engine.spot.openOrders(rig.accountId)[0]?.leverage).toMatch(/^2(:1)?$/);
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.005', price: px('59000.0') });
    await waitFor('partially filled', () => order.status === 'PARTIALLY_FILLED');
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.015' });
    await waitFor('filled', () => order.status === 'FILLED');
    expect(fillsOf(rig, order.clientOrderId).map((f) => f.lastQty.toString())).toEqual(['0.00500000', '0.01500000']);
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.02000000');
    const venuePositions = sim.engine.spot.openPositions(rig.accountId);
    const venueVolume = venuePositions.reduce((sum, v) => sum.add(Decimal.fromStr(v.vol)), Decimal.fromInt(0));
    expect(venueVolume.compare(Decimal.fromStr('0.02'))).toBe(0);
  });

  it('a leveraged stop-loss (per-order leverage) accepted, triggered by a trade through its trigger, then filled: the venue holds the short margin position', async () => {
    rig = await startSpotRig(sim, { spotAccountType: 'MARGIN' });
    const s = rig.strategy;
    // A bid for the triggered stop to sell into, and an ask; the reference price (mid 60000.0) is above the trigger.
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.05', price: px('59000.0') });
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.05', price: px('61000.0') });
    const stop = s.orderFactory.stopMarket(BTCUSD, 'SELL', q('0.01'), p('59500.0'), { clientOrderId: id(), params: { leverage: 2 } });
    await s.submitOrder(stop);
    await waitFor('accepted', () => stop.status === 'ACCEPTED');
    const venue = sim.engine.spot.openOrders(rig.accountId).find((o) => o.clOrdId === stop.clientOrderId.value);
    expect([venue?.orderType, venue?.leverage]).toEqual(['stop-loss', expect.stringMatching(/^2(:1)?$/)]);
    expect(stop.status).toBe('ACCEPTED');

    // A trade at 59000.0 between the two other accounts: through the trigger.
    sim.engine.spot.addOrder(third, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.01' });
    await waitFor('filled', () => stop.status === 'FILLED');
    expectTriggeredThenFilled(rig, stop, ['0.01000000', '59000.0', 'TAKER']);
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.01000000');
    expect(rig.node.cache.position(BTCUSD)?.side).toBe('SHORT');
    // The venue opened a leveraged short for the stop's order, of the filled volume.
    const positions = sim.engine.spot.openPositions(rig.accountId);
    expect(positions.map((v) => [v.ordertxid, v.side, v.leverage])).toEqual([
      [stop.venueOrderId?.value, 'sell', expect.stringMatching(/^2(:1)?$/)],
    ]);
    expect(Decimal.fromStr(positions[0]!.vol).compare(Decimal.fromStr('0.01'))).toBe(0);
    expect(sim.engine.spot.openOrders(rig.accountId).filter((o) => o.clOrdId === stop.clientOrderId.value)).toEqual([]);
  });

  it('a leveraged order amended, then cancelled, then a leveraged GTD order expiring: each event once, nothing left at the venue', async () => {
    rig = await startSpotRig(sim, { spotAccountType: 'MARGIN', defaultLeverage: 2 });
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    await s.modifyOrder(order, { price: p('50100.0'), quantity: q('0.02') });
    await waitFor('amended', () => order.price?.toString() === '50100.0' && order.status === 'ACCEPTED');
    const venue = sim.engine.spot.openOrders(rig.accountId)[0]!;
    expect([venue.limitPrice, venue.leverage]).toEqual(['50100.0', expect.stringMatching(/^2(:1)?$/)]);
    expect(Decimal.fromStr(venue.volume).compare(Decimal.fromStr('0.02'))).toBe(0);
    await s.cancelOrder(order);
    await waitFor('canceled', () => order.status === 'CANCELED');
    expect(s.kinds(order.clientOrderId.value)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderPendingUpdate',
      'OrderUpdated',
      'OrderPendingCancel',
      'OrderCanceled',
    ]);

    const gtd = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), {
      clientOrderId: id(),
      timeInForce: 'GTD',
      expireTime: rig.node.clock.timestampNs() + 10_000_000_000n,
    });
    await s.submitOrder(gtd);
    await waitFor('GTD accepted', () => gtd.status === 'ACCEPTED');
    sim.advance(11_000);
    await waitFor('expired', () => gtd.status === 'EXPIRED');
    expect(s.kinds(gtd.clientOrderId.value)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderExpired']);
    expect(sim.engine.spot.openOrders(rig.accountId)).toEqual([]);
  });
});
