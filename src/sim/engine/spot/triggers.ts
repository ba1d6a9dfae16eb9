import type { Decimal } from '../decimal.js';
import type { SpotOrder } from './model.js';
import { isOpen, isTrailing } from './model.js';
import { offsetAmount, toTick, trailingStopLevel } from './pricing.js';
import type { SpotState } from './state.js';
import { REASON } from './reasons.js';
import { SimVenueError } from '../errors.js';
import { refreshHold } from './holds.js';

/**
 * Conditional orders: stop-loss / take-profit (and -limit) fire when the reference price (last
 * trade or index) crosses the trigger; trailing stops follow the best price since submission and
 * fire `offset` away from it. Scheduled (starttm) orders activate here too.
 */

export function checkSpotTrigger(core: SpotState, o: SpotOrder): boolean {
  if (!isOpen(o) || o.triggered || o.status !== 'open') return false;
  const ref = o.trigger === 'index' ? core.indexPrice(o.pair) : (core.tape(o.pair).lastPrice ?? core.refPrice(o.pair));
  if (ref === null) return false;
  let fire = false;
  if (isTrailing(o.orderType) && o.trailingOffset) {
    const better = o.peak === null || (o.side === 'sell' ? ref.gt(o.peak) : ref.lt(o.peak));
    if (better) {
      o.peak = ref;
      o.triggerPrice = trailingStopLevel(ref, o.trailingOffset, o.side, o.pair);
    }
    const stop = o.triggerPrice as Decimal;
    fire = o.side === 'sell' ? ref.lte(stop) : ref.gte(stop);
  } else if (o.triggerPrice) {
    const stopLike = o.orderType === 'stop-loss' || o.orderType === 'stop-loss-limit';
    const t = o.triggerPrice;
    fire = stopLike ? (o.side === 'sell' ? ref.lte(t) : ref.gte(t)) : o.side === 'sell' ? ref.gte(t) : ref.lte(t);
  }
  if (!fire) return false;
  (core.waiting.get(o.pair.id) as Set<SpotOrder>).delete(o);
  o.triggered = true;
  o.triggeredMs = core.now();
  o.misc.add(o.orderType.startsWith('take-profit') ? 'touched' : 'stopped');
  if (o.orderType === 'trailing-stop-limit' && o.limitOffset && o.limitOffset.kind === 'offset') {
    const base = o.triggerPrice as Decimal;
    const amt = offsetAmount(o.limitOffset, base);
    o.limitPrice = toTick(o.pair, o.limitOffset.sign === '-' ? base.minus(amt) : base.plus(amt));
  }
  const acc = core.wallets.get(o.accountId);
  // GUESSED: the trigger firing is reported as exec_type "status" (the docs list `status` and the
  // `triggers.status: triggered` field but show no example).
  core.emitExec(o, 'status', { reason: 'triggered' });
  // The trigger price only estimated the hold; if the account cannot cover the order at the
  // price it now executes at, the order is cancelled rather than overdrawing the balance.
  try {
    refreshHold(core, acc, o, true);
  } catch (e) {
    if (!(e instanceof SimVenueError)) throw e;
    core.finish(acc, o, 'canceled', REASON.insufficientFunds);
    return true;
  }
  core.execute(acc, o);
  return true;
}

/** Check every waiting order of the touched pairs until nothing more fires. */
export function runSpotTriggers(core: SpotState): void {
  for (let guard = 0; guard < 1000; guard++) {
    let fired = false;
    for (const set of core.waiting.values()) {
      for (const o of [...set]) {
        if (o.status === 'pending' && o.startMs > 0 && o.startMs <= core.now()) {
          set.delete(o);
          core.activate(core.wallets.get(o.accountId), o);
          fired = true;
          continue;
        }
        if (o.status === 'open' && checkSpotTrigger(core, o)) fired = true;
      }
    }
    if (!fired) return;
  }
}
