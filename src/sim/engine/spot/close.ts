import { SimVenueError } from '../errors.js';
import type { SpotOrderRequest } from '../types/spot-requests.js';
import { Decimal, fixed } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { isTriggeredType } from './model.js';
import { draftSpotOrder } from './validate.js';
import type { SpotState } from './state.js';
import { checkAccount } from './holds.js';

/** Conditional close (AddOrder `close[...]`): the opposite order placed once the opening order has filled. */

export function placeConditionalClose(core: SpotState, acc: SpotAccount, parent: SpotOrder): void {
  const close = parent.close;
  if (!close) return;
  const req: SpotOrderRequest = {
    pair: parent.pair.id,
    side: parent.side === 'buy' ? 'sell' : 'buy',
    orderType: close.orderType,
    volume: fixed(parent.volExec, parent.pair.lotDecimals),
    price: close.price,
    ...(close.price2 ? { price2: close.price2 } : {}),
    trigger: isTriggeredType(close.orderType) ? parent.trigger : undefined,
    ...(parent.leverage !== null ? { leverage: parent.leverage } : {}),
  };
  if (req.trigger === undefined) delete req.trigger;
  try {
    const draft = draftSpotOrder(acc, req, core.validationMarket());
    draft.refid = parent.txid;
    checkAccount(core, acc, draft);
    core.place(acc, draft);
  } catch (e) {
    // A close that cannot be placed (funds moved, minimum not met) is dropped, as Kraken does not
    // retry it. Anything but a venue rejection is an engine bug and must not be swallowed.
    if (!(e instanceof SimVenueError)) throw e;
  }
}

export function describeConditionalClose(o: SpotOrder): string | null {
  const c = o.close;
  if (!c) return null;
  const p = o.pair;
  const txt = (x: { kind: string; value: string; sign?: string; percent?: boolean }): string =>
    x.kind === 'absolute' ? fixed(new Decimal(x.value), p.pairDecimals) : `${x.sign ?? ''}${x.value}${x.percent ? '%' : ''}`;
  const name = c.orderType.replace(/-/g, ' ').replace(' limit', '');
  let s = `close position @ ${name} ${txt(c.price)}`;
  if (c.price2) s += ` -> limit ${txt(c.price2)}`;
  return s;
}
