import type { SpotAssetSpec, SpotPairSpec } from './types/instruments.js';
import type { SpotExecType, SpotFillInfo } from './types/events.js';
import type { SpotOrderRequest } from './types/spot-requests.js';
import { SimVenueError } from './errors.js';
import { OrderBook } from './book.js';
import { Decimal, ZERO, minD } from './decimal.js';
import type { EventBus } from './events.js';
import { TradeTape } from './market-data.js';
import type { IdFactory } from './rng.js';
import { SpotMarginBook } from './spot-margin.js';
import type { SpotAccount, SpotOrder } from './spot-model.js';
import { describeOrder, hasLimitPrice, isOpen, isTriggeredType, remainingQty, toOrderView } from './spot-model.js';
import { toTick } from './spot-pricing.js';
import { draftSpotOrder } from './spot-validate.js';
import { SpotWallets } from './spot-wallets.js';
import { placeConditionalClose, describeClose } from './spot-close.js';
import { fillSpot } from './spot-fills.js';
import { spotTicker } from './spot-ticker.js';
import { checkSpotTrigger, runSpotTriggers } from './spot-triggers.js';
import { refreshHold } from './spot-holds.js';

/** Close reasons. GUESSED: Kraken does not document its `reason` texts; these follow observed REST/WS wording where known. */
export const REASON = {
  user: 'User requested',
  postOnly: 'Post only order',
  ioc: 'Immediate or cancel',
  fok: 'Fill or kill',
  noLiquidity: 'Insufficient liquidity',
  selfTrade: 'Self trade prevention',
  deadMan: 'Dead man switch',
  expired: 'Order expired',
  insufficientFunds: 'Insufficient funds',
  reduceOnlyClosed: 'Reduce only:Position is closed',
  amendBelowFilled: 'Order quantity amended below filled quantity',
  replaced: 'Order replaced',
} as const;

const MARKET_ACCOUNT = '__market__';

/**
 * Core of the spot venue: books, order lifecycle, matching, holds, fees, margin, triggers and the
 * public tape. Request-facing methods (queries, amend/edit, batches) live in `spot-service.ts`.
 */
export class SpotCore {
  readonly pairs: SpotPairSpec[];
  readonly assets = new Map<string, SpotAssetSpec>();
  readonly byName = new Map<string, SpotPairSpec>();
  readonly books = new Map<string, OrderBook>();
  readonly tapes = new Map<string, TradeTape>();
  readonly index = new Map<string, Decimal>();
  readonly wallets: SpotWallets;
  readonly margin: SpotMarginBook;
  readonly orders = new Map<string, SpotOrder>();
  /** Untriggered conditional orders and scheduled (starttm) orders, by pair id. */
  readonly waiting = new Map<string, Set<SpotOrder>>();
  readonly pendingTrades = new Map<string, ReturnType<TradeTape['record']>[]>();
  readonly touchedPairs = new Set<string>();
  private settling = false;
  /** Work deferred until the current match finishes (conditional closes), so books are never re-entered mid-match. */
  readonly deferred: (() => void)[] = [];

  constructor(
    assets: SpotAssetSpec[],
    pairs: SpotPairSpec[],
    readonly bus: EventBus,
    readonly ids: IdFactory,
    readonly now: () => number,
  ) {
    this.pairs = pairs;
    for (const a of assets) this.assets.set(a.id, a);
    for (const p of pairs) {
      for (const n of [p.id, p.altname, p.wsname, p.symbol]) this.byName.set(n.toUpperCase(), p);
      this.books.set(p.id, new OrderBook(p.pairDecimals, p.lotDecimals));
      this.tapes.set(p.id, new TradeTape(p.pairDecimals, p.lotDecimals));
      if (p.hasIndex) this.index.set(p.id, new Decimal(p.initialPrice));
      this.waiting.set(p.id, new Set());
    }
    this.wallets = new SpotWallets(this.assets, bus, ids, now);
    this.wallets.create(MARKET_ACCOUNT, true);
    this.margin = new SpotMarginBook(this.wallets, { refPrice: (p) => this.refPrice(p), convert: (a, f, t) => this.convert(a, f, t) }, ids, now);
  }

  pair(name: string): SpotPairSpec | undefined {
    return this.byName.get(name.toUpperCase());
  }

  requirePair(name: string): SpotPairSpec {
    const p = this.pair(name);
    if (!p) throw new SimVenueError('EQuery:Unknown asset pair');
    return p;
  }

  book(pair: SpotPairSpec): OrderBook {
    return this.books.get(pair.id) as OrderBook;
  }

  tape(pair: SpotPairSpec): TradeTape {
    return this.tapes.get(pair.id) as TradeTape;
  }

  /** Last trade price, else mid of the book, else the configured initial price. */
  refPrice(pair: SpotPairSpec): Decimal {
    const last = this.tape(pair).lastPrice;
    if (last) return last;
    const b = this.book(pair);
    const bid = b.best('buy');
    const ask = b.best('sell');
    if (bid && ask) return toTick(pair, bid.plus(ask).div(2));
    return new Decimal(pair.initialPrice);
  }

  indexPrice(pair: SpotPairSpec): Decimal | null {
    return this.index.get(pair.id) ?? null;
  }

  /** Convert between assets through a direct pair or one hop (via ZUSD or XXBT). */
  convert(amount: Decimal, from: string, to: string): Decimal | null {
    if (from === to) return amount;
    const direct = (a: string, b: string): Decimal | null => {
      for (const p of this.pairs) {
        if (p.base === a && p.quote === b) return this.refPrice(p);
        if (p.base === b && p.quote === a) return new Decimal(1).div(this.refPrice(p));
      }
      return null;
    };
    const d = direct(from, to);
    if (d) return amount.times(d);
    for (const hop of ['ZUSD', 'XXBT']) {
      const a = direct(from, hop);
      const b = direct(hop, to);
      if (a && b) return amount.times(a).times(b);
    }
    return null;
  }

  // --------------------------------------------------------------------------------------------
  // Events
  // --------------------------------------------------------------------------------------------

  emitExec(o: SpotOrder, execType: SpotExecType, extra: { fill?: SpotFillInfo; reason?: string } = {}): void {
    const acc = this.wallets.get(o.accountId);
    if (acc.unlimited) return;
    const entry = this.book(o.pair).get(o.txid);
    this.bus.emit({
      type: 'spot.execution',
      timeMs: this.now(),
      accountId: o.accountId,
      execType,
      order: toOrderView(o, entry && o.display !== null ? entry.visible : null),
      ...(extra.fill ? { fill: extra.fill } : {}),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    });
  }

  // --------------------------------------------------------------------------------------------
  // Holds and funds
  // --------------------------------------------------------------------------------------------

  // --------------------------------------------------------------------------------------------
  // Placement
  // --------------------------------------------------------------------------------------------

  /** Register and start a validated draft. Returns the live order. */
  place(acc: SpotAccount, o: SpotOrder): SpotOrder {
    o.txid = this.ids.kraken('O');
    o.openedMs = this.now();
    if (o.close) o.descrClose = describeClose(o);
    acc.orders.set(o.txid, o);
    this.orders.set(o.txid, o);
    this.emitExec(o, 'pending_new');
    if (o.startMs > this.now()) {
      refreshHold(this, acc, o);
      (this.waiting.get(o.pair.id) as Set<SpotOrder>).add(o);
      return o;
    }
    this.activate(acc, o);
    return o;
  }

  activate(acc: SpotAccount, o: SpotOrder): void {
    o.status = 'open';
    o.execStatus = 'new';
    o.startMs = o.startMs > 0 ? o.startMs : 0;
    refreshHold(this, acc, o);
    this.emitExec(o, 'new');
    if (isTriggeredType(o.orderType)) {
      (this.waiting.get(o.pair.id) as Set<SpotOrder>).add(o);
      this.touchedPairs.add(o.pair.id);
      checkSpotTrigger(this, o);
      return;
    }
    this.execute(acc, o);
  }

  /** Run a live (untriggered-free) order against the book; rest or cancel the remainder. */
  execute(acc: SpotAccount, o: SpotOrder): void {
    const book = this.book(o.pair);
    const limit = o.limitPrice;
    if (o.postOnly && book.wouldTake(o.side, limit)) {
      // Kraken accepts the order and cancels it at once when it would take ("Post only order").
      this.finish(acc, o, 'canceled', REASON.postOnly);
      return;
    }
    if (o.tif === 'FOK' && book.fillableQty(o.side, limit, acc.unlimited ? undefined : acc.id).lt(remainingQty(o))) {
      this.finish(acc, o, 'canceled', REASON.fok);
      return;
    }
    this.touchedPairs.add(o.pair.id);
    const want = (): Decimal => {
      if (o.cashQty === null) return remainingQty(o);
      const best = book.best('sell');
      if (!best) return ZERO;
      const cashLeft = o.cashQty.minus(o.cost);
      return cashLeft.div(best).toDecimalPlaces(o.pair.lotDecimals, Decimal.ROUND_DOWN);
    };
    let selfTrade = false;
    const first = want();
    if (first.gt(0)) {
      const res = book.match(
        o.side,
        limit,
        first,
        this.now(),
        (step) => {
          fillSpot(this, acc, o, step.maker, step.qty, step.price, step.refilled, step.makerDone);
          return isOpen(o) ? want() : ZERO;
        },
        (maker) => maker.accountId === acc.id && !acc.unlimited,
      );
      selfTrade = res.stoppedBySelfTrade;
    }
    if (!isOpen(o)) return;
    if (selfTrade) {
      this.finish(acc, o, 'canceled', REASON.selfTrade);
      return;
    }
    if (o.cashQty !== null || limit === null) {
      this.finish(acc, o, 'canceled', REASON.noLiquidity);
      return;
    }
    if (o.tif === 'IOC') {
      this.finish(acc, o, 'canceled', REASON.ioc);
      return;
    }
    if (!o.resting) {
      book.add({ orderId: o.txid, accountId: acc.id, side: o.side, price: limit, remaining: remainingQty(o), display: o.display, visible: o.display ? minD(o.display, remainingQty(o)) : remainingQty(o) }, this.now());
      o.resting = true;
    }
    refreshHold(this, acc, o);
  }

  /** Terminal transition: filled (`closed`), `canceled` or `expired`. */
  finish(acc: SpotAccount, o: SpotOrder, status: 'closed' | 'canceled' | 'expired', reason: string | null): void {
    if (!isOpen(o)) return;
    if (o.resting) {
      this.book(o.pair).remove(o.txid, this.now());
      o.resting = false;
      this.touchedPairs.add(o.pair.id);
    }
    (this.waiting.get(o.pair.id) as Set<SpotOrder>).delete(o);
    o.status = status;
    o.execStatus = status === 'closed' ? 'filled' : status;
    o.reason = reason;
    o.closedMs = this.now();
    refreshHold(this, acc, o);
    this.emitExec(o, status === 'closed' ? 'filled' : status, reason !== null ? { reason } : {});
    if (o.close && o.volExec.gt(0)) this.deferred.push(() => placeConditionalClose(this, acc, o));
  }

  /**
   * Reduce-only margin orders never outgrow the position they reduce: when the position shrinks
   * they are cut down (`restated`), and cancelled once it is gone
   * (spot-rest.md errors: `EOrder:Reduce only:Position is closed` — remainder cancelled).
   */
  restateReduceOnly(acc: SpotAccount, pair: SpotPairSpec): void {
    for (const o of [...acc.orders.values()]) {
      if (!isOpen(o) || !o.reduceOnly || o.pair.id !== pair.id) continue;
      const open = this.margin.openVolume(acc, pair, o.side === 'buy' ? 'sell' : 'buy');
      if (open.isZero()) {
        this.finish(acc, o, 'canceled', REASON.reduceOnlyClosed);
        continue;
      }
      if (remainingQty(o).gt(open)) {
        o.volume = o.volExec.plus(open);
        if (o.resting) this.book(pair).resize(o.txid, remainingQty(o), o.display === null ? null : minD(o.display, remainingQty(o)), this.now());
        this.emitExec(o, 'restated', { reason: 'Reduce only' });
      }
    }
  }

  validationMarket() {
    return {
      pair: (n: string) => this.pair(n),
      refPrice: (p: SpotPairSpec) => this.refPrice(p),
      indexPrice: (p: SpotPairSpec) => this.indexPrice(p),
      now: () => this.now(),
    };
  }

  // --------------------------------------------------------------------------------------------
  // Triggers, expiry, scheduled starts
  // --------------------------------------------------------------------------------------------

  /** Expire GTD orders and fire dead man's switches due at `now`. */
  processTime(): void {
    const now = this.now();
    for (const acc of this.wallets.accounts.values()) {
      if (acc.dmsTriggerMs > 0 && now >= acc.dmsTriggerMs) {
        acc.dmsTriggerMs = 0;
        for (const o of [...acc.orders.values()]) if (isOpen(o)) this.finish(acc, o, 'canceled', REASON.deadMan);
      }
      for (const o of [...acc.orders.values()]) {
        if (isOpen(o) && o.expireMs > 0 && now >= o.expireMs) this.finish(acc, o, 'expired', REASON.expired);
      }
    }
    this.settle();
  }

  /** After any action: fire triggers, then publish book deltas, trades, ticker and OHLC. */
  settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (let guard = 0; guard < 1000 && this.deferred.length > 0; guard++) (this.deferred.shift() as () => void)();
      runSpotTriggers(this);
      for (let guard = 0; guard < 1000 && this.deferred.length > 0; guard++) {
        (this.deferred.shift() as () => void)();
        runSpotTriggers(this);
      }
      for (const pair of this.pairs) this.publish(pair);
    } finally {
      this.settling = false;
    }
  }

  private publish(pair: SpotPairSpec): void {
    const now = this.now();
    const changes = this.book(pair).flush();
    if (changes.bids.length > 0 || changes.asks.length > 0) this.bus.emit({ type: 'spot.book', timeMs: now, pair: pair.id, ...changes });
    const trades = this.pendingTrades.get(pair.id);
    if (trades && trades.length > 0) {
      this.pendingTrades.delete(pair.id);
      this.bus.emit({ type: 'spot.trade', timeMs: now, pair: pair.id, trades });
      this.bus.emit({ type: 'spot.ohlc', timeMs: now, pair: pair.id, candles: this.tape(pair).currentCandles() });
    }
    if (this.touchedPairs.has(pair.id) && (trades || changes.bids.length > 0 || changes.asks.length > 0)) {
      this.bus.emit({ type: 'spot.ticker', timeMs: now, pair: pair.id, ticker: spotTicker(this, pair) });
    }
    this.touchedPairs.delete(pair.id);
  }

  marketAccountId(): string {
    return MARKET_ACCOUNT;
  }

  /**
   * Place an order for the synthetic market participant (unlimited balance). Recorded replay data
   * may be below the pair minimums, so those checks are relaxed; tick and lot precision still apply.
   */
  placeParticipantOrder(pair: SpotPairSpec, req: Omit<SpotOrderRequest, 'pair'>): SpotOrder | null {
    const acc = this.wallets.get(MARKET_ACCOUNT);
    const relaxed: SpotPairSpec = { ...pair, ordermin: '0', costmin: '0', status: 'online' };
    const market = { ...this.validationMarket(), pair: () => relaxed };
    try {
      const draft = draftSpotOrder(acc, { ...req, pair: pair.id }, market);
      draft.pair = pair;
      return this.place(acc, draft);
    } catch (e) {
      if (e instanceof SimVenueError) return null;
      throw e;
    }
  }

  /** Print a public trade that did not come from this book's matching (replayed tape). */
  recordExternalTrade(pair: SpotPairSpec, side: 'buy' | 'sell', price: Decimal, qty: Decimal): void {
    const trade = this.tape(pair).record(price, qty, side, 'limit', this.now());
    const list = this.pendingTrades.get(pair.id) ?? [];
    list.push(trade);
    this.pendingTrades.set(pair.id, list);
    this.touchedPairs.add(pair.id);
  }
}

export { hasLimitPrice, describeOrder };
