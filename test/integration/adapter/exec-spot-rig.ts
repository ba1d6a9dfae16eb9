/**
 * A trading node against the simulator for the Spot execution tests: the Kraken data client (for
 * the instruments) and the Kraken execution client (Spot), one strategy that records every order
 * event, and the simulator's clock shared with the node, so a WS request timeout fires only when
 * the test moves time.
 */
import { expect } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import { spotExecutionBuilder } from '../../../src/adapter/execution/spot/builder.js';
import type { SpotExecution } from '../../../src/adapter/execution/spot/spot-execution.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import type { KrakenExecutionClient } from '../../../src/adapter/execution/kraken-execution-client.js';
import type { AccountState } from '../../../src/model/account.js';
import { ClientOrderId, InstrumentId } from '../../../src/model/identifiers.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import { memorySink } from '../../../src/node/logger.js';
import { Topics, type ExecutionAlert } from '../../../src/node/message-bus.js';
import { Strategy } from '../../../src/node/strategy.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import type { TestSim } from '../sim/helpers.js';

export const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');
export const ETHBTC = InstrumentId.fromStr('ETH/BTC.KRAKEN');

export class OrderRecorder extends Strategy {
  readonly events: OrderEvent[] = [];
  readonly accounts: AccountState[] = [];
  readonly alerts: ExecutionAlert[] = [];
  constructor() {
    super({ strategyId: 'SPOT-001' });
  }
  override onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
  }
  kinds(clientOrderId: string): string[] {
    return this.events.filter((e) => e.clientOrderId.value === clientOrderId).map((e) => e.kind);
  }
}

export interface SpotRig {
  readonly node: TradingNode;
  readonly strategy: OrderRecorder;
  readonly client: KrakenExecutionClient;
  readonly spot: SpotExecution;
  readonly logs: ReturnType<typeof memorySink>;
  readonly accountId: string;
}

export function simExecConfig(sim: TestSim, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productTypes: ['SPOT'],
    apiKey: sim.credentials.spot.apiKey,
    apiSecret: sim.credentials.spot.apiSecret,
    baseUrlHttpSpot: sim.urls.spotRest,
    baseUrlWsSpot: sim.urls.spotWsAuth,
    maxRetries: 0,
    maxRequestsPerSecond: 1000,
    wsRequestTimeoutSecs: 1,
    ...extra,
  };
}

export async function startSpotRig(sim: TestSim, execConfig: Record<string, unknown> = {}): Promise<SpotRig> {
  const logs = memorySink();
  const node = new TradingNode({
    dataClients: {
      KRAKEN: { productTypes: ['SPOT'], baseUrlHttpSpot: sim.urls.spotRest, baseUrlWsSpot: sim.urls.spotWsPublic, maxRetries: 0 },
    },
    execClients: { KRAKEN: simExecConfig(sim, execConfig) },
    execEngine: { reconciliation: true, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
    clock: sim.manual,
    logging: { level: 'DEBUG', sink: logs },
    timeoutConnectionSecs: 60,
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
  node.addExecClientFactory(
    'KRAKEN',
    new KrakenLiveExecClientFactory({
      env: {},
      builders: { SPOT: spotExecutionBuilder({ backoff: { initialMs: 10, maxMs: 50 }, wsIdleTimeoutSecs: 3600 }) },
    }),
  );
  const strategy = new OrderRecorder();
  node.addStrategy(strategy);
  node.msgbus.subscribe(Topics.accounts(), (state) => strategy.accounts.push(state));
  node.msgbus.subscribe(Topics.executionAlerts(), (alert) => strategy.alerts.push(alert));
  await node.run();
  const client = node.execEngine.registeredClients[0] as KrakenExecutionClient;
  const spot = client.products[0] as SpotExecution;
  return { node, strategy, client, spot, logs, accountId: sim.accounts[0]!.id };
}

/** Waits (polling, bounded) until `done()` holds; fails with `what` otherwise. */
export async function waitFor(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) expect.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The end of every Spot execution test: on a failure the rig's last 40 log lines (what the node
 * saw), then the node stopped and the simulator closed.
 */
export async function endSpotTest(
  ctx: { readonly task: { readonly result?: { readonly state?: string } } },
  rig: SpotRig | null,
  sim: TestSim,
): Promise<void> {
  if (ctx.task.result?.state === 'fail' && rig !== null)
    console.log(
      rig.logs.records
        .slice(-40)
        .map((r) => `${r.level} ${r.component} ${r.message}`)
        .join('\n'),
    );
  await rig?.node.stop();
  await sim.close();
}

/** Client order ids unique in this process: `<prefix>-<pid>-<n>`. */
export function clientOrderIds(prefix: string): () => ClientOrderId {
  let seq = 0;
  return () => new ClientOrderId(`${prefix}-${process.pid % 1000}-${++seq}`);
}

/** The events of one kind one order received, in order. */
export function eventsOf<K extends OrderEvent['kind']>(r: SpotRig, coid: ClientOrderId, kind: K): Extract<OrderEvent, { kind: K }>[] {
  return r.strategy.events.filter((e): e is Extract<OrderEvent, { kind: K }> => e.kind === kind && e.clientOrderId.equals(coid));
}
