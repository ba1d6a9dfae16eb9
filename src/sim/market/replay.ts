import type { ReplayMessage } from '../engine/types/engine.js';
import { SimVenueError } from '../engine/errors.js';
import { Decimal, fixed } from '../engine/decimal.js';
import { isOpen } from '../engine/spot/model.js';
import type { SpotCore } from '../engine/spot/core.js';

/**
 * Replay mode: recorded L2 snapshots / updates become the market participant's resting orders
 * (so user orders queue and match against them), and recorded trades print on the tape — first
 * crossing any user orders at that price, then printing the rest as an external trade.
 */
export function applyReplay(core: SpotCore, msg: ReplayMessage): void {
  const pair = core.pair(msg.pair);
  if (!pair) throw new SimVenueError('EQuery:Unknown asset pair');
  const acc = core.wallets.get(core.marketAccountId());
  const participantOrders = () => [...acc.orders.values()].filter((o) => o.pair.id === pair.id && isOpen(o));
  const setLevel = (side: 'buy' | 'sell', price: string, qty: string): void => {
    const p = new Decimal(price);
    for (const o of participantOrders()) if (o.side === side && o.limitPrice?.eq(p)) core.finish(acc, o, 'canceled', 'User requested');
    const q = new Decimal(qty);
    if (q.gt(0)) {
      core.placeParticipantOrder(pair, {
        side,
        orderType: 'limit',
        volume: fixed(q, pair.lotDecimals),
        price: { kind: 'absolute', value: fixed(p, pair.pairDecimals) },
      });
    }
  };
  switch (msg.kind) {
    case 'book_snapshot':
      for (const o of participantOrders()) core.finish(acc, o, 'canceled', 'User requested');
      for (const l of msg.bids) setLevel('buy', l.price, l.qty);
      for (const l of msg.asks) setLevel('sell', l.price, l.qty);
      break;
    case 'book_update':
      for (const l of msg.bids ?? []) setLevel('buy', l.price, l.qty);
      for (const l of msg.asks ?? []) setLevel('sell', l.price, l.qty);
      break;
    case 'trade': {
      const price = new Decimal(msg.price);
      const qty = new Decimal(msg.qty);
      const o = core.placeParticipantOrder(pair, {
        side: msg.side,
        orderType: 'limit',
        timeInForce: 'IOC',
        volume: fixed(qty, pair.lotDecimals),
        price: { kind: 'absolute', value: fixed(price, pair.pairDecimals) },
      });
      const filled = o ? o.volExec : new Decimal(0);
      if (qty.gt(filled)) core.recordExternalTrade(pair, msg.side, price, qty.minus(filled));
      break;
    }
  }
  for (const [id, o] of acc.orders) {
    if (isOpen(o)) continue;
    acc.orders.delete(id);
    core.orders.delete(id);
  }
  core.settle();
}
