/**
 * Spot behaviours the simulator must share with Kraken, over real sockets: parameters a call does
 * not use are ignored (a nonce on a public call included), unknown order ids are
 * `EOrder:Unknown order`, `timeinforce` in either case, TradesHistory's ledger ids and margin
 * closing figures, `limitprice` only once triggered, OrderAmends timestamps in nanoseconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVenueJson } from '../../../src/core/json.js';
import { spotPrivate, spotPublic, startTestSim, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim({ limits: false });
});
afterAll(async () => sim.close());

const UNKNOWN_TXID = 'OAAAAA-BBBBB-CCCCCC';

async function publicPost(method: string, form: Record<string, string>): Promise<{ error: string[]; result?: any }> {
  const res = await fetch(`${sim.urls.spotRest}/0/public/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return parseVenueJson(await res.text()) as { error: string[]; result?: any };
}

describe('Kraken ignores parameters a call does not use', () => {
  it('GET /0/public/Time?nonce=1 answers the time', async () => {
    const r = await spotPublic(sim, 'Time', { nonce: '1' });
    expect(r.error).toEqual([]);
    expect(r.result.unixtime).toBe(Math.floor(sim.clock.nowMs() / 1000));
  });

  it('public POST with parameters and a nonce (as widely used clients send every POST) answers', async () => {
    const ticker = await publicPost('Ticker', { pair: 'XBTUSD', nonce: String(Date.now()) });
    expect(ticker.error).toEqual([]);
    expect(Object.keys(ticker.result)).toEqual(['XXBTZUSD']);
    const depth = await publicPost('Depth', { pair: 'XBTUSD', count: '3', nonce: '17', since: 'whatever' });
    expect(depth.error).toEqual([]);
    expect(depth.result.XXBTZUSD.bids).toHaveLength(3);
  });

  it('private calls ignore unknown parameters in form and JSON bodies; known ones are still checked', async () => {
    const form = await spotPrivate(sim, 'AddOrder', {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '30000.0',
      volume: '0.01',
      validate: 'true',
      flavour: 'vanilla',
    });
    expect(form.error).toEqual([]);
    const json = await spotPrivate(sim, 'Balance', { not_a_param: { nested: [1, 2] } }, { json: true });
    expect(json.error).toEqual([]);
    const bad = await spotPrivate(sim, 'AddOrder', {
      pair: 'XBTUSD',
      type: 'hold',
      ordertype: 'limit',
      price: '1',
      volume: '1',
      flavour: 'vanilla',
    });
    expect(bad.error).toEqual(['EGeneral:Invalid arguments:type']);
  });
});

describe('Unknown order ids: Kraken answers EOrder:Unknown order (REST and WS)', () => {
  it('CancelOrder, AmendOrder, EditOrder and CancelOrderBatch of an unknown txid', async () => {
    expect((await spotPrivate(sim, 'CancelOrder', { txid: UNKNOWN_TXID })).error).toEqual(['EOrder:Unknown order']);
    expect((await spotPrivate(sim, 'AmendOrder', { txid: UNKNOWN_TXID, order_qty: '0.02' })).error).toEqual(['EOrder:Unknown order']);
    expect((await spotPrivate(sim, 'EditOrder', { txid: UNKNOWN_TXID, pair: 'XBTUSD', volume: '0.02' })).error).toEqual([
      'EOrder:Unknown order',
    ]);
    const batch = await spotPrivate(sim, 'CancelOrderBatch', { orders: [UNKNOWN_TXID, 'ODDDDD-EEEEE-FFFFFF'] }, { json: true });
    expect(batch.error).toEqual(['EOrder:Unknown order']);
  });

  it("WS cancel_order and amend_order of an unknown order_id (as in Kraken's documented error frames)", async () => {
    const token = (await spotPrivate(sim, 'GetWebSocketsToken')).result.token as string;
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({ method: 'cancel_order', params: { token, order_id: [UNKNOWN_TXID] }, req_id: 1 });
    expect(await ws.next((m) => m.req_id === 1)).toMatchObject({ method: 'cancel_order', success: false, error: 'EOrder:Unknown order' });
    ws.send({ method: 'amend_order', params: { token, order_id: UNKNOWN_TXID, order_qty: 0.02 }, req_id: 2 });
    expect(await ws.next((m) => m.req_id === 2)).toMatchObject({ method: 'amend_order', success: false, error: 'EOrder:Unknown order' });
    ws.send({ method: 'batch_cancel', params: { token, orders: [UNKNOWN_TXID, 'ODDDDD-EEEEE-FFFFFF'] }, req_id: 3 });
    expect(await ws.next((m) => m.req_id === 3)).toMatchObject({ method: 'batch_cancel', success: false, error: 'EOrder:Unknown order' });
    ws.close();
  });
});

describe("AddOrder timeinforce in either case (Kraken's own SDK sends lower case)", () => {
  it.each(['IOC', 'ioc', 'gtc', 'GTC'])('timeinforce=%s is accepted', async (tif) => {
    const r = await spotPrivate(sim, 'AddOrder', {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '30000.0',
      volume: '0.01',
      timeinforce: tif,
      validate: 'true',
    });
    expect(r.error).toEqual([]);
  });
});

describe('Order and trade views', () => {
  it('a plain limit order shows limitprice "0.00000" (Kraken fills it only once a *-limit order has triggered)', async () => {
    const add = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01' });
    const txid = add.result.txid[0] as string;
    const q = await spotPrivate(sim, 'QueryOrders', { txid });
    expect(q.result[txid].limitprice).toBe('0.00000');
    expect(q.result[txid].descr.price).toBe('30000.0');
    await spotPrivate(sim, 'CancelOrder', { txid });
  });

  it('OrderAmends timestamps are Unix nanoseconds (Kraken\'s example; its schema text just says "UNIX timestamp")', async () => {
    const add = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01' });
    const txid = add.result.txid[0] as string;
    sim.advance(1500);
    expect((await spotPrivate(sim, 'AmendOrder', { txid, order_qty: '0.02' })).error).toEqual([]);
    const amends = (await spotPrivate(sim, 'OrderAmends', { order_id: txid })).result.amends as {
      amend_type: string;
      timestamp: string | number;
    }[];
    const user = amends.find((a) => a.amend_type === 'user')!;
    // 19 digits, beyond 2^53: the lossless decoder keeps it as text.
    expect(String(user.timestamp)).toMatch(/^\d{19}$/);
    expect(BigInt(String(user.timestamp)) / 1_000_000n).toBe(BigInt(sim.clock.nowMs()));
    await spotPrivate(sim, 'CancelOrder', { txid });
  });

  it('TradesHistory ledgers=true lists the ledger entries of margin trades too, and the opening trade shows its closed part', async () => {
    const open = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01', leverage: '2' });
    expect(open.error).toEqual([]);
    sim.advance(1000);
    const close = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.004', leverage: '2' });
    expect(close.error).toEqual([]);
    const history = (await spotPrivate(sim, 'TradesHistory', { ledgers: 'true' })).result.trades as Record<string, any>;
    const ledger = (await spotPrivate(sim, 'Ledgers', {})).result.ledger as Record<string, { refid: string }>;
    const margin = Object.entries(history).filter(([, t]) => t.leverage === '2:1');
    expect(margin.length).toBeGreaterThan(0);
    for (const [txid, t] of margin) {
      expect(t.ledgers.length).toBeGreaterThan(0);
      for (const id of t.ledgers) expect(ledger[id]?.refid).toBe(txid);
    }
    const openTxid = open.result.txid[0] as string;
    const closeTxid = close.result.txid[0] as string;
    const opening = margin.filter(([, t]) => t.ordertxid === openTxid).map(([, t]) => t);
    const closingTrades = margin.filter(([, t]) => t.ordertxid === closeTxid).map(([id]) => id);
    for (const t of opening)
      for (const f of ['cprice', 'ccost', 'cfee', 'cvol', 'cmargin', 'net', 'trades']) expect(t, f).toHaveProperty(f);
    const closedVol = opening.reduce((s, t) => s + Number(t.cvol), 0);
    expect(closedVol).toBeCloseTo(0.004, 8);
    expect(new Set(opening.flatMap((t) => t.trades as string[]))).toEqual(new Set(closingTrades));
  });
});
