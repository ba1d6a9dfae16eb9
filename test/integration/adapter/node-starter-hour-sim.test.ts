/**
 * A simulated hour on Kraken's Starter tier through a TradingNode, node and simulator on one
 * stepping clock: the execution engine's open-order check every 30 s and position check every
 * 120 s (wallet positions, a BalanceEx each), the in-flight check, an account refresh after every
 * fill, and a strategy trading on BTC/USD over the WS (a limit order every 10 s, cancelled 10 s
 * later; a marketable order every minute against a maker). The simulator enforces Kraken's
 * counters and tallies every refusal: there must be none, on the REST counter or the pair's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentId } from '../../../src/model/identifiers.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { secsToNs } from '../../../src/node/clock.js';
import { Strategy } from '../../../src/node/strategy.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { SteppingClock } from '../../helpers/stepping-clock.js';
import { driveNode, startSteppedNode, type SteppedNode } from './node-stepping-rig.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const HOUR_MS = 3_600_000;
const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');

/** Every 10 s a resting buy, and the one from 10 s before cancelled; every 60 s a market buy the maker's offer fills. */
class HourTrader extends Strategy {
  readonly resting: Order[] = [];
  readonly placed: Order[] = [];
  readonly events: OrderEvent[] = [];
  readonly counts = { adds: 0, cancels: 0, marketOrders: 0 };
  /** Simulated ms from submit to the venue's acknowledgement, per order. */
  readonly ackDelays: number[] = [];
  readonly #submittedAt = new Map<string, number>();

  constructor(private readonly offerLiquidity: () => void) {
    super({ strategyId: 'HOUR-001' });
  }

  override onStart(): void {
    this.clock.setTimer('hour.limit', secsToNs(10), () => this.#limitCycle());
    this.clock.setTimer('hour.market', secsToNs(60), () => this.#marketOrder());
  }

  override onStop(): void {
    this.clock.cancelTimer('hour.limit');
    this.clock.cancelTimer('hour.market');
  }

  override onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
    if (event.kind === 'OrderAccepted') {
      const at = this.#submittedAt.get(event.clientOrderId.value);
      if (at !== undefined) this.ackDelays.push(this.clock.source.nowMs() - at);
    }
  }

  #submit(order: Order): void {
    this.#submittedAt.set(order.clientOrderId.value, this.clock.source.nowMs());
    this.placed.push(order);
    void this.submitOrder(order);
  }

  #limitCycle(): void {
    const old = this.resting.shift();
    if (old !== undefined) {
      this.counts.cancels++;
      void this.cancelOrder(old);
    }
    const order = this.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), Price.fromStr('20000.0'));
    this.resting.push(order);
    this.counts.adds++;
    this.#submit(order);
  }

  #marketOrder(): void {
    this.offerLiquidity();
    this.counts.marketOrders++;
    this.#submit(this.orderFactory.market(BTCUSD, 'BUY', Quantity.fromStr('0.001')));
  }
}

let clock: SteppingClock;
let sim: KrakenSim;

beforeAll(async () => {
  clock = new SteppingClock(T0);
  sim = await startKrakenSim({
    clock,
    seed: 4343,
    market: false,
    accounts: [
      { id: 'hour', tier: 'starter' as const },
      { id: 'maker', tier: 'pro' as const },
    ],
  });
});
afterAll(async () => {
  expect(sim.internalErrors).toEqual([]);
  await sim.close();
});

describe('an hour through a TradingNode on the Starter tier, simulated time', () => {
  it('open check 30 s, position check 120 s, a strategy trading: zero EAPI and zero EOrder rate-limit refusals at the venue', async () => {
    const trader = new HourTrader(() =>
      sim.engine.spot.addOrder('maker', {
        pair: 'XBTUSD',
        side: 'sell',
        orderType: 'limit',
        volume: '0.001',
        price: { kind: 'absolute', value: '60000.0' },
      }),
    );
    let rig: SteppedNode | undefined;
    try {
      rig = await startSteppedNode(sim, clock, {
        account: 'hour',
        strategy: trader,
        execEngine: { reconciliation: true, openCheckIntervalSecs: 30, positionCheckIntervalSecs: 120 },
        exec: { rateLimitTier: 'starter', useSpotPositionReports: true, spotPositionsQuoteCurrency: 'USD' },
      });
      const startMs = clock.nowMs();
      const before = sim.requestLog.length;
      await driveNode(clock, rig, () => clock.nowMs() >= startMs + HOUR_MS && rig!.busy() === 0, 180_000);
      const hourLog = sim.requestLog.slice(before).filter((r) => r.timeMs <= startMs + HOUR_MS);

      // The venue's own tally: not one refusal of either kind, nor any other limit.
      expect(sim.rateLimitRefusals('hour')).toEqual({ spotRest: 0, spotOrder: 0, futures: 0, futuresHistory: 0 });
      // The node ran every check on schedule: 120 open-order checks and 30 position checks (plus the refreshes after fills).
      const calls = (method: string) => hourLog.filter((r) => r.path === `/0/private/${method}`).length;
      expect(calls('OpenOrders')).toBe(120);
      expect(calls('BalanceEx')).toBeGreaterThanOrEqual(30);
      expect(trader.counts).toEqual({ adds: 360, cancels: 359, marketOrders: 60 });
      // The strategy traded as planned: every market order filled, every cancelled order cancelled, nothing refused.
      const status = (o: Order) => o.status;
      const markets = trader.placed.filter((o) => o.orderType === 'MARKET');
      const limits = trader.placed.filter((o) => o.orderType === 'LIMIT');
      expect(markets.map(status)).toEqual(Array<string>(60).fill('FILLED'));
      expect(limits.slice(0, -1).map(status)).toEqual(Array<string>(359).fill('CANCELED'));
      expect(limits.at(-1)?.status).toBe('ACCEPTED');
      expect(
        trader.events.filter((e) => e.kind === 'OrderRejected' || e.kind === 'OrderDenied' || e.kind === 'OrderCancelRejected'),
      ).toEqual([]);
      // Order entry was never held back: every order was acknowledged at the simulated instant it was sent.
      expect(trader.ackDelays).toHaveLength(420);
      expect(Math.max(...trader.ackDelays)).toBe(0);
      // Nothing the node logged was a rate-limit error or a failed check.
      const bad = rig.logs.records.filter((r) => /rate limit|check failed/i.test(r.message) || r.level === 'ERROR');
      expect(bad.map((r) => r.message)).toEqual([]);
      // The hour took an hour.
      expect(clock.nowMs() - startMs).toBeLessThan(HOUR_MS + 10_000);
    } finally {
      await rig?.close();
    }
  }, 600_000);
});
