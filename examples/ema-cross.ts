/**
 * EMA cross on INTERNAL 1-minute bars: buy when the fast EMA crosses above the slow one, sell the
 * position when it crosses back below. Compiles against krakenkit's public exports only.
 *
 * To run it against Kraken, pass the Kraken factories to `buildNode`:
 *
 *   const node = buildNode(KrakenLiveDataClientFactory, KrakenLiveExecClientFactory, config);
 *   node.installSignalHandlers();   // Ctrl-C stops the node gracefully
 *   await node.run();
 */
import {
  BarType,
  FixedDecimal,
  InstrumentId,
  type Quantity,
  Strategy,
  TradingNode,
  type Bar,
  type LiveDataClientFactory,
  type LiveExecClientFactory,
  type OrderEvent,
  type StrategyConfig,
  type TradingNodeConfig,
} from '../src/index.js';

export interface EmaCrossConfig extends StrategyConfig {
  readonly instrumentId: string;
  readonly tradeSize: string;
  readonly fastPeriod: number;
  readonly slowPeriod: number;
}

/** An exponential moving average in exact decimals (10 fraction digits, half-even). */
class Ema {
  private readonly alpha: FixedDecimal;
  value: FixedDecimal | null = null;
  count = 0;
  constructor(readonly period: number) {
    this.alpha = FixedDecimal.fromInt(2).div(FixedDecimal.fromInt(period + 1), 10);
  }
  update(x: FixedDecimal): void {
    this.count++;
    this.value = this.value === null ? x : this.value.add(this.alpha.mul(x.sub(this.value))).round(10);
  }
  get ready(): boolean {
    return this.count >= this.period;
  }
}

export class EmaCross extends Strategy {
  private readonly instrumentId: InstrumentId;
  private readonly barType: BarType;
  private readonly tradeSizeText: string;
  /** Built from the instrument in onStart, so it carries the instrument's size precision. */
  private tradeSize: Quantity | null = null;
  private readonly fast: Ema;
  private readonly slow: Ema;

  constructor(config: EmaCrossConfig) {
    super(config);
    this.instrumentId = InstrumentId.fromStr(config.instrumentId);
    // INTERNAL: aggregated locally from trades, so no waiting for the venue's next bar to close this one.
    this.barType = BarType.fromStr(`${config.instrumentId}-1-MINUTE-LAST-INTERNAL`);
    this.tradeSizeText = config.tradeSize;
    this.fast = new Ema(config.fastPeriod);
    this.slow = new Ema(config.slowPeriod);
  }

  override async onStart(): Promise<void> {
    const instrument = this.cache.instrument(this.instrumentId);
    if (instrument === undefined) {
      this.log.error(`instrument ${this.instrumentId.toString()} not loaded`);
      return;
    }
    // Rounded down to the instrument's lot step and written at its size precision, like every
    // quantity the venue reports back (fills, positions).
    this.tradeSize = instrument.makeQty(this.tradeSizeText);
    if (this.tradeSize.isZero()) {
      this.log.error(`trade size ${this.tradeSizeText} rounds to zero for ${this.instrumentId.toString()}`);
      this.tradeSize = null;
      return;
    }
    await this.subscribeBars(this.barType);
  }

  override onBar(bar: Bar): void {
    const close = FixedDecimal.from(bar.close);
    this.fast.update(close);
    this.slow.update(close);
    if (!this.fast.ready || !this.slow.ready || this.fast.value === null || this.slow.value === null) return;
    const position = this.cache.position(this.instrumentId);
    const flat = position === undefined || !position.isOpen;
    if (this.fast.value.gt(this.slow.value) && flat && this.tradeSize !== null) {
      void this.submitOrder(this.orderFactory.market(this.instrumentId, 'BUY', this.tradeSize));
    } else if (this.fast.value.lt(this.slow.value) && position?.side === 'LONG') {
      void this.submitOrder(this.orderFactory.market(this.instrumentId, 'SELL', position.quantity, { reduceOnly: true }));
    }
  }

  override onOrderEvent(event: OrderEvent): void {
    if (event.kind === 'OrderFilled') {
      this.log.info(`filled ${event.orderSide} ${event.lastQty.toString()} @ ${event.lastPx.toString()}`);
    } else if (event.kind === 'OrderRejected' || event.kind === 'OrderDenied') {
      this.log.warn(`${event.kind}: ${event.reason}`);
    }
  }

  override onStop(): void {
    void this.cancelAllOrders(this.instrumentId);
  }
}

/** A node with one EMA-cross strategy; the venue's factories are registered under `KRAKEN`. */
export function buildNode(dataFactory: LiveDataClientFactory, execFactory: LiveExecClientFactory, config: TradingNodeConfig): TradingNode {
  const node = new TradingNode({
    execEngine: { reconciliation: true, openCheckIntervalSecs: 30, positionCheckIntervalSecs: 120 },
    ...config,
  });
  node.addDataClientFactory('KRAKEN', dataFactory);
  node.addExecClientFactory('KRAKEN', execFactory);
  node.addStrategy(new EmaCross({ instrumentId: 'BTC/USD.KRAKEN', tradeSize: '0.0001', fastPeriod: 10, slowPeriod: 20 }));
  node.build();
  return node;
}
