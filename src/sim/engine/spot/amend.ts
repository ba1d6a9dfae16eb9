import type { SpotAmendRequest } from '../types/spot-requests.js';
import type { SpotAmendView } from '../types/spot-views.js';
import { SimVenueError } from '../errors.js';
import { Decimal, decimalPlaces, fixed, minD } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { hasLimitPrice, isTriggeredType, remainingQty } from './model.js';
import { resolvePrice } from './pricing.js';
import type { SpotState } from './state.js';
import { REASON } from './reasons.js';
import { refreshHold } from './holds.js';

function snapshot(o: SpotOrder, type: SpotAmendView['amendType'], id: string, ts: number): SpotAmendView {
  const p = o.pair;
  return {
    amendId: id,
    amendType: type,
    orderQty: fixed(o.volume, p.lotDecimals),
    displayQty: o.display === null ? null : fixed(o.display, p.lotDecimals),
    remainingQty: fixed(o.volume.minus(o.volExec), p.lotDecimals),
    limitPrice: o.limitPrice === null ? null : fixed(o.limitPrice, p.pairDecimals),
    triggerPrice: o.triggerPrice === null ? null : fixed(o.triggerPrice, p.pairDecimals),
    postOnly: o.postOnly,
    reason: null,
    timestampMs: ts,
  };
}

/**
 * In-place amend (Kraken's AmendOrder): txid kept; a quantity cut keeps queue priority, a price
 * change or quantity increase loses it; a quantity at or below the filled quantity cancels the rest.
 * Returns the amend id.
 */
export function amendSpotOrder(core: SpotState, acc: SpotAccount, o: SpotOrder, req: SpotAmendRequest): string {
  const p = o.pair;
  if (
    req.orderQty === undefined &&
    req.displayQty === undefined &&
    req.limitPrice === undefined &&
    req.triggerPrice === undefined &&
    req.postOnly === undefined
  ) {
    throw new SimVenueError('EGeneral:Invalid arguments:order_qty', 'nothing to amend');
  }
  const before = { volume: o.volume, display: o.display, limit: o.limitPrice, trigger: o.triggerPrice, postOnly: o.postOnly };
  let newVolume = o.volume;
  if (req.orderQty !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(req.orderQty) || decimalPlaces(req.orderQty.replace(/0+$/, '')) > p.lotDecimals)
      throw new SimVenueError('EGeneral:Invalid arguments:order_qty');
    newVolume = new Decimal(req.orderQty);
    if (o.cashQty !== null) throw new SimVenueError('EGeneral:Invalid arguments:order_qty', 'viqc orders cannot change quantity');
  }
  let newDisplay = o.display;
  if (req.displayQty !== undefined) {
    if (o.display === null) throw new SimVenueError('EGeneral:Invalid arguments:display_qty', 'iceberg orders only');
    newDisplay = new Decimal(req.displayQty);
    const rem = newVolume.minus(o.volExec);
    if (newDisplay.lte(0) || newDisplay.times(15).lt(rem))
      throw new SimVenueError('EGeneral:Invalid arguments:display_qty', 'must be >= 1/15 of remaining');
  }
  let newLimit = o.limitPrice;
  if (req.limitPrice !== undefined) {
    if (!hasLimitPrice(o.orderType)) throw new SimVenueError('EGeneral:Invalid arguments:limit_price', 'order has no limit price');
    newLimit = resolvePrice(p, req.limitPrice, core.refPrice(p), o.side, o.orderType, 'limit_price');
  }
  let newTrigger = o.triggerPrice;
  if (req.triggerPrice !== undefined) {
    if (!isTriggeredType(o.orderType)) throw new SimVenueError('EGeneral:Invalid arguments:trigger_price', 'not a triggered order');
    // GUESSED wording: amending the trigger of an order whose trigger already fired.
    if (o.triggered) throw new SimVenueError('EOrder:Invalid order', 'already triggered');
    const ref = o.trigger === 'index' ? (core.indexPrice(p) ?? core.refPrice(p)) : core.refPrice(p);
    newTrigger = resolvePrice(p, req.triggerPrice, ref, o.side, o.orderType, 'trigger_price');
  }
  const postOnly = req.postOnly ?? o.postOnly;
  const book = core.book(p);
  const live = o.resting || !isTriggeredType(o.orderType) || o.triggered;
  if (postOnly && newLimit !== null && live && !newLimit.eq(before.limit ?? new Decimal(-1)) && wouldTakeExcludingSelf(core, o, newLimit)) {
    // GUESSED: an amend that would take with post_only is rejected with the AddOrder post-only wording.
    throw new SimVenueError('EOrder:Post only order');
  }

  if (o.amends.length === 0) o.amends.push(snapshot(o, 'original', `${o.txid}-0`, o.openedMs));
  const amendId = core.ids.kraken('A');
  const now = core.now();

  // Quantity at or below what has filled: cancel the remainder.
  if (newVolume.lte(o.volExec)) {
    o.volume = o.volExec.gt(0) ? o.volExec : newVolume;
    o.amended = true;
    o.misc.add('amended');
    o.amends.push(snapshot(o, 'user', amendId, now));
    core.finish(acc, o, 'canceled', REASON.amendBelowFilled);
    return amendId;
  }

  const prev = { volume: o.volume, display: o.display, limit: o.limitPrice, trigger: o.triggerPrice, postOnly: o.postOnly };
  o.volume = newVolume;
  o.display = newDisplay;
  o.limitPrice = newLimit;
  if (newLimit !== null && hasLimitPrice(o.orderType)) {
    if (o.orderType === 'limit' || o.orderType === 'iceberg') o.descrPrice = newLimit;
    else o.descrPrice2 = newLimit;
  }
  o.triggerPrice = newTrigger;
  if (newTrigger !== null && req.triggerPrice !== undefined) o.descrPrice = newTrigger;
  o.postOnly = postOnly;
  try {
    refreshHold(core, acc, o, true);
  } catch (e) {
    Object.assign(o, {
      volume: prev.volume,
      display: prev.display,
      limitPrice: prev.limit,
      triggerPrice: prev.trigger,
      postOnly: prev.postOnly,
    });
    throw e;
  }
  o.amended = true;
  o.misc.add('amended');
  o.amends.push(snapshot(o, 'user', amendId, now));

  const priceChanged = !(newLimit === null ? before.limit === null : before.limit !== null && newLimit.eq(before.limit));
  if (o.resting) {
    if (priceChanged) {
      book.remove(o.txid, now);
      o.resting = false;
      core.emitExec(o, 'amended');
      core.execute(acc, o);
      return amendId;
    }
    book.resize(o.txid, remainingQty(o), newDisplay === null ? null : minD(newDisplay, remainingQty(o)), now);
  }
  core.emitExec(o, 'amended');
  return amendId;
}

function wouldTakeExcludingSelf(core: SpotState, o: SpotOrder, price: Decimal): boolean {
  const book = core.book(o.pair);
  const opp = book.best(o.side === 'buy' ? 'sell' : 'buy');
  if (opp === null) return false;
  return o.side === 'buy' ? price.gte(opp) : price.lte(opp);
}

/** The amend history of an order never amended: its original terms as one `original` entry. */
export function originalAmendView(o: SpotOrder): SpotAmendView {
  return {
    amendId: `${o.txid}-0`,
    amendType: 'original',
    orderQty: fixed(o.volume, o.pair.lotDecimals),
    displayQty: o.display === null ? null : fixed(o.display, o.pair.lotDecimals),
    remainingQty: fixed(o.volume.minus(o.volExec), o.pair.lotDecimals),
    limitPrice: o.limitPrice === null ? null : fixed(o.limitPrice, o.pair.pairDecimals),
    triggerPrice: o.triggerPrice === null ? null : fixed(o.triggerPrice, o.pair.pairDecimals),
    postOnly: o.postOnly,
    reason: null,
    timestampMs: o.openedMs,
  };
}
