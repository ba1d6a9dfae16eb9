/**
 * A loopback WebSocket server for the ws-client integration tests (127.0.0.1, ephemeral port).
 * Each accepted socket becomes a `ServerConn` that records what the client sent and lets a test
 * answer, stall, close with a code, or drop the TCP socket (close 1006 on the client).
 */
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { wsText } from '../../helpers/ws-text.js';

export interface ServerConn {
  readonly ws: WebSocket;
  readonly index: number;
  /** Decoded JSON frames received from the client, in order. */
  readonly received: Record<string, unknown>[];
  /** Raw text frames received from the client. */
  readonly raw: string[];
  send(frame: unknown): void;
  /** Resolves with the next received frame matching `pred` (including ones already received and not yet taken). */
  next(pred?: (f: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Drops the TCP socket without a close frame: the client sees 1006. */
  destroy(): void;
}

export class LoopbackWsServer {
  readonly wss: WebSocketServer;
  readonly connections: ServerConn[] = [];
  #onConnection: ((conn: ServerConn) => void) | undefined;
  #waiters: { index: number; resolve: (c: ServerConn) => void }[] = [];

  private constructor(wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (ws) => this.#accept(ws));
  }

  static async start(): Promise<LoopbackWsServer> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new LoopbackWsServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  /** Sets the behaviour applied to every new connection. */
  handle(fn: (conn: ServerConn) => void): this {
    this.#onConnection = fn;
    return this;
  }

  /** Resolves with connection number `index` (0-based) once it exists. */
  connection(index: number, timeoutMs = 3_000): Promise<ServerConn> {
    const existing = this.connections[index];
    if (existing !== undefined) return Promise.resolve(existing);
    return withTimeout(new Promise((resolve) => this.#waiters.push({ index, resolve })), timeoutMs, `connection #${index}`);
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  #accept(ws: WebSocket): void {
    const received: Record<string, unknown>[] = [];
    const raw: string[] = [];
    let taken = 0;
    const listeners = new Set<() => void>();
    const conn: ServerConn = {
      ws,
      index: this.connections.length,
      received,
      raw,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      },
      next: (pred = () => true, timeoutMs = 3_000) =>
        withTimeout(
          new Promise((resolve) => {
            const check = (): boolean => {
              for (let i = taken; i < received.length; i++) {
                const f = received[i]!;
                if (pred(f)) {
                  taken = i + 1;
                  resolve(f);
                  return true;
                }
              }
              return false;
            };
            if (check()) return;
            const l = (): void => {
              if (check()) listeners.delete(l);
            };
            listeners.add(l);
          }),
          timeoutMs,
          'a client frame',
        ),
      destroy: () => (ws as unknown as { _socket: { destroy(): void } })._socket.destroy(),
    };
    ws.on('message', (data) => {
      const text = wsText(data);
      raw.push(text);
      try {
        received.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        received.push({ unparsable: text });
      }
      for (const l of [...listeners]) l();
    });
    this.connections.push(conn);
    this.#onConnection?.(conn);
    for (const w of this.#waiters.filter((w) => w.index === conn.index)) w.resolve(conn);
    this.#waiters = this.#waiters.filter((w) => w.index !== conn.index);
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Resolves with the next emission of `event` on `emitter`. */
export function nextEvent<T>(emitter: object, event: string, timeoutMs = 3_000): Promise<T> {
  const e = emitter as { once(e: string, l: (v: T) => void): unknown };
  return withTimeout(new Promise<T>((resolve) => e.once(event, resolve)), timeoutMs, `event '${event}'`);
}

const now = (): string => new Date().toISOString();

/**
 * Kraken Spot v2 behaviour as Kraken documents it: one ack per subscribed symbol echoing
 * `req_id`, `pong` for `ping`, and `{"channel":"heartbeat"}` every `heartbeatMs` once anything
 * is subscribed.
 */
export function spotBehaviour(conn: ServerConn, opts: { heartbeatMs?: number } = {}): void {
  let timer: NodeJS.Timeout | undefined;
  conn.ws.on('close', () => clearInterval(timer));
  conn.ws.on('message', (data) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(wsText(data)) as Record<string, unknown>;
    } catch {
      return;
    }
    const reqId = msg['req_id'];
    if (msg['method'] === 'ping') {
      conn.send({ method: 'pong', req_id: reqId, time_in: now(), time_out: now() });
      return;
    }
    if (msg['method'] === 'subscribe' || msg['method'] === 'unsubscribe') {
      const params = msg['params'] as Record<string, unknown>;
      const symbols = Array.isArray(params['symbol']) ? (params['symbol'] as string[]) : [undefined];
      for (const symbol of symbols) {
        const result: Record<string, unknown> = { channel: params['channel'] };
        if (symbol !== undefined) result['symbol'] = symbol;
        conn.send({ method: msg['method'], req_id: reqId, success: true, result, time_in: now(), time_out: now() });
      }
      if (msg['method'] === 'subscribe' && timer === undefined && opts.heartbeatMs !== undefined) {
        timer = setInterval(() => conn.send({ channel: 'heartbeat' }), opts.heartbeatMs);
      }
    }
  });
}

/**
 * Kraken Futures behaviour as Kraken documents it: `info` greeting, a fresh UUID challenge per
 * request, acks echoing the request, and `heartbeat` frames every `heartbeatMs` once subscribed.
 * `verify(frame)` is called on every private (un)subscribe so a test can check the signature.
 */
export function futuresBehaviour(
  conn: ServerConn,
  opts: { heartbeatMs?: number; challenges?: string[]; verify?: (frame: Record<string, unknown>) => boolean } = {},
): void {
  let timer: NodeJS.Timeout | undefined;
  conn.ws.on('close', () => clearInterval(timer));
  conn.send({ event: 'info', version: 1 });
  conn.ws.on('message', (data) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(wsText(data)) as Record<string, unknown>;
    } catch {
      conn.send({ event: 'error', message: 'Json Error' });
      return;
    }
    if (msg['event'] === 'challenge') {
      const challenge = crypto.randomUUID();
      opts.challenges?.push(challenge);
      conn.send({ event: 'challenge', message: challenge });
      return;
    }
    if (msg['event'] === 'subscribe' || msg['event'] === 'unsubscribe') {
      if ('signed_challenge' in msg && opts.verify !== undefined && !opts.verify(msg)) {
        conn.send({ event: `${String(msg['event'])}d_failed`, feed: msg['feed'] });
        return;
      }
      if (Array.isArray(msg['product_ids']) && msg['product_ids'].includes('PF_NOPE')) {
        conn.send({ event: 'error', message: 'Invalid product id' });
        return;
      }
      // Kraken's docs show a trailing space in some acks; the client must cope.
      conn.send({ ...msg, event: `${String(msg['event'])}d ` });
      if (msg['feed'] === 'heartbeat' && msg['event'] === 'subscribe' && opts.heartbeatMs !== undefined && timer === undefined) {
        timer = setInterval(() => conn.send({ feed: 'heartbeat', time: Date.now() }), opts.heartbeatMs);
      }
    }
  });
}
