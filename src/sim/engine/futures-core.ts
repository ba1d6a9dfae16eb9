import type { FundingRateView } from './types/futures-views.js';
import type { FuturesFillType, FuturesHistoryEvent, FuturesOrderEvent } from './types/futures-orders.js';
import type { FuturesProductSpec } from './types/instruments.js';
import type { Side } from './types/common.js';
import { OrderBook } from './book.js';
import { Decimal, ZERO, minD } from './decimal.js';
import type { EventBus } from './events.js';
import { TradeTape } from './market-data.js';
import type { IdFactory } from './rng.js';
import type { FuturesAccount, FuturesOrder, FuturesPosition } from './futures-model.js';
import { isInverse, isLive, marginRates, notionalUsd, pnlOf, priceDecimals, toFuturesOrderView, unfilled } from './futures-model.js';
import { positionViews } from './futures-views.js';
import { matchFill } from './futures-fills.js';

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

  nextFillSeq(): number {
    return ++this.fillSeq;
  }
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
        matchFill(this, p, acc, o, step.maker, step.qty, step.price, events, takerFillType);
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
