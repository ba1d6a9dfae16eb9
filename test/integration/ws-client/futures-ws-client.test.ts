import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenFuturesWsClient } from '../../../src/kraken/futures/ws/futures-ws-client.js';
import type { KrakenFuturesWsClientOptions } from '../../../src/kraken/futures/ws/futures-ws-client.js';
import { KrakenApiError, KrakenStateError, KrakenTransportError } from '../../../src/core/errors.js';
import type { KrakenError } from '../../../src/core/errors.js';
import { futuresSignChallenge } from '../../../src/transport/signing.js';
import { ManualClock } from '../../../src/core/clock.js';
import { LoopbackWsServer, futuresBehaviour, nextEvent, withTimeout } from './loopback-server.js';
import type { ServerConn } from './loopback-server.js';

// The secret of Kraken's documented challenge example; any base64 secret works for a loopback server.
const API_KEY = 'CANARY-KEY-futures';
const API_SECRET = '7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm';

// Short backoff keeps the suite fast. The real-time deadlines are generous, so a loaded machine
// never trips one by accident: every test of a deadline firing runs on an injected ManualClock.
const FAST: KrakenFuturesWsClientOptions = {
  wsHeartbeatSecs: 30,
  wsIdleTimeoutSecs: 60,
  wsRequestTimeoutSecs: 30,
  backoff: { initialMs: 40, multiplier: 2, maxMs: 200 },
  random: () => 0.5,
};

let server: LoopbackWsServer;
let client: KrakenFuturesWsClient | undefined;
const errors: KrakenError[] = [];
const challenges: string[] = [];
const verified: { challenge: string; ok: boolean }[] = [];

/** Server-side check of the signed challenge, as Kraken does it. */
function verify(frame: Record<string, unknown>): boolean {
  const challenge = String(frame['original_challenge']);
  const ok =
    frame['api_key'] === API_KEY &&
    challenges.includes(challenge) &&
    frame['signed_challenge'] === futuresSignChallenge(challenge, API_SECRET);
  verified.push({ challenge, ok });
  return ok;
}

beforeEach(async () => {
  server = await LoopbackWsServer.start();
  errors.length = 0;
  challenges.length = 0;
  verified.length = 0;
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

function makeClient(options: KrakenFuturesWsClientOptions = {}): KrakenFuturesWsClient {
  client = new KrakenFuturesWsClient({ url: server.url, ...FAST, ...options });
  client.on('error', (e) => errors.push(e));
  return client;
}

const subscribes = (frames: Record<string, unknown>[]) => frames.filter((f) => f['event'] === 'subscribe');

describe('KrakenFuturesWsClient', () => {
  it('signs a fresh challenge on every connect and reconnect and replays private and public feeds', async () => {
    server.handle((c) => futuresBehaviour(c, { challenges, verify }));
    const c = makeClient({ apiKey: API_KEY, apiSecret: API_SECRET });
    await c.connect();
    await c.subscribe('open_orders');
    await c.subscribe('book', { product_ids: ['PF_XBTUSD', 'PF_ETHUSD'] });
    await c.unsubscribe('book', { product_ids: ['PF_ETHUSD'] });
    await c.subscribe('fills');
    expect(c.challengesSigned).toBe(1);

    const first = await server.connection(0);
    expect(first.received.find((f) => f['event'] === 'unsubscribe')).toEqual({
      event: 'unsubscribe',
      feed: 'book',
      product_ids: ['PF_ETHUSD'],
    });

    const reconnected = nextEvent(c, 'reconnected');
    first.destroy();
    await reconnected;
    const second = await server.connection(1);
    const replay = subscribes(second.received);
    expect(replay.map((f) => f['feed']).sort()).toEqual(['book', 'fills', 'heartbeat', 'open_orders']);
    expect(replay.find((f) => f['feed'] === 'book')!['product_ids']).toEqual(['PF_XBTUSD']);
    expect(challenges).toHaveLength(2);
    expect(c.challengesSigned).toBe(2);
    // The replayed private feeds carry the *second* challenge, correctly signed.
    const privateReplays = replay.filter((f) => 'signed_challenge' in f);
    expect(privateReplays).toHaveLength(2);
    for (const f of privateReplays) expect(f['original_challenge']).toBe(challenges[1]);
    expect(verified.length).toBeGreaterThanOrEqual(4);
    expect(verified.every((v) => v.ok)).toBe(true);
    expect(replay.find((f) => f['feed'] === 'heartbeat')).toEqual({ event: 'subscribe', feed: 'heartbeat' });
  });

  it('a wrong secret is refused by the server (signature really checked) and surfaces as a typed error', async () => {
    server.handle((c) => futuresBehaviour(c, { challenges, verify }));
    const c = makeClient({ apiKey: API_KEY, apiSecret: Buffer.from('not the secret').toString('base64') });
    await c.connect();
    await expect(c.subscribe('balances')).rejects.toBeInstanceOf(KrakenApiError);
    expect(verified).toEqual([{ challenge: challenges[0], ok: false }]);
  });

  // Liveness on the injected clock: real sockets, but deadlines and keep-alives fire only when the
  // test advances time, so a loaded CI machine cannot change the outcome.
  const timeouts = (): KrakenError[] => errors.filter((e) => e instanceof KrakenTransportError && e.failure === 'timeout');

  /** Advances the clock by `ms` in 6 s steps, each followed by a heartbeat frame the client has processed. */
  async function advanceWithHeartbeats(c: KrakenFuturesWsClient, conn: ServerConn, clock: ManualClock, ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 6_000) {
      clock.advance(Math.min(6_000, ms - t));
      const beat = nextEvent(c, 'heartbeat');
      conn.send({ feed: 'heartbeat', time: 1 });
      await beat;
    }
  }

  it('heartbeat feed frames hold the idle deadline off; silence after them trips it', async () => {
    server.handle((conn) => futuresBehaviour(conn)); // heartbeats are sent by the test
    const clock = new ManualClock(0);
    const c = makeClient({ clock, wsIdleTimeoutSecs: 10, wsHeartbeatSecs: 30 });
    await c.connect();
    const conn = await server.connection(0);
    await advanceWithHeartbeats(c, conn, clock, 24_000); // without the frames the deadline trips at 10 s
    expect(timeouts()).toHaveLength(0);
    expect(server.connections).toHaveLength(1);
    const reconnecting = nextEvent<{ reason: string }>(c, 'reconnecting');
    clock.advance(10_000); // silence
    expect(timeouts()).toHaveLength(1);
    expect((await reconnecting).reason).toContain('idle deadline');
  });

  it('sends WebSocket protocol pings every wsHeartbeatSecs (Futures has no JSON ping)', async () => {
    let pings = 0;
    let onPing: (() => void) | undefined;
    server.handle((conn) => {
      futuresBehaviour(conn);
      conn.ws.on('ping', () => {
        pings++;
        onPing?.();
      });
    });
    const clock = new ManualClock(0);
    const c = makeClient({ clock, wsIdleTimeoutSecs: 10, wsHeartbeatSecs: 30 });
    await c.connect();
    const conn = await server.connection(0);
    for (let round = 1; round <= 3; round++) {
      const pinged = new Promise<void>((resolve) => {
        onPing = () => pings >= round && resolve();
      });
      await advanceWithHeartbeats(c, conn, clock, 30_000);
      await withTimeout(pinged, 3_000, `protocol ping ${round}`);
    }
    expect(pings).toBe(3);
    expect(conn.received.some((f) => f['event'] === 'ping' || f['method'] === 'ping')).toBe(false);
  });

  it('matches an untagged {"event":"error"} to the oldest waiting request', async () => {
    server.handle((c) => futuresBehaviour(c));
    const c = makeClient();
    await c.connect();
    await expect(c.subscribe('ticker', { product_ids: ['PF_NOPE'] })).rejects.toMatchObject({ codes: ['Invalid product id'] });
    expect(c.state).toBe('ready');
    // The refused product is forgotten: a reconnect does not replay it.
    (await server.connection(0)).destroy();
    await nextEvent(c, 'reconnected');
    expect(subscribes((await server.connection(1)).received).map((f) => f['feed'])).toEqual(['heartbeat']);
  });

  it('resync() unsubscribes and resubscribes only the named products (a seq gap, docs/reliability.md D5), registry unchanged', async () => {
    server.handle((conn) => futuresBehaviour(conn));
    const c = makeClient();
    await c.connect();
    await c.subscribe('book', { product_ids: ['PF_XBTUSD', 'PF_ETHUSD'] });
    const before = JSON.stringify(c);
    await c.resync('book', { product_ids: ['PF_ETHUSD'] });
    const frames = (await server.connection(0)).received.filter((f) => f['feed'] === 'book');
    expect(frames.map((f) => [f['event'], f['product_ids']])).toEqual([
      ['subscribe', ['PF_XBTUSD', 'PF_ETHUSD']],
      ['unsubscribe', ['PF_ETHUSD']],
      ['subscribe', ['PF_ETHUSD']],
    ]);
    expect(JSON.stringify(c)).toBe(before);
  });

  it('refuses private feeds without credentials', async () => {
    const c = makeClient();
    await expect(c.subscribe('open_positions')).rejects.toBeInstanceOf(KrakenStateError);
  });

  it('drops malformed feed messages with typed errors and keeps going', async () => {
    server.handle((c) => futuresBehaviour(c));
    const c = makeClient();
    await c.connect();
    const conn = await server.connection(0);
    const dropped: string[] = [];
    c.on('dropped', (d) => dropped.push(`${d.feed}:${d.productIds.join()}`));
    const good = nextEvent<Record<string, unknown>>(c, 'book');
    conn.send('{"feed":');
    conn.send({ feed: 'book', product_id: 'PF_XBTUSD', side: 'sell', seq: 'x', price: 1, qty: 0, timestamp: 1 });
    conn.send('{"feed":"book","product_id":"PF_XBTUSD","side":"sell","seq":326094134,"price":34981.50,"qty":0,"timestamp":1612269953629}');
    const msg = await good;
    expect(msg['price']).toBe('34981.50');
    expect(dropped).toEqual(['book:PF_XBTUSD']);
    expect(errors.filter((e) => e instanceof KrakenTransportError || e.kind === 'validation').length).toBeGreaterThanOrEqual(2);
    expect(c.state).toBe('ready');
  });

  it('a frame whose feed or event names an Object.prototype member is dropped like any unknown kind', async () => {
    server.handle((c) => futuresBehaviour(c));
    const c = makeClient();
    await c.connect();
    const conn = await server.connection(0);
    const dropped: string[] = [];
    c.on('dropped', (d) => dropped.push(d.feed));
    for (const feed of ['constructor', 'hasOwnProperty', '__proto__']) conn.send({ feed, product_id: 'PF_XBTUSD' });
    conn.send({ event: 'constructor' });
    const good = nextEvent(c, 'heartbeat');
    conn.send({ feed: 'heartbeat', time: 1 });
    await good;
    expect(dropped).toEqual(['constructor', 'hasOwnProperty', '__proto__']);
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e.kind).toBe('validation');
    expect(c.state).toBe('ready');
  });

  it('never shows the secret, the challenge or its signature in inspect, JSON, events or errors', async () => {
    server.handle((c) => futuresBehaviour(c, { challenges, verify }));
    const c = makeClient({ apiKey: API_KEY, apiSecret: API_SECRET });
    const seen: unknown[] = [];
    for (const e of ['state', 'connected', 'response', 'error', 'message'] as const) c.on(e, (v: unknown) => seen.push(v));
    await c.connect();
    await c.subscribe('open_orders');
    const signed = futuresSignChallenge(challenges[0]!, API_SECRET);
    const dump = [inspect(c, { depth: 10, showHidden: true }), JSON.stringify(c), JSON.stringify(seen), inspect(seen, { depth: 10 })].join(
      '\n',
    );
    for (const secret of [API_SECRET, signed, challenges[0]!]) expect(dump).not.toContain(secret);
    expect(seen.some((v) => JSON.stringify(v).includes('[redacted]'))).toBe(true);
  });
});
