/**
 * A TradingNode (Kraken data and execution clients, Spot) and the simulator on one
 * `SteppingClock`, for tests that run long stretches of simulated time through the node: the
 * clock moves to its next timer only when nothing is travelling on a socket (every REST call the
 * node started is waiting on the key's limiter, and no order command awaits its answer), so
 * simulated time passes exactly as the node's limiter and timers make it pass.
 */
import { vi } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { spotExecutionBuilder } from '../../../src/adapter/execution/spot/builder.js';
import { originOf } from '../../../src/kraken/common/key-options.js';
import { publicRateLimiterFor, spotRateLimiterFor } from '../../../src/kraken/ratelimit/registry.js';
import type { SpotRateLimiter } from '../../../src/kraken/ratelimit/spot-limiter.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import type { ExecEngineConfig } from '../../../src/node/exec-checks.js';
import { memorySink } from '../../../src/node/logger.js';
import type { Strategy } from '../../../src/node/strategy.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import type { KrakenSim } from '../../../src/sim/start.js';
import type { SteppingClock } from '../../helpers/stepping-clock.js';

export interface SteppedNode {
  readonly node: TradingNode;
  readonly logs: ReturnType<typeof memorySink>;
  /** The key's Spot limiter, the one the node's clients share. */
  readonly limiter: SpotRateLimiter;
  /** REST calls started and not settled (on a socket or waiting for a permit), plus order commands awaiting the venue. */
  busy(): number;
  /** Requests waiting for a permit (on a timer, not a socket). */
  waiting(): number;
  /** Stops the node and removes the REST call counter. */
  close(): Promise<void>;
}

export interface SteppedNodeOptions {
  readonly account: string;
  readonly strategy: Strategy;
  readonly execEngine: ExecEngineConfig;
  /** Extra execution client options (the tier, account type, …). */
  readonly exec?: Record<string, unknown>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Builds and runs the node, driving the clock through its startup (the limiter's ceiling may hold its first calls). */
export async function startSteppedNode(sim: KrakenSim, clock: SteppingClock, options: SteppedNodeOptions): Promise<SteppedNode> {
  let restOutstanding = 0;
  const original = Object.getOwnPropertyDescriptor(KrakenSpotRawHttpClient.prototype, 'request')!.value as (
    this: KrakenSpotRawHttpClient,
    ...args: Parameters<KrakenSpotRawHttpClient['request']>
  ) => Promise<unknown>;
  const counting = vi.spyOn(KrakenSpotRawHttpClient.prototype, 'request').mockImplementation(function (
    this: KrakenSpotRawHttpClient,
    ...args: Parameters<KrakenSpotRawHttpClient['request']>
  ) {
    restOutstanding++;
    return original.apply(this, args).finally(() => restOutstanding--);
  });
  const creds = sim.accounts.find((a) => a.id === options.account)!.spot;
  const logs = memorySink();
  const node = new TradingNode({
    dataClients: {
      KRAKEN: {
        productTypes: ['SPOT'],
        baseUrlHttpSpot: sim.urls.spotRest,
        baseUrlWsSpot: sim.urls.spotWsPublic,
        maxRetries: 0,
        wsHeartbeatSecs: 86_400,
        updateInstrumentsIntervalMins: null,
      },
    },
    execClients: {
      KRAKEN: {
        productTypes: ['SPOT'],
        apiKey: creds.apiKey,
        apiSecret: creds.apiSecret,
        baseUrlHttpSpot: sim.urls.spotRest,
        baseUrlWsSpot: sim.urls.spotWsAuth,
        maxRetries: 0,
        wsHeartbeatSecs: 86_400,
        rateLimitMaxWaitSecs: 3600,
        ...options.exec,
      },
    },
    execEngine: options.execEngine,
    clock,
    logging: { level: 'INFO', sink: logs },
    timeoutConnectionSecs: 3600,
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
  node.addExecClientFactory(
    'KRAKEN',
    new KrakenLiveExecClientFactory({ env: {}, builders: { SPOT: spotExecutionBuilder({ wsIdleTimeoutSecs: 86_400 }) } }),
  );
  node.addStrategy(options.strategy);
  node.build();
  // The limiters the node's clients took (shared per key and per host on this clock).
  const limiter = spotRateLimiterFor(creds.apiKey, { clock });
  const publicLimiter = publicRateLimiterFor(originOf(sim.urls.spotRest), { clock });
  const rig: SteppedNode = {
    node,
    logs,
    limiter,
    busy: () => restOutstanding + node.cache.ordersInflight().length,
    waiting: () => limiter.waiting + publicLimiter.waiting,
    close: async () => {
      await node.stop();
      counting.mockRestore();
    },
  };
  let started = false;
  let failed: Error | undefined;
  node.run().then(
    () => (started = true),
    (e: unknown) => (failed = e instanceof Error ? e : new Error(String(e))),
  );
  // Startup talks over sockets that are not counted (WS connect, subscribe): move time only while
  // something waits for a permit.
  const deadline = Date.now() + 60_000;
  while (!started) {
    if (failed !== undefined) throw failed;
    if (Date.now() > deadline) throw new Error(`node did not start: busy ${rig.busy()}, waiting ${rig.waiting()}`);
    await turn();
    if (rig.waiting() > 0 && rig.busy() === rig.waiting()) {
      const due = clock.nextDueMs();
      if (due !== undefined) clock.advance(Math.max(0, due - clock.nowMs()));
    }
  }
  return rig;
}

/**
 * Moves the clock timer by timer while nothing travels on a socket, until `done()`. Each step
 * first lets pending I/O land (a few event-loop turns), so a reply already on its way is taken
 * before time moves.
 */
export async function driveNode(clock: SteppingClock, rig: SteppedNode, done: () => boolean, realTimeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + realTimeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`driveNode: not done after ${realTimeoutMs} ms of real time (busy ${rig.busy()}, waiting ${rig.waiting()})`);
    for (let i = 0; i < 3; i++) await turn();
    if (done()) break;
    if (rig.busy() === rig.waiting()) {
      const due = clock.nextDueMs();
      if (due === undefined) throw new Error('driveNode: nothing is running and no timer is armed');
      clock.advance(Math.max(0, due - clock.nowMs()));
    }
  }
}
