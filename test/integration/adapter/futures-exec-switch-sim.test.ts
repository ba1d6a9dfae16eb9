/**
 * The Futures dead man's switch through a TradingNode against the simulator, on one manual clock
 * shared by the node, its WS clients and the venue: armed at start, re-armed on its timer and after
 * a reconnect, a failed re-arm reported (ERROR line and event), disarmed on a clean stop, and what
 * the venue does with it (orders cancelled when the window runs out, kept when disarmed). On both
 * Futures APIs: REST `cancelallordersafter` (legacy) and UWS `cancel_all_orders_after` (unified).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { API_CALLS, FUTURES_APIS, orderRequests, PF, startFuturesRig, until, type FuturesRig } from './futures-exec-rig.js';

describe.each(FUTURES_APIS)("Kraken Futures dead man's switch (futuresApi %s)", (api) => {
  let sim: TestSim;
  let rig: FuturesRig;
  /** Where the switch's call goes: the REST path (legacy) or the UWS method (unified). */
  const SWITCH = api === 'legacy' ? '/derivatives/api/v3/cancelallordersafter' : 'cancel_all_orders_after';
  beforeEach(async () => {
    sim = await startTestSim({ market: false });
    rig = await startFuturesRig(sim, {
      api,
      clock: sim.manual,
      config: { cancelAllAfterSecs: 6 },
      product: { wsTuning: { backoff: { initialMs: 20, multiplier: 1, maxMs: 20 } } },
    });
  });
  afterEach(async () => {
    if (rig.node.state === 'RUNNING') await rig.stop();
    await sim.close();
  });

  const switchCalls = (): number => orderRequests(sim).filter((r) => r === API_CALLS[api].deadManSwitch).length;
  const causes = (): string[] => rig.switchEvents.map((e) => `${e.action}:${e.cause}`);

  it('is armed at start, re-armed every third of the window and after a reconnect, and disarmed on a clean stop', async () => {
    expect(causes()).toEqual(['armed:start']);
    expect(switchCalls()).toBe(1);
    expect(rig.futures.deadManSwitch?.isArmed).toBe(true);

    sim.advance(2000);
    await until('timer re-arm', () => causes().includes('rearmed:timer'));
    expect(switchCalls()).toBe(2);

    const order = rig.trader.orderFactory.limit(PF, 'BUY', Quantity.fromStr('0.0010'), Price.fromStr('50000'));
    await rig.trader.submitOrder(order);
    await until('accepted', () => order.status === 'ACCEPTED');

    sim.faults.closeWs(api === 'legacy' ? 'futures' : 'unified');
    await until('reconnect re-arm', () => {
      if (!causes().includes('rearmed:reconnect')) sim.manual.advance(20);
      return causes().includes('rearmed:reconnect');
    });
    // The window never ran out: the order is still open at the venue.
    expect(sim.engine.futures.openOrders(rig.account.id)).toHaveLength(1);

    await rig.stop();
    expect(causes().at(-1)).toBe('disarmed:stop');
    expect(rig.futures.deadManSwitch?.isArmed).toBe(false);
    // Disarmed at the venue: long past the window, the order is still there.
    sim.advance(60_000);
    expect(sim.engine.futures.openOrders(rig.account.id)).toHaveLength(1);
  });

  it('a failed re-arm is an ERROR line and an event, and the next timer tries again', async () => {
    sim.faults.venueError('apiLimitExceeded', SWITCH);
    sim.advance(2000);
    await until('failure reported', () => causes().includes('failed:timer'));
    const failed = rig.switchEvents.find((e) => e.action === 'failed');
    expect(failed?.error).toMatch(/apiLimitExceeded/);
    expect(rig.logs.records.some((r) => r.level === 'ERROR' && /dead man's switch re-arm failed \(timer\)/.test(r.message))).toBe(true);
    sim.advance(2000);
    await until('re-armed after the failure', () => causes().includes('rearmed:timer'));
  });

  it('when the client stops re-arming (no clean stop), the venue cancels the open orders once the window runs out', async () => {
    const order = rig.trader.orderFactory.limit(PF, 'BUY', Quantity.fromStr('0.0010'), Price.fromStr('50000'));
    await rig.trader.submitOrder(order);
    await until('accepted', () => order.status === 'ACCEPTED');
    rig.futures.deadManSwitch?.stop();
    sim.advance(6001);
    await until('cancelled by the venue', () => order.status === 'CANCELED');
    const canceled = rig.trader.events.find((e) => e.kind === 'OrderCanceled');
    expect(canceled).toMatchObject({ reason: 'dead_man_switch' });
  });
});
