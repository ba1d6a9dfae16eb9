/** WebSocket through an HTTP CONNECT proxy (SPEC `proxyUrl`), against loopback proxy and server. */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import type { KrakenError } from '../../../src/kraken/common/errors.js';
import { LoopbackWsServer, spotBehaviour } from './loopback-server.js';

let server: LoopbackWsServer;
let proxy: http.Server;
let client: KrakenSpotWsClient | undefined;
const tunnels: string[] = [];
const EXPECTED_AUTH = `Basic ${Buffer.from('trader:pa55-CANARY').toString('base64')}`;

beforeEach(async () => {
  server = await LoopbackWsServer.start();
  server.handle((c) => spotBehaviour(c));
  tunnels.length = 0;
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    if (req.headers['proxy-authorization'] !== EXPECTED_AUTH) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host!, () => {
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

const proxyUrl = (userinfo: string): string => `http://${userinfo}127.0.0.1:${(proxy.address() as AddressInfo).port}`;

describe('proxyUrl', () => {
  it('tunnels the WebSocket through CONNECT with proxy credentials and works end to end', async () => {
    const c = (client = new KrakenSpotWsClient({ url: server.url, proxyUrl: proxyUrl('trader:pa55-CANARY@') }));
    await c.connect();
    await c.subscribe('trade', { symbol: ['BTC/USD'] });
    expect(tunnels).toEqual([server.url.replace('ws://', '')]);
    expect((await server.connection(0)).received.some((f) => f['method'] === 'subscribe')).toBe(true);
  });

  it('a refused CONNECT (407) is a typed error that names the proxy without its credentials, and is retried with backoff', async () => {
    const c = (client = new KrakenSpotWsClient({
      url: server.url,
      proxyUrl: proxyUrl('trader:wrong-CANARY@'),
      backoff: { initialMs: 10, maxMs: 10 },
      reconnectBudget: { maxAttempts: 1 },
    }));
    const errors: KrakenError[] = [];
    c.on('error', (e) => errors.push(e));
    await expect(c.connect()).rejects.toBeDefined();
    const refused = errors.find((e) => e.message.includes('refused CONNECT'));
    expect(refused).toMatchObject({ kind: 'transport', failure: 'http-status', status: 407 });
    expect(JSON.stringify(errors) + errors.map((e) => e.message).join()).not.toContain('CANARY');
    expect(server.connections).toHaveLength(0); // never fell back to a direct connection
  });
});
