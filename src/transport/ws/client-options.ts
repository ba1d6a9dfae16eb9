/**
 * The tuning options both Kraken WS clients accept (`wsHeartbeatSecs`, `wsRequestTimeoutSecs`,
 * `proxyUrl`, …), in seconds as users configure them, and their translation into
 * connection options in milliseconds. Fractions are allowed (tests use tens of milliseconds).
 */
import type { BackoffPolicy, ReconnectBudgetPolicy } from './backoff.js';
import type { Clock } from '../../core/clock.js';
import type { RandomSource } from './backoff.js';
import type { WsConnectionEvents, WsConnectionOptions } from './connection-types.js';
import type { ResilientWsConnection } from './connection.js';

export interface WsClientTuning {
  /** Keep-alive interval (default 30; Kraken closes after ~60 s without traffic). */
  readonly wsHeartbeatSecs?: number;
  /** Idle deadline on application frames (default 10; docs/reliability.md N2). */
  readonly wsIdleTimeoutSecs?: number;
  /** Per-request response timeout (default 5). */
  readonly wsRequestTimeoutSecs?: number;
  /** Opening handshake timeout (default 10). */
  readonly handshakeTimeoutSecs?: number;
  /** Largest accepted frame (default 16 MiB; docs/reliability.md D7). */
  readonly maxPayloadBytes?: number;
  /** `http://[user:pass@]host:port` CONNECT proxy for the WebSocket. */
  readonly proxyUrl?: string | null;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly reconnectBudget?: Partial<ReconnectBudgetPolicy>;
  /** Injected time and randomness, for deterministic tests. */
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

export const secondsToMs = (v: number | undefined, dflt: number): number => Math.round((v ?? dflt) * 1000);

export function connectionOptionsFrom(url: string, t: WsClientTuning): WsConnectionOptions {
  return {
    url,
    heartbeatMs: secondsToMs(t.wsHeartbeatSecs, 30),
    idleTimeoutMs: secondsToMs(t.wsIdleTimeoutSecs, 10),
    handshakeTimeoutMs: secondsToMs(t.handshakeTimeoutSecs, 10),
    ...(t.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: t.maxPayloadBytes }),
    ...(t.proxyUrl == null ? {} : { proxyUrl: t.proxyUrl }),
    ...(t.backoff === undefined ? {} : { backoff: t.backoff }),
    ...(t.reconnectBudget === undefined ? {} : { reconnectBudget: t.reconnectBudget }),
    ...(t.clock === undefined ? {} : { clock: t.clock }),
    ...(t.random === undefined ? {} : { random: t.random }),
  };
}

const LIFECYCLE = ['state', 'connected', 'reconnecting', 'reconnected', 'disconnected', 'error'] as const;

/** Re-emits the connection's lifecycle events on a client. */
export function forwardLifecycle(conn: ResilientWsConnection, emit: (event: keyof WsConnectionEvents, arg: unknown) => void): void {
  for (const event of LIFECYCLE) conn.on(event, (arg: unknown) => emit(event, arg));
}
