/**
 * One `ManualClock` drives the simulator, the WS client and the node together: time moves only
 * when the test says so, and all three see the same time (docs/architecture.md, "One clock").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import type { SpotStaleEvent } from '../../../src/kraken/spot/ws/staleness-guard.js';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/index.js';

const START_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('one ManualClock for simulator, WS client and node', () => {
  it('a node timer, the WS staleness watch and the venue clock all move with one advance()', async () => {
    const clock = new ManualClock(START_MS);
    const sim: KrakenSim = await startKrakenSim({ seed: 7, clock });
    closers.push(() => sim.close());
    const rest = new KrakenSpotRawHttpClient({ baseUrl: sim.urls.spotRest });
    closers.push(() => rest.close());
    const ws = new KrakenSpotWsClient({ url: sim.urls.spotWsPublic, clock, staleAfterSecs: { book: 2 } });
    closers.push(() => ws.close());
    const node = new TradingNode({ clock, logging: { level: 'OFF' } });
    const fired: bigint[] = [];
    node.clock.setTimer('check', 1_000_000_000n, (ts) => fired.push(ts));
    closers.push(() => Promise.resolve(node.clock.cancelTimers()));

    const stale: SpotStaleEvent[] = [];
    ws.on('stale', (e) => stale.push(e));
    await ws.connect();
    const snapshot = new Promise<void>((resolve) => ws.on('book', () => resolve()));
    await ws.subscribe('book', { symbol: ['BTC/USD'], depth: 10 });
    await snapshot;

    expect((await rest.time()).unixtime).toBe(START_MS / 1000);
    expect(node.clock.timestampNs()).toBe(BigInt(START_MS) * 1_000_000n);
    expect(fired).toEqual([]);
    expect(stale).toEqual([]);

    // Nothing moves the market while the clock stands still, so the book stays silent: after 2 s
    // of simulated time the watch reports it, and the node's timer has run twice, on the second.
    clock.advance(2_000);
    expect(fired).toEqual([BigInt(START_MS + 1_000) * 1_000_000n, BigInt(START_MS + 2_000) * 1_000_000n]);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ channel: 'book', symbol: 'BTC/USD', silentMs: 2_000 });
    expect((await rest.time()).unixtime).toBe(START_MS / 1000 + 2);
  });
});
