import type { FuturesFillType, FuturesOrderEvent } from '../types/futures-orders.js';
import { Decimal, ZERO } from '../decimal.js';
import type { FuturesAccount, FuturesOrder } from './model.js';
import { isLive, toFuturesOrderView, unfilled } from './model.js';
import { matchFill } from './fills.js';
import type { ProductState } from './state.js';
import { FuturesState } from './state.js';
import { positionViews } from './views.js';

/**
 * Futures venue core: the order lifecycle (matching, resting, cancelling), trigger orders and
 * the publication of book deltas and changed accounts. State, valuation and margin live in
 * `FuturesState`.
 */
export class FuturesCore extends FuturesState {
  /** Run a live (non-trigger) order: match, then rest or cancel the remainder. Returns EXECUTION events. */
  override execute(o: FuturesOrder, events: FuturesOrderEvent[], takerFillType: FuturesFillType = 'taker'): void {
    const p = this.product(o.product.symbol) as ProductState;
    const acc = this.accounts.get(o.accountId) as FuturesAccount;
    let limit = o.limitPrice;
    if (o.orderType === 'mkt' || (o.isTrigger && o.triggered && o.limitPrice === null)) {
      // `mkt` is an IOC with 1 % price protection (Kraken's sendorder).
      const best = p.book.best(o.side === 'buy' ? 'sell' : 'buy') ?? p.mark;
      const tick = new Decimal(p.spec.tickSize);
      limit = o.side === 'buy' ? best.times('1.01').div(tick).floor().times(tick) : best.times('0.99').div(tick).ceil().times(tick);
    }
    const immediate =
      o.orderType === 'ioc' || o.orderType === 'mkt' || o.orderType === 'fok' || (o.isTrigger && o.triggered && o.limitPrice === null);
    if (o.reduceOnly) this.capReduceOnly(acc, o);
    if (unfilled(o).gt(0)) {
      p.book.match(
        o.side,
        limit,
        unfilled(o),
        this.now(),
        (step) => {
          matchFill(this, p, acc, o, step.maker, step.qty, step.price, events, takerFillType);
          return isLive(o) ? unfilled(o) : ZERO;
        },
        (maker) => maker.accountId === acc.id && !acc.unlimited,
      );
    }
    if (!isLive(o)) return;
    if (immediate || unfilled(o).lte(0)) {
      this.close(acc, o, 'cancelled', unfilled(o).lte(0) ? 'full_fill' : 'ioc_order_failed_because_it_would_not_be_executed', events);
      return;
    }
    if (!o.resting && limit !== null) {
      p.book.add(
        { orderId: o.orderId, accountId: acc.id, side: o.side, price: limit, remaining: unfilled(o), display: null, visible: unfilled(o) },
        this.now(),
      );
      o.resting = true;
    }
  }

  private capReduceOnly(acc: FuturesAccount, o: FuturesOrder): void {
    const pos = acc.positions.get(o.product.symbol)?.size ?? ZERO;
    const reducible = (o.side === 'buy' && pos.lt(0)) || (o.side === 'sell' && pos.gt(0)) ? pos.abs() : ZERO;
    if (unfilled(o).gt(reducible)) o.size = o.filled.plus(reducible);
  }

  /** Terminal cancel (or completion) of an order. */
  override close(acc: FuturesAccount, o: FuturesOrder, status: 'cancelled' | 'filled', reason: string, events: FuturesOrderEvent[]): void {
    if (!isLive(o)) return;
    const p = this.product(o.product.symbol) as ProductState;
    if (o.resting) {
      p.book.remove(o.orderId, this.now());
      o.resting = false;
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
  // Trigger orders
  // ---------------------------------------------------------------------------------------------

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
      // One level per message, so the order matters: removals of both sides first, then new or
      // changed levels. Every book in between is then a part of the final (uncrossed) book;
      // all bids before all asks would show a crossed book while the price moves.
      const changes = [...ch.bids.map((l) => ({ side: 'buy' as const, ...l })), ...ch.asks.map((l) => ({ side: 'sell' as const, ...l }))];
      const removals = changes.filter((c) => c.qty === '0');
      const upserts = changes.filter((c) => c.qty !== '0');
      for (const c of [...removals, ...upserts])
        this.bus.emit({ type: 'futures.book', timeMs: now, symbol: p.spec.symbol, side: c.side, price: c.price, qty: c.qty });
    }
    for (const id of [...this.changedAccounts].sort()) {
      const acc = this.accounts.get(id) as FuturesAccount;
      this.bus.emit({ type: 'futures.positions', timeMs: now, accountId: id, positions: positionViews(this, acc) });
      this.bus.emit({ type: 'futures.balances', timeMs: now, accountId: id, accounts: accountsView(acc) as never });
    }
    this.changedAccounts.clear();
  }
}
