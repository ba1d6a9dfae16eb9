/**
 * The contracts of the resilient WebSocket connection: its options, its lifecycle events, and the
 * `WsSession` a venue client supplies (what to do on each new socket, with each frame, on each
 * keep-alive tick, and when the socket drops).
 */
import type { KrakenError } from '../../core/errors.js';
import type { BackoffPolicy, ReconnectBudgetPolicy } from './backoff.js';
import type { Clock } from '../../core/clock.js';
import type { RandomSource } from './backoff.js';
import type { WsStateChange } from './state-machine.js';

/** 16 MiB: Kraken's largest frames (instrument snapshot, book 1000) fit; `ws` would allow 100 MiB (docs/reliability.md D7). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export interface WsConnectionOptions {
  readonly url: string;
  /** Interval of keep-alive sends (`wsHeartbeatSecs`, default 30 s; Kraken closes after ~60 s of silence). */
  readonly heartbeatMs?: number;
  /** Idle deadline on application frames (default 10 s; docs/reliability.md N2). */
  readonly idleTimeoutMs?: number;
  /** Opening handshake timeout (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly reconnectBudget?: Partial<ReconnectBudgetPolicy>;
  readonly maxPayloadBytes?: number;
  /** `http://[user:pass@]host:port` CONNECT proxy. */
  readonly proxyUrl?: string | null;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/** What a session may do with the current socket. */
export interface WsLink {
  /** Sends a text frame; throws `KrakenTransportError` (`closed`) when the socket is not open. */
  send(text: string): void;
  /** Sends a WebSocket protocol ping frame (keeps Kraken's ~60 s idle close away). */
  sendProtocolPing(): void;
}

export interface WsSession {
  /** True when `onOpen` authenticates, so the connection passes through `authenticating`. */
  readonly authenticates: boolean;
  /** After every open: fetch credentials, replay subscriptions. A rejection drops the socket and reconnects. */
  onOpen(link: WsLink): Promise<void>;
  /**
   * Optional single-decode route: each text frame first, as received. True means the session
   * decoded and handled it (it counts as an application frame); false sends it on to the generic
   * decode and `onFrame`.
   */
  onText?(text: string): boolean;
  /** Each decoded application frame. */
  onFrame(frame: unknown): void;
  /** Each heartbeat tick while the socket is open. */
  onHeartbeat(link: WsLink): void;
  /** Whether the venue currently owes us an application frame (arms the idle deadline). */
  expectsTraffic(): boolean;
  /** The socket is gone; fail whatever waited on it. */
  onDrop(reason: string): void;
}

export type WsDisconnectInfo = {
  readonly code: number;
  readonly reason: string;
  /** A reconnect is scheduled. */
  readonly willReconnect: boolean;
  /** The reconnect budget is exhausted: no further attempts until `connect()` is called again. */
  readonly circuitOpen: boolean;
};

export type WsConnectionEvents = {
  state: [WsStateChange];
  connected: [{ readonly url: string }];
  reconnecting: [{ readonly attempt: number; readonly delayMs: number; readonly reason: string }];
  reconnected: [{ readonly attempts: number }];
  disconnected: [WsDisconnectInfo];
  error: [KrakenError];
};

/** Close codes Kraken/Cloudflare use for routine churn (docs/reliability.md N4): reconnect promptly, log as normal. */
const CHURN_CODES: ReadonlyMap<number, string> = new Map([
  [1001, 'server going away (e.g. Cloudflare WebSocket proxy restarting)'],
  [1006, 'connection dropped without a close frame'],
  [1013, 'server asked to try again later'],
]);

export function describeClose(code: number, reason: string): string {
  const known = CHURN_CODES.get(code) ?? (code === 1009 ? 'frame exceeded the payload cap' : 'closed');
  return `${known} (${code}${reason === '' ? '' : `: ${reason.slice(0, 120)}`})`;
}
