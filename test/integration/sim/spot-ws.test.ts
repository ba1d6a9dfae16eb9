import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingValidators, type IncomingTitle } from '../../../generated/spot-ws-v2/incoming-validators.gen.js';
import { crc32 } from '../../../src/kraken/book/crc32.js';
import { ManualClock } from '../../../src/sim/index.js';
import { spotPrivate, startTestSim, T0, validationErrors, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim.close());

const v = (title: IncomingTitle) => incomingValidators[title];

/** The checksum computed independently from the wire text, by Kraken's documented construction. */
function checksumFromWire(asks: [string, string][], bids: [string, string][]): number {
  const f = (s: string) => s.replace('.', '').replace(/^0+/, '');
  return crc32(
    asks
      .slice(0, 10)
      .map(([p, q]) => f(p) + f(q))
      .join('') +
      bids
        .slice(0, 10)
        .map(([p, q]) => f(p) + f(q))
        .join(''),
  );
}

/** Applies Kraken book frames the way a client must: upsert, delete on qty 0, sort, truncate. */
class ClientBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  constructor(readonly depth: number) {}
  apply(frame: any): void {
    const d = frame.data[0];
    if (frame.type === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [side, map] of [
      ['bids', this.bids],
      ['asks', this.asks],
    ] as const) {
      for (const l of d[side] ?? []) {
        if (/^0(\.0+)?$/.test(String(l.qty))) map.delete(String(l.price));
        else map.set(String(l.price), String(l.qty));
      }
    }
    this.truncate();
  }
  private truncate(): void {
    const sorted = (m: Map<string, string>, desc: boolean) =>
      [...m.entries()].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    this.bids = new Map(sorted(this.bids, true).slice(0, this.depth));
    this.asks = new Map(sorted(this.asks, false).slice(0, this.depth));
  }
  checksum(): number {
    return checksumFromWire([...this.asks.entries()], [...this.bids.entries()]);
  }
}

describe('Spot WS v2 public endpoint', () => {
  it('sends status on connect and answers ping with pong (req_id echoed)', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    const status = await ws.next((m) => m.channel === 'status');
    expect(validationErrors(v('StatusMessage'), status)).toEqual([]);
    expect(status.data[0].system).toBe('online');
    // connection_id exceeds 2^53: it reaches a lossless parser as exact text
    expect(String(status.data[0].connection_id)).toMatch(/^\d+$/);
    ws.send({ method: 'ping', req_id: 7 });
    const pong = await ws.next((m) => m.method === 'pong');
    expect(pong.req_id).toBe(7);
    expect(pong.time_in).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    ws.close();
  });

  it('book: snapshot and updates carry checksums a client reproduces from the wire text', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: 1 });
    const ack = await ws.next((m) => m.method === 'subscribe');
    expect(ack).toMatchObject({ success: true, req_id: 1, result: { channel: 'book', symbol: 'BTC/USD', depth: 10, snapshot: true } });
    const snap = await ws.next((m) => m.channel === 'book' && m.type === 'snapshot');
    expect(validationErrors(v('BookSnapshot'), snap)).toEqual([]);
    // prices/qtys keep engine precision on the wire: `0.00975000`, not `0.00975`
    expect(ws.raw.find((r) => r.includes('"channel":"book","type":"snapshot"'))).toMatch(/"qty":\d+\.\d{8}[,}]/);
    const book = new ClientBook(10);
    book.apply(snap);
    expect(book.checksum()).toBe(snap.data[0].checksum);
    for (let i = 0; i < 5; i++) sim.advance(1000);
    const updates = await ws.next(() => ws.frames.filter((m) => m.channel === 'book' && m.type === 'update').length >= 3);
    void updates;
    for (const u of ws.frames.filter((m) => m.channel === 'book' && m.type === 'update')) {
      expect(validationErrors(v('BookUpdate'), u)).toEqual([]);
      book.apply(u);
      expect(book.checksum()).toBe(u.data[0].checksum);
    }
    ws.close();
  });

  it('ticker, trade, ohlc (interval_begin) and instrument', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } });
    ws.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'], snapshot: true } });
    ws.send({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 } });
    ws.send({ method: 'subscribe', params: { channel: 'instrument' } });
    const ticker = await ws.next((m) => m.channel === 'ticker');
    expect(validationErrors(v('TickerMessage'), ticker)).toEqual([]);
    const trades = await ws.next((m) => m.channel === 'trade' && m.type === 'snapshot');
    expect(validationErrors(v('TradeMessage'), trades)).toEqual([]);
    const ohlc = await ws.next((m) => m.channel === 'ohlc');
    expect(validationErrors(v('OhlcMessage'), ohlc)).toEqual([]);
    expect(ohlc.data[0].interval_begin).toMatch(/:00\.000000Z$/);
    const inst = await ws.next((m) => m.channel === 'instrument');
    expect(validationErrors(v('InstrumentMessage'), inst)).toEqual([]);
    expect(inst.data.pairs.map((p: { symbol: string }) => p.symbol)).toContain('BTC/USD');
    // The generated market trades every few seconds: step until one streams.
    for (let i = 0; i < 30 && !ws.frames.some((m) => m.channel === 'trade' && m.type === 'update'); i++) {
      sim.advance(1000);
      await ws.barrier();
    }
    const update = await ws.next((m) => m.channel === 'trade' && m.type === 'update');
    expect(validationErrors(v('TradeMessage'), update)).toEqual([]);
    ws.close();
  });

  it('v1 names are refused: XBT/USD → "Currency pair not supported XBT/USD"', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['XBT/USD'] }, req_id: 69 });
    const ack = await ws.next((m) => m.method === 'subscribe');
    expect(ack).toMatchObject({ success: false, error: 'Currency pair not supported XBT/USD', symbol: 'XBT/USD', req_id: 69 });
    ws.close();
  });

  it('one ack per symbol; unsubscribe stops the channel', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] }, req_id: 40 });
    await ws.next(() => ws.frames.filter((m) => m.req_id === 40).length === 2);
    expect(ws.frames.filter((m) => m.req_id === 40).map((m) => m.result.symbol)).toEqual(['BTC/USD', 'ETH/USD']);
    ws.send({ method: 'unsubscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] }, req_id: 41 });
    await ws.next(() => ws.frames.filter((m) => m.req_id === 41).length === 2);
    expect(ws.frames.filter((m) => m.req_id === 41).every((m) => m.success === true)).toBe(true);
    const seen = ws.frames.length;
    for (let i = 0; i < 3; i++) sim.advance(1000);
    await ws.barrier();
    expect(ws.frames.slice(seen).filter((m) => m.channel === 'ticker')).toEqual([]);
    ws.send({ method: 'unsubscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 42 });
    expect(await ws.next((m) => m.req_id === 42)).toMatchObject({ success: false });
    ws.close();
  });

  it('status changes are pushed on the status channel', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    await ws.next((m) => m.channel === 'status');
    sim.setStatus('post_only');
    expect((await ws.nextNew((m) => m.channel === 'status')).data[0].system).toBe('post_only');
    sim.setStatus('online');
    expect((await ws.nextNew((m) => m.channel === 'status')).data[0].system).toBe('online');
    ws.close();
  });

  it('heartbeat flows once subscribed and idle', async () => {
    // Heartbeats run on the connection clock: a manual one here, so the test decides when a second has passed.
    const wall = new ManualClock(T0);
    const own = await startTestSim({ wallClock: wall, market: false });
    try {
      const ws = await WsProbe.open(own.urls.spotWsPublic);
      ws.send({ method: 'subscribe', params: { channel: 'instrument', snapshot: false } });
      await ws.next((m) => m.method === 'subscribe' && m.success === true);
      wall.advance(999);
      await ws.barrier(); // its pong resets the idle time the heartbeat is measured from
      expect(ws.frames.filter((m) => m.channel === 'heartbeat')).toEqual([]);
      wall.advance(1001);
      expect(await ws.next((m) => m.channel === 'heartbeat', 10_000)).toEqual({ channel: 'heartbeat' });
      await ws.barrier();
      expect(ws.frames.filter((m) => m.channel === 'heartbeat')).toHaveLength(1);
      ws.close();
    } finally {
      await own.close();
    }
  });
});

describe('Spot WS v2 auth endpoint: token, executions, balances, trading methods', () => {
  async function token(): Promise<string> {
    return (await spotPrivate(sim, 'GetWebSocketsToken')).result.token;
  }

  it('a bad token is refused on subscribe and on trading methods', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({ method: 'subscribe', params: { channel: 'executions', token: 'bogus' } });
    expect((await ws.next((m) => m.method === 'subscribe')).success).toBe(false);
    ws.send({
      method: 'add_order',
      params: { token: 'bogus', order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 1000 },
    });
    expect((await ws.next((m) => m.method === 'add_order')).success).toBe(false);
    ws.close();
  });

  it('tokens expire 15 minutes after issue when unused', async () => {
    // A quiet market keeps the 15-minute jump cheap.
    const quiet = await startTestSim({ market: false });
    try {
      const t = (await spotPrivate(quiet, 'GetWebSocketsToken')).result.token;
      const ws = await WsProbe.open(quiet.urls.spotWsAuth);
      quiet.advance(14 * 60_000);
      ws.send({ method: 'subscribe', params: { channel: 'balances', token: t }, req_id: 1 });
      expect((await ws.next((m) => m.req_id === 1)).success).toBe(true);
      const t2 = (await spotPrivate(quiet, 'GetWebSocketsToken')).result.token;
      quiet.advance(2 * 60_000);
      // t is held by a live private subscription; t2 was never used and is now past 15 min
      ws.send({ method: 'subscribe', params: { channel: 'executions', token: t }, req_id: 2 });
      expect((await ws.next((m) => m.req_id === 2)).success).toBe(true);
      quiet.advance(14 * 60_000);
      ws.send({ method: 'subscribe', params: { channel: 'executions', token: t2 }, req_id: 3 });
      expect(await ws.next((m) => m.req_id === 3)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
      ws.close();
    } finally {
      await quiet.close();
    }
  });

  it('executions + balances snapshots, then add_order/amend_order/cancel_order with sequenced reports', async () => {
    const t = await token();
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({ method: 'subscribe', params: { channel: 'executions', token: t, snap_orders: true, snap_trades: true }, req_id: 1 });
    const ack = await ws.next((m) => m.method === 'subscribe' && m.result?.channel === 'executions');
    expect(ack.result.maxratecount).toBe(125);
    const snap = await ws.next((m) => m.channel === 'executions' && m.type === 'snapshot');
    expect(validationErrors(v('ExecutionsMessage'), snap)).toEqual([]);
    ws.send({ method: 'subscribe', params: { channel: 'balances', token: t } });
    const bal = await ws.next((m) => m.channel === 'balances' && m.type === 'snapshot');
    expect(validationErrors(v('BalancesSnapshot'), bal)).toEqual([]);
    expect(bal.data.map((b: { asset: string }) => b.asset)).toContain('BTC');

    ws.send({
      method: 'add_order',
      params: {
        token: t,
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.01000000',
        symbol: 'BTC/USD',
        limit_price: '30000.0',
        cl_ord_id: 'ws-1',
      },
      req_id: 10,
    });
    const added = await ws.next((m) => m.method === 'add_order');
    expect(validationErrors(v('AddOrderResponse'), added)).toEqual([]);
    expect(added).toMatchObject({ success: true, req_id: 10, result: { cl_ord_id: 'ws-1' } });
    const orderId = added.result.order_id;
    await ws.next((m) => m.channel === 'executions' && m.data[0]?.order_id === orderId && m.data[0]?.exec_type === 'new');

    ws.send({ method: 'amend_order', params: { token: t, order_id: orderId, limit_price: '30100.0' }, req_id: 11 });
    const amended = await ws.next((m) => m.method === 'amend_order');
    expect(amended.success).toBe(true);
    expect(typeof amended.result.amend_id).toBe('string');
    await ws.next((m) => m.channel === 'executions' && m.data[0]?.exec_type === 'amended');

    ws.send({ method: 'cancel_order', params: { token: t, order_id: [orderId] }, req_id: 12 });
    const cancelled = await ws.next((m) => m.method === 'cancel_order');
    expect(cancelled).toMatchObject({ success: true, result: { order_id: orderId } });
    await ws.next((m) => m.channel === 'executions' && m.data[0]?.exec_type === 'canceled');

    const seqs = ws.frames.filter((m) => m.channel === 'executions').map((m) => m.sequence);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    for (const f of ws.frames.filter((m) => m.channel === 'executions')) expect(validationErrors(v('ExecutionsMessage'), f)).toEqual([]);
    ws.close();
  });

  it('a market order streams trade + filled and a balances update', async () => {
    const t = await token();
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({ method: 'subscribe', params: { channel: 'executions', token: t, snap_orders: false } });
    ws.send({ method: 'subscribe', params: { channel: 'balances', token: t } });
    await ws.next((m) => m.channel === 'balances' && m.type === 'snapshot');
    ws.send({ method: 'add_order', params: { token: t, order_type: 'market', side: 'sell', order_qty: 0.001, symbol: 'BTC/USD' } });
    const trade = await ws.next((m) => m.channel === 'executions' && m.data[0]?.exec_type === 'trade');
    expect(trade.data[0]).toMatchObject({ side: 'sell', liquidity_ind: 't' });
    expect(trade.data[0].fees[0].asset).toBe('USD');
    await ws.next((m) => m.channel === 'executions' && m.data[0]?.exec_type === 'filled');
    const upd = await ws.next((m) => m.channel === 'balances' && m.type === 'update');
    expect(validationErrors(v('BalancesUpdate'), upd)).toEqual([]);
    ws.close();
  });

  it('batch_add, batch_cancel, cancel_all, cancel_all_orders_after, edit_order', async () => {
    const t = await token();
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({
      method: 'batch_add',
      params: {
        token: t,
        symbol: 'BTC/USD',
        orders: [
          { order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 25000 },
          { order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 25001 },
        ],
      },
    });
    const batch = await ws.next((m) => m.method === 'batch_add');
    expect(validationErrors(v('BatchAddResponse'), batch)).toEqual([]);
    const ids = batch.result.map((r: { order_id: string }) => r.order_id);
    ws.send({ method: 'edit_order', params: { token: t, order_id: ids[0], symbol: 'BTC/USD', limit_price: 25002 } });
    const edited = await ws.next((m) => m.method === 'edit_order');
    expect(edited.success).toBe(true);
    expect(edited.result.original_order_id).toBe(ids[0]);
    ws.send({ method: 'batch_cancel', params: { token: t, orders: [edited.result.order_id, ids[1]] } });
    expect((await ws.next((m) => m.method === 'batch_cancel')).result).toEqual({ count: 2 });
    // cancel_all answers with exactly how many orders it cancelled: one known order left open here
    // plus whatever earlier tests in this file left resting on the account.
    ws.send({
      method: 'add_order',
      params: { token: t, order_type: 'limit', side: 'buy', symbol: 'BTC/USD', order_qty: 0.01, limit_price: 25003 },
    });
    expect((await ws.next((m) => m.method === 'add_order')).success).toBe(true);
    const openBefore = Object.keys((await spotPrivate(sim, 'OpenOrders', {})).result.open).length;
    expect(openBefore).toBeGreaterThanOrEqual(1);
    ws.send({ method: 'cancel_all', params: { token: t } });
    expect((await ws.next((m) => m.method === 'cancel_all')).result.count).toBe(openBefore);
    expect((await spotPrivate(sim, 'OpenOrders', {})).result.open).toEqual({});
    ws.send({ method: 'cancel_all_orders_after', params: { token: t, timeout: 0 } });
    expect((await ws.next((m) => m.method === 'cancel_all_orders_after')).result.triggerTime).toBe('0');
    ws.close();
  });

  it('a GTD order expires on the simulated clock: exec_type expired', async () => {
    const t = await token();
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({ method: 'subscribe', params: { channel: 'executions', token: t, snap_orders: false } });
    await ws.next((m) => m.channel === 'executions' && m.type === 'snapshot');
    const expire = new Date(sim.clock.nowMs() + 10_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    ws.send({
      method: 'add_order',
      params: {
        token: t,
        order_type: 'limit',
        side: 'buy',
        order_qty: 0.001,
        symbol: 'BTC/USD',
        limit_price: 20000,
        time_in_force: 'gtd',
        expire_time: expire,
      },
      req_id: 30,
    });
    const id = (await ws.next((m) => m.req_id === 30)).result.order_id;
    for (let i = 0; i < 12; i++) sim.advance(1000);
    const expired = await ws.next((m) => m.channel === 'executions' && m.data[0]?.order_id === id && m.data[0]?.exec_type === 'expired');
    expect(expired.data[0].order_status).toBe('expired');
    ws.close();
  });

  it('trading errors reuse REST strings (EOrder:Insufficient funds)', async () => {
    const t = await token();
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({
      method: 'add_order',
      params: { token: t, order_type: 'limit', side: 'buy', order_qty: 1000, symbol: 'BTC/USD', limit_price: 30000 },
      req_id: 5,
    });
    const r = await ws.next((m) => m.method === 'add_order');
    expect(r).toMatchObject({ success: false, error: 'EOrder:Insufficient funds', req_id: 5 });
    // WS v2 has no leverage ratio (`margin: true` instead); unknown params are refused.
    ws.send({
      method: 'add_order',
      params: { token: t, order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 30000, leverage: 5 },
      req_id: 6,
    });
    expect(await ws.next((m) => m.req_id === 6)).toMatchObject({ success: false, error: "Unsupported field: 'leverage'" });
    ws.send({
      method: 'add_order',
      params: { token: t, order_type: 'limit', side: 'buy', symbol: 'BTC/USD', limit_price: 30000 },
      req_id: 8,
    });
    expect((await ws.next((m) => m.req_id === 8)).error).toMatch(/^EGeneral:Invalid arguments/);
    ws.close();
  });
});
