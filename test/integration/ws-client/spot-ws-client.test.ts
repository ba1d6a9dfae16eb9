import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { WebSocketServer } from 'ws';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import type { KrakenSpotWsClientOptions } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import { KrakenOrderRejectedError, KrakenStateError, KrakenTransportError, KrakenValidationError } from '../../../src/core/errors.js';
import type { KrakenError } from '../../../src/core/errors.js';
import { ManualClock } from '../../../src/core/clock.js';
import { LoopbackWsServer, nextEvent, spotBehaviour, withTimeout } from './loopback-server.js';
import type { ServerConn } from './loopback-server.js';
import { wsText } from '../../helpers/ws-text.js';

// Short backoff keeps the suite fast; random 0.5 makes full-jitter delays exact (half the ceiling).
// The real-time deadlines are generous, so a loaded machine never trips one by accident: every
// test of a deadline firing runs it on an injected ManualClock and moves time itself.
const FAST: KrakenSpotWsClientOptions = {
  wsHeartbeatSecs: 30,
  wsIdleTimeoutSecs: 60,
  wsRequestTimeoutSecs: 30,
  backoff: { initialMs: 40, multiplier: 2, maxMs: 200 },
  random: () => 0.5,
};

let server: LoopbackWsServer;
let client: KrakenSpotWsClient | undefined;
const errors: KrakenError[] = [];

beforeEach(async () => {
  server = await LoopbackWsServer.start();
  errors.length = 0;
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

function makeClient(options: KrakenSpotWsClientOptions = {}): KrakenSpotWsClient {
  client = new KrakenSpotWsClient({ url: server.url, ...FAST, ...options });
  client.on('error', (e) => errors.push(e));
  return client;
}

const isMethod = (m: string) => (f: Record<string, unknown>) => f['method'] === m;
const subscribeOf = (channel: string) => (f: Record<string, unknown>) =>
  f['method'] === 'subscribe' && (f['params'] as Record<string, unknown>)['channel'] === channel;

describe('KrakenSpotWsClient reconnect and replay', () => {
  it('after a TCP drop (1006) fetches a fresh token and replays every subscription with merged/split symbols', async () => {
    server.handle((c) => spotBehaviour(c));
    let tokens = 0;
    const c = makeClient({ tokenProvider: () => Promise.resolve(`tok-${++tokens}`) });
    await c.connect();
    const first = await server.connection(0);

    await c.subscribe('book', { symbol: ['BTC/USD'], depth: 25 });
    await c.subscribe('book', { symbol: ['ETH/USD', 'BTC/USD'], depth: 25 }); // BTC/USD already subscribed: not re-sent
    await c.subscribe('ticker', { symbol: ['BTC/USD'] });
    await c.subscribe('executions', { snap_orders: true });
    await c.unsubscribe('book', { symbol: ['BTC/USD'], depth: 25 });

    const firstBook2 = first.received.filter(subscribeOf('book'))[1]!;
    expect((firstBook2['params'] as Record<string, unknown>)['symbol']).toEqual(['ETH/USD']);
    const unsub = first.received.find(isMethod('unsubscribe'))!;
    // Unsubscribe names only the identifying option (depth), not snapshot etc.
    expect(unsub['params']).toEqual({ channel: 'book', depth: 25, symbol: ['BTC/USD'] });
    expect((first.received.find(subscribeOf('executions'))!['params'] as Record<string, unknown>)['token']).toBe('tok-1');

    const reconnecting = nextEvent<{ attempt: number; delayMs: number; reason: string }>(c, 'reconnecting');
    const reconnected = nextEvent(c, 'reconnected');
    first.destroy();
    const r = await reconnecting;
    expect(r.attempt).toBe(1);
    expect(r.delayMs).toBe(20); // 0.5 × initial 40 ms
    expect(r.reason).toContain('1006');
    await reconnected;

    const second = await server.connection(1);
    const replayed = second.received.filter(isMethod('subscribe')).map((f) => f['params']);
    expect(replayed).toHaveLength(3);
    expect(replayed).toContainEqual({ channel: 'book', depth: 25, symbol: ['ETH/USD'] });
    expect(replayed).toContainEqual({ channel: 'ticker', event_trigger: 'trades', symbol: ['BTC/USD'] });
    expect(replayed).toContainEqual({ channel: 'executions', snap_orders: true, token: 'tok-2' });
    expect(tokens).toBe(2);
    expect(c.tokenFetches).toBe(2);
    expect(c.state).toBe('ready');
  });

  it('treats close 1001 (Cloudflare restart) as churn: reconnects with the first backoff step and replays', async () => {
    server.handle((c) => spotBehaviour(c));
    const c = makeClient();
    await c.connect();
    await c.subscribe('trade', { symbol: ['SOL/USD'] });
    const first = await server.connection(0);
    const disconnected = nextEvent<{ code: number; willReconnect: boolean }>(c, 'disconnected');
    const reconnecting = nextEvent<{ attempt: number; delayMs: number; reason: string }>(c, 'reconnecting');
    first.ws.close(1001, 'CloudFlare WebSocket proxy restarting');
    expect(await disconnected).toMatchObject({ code: 1001, willReconnect: true });
    const r = await reconnecting;
    expect(r).toMatchObject({ attempt: 1, delayMs: 20 });
    expect(r.reason).toContain('1001');
    const second = await server.connection(1);
    expect((await second.next(isMethod('subscribe')))['params']).toEqual({ channel: 'trade', symbol: ['SOL/USD'] });
  });

  it('close 1013 also reconnects', async () => {
    server.handle((c) => spotBehaviour(c));
    const c = makeClient();
    await c.connect();
    (await server.connection(0)).ws.close(1013, 'try again later');
    await nextEvent(c, 'reconnected');
    expect(server.connections).toHaveLength(2);
  });

  // Liveness runs on the injected clock: real sockets, but the idle deadline and keep-alive timers
  // fire only when the test advances time, so a loaded CI machine cannot change the outcome.
  const timeouts = (): KrakenError[] => errors.filter((e) => e instanceof KrakenTransportError && e.failure === 'timeout');

  it('a stalled server (no application frames, only protocol pings) trips the idle deadline and the client reconnects', async () => {
    server.handle((conn) => spotBehaviour(conn)); // acks, no heartbeats
    const clock = new ManualClock(0);
    const c = makeClient({ clock, wsIdleTimeoutSecs: 10, wsHeartbeatSecs: 30 });
    await c.connect();
    await c.subscribe('ticker', { symbol: ['BTC/USD'] });
    const conn = await server.connection(0);
    clock.advance(6_000);
    // Protocol pings the client has demonstrably received (it ponged) must not reset the deadline.
    const pongs = new Promise<void>((resolve) => {
      let n = 0;
      conn.ws.on('pong', () => ++n === 3 && resolve());
    });
    for (let i = 0; i < 3; i++) conn.ws.ping();
    await withTimeout(pongs, 3_000, 'pongs');
    expect(timeouts()).toHaveLength(0);
    const reconnecting = nextEvent<{ reason: string; delayMs: number }>(c, 'reconnecting');
    clock.advance(4_000); // 10 s after the last application frame
    expect(timeouts()).toHaveLength(1);
    const r = await reconnecting;
    expect(r.reason).toContain('idle deadline');
    const reconnected = nextEvent(c, 'reconnected');
    clock.advance(r.delayMs);
    await reconnected;
    expect(server.connections).toHaveLength(2);
  });

  it('heartbeat frames keep the connection alive past the idle deadline', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const clock = new ManualClock(0);
    const c = makeClient({ clock, wsIdleTimeoutSecs: 10, wsHeartbeatSecs: 30 });
    await c.connect();
    await c.subscribe('ticker', { symbol: ['BTC/USD'] });
    const conn = await server.connection(0);
    for (let i = 0; i < 4; i++) {
      clock.advance(6_000); // 24 s in all: without the heartbeats the deadline would trip at 10 s
      const heartbeat = nextEvent(c, 'heartbeat');
      conn.send({ channel: 'heartbeat' });
      await heartbeat;
    }
    expect(timeouts()).toHaveLength(0);
    expect(c.state).toBe('ready');
    expect(server.connections).toHaveLength(1);
  });

  it('sends an application ping every wsHeartbeatSecs and counts the pong', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const clock = new ManualClock(0);
    const c = makeClient({ clock, wsHeartbeatSecs: 30, wsIdleTimeoutSecs: 10 });
    await c.connect();
    const conn = await server.connection(0);
    for (let round = 1; round <= 2; round++) {
      clock.advance(30_000 - (round === 1 ? 0 : 20_000));
      await conn.next(isMethod('ping'));
      // spotBehaviour has answered the ping; a marker frame behind the pong tells us the client read it.
      const marker = nextEvent(c, 'heartbeat');
      conn.send({ channel: 'heartbeat' });
      await marker;
      // An uncounted pong would leave a ping outstanding and trip the 10 s deadline here.
      clock.advance(20_000);
      expect(timeouts()).toHaveLength(0);
    }
    expect(conn.received.filter(isMethod('ping'))).toHaveLength(2);
    expect(server.connections).toHaveLength(1);
  });

  it('opens the circuit past the reconnect budget and makes no further attempts', async () => {
    server.handle((conn) => conn.ws.close(1013, 'flapping'));
    const clock = new ManualClock(0);
    const c = makeClient({ clock, reconnectBudget: { maxAttempts: 3, windowMs: 60_000 }, backoff: { initialMs: 10, maxMs: 10 } });
    const attempts: number[] = [];
    c.on('reconnecting', (r) => {
      attempts.push(r.attempt);
      setImmediate(() => clock.advance(r.delayMs)); // the backoff wait, on the test's clock
    });
    const circuit = new Promise<{ circuitOpen: boolean; reason: string }>((resolve) =>
      c.on('disconnected', (d) => {
        if (d.circuitOpen) resolve(d);
      }),
    );
    await c.connect(); // the first socket opens (and is ready) before the server closes it
    const d = await withTimeout(circuit, 3_000, 'circuit open');
    expect(d.reason).toContain('budget');
    expect(attempts).toEqual([1, 2, 3]);
    expect(server.connections).toHaveLength(4); // the first connect + 3 budgeted reconnects
    expect(c.state).toBe('closed');
    // Nothing is armed on the clock any more: no further attempt can ever come, whatever time passes.
    expect(clock.pendingTimers).toBe(0);
    clock.advance(3_600_000);
    expect(attempts).toEqual([1, 2, 3]);
  });
});

describe('KrakenSpotWsClient subscription refusals', () => {
  function refusingServer(conn: ServerConn): void {
    conn.ws.on('message', (data) => {
      const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
      if (msg['method'] !== 'subscribe') return;
      const params = msg['params'] as Record<string, unknown>;
      const symbols = (params['symbol'] as string[] | undefined) ?? [];
      if (params['channel'] === 'ohlc') {
        // One refusal for the whole request, with no symbol.
        conn.send({ method: 'subscribe', req_id: msg['req_id'], success: false, error: 'EGeneral:Invalid arguments' });
        return;
      }
      for (const symbol of symbols) {
        conn.send(
          symbol === 'XBT/USD' // v2 wants BTC, not XBT
            ? { method: 'subscribe', req_id: msg['req_id'], success: false, symbol, error: 'Currency pair not supported XBT/USD' }
            : { method: 'subscribe', req_id: msg['req_id'], success: true, result: { channel: params['channel'], symbol } },
        );
      }
    });
  }

  it('forgets a refused symbol (never replayed) and keeps the accepted ones', async () => {
    server.handle(refusingServer);
    const c = makeClient();
    await c.connect();
    await expect(c.subscribe('trade', { symbol: ['XBT/USD', 'BTC/USD'] })).rejects.toMatchObject({
      codes: ['Currency pair not supported XBT/USD'],
    });
    (await server.connection(0)).destroy();
    await nextEvent(c, 'reconnected');
    const replay = (await server.connection(1)).received.filter(isMethod('subscribe')).map((f) => f['params']);
    expect(replay).toEqual([{ channel: 'trade', symbol: ['BTC/USD'] }]);
  });

  it('a subscription the encoder refuses is not kept: nothing is sent for it, now or on the replay after a reconnect', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const c = makeClient();
    await c.connect();
    await c.subscribe('ticker', { symbol: ['BTC/USD'] });
    // depth 7 is not one of Kraken's book depths: the generated encoder refuses it before anything is sent.
    await expect(c.subscribe('book', { symbol: ['BTC/USD'], depth: 7 as 10 })).rejects.toBeInstanceOf(KrakenValidationError);
    expect((JSON.parse(JSON.stringify(c)) as { subscriptions: { channel: string }[] }).subscriptions.map((g) => g.channel)).toEqual([
      'ticker',
    ]);
    (await server.connection(0)).destroy();
    await nextEvent(c, 'reconnected');
    const replay = (await server.connection(1)).received.filter(isMethod('subscribe')).map((f) => f['params']);
    expect(replay).toEqual([{ channel: 'ticker', symbol: ['BTC/USD'], event_trigger: 'trades' }]);
    expect(errors.filter((e) => e instanceof KrakenValidationError)).toEqual([]);
  });

  it('a refusal without a symbol settles the whole request at once instead of waiting for the timeout', async () => {
    server.handle(refusingServer);
    const c = makeClient({ wsRequestTimeoutSecs: 10 });
    await c.connect();
    const outcome = await c.subscribe('ohlc', { symbol: ['BTC/USD', 'ETH/USD'], interval: 5 }).catch((e: unknown) => e);
    // Had the client waited for a second ack it would have failed with a transport timeout instead.
    expect(outcome).toMatchObject({ codes: ['EGeneral:Invalid arguments'] });
    expect((JSON.parse(JSON.stringify(c)) as { subscriptions: unknown }).subscriptions).toEqual([]);
  });
});

describe('KrakenSpotWsClient token provider failures', () => {
  it('a failed token fetch drops the socket and the next attempt fetches again', async () => {
    server.handle((c) => spotBehaviour(c));
    let calls = 0;
    const c = makeClient({
      tokenProvider: () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('EAPI:Invalid nonce (REST said so)'));
        return Promise.resolve('tok-ok');
      },
    });
    const reconnecting = nextEvent<{ reason: string }>(c, 'reconnecting');
    await c.connect();
    expect((await reconnecting).reason).toContain('token fetch');
    expect(calls).toBe(2);
    expect(errors.some((e) => e instanceof KrakenTransportError && e.message.includes('token fetch failed'))).toBe(true);
    await c.subscribe('executions', {});
    const sub = (await server.connection(1)).received.find(subscribeOf('executions'))!;
    expect((sub['params'] as Record<string, unknown>)['token']).toBe('tok-ok');
  });

  it('close() while connecting rejects connect() with a state error and emits no socket error', async () => {
    server.handle((c) => spotBehaviour(c));
    const c = makeClient({ tokenProvider: () => new Promise(() => undefined) });
    const connecting = c.connect();
    await c.close();
    await expect(connecting).rejects.toBeInstanceOf(KrakenStateError);
    expect(c.state).toBe('closed');
    expect(errors).toEqual([]);
  });
});

describe('KrakenSpotWsClient handshake refusals', () => {
  it('connect() rejects once the budget is spent on refused handshakes (HTTP 503)', async () => {
    const refusing = new WebSocketServer({ port: 0, host: '127.0.0.1', verifyClient: (_info, cb) => cb(false, 503) });
    await new Promise<void>((r) => refusing.once('listening', () => r()));
    try {
      const refusedClient = new KrakenSpotWsClient({
        ...FAST,
        url: `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}`,
        reconnectBudget: { maxAttempts: 2 },
        backoff: { initialMs: 10, maxMs: 10 },
      });
      const seen: KrakenError[] = [];
      refusedClient.on('error', (e) => seen.push(e));
      await expect(refusedClient.connect()).rejects.toMatchObject({ failure: 'closed' });
      expect(refusedClient.state).toBe('closed');
      expect(seen.some((e) => e.message.includes('503'))).toBe(true);
    } finally {
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });
});

describe('KrakenSpotWsClient requests', () => {
  function tradingServer(conn: ServerConn): void {
    spotBehaviour(conn);
    const held: Record<string, unknown>[] = [];
    conn.ws.on('message', (data) => {
      const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
      if (msg['method'] !== 'add_order') return;
      const params = msg['params'] as Record<string, unknown>;
      if (params['cl_ord_id'] === 'silent') return;
      if (params['cl_ord_id'] === 'poor') {
        conn.send({ method: 'add_order', req_id: msg['req_id'], success: false, error: 'EOrder:Insufficient funds' });
        return;
      }
      held.push(msg);
      if (held.length === 2) {
        // Answer in reverse order: correlation must go by req_id, not arrival order.
        for (const m of held.reverse()) {
          const p = m['params'] as Record<string, unknown>;
          conn.send({ method: 'add_order', req_id: m['req_id'], success: true, result: { order_id: `O-${String(p['cl_ord_id'])}` } });
        }
        held.length = 0;
      }
    });
  }

  it('correlates answers by req_id, writes exact decimals and the session token', async () => {
    server.handle(tradingServer);
    const c = makeClient({ tokenProvider: () => Promise.resolve('tok-A') });
    await c.connect();
    const order = (id: string) =>
      c.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        symbol: 'BTC/USD',
        order_qty: '0.00100000',
        limit_price: '105944.20',
        cl_ord_id: id,
      } as never);
    const [a, b] = await Promise.all([order('a'), order('b')]);
    expect(a.result?.order_id).toBe('O-a');
    expect(b.result?.order_id).toBe('O-b');
    const raw = (await server.connection(0)).raw.find((t) => t.includes('"add_order"'))!;
    expect(raw).toContain('"limit_price":105944.20');
    expect(raw).toContain('"order_qty":0.00100000');
    expect(raw).toContain('"token":"tok-A"');
  });

  it('refuses invalid order params locally (generated encoder) and sends nothing', async () => {
    server.handle(tradingServer);
    const c = makeClient({ tokenProvider: () => Promise.resolve('tok-SECRET-9') });
    await c.connect();
    const err = await c
      .request('add_order', { order_type: 'limit', side: 'buy', symbol: 'BTC/USD', order_qty: '1e-7x', limit_price: '1' } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenValidationError);
    expect(JSON.stringify(err) + String(err)).not.toContain('tok-SECRET-9');
    expect((await server.connection(0)).received.filter(isMethod('add_order'))).toEqual([]);
  });

  it('rejects a venue refusal with the classified error', async () => {
    server.handle(tradingServer);
    const c = makeClient({ tokenProvider: () => Promise.resolve('tok') });
    await c.connect();
    const p = c.request('add_order', { order_type: 'market', side: 'buy', symbol: 'BTC/USD', order_qty: '1', cl_ord_id: 'poor' } as never);
    await expect(p).rejects.toBeInstanceOf(KrakenOrderRejectedError);
    await expect(p).rejects.toMatchObject({ codes: ['EOrder:Insufficient funds'] });
  });

  it('times out an unanswered request, then reports the late answer as unmatched', async () => {
    server.handle(tradingServer);
    const clock = new ManualClock(0);
    const c = makeClient({ clock, tokenProvider: () => Promise.resolve('tok'), wsRequestTimeoutSecs: 1 });
    await c.connect();
    const p = c.request('add_order', {
      order_type: 'market',
      side: 'buy',
      symbol: 'BTC/USD',
      order_qty: '1',
      cl_ord_id: 'silent',
    } as never);
    const conn = await server.connection(0);
    const sent = await conn.next(isMethod('add_order'));
    let outcome = 'pending';
    p.then(
      () => (outcome = 'answered'),
      () => (outcome = 'rejected'),
    );
    clock.advance(999);
    await new Promise((r) => setImmediate(r)); // let any settlement run: not a wait for time
    expect(outcome).toBe('pending');
    clock.advance(1);
    await expect(p).rejects.toMatchObject({ failure: 'timeout' });
    const late = nextEvent<{ matched: boolean; ack: Record<string, unknown> }>(c, 'response');
    conn.send({ method: 'add_order', req_id: sent['req_id'], success: true, result: { order_id: 'LATE' } });
    expect(await late).toMatchObject({ matched: false, ack: { result: { order_id: 'LATE' } } });
  });

  it('rejects pending requests with failure "closed" when the socket drops', async () => {
    server.handle(tradingServer);
    // On a manual clock the request deadline cannot fire first, however slow the machine.
    const c = makeClient({ clock: new ManualClock(0), tokenProvider: () => Promise.resolve('tok'), wsRequestTimeoutSecs: 2 });
    await c.connect();
    const p = c.request('add_order', {
      order_type: 'market',
      side: 'buy',
      symbol: 'BTC/USD',
      order_qty: '1',
      cl_ord_id: 'silent',
    } as never);
    const conn = await server.connection(0);
    await conn.next(isMethod('add_order'));
    conn.destroy();
    await expect(p).rejects.toMatchObject({ failure: 'closed' });
  });

  it('cancel_order answers once per order: resolves with every answer, refusals included', async () => {
    server.handle((conn) => {
      spotBehaviour(conn);
      conn.ws.on('message', (data) => {
        const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
        if (msg['method'] !== 'cancel_order') return;
        const ids = (msg['params'] as Record<string, unknown>)['order_id'] as string[];
        for (const id of ids) {
          conn.send(
            id === 'GONE'
              ? { method: 'cancel_order', req_id: msg['req_id'], success: false, error: 'EOrder:Unknown order' }
              : { method: 'cancel_order', req_id: msg['req_id'], success: true, result: { order_id: id } },
          );
        }
      });
    });
    const c = makeClient({ tokenProvider: () => Promise.resolve('tok') });
    await c.connect();
    const answers = await c.request('cancel_order', { order_id: ['OA', 'GONE', 'OB'] });
    expect(answers.map((a) => [a.success, a.result?.order_id ?? a.error])).toEqual([
      [true, 'OA'],
      [false, 'EOrder:Unknown order'],
      [true, 'OB'],
    ]);
  });

  it('batch_add with success:false but placed rows resolves so the placed orders are not lost', async () => {
    server.handle((conn) => {
      spotBehaviour(conn);
      conn.ws.on('message', (data) => {
        const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
        if (msg['method'] !== 'batch_add') return;
        conn.send({
          method: 'batch_add',
          req_id: msg['req_id'],
          success: false,
          error: 'EOrder:Insufficient funds',
          result: [{ order_id: 'P1' }, { error: 'EOrder:Insufficient funds' }],
        });
      });
    });
    const c = makeClient({ tokenProvider: () => Promise.resolve('tok') });
    await c.connect();
    const orders = [
      { order_type: 'limit', side: 'buy', order_qty: '1', limit_price: '10.5' },
      { order_type: 'limit', side: 'buy', order_qty: '2', limit_price: '10.4' },
    ];
    const answer = await c.request('batch_add', { symbol: 'BTC/USD', orders });
    expect(answer.success).toBe(false);
    expect(answer.result?.[0]).toMatchObject({ order_id: 'P1' });
  });

  it('refuses to send a request when not ready, and refuses private channels without a token provider', async () => {
    const c = makeClient();
    await expect(c.request('cancel_all', {} as never)).rejects.toBeInstanceOf(KrakenStateError);
    await expect(c.subscribe('executions', {})).rejects.toBeInstanceOf(KrakenStateError);
    expect(server.connections).toHaveLength(0);
  });
});

describe('KrakenSpotWsClient bad input from the venue', () => {
  it('drops malformed frames with typed errors and keeps serving valid ones', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const c = makeClient();
    await c.connect();
    const conn = await server.connection(0);
    const dropped: string[] = [];
    c.on('dropped', (d) => dropped.push(d.channel + (d.symbols.length > 0 ? `:${d.symbols.join()}` : '')));
    const ticker = nextEvent<Record<string, unknown>>(c, 'ticker');
    conn.send('not json {');
    conn.send('{"channel":"ticker","__proto__":{"polluted":1}}');
    conn.send({ channel: 'book', type: 'snapshot', data: [{ symbol: 'BTC/USD', bids: 'nope', asks: [], checksum: 1 }] });
    conn.send({ channel: 'no_such_channel', data: [] });
    conn.send([1, 2, 3]);
    conn.ws.send(Buffer.from([0xde, 0xad]), { binary: true });
    // Pathological nesting (docs/reliability.md D7): 10^5 levels inside an unknown field must not overflow the stack.
    conn.send(`{"channel":"status","type":"update","data":[],"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    conn.send(
      '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":105944.20,"bid_qty":0.00100000,"ask":105944.3,"ask_qty":1,"last":105944.2,"volume":10,"vwap":105000,"low":1,"high":2,"change":0.1,"change_pct":0.01,"timestamp":"2026-01-01T00:00:00Z"}]}',
    );
    const t = await ticker;
    // Lossless decoding: the exact wire text survives, trailing zeros included.
    expect((t['data'] as Record<string, unknown>[])[0]!['bid']).toBe('105944.20');
    expect((t['data'] as Record<string, unknown>[])[0]!['bid_qty']).toBe('0.00100000');
    expect(errors.length).toBeGreaterThanOrEqual(6);
    expect(dropped).toEqual(expect.arrayContaining(['book:BTC/USD', 'no_such_channel']));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(c.state).toBe('ready');
    expect(server.connections).toHaveLength(1);
  });

  it('a frame whose channel or method names an Object.prototype member is dropped like any unknown kind', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const c = makeClient();
    await c.connect();
    const conn = await server.connection(0);
    const dropped: string[] = [];
    c.on('dropped', (d) => dropped.push(d.channel));
    for (const channel of ['constructor', 'hasOwnProperty', '__proto__']) conn.send({ channel, type: 'update', data: [] });
    conn.send({ method: 'constructor', success: true, req_id: 1 });
    const heartbeat = nextEvent(c, 'heartbeat');
    conn.send({ channel: 'heartbeat' });
    await heartbeat;
    expect(dropped).toEqual(['constructor', 'hasOwnProperty', '__proto__']);
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e).toBeInstanceOf(KrakenValidationError);
    expect(errors.map((e) => e.message).join()).toMatch(/unknown message kind/);
    expect(c.state).toBe('ready');
  });

  it('survives a few hundred fuzzed frames (random JSON and text) without a crash or a reconnect', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const c = makeClient();
    await c.connect();
    const conn = await server.connection(0);
    const frames = [
      ...fc.sample(fc.json(), { numRuns: 200, seed: 7 }),
      ...fc.sample(fc.string(), { numRuns: 100, seed: 8 }),
      ...fc
        .sample(
          fc.record({
            channel: fc.constantFrom('book', 'ticker', 'executions', 'heartbeat', 'status'),
            type: fc.string(),
            data: fc.anything(),
          }),
          { numRuns: 100, seed: 9 },
        )
        .map((f) => JSON.stringify(f)),
      ...fc
        .sample(fc.record({ method: fc.constantFrom('add_order', 'subscribe', 'pong'), req_id: fc.integer(), success: fc.anything() }), {
          numRuns: 50,
          seed: 10,
        })
        .map((f) => JSON.stringify(f)),
    ];
    for (const f of frames) conn.send(f);
    conn.send({ channel: 'heartbeat' });
    await nextEvent(c, 'heartbeat');
    expect(c.state).toBe('ready');
    expect(server.connections).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('caps the payload: an oversized frame is refused, reported, and the client reconnects', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const c = makeClient({ maxPayloadBytes: 1024 });
    await c.connect();
    const reconnected = nextEvent(c, 'reconnected');
    (await server.connection(0)).send({ channel: 'status', data: ['x'.repeat(4096)] });
    await reconnected;
    expect(errors.some((e) => e instanceof KrakenTransportError && e.failure === 'payload-too-large')).toBe(true);
  });
});

describe('KrakenSpotWsClient secrets', () => {
  it('never shows the token in util.inspect, JSON, events or errors', async () => {
    const TOKEN = 'CANARY-TOKEN-5f1e2d';
    server.handle((conn) => {
      spotBehaviour(conn);
      conn.ws.on('message', (data) => {
        const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
        if (msg['method'] === 'cancel_all')
          conn.send({ method: 'cancel_all', req_id: msg['req_id'], success: false, error: 'EAPI:Invalid key' });
      });
    });
    const c = makeClient({ tokenProvider: () => Promise.resolve(TOKEN) });
    const seen: unknown[] = [];
    for (const e of ['state', 'connected', 'response', 'disconnected', 'reconnecting', 'error'] as const)
      c.on(e, (v: unknown) => seen.push(v));
    await c.connect();
    await c.subscribe('balances', {});
    const failure = await c.request('cancel_all', {} as never).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    const dump = [
      inspect(c, { depth: 10, showHidden: true }),
      JSON.stringify(c),
      JSON.stringify(seen),
      inspect(seen, { depth: 10 }),
      String(failure),
      JSON.stringify(failure),
    ].join('\n');
    expect(dump).not.toContain(TOKEN);
    // The token did go on the wire, where it belongs.
    expect((await server.connection(0)).raw.some((t) => t.includes(TOKEN))).toBe(true);
  });
});
