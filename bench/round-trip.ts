/**
 * The order round trip through the adapter: a strategy in a `TradingNode` submits a post-only
 * limit order far from the market and the clock runs until its `OrderAccepted` reaches the
 * strategy, against the Kraken simulator over real loopback sockets; once over the WS v2 trade
 * channel (the default route) and once over REST (`useWsTrade: false`). The simulator runs in
 * this process, so the wall time includes its work too (it answers an add_order in tens of µs).
 */
import { KrakenLiveDataClientFactory } from '../src/adapter/data/factory.js';
import { KrakenLiveExecClientFactory } from '../src/adapter/execution/factory.js';
import { spotExecutionBuilder } from '../src/adapter/execution/spot/builder.js';
import { ClientOrderId, InstrumentId } from '../src/model/identifiers.js';
import type { OrderEvent } from '../src/model/order-events.js';
import { Decimal, Price, Quantity } from '../src/model/values.js';
import { memorySink } from '../src/node/logger.js';
import { Strategy } from '../src/node/strategy.js';
import { TradingNode } from '../src/node/trading-node.js';
import { startKrakenSim } from '../src/sim/index.js';

const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');

class AcceptWatcher extends Strategy {
  readonly accepted = new Map<string, () => void>();
  constructor() {
    super({ strategyId: 'BENCH-001' });
  }
  override onOrderEvent(event: OrderEvent): void {
    if (event.kind === 'OrderAccepted') this.accepted.get(event.clientOrderId.value)?.();
  }
}

export interface RoundTripResult {
  readonly name: string;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly samples: number;
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** `orders` round trips per route (after a warm-up of 20), one order at a time. */
export async function roundTripBench(orders: number): Promise<RoundTripResult[]> {
  const results: RoundTripResult[] = [];
  for (const [name, params, seed] of [
    ['WS v2 add_order (default route)', {}, 7],
    ['REST AddOrder (useWsTrade: false)', { useWsTrade: false }, 8],
  ] as const) {
    // A fresh simulator and key (the seed makes the key) per route, on the Pro tier, so the
    // per-pair order counter of neither route slows the other (the limiter would queue, not fail).
    const sim = await startKrakenSim({ seed, accounts: [{ id: 'bench', tier: 'pro' }] });
    const node = new TradingNode({
      dataClients: { KRAKEN: { productTypes: ['SPOT'], baseUrlHttpSpot: sim.urls.spotRest, baseUrlWsSpot: sim.urls.spotWsPublic } },
      execClients: {
        KRAKEN: {
          productTypes: ['SPOT'],
          apiKey: sim.credentials.spot.apiKey,
          apiSecret: sim.credentials.spot.apiSecret,
          baseUrlHttpSpot: sim.urls.spotRest,
          baseUrlWsSpot: sim.urls.spotWsAuth,
          rateLimitTier: 'pro',
        },
      },
      execEngine: { reconciliation: false, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
      logging: { level: 'WARNING', sink: memorySink() },
    });
    node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
    node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: {}, builders: { SPOT: spotExecutionBuilder() } }));
    const strategy = new AcceptWatcher();
    node.addStrategy(strategy);
    await node.run();
    const bid = Decimal.fromStr(sim.engine.spot.ticker('XXBTZUSD').bid);
    const price = Price.from(bid.mul(Decimal.fromStr('0.5')).round(1));
    const samples: number[] = [];
    for (let i = -20; i < orders; i++) {
      const id = `rt-${name.slice(0, 2)}-${i + 20}`;
      const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.0001'), price, {
        clientOrderId: new ClientOrderId(id),
        postOnly: true,
      });
      const accepted = new Promise<void>((resolve) => strategy.accepted.set(id, resolve));
      const t0 = process.hrtime.bigint();
      await strategy.submitOrder(order, params);
      await accepted;
      if (i >= 0) samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    await node.stop();
    await sim.close();
    results.push({ name, p50Us: quantile(samples, 0.5), p99Us: quantile(samples, 0.99), samples: samples.length });
  }
  return results;
}
