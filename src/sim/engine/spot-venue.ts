import type {
  SpotAssetSpec,
  SpotExecType,
  SpotFillInfo,
  SpotOrderRequest,
  SpotPairSpec,
  SpotTradeView,
} from './api.js';
import { SimVenueError } from './api.js';
import { OrderBook } from './book.js';
import type { RestingEntry } from './book.js';
import { Decimal, ZERO, fixed, minD } from './decimal.js';
import type { EventBus } from './events.js';
import { TradeTape } from './market-data.js';
import type { IdFactory } from './rng.js';
import { SpotMarginBook } from './spot-margin.js';
import type { SpotAccount, SpotOrder } from './spot-model.js';
import { describeOrder, hasLimitPrice, isOpen, isTrailing, isTriggeredType, remainingQty, toOrderView } from './spot-model.js';
import { feeFor, offsetAmount, tierPercent, toTick, trailingStopLevel } from './spot-pricing.js';
import { draftSpotOrder } from './spot-validate.js';
import { SpotWallets } from './spot-wallets.js';

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
  private readonly waiting = new Map<string, Set<SpotOrder>>();
  private readonly pendingTrades = new Map<string, ReturnType<TradeTape['record']>[]>();
  private readonly touchedPairs = new Set<string>();
  private settling = false;
  /** Work deferred until the current match finishes (conditional closes), so books are never re-entered mid-match. */
  private readonly deferred: (() => void)[] = [];

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

  takerPercent(acc: SpotAccount, pair: SpotPairSpec): Decimal {
    return tierPercent(pair.feesTaker, acc.volume.get(pair.quote) ?? ZERO);
  }

  makerPercent(acc: SpotAccount, pair: SpotPairSpec): Decimal {
    return tierPercent(pair.feesMaker, acc.volume.get(pair.quote) ?? ZERO);
  }

  /** Estimated cost of buying `qty` now by walking the asks (falls back to ref price for the rest). */
  marketBuyCost(pair: SpotPairSpec, qty: Decimal): Decimal {
    let left = qty;
    let cost = ZERO;
    for (const e of this.book(pair).entries('sell')) {
      if (left.lte(0)) break;
      const q = minD(left, e.remaining);
      cost = cost.plus(q.times(e.price));
      left = left.minus(q);
    }
    return cost.plus(left.times(this.refPrice(pair)));
  }

  /** Amount a cash order must hold for its unfilled part (quote for buys incl. taker fee, base for sells). */
  requiredHold(acc: SpotAccount, o: SpotOrder): { asset: string; amount: Decimal } | null {
    if (o.leverage !== null || acc.unlimited) return null;
    const pair = o.pair;
    if (o.side === 'sell') return { asset: pair.base, amount: remainingQty(o) };
    const feeMul = new Decimal(1).plus(this.takerPercent(acc, pair).div(100));
    if (o.cashQty !== null) return { asset: pair.quote, amount: o.cashQty.minus(o.cost).times(feeMul) };
    const rem = remainingQty(o);
    let px = o.limitPrice;
    if (px === null) {
      if (o.orderType === 'market' || o.triggered) return { asset: pair.quote, amount: this.marketBuyCost(pair, rem).times(feeMul) };
      px = o.triggerPrice ?? this.refPrice(pair);
    }
    return { asset: pair.quote, amount: rem.times(px).times(feeMul) };
  }

  /** Re-compute this order's hold; with `check`, throw `EOrder:Insufficient funds` when it does not fit. */
  refreshHold(acc: SpotAccount, o: SpotOrder, check = false): void {
    const want = isOpen(o) ? this.requiredHold(acc, o) : null;
    const prev = o.hold;
    if (check && want) {
      const free = this.wallets.available(acc, want.asset).plus(prev && prev.asset === want.asset ? prev.amount : ZERO);
      if (want.amount.gt(free)) throw new SimVenueError('EOrder:Insufficient funds');
    }
    if (prev) this.wallets.adjustHold(acc, prev.asset, prev.amount.neg());
    o.hold = want;
    if (want) this.wallets.adjustHold(acc, want.asset, want.amount);
  }

  // --------------------------------------------------------------------------------------------
  // Placement
  // --------------------------------------------------------------------------------------------

  /** Funds / margin / reduce-only checks that depend on account state. Mutates the draft (reduce-only sizing). */
  checkAccount(acc: SpotAccount, o: SpotOrder): void {
    if (acc.unlimited) return;
    if (o.leverage !== null) {
      const closeSide = o.side === 'buy' ? 'sell' : 'buy';
      const openOpp = this.margin.openVolume(acc, o.pair, closeSide);
      if (o.reduceOnly) {
        if (openOpp.isZero()) throw new SimVenueError('EOrder:Reduce only:No position exists');
        if (o.volume.gt(openOpp)) o.volume = openOpp;
      }
      const px = o.limitPrice ?? o.triggerPrice ?? this.refPrice(o.pair);
      this.margin.checkOpen(acc, o.pair, o.side, o.volume, px, o.leverage);
      return;
    }
    const need = this.requiredHold(acc, o);
    if (need && need.amount.gt(this.wallets.available(acc, need.asset))) throw new SimVenueError('EOrder:Insufficient funds');
  }

  /** Register and start a validated draft. Returns the live order. */
  place(acc: SpotAccount, o: SpotOrder): SpotOrder {
    o.txid = this.ids.kraken('O');
    o.openedMs = this.now();
    if (o.close) o.descrClose = describeClose(o);
    acc.orders.set(o.txid, o);
    this.orders.set(o.txid, o);
    this.emitExec(o, 'pending_new');
    if (o.startMs > this.now()) {
      this.refreshHold(acc, o);
      (this.waiting.get(o.pair.id) as Set<SpotOrder>).add(o);
      return o;
    }
    this.activate(acc, o);
    return o;
  }

  private activate(acc: SpotAccount, o: SpotOrder): void {
    o.status = 'open';
    o.execStatus = 'new';
    o.startMs = o.startMs > 0 ? o.startMs : 0;
    this.refreshHold(acc, o);
    this.emitExec(o, 'new');
    if (isTriggeredType(o.orderType)) {
      (this.waiting.get(o.pair.id) as Set<SpotOrder>).add(o);
      this.touchedPairs.add(o.pair.id);
      this.checkTrigger(o);
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
          this.fill(acc, o, step.maker, step.qty, step.price, step.refilled, step.makerDone);
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
    this.refreshHold(acc, o);
  }

  /** One match between taker `o` and resting `makerEntry`. */
  private fill(acc: SpotAccount, taker: SpotOrder, makerEntry: RestingEntry, qty: Decimal, price: Decimal, refilled: boolean, makerDone: boolean): void {
    const pair = taker.pair;
    const maker = this.orders.get(makerEntry.orderId);
    const makerAcc = maker ? this.wallets.get(maker.accountId) : undefined;
    const takerType = taker.limitPrice === null ? 'market' : 'limit';
    const trade = this.tape(pair).record(price, qty, taker.side, takerType, this.now());
    const list = this.pendingTrades.get(pair.id) ?? [];
    list.push(trade);
    this.pendingTrades.set(pair.id, list);
    this.touchedPairs.add(pair.id);
    this.applySide(acc, taker, qty, price, false, trade.tradeId);
    if (maker && makerAcc) {
      if (makerDone) maker.resting = false;
      this.applySide(makerAcc, maker, qty, price, true, trade.tradeId);
      if (refilled && isOpen(maker)) this.emitExec(maker, 'iceberg_refill');
    }
  }

  /** Accounting for one side of a match: order state, balances or margin, fees, trade record, events. */
  private applySide(acc: SpotAccount, o: SpotOrder, qty: Decimal, price: Decimal, maker: boolean, tradeId: number): void {
    const pair = o.pair;
    const cost = qty.times(price);
    const pct = maker ? this.makerPercent(acc, pair) : this.takerPercent(acc, pair);
    const fee = acc.unlimited ? ZERO : feeFor(cost, pct, pair.costDecimals);
    const txid = this.ids.kraken('T');
    o.volExec = o.volExec.plus(qty);
    if (o.cashQty !== null) o.volume = o.volExec;
    o.cost = o.cost.plus(cost);
    o.fee = o.fee.plus(fee);
    o.tradeTxids.push(txid);
    if (o.volExec.lt(o.volume)) o.misc.add('partial');
    acc.volume.set(pair.quote, (acc.volume.get(pair.quote) ?? ZERO).plus(cost));
    let posstatus: string | null = null;
    const ledgerIds: string[] = [];
    if (!acc.unlimited) {
      if (o.leverage !== null) {
        posstatus = this.margin.applyFill(acc, o, qty, price, fee, txid).posstatus;
        this.deferred.push(() => this.restateReduceOnly(acc, o.pair));
      } else if (o.side === 'buy') {
        const l1 = this.wallets.post(acc, pair.quote, cost.neg(), fee, 'trade', txid);
        const l2 = this.wallets.post(acc, pair.base, qty, ZERO, 'trade', txid);
        for (const l of [l1, l2]) if (l) ledgerIds.push(l.id);
      } else {
        const l1 = this.wallets.post(acc, pair.base, qty.neg(), ZERO, 'trade', txid);
        const l2 = this.wallets.post(acc, pair.quote, cost, fee, 'trade', txid);
        for (const l of [l1, l2]) if (l) ledgerIds.push(l.id);
      }
      const view: SpotTradeView = {
        txid,
        tradeId,
        ordertxid: o.txid,
        postxid: this.ids.kraken('T'),
        pair: pair.id,
        timeMs: this.now(),
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
    }
    const done = o.volExec.gte(o.volume) && o.cashQty === null;
    const cashDone = o.cashQty !== null && o.cashQty.minus(o.cost).lt(price.times(new Decimal(1).div(new Decimal(10).pow(pair.lotDecimals))));
    o.execStatus = done || cashDone ? 'filled' : 'partially_filled';
    this.emitExec(o, 'trade', {
      fill: { execId: txid, tradeId, lastQty: fixed(qty, pair.lotDecimals), lastPrice: fixed(price, pair.pairDecimals), cost: fixed(cost, pair.costDecimals), fee: fixed(fee, pair.costDecimals), feeAsset: pair.quote, liquidityInd: maker ? 'm' : 't' },
    });
    if (done || cashDone) {
      this.finish(acc, o, 'closed', null);
    } else {
      this.refreshHold(acc, o);
    }
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
    this.refreshHold(acc, o);
    this.emitExec(o, status === 'closed' ? 'filled' : status, reason !== null ? { reason } : {});
    if (o.close && o.volExec.gt(0)) this.deferred.push(() => this.placeConditionalClose(acc, o));
  }

  private placeConditionalClose(acc: SpotAccount, parent: SpotOrder): void {
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
    } as SpotOrderRequest;
    if (req.trigger === undefined) delete req.trigger;
    try {
      const draft = draftSpotOrder(acc, req, this.validationMarket());
      draft.refid = parent.txid;
      this.checkAccount(acc, draft);
      this.place(acc, draft);
    } catch {
      // A close that cannot be placed (funds moved, minimum not met) is dropped, as Kraken does not retry it.
    }
  }

  /**
   * Reduce-only margin orders never outgrow the position they reduce: when the position shrinks
   * they are cut down (`restated`), and cancelled once it is gone
   * (spot-rest.md errors: `EOrder:Reduce only:Position is closed` — remainder cancelled).
   */
  private restateReduceOnly(acc: SpotAccount, pair: SpotPairSpec): void {
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

  private checkTrigger(o: SpotOrder): boolean {
    if (!isOpen(o) || o.triggered || o.status !== 'open') return false;
    const ref = o.trigger === 'index' ? this.indexPrice(o.pair) : this.tape(o.pair).lastPrice ?? this.refPrice(o.pair);
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
    (this.waiting.get(o.pair.id) as Set<SpotOrder>).delete(o);
    o.triggered = true;
    o.triggeredMs = this.now();
    o.misc.add(o.orderType.startsWith('take-profit') ? 'touched' : 'stopped');
    if (o.orderType === 'trailing-stop-limit' && o.limitOffset && o.limitOffset.kind === 'offset') {
      const base = o.triggerPrice as Decimal;
      const amt = offsetAmount(o.limitOffset, base);
      o.limitPrice = toTick(o.pair, o.limitOffset.sign === '-' ? base.minus(amt) : base.plus(amt));
    }
    const acc = this.wallets.get(o.accountId);
    // GUESSED: the trigger firing is reported as exec_type "status" (the docs list `status` and the
    // `triggers.status: triggered` field but show no example).
    this.emitExec(o, 'status', { reason: 'triggered' });
    this.refreshHold(acc, o);
    this.execute(acc, o);
    return true;
  }

  /** Check every waiting order of the touched pairs until nothing more fires. */
  private runTriggers(): void {
    for (let guard = 0; guard < 1000; guard++) {
      let fired = false;
      for (const [pairId, set] of this.waiting) {
        for (const o of [...set]) {
          if (o.status === 'pending' && o.startMs > 0 && o.startMs <= this.now()) {
            set.delete(o);
            this.activate(this.wallets.get(o.accountId), o);
            fired = true;
            continue;
          }
          if (o.status === 'open' && this.checkTrigger(o)) fired = true;
        }
        void pairId;
      }
      if (!fired) return;
    }
  }

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
      this.runTriggers();
      for (let guard = 0; guard < 1000 && this.deferred.length > 0; guard++) {
        (this.deferred.shift() as () => void)();
        this.runTriggers();
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
      this.bus.emit({ type: 'spot.ticker', timeMs: now, pair: pair.id, ticker: this.tickerOf(pair) });
    }
    this.touchedPairs.delete(pair.id);
  }

  tickerOf(pair: SpotPairSpec) {
    const now = this.now();
    const tape = this.tape(pair);
    const book = this.book(pair);
    const d24 = tape.last24h(now);
    const today = tape.today(now);
    const pd = pair.pairDecimals;
    const ld = pair.lotDecimals;
    const last = tape.lastPrice ?? this.refPrice(pair);
    const bid = book.best('buy');
    const ask = book.best('sell');
    const open24 = d24.open ?? last;
    const change = last.minus(open24);
    return {
      pair: pair.id,
      symbol: pair.symbol,
      bid: fixed(bid ?? ZERO, pd),
      bidQty: fixed(book.bestQty('buy'), ld),
      ask: fixed(ask ?? ZERO, pd),
      askQty: fixed(book.bestQty('sell'), ld),
      last: fixed(last, pd),
      lastQty: fixed(tape.lastQty, ld),
      volume: fixed(d24.volume, ld),
      vwap: fixed(d24.vwap.isZero() ? last : d24.vwap, pd),
      low: fixed(d24.low ?? last, pd),
      high: fixed(d24.high ?? last, pd),
      trades: d24.trades,
      change: fixed(change, pd),
      changePct: fixed(open24.isZero() ? ZERO : change.div(open24).times(100), 2),
      open: fixed(today.open ?? last, pd),
      volumeToday: fixed(today.volume, ld),
      vwapToday: fixed(today.vwap.isZero() ? last : today.vwap, pd),
      lowToday: fixed(today.low ?? last, pd),
      highToday: fixed(today.high ?? last, pd),
      tradesToday: today.trades,
      timeMs: now,
    };
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

export function describeClose(o: SpotOrder): string | null {
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

export { hasLimitPrice, describeOrder };
