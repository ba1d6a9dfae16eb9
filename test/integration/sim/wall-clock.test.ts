/**
 * Connection-level timing (heartbeats, delayed frames, idle closes) runs on the simulator's wall
 * clock, which a test may inject: with a `ManualClock` it moves only when the test moves it, so
 * these behaviours are asserted without waiting on real time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/sim/index.js';
import { startTestSim, T0, WsProbe, type TestSim } from './helpers.js';
import { everyInterval } from '../../../src/sim/clock-interval.js';

let sim: TestSim;
const wall = new ManualClock(T0);
beforeAll(async () => {
  sim = await startTestSim({ wallClock: wall });
});
afterAll(async () => sim.close());

describe('the injected wall clock', () => {
  it('sends one heartbeat per second of wall-clock time on a quiet subscribed connection', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'instrument', snapshot: false }, req_id: 1 });
    await ws.next((m) => m.method === 'subscribe' && m.req_id === 1);
    // A pong proves the server has handled (and sent) everything before it.
    ws.send({ method: 'ping', req_id: 2 });
    await ws.next((m) => m.method === 'pong' && m.req_id === 2);
    const heartbeats = () => ws.frames.filter((m) => m.channel === 'heartbeat').length;
    expect(heartbeats()).toBe(0);
    wall.advance(5000);
    ws.send({ method: 'ping', req_id: 3 });
    await ws.next((m) => m.method === 'pong' && m.req_id === 3);
    expect(heartbeats()).toBe(5);
    ws.close();
  });

  it('closes an idle connection with nothing subscribed after a minute of wall-clock time, not before', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    await ws.next((m) => m.channel === 'status');
    wall.advance(30_000);
    // Still open: it answers, and the ping counts as traffic.
    ws.send({ method: 'ping', req_id: 20 });
    await ws.next((m) => m.method === 'pong' && m.req_id === 20);
    wall.advance(61_000);
    expect(await ws.closed()).toBe(1000);
  });

  it('holds a ws-delay frame until the wall clock reaches its delay', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    await ws.next((m) => m.channel === 'status');
    sim.faults.add({ kind: 'ws-delay', target: 'spot-public', channel: 'pong', delayMs: 60_000, times: 1 });
    ws.send({ method: 'ping', req_id: 10 });
    ws.send({ method: 'ping', req_id: 11 });
    await ws.next((m) => m.method === 'pong' && m.req_id === 11);
    expect(ws.frames.some((m) => m.method === 'pong' && m.req_id === 10)).toBe(false);
    wall.advance(59_999);
    ws.send({ method: 'ping', req_id: 12 });
    await ws.next((m) => m.method === 'pong' && m.req_id === 12);
    expect(ws.frames.some((m) => m.method === 'pong' && m.req_id === 10)).toBe(false);
    wall.advance(1);
    await ws.next((m) => m.method === 'pong' && m.req_id === 10);
    ws.close();
  });
});

describe('everyInterval', () => {
  it('fires once per interval on the given clock and never after it is stopped', () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    const stop = everyInterval(clock, 250, () => at.push(clock.nowMs()));
    clock.advance(1000);
    expect(at).toEqual([250, 500, 750, 1000]);
    stop();
    clock.advance(1000);
    expect(at).toEqual([250, 500, 750, 1000]);
    expect(clock.pendingTimers).toBe(0);
  });
});
