import type { SpotTradeView } from '../types/spot-views.js';
import type { RestingEntry } from '../matching-book.js';
import { Decimal, ZERO, fixed } from '../decimal.js';
import type { SpotAccount, SpotOrder, SpotPosition } from './model.js';
import { isOpen } from './model.js';
import { feeFor } from './pricing.js';
import type { SpotState } from './state.js';
import { makerPercent, refreshHold, takerPercent } from './holds.js';
import { publishClosing } from './margin.js';

/**
 * One match between a taker and a resting maker, and the accounting of each side: order state,
 * cash balances (two ledger entries per trade, quote and base) or margin position, maker/taker
 * fee in quote, the private trade record and the `trade` / `filled` / `iceberg_refill` executions.
 */

/** One match between taker `o` and resting `makerEntry`. */
export function fillSpot(
  core: SpotState,
  acc: SpotAccount,
  taker: SpotOrder,
  makerEntry: RestingEntry,
  qty: Decimal,
  price: Decimal,
  refilled: boolean,
  makerDone: boolean,
): void {
  const pair = taker.pair;
  const maker = core.orders.get(makerEntry.orderId);
  const makerAcc = maker ? core.wallets.get(maker.accountId) : undefined;
  const takerType = taker.limitPrice === null ? 'market' : 'limit';
  const trade = core.tape(pair).record(price, qty, taker.side, takerType, core.now());
  const list = core.pendingTrades.get(pair.id) ?? [];
  list.push(trade);
  core.pendingTrades.set(pair.id, list);
  core.touchedPairs.add(pair.id);
  applySide(core, acc, taker, qty, price, false, trade.tradeId);
  if (maker && makerAcc) {
    if (makerDone) maker.resting = false;
    applySide(core, makerAcc, maker, qty, price, true, trade.tradeId);
    if (refilled && isOpen(maker)) core.emitExec(maker, 'iceberg_refill');
  }
}

/** Accounting for one side of a match: order state, balances or margin, fees, trade record, events. */
function applySide(core: SpotState, acc: SpotAccount, o: SpotOrder, qty: Decimal, price: Decimal, maker: boolean, tradeId: number): void {
  const pair = o.pair;
  const cost = qty.times(price);
  const pct = maker ? makerPercent(acc, pair) : takerPercent(acc, pair);
  // Fees are charged in the quote asset, so they are rounded to what that asset can hold
  // (ZUSD has 4 decimals while XBTUSD costs carry 5): the ledger and the trade agree to the unit.
  const fee = acc.unlimited ? ZERO : feeFor(cost, pct, Math.min(pair.costDecimals, core.wallets.decimalsOf(pair.quote)));
  const txid = core.ids.kraken('T');
  o.volExec = o.volExec.plus(qty);
  if (o.cashQty !== null) o.volume = o.volExec;
  o.cost = o.cost.plus(cost);
  o.fee = o.fee.plus(fee);
  o.tradeTxids.push(txid);
  if (o.volExec.lt(o.volume)) o.misc.add('partial');
  acc.volume.set(pair.quote, (acc.volume.get(pair.quote) ?? ZERO).plus(cost));
  let posstatus: string | null = null;
  let opened: SpotPosition | null = null;
  const ledgerIds: string[] = [];
  if (!acc.unlimited) {
    if (o.leverage !== null) {
      const applied = core.margin.applyFill(acc, o, qty, price, fee, txid);
      posstatus = applied.posstatus;
      opened = applied.opened;
      ledgerIds.push(...applied.ledgerIds);
      core.deferred.push(() => core.restateReduceOnly(acc, o.pair));
    } else if (o.side === 'buy') {
      const l1 = core.wallets.post(acc, pair.quote, cost.neg(), fee, 'trade', txid);
      const l2 = core.wallets.post(acc, pair.base, qty, ZERO, 'trade', txid);
      for (const l of [l1, l2]) if (l) ledgerIds.push(l.id);
    } else {
      const l1 = core.wallets.post(acc, pair.base, qty.neg(), ZERO, 'trade', txid);
      const l2 = core.wallets.post(acc, pair.quote, cost, fee, 'trade', txid);
      for (const l of [l1, l2]) if (l) ledgerIds.push(l.id);
    }
    const view: SpotTradeView = {
      txid,
      tradeId,
      ordertxid: o.txid,
      postxid: core.ids.kraken('T'),
      pair: pair.id,
      timeMs: core.now(),
      side: o.side,
      orderType: o.orderType,
      price: fixed(price, pair.pairDecimals),
      cost: fixed(cost, pair.costDecimals),
      fee: fixed(fee, pair.costDecimals),
      feeAsset: pair.quote,
      vol: fixed(qty, pair.lotDecimals),
      margin: o.leverage !== null ? fixed(cost.div(o.leverage), pair.costDecimals) : fixed(ZERO, pair.costDecimals),
      leverage: o.leverage !== null ? `${o.leverage}:1` : 'none',
      maker,
      misc: [],
      posstatus,
      ledgerIds,
    };
    acc.trades.push(view);
    if (opened !== null) {
      opened.openingTrade = view;
      publishClosing(opened);
    }
  }
  const done = o.volExec.gte(o.volume) && o.cashQty === null;
  const cashDone = o.cashQty !== null && o.cashQty.minus(o.cost).lt(price.times(new Decimal(1).div(new Decimal(10).pow(pair.lotDecimals))));
  o.execStatus = done || cashDone ? 'filled' : 'partially_filled';
  core.emitExec(o, 'trade', {
    fill: {
      execId: txid,
      tradeId,
      lastQty: fixed(qty, pair.lotDecimals),
      lastPrice: fixed(price, pair.pairDecimals),
      cost: fixed(cost, pair.costDecimals),
      fee: fixed(fee, pair.costDecimals),
      feeAsset: pair.quote,
      liquidityInd: maker ? 'm' : 't',
    },
  });
  if (done || cashDone) {
    core.finish(acc, o, 'closed', null);
  } else {
    refreshHold(core, acc, o);
  }
}
