/**
 * A venue that echoes what it was sent must not get the client's credentials into an error
 * message or an event: the WS clients redact by value (the token, API key, challenge and signed
 * challenge they hold), not only by field name, and cap error messages.
 *
 * Spot: the simulator, over real sockets, answers add_order with an injected venue error that
 * quotes the client's token. Futures: a loopback venue that quotes every subscribe frame back in
 * its error and its failed ack (the simulator never echoes).
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenSpotRawHttpClient, KrakenSpotWsClient, KrakenFuturesWsClient, type KrakenError } from '../../../src/index.js';
import { MAX_ERROR_MESSAGE_CHARS } from '../../../src/kraken/common/secret-scrubber.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { LoopbackWsServer } from './loopback-server.js';
import { wsText } from '../../helpers/ws-text.js';

const API_KEY = 'CMl2SeSn09Tz+2tWuzPiPUjaXEQRGq6qv5UaexXuQ3SnahDQU/gO3aT+';
const API_SECRET = '7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm';

function everythingSaid(err: unknown, events: unknown[]): string {
  return [
    inspect(err, { depth: 6 }),
    JSON.stringify(err),
    String((err as Error).stack),
    ...events.map((e) => inspect(e, { depth: 8 })),
  ].join('\n');
}

describe('Spot WS client against the simulator: a venue error quoting the token', () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim({ limits: false });
  });
  afterAll(async () => sim.close());

  it('the token is redacted from the rejection, its codes and every event; the message is capped', async () => {
    const rest = new KrakenSpotRawHttpClient({ baseUrl: sim.urls.spotRest, ...sim.credentials.spot, nonceStateDir: false });
    const tokens: string[] = [];
    const ws = new KrakenSpotWsClient({
      url: sim.urls.spotWsAuth,
      tokenProvider: async () => {
        const t = (await rest.getWebSocketsToken()).token;
        tokens.push(t);
        return t;
      },
    });
    const events: unknown[] = [];
    ws.on('response', (r) => events.push(r));
    ws.on('error', (e) => events.push(e));
    await ws.connect();
    try {
      const token = tokens[0]!;
      sim.faults.add({
        kind: 'venue-error',
        path: 'add_order',
        error: `EGeneral:Invalid arguments:token ${token} ${encodeURIComponent(token)} ${'x'.repeat(3000)}`,
      });
      const err = await ws
        .request('add_order', { order_type: 'limit', side: 'buy', order_qty: '0.001', symbol: 'BTC/USD', limit_price: '30000.0' })
        .then(
          () => undefined,
          (e: unknown) => e as KrakenError,
        );
      expect(err).toBeDefined();
      expect(err!.message).toContain('[redacted]');
      expect(err!.message.length).toBeLessThan(MAX_ERROR_MESSAGE_CHARS + 50);
      const said = everythingSaid(err, events);
      expect(said).not.toContain(token);
      expect(said).not.toContain(encodeURIComponent(token));
    } finally {
      await ws.close();
    }
  });
});

describe('Futures WS client against a venue that echoes subscribe frames', () => {
  let server: LoopbackWsServer;
  beforeAll(async () => {
    server = await LoopbackWsServer.start();
    server.handle((conn) => {
      conn.send({ event: 'info', version: 1 });
      conn.ws.on('message', (data) => {
        const msg = JSON.parse(wsText(data)) as Record<string, unknown>;
        if (msg['event'] === 'challenge') return conn.send({ event: 'challenge', message: 'c100b894-1729-464d-ace1-52dbce11db42' });
        if (msg['feed'] === 'heartbeat') return conn.send({ event: 'subscribed', feed: 'heartbeat' });
        // Quote the whole request back, in a free-text error and in the failed ack.
        conn.send({ event: 'error', message: `Invalid request ${JSON.stringify(msg)} ${'y'.repeat(3000)}` });
        conn.send({
          event: 'subscribed_failed',
          feed: msg['feed'],
          note: `got ${String(msg['signed_challenge'])} for ${String(msg['api_key'])}`,
        });
      });
    });
  });
  afterAll(async () => server.close());

  it('the API key, challenge and signed challenge are redacted from the rejection and every event; the message is capped', async () => {
    const client = new KrakenFuturesWsClient({ url: server.url, apiKey: API_KEY, apiSecret: API_SECRET, wsRequestTimeoutSecs: 2 });
    const events: unknown[] = [];
    client.on('response', (r) => events.push(r));
    client.on('error', (e) => events.push(e));
    await client.connect();
    try {
      const err = await client.subscribe('open_orders').then(
        () => undefined,
        (e: unknown) => e as KrakenError,
      );
      expect(err).toBeDefined();
      expect(err!.message.length).toBeLessThan(MAX_ERROR_MESSAGE_CHARS + 50);
      const said = everythingSaid(err, events);
      // The signed challenge for Kraken's documented challenge and secret.
      const signed = '4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==';
      for (const secret of [API_KEY, API_SECRET, signed, JSON.stringify(signed).slice(1, -1), 'c100b894-1729-464d-ace1-52dbce11db42'])
        expect(said).not.toContain(secret);
      expect(said).toContain('[redacted]');
    } finally {
      await client.close();
    }
  });
});
