import type { PriceInput, SpotOrderType } from '../types/spot-requests.js';
import type { Side } from '../types/common.js';
import type { SpotPairSpec } from '../types/instruments.js';
import { SimVenueError } from '../errors.js';
import { Decimal, isMultipleOf } from '../decimal.js';

/** Size of an offset: absolute amount or percent of `base`. */
export function offsetAmount(input: PriceInput & { kind: 'offset' }, base: Decimal): Decimal {
  const v = new Decimal(input.value);
  return input.percent ? base.times(v).div(100) : v;
}

/**
 * Which way `#` moves a price: toward the "passive" side for limit-like prices (buy lower,
 * sell higher) and away from the market for stop-loss (buy higher, sell lower).
 * Kraken's AddOrder: "`#` (direction chosen by side/type)".
 */
function hashSign(side: Side, type: SpotOrderType): 1 | -1 {
  const stopLike = type === 'stop-loss' || type === 'stop-loss-limit';
  if (stopLike) return side === 'buy' ? 1 : -1;
  return side === 'buy' ? -1 : 1;
}

/** Round a computed price onto the pair's tick grid (toward zero). */
export function toTick(pair: SpotPairSpec, price: Decimal): Decimal {
  const tick = new Decimal(pair.tickSize);
  return price.div(tick).floor().times(tick);
}

/** Resolve a REST-style price against `ref` (the last trade price or, for price2 of trailing limits, the trigger). */
export function resolvePrice(pair: SpotPairSpec, input: PriceInput, ref: Decimal, side: Side, type: SpotOrderType, field: string): Decimal {
  if (input.kind === 'absolute') {
    const p = new Decimal(input.value);
    if (p.lte(0)) throw new SimVenueError(`EGeneral:Invalid arguments:${field}`);
    checkTick(pair, input.value);
    return p;
  }
  const amount = offsetAmount(input, ref);
  const sign = input.sign === '+' ? 1 : input.sign === '-' ? -1 : hashSign(side, type);
  const p = toTick(pair, ref.plus(amount.times(sign)));
  if (p.lte(0)) throw new SimVenueError(`EGeneral:Invalid arguments:${field}`);
  return p;
}

export function checkTick(pair: SpotPairSpec, text: string): void {
  const p = new Decimal(text);
  if (!isMultipleOf(p, new Decimal(pair.tickSize))) throw new SimVenueError('EOrder:Tick size check failed');
}

/** Trailing distance from the peak (absolute or percent of the peak). */
export function trailingStopLevel(peak: Decimal, offset: PriceInput, side: Side, pair: SpotPairSpec): Decimal {
  if (offset.kind !== 'offset') return peak;
  const dist = offsetAmount(offset, peak);
  const raw = side === 'sell' ? peak.minus(dist) : peak.plus(dist);
  const tick = new Decimal(pair.tickSize);
  // Round the stop away from the peak's favourable side so it is never tighter than asked.
  return side === 'sell' ? raw.div(tick).floor().times(tick) : raw.div(tick).ceil().times(tick);
}

/** Fee for `cost` at the account's tier of `tiers` (percent), rounded to the pair's cost decimals. */
export function feeFor(cost: Decimal, percent: Decimal, costDecimals: number): Decimal {
  return cost.times(percent).div(100).toDecimalPlaces(costDecimals, Decimal.ROUND_HALF_UP);
}

export function tierPercent(tiers: { volume: string; percent: string }[], volume: Decimal): Decimal {
  let pct = new Decimal(tiers[0]?.percent ?? '0');
  for (const t of tiers) if (volume.gte(t.volume)) pct = new Decimal(t.percent);
  return pct;
}
