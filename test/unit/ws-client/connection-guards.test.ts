/**
 * Guards the resilient connection applies before any socket exists: TLS verification on wss:
 * (docs/reliability.md N7), a proxy URL parsed without leaking its password, and foreign exceptions
 * classified by where they were caught instead of all posing as network faults.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { KrakenStateError, KrakenTransportError, KrakenValidationError } from '../../../src/core/errors.js';
import { KrakenFuturesWsClient } from '../../../src/kraken/futures/ws/futures-ws-client.js';
import { KrakenSpotWsClient } from '../../../src/kraken/spot/ws/spot-ws-client.js';
import { ResilientWsConnection, asKrakenError } from '../../../src/transport/ws/connection.js';
import type { WsSession } from '../../../src/transport/ws/connection.js';
import { maskUrlUserinfo } from '../../../src/core/redact.js';
import { redactedCause } from '../../../src/transport/ws/redacted-cause.js';

const saved = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
afterEach(() => {
  if (saved === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
  else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = saved;
});

const session: WsSession = {
  authenticates: false,
  onOpen: async () => {},
  onFrame: () => {},
  onHeartbeat: () => {},
  expectsTraffic: () => false,
  onDrop: () => {},
};

/** What any of these could print: message, JSON, inspect (own properties and the cause chain). */
const everything = (e: unknown): string => `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 10, showHidden: true })}`;

describe('TLS verification guard on WebSockets (docs/reliability.md N7)', () => {
  it('refuses a wss: connection while NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    expect(() => new ResilientWsConnection({ url: 'wss://ws.kraken.com/v2' }, session)).toThrow(KrakenTransportError);
    expect(() => new ResilientWsConnection({ url: 'WSS://ws.kraken.com/v2' }, session)).toThrow(/NODE_TLS_REJECT_UNAUTHORIZED/);
    expect(() => new KrakenSpotWsClient()).toThrow(KrakenTransportError);
    expect(() => new KrakenFuturesWsClient()).toThrow(KrakenTransportError);
  });

  it('allows wss: with verification on, and plain ws: loopback (the simulator) either way', () => {
    delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    expect(new ResilientWsConnection({ url: 'wss://ws.kraken.com/v2' }, session).state).toBe('idle');
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    expect(new ResilientWsConnection({ url: 'ws://127.0.0.1:1' }, session).state).toBe('idle');
  });

  it('checks again when connecting: the variable set after construction still refuses, with no socket', async () => {
    delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    const conn = new ResilientWsConnection({ url: 'wss://127.0.0.1:1' }, session);
    const errors: unknown[] = [];
    conn.on('error', (e) => errors.push(e));
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    await expect(conn.connect()).rejects.toBeInstanceOf(KrakenStateError);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(KrakenTransportError);
    expect(conn.state).toBe('closed');
  });
});

describe('proxyUrl parsing', () => {
  const bad = [
    'http://trader:pa55-CANARY@127.0.0.1:notaport',
    'http://trader:pa55-CANARY@[::1',
    'socks5://trader:pa55-CANARY@127.0.0.1:1080',
    'https://trader:pa55-CANARY@127.0.0.1:3128',
    'http://trader:pa55-CANARY%zz@127.0.0.1:3128',
    // Unencoded `/` or `@` in the password: the URL parser ends the userinfo early.
    'http://trader:pa/55-CANARY@127.0.0.1:1',
    'http://trader:p@ss-CANARY@127.0.0.1:notaport',
  ];
  it.each(bad)('%s is a KrakenValidationError that never shows the password', (proxyUrl) => {
    let thrown: unknown;
    try {
      new ResilientWsConnection({ url: 'ws://127.0.0.1:1', proxyUrl }, session);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KrakenValidationError);
    expect((thrown as Error).cause).toBeUndefined();
    expect(everything(thrown)).not.toContain('CANARY');
  });

  it('the clients surface the same typed error from their constructors', () => {
    const proxyUrl = 'http://trader:pa55-CANARY@127.0.0.1:notaport';
    expect(() => new KrakenSpotWsClient({ url: 'ws://127.0.0.1:1', proxyUrl })).toThrow(KrakenValidationError);
    expect(() => new KrakenFuturesWsClient({ url: 'ws://127.0.0.1:1', proxyUrl })).toThrow(KrakenValidationError);
  });

  it('a well-formed http: proxy URL with credentials is accepted', () => {
    expect(new ResilientWsConnection({ url: 'ws://127.0.0.1:1', proxyUrl: 'http://trader:p%40ss@127.0.0.1:3128' }, session).state).toBe(
      'idle',
    );
  });
});

describe('asKrakenError', () => {
  it('an exception while handling a frame is a bad-body transport error, not a network fault', () => {
    const e = asKrakenError(new TypeError('x is not a function'), 'ws://h', 'frame');
    expect(e).toBeInstanceOf(KrakenTransportError);
    expect((e as KrakenTransportError).failure).toBe('bad-body');
    expect(e.message).toContain('x is not a function');
  });

  it.each(['session', 'keep-alive', 'setup', 'callback'] as const)('a foreign exception in %s is a KrakenStateError', (site) => {
    const e = asKrakenError(new RangeError('bug'), 'ws://h', site);
    expect(e).toBeInstanceOf(KrakenStateError);
    expect(e).not.toBeInstanceOf(KrakenTransportError);
  });

  it('Kraken errors pass through unchanged', () => {
    const original = new KrakenValidationError('bad', []);
    expect(asKrakenError(original, 'ws://h', 'frame')).toBe(original);
  });

  it('keeps only a redacted copy of the cause: no URL input, no userinfo, no own properties', () => {
    let urlError: unknown;
    try {
      new URL('http://trader:pa55-CANARY@127.0.0.1:notaport');
    } catch (e) {
      urlError = e;
    }
    expect(inspect(urlError)).toContain('CANARY'); // Node's TypeError carries the input
    const withSecrets = Object.assign(new Error('failed via http://trader:pa55-CANARY@proxy:1/x'), {
      config: { apiSecret: 'CANARY' },
      code: 'ECONNREFUSED',
    });
    for (const cause of [urlError, withSecrets, 'http://u:CANARY@h']) {
      for (const site of ['frame', 'session'] as const) {
        const e = asKrakenError(cause, 'ws://h', site);
        expect(everything(e)).not.toContain('CANARY');
        expect(e.cause).toBeInstanceOf(Error);
      }
    }
    expect((redactedCause(withSecrets) as Error & { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('masks userinfo up to the last @, whatever the password holds', () => {
    expect(maskUrlUserinfo('via http://u:p@ss/w@rd@proxy:3128/x and ws://a:b@h')).toBe('via http://***@proxy:3128/x and ws://***@h');
    expect(maskUrlUserinfo('no credentials in http://proxy:3128/')).toBe('no credentials in http://proxy:3128/');
  });
});
