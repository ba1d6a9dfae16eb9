/**
 * The generic resilient WebSocket connection under both Kraken clients.
 *
 * It owns one socket at a time, the state machine (state-machine.ts), liveness (heartbeat sends
 * and the idle deadline), reconnect pacing (backoff.ts) and frame decoding. What a venue needs on
 * each new socket (a token, a signed challenge, replaying subscriptions) lives in a `WsSession`
 * supplied by the client: the connection calls `session.onOpen()` after every open and only
 * reports `ready` when it resolves.
 *
 * Liveness decision (docs/reliability.md N2, N3):
 * - WebSocket *protocol* pong frames never count: a proxy (Cloudflare) answers them while the
 *   venue's backend may have stopped sending (NautilusTrader issue #3907).
 * - Every decoded *application* frame counts — including Spot `heartbeat` frames and Spot `pong`
 *   replies. Both are produced by Kraken's backend, not the proxy; heartbeats are Kraken's
 *   designed connection-liveness signal (~1/s once anything is subscribed). Whether one
 *   subscription is silent while the connection is alive is a per-channel question (docs/reliability.md N3) answered
 *   above this layer, not by the connection deadline.
 * - The deadline only runs while the session says the venue owes us a frame
 *   (`expectsTraffic()`): Kraken sends nothing on a connection without subscriptions, and timing
 *   that out would only cause reconnect churn.
 */
import WebSocket from 'ws';
import type { RawData } from 'ws';
import { KrakenError, KrakenStateError, KrakenTransportError } from '../../core/errors.js';
import { assertTlsVerification } from '../http.js';
import { parseVenueJson } from '../../core/json.js';
import { DEFAULT_BACKOFF, DEFAULT_RECONNECT_BUDGET, ReconnectBudget, fullJitterDelayMs } from './backoff.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, describeClose } from './connection-types.js';
import type { WsConnectionEvents, WsConnectionOptions, WsLink, WsSession } from './connection-types.js';
import type { BackoffPolicy, ReconnectBudgetPolicy } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from '../../core/clock.js';
import type { RandomSource } from './backoff.js';
import { LivenessMonitor } from './liveness.js';
import { createProxyTunnel, parseWsProxyUrl } from './proxy-tunnel.js';
import { redactedCause } from './redacted-cause.js';
import { WsConnectionState, WsStateMachine } from './state-machine.js';
import { TypedEmitter } from './typed-emitter.js';

export { DEFAULT_MAX_PAYLOAD_BYTES, describeClose } from './connection-types.js';
export type { WsConnectionEvents, WsConnectionOptions, WsDisconnectInfo, WsLink, WsSession } from './connection-types.js';

type TimerName = 'reconnect' | 'stable';

export class ResilientWsConnection extends TypedEmitter<WsConnectionEvents> {
  readonly url: string;
  readonly #session: WsSession;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #handshakeMs: number;
  readonly #maxPayload: number;
  readonly #proxy: URL | undefined;
  readonly #backoff: BackoffPolicy;
  readonly #budgetPolicy: ReconnectBudgetPolicy;
  readonly #budget: ReconnectBudget;
  readonly #sm: WsStateMachine;
  readonly #liveness: LivenessMonitor;

  #socket: WebSocket | undefined;
  #generation = 0;
  #attempt = 0;
  #everReady = false;
  #dropReason: string | undefined;
  #timers: Partial<Record<TimerName, TimerHandle>> = {};
  #readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #closeWaiters: (() => void)[] = [];

  /**
   * Throws `KrakenTransportError` for a `wss:` URL while `NODE_TLS_REJECT_UNAUTHORIZED=0`
   * (docs/reliability.md N7) and `KrakenValidationError` for an unusable `proxyUrl` (shown redacted).
   */
  constructor(options: WsConnectionOptions, session: WsSession) {
    super();
    assertWsTlsVerification(options.url);
    this.url = options.url;
    this.#session = session;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#liveness = new LivenessMonitor(this.#clock, options.heartbeatMs ?? 30_000, options.idleTimeoutMs ?? 10_000);
    this.#handshakeMs = options.handshakeTimeoutMs ?? 10_000;
    this.#maxPayload = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.#proxy = options.proxyUrl == null ? undefined : parseWsProxyUrl(options.proxyUrl);
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#budgetPolicy = { ...DEFAULT_RECONNECT_BUDGET, ...options.reconnectBudget };
    this.#budget = new ReconnectBudget(this.#budgetPolicy);
    this.#sm = new WsStateMachine(this.url, (change) => this.emit('state', change));
  }

  get state(): WsConnectionState {
    return this.#sm.state;
  }

  /** Opens the connection (from idle, or again after close / an open circuit). Resolves when ready. */
  connect(): Promise<void> {
    const s = this.#sm.state;
    if (s === WsConnectionState.Ready) return Promise.resolve();
    const ready = this.whenReady();
    if (s === WsConnectionState.Idle || s === WsConnectionState.Closed) {
      this.#budget.reset();
      this.#attempt = 0;
      this.#sm.transition(WsConnectionState.Connecting);
      this.#openSocket();
    }
    return ready;
  }

  /** Resolves at the next `ready` (at once if ready); rejects if the connection closes first. */
  whenReady(): Promise<void> {
    if (this.#sm.state === WsConnectionState.Ready) return Promise.resolve();
    if (this.#sm.state === WsConnectionState.Closed) {
      return Promise.reject(new KrakenStateError('WebSocket connection is closed', { endpoint: this.url }));
    }
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  /** Closes for good (until `connect()` is called again). Resolves once the socket is gone. */
  close(): Promise<void> {
    const s = this.#sm.state;
    if (s === WsConnectionState.Closed) return Promise.resolve();
    this.#clearTimer('reconnect');
    this.#sm.transition(WsConnectionState.Closed);
    this.#stopSocketTimers();
    this.#failReadyWaiters(new KrakenStateError('WebSocket connection closed by the client', { endpoint: this.url }));
    const socket = this.#socket;
    if (socket === undefined) {
      this.#session.onDrop('closed by the client');
      return Promise.resolve();
    }
    const closed = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client closing');
    else socket.terminate();
    // A peer that never answers the close frame must not hold close() hostage.
    const hard = this.#clock.setTimeout(() => socket.terminate(), 1_000);
    return closed.finally(() => this.#clock.clearTimeout(hard));
  }

  /** Drops the current socket and lets the reconnect logic take over (e.g. after a book resync storm). */
  forceReconnect(reason: string): void {
    if (this.#socket === undefined) return;
    this.#dropReason = reason;
    this.#socket.terminate();
  }

  #link(socket: WebSocket): WsLink {
    return {
      send: (text) => {
        if (this.#socket !== socket || socket.readyState !== WebSocket.OPEN) {
          throw new KrakenTransportError('WebSocket is not open', 'closed', { endpoint: this.url });
        }
        socket.send(text);
      },
      sendProtocolPing: () => {
        if (this.#socket === socket && socket.readyState === WebSocket.OPEN) socket.ping();
      },
    };
  }

  #openSocket(): void {
    const generation = ++this.#generation;
    this.#dropReason = undefined;
    let socket: WebSocket;
    try {
      // Checked again per socket: the variable may have been set after construction.
      assertWsTlsVerification(this.url);
      socket = new WebSocket(this.url, {
        maxPayload: this.#maxPayload,
        handshakeTimeout: this.#handshakeMs,
        perMessageDeflate: false,
        ...(this.#proxy === undefined ? {} : { createConnection: createProxyTunnel(this.#proxy, this.url, this.#handshakeMs) as never }),
      });
    } catch (cause) {
      // An unusable URL or TLS setting never heals by retrying.
      const err = asKrakenError(cause, this.url, 'setup');
      this.emit('error', err);
      this.#sm.transition(WsConnectionState.Closed);
      this.#failReadyWaiters(new KrakenStateError(`WebSocket could not be created: ${err.message}`, { endpoint: this.url, cause: err }));
      return;
    }
    this.#socket = socket;
    const current = (): boolean => this.#generation === generation && this.#socket === socket;

    socket.on('open', () => {
      if (!current() || this.#sm.state !== WsConnectionState.Connecting) return;
      this.#sm.transition(WsConnectionState.Open);
      this.#startLiveness(socket);
      void this.#runSession(socket, current);
    });
    socket.on('message', (data, isBinary) => {
      if (current()) this.#onMessage(data, isBinary);
    });
    // Protocol pongs are deliberately ignored for liveness (see the file comment).
    socket.on('error', (err: Error & { code?: string }) => {
      // After close() the only errors left are about the abort we asked for.
      if (!current() || this.#sm.state === WsConnectionState.Closed) return;
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.#dropReason = `frame larger than ${this.#maxPayload} bytes`;
        this.emit(
          'error',
          new KrakenTransportError(`venue frame exceeded the ${this.#maxPayload}-byte cap`, 'payload-too-large', { endpoint: this.url }),
        );
        return;
      }
      // Typed failures from below (the proxy tunnel) pass through unchanged.
      if (err instanceof KrakenError) this.emit('error', err);
      else
        this.emit(
          'error',
          new KrakenTransportError(`WebSocket error: ${err.message}`, 'network', { endpoint: this.url, cause: redactedCause(err) }),
        );
    });
    socket.on('close', (code, reason) => {
      if (this.#generation !== generation) return;
      this.#onClosed(socket, code, reason.toString('utf8'));
    });
  }

  async #runSession(socket: WebSocket, current: () => boolean): Promise<void> {
    try {
      if (this.#session.authenticates) this.#sm.transition(WsConnectionState.Authenticating);
      await this.#session.onOpen(this.#link(socket));
    } catch (cause) {
      if (!current() || this.#sm.state === WsConnectionState.Closed) return;
      const err = asKrakenError(cause, this.url, 'session');
      this.emit('error', err);
      this.#dropReason = `session setup failed: ${err.message}`;
      socket.terminate();
      return;
    }
    if (!current()) return;
    const s = this.#sm.state;
    if (s !== WsConnectionState.Open && s !== WsConnectionState.Authenticating) return;
    this.#sm.transition(WsConnectionState.Ready);
    const attempts = this.#attempt;
    if (this.#everReady) this.emit('reconnected', { attempts });
    else this.emit('connected', { url: this.url });
    this.#everReady = true;
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const w of waiters) w.resolve();
    this.#timers.stable = this.#clock.setTimeout(() => {
      this.#budget.reset();
      this.#attempt = 0;
    }, this.#budgetPolicy.stableResetMs);
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    // A Buffer is read where it lies (Buffer.from(buffer) would copy every frame first).
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    if (!isBinary && this.#session.onText !== undefined) {
      try {
        if (this.#session.onText(text)) {
          this.#liveness.noteApplicationFrame();
          return;
        }
      } catch (cause) {
        this.emit('error', asKrakenError(cause, this.url, 'frame'));
        return;
      }
    }
    let frame: unknown;
    try {
      if (isBinary)
        throw new KrakenTransportError('venue sent a binary frame; Kraken frames are JSON text', 'bad-body', { endpoint: this.url });
      frame = parseVenueJson(text, this.url);
    } catch (cause) {
      this.emit('error', asKrakenError(cause, this.url, 'frame'));
      return;
    }
    this.#liveness.noteApplicationFrame();
    try {
      this.#session.onFrame(frame);
    } catch (cause) {
      this.emit('error', asKrakenError(cause, this.url, 'frame'));
    }
  }

  #onClosed(socket: WebSocket, code: number, reason: string): void {
    if (this.#socket === socket) this.#socket = undefined;
    this.#stopSocketTimers();
    const why = this.#dropReason ?? describeClose(code, reason);
    this.#dropReason = undefined;
    this.#session.onDrop(why);
    const closers = this.#closeWaiters;
    this.#closeWaiters = [];
    for (const c of closers) c();

    if (this.#sm.state === WsConnectionState.Closed) {
      this.emit('disconnected', { code, reason: why, willReconnect: false, circuitOpen: false });
      return;
    }
    if (!this.#budget.tryConsume(this.#clock.nowMs())) {
      this.#sm.transition(WsConnectionState.Closed);
      const circuit = `reconnect budget exhausted (${this.#budgetPolicy.maxAttempts} per ${this.#budgetPolicy.windowMs} ms); circuit open`;
      this.emit('disconnected', { code, reason: `${why}; ${circuit}`, willReconnect: false, circuitOpen: true });
      this.#failReadyWaiters(new KrakenTransportError(circuit, 'closed', { endpoint: this.url }));
      return;
    }
    this.#attempt += 1;
    const attempt = this.#attempt;
    const delayMs = fullJitterDelayMs(attempt, this.#backoff, this.#random);
    this.#sm.transition(WsConnectionState.Reconnecting);
    this.emit('disconnected', { code, reason: why, willReconnect: true, circuitOpen: false });
    this.emit('reconnecting', { attempt, delayMs, reason: why });
    this.#timers.reconnect = this.#clock.setTimeout(() => {
      this.#timers.reconnect = undefined;
      if (this.#sm.state !== WsConnectionState.Reconnecting) return;
      this.#sm.transition(WsConnectionState.Connecting);
      this.#openSocket();
    }, delayMs);
  }

  #startLiveness(socket: WebSocket): void {
    const link = this.#link(socket);
    this.#liveness.start({
      expectsTraffic: () => this.#session.expectsTraffic(),
      sendKeepAlive: () => {
        try {
          this.#session.onHeartbeat(link);
        } catch (cause) {
          this.emit('error', asKrakenError(cause, this.url, 'keep-alive'));
        }
      },
      onIdle: () => {
        const idleMs = this.#liveness.idleMs;
        this.#dropReason = `no application frame for ${idleMs} ms (idle deadline)`;
        this.emit('error', new KrakenTransportError(`venue silent past the ${idleMs} ms idle deadline`, 'timeout', { endpoint: this.url }));
        socket.terminate();
      },
    });
  }

  #clearTimer(name: TimerName): void {
    const t = this.#timers[name];
    if (t !== undefined) this.#clock.clearTimeout(t);
    this.#timers[name] = undefined;
  }

  #stopSocketTimers(): void {
    this.#liveness.stop();
    this.#clearTimer('stable');
  }

  #failReadyWaiters(err: Error): void {
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const w of waiters) w.reject(err);
  }
}

/** Where a foreign (non-Kraken) exception was caught; decides its class in `asKrakenError`. */
export type FailureSite = 'frame' | 'session' | 'keep-alive' | 'setup' | 'callback';

/**
 * Kraken errors pass through unchanged. Anything else is never a network fault: an exception
 * while handling a venue frame means the frame was not usable (`bad-body`, not retried as a
 * transport failure); anywhere else it is a programming or configuration error
 * (`KrakenStateError`). The cause is kept as a redacted copy (redacted-cause.ts).
 */
const SITE_LABEL: Record<Exclude<FailureSite, 'frame'>, string> = {
  session: 'session setup threw',
  'keep-alive': 'keep-alive send threw',
  setup: 'socket setup failed',
  callback: 'callback threw',
};

export function asKrakenError(cause: unknown, endpoint: string, site: FailureSite = 'callback'): KrakenError {
  if (cause instanceof KrakenError) return cause;
  const safe = redactedCause(cause);
  if (site === 'frame') {
    return new KrakenTransportError(`frame handling failed: ${safe.message}`, 'bad-body', { endpoint, cause: safe });
  }
  return new KrakenStateError(`${SITE_LABEL[site]}: ${safe.message}`, { endpoint, cause: safe });
}

/** The TLS guard of http.ts is written for https: URLs; wss: is the same TLS. */
function assertWsTlsVerification(url: string): void {
  assertTlsVerification(url.replace(/^wss:/i, 'https:'));
}
