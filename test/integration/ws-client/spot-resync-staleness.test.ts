import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import type { SpotStaleEvent } from '../../../src/kraken/spot/ws/staleness-guard.js';
import { ManualClock } from '../../../src/core/clock.js';
import { LoopbackWsServer, nextEvent, spotBehaviour } from './loopback-server.js';
import type { ServerConn } from './loopback-server.js';

let server: LoopbackWsServer;
let client: KrakenSpotWsClient | undefined;

beforeEach(async () => {
  server = await LoopbackWsServer.start();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

const methodFrames = (conn: ServerConn, method: string) => conn.received.filter((f) => f['method'] === method).map((f) => f['params']);

function tickerFrame(symbol: string): string {
  return `{"channel":"ticker","type":"update","data":[{"symbol":"${symbol}","bid":1.5,"bid_qty":1,"ask":1.6,"ask_qty":1,"last":1.5,"volume":1,"vwap":1.5,"low":1,"high":2,"change":0,"change_pct":0}]}`;
}

describe('resync (docs/reliability.md D1)', () => {
  it('unsubscribes then resubscribes only the named symbol with its identifying options; the registry is unchanged', async () => {
    server.handle((c) => spotBehaviour(c));
    const c = (client = new KrakenSpotWsClient({ url: server.url }));
    await c.connect();
    await c.subscribe('book', { symbol: ['BTC/USD', 'ETH/USD'], depth: 25 });
    const before = JSON.stringify(c);
    await c.resync('book', { symbol: ['BTC/USD'] });
    const conn = await server.connection(0);
    expect(methodFrames(conn, 'unsubscribe')).toEqual([{ channel: 'book', depth: 25, symbol: ['BTC/USD'] }]);
    expect(methodFrames(conn, 'subscribe')).toEqual([
      { channel: 'book', depth: 25, symbol: ['BTC/USD', 'ETH/USD'] },
      { channel: 'book', depth: 25, symbol: ['BTC/USD'] },
    ]);
    const unsubAt = conn.received.findIndex((f) => f['method'] === 'unsubscribe');
    expect(conn.received.findLastIndex((f) => f['method'] === 'subscribe')).toBeGreaterThan(unsubAt);
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe('per-symbol staleness (docs/reliability.md N3)', () => {
  // Driven by the injected clock: real sockets, but thresholds, idle deadlines and backoff fire only
  // when the test advances time, so a loaded CI machine cannot make BTC/USD look stale.

  it('a silent symbol is resubscribed while the connection stays up; a recurrence reconnects', async () => {
    // BTC/USD tickers keep flowing (sent by the test); ETH/USD is acked but never delivers.
    server.handle((conn) => spotBehaviour(conn));
    const clock = new ManualClock(0);
    const c = (client = new KrakenSpotWsClient({ url: server.url, clock, staleAfterSecs: { ticker: 12 }, random: () => 0.5 }));
    const stale: SpotStaleEvent[] = [];
    c.on('stale', (e) => stale.push(e));
    await c.connect();
    await c.subscribe('ticker', { symbol: ['BTC/USD', 'ETH/USD'] });

    /** 3 s steps, each followed by a BTC/USD ticker the client has processed, until `n` stale reports. */
    async function untilStale(n: number, conn: ServerConn): Promise<void> {
      for (let i = 0; i < 20 && stale.length < n; i++) {
        clock.advance(3_000);
        if (stale.length >= n) return;
        const ticker = nextEvent(c, 'ticker');
        conn.send(tickerFrame('BTC/USD'));
        await ticker;
      }
    }
    const isEthOnlySubscribe = (f: Record<string, unknown>): boolean =>
      f['method'] === 'subscribe' && JSON.stringify(f['params']).includes('ETH/USD') && !JSON.stringify(f['params']).includes('BTC');

    const first = await server.connection(0);
    await untilStale(1, first);
    await first.next(isEthOnlySubscribe);
    expect(methodFrames(first, 'unsubscribe')).toEqual([{ channel: 'ticker', event_trigger: 'trades', symbol: ['ETH/USD'] }]);
    // The resubscribe ack was sent before this frame: once it is seen, ETH/USD's clock has restarted.
    const marker = nextEvent(c, 'ticker');
    first.send(tickerFrame('BTC/USD'));
    await marker;

    const reconnecting = nextEvent<{ delayMs: number; reason: string }>(c, 'reconnecting');
    await untilStale(2, first);
    const r = await reconnecting;
    expect(r.reason).toContain('stale 2 times');
    const reconnected = nextEvent(c, 'reconnected');
    clock.advance(r.delayMs);
    await reconnected;

    // Still dead after the reconnect: back to resubscribing, not a reconnect loop that would burn the budget.
    const second = await server.connection(1);
    await untilStale(3, second);
    await second.next(isEthOnlySubscribe);
    expect(stale.map((e) => [e.channel, e.symbol, e.action, e.repeats])).toEqual([
      ['ticker', 'ETH/USD', 'resubscribe', 1],
      ['ticker', 'ETH/USD', 'reconnect', 2],
      ['ticker', 'ETH/USD', 'resubscribe', 3],
    ]);
    expect(server.connections).toHaveLength(2);
    expect(stale.every((e) => e.silentMs >= 12_000)).toBe(true);
  });

  it('is off by default: a silent symbol is left alone', async () => {
    server.handle((conn) => spotBehaviour(conn));
    const clock = new ManualClock(0);
    const c = (client = new KrakenSpotWsClient({ url: server.url, clock }));
    let stale = 0;
    c.on('stale', () => stale++);
    await c.connect();
    await c.subscribe('trade', { symbol: ['DOGE/EUR'] });
    const conn = await server.connection(0);
    for (let i = 0; i < 24; i++) {
      clock.advance(5_000); // two minutes of a silent trade channel; heartbeats keep the connection alive
      const beat = nextEvent(c, 'heartbeat');
      conn.send({ channel: 'heartbeat' });
      await beat;
    }
    expect(stale).toBe(0);
    expect(conn.received.filter((f) => f['method'] === 'unsubscribe')).toEqual([]);
    expect(server.connections).toHaveLength(1);
  });
});
