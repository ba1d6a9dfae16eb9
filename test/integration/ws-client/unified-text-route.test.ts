/**
 * KrakenUnifiedWsClient's single-decode route over a real loopback socket: trade and ticker frames
 * in Kraken's v2 layout arrive as the same typed events as before; book frames go as text to the
 * registered handler and are not emitted unless it hands them back; a malformed frame still ends
 * as an `error` and a `dropped` event from the generic route. And the data client's Unified feed
 * publishes exactly the same data through the route as through the generic decode (a second feed
 * whose client has no book handler).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenUnifiedFeed } from '../../../src/adapter/data/unified-feed.js';
import type { KrakenError } from '../../../src/core/errors.js';
import type { UwsChannelMessage } from '../../../src/kraken/unified/types.js';
import { KrakenUnifiedWsClient } from '../../../src/kraken/unified/uws-client.js';
import { PF_XBTUSD } from '../../unit/adapter/data/fixtures.js';
import { LoopbackWsServer, nextEvent, spotBehaviour, type ServerConn } from './loopback-server.js';
import { recordingSink } from './recording-sink.js';

let server: LoopbackWsServer;
const clients: KrakenUnifiedWsClient[] = [];

beforeEach(async () => {
  server = await LoopbackWsServer.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server.close();
});

function client(): KrakenUnifiedWsClient {
  const c = new KrakenUnifiedWsClient({ url: server.url });
  clients.push(c);
  return c;
}

const TS = '2025-10-06T17:35:55.440295Z';
const TRADE = `{"channel":"trade","type":"update","data":[{"symbol":"PF_XBTUSD","side":"sell","price":34969.5,"qty":0.0150,"ord_type":"market","trade_id":4665906,"timestamp":"${TS}"}]}`;
const TICKER = `{"channel":"ticker","type":"update","data":[{"symbol":"PF_XBTUSD","bid":34969.0,"bid_qty":0.5000,"ask":34969.5,"ask_qty":1.25,"last":34969.5,"volume":12.5,"change":-120.5,"timestamp":"${TS}"}]}`;
const SNAPSHOT = `{"channel":"book","type":"snapshot","data":[{"symbol":"PF_XBTUSD","bids":[{"price":34892.5,"qty":0.6385},{"price":34892,"qty":1.0924}],"asks":[{"price":34911.5,"qty":2.0598},{"price":34912,"qty":0.2300}],"timestamp":"${TS}"}]}`;
const UPDATE = `{"channel":"book","type":"update","data":[{"symbol":"PF_XBTUSD","asks":[{"price":34911.5,"qty":0.0}],"timestamp":"${TS}"}]}`;

describe('KrakenUnifiedWsClient single-decode route', () => {
  it('delivers trade and ticker frames as typed messages with exact decimal text, and routes book text to the handler', async () => {
    server.handle((c) => spotBehaviour(c));
    const ws = client();
    const errors: KrakenError[] = [];
    ws.on('error', (e) => errors.push(e));
    const messages: UwsChannelMessage[] = [];
    ws.on('message', (m) => messages.push(m));
    const bookTexts: string[] = [];
    let takeBook = true;
    let bookArrived = (): void => undefined;
    ws.routeBookText((text) => {
      bookTexts.push(text);
      bookArrived();
      return takeBook;
    });
    await ws.connect();
    const conn = await server.connection(0);

    const trade = nextEvent(ws, 'trade');
    conn.send(TRADE);
    expect(await trade).toStrictEqual({
      channel: 'trade',
      type: 'update',
      data: [{ symbol: 'PF_XBTUSD', side: 'sell', price: '34969.5', qty: '0.0150', ord_type: 'market', trade_id: 4665906, timestamp: TS }],
    });
    const ticker = nextEvent<{ data: Record<string, unknown>[] }>(ws, 'ticker');
    conn.send(TICKER);
    const row = (await ticker).data[0]!;
    expect([row['bid'], row['bid_qty'], row['ask_qty'], row['change']]).toEqual(['34969.0', '0.5000', '1.25', '-120.5']);

    // Taken by the handler: no `book` event. Handed back: decoded and emitted the generic way.
    await new Promise<void>((resolve) => {
      bookArrived = resolve;
      conn.send(UPDATE);
    });
    takeBook = false;
    const book = nextEvent<{ data: { asks: unknown[] }[] }>(ws, 'book');
    conn.send(UPDATE);
    expect((await book).data[0]!.asks).toStrictEqual([{ price: '34911.5', qty: '0.0' }]);
    expect(bookTexts).toEqual([UPDATE, UPDATE]);
    expect(messages.map((m) => m.channel)).toEqual(['trade', 'ticker', 'book']);

    // Malformed on the text route → the generic route refuses it as before.
    const dropped = nextEvent<{ channel: string; symbols: string[] }>(ws, 'dropped');
    conn.send(TRADE.replace('"qty":0.0150', '"qty":"lots"'));
    expect(await dropped).toMatchObject({ channel: 'trade', symbols: ['PF_XBTUSD'] });
    expect(errors.map((e) => e.message).join()).toContain("malformed 'trade' frame dropped");
  });

  it('the Unified feed publishes the same quotes, trades and book deltas through the route as through the generic decode', async () => {
    server.handle((c) => spotBehaviour(c));
    const viaRoute = recordingSink(PF_XBTUSD);
    const viaGeneric = recordingSink(PF_XBTUSD);
    const routeWs = client();
    const genericWs = client();
    const routeFeed = new KrakenUnifiedFeed(routeWs, viaRoute.sink);
    const genericFeed = new KrakenUnifiedFeed(genericWs, viaGeneric.sink);
    genericWs.routeBookText(undefined); // this one decodes every frame the generic way
    let routeBookEvents = 0;
    routeWs.on('book', () => routeBookEvents++);
    let genericBookEvents = 0;
    genericWs.on('book', () => genericBookEvents++);

    const conns: ServerConn[] = [];
    for (const [i, feed] of [routeFeed, genericFeed].entries()) {
      await feed.connect();
      conns.push(await server.connection(i));
      await feed.subscribe('book', PF_XBTUSD, 10);
      await feed.subscribe('quotes', PF_XBTUSD);
      await feed.subscribe('trades', PF_XBTUSD);
    }
    const second = UPDATE.replace('"asks":[{"price":34911.5,"qty":0.0}]', '"bids":[{"price":34900,"qty":1.5}]');
    const frames = [SNAPSHOT, TICKER, UPDATE, TRADE, second];
    for (const conn of conns) for (const f of frames) conn.send(f);
    const deadline = Date.now() + 5_000;
    while ((viaRoute.out.length < 5 || viaGeneric.out.length < 5) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(viaRoute.out.length).toBe(5);
    expect(viaRoute.out).toStrictEqual(viaGeneric.out);
    expect(routeBookEvents).toBe(0); // every book frame was decoded once, by the book
    expect(genericBookEvents).toBe(3);
    expect(routeFeed.bookState(PF_XBTUSD.id)).toMatchObject({ valid: true, invalidations: 0 });
  });
});
