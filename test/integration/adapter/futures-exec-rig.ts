/**
 * A TradingNode trading Kraken Futures against the simulator over real sockets: the Kraken data
 * client (instruments into the cache), the Kraken execution client with the Futures product, and
 * a strategy that records every order event and account state it is sent. The simulator has no
 * market generator: the only other orders are the ones a test places for a second account, so
 * every fill is one the test caused.
 *
 * Every Futures execution test runs on both Futures APIs (`FUTURES_APIS`): the legacy Derivatives
 * REST and WS, and the Unified WebSocket (the Derivatives key then only reads history and sets
 * leverage; the UWS token comes from the account's Spot key). What differs is the wire a command
 * goes out on, and `API_CALLS` names it per API in the simulator's request log.
 */
import { expect } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import { FuturesExecution, type FuturesExecutionOptions } from '../../../src/adapter/execution/futures/futures-execution.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import type { DeadManSwitchEvent } from '../../../src/adapter/execution/futures/futures-dead-man-switch.js';
import type { KrakenExecutionClient } from '../../../src/adapter/execution/kraken-execution-client.js';
import type { Clock } from '../../../src/core/clock.js';
import type { AccountState } from '../../../src/model/account.js';
import { InstrumentId } from '../../../src/model/identifiers.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import { memorySink } from '../../../src/node/logger.js';
import { Strategy } from '../../../src/node/strategy.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import type { SimAccountCredentials } from '../../../src/sim/index.js';
import type { TestSim } from '../sim/helpers.js';

export const PF = InstrumentId.fromStr('PF_XBTUSD.KRAKEN');
export const PF_ETH = InstrumentId.fromStr('PF_ETHUSD.KRAKEN');
export const PI = InstrumentId.fromStr('PI_XBTUSD.KRAKEN');

/** Records every order event and account state. */
export class Trader extends Strategy {
  readonly events: OrderEvent[] = [];
  readonly accounts: AccountState[] = [];
  constructor() {
    super({ strategyId: 'Trader-001' });
  }
  override onOrderEvent(e: OrderEvent): void {
    this.events.push(e);
  }
  override onAccountState(a: AccountState): void {
    this.accounts.push(a);
  }
  /** The kinds of events one order received, in order. */
  kinds(clientOrderId: string): string[] {
    return this.events.filter((e) => e.clientOrderId.value === clientOrderId).map((e) => e.kind);
  }
}

export interface FuturesRig {
  readonly node: TradingNode;
  readonly trader: Trader;
  readonly client: KrakenExecutionClient;
  readonly futures: FuturesExecution;
  readonly logs: ReturnType<typeof memorySink>;
  readonly account: SimAccountCredentials;
  /** Every dead man's switch event, from the start. */
  readonly switchEvents: DeadManSwitchEvent[];
  stop(): Promise<void>;
}

export type FuturesApi = 'legacy' | 'unified';
export const FUTURES_APIS: readonly FuturesApi[] = ['legacy', 'unified'];

/** How each command appears in the simulator's request log (see `orderRequests`), per API. */
export const API_CALLS = {
  legacy: {
    submit: 'POST /sendorder',
    batchSubmit: 'POST /batchorder',
    modify: 'POST /editorder',
    batchModify: 'POST /batchorder',
    batchCancel: 'POST /batchorder',
    cancelAll: 'POST /cancelallorders',
    deadManSwitch: 'POST /cancelallordersafter',
  },
  unified: {
    submit: 'WS add_order',
    batchSubmit: 'WS batch_add',
    modify: 'WS amend_order',
    batchModify: 'WS amend_order',
    batchCancel: 'WS batch_cancel',
    cancelAll: 'WS batch_cancel',
    deadManSwitch: 'WS cancel_all_orders_after',
  },
} as const;

export interface RigOptions {
  /** Which Futures API the data and execution clients use (default legacy). */
  readonly api?: FuturesApi;
  readonly config?: Record<string, unknown>;
  readonly clock?: Clock;
  readonly product?: FuturesExecutionOptions;
  /** Which simulator account trades (default the first). */
  readonly account?: number;
}

/**
 * The endpoint fields of a Futures client config against the simulator, on the legacy Derivatives
 * API or the Unified WebSocket (whose token comes from Spot REST), with retries off.
 */
export function futuresSimEndpoints(sim: TestSim, api: FuturesApi): Record<string, unknown> {
  return {
    baseUrlHttpFutures: sim.urls.futuresRest,
    baseUrlWsFutures: sim.urls.futuresWs,
    maxRetries: 0,
    ...(api === 'unified'
      ? {
          futuresApi: 'unified',
          baseUrlWsUnified: sim.urls.unifiedWsPublic.replace(/\/v2\/public$/, ''),
          baseUrlHttpSpot: sim.urls.spotRest,
        }
      : {}),
  };
}

export async function startFuturesRig(sim: TestSim, options: RigOptions = {}): Promise<FuturesRig> {
  const account = sim.accounts[options.account ?? 0] as SimAccountCredentials;
  const logs = memorySink();
  const unified = options.api === 'unified';
  const urls = { ...futuresSimEndpoints(sim, options.api ?? 'legacy'), maxRequestsPerSecond: 100 };
  // The Unified WebSocket's token comes from the account's Kraken (Spot) key.
  const env = unified ? { KRAKEN_SPOT_API_KEY: account.spot.apiKey, KRAKEN_SPOT_API_SECRET: account.spot.apiSecret } : {};
  const node = new TradingNode({
    dataClients: { KRAKEN: { productTypes: ['FUTURES'], ...urls, updateInstrumentsIntervalMins: null } },
    execClients: {
      KRAKEN: {
        productTypes: ['FUTURES'],
        apiKey: account.futures.apiKey,
        apiSecret: account.futures.apiSecret,
        ...urls,
        ...options.config,
      },
    },
    execEngine: { inflightCheckIntervalMs: null, openCheckIntervalSecs: null, positionCheckIntervalSecs: null },
    logging: { level: 'INFO', sink: logs },
    timeoutConnectionSecs: 60,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  let futures: FuturesExecution | undefined;
  const switchEvents: DeadManSwitchEvent[] = [];
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
  node.addExecClientFactory(
    'KRAKEN',
    new KrakenLiveExecClientFactory({
      env,
      builders: {
        FUTURES: (ctx) => {
          futures = new FuturesExecution(ctx, { fillCheckDelayMs: 300, accountRefreshDelayMs: 50, ...options.product });
          futures.onDeadManSwitch((e) => switchEvents.push(e));
          return futures;
        },
      },
    }),
  );
  const trader = new Trader();
  node.addStrategy(trader);
  await node.run();
  const client = node.execEngine.registeredClients[0] as KrakenExecutionClient;
  if (futures === undefined) throw new Error('the Futures product was not built');
  return { node, trader, client, futures, logs, account, switchEvents, stop: () => node.stop() };
}

/** Waits (polling, bounded) until `done()` holds; fails with `what` otherwise. */
export async function until(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) expect.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The Futures order-entry requests the simulator received, as `METHOD /path` without the prefix
 * (legacy REST) or `WS <method>` (Unified WebSocket).
 */
export function orderRequests(sim: TestSim, since = 0): string[] {
  return sim.requestLog
    .slice(since)
    .filter((r) => r.server === 'futures-rest' || r.server === 'unified-ws')
    .map((r) => (r.server === 'unified-ws' ? `WS ${r.path}` : `${r.method} ${r.path.replace('/derivatives/api/v3', '')}`))
    .filter((r) => /sendorder|editorder|cancelorder|batchorder|cancelallorders|leveragepreferences|^WS /.test(r));
}

/** The order-entry requests of `since` onward that reached the venue on either API (REST or UWS). */
export function venueOrderTraffic(sim: TestSim, since = 0): string[] {
  return sim.requestLog
    .slice(since)
    .filter((r) => r.server === 'futures-rest' || r.server === 'unified-ws')
    .map((r) => `${r.server} ${r.method} ${r.path}`);
}
