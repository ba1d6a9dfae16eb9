import type {
  FundingRateView,
  FuturesFillType,
  FuturesHistoryEvent,
  FuturesOrderEvent,
  FuturesProductSpec,
  Side,
} from './api.js';
import { OrderBook } from './book.js';
import type { RestingEntry } from './book.js';
import { Decimal, ZERO, fixed, minD } from './decimal.js';
import type { EventBus } from './events.js';
import { TradeTape } from './market-data.js';
import type { IdFactory } from './rng.js';
import type { FuturesAccount, FuturesOrder, FuturesPosition } from './futures-model.js';
import { isInverse, isLive, marginRates, notionalUsd, pnlOf, priceDecimals, toFuturesOrderView, unfilled } from './futures-model.js';
import { positionViews } from './futures-views.js';

export const FUTURES_MARKET_ACCOUNT = '__market__';
const HOUR = 3_600_000;
/** Charts API resolutions in minutes (futures-rest.md §8). */
export const FUTURES_RESOLUTIONS: Record<string, number> = { '1m': 1, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '4h': 240, '12h': 720, '1d': 1440, '1w': 10080 };
const RES_LIST = Object.values(FUTURES_RESOLUTIONS);

export interface ProductState {
  spec: FuturesProductSpec;
  book: OrderBook;
  trades: TradeTape;
  markTape: TradeTape;
  indexTape: TradeTape;
  mark: Decimal;
  index: Decimal;
  fundingHistory: FundingRateView[];
  /** Relative rate accruing in the current hour (paid at the next boundary). */
  relativeRate: Decimal;
  nextFundingMs: number;
  openInterest: Decimal;
  expired: boolean;
}

/**
 * Futures venue core: books, order lifecycle, fills, positions, margin, funding.
 * All account values are valued in USD for margin (XBT at the product index).
 */
export class FuturesCore {
  readonly products = new Map<string, ProductState>();
  readonly accounts = new Map<string, FuturesAccount>();
  readonly orders = new Map<string, FuturesOrder>();
  private fillSeq = 0;
  private readonly touched = new Set<string>();
  private readonly changedAccounts = new Set<string>();

  constructor(
    specs: FuturesProductSpec[],
    readonly bus: EventBus,
    readonly ids: IdFactory,
    readonly now: () => number,
  ) {
    const start = now();
    for (const spec of specs) {
      const pd = priceDecimals(spec);
      const qd = spec.contractValueTradePrecision;
      const px = new Decimal(spec.initialPrice);
      this.products.set(spec.symbol.toUpperCase(), {
        spec,
        book: new OrderBook(pd, qd),
        trades: new TradeTape(pd, qd, RES_LIST),
        markTape: new TradeTape(pd, qd, RES_LIST),
        indexTape: new TradeTape(pd, qd, RES_LIST),
        mark: px,
        index: px,
        fundingHistory: [],
        relativeRate: ZERO,
        nextFundingMs: Math.floor(start / HOUR) * HOUR + HOUR,
        openInterest: ZERO,
        expired: false,
      });
    }
    this.createAccount(FUTURES_MARKET_ACCOUNT, true);
  }

  createAccount(id: string, unlimited = false): FuturesAccount {
    const existing = this.accounts.get(id);
    if (existing) return existing;
    const acc: FuturesAccount = { id, balances: new Map(), positions: new Map(), orders: new Map(), fills: [], history: [], dmsTriggerMs: 0, unlimited };
    this.accounts.set(id, acc);
    return acc;
  }

  product(symbol: string): ProductState | undefined {
    return this.products.get(symbol.toUpperCase());
  }

  // ---------------------------------------------------------------------------------------------
  // Valuation and margin
  // ---------------------------------------------------------------------------------------------

  /** USD value of a currency amount (XBT/ETH at the index of a product on that base). */
  usd(ccy: string, amount: Decimal): Decimal {
    const c = ccy.toUpperCase();
    if (c === 'USD' || c === 'USDT' || c === 'USDC') return amount;
    const base = c === 'BTC' ? 'XBT' : c;
    for (const st of this.products.values()) if (st.spec.base === base) return amount.times(st.index);
    return ZERO;
  }

  settlementUsd(p: ProductState, amount: Decimal): Decimal {
    return isInverse(p.spec) ? amount.times(p.mark) : amount;
  }

  unrealizedPnl(p: ProductState, pos: FuturesPosition): Decimal {
    return pnlOf(p.spec, pos.size, pos.entry, p.mark);
  }

  positionIm(p: ProductState, pos: FuturesPosition): { im: Decimal; mm: Decimal } {
    const r = marginRates(p.spec, pos.size.abs());
    const n = notionalUsd(p.spec, pos.size, p.mark);
    return { im: n.times(r.im), mm: n.times(r.mm) };
  }

  /** Initial margin (USD) an open order reserves: only the part that would increase exposure. */
  orderIm(acc: FuturesAccount, o: FuturesOrder): Decimal {
    const p = this.product(o.product.symbol) as ProductState;
    const pos = acc.positions.get(o.product.symbol)?.size ?? ZERO;
    const signed = o.side === 'buy' ? unfilled(o) : unfilled(o).neg();
    const reducing = pos.isZero() || pos.isNeg() === signed.isNeg() ? ZERO : minD(pos.abs(), signed.abs());
    const increasing = o.reduceOnly ? ZERO : signed.abs().minus(reducing);
    if (increasing.lte(0)) return ZERO;
    const px = o.limitPrice ?? o.stopPrice ?? p.mark;
    return notionalUsd(p.spec, increasing, px).times(marginRates(p.spec, increasing).im);
  }

  figures(acc: FuturesAccount) {
    let collateral = ZERO;
    for (const [ccy, bal] of acc.balances) collateral = collateral.plus(this.usd(ccy, bal));
    let pnl = ZERO;
    let funding = ZERO;
    let im = ZERO;
    let mm = ZERO;
    for (const [sym, pos] of acc.positions) {
      const p = this.product(sym) as ProductState;
      pnl = pnl.plus(this.settlementUsd(p, this.unrealizedPnl(p, pos)));
      funding = funding.plus(this.settlementUsd(p, pos.unrealizedFunding));
      const m = this.positionIm(p, pos);
      im = im.plus(m.im);
      mm = mm.plus(m.mm);
    }
    let orderIm = ZERO;
    for (const o of acc.orders.values()) if (isLive(o)) orderIm = orderIm.plus(this.orderIm(acc, o));
    const equity = collateral.plus(pnl).plus(funding);
    return { collateral, pnl, funding, im, mm, orderIm, equity, available: equity.minus(im).minus(orderIm) };
  }

  // ---------------------------------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------------------------------

  history(acc: FuturesAccount, kind: FuturesHistoryEvent['kind'], o: FuturesOrder, reason: string | null, execution?: FuturesHistoryEvent['execution']): void {
    if (acc.unlimited) return;
    acc.history.push({ uid: this.ids.uuid(), timestampMs: this.now(), kind, order: toFuturesOrderView(o), reason, ...(execution ? { execution } : {}) });
  }

  emitOrder(o: FuturesOrder, isCancel: boolean, reason: string): void {
    const acc = this.accounts.get(o.accountId);
    if (!acc || acc.unlimited) return;
    this.bus.emit({ type: 'futures.order', timeMs: this.now(), accountId: acc.id, order: toFuturesOrderView(o), isCancel, reason });
  }

  markAccountChanged(acc: FuturesAccount): void {
    if (!acc.unlimited) this.changedAccounts.add(acc.id);
  }

  // ---------------------------------------------------------------------------------------------
  // Matching
  // ---------------------------------------------------------------------------------------------

  /** Run a live (non-trigger) order: match, then rest or cancel the remainder. Returns EXECUTION events. */
  execute(o: FuturesOrder, events: FuturesOrderEvent[], takerFillType: FuturesFillType = 'taker'): void {
    const p = this.product(o.product.symbol) as ProductState;
    const acc = this.accounts.get(o.accountId) as FuturesAccount;
    let limit = o.limitPrice;
    if (o.orderType === 'mkt' || (o.isTrigger && o.triggered && o.limitPrice === null)) {
      // `mkt` is an IOC with 1 % price protection (futures-rest.md sendorder).
      const best = p.book.best(o.side === 'buy' ? 'sell' : 'buy') ?? p.mark;
      const tick = new Decimal(p.spec.tickSize);
      limit = o.side === 'buy' ? best.times('1.01').div(tick).floor().times(tick) : best.times('0.99').div(tick).ceil().times(tick);
    }
    this.touched.add(p.spec.symbol);
    const immediate = o.orderType === 'ioc' || o.orderType === 'mkt' || o.orderType === 'fok' || (o.isTrigger && o.triggered && o.limitPrice === null);
    if (o.reduceOnly) this.capReduceOnly(acc, o);
    if (unfilled(o).gt(0)) {
      p.book.match(o.side, limit, unfilled(o), this.now(), (step) => {
        this.fill(p, acc, o, step.maker, step.qty, step.price, events, takerFillType);
        return isLive(o) ? unfilled(o) : ZERO;
      }, (maker) => maker.accountId === acc.id && !acc.unlimited);
    }
    if (!isLive(o)) return;
    if (immediate || unfilled(o).lte(0)) {
      this.close(acc, o, 'cancelled', unfilled(o).lte(0) ? 'full_fill' : 'ioc_order_failed_because_it_would_not_be_executed', events);
      return;
    }
    if (!o.resting && limit !== null) {
      p.book.add({ orderId: o.orderId, accountId: acc.id, side: o.side, price: limit, remaining: unfilled(o), display: null, visible: unfilled(o) }, this.now());
      o.resting = true;
    }
  }

  private capReduceOnly(acc: FuturesAccount, o: FuturesOrder): void {
    const pos = acc.positions.get(o.product.symbol)?.size ?? ZERO;
    const reducible = (o.side === 'buy' && pos.lt(0)) || (o.side === 'sell' && pos.gt(0)) ? pos.abs() : ZERO;
    if (unfilled(o).gt(reducible)) o.size = o.filled.plus(reducible);
  }

  private fill(p: ProductState, acc: FuturesAccount, taker: FuturesOrder, makerEntry: RestingEntry, qty: Decimal, price: Decimal, events: FuturesOrderEvent[], takerFillType: FuturesFillType): void {
    const maker = this.orders.get(makerEntry.orderId);
    const execId = this.ids.uuid();
    const prior = toFuturesOrderView(taker);
    const trade = p.trades.record(price, qty, taker.side, taker.orderType === 'mkt' ? 'market' : 'limit', this.now());
    this.bus.emit({ type: 'futures.trade', timeMs: this.now(), symbol: p.spec.symbol, trade: { ...trade, type: takerFillType === 'liquidation' ? 'liquidation' : 'fill' } });
    this.applyFill(p, acc, taker, qty, price, takerFillType, execId, taker.orderType);
    events.push({ type: 'EXECUTION', executionId: execId, price: fixed(price, priceDecimals(p.spec)), amount: fixed(qty, p.spec.contractValueTradePrecision), orderPriorExecution: prior, takerReducedQuantity: null });
    if (maker) {
      const makerAcc = this.accounts.get(maker.accountId) as FuturesAccount;
      if (makerEntry.remaining.lte(0)) maker.resting = false;
      this.applyFill(p, makerAcc, maker, qty, price, 'maker', execId, taker.orderType);
    }
  }

  private applyFill(p: ProductState, acc: FuturesAccount, o: FuturesOrder, qty: Decimal, price: Decimal, fillType: FuturesFillType, execId: string, takerType: string): void {
    const spec = p.spec;
    o.filled = o.filled.plus(qty);
    o.lastUpdateMs = this.now();
    o.status = o.filled.gte(o.size) ? 'filled' : 'partiallyFilled';
    const feeRate = new Decimal(fillType === 'maker' ? spec.makerFee : spec.takerFee);
    const notional = isInverse(spec) ? qty.times(spec.contractSize).div(price) : qty.times(spec.contractSize).times(price);
    const fee = acc.unlimited ? ZERO : notional.times(feeRate);
    const ccy = spec.settlementCurrency;
    if (!acc.unlimited) {
      const signed = o.side === 'buy' ? qty : qty.neg();
      const realised = this.updatePosition(p, acc, signed, price);
      acc.balances.set(ccy, (acc.balances.get(ccy) ?? ZERO).plus(realised).minus(fee));
      const view = {
        fillId: execId,
        orderId: o.orderId,
        cliOrdId: o.cliOrdId,
        symbol: spec.symbol,
        side: o.side,
        size: fixed(qty, spec.contractValueTradePrecision),
        price: fixed(price, priceDecimals(spec)),
        fillTimeMs: this.now(),
        fillType,
        remainingOrderQty: fixed(unfilled(o), spec.contractValueTradePrecision),
        feePaid: fee.toFixed(isInverse(spec) ? 10 : 8),
        feeCurrency: ccy === 'XBT' ? 'BTC' : ccy,
        orderType: o.orderType === 'mkt' ? 'market' : o.orderType === 'stp' || o.orderType === 'take_profit' || o.orderType === 'trailing_stop' ? 'stp' : o.orderType,
        takerOrderType: takerType === 'mkt' ? 'market' : takerType,
        seq: ++this.fillSeq,
      };
      acc.fills.push(view);
      const pos = acc.positions.get(spec.symbol)?.size ?? ZERO;
      this.history(acc, 'Execution', o, null, { uid: execId, price: view.price, quantity: view.size, markPrice: fixed(p.mark, priceDecimals(spec)), fee: view.feePaid, positionSize: fixed(pos, spec.contractValueTradePrecision), maker: fillType === 'maker', usdValue: notionalUsd(spec, qty, price).toFixed(2) });
      this.bus.emit({ type: 'futures.fill', timeMs: this.now(), accountId: acc.id, fill: view });
      this.markAccountChanged(acc);
    }
    if (o.status === 'filled') {
      o.closedMs = this.now();
      if (o.resting) {
        p.book.remove(o.orderId, this.now());
        o.resting = false;
      }
      this.emitOrder(o, true, 'full_fill');
    } else {
      this.emitOrder(o, false, 'partial_fill');
    }
  }

  /** Apply a signed fill to the position; returns realised P&L (settlement currency) incl. realised funding. */
  updatePosition(p: ProductState, acc: FuturesAccount, signed: Decimal, price: Decimal): Decimal {
    const sym = p.spec.symbol;
    const pos = acc.positions.get(sym) ?? { size: ZERO, entry: price, unrealizedFunding: ZERO, fillTimeMs: this.now() };
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
    pos.fillTimeMs = this.now();
    if (pos.size.isZero()) acc.positions.delete(sym);
    else acc.positions.set(sym, pos);
    return realised;
  }

  /** Terminal cancel (or completion) of an order. */
  close(acc: FuturesAccount, o: FuturesOrder, status: 'cancelled' | 'filled', reason: string, events: FuturesOrderEvent[]): void {
    if (!isLive(o)) return;
    const p = this.product(o.product.symbol) as ProductState;
    if (o.resting) {
      p.book.remove(o.orderId, this.now());
      o.resting = false;
      this.touched.add(p.spec.symbol);
    }
    o.status = status;
    o.closedMs = this.now();
    o.lastUpdateMs = this.now();
    if (status === 'cancelled') {
      events.push({ type: 'CANCEL', uid: o.orderId, order: toFuturesOrderView(o) });
      this.history(acc, o.isTrigger && !o.triggered ? 'TriggerCancelled' : 'OrderCancelled', o, reason);
    }
    this.emitOrder(o, true, reason);
    this.markAccountChanged(acc);
  }

  // ---------------------------------------------------------------------------------------------
  // Triggers, funding, time
  // ---------------------------------------------------------------------------------------------

  signalPrice(p: ProductState, signal: 'mark' | 'index' | 'last' | null): Decimal {
    if (signal === 'index') return p.index;
    if (signal === 'last') return p.trades.lastPrice ?? p.mark;
    return p.mark;
  }

  checkTriggers(): void {
    for (let guard = 0; guard < 100; guard++) {
      let fired = false;
      for (const acc of this.accounts.values()) {
        for (const o of [...acc.orders.values()]) {
          if (!isLive(o) || !o.isTrigger || o.triggered) continue;
          const p = this.product(o.product.symbol) as ProductState;
          const ref = this.signalPrice(p, o.triggerSignal);
          if (o.trailing) {
            const better = o.peak === null || (o.side === 'sell' ? ref.gt(o.peak) : ref.lt(o.peak));
            if (better) {
              o.peak = ref;
              const dev = o.trailing.unit === 'PERCENT' ? ref.times(o.trailing.maxDeviation).div(100) : o.trailing.maxDeviation;
              o.stopPrice = o.side === 'sell' ? ref.minus(dev) : ref.plus(dev);
              const tick = new Decimal(p.spec.tickSize);
              o.stopPrice = o.stopPrice.div(tick).round().times(tick);
            }
          }
          const stop = o.stopPrice as Decimal;
          const stopLike = o.orderType === 'stp' || o.orderType === 'trailing_stop';
          const fire = stopLike ? (o.side === 'buy' ? ref.gte(stop) : ref.lte(stop)) : o.side === 'buy' ? ref.lte(stop) : ref.gte(stop);
          if (!fire) continue;
          fired = true;
          o.triggered = true;
          o.lastUpdateMs = this.now();
          if (o.limitPrice === null && o.limitOffset) {
            const off = o.limitOffset.unit === 'PERCENT' ? stop.times(o.limitOffset.value).div(100) : o.limitOffset.value;
            const tick = new Decimal(p.spec.tickSize);
            o.limitPrice = stop.plus(off).div(tick).round().times(tick);
          }
          this.history(acc, 'TriggerActivated', o, 'stop_order_triggered');
          // open_orders: the trigger leaves as `stop_order_triggered`, the resulting order arrives as `limit_order_from_stop`.
          this.emitOrder(o, true, 'stop_order_triggered');
          if (o.limitPrice !== null) this.emitOrder(o, false, 'limit_order_from_stop');
          this.execute(o, []);
        }
      }
      if (!fired) return;
    }
  }

  /** Publish book deltas, positions/balances of changed accounts. */
  publish(accountsView: (acc: FuturesAccount) => unknown): void {
    const now = this.now();
    for (const p of this.products.values()) {
      const ch = p.book.flush();
      for (const l of ch.bids) this.bus.emit({ type: 'futures.book', timeMs: now, symbol: p.spec.symbol, side: 'buy', price: l.price, qty: l.qty });
      for (const l of ch.asks) this.bus.emit({ type: 'futures.book', timeMs: now, symbol: p.spec.symbol, side: 'sell', price: l.price, qty: l.qty });
    }
    for (const id of [...this.changedAccounts].sort()) {
      const acc = this.accounts.get(id) as FuturesAccount;
      this.bus.emit({ type: 'futures.positions', timeMs: now, accountId: id, positions: positionViews(this, acc) });
      this.bus.emit({ type: 'futures.balances', timeMs: now, accountId: id, accounts: accountsView(acc) as never });
    }
    this.changedAccounts.clear();
    this.touched.clear();
  }

  sideOf(s: string): Side {
    return s === 'sell' ? 'sell' : 'buy';
  }
}
