import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { KrakenSpotRawHttpClient, KrakenTransportError, KrakenValidationError } from '../../../src/index.js';
import { startConnectProxy, type ConnectProxy } from '../../helpers/connect-proxy.js';
import { json, startLoopback, type LoopbackServer } from '../../helpers/loopback-http.js';

let server: LoopbackServer | undefined;
let proxy: ConnectProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await server?.close();
});

describe('proxyUrl', () => {
  it('tunnels requests through the proxy', async () => {
    server = await startLoopback((_req, res) => json(res, '{"error":[],"result":{"unixtime":7,"rfc1123":"x"}}'));
    proxy = await startConnectProxy();
    const client = new KrakenSpotRawHttpClient({ baseUrl: server.baseUrl, proxyUrl: proxy.url });
    expect((await client.time()).unixtime).toBe(7);
    await client.close();
    expect(proxy.tunnels).toEqual([server.baseUrl.replace('http://', '')]);
  });

  it('a proxy refusing with 407 fails closed with a typed error that does not leak the proxy password', async () => {
    server = await startLoopback((_req, res) => json(res, '{"error":[],"result":{"unixtime":7,"rfc1123":"x"}}'));
    proxy = await startConnectProxy({ requireAuth: 'Basic nope' });
    const withCreds = proxy.url.replace('http://', 'http://user:s3cr3t-pw@');
    const client = new KrakenSpotRawHttpClient({ baseUrl: server.baseUrl, proxyUrl: withCreds, maxRetries: 0 });
    const err = await client.time().catch((e: unknown) => e);
    await client.close();
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect(String(err)).not.toContain('s3cr3t-pw');
    expect(JSON.stringify(err)).not.toContain('s3cr3t-pw');
    expect(inspect(err, { depth: 10 })).not.toContain('s3cr3t-pw');
    expect(server.requests).toHaveLength(0);
  });

  it('a malformed proxy URL is a validation error that shows only the redacted form', () => {
    let err: unknown;
    try {
      new KrakenSpotRawHttpClient({ baseUrl: 'http://127.0.0.1:1', proxyUrl: 'http://u:PROXY PASS@bad host:1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KrakenValidationError);
    for (const surface of [String(err), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })]) {
      expect(surface).not.toContain('PROXY PASS');
    }
    expect(String(err)).toContain('u:***@');
  });
});
