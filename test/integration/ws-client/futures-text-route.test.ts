/**
 * KrakenFuturesWsClient's single-decode route over a real loopback socket: trade and ticker
 * messages written as Kraken writes them arrive as the same typed events as before; book frames go
 * as text to the registered handler and are not emitted unless it hands them back; a malformed
 * message still ends as an `error` and a `dropped` event from the generic route. And the data
 * client's Futures feed publishes exactly the same data through the route as through the generic
 * decode (a second feed whose client has no book handler).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenFuturesFeed } from '../../../src/adapter/data/futures-feed.js';
import type { KrakenError } from '../../../src/core/errors.js';
import { KrakenFuturesWsClient } from '../../../src/kraken/futures/ws/futures-ws-client.js';
import type { FuturesWsFeedMessage } from '../../../src/kraken/futures/ws/types.js';
import { PF_XBTUSD } from '../../unit/adapter/data/fixtures.js';
import { LoopbackWsServer, futuresBehaviour, nextEvent, type ServerConn } from './loopback-server.js';
import { recordingSink } from './recording-sink.js';

let server: LoopbackWsServer;
const clients: KrakenFuturesWsClient[] = [];

beforeEach(async () => {
  server = await LoopbackWsServer.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server.close();
});

function client(): KrakenFuturesWsClient {
  const c = new KrakenFuturesWsClient({ url: server.url, heartbeatFeed: false });
  clients.push(c);
  return c;
}

const TRADE =
  '{"feed":"trade","product_id":"PF_XBTUSD","uid":"05af78ac-a774-478c-a50c-8b9c234e071e","side":"sell","type":"fill","seq":653355,"time":1612266317519,"qty":0.0150,"price":34969.5}';
const TICKER =
  '{"time":1676393235406,"product_id":"PF_XBTUSD","funding_rate":-6.2604214e-11,"next_funding_rate_time":1676394000000,"feed":"ticker","bid":21978.5,"ask":21987.0,"bid_size":2.5360,"ask_size":13.948,"volume":31403908.0,"dtm":0,"leverage":"50x","index":21984.54,"premium":-0.0,"last":21983.5,"suspended":false,"tag":"perpetual","pair":"XBT:USD","markPrice":21979.68641534714,"maturityTime":0,"post_only":false}';
const SNAPSHOT =
  '{"feed":"book_snapshot","product_id":"PF_XBTUSD","timestamp":1612269825817,"seq":326072249,"tickSize":null,"bids":[{"price":34892.5,"qty":0.6385},{"price":34892,"qty":1.0924}],"asks":[{"price":34911.5,"qty":2.0598},{"price":34912,"qty":0.2300}]}';
const DELTA = '{"feed":"book","product_id":"PF_XBTUSD","side":"sell","seq":326072250,"price":34911.5,"qty":0.0,"timestamp":1612269953629}';

describe('KrakenFuturesWsClient single-decode route', () => {
  it('delivers trade and ticker messages as typed messages with exact decimal text, and routes book text to the handler', async () => {
    server.handle((c) => futuresBehaviour(c));
    const ws = client();
    const errors: KrakenError[] = [];
    ws.on('error', (e) => errors.push(e));
    const messages: FuturesWsFeedMessage[] = [];
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
      feed: 'trade',
      product_id: 'PF_XBTUSD',
      uid: '05af78ac-a774-478c-a50c-8b9c234e071e',
      side: 'sell',
      type: 'fill',
      seq: 653355,
      time: 1612266317519,
      qty: '0.0150',
      price: '34969.5',
    });
    const ticker = nextEvent<Record<string, unknown>>(ws, 'ticker');
    conn.send(TICKER);
    const t = await ticker;
    expect([t['bid'], t['ask'], t['funding_rate'], t['premium'], t['markPrice'], t['suspended'], t['dtm']]).toEqual([
      '21978.5',
      '21987.0',
      '-6.2604214e-11',
      '-0.0',
      '21979.68641534714',
      false,
      0,
    ]);

    // Taken by the handler: no `book` event. Handed back: decoded and emitted the generic way.
    await new Promise<void>((resolve) => {
      bookArrived = resolve;
      conn.send(DELTA);
    });
    takeBook = false;
    const book = nextEvent<{ seq: number; qty: string }>(ws, 'book');
    conn.send(DELTA);
    expect(await book).toMatchObject({ seq: 326072250, qty: '0.0' });
    expect(bookTexts).toEqual([DELTA, DELTA]);
    expect(messages.map((m) => m.feed)).toEqual(['trade', 'ticker', 'book']);

    // Malformed on the text route → the generic route refuses it as before.
    const dropped = nextEvent<{ feed: string; productIds: string[] }>(ws, 'dropped');
    conn.send(TRADE.replace('"qty":0.0150', '"qty":"lots"'));
    expect(await dropped).toMatchObject({ feed: 'trade', productIds: ['PF_XBTUSD'] });
    expect(errors.map((e) => e.message).join()).toContain("malformed 'trade' message dropped");
  });

  it('the Futures feed publishes the same quotes, trades and book deltas through the route as through the generic decode', async () => {
    server.handle((c) => futuresBehaviour(c));
    const viaRoute = recordingSink(PF_XBTUSD);
    const viaGeneric = recordingSink(PF_XBTUSD);
    const routeWs = client();
    const genericWs = client();
    const routeFeed = new KrakenFuturesFeed(routeWs, viaRoute.sink);
    const genericFeed = new KrakenFuturesFeed(genericWs, viaGeneric.sink);
    genericWs.routeBookText(undefined); // this one decodes every frame the generic way
    const routeBookEvents: unknown[] = [];
    routeWs.on('book', (m) => routeBookEvents.push(m));
    routeWs.on('book_snapshot', (m) => routeBookEvents.push(m));
    let genericBookEvents = 0;
    genericWs.on('book', () => genericBookEvents++);
    genericWs.on('book_snapshot', () => genericBookEvents++);

    const conns: ServerConn[] = [];
    for (const [i, feed] of [routeFeed, genericFeed].entries()) {
      await feed.connect();
      conns.push(await server.connection(i));
      await feed.subscribe('book', PF_XBTUSD, 10);
      await feed.subscribe('quotes', PF_XBTUSD);
      await feed.subscribe('trades', PF_XBTUSD);
    }
    const frames = [SNAPSHOT, TICKER, DELTA, TRADE, DELTA.replace('326072250', '326072251').replace('"qty":0.0', '"qty":1.5')];
    for (const conn of conns) for (const f of frames) conn.send(f);
    const deadline = Date.now() + 5_000;
    while ((viaRoute.out.length < 5 || viaGeneric.out.length < 5) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(viaRoute.out.length).toBe(5);
    expect(viaRoute.out).toStrictEqual(viaGeneric.out);
    expect(routeBookEvents).toEqual([]); // every book frame was decoded once, by the verified book
    expect(genericBookEvents).toBe(3);
    expect(routeFeed.bookState(PF_XBTUSD.id)).toMatchObject({ valid: true, invalidations: 0 });
  });
});
