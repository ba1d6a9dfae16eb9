/**
 * Validate-only trading (`validateOrders: true`) against the simulator through a TradingNode:
 * every Spot order goes to Kraken's REST AddOrder with its validate flag, Kraken places nothing,
 * and the order ends rejected with the outcome as its reason; a refusal keeps Kraken's own reason.
 * Kraken Futures has no validate flag, so its orders are denied before anything is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId } from '../../../src/model/identifiers.js';
import type { OrderDenied, OrderRejected } from '../../../src/model/order-events.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, startSpotRig, waitFor, type SpotRig } from './exec-spot-rig.js';
import { PF, startFuturesRig, type FuturesRig } from './futures-exec-rig.js';

let sim: TestSim | null = null;
let spot: SpotRig | null = null;
let futures: FuturesRig | null = null;
let n = 0;
afterEach(async () => {
  await spot?.node.stop();
  await futures?.stop();
  await sim?.close();
  spot = futures = sim = null;
});

const id = (): ClientOrderId => new ClientOrderId(`val-${process.pid % 1000}-${++n}`);

describe('validate-only trading', () => {
  it('Spot: each order is validated by Kraken over REST and rejected as not placed; nothing rests or fills at the venue', async () => {
    sim = await startTestSim({ accounts: [{ id: `validate-${process.pid}-${++n}` }] });
    spot = await startSpotRig(sim, { validateOrders: true });
    const s = spot.strategy;
    const accountId = spot.accountId;
    const venueOrders = () => sim!.engine.spot.openOrders(accountId).length + sim!.engine.spot.closedOrders(accountId).count;
    const addOrders = () => sim!.requestLog.filter((r) => r.path === '/0/private/AddOrder').length;
    const before = { orders: venueOrders(), adds: addOrders(), ws: sim.requestLog.filter((r) => r.server === 'spot-ws').length };
    const bid = Decimal.fromStr(sim.engine.spot.ticker('XXBTZUSD').bid);
    const resting = s.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.from(bid.mul(Decimal.fromStr('0.9')).round(1)), {
      clientOrderId: id(),
    });
    const market = s.orderFactory.market(BTCUSD, 'BUY', Quantity.fromStr('0.01'), { clientOrderId: id() });
    // More than the account can pay for: Kraken's refusal, with Kraken's reason.
    const unaffordable = s.orderFactory.limit(
      BTCUSD,
      'BUY',
      Quantity.fromStr('100000'),
      Price.from(bid.mul(Decimal.fromStr('0.9')).round(1)),
      {
        clientOrderId: id(),
      },
    );
    await s.submitOrder(resting);
    await s.submitOrderList([market, unaffordable]);
    await waitFor('every order rejected', () => [resting, market, unaffordable].every((o) => o.status === 'REJECTED'));
    const refusal = s.events.find((e) => e.clientOrderId.equals(unaffordable.clientOrderId) && e.kind === 'OrderRejected') as OrderRejected;
    expect(refusal.reason).toMatch(/Insufficient funds/);
    for (const o of [resting, market]) {
      const rejected = s.events.find((e) => e.clientOrderId.equals(o.clientOrderId) && e.kind === 'OrderRejected') as OrderRejected;
      expect(rejected.reason).toMatch(/^validate only: Kraken accepted ".+" and did not place it$/);
      expect(rejected.timedOut).toBe(false);
      expect(s.kinds(o.clientOrderId.value)).not.toContain('OrderAccepted');
    }
    // All three went to Kraken's REST AddOrder (never the WS), and the venue holds no order from them.
    expect(addOrders() - before.adds).toBe(3);
    expect(sim.requestLog.filter((r) => r.server === 'spot-ws').length).toBe(before.ws);
    expect(venueOrders()).toBe(before.orders);
  });

  it('Futures: denied before anything is sent, naming the mode', async () => {
    sim = await startTestSim({ accounts: [{ id: `validate-f-${process.pid}-${++n}` }] });
    futures = await startFuturesRig(sim, { config: { validateOrders: true } });
    const before = sim.requestLog.filter((r) => r.server === 'futures-rest' && r.path.endsWith('/sendorder')).length;
    const order = futures.trader.orderFactory.market(PF, 'BUY', Quantity.fromStr('0.001'), { clientOrderId: id() });
    await futures.trader.submitOrder(order);
    await waitFor('the order denied', () => order.status === 'DENIED');
    const denied = futures.trader.events.find((e) => e.kind === 'OrderDenied') as OrderDenied;
    expect(denied.reason).toMatch(/Kraken Futures has no validate-only order entry/);
    expect(sim.requestLog.filter((r) => r.server === 'futures-rest' && r.path.endsWith('/sendorder')).length).toBe(before);
  });
});
