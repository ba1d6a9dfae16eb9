/** WebSocket through an HTTP CONNECT proxy (`proxyUrl`), against loopback proxy and server. */
import http from 'node:http';
import { inspect } from 'node:util';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import { KrakenTransportError, KrakenValidationError } from '../../../src/core/errors.js';
import type { KrakenError } from '../../../src/core/errors.js';
import { LoopbackWsServer, spotBehaviour } from './loopback-server.js';

let server: LoopbackWsServer;
let proxy: http.Server;
let client: KrakenSpotWsClient | undefined;
const tunnels: string[] = [];
let refusals = 0;
const EXPECTED_AUTH = `Basic ${Buffer.from('trader:pa55-CANARY').toString('base64')}`;

beforeEach(async () => {
  server = await LoopbackWsServer.start();
  server.handle((c) => spotBehaviour(c));
  tunnels.length = 0;
  refusals = 0;
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    if (req.headers['proxy-authorization'] !== EXPECTED_AUTH) {
      refusals += 1;
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
});

/** Every way an error could be printed: message, JSON and util.inspect (own properties and the cause chain). */
const everything = (e: unknown): string => `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 10, showHidden: true })}`;

const proxyUrl = (userinfo: string): string => `http://${userinfo}127.0.0.1:${(proxy.address() as AddressInfo).port}`;

describe('proxyUrl', () => {
  it('tunnels the WebSocket through CONNECT with proxy credentials and works end to end', async () => {
    const c = (client = new KrakenSpotWsClient({ url: server.url, proxyUrl: proxyUrl('trader:pa55-CANARY@') }));
    await c.connect();
    await c.subscribe('trade', { symbol: ['BTC/USD'] });
    expect(tunnels).toEqual([server.url.replace('ws://', '')]);
    expect((await server.connection(0)).received.some((f) => f['method'] === 'subscribe')).toBe(true);
    expect(everything(c)).not.toContain('CANARY');
  });

  it('a refused CONNECT (407) is a typed error that names the proxy without its credentials, and is retried with backoff until the budget is spent', async () => {
    const c = (client = new KrakenSpotWsClient({
      url: server.url,
      proxyUrl: proxyUrl('trader:wrong-CANARY@'),
      backoff: { initialMs: 10, maxMs: 10 },
      reconnectBudget: { maxAttempts: 2 },
      random: () => 0.5,
    }));
    const errors: KrakenError[] = [];
    const retries: { attempt: number; delayMs: number }[] = [];
    c.on('error', (e) => errors.push(e));
    c.on('reconnecting', (r) => retries.push({ attempt: r.attempt, delayMs: r.delayMs }));
    const rejection = await c.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).toBeInstanceOf(KrakenTransportError);
    expect(rejection).toMatchObject({ failure: 'closed' });
    expect((rejection as Error).message).toMatch(/circuit open/);
    // The first attempt plus two backed-off retries, each a CONNECT the proxy refused.
    expect(refusals).toBe(3);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 5 },
      { attempt: 2, delayMs: 5 },
    ]);
    const refused = errors.filter((e) => e.message.includes('refused CONNECT'));
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ kind: 'transport', failure: 'http-status', status: 407 });
    expect(errors.map(everything).join() + everything(rejection)).not.toContain('CANARY');
    expect(server.connections).toHaveLength(0); // never fell back to a direct connection
  });

  it('an unreachable proxy is a typed error whose cause chain never shows the credentials', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = (client = new KrakenSpotWsClient({
      url: server.url,
      proxyUrl: `http://trader:pa55-CANARY@127.0.0.1:${port}`,
      reconnectBudget: { maxAttempts: 0 },
    }));
    const errors: KrakenError[] = [];
    c.on('error', (e) => errors.push(e));
    await expect(c.connect()).rejects.toBeInstanceOf(KrakenTransportError);
    const unreachable = errors.find((e) => e.message.includes('unreachable'));
    expect(unreachable).toMatchObject({ kind: 'transport', failure: 'network' });
    expect(errors.map(everything).join()).not.toContain('CANARY');
    expect(server.connections).toHaveLength(0);
  });

  it('a malformed proxyUrl is a KrakenValidationError at construction, showing the URL only redacted', () => {
    for (const bad of [
      'http://trader:pa55-CANARY@127.0.0.1:notaport',
      'http://trader:pa55-CANARY@[::1',
      'ftp://trader:pa55-CANARY@127.0.0.1:21',
    ]) {
      let thrown: unknown;
      try {
        new KrakenSpotWsClient({ url: server.url, proxyUrl: bad });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(KrakenValidationError);
      expect((thrown as Error).cause).toBeUndefined();
      expect(everything(thrown)).not.toContain('CANARY');
      expect((thrown as Error).message).toContain('proxyUrl');
    }
    expect(server.connections).toHaveLength(0);
  });
});
