/**
 * Foreign exceptions inside the connection's callbacks are classified by where they happened
 * (asKrakenError): a bug while handling a frame is not disguised as a network fault.
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenStateError, KrakenTransportError } from '../../../src/core/errors.js';
import type { KrakenError } from '../../../src/core/errors.js';
import { ResilientWsConnection } from '../../../src/transport/ws/connection.js';
import type { WsSession } from '../../../src/transport/ws/connection.js';
import { ManualClock } from '../../../src/core/clock.js';
import { LoopbackWsServer, nextEvent } from './loopback-server.js';

let server: LoopbackWsServer;
let conn: ResilientWsConnection | undefined;

beforeEach(async () => {
  server = await LoopbackWsServer.start();
});
afterEach(async () => {
  await conn?.close();
  conn = undefined;
  await server.close();
});

function session(over: Partial<WsSession>): WsSession {
  return {
    authenticates: false,
    onOpen: async () => {},
    onFrame: () => {},
    onHeartbeat: () => {},
    expectsTraffic: () => false,
    onDrop: () => {},
    ...over,
  };
}

describe('ResilientWsConnection error classification', () => {
  it('an exception in onFrame is a bad-body transport error with a redacted cause; the connection stays up', async () => {
    const c = (conn = new ResilientWsConnection(
      { url: server.url, clock: new ManualClock(0) },
      session({
        onFrame: () => {
          throw Object.assign(new TypeError("Cannot read properties of undefined (reading 'x')"), { input: 'http://u:CANARY@h' });
        },
      }),
    ));
    const errors: KrakenError[] = [];
    c.on('error', (e) => errors.push(e));
    await c.connect();
    const error = nextEvent<KrakenError>(c, 'error');
    (await server.connection(0)).send({ hello: 1 });
    await error;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(KrakenTransportError);
    expect(errors[0]).toMatchObject({ failure: 'bad-body' });
    expect(inspect(errors[0], { depth: 10, showHidden: true })).not.toContain('CANARY');
    expect(c.state).toBe('ready');
  });

  it('an exception in onOpen is a KrakenStateError, and the socket is dropped and retried', async () => {
    let opens = 0;
    const clock = new ManualClock(0);
    const c = (conn = new ResilientWsConnection(
      { url: server.url, clock, random: () => 0.5 },
      session({
        onOpen: () => (++opens === 1 ? Promise.reject(new RangeError('session bug')) : Promise.resolve()),
      }),
    ));
    const errors: KrakenError[] = [];
    c.on('error', (e) => errors.push(e));
    const reconnecting = nextEvent<{ reason: string; delayMs: number }>(c, 'reconnecting');
    const ready = c.connect();
    const r = await reconnecting;
    expect(r.reason).toContain('session setup failed');
    expect(errors[0]).toBeInstanceOf(KrakenStateError);
    expect(errors[0]!.message).toContain('session bug');
    clock.advance(r.delayMs);
    await ready;
    expect(opens).toBe(2);
  });
});
