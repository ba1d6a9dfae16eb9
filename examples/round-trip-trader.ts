/**
 * A round-trip trader: the strategy `krakenkit start` (`npm start`) runs. It is built to show
 * every part of the node within seconds, not to make money. For each instrument (a Spot pair and
 * a perpetual by default) it repeats a four-step cycle, one step every `stepSecs`:
 *
 *   1. rest a post-only limit buy `restingOffsetBps` below the best bid (accepted, stays open)
 *   2. buy `tradeSize` at market (filled: a position opens, unrealised PnL moves)
 *   3. cancel the resting order (cancelled)
 *   4. sell `tradeSize` at market (filled: the position closes, realised PnL moves)
 *
 * It subscribes quotes, trades and a verified book for each instrument. `halt()` stops the cycle
 * and cancels what is open; with `trading: false` it only watches the market (read-only runs).
 * Compiles against krakenkit's public exports only.
 */
import {
  FixedDecimal,
  InstrumentId,
  Strategy,
  type Instrument,
  type Order,
  type OrderEvent,
  type QuoteTick,
  type StrategyConfig,
} from '../src/index.js';

export interface RoundTripTraderConfig extends StrategyConfig {
  /** Instrument ids, e.g. `BTC/USD.KRAKEN`, `PF_XBTUSD.KRAKEN`. */
  readonly instrumentIds: readonly string[];
  /** Size of every order, per instrument id (exact decimal text). */
  readonly tradeSizes: Readonly<Record<string, string>>;
  /** Seconds between steps (default 2). */
  readonly stepSecs?: number;
  /** How far below the best bid the resting buy goes, in basis points (default 100 = 1%). */
  readonly restingOffsetBps?: number;
  /** Cancel this strategy's open orders when it stops (default true). */
  readonly cancelOrdersOnStop?: boolean;
  /** Place orders at all (default true); false only subscribes market data. */
  readonly trading?: boolean;
}

type Step = 'rest' | 'buy' | 'cancel' | 'sell';
const CYCLE: readonly Step[] = ['rest', 'buy', 'cancel', 'sell'];

interface Leg {
  readonly id: InstrumentId;
  readonly sizeText: string;
  step: number;
  resting: Order | null;
}

export class RoundTripTrader extends Strategy {
  readonly instrumentIds: readonly InstrumentId[];
  private readonly legs: Leg[];
  private readonly stepSecs: number;
  private readonly offsetBps: number;
  private readonly cancelOnStop: boolean;
  private readonly trading: boolean;
  private halted = false;
  private timerName: string;

  constructor(config: RoundTripTraderConfig) {
    super(config);
    this.instrumentIds = config.instrumentIds.map((s) => InstrumentId.fromStr(s));
    this.legs = this.instrumentIds.map((id) => ({
      id,
      sizeText: config.tradeSizes[id.toString()] ?? '0',
      step: 0,
      resting: null,
    }));
    this.stepSecs = config.stepSecs ?? 2;
    this.offsetBps = config.restingOffsetBps ?? 100;
    this.cancelOnStop = config.cancelOrdersOnStop ?? true;
    this.trading = config.trading ?? true;
    this.timerName = `${this.id.value}-step`;
  }

  override async onStart(): Promise<void> {
    for (const id of this.instrumentIds) {
      await this.subscribeQuoteTicks(id);
      await this.subscribeTradeTicks(id);
      await this.subscribeOrderBookDeltas(id, { depth: 10 });
    }
    if (!this.trading) return;
    this.clock.setTimer(this.timerName, BigInt(Math.round(this.stepSecs * 1000)) * 1_000_000n, () => this.onStep());
  }

  override onQuoteTick(_tick: QuoteTick): void {}

  private onStep(): void {
    if (this.halted) return;
    for (const leg of this.legs) {
      const instrument = this.cache.instrument(leg.id);
      const quote = this.cache.quoteTick(leg.id);
      if (instrument === undefined || quote === undefined) continue; // no market yet: this step waits
      const step = CYCLE[leg.step % CYCLE.length] as Step;
      leg.step++;
      void this.act(step, leg, instrument, quote).catch((err: unknown) =>
        this.log.warn(`${step} ${leg.id.toString()} failed: ${(err as Error).message}`),
      );
    }
  }

  private async act(step: Step, leg: Leg, instrument: Instrument, quote: QuoteTick): Promise<void> {
    const qty = instrument.makeQty(leg.sizeText);
    if (qty.isZero()) return;
    if (step === 'rest') {
      const below = FixedDecimal.from(quote.bidPrice).mul(FixedDecimal.fromInt(10_000 - this.offsetBps));
      const price = instrument.makePrice(below.div(FixedDecimal.fromInt(10_000), quote.bidPrice.precision + 4).toString(), 'FLOOR');
      const order = this.orderFactory.limit(leg.id, 'BUY', qty, price, { postOnly: true });
      leg.resting = order;
      await this.submitOrder(order);
    } else if (step === 'cancel') {
      const order = leg.resting;
      leg.resting = null;
      if (order?.isOpen === true) await this.cancelOrder(order);
    } else {
      await this.submitOrder(this.orderFactory.market(leg.id, step === 'buy' ? 'BUY' : 'SELL', qty));
    }
  }

  override onOrderEvent(event: OrderEvent): void {
    if (event.kind === 'OrderRejected' || event.kind === 'OrderDenied') this.log.warn(`${event.kind}: ${event.reason}`);
  }

  /** Stops the cycle and, when configured, cancels this strategy's open orders. Safe to call twice. */
  async halt(): Promise<void> {
    if (!this.halted) {
      this.halted = true;
      this.clock.cancelTimer(this.timerName);
    }
    if (!this.cancelOnStop) return;
    const open = this.cache.ordersOpen({ strategyId: this.id });
    const instruments = new Map(open.map((o) => [o.instrumentId.toString(), o.instrumentId]));
    for (const id of instruments.values()) await this.cancelAllOrders(id);
  }

  override async onStop(): Promise<void> {
    await this.halt();
  }
}
