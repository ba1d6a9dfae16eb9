import type { SpotEditRequest, SpotEditResult, SpotOrderRequest } from '../types/spot-requests.js';
import { SimVenueError } from '../errors.js';
import { Decimal, fixed } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { describeOrder, isTriggeredType } from './model.js';
import { draftSpotOrder } from './validate.js';
import type { SpotState } from './state.js';
import { REASON } from './reasons.js';
import { checkAccount } from './holds.js';

/**
 * Legacy EditOrder (Kraken's EditOrder): cancel the original, create a replacement with a new
 * txid; fills stay on the original. Refused for triggered orders and orders with a conditional close.
 */
export function editSpotOrder(
  core: SpotState,
  acc: SpotAccount,
  req: SpotEditRequest,
  find: (sel: { txid: string }) => SpotOrder,
): SpotEditResult {
  if (req.deadlineMs !== undefined && core.now() > req.deadlineMs) throw new SimVenueError('EService:Deadline elapsed');
  let old: SpotOrder;
  if (/^-?\d+$/.test(req.txid)) {
    const ref = Number(req.txid);
    const match = [...acc.orders.values()].filter((o) => (o.status === 'open' || o.status === 'pending') && o.userref === ref);
    if (match.length !== 1) throw new SimVenueError('EOrder:Unknown order');
    old = match[0] as SpotOrder;
  } else {
    old = find({ txid: req.txid });
  }
  const pair = core.requirePair(req.pair);
  if (pair.id !== old.pair.id) throw new SimVenueError('EGeneral:Invalid arguments:pair', 'pair cannot change');
  // GUESSED wording for the documented "not supported" cases.
  if ((isTriggeredType(old.orderType) && old.triggered) || old.close !== null)
    throw new SimVenueError('EOrder:Invalid order', 'edit not supported for this order');
  const newTotal = req.volume !== undefined ? new Decimal(req.volume) : old.volume;
  if (newTotal.lte(old.volExec)) throw new SimVenueError('EGeneral:Invalid arguments:volume', 'below executed volume');
  // GUESSED: the replacement carries the part not yet executed (fills stay on the original).
  const volume = fixed(newTotal.minus(old.volExec), pair.lotDecimals);
  const keep = (d: Decimal): { kind: 'absolute'; value: string } => ({ kind: 'absolute', value: fixed(d, pair.pairDecimals) });
  const r: SpotOrderRequest = {
    pair: pair.id,
    side: old.side,
    orderType: old.orderType,
    volume,
    timeInForce: old.tif,
    postOnly: req.postOnly ?? old.postOnly,
  };
  if (old.orderType !== 'market') {
    if (req.price) r.price = req.price;
    else if (old.trailingOffset) r.price = old.trailingOffset;
    else
      r.price = keep(
        old.orderType === 'limit' || old.orderType === 'iceberg' ? (old.limitPrice as Decimal) : (old.triggerPrice as Decimal),
      );
  }
  if (old.orderType.endsWith('-limit')) {
    if (req.price2) r.price2 = req.price2;
    else if (old.limitOffset) r.price2 = old.limitOffset;
    else if (old.limitPrice) r.price2 = keep(old.limitPrice);
  }
  if (isTriggeredType(old.orderType)) r.trigger = old.trigger;
  if (old.display !== null) r.displayVol = req.displayVol ?? fixed(Decimal.min(old.display, new Decimal(volume)), pair.lotDecimals);
  if (old.leverage !== null) r.leverage = old.leverage;
  if (old.reduceOnly) r.reduceOnly = true;
  if (old.tif === 'GTD') r.expireTimeMs = old.expireMs;
  const newUserref = req.newUserref ?? old.userref;
  if (newUserref !== null) r.userref = newUserref;

  // Validate the replacement against the account as if the original's hold were already released.
  const draft = draftSpotOrder(acc, r, core.validationMarket());
  if (req.validate) {
    return {
      status: 'ok',
      txid: '',
      originaltxid: old.txid,
      volume,
      price: fixed(draft.descrPrice, pair.pairDecimals),
      price2: fixed(draft.descrPrice2, pair.pairDecimals),
      ordersCancelled: 0,
      descr: { order: describeOrder(draft) },
    };
  }
  const oldUserref = old.userref;
  // Check funds as if the original's hold were already released (silently, no events), so a
  // rejected edit leaves the original untouched.
  const hold = old.hold;
  if (hold) acc.holds.set(hold.asset, (acc.holds.get(hold.asset) ?? new Decimal(0)).minus(hold.amount));
  try {
    checkAccount(core, acc, draft);
  } finally {
    if (hold) acc.holds.set(hold.asset, (acc.holds.get(hold.asset) ?? new Decimal(0)).plus(hold.amount));
  }
  core.finish(acc, old, 'canceled', REASON.replaced);
  draft.refid = old.txid;
  const placed = core.place(acc, draft);
  return {
    status: 'ok',
    txid: placed.txid,
    originaltxid: old.txid,
    volume,
    price: fixed(placed.descrPrice, pair.pairDecimals),
    price2: fixed(placed.descrPrice2, pair.pairDecimals),
    ordersCancelled: 1,
    descr: { order: describeOrder(placed) },
    ...(newUserref !== null ? { newuserref: newUserref } : {}),
    ...(oldUserref !== null ? { olduserref: oldUserref } : {}),
  };
}
