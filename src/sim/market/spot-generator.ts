import type { MarketGeneratorOptions } from '../engine/types/engine.js';
import type { SpotPairSpec } from '../engine/types/instruments.js';
import type { SpotOrderRequest } from '../engine/types/spot-requests.js';
import { Decimal, fixed } from '../engine/decimal.js';
import type { Sfc32Random } from '../random/sfc32.js';
import { isOpen } from '../engine/spot/model.js';
import type { SpotCore } from '../engine/spot/core.js';

export interface ResolvedMarketOptions {
  stepMs: number;
  levels: number;
  tradeProbability: number;
  volatility: number;
}

export function resolveMarketOptions(o: MarketGeneratorOptions = {}): ResolvedMarketOptions {
  return {
    stepMs: o.stepMs ?? 1000,
    levels: o.levels ?? 10,
    tradeProbability: o.tradeProbability ?? 0.3,
    volatility: o.volatility ?? 0.0002,
  };
}

/** Approximately standard normal from the seeded stream (Irwin–Hall, 6 uniforms). */
export function gaussian(rng: Sfc32Random): number {
  let s = 0;
  for (let i = 0; i < 6; i++) s += rng.next();
  return (s - 3) / Math.sqrt(0.5);
}

/**
 * Synthetic participants for one spot pair: the mid price random-walks; a market maker keeps
 * `levels` price levels each side (cancelling those the mid moved through, re-posting, randomly
 * pulling some), and a taker sometimes crosses the spread. All of it goes through the real
 * matching engine, so user orders rest, queue and fill exactly as against any other order.
 */
export class SpotPairGenerator {
  mid: Decimal;
  private readonly tick: Decimal;

  constructor(
    private readonly core: SpotCore,
    readonly pair: SpotPairSpec,
    private readonly rng: Sfc32Random,
    private readonly opts: ResolvedMarketOptions,
  ) {
    this.mid = new Decimal(pair.initialPrice);
    this.tick = new Decimal(pair.tickSize);
  }

  private gap(): Decimal {
    const g = this.mid.times('0.0001').div(this.tick).ceil().times(this.tick);
    return g.gt(this.tick) ? g : this.tick;
  }

  private randomQty(): Decimal {
    const min = new Decimal(this.pair.ordermin);
    const mult = 2 + this.rng.int(400);
    let q = min.times(mult);
    const minCost = new Decimal(this.pair.costmin).times(2);
    if (q.times(this.mid).lt(minCost)) q = minCost.div(this.mid).toDecimalPlaces(this.pair.lotDecimals, Decimal.ROUND_UP);
    return q.toDecimalPlaces(this.pair.lotDecimals, Decimal.ROUND_DOWN);
  }

  private submit(req: Omit<SpotOrderRequest, 'pair'>): void {
    this.core.placeParticipantOrder(this.pair, req);
  }

  /** Move the walk and refresh the synthetic book: called once per generator step. */
  step(): void {
    const z = gaussian(this.rng);
    const next = this.mid.times(new Decimal(1).plus(new Decimal((z * this.opts.volatility).toFixed(12))));
    this.mid = next.div(this.tick).round().times(this.tick);
    if (this.mid.lte(this.tick)) this.mid = this.tick.times(10);
    if (this.pair.hasIndex) {
      const noise = new Decimal((gaussian(this.rng) * this.opts.volatility * 0.2).toFixed(12));
      this.core.index.set(this.pair.id, this.mid.times(new Decimal(1).plus(noise)).div(this.tick).round().times(this.tick));
    }
    this.refreshQuotes();
    if (this.rng.next() < this.opts.tradeProbability) this.aggress();
  }

  /** Replace the walk's mid (replay, tests). */
  setMid(mid: Decimal): void {
    this.mid = mid;
  }

  private refreshQuotes(): void {
    const acc = this.core.wallets.get(this.core.marketAccountId());
    const gap = this.gap();
    const lowestBid = this.mid.minus(gap.times(this.opts.levels));
    const highestAsk = this.mid.plus(gap.times(this.opts.levels));
    for (const o of [...acc.orders.values()]) {
      if (o.pair.id !== this.pair.id || !isOpen(o)) continue;
      const px = o.limitPrice as Decimal;
      const stale = o.side === 'buy' ? px.gte(this.mid) || px.lt(lowestBid) : px.lte(this.mid) || px.gt(highestAsk);
      if (stale || this.rng.next() < 0.02) this.core.finish(acc, o, 'canceled', 'User requested');
    }
    // Keep the synthetic book bounded: at most 2 × levels orders per side, nearest the mid first.
    for (const side of ['buy', 'sell'] as const) {
      const mine = [...acc.orders.values()].filter((o) => o.pair.id === this.pair.id && o.side === side && isOpen(o));
      mine.sort((a, b) =>
        (a.limitPrice as Decimal)
          .minus(this.mid)
          .abs()
          .cmp((b.limitPrice as Decimal).minus(this.mid).abs()),
      );
      for (const o of mine.slice(this.opts.levels * 2)) this.core.finish(acc, o, 'canceled', 'User requested');
    }
    // Drop finished market-maker orders so the account does not grow without bound.
    for (const [id, o] of acc.orders) {
      if (isOpen(o)) continue;
      acc.orders.delete(id);
      this.core.orders.delete(id);
    }
    const have = new Set<string>();
    for (const o of acc.orders.values())
      if (o.pair.id === this.pair.id && isOpen(o)) have.add(`${o.side}|${(o.limitPrice as Decimal).toString()}`);
    for (let i = 1; i <= this.opts.levels; i++) {
      const bid = this.mid.minus(gap.times(i)).div(this.tick).floor().times(this.tick);
      const ask = this.mid.plus(gap.times(i)).div(this.tick).ceil().times(this.tick);
      const book = this.core.book(this.pair);
      if (bid.gt(0) && !have.has(`buy|${bid.toString()}`) && !book.wouldTake('buy', bid)) {
        this.submit({
          side: 'buy',
          orderType: 'limit',
          volume: fixed(this.randomQty(), this.pair.lotDecimals),
          price: { kind: 'absolute', value: fixed(bid, this.pair.pairDecimals) },
        });
      }
      if (!have.has(`sell|${ask.toString()}`) && !book.wouldTake('sell', ask)) {
        this.submit({
          side: 'sell',
          orderType: 'limit',
          volume: fixed(this.randomQty(), this.pair.lotDecimals),
          price: { kind: 'absolute', value: fixed(ask, this.pair.pairDecimals) },
        });
      }
    }
  }

  private aggress(): void {
    const side = this.rng.next() < 0.5 ? 'buy' : 'sell';
    const gap = this.gap();
    // An IOC a few levels deep: prints trades without sweeping the whole book.
    const limit = side === 'buy' ? this.mid.plus(gap.times(3)) : this.mid.minus(gap.times(3));
    this.submit({
      side,
      orderType: 'limit',
      timeInForce: 'IOC',
      volume: fixed(this.randomQty(), this.pair.lotDecimals),
      price: { kind: 'absolute', value: fixed(limit.div(this.tick).round().times(this.tick), this.pair.pairDecimals) },
    });
  }
}
