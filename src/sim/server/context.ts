/**
 * Everything the protocol servers share: the venue engine, the clock, keys and tokens,
 * Kraken's limiters, the fault controller, and the venue's system status.
 */
import type { SimEngineApi } from '../engine/types/engine.js';
import { FuturesChallenges } from '../auth/futures-challenge.js';
import { KeyStore } from '../auth/key-store.js';
import { WsTokenStore } from '../auth/ws-tokens.js';
import type { FaultController } from '../faults/fault-controller.js';
import { Mulberry32Random } from '../random/mulberry32.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { FuturesRateBudget } from '../limits/futures-budget.js';
import { SpotRestLimiter } from '../limits/spot-rest-limiter.js';
import { SpotTradingLimiter } from '../limits/spot-trading-limiter.js';
import type { KrakenTier } from '../limits/tiers.js';

/** Spot `SystemStatus` / WS `status.system`. */
export type VenueStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only';

/**
 * An exception the simulator did not expect (anything but a venue rejection or a validation
 * error). The client still gets Kraken's generic answer (`EGeneral:Internal error`, `Server
 * Error`), but the simulator must not hide its own bugs: every such exception is kept here and
 * exposed as `sim.internalErrors`, which the integration tests assert stays empty.
 */
export interface SimInternalError {
  /** Which server and request (`spot-rest AddOrder`, `futures-ws fan-out`), never a key or body. */
  readonly where: string;
  readonly error: unknown;
}

/** How many internal errors are kept (the oldest are dropped first) so a loop cannot eat memory. */
const MAX_INTERNAL_ERRORS = 1000;

/**
 * One REST request, or one Spot WS v2 or Unified WebSocket trading request (`add_order`, ...), as it
 * reached a server, before any check (auth, limits, faults): what a test reads to prove that a
 * client sent nothing (a local denial) or exactly what it meant to send. Method and path only
 * (for a WS request: `WS` and the method name), never a header, body, token or key.
 */
export interface SimRequestRecord {
  /** `spot-ws` / `unified-ws`: a trading request on the Spot WS v2 / Unified WebSocket (`method` is `WS`, `path` the method name). */
  readonly server: 'spot-rest' | 'futures-rest' | 'spot-ws' | 'unified-ws';
  readonly method: string;
  readonly path: string;
  /** Venue time of arrival, epoch ms. */
  readonly timeMs: number;
}

/** How many requests the log keeps (the oldest are dropped first). */
const MAX_REQUEST_LOG = 10_000;

export interface SimContext {
  readonly engine: SimEngineApi;
  /** The venue's time (the engine's clock): order times, token expiry, rate-limit decay, `serverTime`. */
  readonly clock: Pick<Clock, 'nowMs'>;
  /**
   * Connection-level timing, real even when the venue clock is manual: WS heartbeats and idle
   * closes, delayed frames and acks, silence windows.
   */
  readonly wallClock: Clock;
  readonly keys: KeyStore;
  readonly wsTokens: WsTokenStore;
  readonly challenges: FuturesChallenges;
  readonly spotRestLimiter: SpotRestLimiter;
  readonly spotTradingLimiter: SpotTradingLimiter;
  readonly futuresBudget: FuturesRateBudget;
  readonly faults: FaultController;
  readonly random: Mulberry32Random;
  status: VenueStatus;
  /** Listeners told when `status` changes (the WS `status` channel). */
  readonly statusListeners: Set<(status: VenueStatus) => void>;
  /** Whether the limiters are enforced (tests of other behaviour may switch them off). */
  limitsEnabled: boolean;
  /** Unexpected exceptions, oldest first (see `SimInternalError`). */
  readonly internalErrors: readonly SimInternalError[];
  /** Records an unexpected exception; servers call it wherever they answer with a generic error. */
  recordInternalError(where: string, error: unknown): void;
  /** Every REST request and Spot WS / Unified WebSocket trading request received, oldest first (see `SimRequestRecord`). */
  readonly requestLog: readonly SimRequestRecord[];
  recordRequest(server: SimRequestRecord['server'], method: string, path: string): void;
}

export interface SimContextOptions {
  readonly engine: SimEngineApi;
  readonly faults: FaultController;
  readonly seed: number | string;
  readonly tierOfAccount: (accountId: string) => KrakenTier;
  /** Clock of connection-level timers (default: the system clock). */
  readonly wallClock?: Clock;
  /** Spot ledger/trade-history REST cost (+2 by default; one capture of Kraken's docs says +4). */
  readonly historyCost?: number;
}

export function createSimContext(options: SimContextOptions): SimContext {
  const clock = options.engine.clock;
  const keys = new KeyStore();
  const random = new Mulberry32Random(`protocol:${options.seed}`);
  const internalErrors: SimInternalError[] = [];
  const requestLog: SimRequestRecord[] = [];
  return {
    engine: options.engine,
    clock,
    wallClock: options.wallClock ?? systemClock,
    keys,
    wsTokens: new WsTokenStore(clock, random.fork('ws-tokens')),
    challenges: new FuturesChallenges(keys, random.fork('challenges')),
    spotRestLimiter: new SpotRestLimiter({
      clock,
      tierOf: (apiKey) => options.tierOfAccount(keys.spot(apiKey)?.accountId ?? ''),
      ...(options.historyCost === undefined ? {} : { historyCost: options.historyCost }),
    }),
    spotTradingLimiter: new SpotTradingLimiter({ clock, tierOf: options.tierOfAccount }),
    futuresBudget: new FuturesRateBudget({ clock }),
    faults: options.faults,
    random,
    status: 'online',
    statusListeners: new Set(),
    limitsEnabled: true,
    internalErrors,
    recordInternalError(where, error) {
      internalErrors.push({ where, error });
      if (internalErrors.length > MAX_INTERNAL_ERRORS) internalErrors.shift();
    },
    requestLog,
    recordRequest(server, method, path) {
      requestLog.push({ server, method, path, timeMs: clock.nowMs() });
      if (requestLog.length > MAX_REQUEST_LOG) requestLog.shift();
    },
  };
}

export function setVenueStatus(ctx: SimContext, status: VenueStatus): void {
  if (ctx.status === status) return;
  ctx.status = status;
  for (const listener of ctx.statusListeners) listener(status);
}
