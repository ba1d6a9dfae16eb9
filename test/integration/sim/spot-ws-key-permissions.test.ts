/**
 * Key permissions on the simulator's Spot WS v2 auth endpoint. A token carries the permissions of
 * the key that fetched it: a key without order permissions ('trade') may subscribe to its private
 * channels, but every trading request is answered `EGeneral:Permission denied` and changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, WsProbe, wsTokenOf, type TestSim } from './helpers.js';

let sim: TestSim;
const open: WsProbe[] = [];
beforeEach(async () => {
  sim = await startTestSim({
    market: false,
    limits: false,
    accounts: [
      { id: 'spot-trader', spotPermissions: ['query', 'trade', 'websocket'] },
      { id: 'spot-reader', spotPermissions: ['query', 'websocket'] },
    ],
  });
});
afterEach(async () => {
  for (const p of open.splice(0)) p.close();
  await sim.close();
});

const tokenOf = (account: number): Promise<string> => wsTokenOf(sim, account);

async function authProbe(): Promise<WsProbe> {
  const p = await WsProbe.open(sim.urls.spotWsAuth);
  open.push(p);
  return p;
}

const LIMIT = { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 20000 };

describe('Spot WS v2: a key without order permissions', () => {
  it('every trading method is answered EGeneral:Permission denied, and no order is created or changed', async () => {
    const reader = sim.accounts[1]!.id;
    sim.engine.spot.addOrder(reader, {
      pair: 'BTC/USD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.01',
      price: { kind: 'absolute', value: '20000.0' },
    });
    const before = sim.engine.spot.openOrders(reader);
    expect(before).toHaveLength(1);
    const orderId = before[0]!.txid;
    const token = await tokenOf(1);
    const requests: [string, Record<string, unknown>][] = [
      ['add_order', { token, ...LIMIT }],
      ['batch_add', { token, symbol: 'BTC/USD', orders: [LIMIT, { ...LIMIT, limit_price: 20001 }].map(({ symbol: _s, ...o }) => o) }],
      ['amend_order', { token, order_id: orderId, limit_price: 20500 }],
      ['edit_order', { token, order_id: orderId, symbol: 'BTC/USD', limit_price: 20500 }],
      ['cancel_order', { token, order_id: [orderId] }],
      ['batch_cancel', { token, orders: [orderId] }],
      ['cancel_all', { token }],
      ['cancel_all_orders_after', { token, timeout: 60 }],
    ];
    const ws = await authProbe();
    requests.forEach(([method, params], i) => ws.send({ method, params, req_id: 100 + i }));
    for (const [i, [method]] of requests.entries()) {
      expect(await ws.next((m) => m.req_id === 100 + i)).toMatchObject({ method, success: false, error: 'EGeneral:Permission denied' });
    }
    expect(sim.engine.spot.openOrders(reader)).toEqual(before);
    // The refused dead man's switch was never armed: past its timeout the order still rests.
    sim.advance(61_000);
    expect(sim.engine.spot.openOrders(reader)).toEqual(before);
  });

  it('it still subscribes to its executions, and a key with order permissions trades as before', async () => {
    const reader = await authProbe();
    reader.send({ method: 'subscribe', params: { channel: 'executions', token: await tokenOf(1) }, req_id: 1 });
    expect(await reader.next((m) => m.req_id === 1)).toMatchObject({ method: 'subscribe', success: true });
    const trader = await authProbe();
    trader.send({ method: 'add_order', params: { token: await tokenOf(0), ...LIMIT }, req_id: 2 });
    const added = await trader.next((m) => m.req_id === 2);
    expect(added).toMatchObject({ method: 'add_order', success: true });
    expect(sim.engine.spot.openOrders(sim.accounts[0]!.id).map((o) => o.txid)).toEqual([added.result.order_id]);
  });
});
