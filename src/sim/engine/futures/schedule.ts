import type { FundingRateView } from '../types/futures-views.js';
import { Decimal, ZERO } from '../decimal.js';
import type { FuturesState, ProductState } from './state.js';
import { isInverse, isLive, priceDecimals, venueFuturesOrder } from './model.js';
import { updatePosition } from './fills.js';

/** Time- and price-driven futures processes: funding, expiry, dead man's switch, liquidation, mark. */

const HOUR = 3_600_000;

/** Hourly funding for perpetuals: accrue `size × rate` into each position's unrealised funding. */
export function processFunding(core: FuturesState): void {
  const now = core.now();
  for (const p of core.products.values()) {
    if (p.spec.tag !== 'perpetual') continue;
    while (now >= p.nextFundingMs) {
      const rel = p.relativeRate;
      const abs = isInverse(p.spec) ? rel.div(p.index) : rel.times(p.index);
      const view: FundingRateView = {
        timestampMs: p.nextFundingMs - HOUR,
        fundingRate: abs.toFixed(18).replace(/0+$/, '').replace(/\.$/, ''),
        relativeFundingRate: rel.toFixed(18).replace(/0+$/, '').replace(/\.$/, ''),
      };
      p.fundingHistory.push(view);
      for (const acc of core.accounts.values()) {
        if (acc.unlimited) continue;
        const pos = acc.positions.get(p.spec.symbol);
        if (!pos) continue;
        // Longs pay a positive rate. Linear: size × absolute rate (USD); inverse: contracts × rate (XBT).
        pos.unrealizedFunding = pos.unrealizedFunding.minus(pos.size.times(p.spec.contractSize).times(abs));
        core.markAccountChanged(acc);
      }
      core.bus.emit({ type: 'futures.funding', timeMs: now, symbol: p.spec.symbol, rate: view });
      p.nextFundingMs += HOUR;
      p.relativeRate = predictedRate(core, p);
    }
  }
}

/** Premium of mark over index, scaled and clamped (Kraken publishes no exact formula here). */
export function predictedRate(core: FuturesState, p: ProductState): Decimal {
  if (p.index.isZero()) return ZERO;
  const premium = p.mark.minus(p.index).div(p.index);
  const rate = premium.div(p.spec.fundingRateCoefficient);
  const cap = new Decimal(p.spec.maxRelativeFundingRate);
  return Decimal.max(cap.neg(), Decimal.min(cap, rate)).toDecimalPlaces(12);
}

/** Dated futures: at the last trading time, cancel orders and settle positions at the index. */
export function processExpiry(core: FuturesState): void {
  const now = core.now();
  for (const p of core.products.values()) {
    if (p.expired || p.spec.lastTradingTimeMs === undefined || now < p.spec.lastTradingTimeMs) continue;
    p.expired = true;
    for (const acc of core.accounts.values()) {
      for (const o of [...acc.orders.values()])
        if (isLive(o) && o.product.symbol === p.spec.symbol) core.close(acc, o, 'cancelled', 'contract_expired', []);
      const pos = acc.positions.get(p.spec.symbol);
      if (pos && !acc.unlimited) {
        const realised = updatePosition(core, p, acc, pos.size.neg(), p.index);
        const ccy = p.spec.settlementCurrency;
        acc.balances.set(ccy, (acc.balances.get(ccy) ?? ZERO).plus(realised));
        core.markAccountChanged(acc);
      }
    }
  }
}

export function processDeadMan(core: FuturesState): void {
  const now = core.now();
  for (const acc of core.accounts.values()) {
    if (acc.dmsTriggerMs > 0 && now >= acc.dmsTriggerMs) {
      acc.dmsTriggerMs = 0;
      for (const o of [...acc.orders.values()]) if (isLive(o)) core.close(acc, o, 'cancelled', 'dead_man_switch', []);
    }
  }
}

/**
 * Liquidate accounts whose margin equity fell below maintenance margin: cancel their orders
 * (`liquidation` reason) and close every position at market with fill type `liquidation`.
 * Positions the book cannot absorb stay open and are retried on the next check.
 */
export function checkLiquidations(core: FuturesState): void {
  for (const acc of core.accounts.values()) {
    if (acc.unlimited || acc.positions.size === 0) continue;
    const f = core.figures(acc);
    if (f.mm.isZero() || f.equity.gte(f.mm)) continue;
    for (const o of [...acc.orders.values()]) if (isLive(o)) core.close(acc, o, 'cancelled', 'liquidation', []);
    for (const [sym, pos] of [...acc.positions]) {
      const p = core.product(sym) as ProductState;
      const now = core.now();
      const o = venueFuturesOrder({
        orderId: core.ids.uuid(),
        accountId: acc.id,
        product: p.spec,
        side: pos.size.gt(0) ? 'sell' : 'buy',
        orderType: 'mkt',
        size: pos.size.abs(),
        limitPrice: null,
        reduceOnly: true,
        nowMs: now,
      });
      acc.orders.set(o.orderId, o);
      core.orders.set(o.orderId, o);
      core.emitOrder(o, false, 'liquidation');
      core.execute(o, [], 'liquidation');
    }
  }
}

/** Mark = book mid clamped to ±0.5 % of the index (or the index when the book is one-sided). */
export function updateMark(core: FuturesState, p: ProductState): void {
  const bid = p.book.best('buy');
  const ask = p.book.best('sell');
  let mark = p.index;
  if (bid && ask) {
    const mid = bid.plus(ask).div(2);
    const lo = p.index.times('0.995');
    const hi = p.index.times('1.005');
    mark = Decimal.max(lo, Decimal.min(hi, mid));
  }
  p.mark = mark.toDecimalPlaces(priceDecimals(p.spec) + 2);
}
