/**
 * Reconnect pacing driven by an injected clock (real loopback sockets, manual timers): the
 * budget counter is cleared only after `stableResetMs` of a ready connection (docs/reliability.md N4).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import { ManualClock } from '../../../src/core/clock.js';
import { LoopbackWsServer, nextEvent, spotBehaviour } from './loopback-server.js';

let server: LoopbackWsServer;
let client: KrakenSpotWsClient | undefined;

beforeEach(async () => {
  server = await LoopbackWsServer.start();
  server.handle((c) => spotBehaviour(c));
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

async function dropAndReconnect(c: KrakenSpotWsClient, clock: ManualClock, index: number): Promise<number> {
  const reconnecting = nextEvent<{ attempt: number; delayMs: number }>(c, 'reconnecting');
  (await server.connection(index)).destroy();
  const r = await reconnecting;
  const ready = nextEvent(c, 'reconnected');
  clock.advance(r.delayMs); // the reconnect timer only fires when the injected clock says so
  await ready;
  return r.attempt;
}

describe('reconnect budget with an injected clock', () => {
  it('escalates the attempt count across quick drops and opens the circuit past the budget', async () => {
    const clock = new ManualClock(0);
    const c = (client = new KrakenSpotWsClient({ url: server.url, clock, random: () => 0.5, reconnectBudget: { maxAttempts: 2 } }));
    await c.connect();
    expect(await dropAndReconnect(c, clock, 0)).toBe(1);
    expect(await dropAndReconnect(c, clock, 1)).toBe(2);
    const disconnected = nextEvent<{ circuitOpen: boolean }>(c, 'disconnected');
    (await server.connection(2)).destroy();
    expect(await disconnected).toMatchObject({ circuitOpen: true });
    expect(c.state).toBe('closed');
  });

  it('30 s of stability clears the counter and the backoff attempt', async () => {
    const clock = new ManualClock(0);
    const c = (client = new KrakenSpotWsClient({ url: server.url, clock, random: () => 0.5, reconnectBudget: { maxAttempts: 2 } }));
    await c.connect();
    expect(await dropAndReconnect(c, clock, 0)).toBe(1);
    expect(await dropAndReconnect(c, clock, 1)).toBe(2);
    clock.advance(30_000);
    expect(await dropAndReconnect(c, clock, 2)).toBe(1);
    expect(c.state).toBe('ready');
  });

  it('the backoff delay grows ×2 per consecutive attempt (random fixed at 0.5)', async () => {
    const clock = new ManualClock(0);
    const c = (client = new KrakenSpotWsClient({ url: server.url, clock, random: () => 0.5 }));
    await c.connect();
    const delays: number[] = [];
    c.on('reconnecting', (r) => delays.push(r.delayMs));
    for (let i = 0; i < 3; i++) await dropAndReconnect(c, clock, i);
    expect(delays).toEqual([500, 1000, 2000]);
  });
});
