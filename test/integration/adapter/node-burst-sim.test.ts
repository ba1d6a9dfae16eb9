/**
 * The burst of issue-size through a TradingNode, node and simulator on one stepping clock: 200
 * private reads through the node's Kraken execution client (open orders, the account, fills) and
 * 100 order entries on one pair by a strategy (50 limit orders over the WS, each cancelled as soon
 * as it is acknowledged), all on one Starter key. The simulator enforces Kraken's counters and
 * tallies refusals: there must be none; and each stream must take no less than the least time
 * the documented counters allow and no more than 10 % over it (computed here, independently of
 * src/, from Kraken's published numbers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KrakenExecutionClient } from '../../../src/adapter/execution/kraken-execution-client.js';
import { InstrumentId } from '../../../src/model/identifiers.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { Strategy } from '../../../src/node/strategy.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { SteppingClock } from '../../helpers/stepping-clock.js';
import { driveNode, startSteppedNode, type SteppedNode } from './node-stepping-rig.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');
// Kraken's documented Starter numbers: REST counter max 15, decay 0.33/s; trading counter 60, 1/s;
// add +1; cancel of an order younger than 5 s +8; ledger/trade-history calls +2.
const STARTER = { restMax: 15, restDecay: 0.33, tradingMax: 60, tradingDecay: 1, add: 1, youngCancel: 8, history: 2 };

/** The least time the documented trading counter allows for `cycles` add-then-cancel-at-once cycles on one pair, from empty. */
function minimumOrderCycleSeconds(cycles: number): number {
  let level = 0;
  let t = 0;
  for (let i = 0; i < cycles; i++) {
    const waitS = Math.max(0, level + STARTER.add - STARTER.tradingMax) / STARTER.tradingDecay;
    t += waitS;
    level = Math.max(0, level - waitS * STARTER.tradingDecay) + STARTER.add + STARTER.youngCancel;
  }
  return t;
}

/** Places a limit order, cancels it the moment it is acknowledged, and again, `cycles` times. */
class CycleTrader extends Strategy {
  readonly orders: Order[] = [];
  readonly events: OrderEvent[] = [];
  /** Simulated ms from the first submit to its acknowledgement. */
  firstAckMs: number | undefined;
  doneAtMs: number | undefined;
  #left = 0;
  #startedAt = 0;

  constructor() {
    super({ strategyId: 'BURST-001' });
  }

  begin(cycles: number): void {
    this.#left = cycles;
    this.#startedAt = this.clock.source.nowMs();
    this.#next();
  }

  #next(): void {
    if (this.#left === 0) {
      this.doneAtMs = this.clock.source.nowMs();
      return;
    }
    this.#left--;
    const order = this.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), Price.fromStr('20000.0'));
    this.orders.push(order);
    void this.submitOrder(order);
  }

  override onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
    const order = this.orders.at(-1);
    if (order === undefined || !event.clientOrderId.equals(order.clientOrderId)) return;
    if (event.kind === 'OrderAccepted') {
      if (this.orders.length === 1) this.firstAckMs = this.clock.source.nowMs() - this.#startedAt;
      void this.cancelOrder(order);
    } else if (event.kind === 'OrderCanceled') {
      this.#next();
    }
  }
}

let clock: SteppingClock;
let sim: KrakenSim;

beforeAll(async () => {
  clock = new SteppingClock(T0);
  sim = await startKrakenSim({
    clock,
    seed: 4353,
    market: false,
    accounts: [
      { id: 'burst', tier: 'starter' as const },
      { id: 'snap', tier: 'starter' as const },
    ],
  });
});
afterAll(async () => {
  expect(sim.internalErrors).toEqual([]);
  await sim.close();
});

describe('a burst through a TradingNode on the Starter tier: 200 private reads and 100 order entries on one pair', () => {
  it('no venue rate-limit refusal; each stream within 10 % of the least time the counters allow; orders never behind reads', async () => {
    const trader = new CycleTrader();
    let rig: SteppedNode | undefined;
    try {
      rig = await startSteppedNode(sim, clock, {
        account: 'burst',
        strategy: trader,
        execEngine: { reconciliation: true, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
        exec: { rateLimitTier: 'starter' },
      });
      const client = rig.node.execEngine.registeredClients[0] as KrakenExecutionClient;
      // Let the startup calls decay away on both sides (Starter drains 15 in about 45 s), so the burst starts from empty counters.
      clock.advance(60_000);
      expect(rig.limiter.restLevel()).toBe(0);

      const start = clock.nowMs();
      const errors: unknown[] = [];
      // 200 reads: 100 OpenOrders and 50 BalanceEx at +1, 50 TradesHistory at +2.
      const reads = Array.from({ length: 200 }, (_v, i) => {
        const read: () => Promise<unknown> =
          i % 4 === 3
            ? () => client.generateFillReports({})
            : i % 4 === 1
              ? () => client.refreshAccount()
              : () => client.generateOrderStatusReports({ openOnly: true });
        return read().catch((e: unknown) => void errors.push(e));
      });
      let readsDoneAt: number | undefined;
      void Promise.all(reads).then(() => (readsDoneAt = clock.nowMs()));
      trader.begin(50);

      await driveNode(clock, rig, () => readsDoneAt !== undefined && trader.doneAtMs !== undefined && rig!.busy() === 0, 120_000);

      expect(errors).toEqual([]);
      expect(sim.rateLimitRefusals('burst')).toEqual({ spotRest: 0, spotOrder: 0, futures: 0, futuresHistory: 0 });
      expect(trader.orders.map((o) => o.status)).toEqual(Array<string>(50).fill('CANCELED'));
      expect(
        trader.events.filter((e) => e.kind === 'OrderRejected' || e.kind === 'OrderDenied' || e.kind === 'OrderCancelRejected'),
      ).toEqual([]);
      const sent = (method: string) => sim.requestLog.filter((r) => r.timeMs >= start && r.path === `/0/private/${method}`).length;
      expect([sent('OpenOrders'), sent('BalanceEx'), sent('TradesHistory')]).toEqual([100, 50, 50]);

      // Independent minimums from the documented model.
      const readCost = 150 + 50 * STARTER.history;
      const minReadsS = (readCost - STARTER.restMax) / STARTER.restDecay;
      const minOrdersS = minimumOrderCycleSeconds(50);
      expect(minReadsS).toBeCloseTo(712.1, 1);
      expect(minOrdersS).toBeCloseTo(382, 0);
      const readsS = (readsDoneAt! - start) / 1000;
      const ordersS = (trader.doneAtMs! - start) / 1000;
      expect(readsS).toBeGreaterThanOrEqual(minReadsS);
      expect(readsS).toBeLessThanOrEqual(minReadsS * 1.1);
      expect(ordersS).toBeGreaterThanOrEqual(minOrdersS);
      expect(ordersS).toBeLessThanOrEqual(minOrdersS * 1.1);
      // The first order went at once although 200 reads were queued, and the orders finished long before the reads.
      expect(trader.firstAckMs).toBe(0);
      expect(ordersS).toBeLessThan(readsS * 0.6);
    } finally {
      await rig?.close();
    }
  }, 600_000);
});

async function realTimeWait(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

class Submitter extends Strategy {
  constructor() {
    super({ strategyId: 'SNAP-001' });
  }
}

describe('a venue refusal of a WS order', () => {
  it('EOrder:Rate limit exceeded on add_order fills the pair counter: the next order waits for a real decay, then goes', async () => {
    const strategy = new Submitter();
    let rig: SteppedNode | undefined;
    try {
      rig = await startSteppedNode(sim, clock, {
        account: 'snap',
        strategy,
        execEngine: { reconciliation: true, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
        exec: { rateLimitTier: 'starter' },
      });
      const node = rig.node;
      sim.faults.venueError('EOrder:Rate limit exceeded', 'add_order');
      const refused = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), Price.fromStr('20000.0'));
      void strategy.submitOrder(refused);
      // The refusal comes back over the socket at the same simulated instant.
      await realTimeWait('the refusal', () => rig!.limiter.pairLevel('XBTUSD') > STARTER.tradingMax);
      expect(rig.limiter.pairLevel('XBTUSD')).toBe(STARTER.tradingMax + STARTER.add); // the maximum, plus the refused add Kraken charged
      // Kraken placed nothing: the order is rejected with its reason, not left in flight.
      await realTimeWait('the refused order rejected', () => refused.status === 'REJECTED');
      expect(refused.lastEvent.kind).toBe('OrderRejected');
      expect((refused.lastEvent as { reason?: string }).reason).toContain('Rate limit exceeded');

      const asked = clock.nowMs();
      const next = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), Price.fromStr('20000.0'));
      void strategy.submitOrder(next);
      // Time moves only while the next one waits.
      await realTimeWait('the next order accepted', () => {
        if (rig!.limiter.waiting > 0) clock.advance(Math.max(0, (clock.nextDueMs() ?? clock.nowMs()) - clock.nowMs()));
        return next.status === 'ACCEPTED';
      });
      // 61 must drain to 59 before +1 fits: 2 s at 1 a second.
      expect(clock.nowMs() - asked).toBe(2000);
      expect(node.cache.ordersOpen().map((o) => o.clientOrderId.value)).toEqual([next.clientOrderId.value]);
    } finally {
      await rig?.close();
    }
  }, 120_000);
});
