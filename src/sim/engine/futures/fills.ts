import type { FuturesFillType, FuturesOrderEvent, FuturesOrderView } from '../types/futures-orders.js';
import type { RestingEntry } from '../matching-book.js';
import { Decimal, ZERO, fixed, minD } from '../decimal.js';
import type { FuturesState, ProductState } from './state.js';
import type { FuturesAccount, FuturesOrder } from './model.js';
import { isInverse, notionalUsd, pnlOf, priceDecimals, toFuturesOrderView, unfilled } from './model.js';
import { recordPositionAndLedger } from './history.js';

/**
 * One futures match and its accounting on both sides: fee on notional (inverse: contracts /
 * price in XBT), position netting with average entry (inverse: harmonic), realised P&L and the
 * realised share of unrealised funding into the settlement currency, fills and history events.
 */

export function matchFill(
  core: FuturesState,
  p: ProductState,
  acc: FuturesAccount,
  taker: FuturesOrder,
  makerEntry: RestingEntry,
  qty: Decimal,
  price: Decimal,
  events: FuturesOrderEvent[],
  takerFillType: FuturesFillType,
): void {
  const maker = core.orders.get(makerEntry.orderId);
  const execId = core.ids.uuid();
  const prior = toFuturesOrderView(taker);
  const trade = p.trades.record(price, qty, taker.side, taker.orderType === 'mkt' ? 'market' : 'limit', core.now());
  core.bus.emit({
    type: 'futures.trade',
    timeMs: core.now(),
    symbol: p.spec.symbol,
    trade: { ...trade, type: takerFillType === 'liquidation' ? 'liquidation' : 'fill' },
  });
  applyFill(core, p, acc, taker, qty, price, takerFillType, execId, taker.orderType, maker ? toFuturesOrderView(maker) : undefined);
  events.push({
    type: 'EXECUTION',
    executionId: execId,
    price: fixed(price, priceDecimals(p.spec)),
    amount: fixed(qty, p.spec.contractValueTradePrecision),
    orderPriorExecution: prior,
    takerReducedQuantity: null,
  });
  if (maker) {
    const makerAcc = core.accounts.get(maker.accountId) as FuturesAccount;
    if (makerEntry.remaining.lte(0)) maker.resting = false;
    applyFill(core, p, makerAcc, maker, qty, price, 'maker', execId, taker.orderType, toFuturesOrderView(taker));
  }
}

function applyFill(
  core: FuturesState,
  p: ProductState,
  acc: FuturesAccount,
  o: FuturesOrder,
  qty: Decimal,
  price: Decimal,
  fillType: FuturesFillType,
  execId: string,
  takerType: string,
  counterOrder: FuturesOrderView | undefined,
): void {
  const spec = p.spec;
  o.filled = o.filled.plus(qty);
  o.lastUpdateMs = core.now();
  o.status = o.filled.gte(o.size) ? 'filled' : 'partiallyFilled';
  const feeRate = new Decimal(fillType === 'maker' ? spec.makerFee : spec.takerFee);
  const notional = isInverse(spec) ? qty.times(spec.contractSize).div(price) : qty.times(spec.contractSize).times(price);
  const fee = acc.unlimited ? ZERO : notional.times(feeRate);
  const ccy = spec.settlementCurrency;
  if (!acc.unlimited) {
    const signed = o.side === 'buy' ? qty : qty.neg();
    const before = acc.positions.get(spec.symbol);
    const oldSize = before?.size ?? ZERO;
    const oldEntry = before?.entry ?? null;
    const oldBalance = acc.balances.get(ccy) ?? ZERO;
    const realised = updatePosition(core, p, acc, signed, price);
    acc.balances.set(ccy, oldBalance.plus(realised).minus(fee));
    const view = {
      fillId: execId,
      orderId: o.orderId,
      cliOrdId: o.cliOrdId,
      symbol: spec.symbol,
      side: o.side,
      size: fixed(qty, spec.contractValueTradePrecision),
      price: fixed(price, priceDecimals(spec)),
      fillTimeMs: core.now(),
      fillType,
      remainingOrderQty: fixed(unfilled(o), spec.contractValueTradePrecision),
      feePaid: fee.toFixed(isInverse(spec) ? 10 : 8),
      feeCurrency: ccy === 'XBT' ? 'BTC' : ccy,
      orderType:
        o.orderType === 'mkt'
          ? 'market'
          : o.orderType === 'stp' || o.orderType === 'take_profit' || o.orderType === 'trailing_stop'
            ? 'stp'
            : o.orderType,
      takerOrderType: takerType === 'mkt' ? 'market' : takerType,
      seq: core.nextFillSeq(),
    };
    acc.fills.push(view);
    const after = acc.positions.get(spec.symbol);
    const pos = after?.size ?? ZERO;
    core.history(acc, 'Execution', o, null, {
      execution: {
        uid: execId,
        price: view.price,
        quantity: view.size,
        markPrice: fixed(p.mark, priceDecimals(spec)),
        fee: view.feePaid,
        feeRate: feeRate.toFixed(),
        positionSize: fixed(pos, spec.contractValueTradePrecision),
        maker: fillType === 'maker',
        usdValue: notionalUsd(spec, qty, price).toFixed(2),
        ...(counterOrder ? { counterOrder } : {}),
      },
    });
    recordPositionAndLedger(core, acc, {
      spec,
      execId,
      price: view.price,
      size: view.size,
      fee: view.feePaid,
      feeCurrency: view.feeCurrency,
      realised,
      oldSize,
      oldEntry,
      newSize: pos,
      newEntry: after?.entry ?? null,
      oldBalance,
      newBalance: acc.balances.get(ccy) ?? ZERO,
      mark: fixed(p.mark, priceDecimals(spec)),
      liquidation: fillType === 'liquidation',
    });
    core.bus.emit({ type: 'futures.fill', timeMs: core.now(), accountId: acc.id, fill: view });
    core.markAccountChanged(acc);
  }
  if (o.status === 'filled') {
    o.closedMs = core.now();
    if (o.resting) {
      p.book.remove(o.orderId, core.now());
      o.resting = false;
    }
    core.emitOrder(o, true, 'full_fill');
  } else {
    core.emitOrder(o, false, 'partial_fill');
  }
}

/** Apply a signed fill to the position; returns realised P&L (settlement currency) incl. realised funding. */
export function updatePosition(core: FuturesState, p: ProductState, acc: FuturesAccount, signed: Decimal, price: Decimal): Decimal {
  const sym = p.spec.symbol;
  const pos = acc.positions.get(sym) ?? { size: ZERO, entry: price, unrealizedFunding: ZERO, fillTimeMs: core.now() };
  let realised = ZERO;
  if (pos.size.isZero() || pos.size.isNeg() === signed.isNeg()) {
    const a = pos.size.abs();
    const b = signed.abs();
    pos.entry = pos.size.isZero()
      ? price
      : isInverse(p.spec)
        ? a.plus(b).div(a.div(pos.entry).plus(b.div(price)))
        : a.times(pos.entry).plus(b.times(price)).div(a.plus(b));
    pos.size = pos.size.plus(signed);
  } else {
    const closing = minD(pos.size.abs(), signed.abs());
    const closingSigned = pos.size.isPos() ? closing : closing.neg();
    realised = pnlOf(p.spec, closingSigned, pos.entry, price);
    const share = closing.div(pos.size.abs());
    const fundingPart = pos.unrealizedFunding.times(share);
    realised = realised.plus(fundingPart);
    pos.unrealizedFunding = pos.unrealizedFunding.minus(fundingPart);
    const rest = signed.abs().minus(closing);
    pos.size = pos.size.plus(signed.isNeg() ? closing.neg() : closing);
    if (pos.size.isZero() && rest.gt(0)) {
      pos.size = signed.isNeg() ? rest.neg() : rest;
      pos.entry = price;
      pos.unrealizedFunding = ZERO;
    }
  }
  pos.fillTimeMs = core.now();
  if (pos.size.isZero()) acc.positions.delete(sym);
  else acc.positions.set(sym, pos);
  return realised;
}
