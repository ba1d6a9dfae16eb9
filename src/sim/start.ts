/**
 * `startKrakenSim()`: the whole protocol-faithful Kraken simulator on 127.0.0.1 — Spot REST,
 * Spot WS v2 (public + auth), Futures REST (v3, history, charts) and Futures WS v1 — over one
 * deterministic venue engine. Everything binds to ephemeral ports unless told otherwise, and
 * `close()` ends every socket, server and timer it started.
 */
import { createSimEngine } from './engine/engine.js';
import type { Dec } from './engine/types/common.js';
import { systemClock, type Clock } from '../core/clock.js';
import { KrakenStateError } from '../core/errors.js';
import { everyInterval } from './clock-interval.js';
import type { MarketGeneratorOptions, SimEngineApi } from './engine/types/engine.js';
import {
  deriveKeyPair,
  demoCredentials,
  redactable,
  type DemoCredentials,
  type FuturesAccess,
  type SpotPermission,
} from './auth/credentials.js';
import { FaultController } from './faults/fault-controller.js';
import type { FaultRule } from './faults/fault-rules.js';
import type { KrakenTier } from './limits/tiers.js';
import {
  createSimContext,
  setVenueStatus,
  type SimContext,
  type SimInternalError,
  type SimRequestRecord,
  type VenueStatus,
} from './server/context.js';
import { listen } from './server/http-util.js';
import { createSpotRestServer } from './server/spot-rest/server.js';
import { generatedSpotRequestValidator } from './server/spot-rest/request-validation.js';
import { startSpotWsServers } from './server/spot-ws/server.js';
import { createFuturesRestServer } from './server/futures-rest/server.js';
import { startFuturesWsServer } from './server/futures-ws/server.js';
import { startUnifiedWsServer } from './server/unified-ws/server.js';

export interface SimAccountConfig {
  /** Account id inside the engine. */
  readonly id: string;
  /** Starting Spot balances by Kraken asset id (`ZUSD`, `XXBT`, ...). */
  readonly spotBalances?: Readonly<Record<string, Dec>>;
  /** Starting Futures balances by currency (`USD`, `XBT`). */
  readonly futuresBalances?: Readonly<Record<string, Dec>>;
  readonly tier?: KrakenTier;
  /** The Spot key's permissions (default all). Its WS tokens carry them: the Unified WebSocket trades only with `trade`. */
  readonly spotPermissions?: readonly SpotPermission[];
  /** The Derivatives key's access (default full), checked by Futures REST; the Unified WebSocket does not use Derivatives keys. */
  readonly futuresAccess?: FuturesAccess;
}

export interface KrakenSimOptions {
  /** Seed for the market, ids, keys and fault draws (default 1). */
  readonly seed?: number;
  readonly host?: string;
  /** Fixed ports (default 0 = ephemeral for each). */
  readonly ports?: Partial<Record<'spotRest' | 'spotWsPublic' | 'spotWsAuth' | 'futuresRest' | 'futuresWs' | 'unifiedWs', number>>;
  /**
   * The venue's clock (e.g. core's `ManualClock`). When given, time moves only when the caller
   * moves it (call `sim.tick()` after). When absent, wall time is used and the engine is ticked
   * every `tickIntervalMs` (default 250 ms), on that clock, so the market moves on its own.
   */
  readonly clock?: Clock;
  readonly tickIntervalMs?: number;
  /** Accounts and keys (default: one funded account `demo`). The first is `credentials`. */
  readonly accounts?: readonly SimAccountConfig[];
  /** Market generator options; `false` for empty books. */
  readonly market?: MarketGeneratorOptions | false;
  /** Enforce Kraken's rate limits (default true). */
  readonly limits?: boolean;
  /** Spot ledger/trade-history REST cost (default 2). */
  readonly historyCost?: number;
  /** Faults armed from the start (CLI `--fault`). */
  readonly faults?: readonly FaultRule[];
  /** Close Spot WS connections with no subscription after this much real time without a client frame (default 60 s, as Kraken). */
  readonly spotWsIdleMs?: number;
  /**
   * Clock of connection-level timing, which stays real when `clock` is manual: WS heartbeats and
   * idle closes, `ws-delay` frames, `order-ack-delay` answers, `ws-silence` windows (default: the
   * system clock).
   */
  readonly wallClock?: Clock;
  /** Use this engine instead of creating one (it must use `clock`). */
  readonly engine?: SimEngineApi;
  /** The Unified WebSocket's maximum message size (Kraken's is unpublished; default 16 MiB). */
  readonly unifiedWsMaxMessageBytes?: number;
}

export interface KrakenSimUrls {
  /** Base before `/0/...`. */
  readonly spotRest: string;
  readonly spotWsPublic: string;
  readonly spotWsAuth: string;
  /** Base before `/derivatives/...`, `/api/history/...`, `/api/charts/...`. */
  readonly futuresRest: string;
  readonly futuresWs: string;
  /** Unified WebSocket, Kraken's `wss://uws.kraken.com/v2/public` and `/v2/private`, over the Futures venue. */
  readonly unifiedWsPublic: string;
  readonly unifiedWsPrivate: string;
}

export interface SimAccountCredentials {
  readonly id: string;
  readonly spot: DemoCredentials;
  readonly futures: DemoCredentials;
}

export interface RateLimitRefusals {
  readonly spotRest: number;
  readonly spotOrder: number;
  readonly futures: number;
  readonly futuresHistory: number;
}

export interface KrakenSim {
  readonly urls: KrakenSimUrls;
  /** Keys of the first account. */
  readonly credentials: { readonly spot: DemoCredentials; readonly futures: DemoCredentials };
  readonly accounts: readonly SimAccountCredentials[];
  readonly faults: FaultController;
  readonly engine: SimEngineApi;
  readonly clock: Clock;
  /**
   * Exceptions the simulator did not expect (its own bugs), oldest first. Clients still get
   * Kraken's generic error; tests should assert this stays empty.
   */
  readonly internalErrors: readonly SimInternalError[];
  /** Every REST request and Spot WS v2 trading request the servers received (method and path, venue time), oldest first. */
  readonly requestLog: readonly SimRequestRecord[];
  /**
   * How many of an account's requests the venue refused for its rate limits so far: Spot REST
   * (`EAPI:Rate limit exceeded`), Spot order entry over REST and WS (`EOrder:Rate limit exceeded`),
   * Futures `/derivatives/api/v3` (`apiLimitExceeded`) and the Futures history API.
   */
  rateLimitRefusals(accountId: string): RateLimitRefusals;
  /** Process everything due up to the clock's now (market steps, expiry, DMS, funding). */
  tick(): void;
  /** Sets the venue status (`SystemStatus`, WS `status`, order gating). */
  setStatus(status: VenueStatus): void;
  /** Turns Kraken's rate limits on or off. */
  setLimitsEnabled(enabled: boolean): void;
  /** Changes the Unified WebSocket's maximum message size (a larger `positions` snapshot reports `snapshot_too_large`). */
  setUnifiedWsMaxMessageBytes(bytes: number): void;
  close(): Promise<void>;
}

/** The system clock made monotonic: the engine requires time that never steps backwards. */
function monotonicSystemClock(): Clock {
  let last = 0;
  return {
    nowMs: () => (last = Math.max(last, systemClock.nowMs())),
    setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
  };
}

export const DEFAULT_SPOT_BALANCES: Readonly<Record<string, Dec>> = {
  ZUSD: '100000.0000',
  XXBT: '10.0000000000',
  XETH: '100.0000000000',
  SOL: '1000.0000000000',
  USDT: '100000.00000000',
};
export const DEFAULT_FUTURES_BALANCES: Readonly<Record<string, Dec>> = { USD: '100000', XBT: '2' };

export async function startKrakenSim(options: KrakenSimOptions = {}): Promise<KrakenSim> {
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const realTime = options.clock === undefined;
  const clock: Clock = options.clock ?? monotonicSystemClock();
  const wallClock = options.wallClock ?? systemClock;
  const engine = options.engine ?? createSimEngine({ clock, seed, ...(options.market === undefined ? {} : { market: options.market }) });
  const accountConfigs = options.accounts ?? [{ id: 'demo' }];
  const tiers = new Map(accountConfigs.map((a) => [a.id, a.tier ?? 'intermediate']));
  const faults = new FaultController(seed, wallClock);
  for (const rule of options.faults ?? []) faults.add(rule);
  const ctx: SimContext = createSimContext({
    engine,
    faults,
    seed,
    tierOfAccount: (id) => tiers.get(id) ?? 'intermediate',
    wallClock,
    ...(options.historyCost === undefined ? {} : { historyCost: options.historyCost }),
  });
  ctx.limitsEnabled = options.limits ?? true;

  const accounts: SimAccountCredentials[] = accountConfigs.map((a) => {
    if (!engine.hasSpotAccount(a.id)) engine.createSpotAccount(a.id, { balances: { ...(a.spotBalances ?? DEFAULT_SPOT_BALANCES) } });
    if (!engine.hasFuturesAccount(a.id))
      engine.createFuturesAccount(a.id, { balances: { ...(a.futuresBalances ?? DEFAULT_FUTURES_BALANCES) } });
    const spot = deriveKeyPair(seed, `spot:${a.id}`);
    const fut = deriveKeyPair(seed, `futures:${a.id}`);
    ctx.keys.add(
      redactable({
        venue: 'spot',
        ...spot,
        accountId: a.id,
        permissions: new Set(a.spotPermissions ?? ['query', 'trade', 'websocket']),
        tier: a.tier ?? 'intermediate',
      }),
    );
    ctx.keys.add(redactable({ venue: 'futures', ...fut, accountId: a.id, access: a.futuresAccess ?? 'full' }));
    return { id: a.id, spot: demoCredentials(spot.apiKey, spot.apiSecret), futures: demoCredentials(fut.apiKey, fut.apiSecret) };
  });

  const ports = options.ports ?? {};
  const spotRest = createSpotRestServer(ctx, { validateRequest: generatedSpotRequestValidator });
  const futuresRest = createFuturesRestServer(ctx);
  const closers: (() => Promise<void>)[] = [];
  try {
    const spotRestPort = await listen(spotRest.server, ports.spotRest ?? 0, host);
    closers.push(() => spotRest.close());
    const spotWs = await startSpotWsServers(
      ctx,
      host,
      { public: ports.spotWsPublic ?? 0, auth: ports.spotWsAuth ?? 0 },
      options.spotWsIdleMs,
    );
    closers.push(() => spotWs.close());
    const futuresRestPort = await listen(futuresRest.server, ports.futuresRest ?? 0, host);
    closers.push(() => futuresRest.close());
    const futuresWs = await startFuturesWsServer(ctx, host, ports.futuresWs ?? 0);
    closers.push(() => futuresWs.close());
    const unifiedWs = await startUnifiedWsServer(ctx, host, ports.unifiedWs ?? 0, options.unifiedWsMaxMessageBytes);
    closers.push(() => unifiedWs.close());

    let stopTicker: (() => void) | undefined;
    if (realTime) {
      stopTicker = everyInterval(clock, options.tickIntervalMs ?? 250, () => {
        try {
          engine.tick();
        } catch (e) {
          ctx.recordInternalError('engine tick', e); // a timer callback must not crash the process
        }
      });
    }
    const first = accounts[0]!;
    let closed = false;
    return {
      urls: {
        spotRest: `http://${host}:${spotRestPort}`,
        spotWsPublic: `ws://${host}:${spotWs.publicPort}/v2`,
        spotWsAuth: `ws://${host}:${spotWs.authPort}/v2`,
        futuresRest: `http://${host}:${futuresRestPort}`,
        futuresWs: `ws://${host}:${futuresWs.port}/ws/v1`,
        unifiedWsPublic: `ws://${host}:${unifiedWs.port}/v2/public`,
        unifiedWsPrivate: `ws://${host}:${unifiedWs.port}/v2/private`,
      },
      credentials: { spot: first.spot, futures: first.futures },
      accounts,
      faults,
      engine,
      clock,
      internalErrors: ctx.internalErrors,
      requestLog: ctx.requestLog,
      rateLimitRefusals: (accountId) => {
        const account = accounts.find((a) => a.id === accountId);
        if (account === undefined) throw new KrakenStateError(`no simulator account ${accountId}`);
        const futures = ctx.futuresBudget.refusals(account.futures.apiKey);
        return {
          spotRest: ctx.spotRestLimiter.refusals(account.spot.apiKey),
          spotOrder: ctx.spotTradingLimiter.refusals(accountId),
          futures: futures.derivatives,
          futuresHistory: futures.history,
        };
      },
      tick: () => engine.tick(),
      setStatus: (status) => setVenueStatus(ctx, status),
      setLimitsEnabled: (enabled) => {
        ctx.limitsEnabled = enabled;
      },
      setUnifiedWsMaxMessageBytes: (bytes) => unifiedWs.setMaxMessageBytes(bytes),
      async close() {
        if (closed) return;
        closed = true;
        stopTicker?.();
        await Promise.all(closers.map((c) => c()));
      },
    };
  } catch (e) {
    await Promise.all(closers.map((c) => c()));
    throw e;
  }
}
