/**
 * WebSocket through an HTTP proxy (`proxyUrl`, the same option the REST clients take).
 *
 * Opens an HTTP `CONNECT host:port` tunnel with `node:http` and hands the tunnelled socket to
 * `ws` through its `createConnection` option (Node's ClientRequest accepts an asynchronous
 * `createConnection(opts, callback)`). For `wss:` the TLS session runs end to end inside the
 * tunnel with SNI and full certificate verification: the proxy never sees plaintext, and there
 * is no fallback to a direct or unverified connection (docs/reliability.md N7).
 *
 * Proxy credentials (`http://user:pass@proxy:3128`) are sent as `Proxy-Authorization: Basic` and
 * never appear in error messages.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { KrakenTransportError, KrakenValidationError } from '../../core/errors.js';
import { parseProxyUrl } from '../proxy-url.js';
import { maskUrlUserinfo } from '../../core/redact.js';

type Callback = (err: Error | null, socket?: Socket) => void;
export type TunnelConnect = (opts: unknown, callback: Callback) => undefined;

/**
 * Parses the WebSocket `proxyUrl` without ever letting the raw string (password included) out:
 * a bad one is a `KrakenValidationError` showing the redacted form (proxy-url.ts). Only `http:`
 * CONNECT proxies are supported here.
 */
export function parseWsProxyUrl(raw: string): URL {
  let proxy: URL;
  try {
    proxy = parseProxyUrl(raw);
  } catch (err) {
    if (!(err instanceof KrakenValidationError)) throw err;
    // Belt and braces: a password holding `/` or `@` must stay masked in the issue text too.
    throw new KrakenValidationError(
      'invalid proxyUrl',
      err.issues.map((i) => ({ path: i.path, message: maskUrlUserinfo(i.message) })),
    );
  }
  if (proxy.protocol !== 'http:') {
    throw new KrakenValidationError('invalid proxyUrl', [
      { path: '/proxyUrl', message: `unsupported WebSocket proxy scheme ${proxy.protocol} (only http: CONNECT proxies)` },
    ]);
  }
  try {
    decodeURIComponent(proxy.username);
    decodeURIComponent(proxy.password);
  } catch {
    // `new URL` keeps a stray `%` in userinfo; the Basic header needs the decoded text.
    throw new KrakenValidationError('invalid proxyUrl', [
      { path: '/proxyUrl', message: 'proxy credentials are not valid percent-encoding' },
    ]);
  }
  return proxy;
}

export function createProxyTunnel(proxy: URL, targetUrl: string, timeoutMs: number): TunnelConnect {
  const target = new URL(targetUrl);
  const secure = target.protocol === 'wss:';
  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  const port = Number(target.port || (secure ? 443 : 80));
  const authority = `${target.hostname}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username !== '') {
    const creds = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(creds).toString('base64')}`;
  }
  // Messages name the proxy without any userinfo.
  const shownProxy = `${proxy.protocol}//${proxy.host}`;

  return (_opts, callback) => {
    let settled = false;
    const done = (err: Error | null, socket?: Socket): void => {
      if (settled) return;
      settled = true;
      callback(err, socket);
    };
    const req = http.request({
      host: proxy.hostname.startsWith('[') ? proxy.hostname.slice(1, -1) : proxy.hostname,
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: authority,
      headers,
      timeout: timeoutMs,
    });
    req.once('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(
          new KrakenTransportError(`proxy ${shownProxy} refused CONNECT to ${authority}`, 'http-status', {
            endpoint: targetUrl,
            status: res.statusCode,
          }),
        );
        return;
      }
      if (head.length > 0) socket.unshift(head);
      if (!secure) {
        done(null, socket);
        return;
      }
      const tlsSocket = tls.connect({ socket, servername: host });
      tlsSocket.once('secureConnect', () => done(null, tlsSocket));
      tlsSocket.once('error', (cause) =>
        done(new KrakenTransportError(`TLS through proxy ${shownProxy} failed`, 'network', { endpoint: targetUrl, cause })),
      );
    });
    req.once('timeout', () => {
      req.destroy();
      done(new KrakenTransportError(`proxy ${shownProxy} did not answer CONNECT in ${timeoutMs} ms`, 'timeout', { endpoint: targetUrl }));
    });
    req.once('error', (cause) =>
      done(new KrakenTransportError(`proxy ${shownProxy} unreachable`, 'network', { endpoint: targetUrl, cause })),
    );
    req.end();
    return undefined;
  };
}
