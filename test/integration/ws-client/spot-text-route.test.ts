/**
 * KrakenSpotWsClient's single-decode route over a real loopback socket: trade and ticker frames
 * written as Kraken writes them arrive as the same typed events as before; `book` frames go as
 * text to the registered handler and are not emitted, unless the handler hands them back; a
 * malformed frame still ends as an `error` and a `dropped` event from the generic route.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KrakenError } from '../../../src/core/errors.js';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import type { SpotWsChannelMessage } from '../../../src/kraken/spot/ws/types.js';
import { LoopbackWsServer, nextEvent, spotBehaviour } from './loopback-server.js';

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

const TRADE =
  '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"sell","price":45281.0,"qty":0.00100000,"ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"}]}';
const TICKER =
  '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":45281.0,"bid_qty":0.5,"ask":45281.1,"ask_qty":1.25000000,"last":45281.0,"volume":12.5,"vwap":45000.12,"low":44000,"high":46000.5,"change":-120.5,"change_pct":-0.27}]}';
const BOOK = '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":1}]}';

describe('KrakenSpotWsClient single-decode route', () => {
  it('delivers trade and ticker frames as typed messages with exact decimal text, and routes book text to the handler', async () => {
    server.handle((c) => spotBehaviour(c));
    client = new KrakenSpotWsClient({ url: server.url });
    const errors: KrakenError[] = [];
    client.on('error', (e) => errors.push(e));
    const messages: SpotWsChannelMessage[] = [];
    client.on('message', (m) => messages.push(m));
    const bookTexts: string[] = [];
    let takeBook = true;
    let bookArrived = (): void => undefined;
    client.routeBookText((text) => {
      bookTexts.push(text);
      bookArrived();
      return takeBook;
    });
    await client.connect();
    const conn = await server.connection(0);

    const trade = nextEvent(client, 'trade');
    conn.send(TRADE);
    expect(await trade).toStrictEqual({
      channel: 'trade',
      type: 'update',
      data: [
        {
          symbol: 'BTC/USD',
          side: 'sell',
          price: '45281.0',
          qty: '0.00100000',
          ord_type: 'market',
          trade_id: 4665906,
          timestamp: '2023-09-25T07:49:37.708706Z',
        },
      ],
    });
    const ticker = nextEvent<{ data: Record<string, unknown>[] }>(client, 'ticker');
    conn.send(TICKER);
    const row = (await ticker).data[0]!;
    expect([row['bid'], row['ask_qty'], row['low'], row['change'], row['change_pct']]).toEqual([
      '45281.0',
      '1.25000000',
      '44000',
      '-120.5',
      '-0.27',
    ]);

    // Taken by the handler: no `book` event. Handed back: decoded and emitted the generic way.
    await new Promise<void>((resolve) => {
      bookArrived = resolve;
      conn.send(BOOK);
    });
    takeBook = false;
    const book = nextEvent<{ data: { checksum: number }[] }>(client, 'book');
    conn.send(BOOK);
    expect((await book).data[0]!.checksum).toBe(1);
    expect(bookTexts).toEqual([BOOK, BOOK]);
    expect(messages.map((m) => m.channel)).toEqual(['trade', 'ticker', 'book']);

    // Malformed on the text route → the generic route refuses it as before.
    const dropped = nextEvent<{ channel: string; symbols: string[] }>(client, 'dropped');
    conn.send(TRADE.replace('"qty":0.00100000', '"qty":"lots"'));
    expect(await dropped).toMatchObject({ channel: 'trade', symbols: ['BTC/USD'] });
    expect(errors.map((e) => e.message).join()).toContain("malformed 'trade' frame dropped");
  });
});
