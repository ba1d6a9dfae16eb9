import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { futuresPrivate, sleep, spotPrivate, spotPublic, startTestSim, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim({ accounts: [{ id: 'starter', tier: 'starter' }] });
});
afterAll(async () => sim.close());

async function bookProbe(): Promise<WsProbe> {
  const ws = await WsProbe.open(sim.urls.spotWsPublic);
  ws.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'] } });
  await ws.next((m) => m.channel === 'book' && m.type === 'snapshot');
  return ws;
}

const bookUpdates = (ws: WsProbe) => ws.frames.filter((m) => m.channel === 'book' && m.type === 'update');

describe('Kraken limits, end to end', () => {
  // A quiet market (no generator) so that stepping the clock is cheap.
  let quiet: TestSim;
  beforeAll(async () => {
    quiet = await startTestSim({ market: false, accounts: [{ id: 'starter', tier: 'starter' }] });
  });
  afterAll(async () => quiet.close());

  it('Spot REST counter (Starter 15): the 16th call is EAPI:Rate limit exceeded, decays at 0.33/s', async () => {
    const results: string[][] = [];
    for (let i = 0; i < 16; i++) results.push((await spotPrivate(quiet, 'Balance')).error);
    expect(results.slice(0, 15).every((e) => e.length === 0)).toBe(true);
    expect(results[15]).toEqual(['EAPI:Rate limit exceeded']);
    quiet.advance(10_000); // 16 - 3.3 = 12.7: room again
    expect((await spotPrivate(quiet, 'Balance')).error).toEqual([]);
    quiet.advance(60_000);
  });

  it('per-pair trading counter (Starter 60): adds beyond it are EOrder:Rate limit exceeded, other pairs still trade', async () => {
    let refused = 0;
    for (let i = 0; i < 62; i++) {
      const r = await spotPrivate(quiet, 'AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '20000.0',
        volume: '0.0001',
        validate: 'true',
      });
      if (r.error[0] === 'EOrder:Rate limit exceeded') refused++;
      else expect(r.error).toEqual([]);
      if (i % 10 === 9) quiet.advance(200); // keep the REST counter (not charged for orders) irrelevant
    }
    expect(refused).toBeGreaterThan(0);
    const eth = await spotPrivate(quiet, 'AddOrder', {
      pair: 'ETHUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '100.00',
      volume: '0.01',
      validate: 'true',
    });
    expect(eth.error).toEqual([]);
    quiet.advance(60_000);
  });

  it('Futures budget: 51 sendorders in 10 s → apiLimitExceeded', async () => {
    let last: unknown;
    for (let i = 0; i < 51; i++) {
      last = (
        await futuresPrivate(quiet, 'POST', '/derivatives/api/v3/sendorder', {
          orderType: 'lmt',
          symbol: 'PF_XBTUSD',
          side: 'buy',
          size: '0.0001',
          limitPrice: '1000',
        })
      ).body;
    }
    expect(last).toMatchObject({ result: 'error', error: 'apiLimitExceeded' });
    quiet.advance(10_000);
    const ok = await futuresPrivate(quiet, 'GET', '/derivatives/api/v3/openorders');
    expect(ok.body.result).toBe('success');
  });
});

describe('HTTP faults', () => {
  it('5xx with a Cloudflare HTML body', async () => {
    sim.faults.http5xx('/0/public/Time', 520);
    const res = await fetch(`${sim.urls.spotRest}/0/public/Time`);
    expect(res.status).toBe(520);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<html>');
    expect((await spotPublic(sim, 'Time')).error).toEqual([]); // fired once
  });

  it('malformed JSON body', async () => {
    sim.faults.add({ kind: 'http-malformed-json', path: '/0/public/Time' });
    const text = await (await fetch(`${sim.urls.spotRest}/0/public/Time`)).text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('timeout: the request is never answered', async () => {
    sim.faults.add({ kind: 'http-timeout', path: '/0/public/Time' });
    const aborted = await fetch(`${sim.urls.spotRest}/0/public/Time`, { signal: AbortSignal.timeout(300) }).then(
      () => false,
      () => true,
    );
    expect(aborted).toBe(true);
  });

  it('venue errors on demand (EService:Unavailable, EAPI:Rate limit exceeded)', async () => {
    sim.faults.venueError('EService:Unavailable', '/0/private/AddOrder');
    const r = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001' });
    expect(r.error).toEqual(['EService:Unavailable']);
    sim.faults.venueError('EAPI:Rate limit exceeded', '/0/public/Ticker');
    expect((await spotPublic(sim, 'Ticker', { pair: 'XBTUSD' })).error).toEqual(['EAPI:Rate limit exceeded']);
  });

  it('REST order accepted but the ack is lost: the order exists at the venue', async () => {
    sim.faults.loseOrderAck('rest');
    const before = Object.keys((await spotPrivate(sim, 'OpenOrders')).result.open).length;
    const outcome = await spotPrivate(
      sim,
      'AddOrder',
      { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001', cl_ord_id: 'lost-ack' },
      { timeoutMs: 300 },
    ).then(
      () => 'answered',
      () => 'no answer',
    );
    expect(outcome).toBe('no answer');
    const open = (await spotPrivate(sim, 'OpenOrders', { cl_ord_id: 'lost-ack' })).result.open;
    expect(Object.keys(open)).toHaveLength(1);
    expect(Object.keys((await spotPrivate(sim, 'OpenOrders')).result.open).length).toBe(before + 1);
  });

  it('REST order ack delayed', async () => {
    sim.faults.delayOrderAck(300, 'rest');
    const t0 = Date.now();
    const r = await spotPrivate(sim, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001' });
    expect(r.error).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });
});

describe('WS faults', () => {
  it('wrong checksum on a book update', async () => {
    const ws = await bookProbe();
    sim.faults.corruptBookChecksum();
    sim.advance(2000);
    await ws.next((m) => m.channel === 'book' && m.type === 'update');
    expect(sim.faults.fired.some((f) => f.kind === 'ws-bad-checksum')).toBe(true);
    ws.close();
  });

  it('drop, duplicate, reorder and corrupt', async () => {
    const ws = await bookProbe();
    sim.faults.add({ kind: 'ws-duplicate', target: 'spot-public', channel: 'book' });
    sim.advance(1000);
    await ws.next(() => bookUpdates(ws).length >= 2);
    const ups = bookUpdates(ws);
    expect(JSON.stringify(ups[0])).toBe(JSON.stringify(ups[1]));

    sim.faults.add({ kind: 'ws-corrupt', target: 'spot-public', channel: 'book' });
    sim.advance(1000);
    await ws.next((m) => m.__unparsable !== undefined);

    sim.faults.dropWsMessages('spot-public', 'book', 2);
    const firedBefore = sim.faults.fired.filter((f) => f.kind === 'ws-drop').length;
    for (let i = 0; i < 4; i++) sim.advance(1000);
    await sleep(50);
    expect(sim.faults.fired.filter((f) => f.kind === 'ws-drop').length).toBe(firedBefore + 2);

    sim.faults.add({ kind: 'ws-reorder', target: 'spot-public', channel: 'book' });
    const seen = ws.raw.length;
    for (let i = 0; i < 3; i++) sim.advance(1000);
    await sleep(50);
    expect(ws.raw.length).toBeGreaterThan(seen);
    ws.close();
  });

  it('delay holds a frame back', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    sim.faults.add({ kind: 'ws-delay', target: 'spot-public', channel: 'pong', delayMs: 200 });
    const t0 = Date.now();
    ws.send({ method: 'ping' });
    await ws.next((m) => m.method === 'pong');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    ws.close();
  });

  it('silent socket: no frames at all, not even heartbeats', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'instrument', snapshot: false } });
    await ws.next((m) => m.method === 'subscribe');
    // No duration: the silence lasts until removed, so a slow CI box cannot see it end early.
    const h = sim.faults.silence('spot-public');
    const n = ws.raw.length;
    ws.send({ method: 'ping' });
    sim.advance(1000); // market activity that would otherwise reach the socket
    await sleep(300);
    expect(ws.raw.length).toBe(n);
    h.remove();
    // Once lifted the socket talks again: the silence, not a dead socket, kept it quiet.
    ws.send({ method: 'ping' });
    await ws.next((m) => m.method === 'pong');
    ws.close();
  });

  it('closes with 1001 and 1006', async () => {
    const a = await WsProbe.open(sim.urls.spotWsPublic);
    sim.faults.closeWs('spot-public', 1001);
    expect(await a.closed()).toBe(1001);
    const b = await WsProbe.open(sim.urls.futuresWs);
    sim.faults.closeWs('futures', 1006);
    expect(await b.closed()).toBe(1006);
    // Recorded as what happened (a close), not as a silence.
    expect(sim.faults.fired.slice(-2)).toEqual([
      { kind: 'ws-close', at: 'close:spot-public:1001' },
      { kind: 'ws-close', at: 'close:futures:1006' },
    ]);
  });

  it('futures seq gap is visible in the next book delta', async () => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    ws.send({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'] });
    await ws.next((m) => m.feed === 'book_snapshot');
    sim.faults.futuresSeqGap();
    for (let i = 0; i < 3; i++) sim.advance(1000);
    await ws.next(() => ws.frames.filter((m) => m.feed === 'book' && m.event === undefined).length >= 2);
    const seqs = ws.frames.filter((m) => m.event === undefined && (m.feed === 'book' || m.feed === 'book_snapshot')).map((m) => m.seq);
    const gaps = seqs.slice(1).filter((s, i) => s !== seqs[i] + 1);
    expect(gaps.length).toBe(1);
    ws.close();
  });

  it('WS add_order accepted but its ack lost: executions still report the order', async () => {
    const t = (await spotPrivate(sim, 'GetWebSocketsToken')).result.token;
    const ws = await WsProbe.open(sim.urls.spotWsAuth);
    ws.send({ method: 'subscribe', params: { channel: 'executions', token: t, snap_orders: false } });
    await ws.next((m) => m.channel === 'executions');
    sim.faults.loseOrderAck('ws');
    ws.send({
      method: 'add_order',
      params: { token: t, order_type: 'limit', side: 'buy', order_qty: 0.001, symbol: 'BTC/USD', limit_price: 20000, cl_ord_id: 'ws-lost' },
    });
    const report = await ws.next((m) => m.channel === 'executions' && m.type === 'update' && m.data[0]?.cl_ord_id === 'ws-lost');
    expect(report.data[0].order_id).toBeDefined();
    await sleep(100);
    expect(ws.frames.some((m) => m.method === 'add_order')).toBe(false);
    ws.close();
  });
});

describe('control endpoint', () => {
  it('arms a fault and changes the venue status over HTTP', async () => {
    const r = await fetch(`${sim.urls.spotRest}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'venue-error', path: '/0/public/Assets', error: 'EService:Busy' }),
    });
    expect(((await r.json()) as { id: number }).id).toBeGreaterThan(0);
    expect((await spotPublic(sim, 'Assets')).error).toEqual(['EService:Busy']);
    await fetch(`${sim.urls.spotRest}/__sim/status`, { method: 'POST', body: JSON.stringify({ status: 'maintenance' }) });
    expect((await spotPublic(sim, 'SystemStatus')).result.status).toBe('maintenance');
    await fetch(`${sim.urls.spotRest}/__sim/status`, { method: 'POST', body: JSON.stringify({ status: 'online' }) });
    const bad = await fetch(`${sim.urls.spotRest}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
    expect(bad.status).toBe(400);
  });
});
