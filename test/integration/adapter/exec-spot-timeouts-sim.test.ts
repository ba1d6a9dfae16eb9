/**
 * The Spot WS timeout contract against the simulator's ack faults, beyond the lost ack on a
 * resting order and the late ack on a marketable one (exec-spot-orders-sim.test.ts): a late ack on
 * a resting order, a lost ack on a marketable one, a compensating cancel that fails before the
 * order fills, and amend / cancel requests that time out (OrderModifyRejected /
 * OrderCancelRejected), each followed until the node agrees with the venue again. Each test
 * ends with zero orphan orders at the simulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, clientOrderIds, endSpotTest, eventsOf, type SpotRig, startSpotRig, waitFor } from './exec-spot-rig.js';

let sim: TestSim;
let rig: SpotRig | null = null;
let n = 0;
let other = '';
beforeEach(async () => {
  n++;
  other = `spot-to-other-${process.pid}-${n}`;
  sim = await startTestSim({ market: false, accounts: [{ id: `spot-to-${process.pid}-${n}` }, { id: other }] });
});
afterEach(async (ctx) => {
  await endSpotTest(ctx, rig, sim);
  rig = null;
});

const id = clientOrderIds('to');
const q = (text: string): Quantity => Quantity.fromStr(text);
const p = (text: string): Price => Price.fromStr(text);
const px = (value: string) => ({ kind: 'absolute' as const, value });

/** The Spot WS trading requests the simulator received since `from`, by method. */
function wsRequests(from: number, method: string): number {
  return sim.requestLog.slice(from).filter((r) => r.server === 'spot-ws' && r.path === method).length;
}
function simOpen(r: SpotRig) {
  return sim.engine.spot.openOrders(r.accountId);
}
/** Some other order's executions report, so that the node sees the sequence gap a dropped frame left. */
async function anotherOrder(r: SpotRig): Promise<void> {
  const probe = r.strategy.orderFactory.limit(BTCUSD, 'BUY', q('0.001'), p('40000.0'), { clientOrderId: id() });
  await r.strategy.submitOrder(probe);
  await waitFor('the probe accepted', () => probe.status === 'ACCEPTED');
  await r.strategy.cancelOrder(probe);
  await waitFor('the probe canceled', () => probe.status === 'CANCELED');
}

describe('the Spot WS timeout contract, every case', () => {
  it('a late ack on a resting order: one timed-out OrderRejected stamped when the timeout fired, one compensating cancel, the late answer ignored', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    // The delay runs on the simulator's wall clock (real time); the request timeout on the shared manual clock.
    sim.faults.delayOrderAck(5_000, 'ws');
    let unmatched = 0;
    rig.spot.ws.on('response', (r) => {
      if (!r.matched && r.ack.method === 'add_order') unmatched++;
    });
    const from = sim.requestLog.length;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    const submitted = s.submitOrder(order);
    // The executions stream says the venue took it; then the request times out.
    await waitFor('accepted from the executions stream', () => order.status === 'ACCEPTED' && simOpen(rig!).length === 1);
    sim.advance(1_100);
    const firedAt = rig.node.clock.timestampNs();
    await submitted;
    await waitFor('canceled by the compensating cancel', () => order.status === 'CANCELED');
    const rejections = eventsOf(rig, order.clientOrderId, 'OrderRejected');
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.timedOut).toBe(true);
    expect(rejections[0]!.tsEvent).toBe(firedAt);
    expect(wsRequests(from, 'add_order')).toBe(1);
    expect(wsRequests(from, 'cancel_order')).toBe(1);
    // The late answer arrives after its request gave up: nothing changes.
    await waitFor('the late answer delivered', () => unmatched === 1);
    expect(order.status).toBe('CANCELED');
    expect(eventsOf(rig, order.clientOrderId, 'OrderRejected')).toHaveLength(1);
    expect(sim.requestLog.slice(from).filter((r) => r.server === 'spot-rest' && r.path.endsWith('/AddOrder'))).toEqual([]);
    expect(simOpen(rig)).toEqual([]);
  });

  it('a lost ack on a marketable order: the fill reaches the order and the position, the compensating cancel finds nothing, no orphan', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.05', price: px('60000.0') });
    sim.faults.loseOrderAck('ws');
    const from = sim.requestLog.length;
    const order = s.orderFactory.market(BTCUSD, 'BUY', q('0.01'), { clientOrderId: id() });
    const submitted = s.submitOrder(order);
    await waitFor('filled from the executions stream', () => order.status === 'FILLED');
    sim.advance(1_100);
    await submitted;
    expect(wsRequests(from, 'cancel_order')).toBe(1);
    expect(rig.logs.records.some((r) => r.message.includes(`compensating cancel of ${order.clientOrderId.value}`))).toBe(true);
    // Filled before the timeout fired: the fill is the outcome, never a rejection.
    expect(order.status).toBe('FILLED');
    expect(eventsOf(rig, order.clientOrderId, 'OrderRejected')).toEqual([]);
    expect(eventsOf(rig, order.clientOrderId, 'OrderFilled').map((f) => f.lastQty.toString())).toEqual(['0.01000000']);
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.01000000');
    expect(simOpen(rig)).toEqual([]);
  });

  it('a timed-out submit whose compensating cancel fails: the order fills later, the fill reaches the order and the position, no orphan', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    sim.faults.loseOrderAck('ws');
    sim.faults.venueError('EService:Unavailable', 'cancel_order');
    const from = sim.requestLog.length;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('59000.0'), { clientOrderId: id() });
    const submitted = s.submitOrder(order);
    // The executions stream says the venue took it; then the request times out.
    await waitFor('accepted from the executions stream', () => order.status === 'ACCEPTED' && simOpen(rig!).length === 1);
    sim.advance(1_100);
    await submitted;
    await waitFor('the compensating cancel refused', () =>
      rig!.logs.records.some((r) => r.message === `Kraken Spot compensating cancel of ${order.clientOrderId.value}: EService:Unavailable`),
    );
    expect(order.status).toBe('REJECTED');
    expect(order.rejectedByTimeout).toBe(true);
    expect(wsRequests(from, 'cancel_order')).toBe(1);
    expect(simOpen(rig)).toHaveLength(1);

    // The order the node gave up on is still working at the venue, and fills.
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.01' });
    await waitFor('the late fill applied', () => order.status === 'FILLED');
    expect(s.kinds(order.clientOrderId.value)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderRejected',
      'OrderAccepted',
      'OrderFilled',
    ]);
    const fills = eventsOf(rig, order.clientOrderId, 'OrderFilled');
    expect(fills.map((f) => [f.lastQty.toString(), f.lastPx.toString()])).toEqual([['0.01000000', '59000.0']]);
    expect(fills[0]!.tradeId.value).toBe(sim.engine.spot.tradesHistory(rig.accountId).trades[0]?.txid);
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.01000000');
    expect(simOpen(rig)).toEqual([]);
  });

  it('an amend with no answer: OrderModifyRejected (timed out), then the venue view adopted once the stream shows its gap', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    // The venue amends; neither its answer nor its executions report reaches the node.
    sim.faults.loseOrderAck('ws');
    sim.faults.dropWsMessages('spot-auth', 'executions', 1);
    const modified = s.modifyOrder(order, { price: p('50100.0') });
    await waitFor('the venue amended', () => simOpen(rig!)[0]?.limitPrice === '50100.0');
    sim.advance(1_100);
    await modified;
    await waitFor('modify rejected', () => order.status === 'ACCEPTED');
    const rejected = eventsOf(rig, order.clientOrderId, 'OrderModifyRejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.timedOut).toBe(true);
    expect(order.price?.toString()).toBe('50000.0');

    await anotherOrder(rig);
    await waitFor('the venue price adopted', () => order.price?.toString() === '50100.0');
    expect(s.kinds(order.clientOrderId.value)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderPendingUpdate',
      'OrderModifyRejected',
      'OrderUpdated',
    ]);
    await s.cancelOrder(order);
    await waitFor('canceled', () => order.status === 'CANCELED');
    expect(simOpen(rig)).toEqual([]);
  });

  it('a cancel with no answer: OrderCancelRejected (timed out), then the order closed once the stream shows its gap', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    sim.faults.loseOrderAck('ws');
    sim.faults.dropWsMessages('spot-auth', 'executions', 1);
    const canceled = s.cancelOrder(order);
    await waitFor('the venue canceled', () => simOpen(rig!).length === 0);
    sim.advance(1_100);
    await canceled;
    await waitFor('cancel rejected', () => order.status === 'ACCEPTED');
    const rejected = eventsOf(rig, order.clientOrderId, 'OrderCancelRejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.timedOut).toBe(true);

    await anotherOrder(rig);
    await waitFor('closed from the venue status', () => order.status === 'CANCELED');
    expect(s.kinds(order.clientOrderId.value)).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderPendingCancel',
      'OrderCancelRejected',
      'OrderCanceled',
    ]);
    expect(simOpen(rig)).toEqual([]);
  });
});
