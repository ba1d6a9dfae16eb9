import { createConnection } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../src/sim/faults/fault-controller.js';
import { parseFaultSpec } from '../../../src/sim/faults/fault-rules.js';
import { ManualClock } from '../../../src/sim/index.js';
import { spotPrivate, spotPublic, startTestSim, T0, WsProbe } from './helpers.js';

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startKrakenSim', () => {
  it('binds every server to 127.0.0.1 on ephemeral ports and funds the default credentials', async () => {
    const sim = await startTestSim();
    try {
      for (const url of Object.values(sim.urls)) expect(url).toMatch(/^(http|ws):\/\/127\.0\.0\.1:\d+/);
      // Six servers: the Unified WS serves /v2/public and /v2/private on one port, as uws.kraken.com does on one host.
      expect(new Set(Object.values(sim.urls).map((u) => new URL(u.replace(/^ws/, 'http')).port)).size).toBe(6);
      expect(new URL(sim.urls.unifiedWsPublic).port).toBe(new URL(sim.urls.unifiedWsPrivate).port);
      expect((await spotPrivate(sim, 'Balance')).result.XXBT).toBe('10.0000000000');
      // the demo secrets are usable but never shown by inspect or JSON (they are still secrets in logs)
      for (const secret of [sim.credentials.spot.apiSecret, sim.credentials.futures.apiSecret]) {
        expect(inspect(sim, { depth: 6 })).not.toContain(secret);
        expect(JSON.stringify(sim.credentials)).not.toContain(secret);
        expect(JSON.stringify(sim.accounts)).not.toContain(secret);
      }
    } finally {
      await sim.close();
    }
  });

  it('is deterministic for a seed: same keys, same market', async () => {
    const a = await startTestSim({ seed: 5 });
    const b = await startTestSim({ seed: 5 });
    const c = await startTestSim({ seed: 6 });
    try {
      expect(a.credentials.spot.apiKey).toBe(b.credentials.spot.apiKey);
      expect(a.credentials.futures.apiSecret).toBe(b.credentials.futures.apiSecret);
      expect(a.credentials.spot.apiKey).not.toBe(c.credentials.spot.apiKey);
      for (const s of [a, b, c]) s.advance(5000);
      const depth = async (s: typeof a) => (await spotPublic(s, 'Depth', { pair: 'XBTUSD', count: '10' })).result;
      expect(await depth(a)).toEqual(await depth(b));
      expect(await depth(a)).not.toEqual(await depth(c));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('close() ends every server and socket, including never-answered requests and open WS clients', async () => {
    const sim = await startTestSim();
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    const fws = await WsProbe.open(sim.urls.futuresWs);
    sim.faults.add({ kind: 'http-timeout', path: '/0/public/Time' });
    const hanging = fetch(`${sim.urls.spotRest}/0/public/Time`).then(
      () => 'answered',
      () => 'closed',
    );
    // The request is at the server (and held) once the fault has fired.
    await expect.poll(() => sim.faults.fired.some((f) => f.kind === 'http-timeout'), { timeout: 10_000 }).toBe(true);
    await sim.close();
    expect(await hanging).toBe('closed');
    await ws.closed();
    await fws.closed();
    for (const url of Object.values(sim.urls)) expect(await portOpen(url)).toBe(false);
    await sim.close(); // idempotent
  });
});

describe('Spot WS idle timeout', () => {
  it('closes a connection with no subscription and no client traffic; a subscribed one stays open', async () => {
    // Connection timing runs on its own manual clock: the test moves it, so no real deadline races the check.
    const wall = new ManualClock(T0);
    const sim = await startTestSim({ spotWsIdleMs: 300, wallClock: wall });
    try {
      const idle = await WsProbe.open(sim.urls.spotWsPublic);
      const busy = await WsProbe.open(sim.urls.spotWsPublic);
      busy.send({ method: 'subscribe', params: { channel: 'instrument', snapshot: false } });
      expect(await busy.next((m) => m.method === 'subscribe')).toMatchObject({ success: true });
      wall.advance(1000);
      expect(await idle.closed()).toBe(1000);
      // Long past the idle limit, the subscribed socket still answers.
      wall.advance(10_000);
      busy.send({ method: 'ping', req_id: 7 });
      expect(await busy.nextNew((m) => m.method === 'pong')).toMatchObject({ req_id: 7 });
      expect(busy.closeCode).toBeUndefined();
      busy.close();
    } finally {
      await sim.close();
    }
  });
});

describe('fault plan', () => {
  it('parses CLI specs and fires rules deterministically for a seed', () => {
    expect(parseFaultSpec('http-5xx:path=/0/public/Ticker,status=503,probability=0.5,times=inf')).toEqual({
      kind: 'http-5xx',
      path: '/0/public/Ticker',
      status: 503,
      probability: 0.5,
      times: Number.POSITIVE_INFINITY,
    });
    const draws = (seed: number) => {
      const f = new FaultController(seed);
      f.add({ kind: 'ws-drop', target: 'spot-public', channel: 'book', probability: 0.3, times: Number.POSITIVE_INFINITY });
      return Array.from({ length: 64 }, () => (f.takeWsMessage('spot-public', 'book') === undefined ? 0 : 1)).join('');
    };
    expect(draws(1)).toBe(draws(1));
    expect(draws(1)).not.toBe(draws(2));
    expect(draws(1)).toMatch(/1/);
    expect(draws(1)).toMatch(/0/);
  });

  it('rules match their target and channel only, and are used up after `times`', () => {
    const f = new FaultController(1);
    f.dropWsMessages('spot-public', 'book', 2);
    expect(f.takeWsMessage('spot-auth', 'book')).toBeUndefined();
    expect(f.takeWsMessage('spot-public', 'ticker')).toBeUndefined();
    expect(f.takeWsMessage('spot-public', 'book')?.kind).toBe('ws-drop');
    expect(f.takeWsMessage('spot-public', 'book')?.kind).toBe('ws-drop');
    expect(f.takeWsMessage('spot-public', 'book')).toBeUndefined();
    f.venueError('EService:Unavailable', '/0/private/AddOrder');
    expect(f.takeVenueError('/0/private/Balance')).toBeUndefined();
    expect(f.takeVenueError('/0/private/AddOrder')?.error).toBe('EService:Unavailable');
    expect(f.fired.map((x) => x.kind)).toEqual(['ws-drop', 'ws-drop', 'venue-error']);
  });
});
