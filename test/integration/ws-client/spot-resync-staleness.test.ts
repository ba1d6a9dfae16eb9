import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import type { SpotStaleEvent } from '../../../src/kraken/spot/ws/staleness-guard.js';
import { LoopbackWsServer, nextEvent, spotBehaviour, withTimeout } from './loopback-server.js';
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

describe('resync (RELIABILITY D1)', () => {
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

describe('per-symbol staleness (RELIABILITY N3)', () => {
  it('a silent symbol is resubscribed while the connection stays up; a recurrence reconnects', async () => {
    // Heartbeats and BTC/USD tickers keep flowing; ETH/USD is acked but never delivers.
    server.handle((conn) => {
      spotBehaviour(conn, { heartbeatMs: 20 });
      const t = setInterval(() => conn.send(tickerFrame('BTC/USD')), 20);
      conn.ws.on('close', () => clearInterval(t));
    });
    const c = (client = new KrakenSpotWsClient({ url: server.url, staleAfterSecs: { ticker: 0.12 }, backoff: { initialMs: 20 }, random: () => 0.5 }));
    const stale: SpotStaleEvent[] = [];
    c.on('stale', (e) => stale.push(e));
    await c.connect();
    await c.subscribe('ticker', { symbol: ['BTC/USD', 'ETH/USD'] });

    await withTimeout(
      new Promise<void>((resolve) => c.on('stale', (e) => e.action === 'resubscribe' && resolve())),
      3_000,
      'first stale report',
    );
    const conn = await server.connection(0);
    await conn.next((f) => f['method'] === 'subscribe' && JSON.stringify(f['params']).includes('ETH/USD') && !JSON.stringify(f['params']).includes('BTC'));
    expect(methodFrames(conn, 'unsubscribe')).toEqual([{ channel: 'ticker', event_trigger: 'trades', symbol: ['ETH/USD'] }]);

    await nextEvent(c, 'reconnected');
    // Still dead after the reconnect: back to resubscribing, not a reconnect loop that would burn the budget.
    await withTimeout(
      new Promise<void>((resolve) => c.on('stale', (e) => e.repeats === 3 && resolve())),
      3_000,
      'third stale report',
    );
    expect(stale.slice(0, 3).map((e) => [e.symbol, e.action, e.repeats])).toEqual([
      ['ETH/USD', 'resubscribe', 1],
      ['ETH/USD', 'reconnect', 2],
      ['ETH/USD', 'resubscribe', 3],
    ]);
    expect(server.connections).toHaveLength(2);
    expect(stale.every((e) => e.channel === 'ticker' && e.silentMs >= 120)).toBe(true);
  });

  it('is off by default: a silent symbol is left alone', async () => {
    server.handle((conn) => spotBehaviour(conn, { heartbeatMs: 20 }));
    const c = (client = new KrakenSpotWsClient({ url: server.url }));
    let stale = 0;
    c.on('stale', () => stale++);
    await c.connect();
    await c.subscribe('trade', { symbol: ['DOGE/EUR'] });
    await new Promise((r) => setTimeout(r, 250));
    expect(stale).toBe(0);
    expect((await server.connection(0)).received.filter((f) => f['method'] === 'unsubscribe')).toEqual([]);
  });
});
