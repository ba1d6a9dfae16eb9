import type { SpotPairSpec } from '../types/instruments.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, minD } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { isOpen, remainingQty } from './model.js';
import { tierPercent } from './pricing.js';
import type { SpotState } from './state.js';

/**
 * Fee tiers, trade holds and the account-dependent pre-trade checks (funds, margin, reduce-only).
 * A cash order holds what it could still spend: buys `remaining × price × (1 + taker fee)` in
 * quote, sells the remaining base; `available = balance − hold_trade` (Kraken's BalanceEx).
 */

export function takerPercent(acc: SpotAccount, pair: SpotPairSpec): Decimal {
  return tierPercent(pair.feesTaker, acc.volume.get(pair.quote) ?? ZERO);
}

export function makerPercent(acc: SpotAccount, pair: SpotPairSpec): Decimal {
  return tierPercent(pair.feesMaker, acc.volume.get(pair.quote) ?? ZERO);
}

/** Estimated cost of buying `qty` now by walking the asks (falls back to ref price for the rest). */
export function marketBuyCost(core: SpotState, pair: SpotPairSpec, qty: Decimal): Decimal {
  let left = qty;
  let cost = ZERO;
  for (const e of core.book(pair).entries('sell')) {
    if (left.lte(0)) break;
    const q = minD(left, e.remaining);
    cost = cost.plus(q.times(e.price));
    left = left.minus(q);
  }
  return cost.plus(left.times(core.refPrice(pair)));
}

/** Amount a cash order must hold for its unfilled part (quote for buys incl. taker fee, base for sells). */
export function requiredHold(core: SpotState, acc: SpotAccount, o: SpotOrder): { asset: string; amount: Decimal } | null {
  if (o.leverage !== null || acc.unlimited) return null;
  const pair = o.pair;
  if (o.side === 'sell') return { asset: pair.base, amount: remainingQty(o) };
  const feeMul = new Decimal(1).plus(takerPercent(acc, pair).div(100));
  if (o.cashQty !== null) return { asset: pair.quote, amount: o.cashQty.minus(o.cost).times(feeMul) };
  const rem = remainingQty(o);
  let px = o.limitPrice;
  if (px === null) {
    if (o.orderType === 'market' || o.triggered) return { asset: pair.quote, amount: marketBuyCost(core, pair, rem).times(feeMul) };
    px = o.triggerPrice ?? core.refPrice(pair);
  }
  return { asset: pair.quote, amount: rem.times(px).times(feeMul) };
}

/** Re-compute this order's hold; with `check`, throw `EOrder:Insufficient funds` when it does not fit. */
export function refreshHold(core: SpotState, acc: SpotAccount, o: SpotOrder, check = false): void {
  const want = isOpen(o) ? requiredHold(core, acc, o) : null;
  const prev = o.hold;
  if (check && want) {
    const free = core.wallets.available(acc, want.asset).plus(prev && prev.asset === want.asset ? prev.amount : ZERO);
    if (want.amount.gt(free)) throw new SimVenueError('EOrder:Insufficient funds');
  }
  if (prev) core.wallets.adjustHold(acc, prev.asset, prev.amount.neg());
  o.hold = want;
  if (want) core.wallets.adjustHold(acc, want.asset, want.amount);
}

/** Funds / margin / reduce-only checks that depend on account state. Mutates the draft (reduce-only sizing). */
export function checkAccount(core: SpotState, acc: SpotAccount, o: SpotOrder): void {
  if (acc.unlimited) return;
  if (o.leverage !== null) {
    const closeSide = o.side === 'buy' ? 'sell' : 'buy';
    const openOpp = core.margin.openVolume(acc, o.pair, closeSide);
    if (o.reduceOnly) {
      if (openOpp.isZero()) throw new SimVenueError('EOrder:Reduce only:No position exists');
      if (o.volume.gt(openOpp)) o.volume = openOpp;
    }
    const px = o.limitPrice ?? o.triggerPrice ?? core.refPrice(o.pair);
    core.margin.checkOpen(acc, o.pair, o.side, o.volume, px, o.leverage);
    return;
  }
  const need = requiredHold(core, acc, o);
  if (need && need.amount.gt(core.wallets.available(acc, need.asset))) throw new SimVenueError('EOrder:Insufficient funds');
}
