/**
 * The REST transport's failure paths over real loopback sockets: the response size cap, a
 * caller's abort, and network errors (a refused connection, a socket cut mid-request), each as a
 * typed `KrakenTransportError`, and what the Spot client retries of them.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotRawHttpClient, KrakenTransportError } from '../../../src/index.js';
import { HttpTransport } from '../../../src/transport/http.js';
import { json, startLoopback, type LoopbackServer } from '../../helpers/loopback-http.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const TIME = '{"error":[],"result":{"unixtime":1,"rfc1123":"x"}}';

let server: LoopbackServer;
let transport: HttpTransport;
let keySeq = 0;
const clients: KrakenSpotRawHttpClient[] = [];

function spotClient(maxRetries = 2): KrakenSpotRawHttpClient {
  // A fresh key per client: nonce sources are per key and process-wide.
  const c = new KrakenSpotRawHttpClient({
    baseUrl: server.baseUrl,
    apiKey: `failures-key-${process.pid}-${++keySeq}`,
    apiSecret: SECRET,
    maxRetries,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 5,
    httpTimeoutSecs: 30,
  });
  clients.push(c);
  return c;
}

/** Resolves with the transport error `p` rejects with (fails the test if it resolves or throws something else). */
async function transportError(p: Promise<unknown>): Promise<KrakenTransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KrakenTransportError);
  return err as KrakenTransportError;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeEach(async () => {
  server = await startLoopback((_req, res) => json(res, TIME));
  transport = new HttpTransport({ timeoutMs: 30_000, maxResponseBytes: 1024 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await transport.close();
  await server.close();
});

describe('HttpTransport failure paths', () => {
  it('a body past maxResponseBytes is refused as payload-too-large; one at the cap is read whole', async () => {
    server.handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(req.url === '/at-cap' ? 1024 : 4096));
    };
    const ok = await transport.request({ method: 'GET', url: `${server.baseUrl}/at-cap`, endpoint: '/at-cap' });
    expect(ok.text).toHaveLength(1024);
    const err = await transportError(transport.request({ method: 'GET', url: `${server.baseUrl}/big`, endpoint: '/big' }));
    expect(err.failure).toBe('payload-too-large');
    expect(err.status).toBe(200);
    expect(err.message).toContain('larger than 1024 bytes');
  });

  it('a caller abort while the venue holds the request is a "closed" transport error', async () => {
    let arrived!: () => void;
    const atServer = new Promise<void>((resolve) => (arrived = resolve));
    server.handler = () => arrived(); // never answers
    const caller = new AbortController();
    const pending = transportError(
      transport.request({ method: 'GET', url: `${server.baseUrl}/held`, endpoint: '/held', signal: caller.signal }),
    );
    await atServer;
    caller.abort();
    const err = await pending;
    expect([err.failure, err.message]).toEqual(['closed', 'request aborted by the caller']);
  });

  it('a refused connection is a "network" transport error naming the code', async () => {
    const port = await deadPort();
    const err = await transportError(transport.request({ method: 'GET', url: `http://127.0.0.1:${port}/x`, endpoint: '/x' }));
    expect(err.failure).toBe('network');
    expect(err.message).toBe('network error (ECONNREFUSED)');
  });

  it('a socket cut before the answer is a "network" transport error', async () => {
    server.handler = (_req, res) => void res.socket?.destroy();
    const err = await transportError(transport.request({ method: 'GET', url: `${server.baseUrl}/cut`, endpoint: '/cut' }));
    expect(err.failure).toBe('network');
    expect(err.message).toMatch(/^network error/);
  });
});

describe('KrakenSpotRawHttpClient: which transport failures it retries', () => {
  it('a caller abort is not retried: one request reached the venue, the call rejects as closed', async () => {
    let arrived!: () => void;
    const atServer = new Promise<void>((resolve) => (arrived = resolve));
    server.handler = () => arrived(); // never answers
    const client = spotClient(3);
    const caller = new AbortController();
    const pending = transportError(client.time({}, { signal: caller.signal }));
    await atServer;
    caller.abort();
    expect((await pending).failure).toBe('closed');
    // The call has settled, so the retry loop has given up: no attempt can follow.
    expect(server.requests).toHaveLength(1);
  });

  it('a public read cut mid-request is retried up to maxRetries, then rejects as a network error', async () => {
    server.handler = (_req, res) => void res.socket?.destroy();
    const client = spotClient(2);
    expect((await transportError(client.time())).failure).toBe('network');
    expect(server.requests).toHaveLength(3);
    // and succeeds when a retry gets through
    let calls = 0;
    server.handler = (_req, res) => void (++calls === 1 ? res.socket?.destroy() : json(res, TIME));
    expect((await client.time()).unixtime).toBe(1);
    expect(calls).toBe(2);
  });

  it('an order cut mid-request is never sent again: it may have reached the matching engine', async () => {
    server.handler = (_req, res) => void res.socket?.destroy();
    const client = spotClient(3);
    const err = await transportError(client.addOrder({ ordertype: 'limit', type: 'buy', volume: '1.25', pair: 'XBTUSD', price: '37500' }));
    expect(err.failure).toBe('network');
    expect(server.requests).toHaveLength(1);
  });
});
