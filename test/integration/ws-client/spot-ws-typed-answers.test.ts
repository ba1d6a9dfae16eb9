/**
 * The Spot WS client types each answer by the method it asked for, and earns that type at run
 * time: an answer that carries our `req_id` but answers another method is a validation error,
 * never a reply of the wrong shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import { LoopbackWsServer, spotBehaviour } from './loopback-server.js';
import type { ServerConn } from './loopback-server.js';
import { wsText } from '../../helpers/ws-text.js';

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

/** Answers every `add_order` with `answer(req_id)`. */
function answering(answer: (reqId: unknown) => Record<string, unknown>) {
  return (conn: ServerConn): void => {
    spotBehaviour(conn);
    conn.ws.on('message', (data) => {
      const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
      if (msg['method'] === 'add_order') conn.send(answer(msg['req_id']));
    });
  };
}

const order = { order_type: 'limit', side: 'buy', symbol: 'BTC/USD', order_qty: '1', limit_price: '10.5' } as const;

describe('KrakenSpotWsClient typed answers', () => {
  it('an answer for another method under our req_id rejects with a validation error', async () => {
    server.handle(answering((reqId) => ({ method: 'cancel_all', req_id: reqId, success: true, result: { count: 0 } })));
    client = new KrakenSpotWsClient({ url: server.url, tokenProvider: () => Promise.resolve('tok'), wsRequestTimeoutSecs: 2 });
    const responses: unknown[] = [];
    client.on('response', (r) => responses.push(r));
    await client.connect();
    const err = await client.request('add_order', order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenValidationError);
    expect(String((err as Error).message)).toContain("is not a 'add_order' response");
    // The frame itself was a valid cancel_all answer: it is still reported, as matched.
    expect(responses).toMatchObject([{ ack: { method: 'cancel_all' }, matched: true }]);
  });

  it('a matching answer resolves typed, its fields read without casts', async () => {
    server.handle(
      answering((reqId) => ({
        method: 'add_order',
        req_id: reqId,
        success: true,
        result: { order_id: 'OQCLML-BW3P3-BUCMWZ', order_userref: 7 },
      })),
    );
    client = new KrakenSpotWsClient({ url: server.url, tokenProvider: () => Promise.resolve('tok'), wsRequestTimeoutSecs: 2 });
    await client.connect();
    const ack = await client.request('add_order', order);
    expect(ack.method).toBe('add_order');
    expect(ack.result?.order_id).toBe('OQCLML-BW3P3-BUCMWZ');
    expect(ack.result?.order_userref).toBe(7);
  });
});
