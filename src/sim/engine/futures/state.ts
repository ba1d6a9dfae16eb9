import type { FundingRateView } from '../types/futures-views.js';
import type { FuturesFillType, FuturesHistoryEvent, FuturesOrderEvent } from '../types/futures-orders.js';
import type { FuturesProductSpec } from '../types/instruments.js';
import type { Side } from '../types/common.js';
import { MatchingBook } from '../matching-book.js';
import { Decimal, ZERO, minD } from '../decimal.js';
import type { EventBus } from '../events.js';
import { TradeTape } from '../market-data.js';
import type { IdFactory } from '../ids.js';
import type { FuturesAccount, FuturesOrder, FuturesPosition } from './model.js';
import { isInverse, isLive, marginRates, notionalUsd, pnlOf, priceDecimals, toFuturesOrderView, unfilled } from './model.js';

export const FUTURES_MARKET_ACCOUNT = '__market__';
const HOUR = 3_600_000;
/** Charts API resolutions in minutes. */
/** How many public order events each market keeps for `/market/{symbol}/orders`. */
const MARKET_ORDER_EVENTS = 1000;

export const FUTURES_RESOLUTIONS: Record<string, number> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '4h': 240,
  '12h': 720,
  '1d': 1440,
  '1w': 10080,
};
const RES_LIST = Object.values(FUTURES_RESOLUTIONS);

export interface ProductState {
  spec: FuturesProductSpec;
  book: MatchingBook;
  trades: TradeTape;
  markTape: TradeTape;
  indexTape: TradeTape;
  mark: Decimal;
  index: Decimal;
  fundingHistory: FundingRateView[];
  /** Order events of every account in this market, oldest first (bounded). */
  orderEvents: FuturesHistoryEvent[];
  /** Relative rate accruing in the current hour (paid at the next boundary). */
  relativeRate: Decimal;
  nextFundingMs: number;
  openInterest: Decimal;
  expired: boolean;
}

/**
 * The futures venue's state (products, accounts, orders) with valuation, margin and event
 * helpers. All account values are valued in USD for margin (XBT at the product index). The order
 * lifecycle is only declared here: `FuturesCore` implements it, so fills, views, funding and
 * liquidation depend on this module and never on the core that calls them.
 */
export abstract class FuturesState {
  readonly products = new Map<string, ProductState>();
  readonly accounts = new Map<string, FuturesAccount>();
  readonly orders = new Map<string, FuturesOrder>();
  private fillSeq = 0;

  nextFillSeq(): number {
    return ++this.fillSeq;
  }
  /** Accounts whose positions and balances are published at the next `publish`. */
  protected readonly changedAccounts = new Set<string>();

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
        book: new MatchingBook(pd, qd),
        trades: new TradeTape(pd, qd, RES_LIST),
        markTape: new TradeTape(pd, qd, RES_LIST),
        indexTape: new TradeTape(pd, qd, RES_LIST),
        mark: px,
        index: px,
        fundingHistory: [],
        orderEvents: [],
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
    const acc: FuturesAccount = {
      id,
      balances: new Map(),
      positions: new Map(),
      orders: new Map(),
      fills: [],
      history: [],
      positionHistory: [],
      accountLog: [],
      dmsTriggerMs: 0,
      unlimited,
    };
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

  history(
    acc: FuturesAccount,
    kind: FuturesHistoryEvent['kind'],
    o: FuturesOrder,
    reason: string | null,
    extra: Pick<FuturesHistoryEvent, 'execution' | 'oldOrder'> = {},
  ): void {
    const event: FuturesHistoryEvent = {
      uid: this.ids.uuid(),
      timestampMs: this.now(),
      kind,
      order: toFuturesOrderView(o),
      reason,
      ...extra,
    };
    // Every account's order events are public market history (`/market/{symbol}/orders`), kept
    // for the most recent MARKET_ORDER_EVENTS per market.
    if (kind === 'OrderPlaced' || kind === 'OrderUpdated' || kind === 'OrderCancelled') {
      const market = this.products.get(o.product.symbol.toUpperCase())?.orderEvents;
      if (market !== undefined) {
        market.push(event);
        if (market.length > MARKET_ORDER_EVENTS) market.splice(0, market.length - MARKET_ORDER_EVENTS);
      }
    }
    if (acc.unlimited) return;
    acc.history.push(event);
  }

  emitOrder(o: FuturesOrder, isCancel: boolean, reason: string): void {
    const acc = this.accounts.get(o.accountId);
    if (!acc || acc.unlimited) return;
    this.bus.emit({ type: 'futures.order', timeMs: this.now(), accountId: acc.id, order: toFuturesOrderView(o), isCancel, reason });
  }

  markAccountChanged(acc: FuturesAccount): void {
    if (!acc.unlimited) this.changedAccounts.add(acc.id);
  }

  signalPrice(p: ProductState, signal: 'mark' | 'index' | 'last' | null): Decimal {
    if (signal === 'index') return p.index;
    if (signal === 'last') return p.trades.lastPrice ?? p.mark;
    return p.mark;
  }

  sideOf(s: string): Side {
    return s === 'sell' ? 'sell' : 'buy';
  }

  /** Runs a live (non-trigger) order: match, then rest or cancel the remainder; appends EXECUTION events. */
  abstract execute(o: FuturesOrder, events: FuturesOrderEvent[], takerFillType?: FuturesFillType): void;
  /** Terminal cancel (or completion) of an order. */
  abstract close(acc: FuturesAccount, o: FuturesOrder, status: 'cancelled' | 'filled', reason: string, events: FuturesOrderEvent[]): void;
}
