/**
 * Hostile input against the simulator over real sockets: names that exist on every JS object's
 * prototype used as REST methods and WS events, sparse and oversized form keys, a token
 * subscribed twice, a fault delay beyond what a timer can hold, and a body over the 1 MiB limit.
 * Kraken answers each of these as an ordinary bad request; so must the simulator, without
 * crashing, leaking its state or recording an internal error (checked after every test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { futuresSignChallenge } from '../../../src/transport/signing.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { spotPrivate, startTestSim, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim.close());

const PROTOTYPE_NAMES = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__proto__',
  '__defineGetter__',
];

async function rawGet(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sim.urls.spotRest}${path}`);
  return { status: res.status, text: await res.text() };
}

describe('Spot REST method names are looked up as own entries only (Kraken: EGeneral:Unknown method)', () => {
  it.each(PROTOTYPE_NAMES)('GET /0/public/%s and POST /0/private/%s answer Unknown method, small and valid JSON', async (name) => {
    const pub = await rawGet(`/0/public/${name}`);
    expect(pub.status).toBe(200);
    expect(pub.text.length).toBeLessThan(200);
    expect(JSON.parse(pub.text)).toEqual({ error: ['EGeneral:Unknown method'] });
    const priv = await spotPrivate(sim, name);
    expect(priv).toEqual({ error: ['EGeneral:Unknown method'] });
  });
});

describe('Spot REST form keys are bounded (Kraken: EGeneral:Invalid arguments)', () => {
  it('a sparse index key (pair[100000000]) is refused at once instead of blocking the event loop', async () => {
    const started = performance.now();
    const r = JSON.parse((await rawGet('/0/public/Ticker?pair[100000000]=XBTUSD')).text) as { error: string[] };
    expect(r.error).toEqual(['EGeneral:Invalid arguments:pair']);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('an index key that would resize an array (orders[length]) and a very deep key are refused', async () => {
    const len = await spotPrivate(sim, 'CancelOrderBatch', { 'orders[0]': 'OAAAAA-AAAAA-AAAAAA', 'orders[length]': '100000000' });
    expect(len.error).toEqual(['EGeneral:Invalid arguments:orders']);
    const deep = await spotPrivate(sim, 'AddOrder', { [`close${'[a]'.repeat(50)}`]: 'x' });
    expect(deep.error).toEqual(['EGeneral:Invalid arguments:close']);
  });
});

describe('WS event and method names are looked up as own entries only', () => {
  it.each(PROTOTYPE_NAMES)("Futures WS event %s answers Kraken's {event: error, message: Json Error}", async (name) => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    ws.send({ event: name, feed: 'book', product_ids: ['PI_XBTUSD'] });
    expect(await ws.nextNew((m) => m.event === 'error')).toEqual({ event: 'error', message: 'Json Error' });
    ws.close();
  });

  it.each(PROTOTYPE_NAMES)('Spot WS method %s answers Method not supported', async (name) => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: name, params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 7 });
    const ack = await ws.next((m) => m.req_id === 7);
    expect(ack).toMatchObject({ success: false, error: `Method not supported ${name}` });
    ws.close();
  });
});

describe('WS tokens: subscribed twice on one connection, held once (Kraken: a token expires 15 min after its last private subscription ends)', () => {
  it('a token subscribed twice to executions is released when the connection closes', async () => {
    const quiet = await startTestSim({ market: false });
    try {
      const token = (await spotPrivate(quiet, 'GetWebSocketsToken')).result.token as string;
      const ws = await WsProbe.open(quiet.urls.spotWsAuth);
      ws.send({ method: 'subscribe', params: { channel: 'executions', token }, req_id: 1 });
      expect((await ws.next((m) => m.req_id === 1)).success).toBe(true);
      ws.send({ method: 'subscribe', params: { channel: 'executions', token }, req_id: 2 });
      expect((await ws.next((m) => m.req_id === 2)).success).toBe(true);
      ws.ws.close();
      await ws.closed();
      quiet.advance(16 * 60_000);
      const again = await WsProbe.open(quiet.urls.spotWsAuth);
      again.send({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 3 });
      expect(await again.next((m) => m.req_id === 3)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
      again.close();
    } finally {
      await quiet.close();
    }
  });
});

describe('Fault rules and body size', () => {
  it('a fault delayMs of 2^31 ms or more is refused (a Node timer would fire it after 1 ms)', async () => {
    expect(() => sim.faults.add({ kind: 'order-ack-delay', delayMs: 2 ** 31 })).toThrow(KrakenValidationError);
    expect(() => sim.faults.add({ kind: 'ws-delay', target: 'spot-public', delayMs: 2 ** 40 })).toThrow(KrakenValidationError);
    const res = await fetch(`${sim.urls.spotRest}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'order-ack-delay', delayMs: 2 ** 31 }),
    });
    expect(res.status).toBe(400);
    expect(sim.faults.active()).toEqual([]);
  });

  it.each(['spot', 'futures'] as const)('a %s REST body over 1 MiB gets the gateway 413 answer, not a reset connection', async (venue) => {
    const url = venue === 'spot' ? `${sim.urls.spotRest}/0/private/AddOrder` : `${sim.urls.futuresRest}/derivatives/api/v3/sendorder`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `nonce=1&pad=${'a'.repeat(1_100_000)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('413');
  });
});

describe('Futures WS challenge with a prototype-named key', () => {
  it('a subscribe whose api_key is "constructor" is a Json Error, not a crash', async () => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    ws.send({ event: 'challenge', api_key: 'constructor' });
    expect(await ws.nextNew((m) => m.event === 'error')).toEqual({ event: 'error', message: 'Json Error' });
    ws.send({
      event: 'subscribe',
      feed: 'fills',
      api_key: 'toString',
      original_challenge: 'x',
      signed_challenge: futuresSignChallenge('x', sim.credentials.futures.apiSecret),
    });
    expect(await ws.nextNew((m) => m.event === 'error')).toEqual({ event: 'error', message: 'Json Error' });
    ws.close();
  });
});
