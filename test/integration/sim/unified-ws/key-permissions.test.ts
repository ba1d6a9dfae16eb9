/**
 * Key permissions on the simulator's Unified WebSocket. The token comes from a Kraken (Spot) key's
 * `GetWebSocketsToken` (Derivatives keys play no part on UWS), and carries that key's permissions:
 * a key without order permissions ('trade') may read (private subscriptions, market data) but every
 * trading request is answered `EGeneral:Permission denied` and changes nothing on the venue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { responseValidators } from '../../../../generated/unified-ws/incoming-validators.gen.js';
import type { ResponseMethod } from '../../../../generated/unified-ws/routes.gen.js';
import { validationErrors, WsProbe, wsTokenOf } from '../helpers.js';
import { startTestSim, type TestSim } from './helpers.js';

const SYMBOL = 'PF_XBTUSD';

let sim: TestSim;
const open: WsProbe[] = [];
beforeEach(async () => {
  // No market: the only orders are the ones a test places, and nothing fills them.
  sim = await startTestSim({
    market: false,
    accounts: [
      { id: 'uws-trader', spotPermissions: ['query', 'trade', 'websocket'] },
      { id: 'uws-reader', spotPermissions: ['query', 'websocket'] },
    ],
  });
});
afterEach(async () => {
  for (const p of open.splice(0)) p.close();
  await sim.close();
});

const tokenOf = (account: number): Promise<string> => wsTokenOf(sim, account);

async function probe(url: string): Promise<WsProbe> {
  const p = await WsProbe.open(url);
  open.push(p);
  return p;
}

/** A resting buy far under any price, placed on the engine directly (the test's own order). */
function restingOrder(accountId: string): string {
  const r = sim.engine.futures.sendOrder(accountId, {
    orderType: 'lmt',
    symbol: SYMBOL,
    side: 'buy',
    size: '0.01',
    limitPrice: '20000',
    cliOrdId: `${accountId}-resting`,
  });
  expect(r.status).toBe('placed');
  return r.orderId!;
}

/** One well-formed request of every order-changing method the Unified WebSocket has, naming `orderId`. */
function tradingRequests(token: string, orderId: string): { method: ResponseMethod; params: Record<string, unknown> }[] {
  const d = { asset_class: 'derivatives', token };
  const limit = { order_type: 'limit', side: 'buy', order_qty: '0.01', limit_price: '21000' };
  return [
    { method: 'add_order', params: { ...d, symbol: SYMBOL, ...limit } },
    { method: 'batch_add', params: { ...d, symbol: SYMBOL, orders: [limit, { ...limit, limit_price: '21001' }] } },
    { method: 'amend_order', params: { ...d, order_id: orderId, limit_price: '20500' } },
    { method: 'cancel_order', params: { ...d, order_id: [orderId] } },
    // The adapter's start-up probe: a cancel of a client order id that cannot exist.
    { method: 'cancel_order', params: { ...d, cl_ord_id: ['krakenkit-trade-permission-probe'] } },
    { method: 'batch_cancel', params: { ...d, orders: [orderId, 'f0000000-0000-4000-8000-000000000000'] } },
    { method: 'cancel_all', params: d },
    { method: 'cancel_all_orders_after', params: { token, timeout: 60 } },
  ];
}

describe('Unified WS: a key without order permissions', () => {
  it('every trading method is answered EGeneral:Permission denied in the method envelope, and no order is created or changed', async () => {
    const reader = sim.accounts[1]!.id;
    const orderId = restingOrder(reader);
    const before = sim.engine.futures.openOrders(reader);
    const ws = await probe(sim.urls.unifiedWsPrivate);
    const requests = tradingRequests(await tokenOf(1), orderId);
    requests.forEach((r, i) => ws.send({ method: r.method, params: r.params, req_id: 100 + i }));
    for (const [i, r] of requests.entries()) {
      const answer = await ws.next((m) => m.req_id === 100 + i);
      expect(answer).toEqual({
        method: r.method,
        success: false,
        error: 'EGeneral:Permission denied',
        req_id: 100 + i,
        time_in: expect.any(String) as unknown,
        time_out: expect.any(String) as unknown,
      });
      expect(validationErrors(responseValidators[r.method], answer)).toEqual([]);
    }
    // One answer per request, even for a cancel_order naming an order.
    expect(ws.frames.filter((m) => typeof m.req_id === 'number')).toHaveLength(requests.length);
    expect(sim.engine.futures.openOrders(reader)).toEqual(before);
    // The refused dead man's switch was never armed: past its timeout the order still rests.
    sim.advance(61_000);
    expect(sim.engine.futures.openOrders(reader)).toEqual(before);
    expect(sim.engine.futures.fills(reader)).toEqual([]);
  });

  it('a key with order permissions is served as before: add_order places, cancel_order cancels', async () => {
    const trader = sim.accounts[0]!.id;
    const ws = await probe(sim.urls.unifiedWsPrivate);
    const token = await tokenOf(0);
    ws.send({
      method: 'add_order',
      params: {
        asset_class: 'derivatives',
        token,
        symbol: SYMBOL,
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.01',
        limit_price: '21000',
      },
      req_id: 1,
    });
    const added = await ws.next((m) => m.req_id === 1);
    expect(added).toMatchObject({ method: 'add_order', success: true });
    const orderId = String(added.result.order_id);
    expect(sim.engine.futures.openOrders(trader).map((o) => [o.orderId, o.limitPrice])).toEqual([[orderId, '21000']]);
    ws.send({ method: 'cancel_order', params: { asset_class: 'derivatives', token, order_id: [orderId] }, req_id: 2 });
    expect(await ws.next((m) => m.req_id === 2)).toMatchObject({ method: 'cancel_order', success: true, result: { order_id: orderId } });
    expect(sim.engine.futures.openOrders(trader)).toEqual([]);
  });

  it('it still reads: executions (with its orders), margin and positions on the private endpoint, market data on the public one', async () => {
    const reader = sim.accounts[1]!.id;
    const orderId = restingOrder(reader);
    const token = await tokenOf(1);
    const priv = await probe(sim.urls.unifiedWsPrivate);
    priv.send({ method: 'subscribe', params: { channel: 'executions', asset_class: 'derivatives', token, snap_orders: true }, req_id: 1 });
    expect(await priv.next((m) => m.req_id === 1)).toMatchObject({ method: 'subscribe', success: true });
    const snapshot = await priv.next((m) => m.channel === 'executions' && m.type === 'snapshot');
    expect(snapshot.data.map((r: any) => r.order_id)).toEqual([orderId]);
    priv.send({ method: 'subscribe', params: { channel: 'margin', asset_class: 'derivatives', token }, req_id: 2 });
    expect(await priv.next((m) => m.req_id === 2)).toMatchObject({ method: 'subscribe', success: true });
    await priv.next((m) => m.channel === 'margin');
    priv.send({ method: 'subscribe', params: { channel: 'positions', asset_class: 'derivatives', token }, req_id: 3 });
    expect(await priv.next((m) => m.req_id === 3)).toMatchObject({ method: 'subscribe', success: true });
    const pub = await probe(sim.urls.unifiedWsPublic);
    pub.send({ method: 'subscribe', params: { channel: 'book', asset_class: 'derivatives', symbol: [SYMBOL], depth: 10 }, req_id: 4 });
    expect(await pub.next((m) => m.req_id === 4)).toMatchObject({ method: 'subscribe', success: true });
    const book = await pub.next((m) => m.channel === 'book' && m.type === 'snapshot');
    // The reader's own resting bid is in the public book.
    expect(book.data[0].bids.map((l: any) => String(l.price))).toContain('20000');
  });
});
