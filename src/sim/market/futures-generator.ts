import type { Side } from '../engine/types/common.js';
import { Decimal, ZERO } from '../engine/decimal.js';
import type { FuturesCore } from '../engine/futures/core.js';
import type { ProductState } from '../engine/futures/state.js';
import { FUTURES_MARKET_ACCOUNT } from '../engine/futures/state.js';
import { isLive, venueFuturesOrder } from '../engine/futures/model.js';
import type { Sfc32Random } from '../random/sfc32.js';
import type { ResolvedMarketOptions } from './spot-generator.js';
import { gaussian } from './spot-generator.js';
import { predictedRate, updateMark } from '../engine/futures/schedule.js';

/**
 * Synthetic participants for one futures product: the index follows the matching spot index when
 * there is one (else its own walk), the traded price carries a small mean-reverting premium, a
 * market maker quotes around it and a taker sometimes crosses. Mark = clamped book mid.
 */
export class FuturesProductGenerator {
  private premium = 0;
  private readonly tick: Decimal;

  constructor(
    private readonly core: FuturesCore,
    private readonly state: ProductState,
    private readonly rng: Sfc32Random,
    private readonly opts: ResolvedMarketOptions,
    private readonly spotIndex: () => Decimal | null,
  ) {
    this.tick = new Decimal(state.spec.tickSize);
  }

  private roundTick(d: Decimal): Decimal {
    return d.div(this.tick).round().times(this.tick);
  }

  private order(side: Side, price: Decimal, size: Decimal, ioc: boolean): void {
    const now = this.core.now();
    const o = venueFuturesOrder({
      orderId: this.core.ids.uuid(),
      accountId: FUTURES_MARKET_ACCOUNT,
      product: this.state.spec,
      side,
      orderType: ioc ? 'ioc' : 'lmt',
      size,
      limitPrice: price,
      reduceOnly: false,
      nowMs: now,
    });
    const acc = this.core.accounts.get(FUTURES_MARKET_ACCOUNT);
    if (!acc) return;
    acc.orders.set(o.orderId, o);
    this.core.orders.set(o.orderId, o);
    this.core.execute(o, []);
  }

  private size(): Decimal {
    const prec = this.state.spec.contractValueTradePrecision;
    const units = prec === 0 ? 100 * (1 + this.rng.int(200)) : 1 + this.rng.int(500);
    return prec === 0 ? new Decimal(units) : new Decimal(units).div(new Decimal(10).pow(prec)).times(10);
  }

  step(): void {
    const st = this.state;
    if (st.expired) return;
    const spot = this.spotIndex();
    if (spot) {
      st.index = this.roundTick(spot);
    } else {
      const z = gaussian(this.rng) * this.opts.volatility;
      st.index = this.roundTick(st.index.times(new Decimal(1).plus(new Decimal(z.toFixed(12)))));
    }
    this.premium = this.premium * 0.9 + gaussian(this.rng) * 0.0002;
    const fair = st.index.times(new Decimal(1).plus(new Decimal(this.premium.toFixed(12))));
    this.refresh(fair);
    if (this.rng.next() < this.opts.tradeProbability) {
      const side: Side = this.rng.next() < 0.5 ? 'buy' : 'sell';
      const gap = this.gap(fair);
      const px = side === 'buy' ? fair.plus(gap.times(3)) : fair.minus(gap.times(3));
      this.order(side, this.roundTick(px), this.size(), true);
    }
    updateMark(this.core, st);
    const now = this.core.now();
    st.markTape.record(st.mark, ZERO, 'buy', 'limit', now);
    st.indexTape.record(st.index, ZERO, 'buy', 'limit', now);
    // Before the first funding boundary there is no rate "of the current period" yet: start from the prediction.
    if (st.fundingHistory.length === 0 && st.relativeRate.isZero()) st.relativeRate = predictedRate(this.core, st);
  }

  private gap(fair: Decimal): Decimal {
    const g = fair.times('0.0001').div(this.tick).ceil().times(this.tick);
    return g.gt(this.tick) ? g : this.tick;
  }

  private refresh(fair: Decimal): void {
    const acc = this.core.accounts.get(FUTURES_MARKET_ACCOUNT);
    if (!acc) return;
    const gap = this.gap(fair);
    const levels = this.opts.levels;
    const lo = fair.minus(gap.times(levels));
    const hi = fair.plus(gap.times(levels));
    for (const o of [...acc.orders.values()]) {
      if (o.product.symbol !== this.state.spec.symbol) continue;
      if (!isLive(o)) {
        acc.orders.delete(o.orderId);
        this.core.orders.delete(o.orderId);
        continue;
      }
      const px = o.limitPrice as Decimal;
      const stale = o.side === 'buy' ? px.gte(fair) || px.lt(lo) : px.lte(fair) || px.gt(hi);
      if (stale || this.rng.next() < 0.02) this.core.close(acc, o, 'cancelled', 'cancelled_by_user', []);
    }
    // Keep the synthetic book bounded: at most 2 × levels orders per side, nearest fair value first.
    for (const side of ['buy', 'sell'] as const) {
      const mine = [...acc.orders.values()].filter((o) => o.product.symbol === this.state.spec.symbol && o.side === side && isLive(o));
      mine.sort((a, b) =>
        (a.limitPrice as Decimal)
          .minus(fair)
          .abs()
          .cmp((b.limitPrice as Decimal).minus(fair).abs()),
      );
      for (const o of mine.slice(levels * 2)) this.core.close(acc, o, 'cancelled', 'cancelled_by_user', []);
    }
    const have = new Set<string>();
    for (const o of acc.orders.values())
      if (isLive(o) && o.product.symbol === this.state.spec.symbol) have.add(`${o.side}|${(o.limitPrice as Decimal).toFixed()}`);
    const book = this.state.book;
    for (let i = 1; i <= levels; i++) {
      const bid = fair.minus(gap.times(i)).div(this.tick).floor().times(this.tick);
      const ask = fair.plus(gap.times(i)).div(this.tick).ceil().times(this.tick);
      if (bid.gt(0) && !have.has(`buy|${bid.toFixed()}`) && !book.wouldTake('buy', bid)) this.order('buy', bid, this.size(), false);
      if (!have.has(`sell|${ask.toFixed()}`) && !book.wouldTake('sell', ask)) this.order('sell', ask, this.size(), false);
    }
  }
}
