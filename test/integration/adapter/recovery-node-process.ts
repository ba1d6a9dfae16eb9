/**
 * A trading node in its own process, for the crash-and-restart test
 * (recovery-crash-restart-sim.test.ts): a TradingNode with the Kraken data and execution clients
 * against a simulator the test runs, nonces persisted in the test's state directory. It speaks
 * JSON lines on stdout (logs go to stderr):
 *
 *   → {"event":"running","reconciliation":{...}}     after startup reconciliation
 *   → {"event":"accepted","clientOrderId":..,"venueOrderId":..}  for each order it was told to place
 *   → {"event":"filled",...}                        for each fill the node applies
 *   ← dump   → {"event":"dump","orders":[...],"positions":[...],"fills":[...]}
 *   ← stop   → {"event":"stopped"}, then it exits
 *
 * Configured by the RECOVERY_NODE environment variable (JSON, `ChildConfig`). `clockSkewMs` runs
 * the node's clock that much off the wall clock (a restart with the clock set back).
 */
import { createInterface } from 'node:readline';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { ClientOrderId, InstrumentId } from '../../../src/model/identifiers.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { Topics } from '../../../src/node/message-bus.js';
import { Strategy } from '../../../src/node/strategy.js';
import { TradingNode } from '../../../src/node/trading-node.js';

export interface ChildOrder {
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: string;
  readonly price: string;
}

export interface ChildConfig {
  readonly spotRest: string;
  readonly spotWsPublic: string;
  readonly spotWsAuth: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** The nonce state directory; false keeps nonces in memory (the control). */
  readonly nonceStateDir: string | false;
  readonly clockSkewMs: number;
  readonly orders: readonly ChildOrder[];
}

export interface ChildFill {
  readonly tradeId: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly side: string;
  readonly quantity: string;
  readonly price: string;
  readonly commission: string | null;
  readonly reconciliation: boolean;
}

export interface ChildOrderState {
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly strategyId: string;
  readonly status: string;
  readonly side: string;
  readonly quantity: string;
  readonly filledQty: string;
  readonly price: string | null;
}

export interface ChildPosition {
  readonly instrumentId: string;
  readonly side: string;
  readonly signedQty: string;
  readonly avgPxOpen: string | null;
}

const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');

function say(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function skewed(offsetMs: number): Clock {
  if (offsetMs === 0) return systemClock;
  return {
    nowMs: () => systemClock.nowMs() + offsetMs,
    setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
    clearTimeout: (handle) => systemClock.clearTimeout(handle),
  };
}

class Placer extends Strategy {
  constructor() {
    super({ strategyId: 'RECOVERY-001' });
  }
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.env['RECOVERY_NODE'] ?? '') as ChildConfig;
  const node = new TradingNode({
    dataClients: {
      KRAKEN: { productTypes: ['SPOT'], baseUrlHttpSpot: cfg.spotRest, baseUrlWsSpot: cfg.spotWsPublic, maxRetries: 0 },
    },
    execClients: {
      KRAKEN: {
        productTypes: ['SPOT'],
        apiKey: cfg.apiKey,
        apiSecret: cfg.apiSecret,
        baseUrlHttpSpot: cfg.spotRest,
        baseUrlWsSpot: cfg.spotWsAuth,
        maxRetries: 0,
        rateLimitTier: 'intermediate',
        nonceStateDir: cfg.nonceStateDir,
      },
    },
    execEngine: { reconciliation: true, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
    clock: skewed(cfg.clockSkewMs),
    logging: { level: 'INFO', format: 'json' },
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
  node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: {} }));
  const strategy = new Placer();
  node.addStrategy(strategy);

  const fills: ChildFill[] = [];
  node.msgbus.subscribe(Topics.allOrderEvents(), (event: OrderEvent) => {
    if (event.kind !== 'OrderFilled') return;
    const f = event;
    const fill: ChildFill = {
      tradeId: f.tradeId.value,
      clientOrderId: f.clientOrderId.value,
      venueOrderId: f.venueOrderId.value,
      side: f.orderSide,
      quantity: f.lastQty.toString(),
      price: f.lastPx.toString(),
      commission: f.commission?.amountString() ?? null,
      reconciliation: f.reconciliation,
    };
    fills.push(fill);
    say({ event: 'filled', ...fill });
  });

  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line.trim() === 'dump') {
      const orders: ChildOrderState[] = node.cache.orders().map((o) => ({
        clientOrderId: o.clientOrderId.value,
        venueOrderId: o.venueOrderId?.value ?? null,
        strategyId: o.strategyId.value,
        status: o.status,
        side: o.side,
        quantity: o.quantity.toString(),
        filledQty: o.filledQty.toString(),
        price: o.price?.toString() ?? null,
      }));
      const positions: ChildPosition[] = node.cache.positions().map((p) => ({
        instrumentId: p.instrumentId.toString(),
        side: p.side,
        signedQty: p.signedQty.toString(),
        avgPxOpen: p.avgPxOpen?.toString() ?? null,
      }));
      say({ event: 'dump', orders, positions, fills });
    } else if (line.trim() === 'stop') {
      void node.stop().then(() => {
        say({ event: 'stopped' });
        process.exit(0);
      });
    }
  });

  await node.run();
  const r = node.lastReconciliation;
  say({ event: 'running', reconciliation: r });

  for (const o of cfg.orders) {
    const order = strategy.orderFactory.limit(BTCUSD, o.side, Quantity.fromStr(o.quantity), Price.fromStr(o.price), {
      clientOrderId: new ClientOrderId(o.clientOrderId),
    });
    await strategy.submitOrder(order);
    const accepted = new Promise<void>((resolve) => {
      const check = (): void => {
        if (order.status === 'SUBMITTED') setTimeout(check, 5);
        else resolve();
      };
      check();
    });
    await accepted;
    say({ event: 'accepted', clientOrderId: o.clientOrderId, venueOrderId: order.venueOrderId?.value ?? null, status: order.status });
  }
}

main().catch((err: unknown) => {
  say({ event: 'failed', message: (err as Error).message });
  process.exit(1);
});
