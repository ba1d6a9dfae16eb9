/**
 * What the Spot execution client learns from the venue's state rather than from a request,
 * against the simulator over real sockets through a TradingNode:
 * - the executions stream loses reports (the simulator drops frames) while an order fills: the
 *   sequence gap the next frame shows makes the client read the order's status and fills over
 *   REST, and each fill reaches the order and the position exactly once (by trade id);
 * - Kraken's venue-wide trading status (`cancel_only`, `post_only`, `maintenance` on the `status`
 *   channel) denies the orders it does not allow before anything is sent (the simulator's request
 *   log shows nothing arrived), with the status as the reason; cancels still go out;
 * - the dead man's switch's re-arm is refused: an ERROR line and an execution alert.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderDenied, OrderFilled } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, clientOrderIds, endSpotTest, eventsOf, type SpotRig, startSpotRig, waitFor } from './exec-spot-rig.js';

let sim: TestSim;
let rig: SpotRig | null = null;
let n = 0;
let other = '';
beforeEach(async () => {
  n++;
  other = `spot-vs-other-${process.pid}-${n}`;
  sim = await startTestSim({ market: false, accounts: [{ id: `spot-vs-${process.pid}-${n}` }, { id: other }] });
});
afterEach(async (ctx) => {
  await endSpotTest(ctx, rig, sim);
  rig = null;
});

const id = clientOrderIds('vs');
const q = (text: string): Quantity => Quantity.fromStr(text);
const p = (text: string): Price => Price.fromStr(text);

function simOpen(r: SpotRig) {
  return sim.engine.spot.openOrders(r.accountId);
}
/** Order-entry requests (REST AddOrder / AddOrderBatch, WS add_order / batch_add) the simulator received since `from`. */
function orderEntries(from: number): string[] {
  return sim.requestLog
    .slice(from)
    .map((r) => `${r.server} ${r.path}`)
    .filter((r) => /AddOrder|add_order|batch_add/.test(r));
}

describe('Spot executions gap: orders that closed during the gap', () => {
  it('fills lost from the stream are read over REST once the gap shows, each applied once (by trade id), the order closed', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const order = s.orderFactory.limit(BTCUSD, 'BUY', q('0.03'), p('59000.0'), { clientOrderId: id() });
    await s.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    // A first fill the stream reports.
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.01' });
    await waitFor('the first fill', () => order.status === 'PARTIALLY_FILLED');
    // The rest fills in two trades the stream loses.
    const drop = sim.faults.dropWsMessages('spot-auth', 'executions', 100);
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.005' });
    sim.engine.spot.addOrder(other, { pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '0.015' });
    expect(simOpen(rig)).toEqual([]);
    drop.remove();
    expect(order.status).toBe('PARTIALLY_FILLED');

    // The next executions report (another order) shows the gap.
    const probe = s.orderFactory.limit(BTCUSD, 'BUY', q('0.001'), p('40000.0'), { clientOrderId: id() });
    await s.submitOrder(probe);
    await waitFor('the closed order resolved from REST', () => order.status === 'FILLED');
    expect(rig.logs.records.some((r) => r.level === 'WARNING' && r.message.includes('executions sequence'))).toBe(true);

    const fills = eventsOf(rig, order.clientOrderId, 'OrderFilled');
    const trades = sim.engine.spot.tradesHistory(rig.accountId).trades.filter((t) => t.ordertxid === order.venueOrderId?.value);
    expect(trades).toHaveLength(3);
    expect(fills.map((f: OrderFilled) => f.tradeId.value).sort()).toEqual(trades.map((t) => t.txid).sort());
    expect(fills.map((f) => f.lastQty.toString()).sort()).toEqual(['0.00500000', '0.01000000', '0.01500000']);
    // Each lost fill with its venue fee, not an inferred one.
    for (const f of fills) expect(f.commission!.toString()).toBe(`${trades.find((t) => t.txid === f.tradeId.value)!.fee} USD`);
    expect(order.filledQty.toString()).toBe('0.03000000');
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.03000000');
    // A second gap check reads the same fills again: nothing is applied twice.
    sim.faults.dropWsMessages('spot-auth', 'executions', 1);
    await s.cancelOrder(probe);
    const probe2 = s.orderFactory.limit(BTCUSD, 'BUY', q('0.001'), p('40000.0'), { clientOrderId: id() });
    await s.submitOrder(probe2);
    await waitFor('the probe closed from the second check', () => probe.status === 'CANCELED' && probe2.status === 'ACCEPTED');
    expect(eventsOf(rig, order.clientOrderId, 'OrderFilled')).toHaveLength(3);
    expect(rig.node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.03000000');
  });
});

describe('Kraken Spot venue-wide trading status', () => {
  function denial(r: SpotRig, o: Order): string | undefined {
    return eventsOf(r, o.clientOrderId, 'OrderDenied').map((e: OrderDenied) => e.reason)[0];
  }

  it('cancel_only and maintenance deny every new order before sending, cancels still go; post_only lets only post-only limits through', async () => {
    rig = await startSpotRig(sim);
    const s = rig.strategy;
    const f = s.orderFactory;
    const resting = f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    await s.submitOrder(resting);
    await waitFor('accepted', () => resting.status === 'ACCEPTED');

    sim.setStatus('cancel_only');
    await waitFor('cancel_only seen', () => rig!.spot.systemStatus === 'cancel_only');
    let from = sim.requestLog.length;
    const limit = f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    const market = f.market(BTCUSD, 'BUY', q('0.01'), { clientOrderId: id() });
    const list = [0, 1].map(() => f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() }));
    await s.submitOrder(limit);
    await s.submitOrder(market);
    await s.submitOrderList(list);
    for (const o of [limit, market, ...list]) {
      expect(o.status).toBe('DENIED');
      // An order list is denied as a whole, naming the leg that failed the check.
      expect(denial(rig, o)).toContain('Kraken Spot is cancel_only at Kraken: only cancels are accepted, no new orders');
    }
    await s.modifyOrder(resting, { price: p('50001.0') });
    await waitFor('the amend refused', () => eventsOf(rig!, resting.clientOrderId, 'OrderModifyRejected').length === 1);
    expect(eventsOf(rig, resting.clientOrderId, 'OrderModifyRejected')[0]!.reason).toContain('cancel_only');
    expect(orderEntries(from)).toEqual([]);
    expect(sim.requestLog.slice(from).filter((r) => r.path === 'amend_order' || r.path.endsWith('/AmendOrder'))).toEqual([]);
    await s.cancelOrder(resting);
    await waitFor('canceled', () => resting.status === 'CANCELED');
    expect(sim.requestLog.slice(from).map((r) => r.path)).toContain('cancel_order');

    sim.setStatus('maintenance');
    await waitFor('maintenance seen', () => rig!.spot.systemStatus === 'maintenance');
    from = sim.requestLog.length;
    const duringMaintenance = f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id(), postOnly: true });
    await s.submitOrder(duringMaintenance);
    expect(denial(rig, duringMaintenance)).toBe('Kraken Spot is in maintenance at Kraken: no orders are accepted');

    sim.setStatus('post_only');
    await waitFor('post_only seen', () => rig!.spot.systemStatus === 'post_only');
    const plain = f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    const stop = f.stopMarket(BTCUSD, 'SELL', q('0.01'), p('50000.0'), { clientOrderId: id() });
    const postOnly = f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id(), postOnly: true });
    await s.submitOrder(plain);
    await s.submitOrder(stop);
    expect(denial(rig, plain)).toBe('Kraken Spot is post_only at Kraken: only post-only limit orders are accepted');
    expect(denial(rig, stop)).toBe('Kraken Spot is post_only at Kraken: only post-only limit orders are accepted');
    expect(orderEntries(from)).toEqual([]);
    await s.submitOrder(postOnly);
    await waitFor('the post-only limit accepted', () => postOnly.status === 'ACCEPTED');
    expect(orderEntries(from)).toEqual(['spot-ws add_order']);

    sim.setStatus('online');
    await waitFor('online again', () => rig!.spot.systemStatus === 'online');
    const after = f.limit(BTCUSD, 'BUY', q('0.01'), p('50000.0'), { clientOrderId: id() });
    await s.submitOrder(after);
    await waitFor('accepted once online', () => after.status === 'ACCEPTED');
    expect(
      rig.logs.records.some((r) => r.level === 'WARNING' && r.message.startsWith('Kraken Spot system status: online → cancel_only')),
    ).toBe(true);
  });
});

describe("Kraken Spot dead man's switch: a failed re-arm", () => {
  it('is an ERROR line and an execution alert, never silence; the next timer re-arms', async () => {
    rig = await startSpotRig(sim, { cancelAllAfterSecs: 60 });
    const dms = rig.spot.deadMansSwitch!;
    expect(dms.arms).toBe(1);
    sim.faults.venueError('EService:Unavailable', 'cancel_all_orders_after');
    sim.advance(20_000);
    await waitFor('the alert', () => rig!.strategy.alerts.length === 1);
    const alert = rig.strategy.alerts[0]!;
    expect(alert.kind).toBe('DEAD_MANS_SWITCH_REARM_FAILED');
    expect(alert.message).toContain('EService:Unavailable');
    expect(rig.logs.records.some((r) => r.level === 'ERROR' && r.message.includes("dead man's switch re-arm failed (timer)"))).toBe(true);
    expect(dms.arms).toBe(1);
    sim.advance(20_000);
    await waitFor('re-armed by the next timer', () => dms.arms === 2);
    expect(rig.strategy.alerts).toHaveLength(1);
  });
});
