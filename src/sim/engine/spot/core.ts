import type { SpotPairSpec } from '../types/instruments.js';
import type { SpotOrderRequest } from '../types/spot-requests.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, minD } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { isOpen, isTriggeredType, remainingQty } from './model.js';
import { draftSpotOrder } from './validate.js';
import { placeConditionalClose, describeConditionalClose } from './close.js';
import { fillSpot } from './fills.js';
import { refreshHold } from './holds.js';
import { REASON } from './reasons.js';
import { SpotState } from './state.js';
import { spotTicker } from './ticker.js';
import { checkSpotTrigger, runSpotTriggers } from './triggers.js';

/**
 * Core of the spot venue: the order lifecycle, matching, triggers and expiry, and the publication
 * of book deltas, trades, tickers and candles. State and lookups live in `SpotState`;
 * request-facing methods (queries, amend/edit, batches) in `SpotService`.
 */
export class SpotCore extends SpotState {
  private settling = false;

  // --------------------------------------------------------------------------------------------
  // Placement
  // --------------------------------------------------------------------------------------------

  /** Register and start a validated draft. Returns the live order. */
  override place(acc: SpotAccount, o: SpotOrder): SpotOrder {
    o.txid = this.ids.kraken('O');
    o.openedMs = this.now();
    if (o.close) o.descrClose = describeConditionalClose(o);
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

  override activate(acc: SpotAccount, o: SpotOrder): void {
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
  override execute(acc: SpotAccount, o: SpotOrder): void {
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
      book.add(
        {
          orderId: o.txid,
          accountId: acc.id,
          side: o.side,
          price: limit,
          remaining: remainingQty(o),
          display: o.display,
          visible: o.display ? minD(o.display, remainingQty(o)) : remainingQty(o),
        },
        this.now(),
      );
      o.resting = true;
    }
    refreshHold(this, acc, o);
  }

  /** Terminal transition: filled (`closed`), `canceled` or `expired`. */
  override finish(acc: SpotAccount, o: SpotOrder, status: 'closed' | 'canceled' | 'expired', reason: string | null): void {
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
   * (Kraken's `EOrder:Reduce only:Position is closed`: the remainder is cancelled).
   */
  override restateReduceOnly(acc: SpotAccount, pair: SpotPairSpec): void {
    for (const o of [...acc.orders.values()]) {
      if (!isOpen(o) || !o.reduceOnly || o.pair.id !== pair.id) continue;
      const open = this.margin.openVolume(acc, pair, o.side === 'buy' ? 'sell' : 'buy');
      if (open.isZero()) {
        this.finish(acc, o, 'canceled', REASON.reduceOnlyClosed);
        continue;
      }
      if (remainingQty(o).gt(open)) {
        o.volume = o.volExec.plus(open);
        if (o.resting)
          this.book(pair).resize(o.txid, remainingQty(o), o.display === null ? null : minD(o.display, remainingQty(o)), this.now());
        this.emitExec(o, 'restated', { reason: 'Reduce only' });
      }
    }
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
      this.bus.emit({
        type: 'spot.ticker',
        timeMs: now,
        pair: pair.id,
        ticker: spotTicker(this, pair),
        afterTrade: trades !== undefined && trades.length > 0,
      });
    }
    this.touchedPairs.delete(pair.id);
  }

  /**
   * Place an order for the synthetic market participant (unlimited balance). Recorded replay data
   * may be below the pair minimums, so those checks are relaxed; tick and lot precision still apply.
   */
  placeParticipantOrder(pair: SpotPairSpec, req: Omit<SpotOrderRequest, 'pair'>): SpotOrder | null {
    const acc = this.wallets.get(this.marketAccountId());
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
