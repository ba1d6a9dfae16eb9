import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../src/sim/index.js';
import { futuresPrivate, spotPrivate, spotPublic, startTestSim, T0, WsProbe, type TestSim } from './helpers.js';

// A simulator per test: a fault a test arms, a status it sets or a counter it fills is gone when
// the test ends, whether its assertions passed or not.
let sim: TestSim;
beforeEach(async () => {
  sim = await startTestSim({ accounts: [{ id: 'starter', tier: 'starter' }] });
});
afterEach(async () => sim.close());

async function bookProbe(on: TestSim = sim): Promise<WsProbe> {
  const ws = await WsProbe.open(on.urls.spotWsPublic);
  ws.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'] } });
  await ws.next((m) => m.channel === 'book' && m.type === 'snapshot');
  return ws;
}

/**
 * The raw book update frames a fresh simulator (same seed, same steps) sends after `arm` runs:
 * with no fault armed this is the control every fault is compared with, frame for frame.
 */
async function bookUpdatesAfter(arm: (s: TestSim) => void): Promise<string[]> {
  const own = await startTestSim({ accounts: [{ id: 'starter', tier: 'starter' }] });
  try {
    const ws = await bookProbe(own);
    await ws.barrier();
    const from = ws.raw.length;
    arm(own);
    for (let i = 0; i < 6; i++) own.advance(1000);
    await ws.barrier();
    ws.close();
    return ws.raw.slice(from).filter((t) => t.startsWith('{"channel":"book","type":"update"'));
  } finally {
    await own.close();
  }
}

describe('Kraken limits, end to end', () => {
  // A quiet market (no generator) so that stepping the clock is cheap.
  let quiet: TestSim;
  beforeEach(async () => {
    quiet = await startTestSim({ market: false, accounts: [{ id: 'starter', tier: 'starter' }] });
  });
  afterEach(async () => quiet.close());

  it('Spot REST counter (Starter 15): the 16th call is EAPI:Rate limit exceeded, decays at 0.33/s', async () => {
    const results: string[][] = [];
    for (let i = 0; i < 16; i++) results.push((await spotPrivate(quiet, 'Balance')).error);
    expect(results.slice(0, 15).every((e) => e.length === 0)).toBe(true);
    expect(results[15]).toEqual(['EAPI:Rate limit exceeded']);
    // The refused call counted too (Kraken extends a lock-out): the counter is at 16 and a call
    // fits again once it has drained 2, which takes 2 / 0.33 = 6.06 s. Refused after 6.000 s
    // (rate below 0.3334/s), admitted 6.061 s after that refusal (rate at least 0.3300/s).
    quiet.advance(6000);
    expect((await spotPrivate(quiet, 'Balance')).error).toEqual(['EAPI:Rate limit exceeded']);
    quiet.advance(6061);
    expect((await spotPrivate(quiet, 'Balance')).error).toEqual([]);
  });

  it('per-pair trading counter (Starter 60): adds beyond it are EOrder:Rate limit exceeded, other pairs still trade', async () => {
    // No time passes, so nothing decays: exactly the first 60 adds fit.
    const refused: number[] = [];
    for (let i = 0; i < 62; i++) {
      const r = await spotPrivate(quiet, 'AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '20000.0',
        volume: '0.0001',
        validate: 'true',
      });
      if (r.error[0] === 'EOrder:Rate limit exceeded') refused.push(i);
      else expect(r.error).toEqual([]);
    }
    expect(refused).toEqual([60, 61]);
    const eth = await spotPrivate(quiet, 'AddOrder', {
      pair: 'ETHUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '100.00',
      volume: '0.01',
      validate: 'true',
    });
    expect(eth.error).toEqual([]);
  });

  it('Futures budget: 51 sendorders in 10 s → apiLimitExceeded', async () => {
    // sendorder costs 10 of the 500 per 10 s: the first 50 fit, the 51st does not.
    const refused: number[] = [];
    for (let i = 0; i < 51; i++) {
      const { body } = await futuresPrivate(quiet, 'POST', '/derivatives/api/v3/sendorder', {
        orderType: 'lmt',
        symbol: 'PF_XBTUSD',
        side: 'buy',
        size: '0.0001',
        limitPrice: '1000',
      });
      if (body.result === 'error') {
        expect(body).toMatchObject({ result: 'error', error: 'apiLimitExceeded' });
        refused.push(i);
      }
    }
    expect(refused).toEqual([50]);
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

  it('drop, duplicate, reorder and corrupt: each changes the book stream exactly as named, against a fault-free control', async () => {
    const control = await bookUpdatesAfter(() => undefined);
    expect(control.length).toBeGreaterThanOrEqual(3);
    const dropped = await bookUpdatesAfter((s) => s.faults.dropWsMessages('spot-public', 'book', 2));
    expect(dropped).toEqual(control.slice(2));
    const duplicated = await bookUpdatesAfter((s) => s.faults.add({ kind: 'ws-duplicate', target: 'spot-public', channel: 'book' }));
    expect(duplicated).toEqual([control[0], ...control]);
    const reordered = await bookUpdatesAfter((s) => s.faults.add({ kind: 'ws-reorder', target: 'spot-public', channel: 'book' }));
    expect(reordered).toEqual([control[1], control[0], ...control.slice(2)]);
    const corrupted = await bookUpdatesAfter((s) => s.faults.add({ kind: 'ws-corrupt', target: 'spot-public', channel: 'book' }));
    const first = control[0]!;
    expect(corrupted).toEqual([first.slice(0, Math.floor(first.length / 2)), ...control.slice(1)]);
    expect(() => JSON.parse(corrupted[0]!) as unknown).toThrow(SyntaxError);
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
    // Connection time on a manual clock, so heartbeats come only when the test moves it.
    const wall = new ManualClock(T0);
    const own = await startTestSim({ wallClock: wall });
    try {
      const ws = await WsProbe.open(own.urls.spotWsPublic);
      ws.send({ method: 'subscribe', params: { channel: 'instrument', snapshot: false } });
      await ws.next((m) => m.method === 'subscribe');
      // No duration: the silence lasts until removed, so a slow machine cannot see it end early.
      const h = own.faults.silence('spot-public');
      const silenced: boolean[] = [];
      const isSilenced = own.faults.isSilenced.bind(own.faults);
      vi.spyOn(own.faults, 'isSilenced').mockImplementation((target) => {
        const quiet = isSilenced(target);
        if (target === 'spot-public') silenced.push(quiet);
        return quiet;
      });
      const n = ws.raw.length;
      ws.send({ method: 'ping', req_id: 1 });
      // The server read the ping and held its pong back; then market frames and due heartbeats are held back too.
      await expect.poll(() => silenced.length, { timeout: 10_000 }).toBeGreaterThan(0);
      own.advance(1000);
      wall.advance(5000);
      expect(silenced.length).toBeGreaterThan(1);
      expect(silenced.every((quiet) => quiet)).toBe(true);
      h.remove();
      // Once lifted the socket talks again: the silence, not a dead socket, kept it quiet, and
      // nothing held back during it arrives late.
      ws.send({ method: 'ping', req_id: 2 });
      await ws.next((m) => m.method === 'pong' && m.req_id === 2);
      expect(ws.frames.slice(n).map((m) => [m.method, m.req_id])).toEqual([['pong', 2]]);
      ws.close();
    } finally {
      await own.close();
    }
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
    await ws.barrier(); // an ack sent for the add_order would have arrived before this pong
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
