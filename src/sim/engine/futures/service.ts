import type { BookLevelView, PublicTrade } from '../types/market-views.js';
import type { DeadManSwitchResult, Dec } from '../types/common.js';
import type {
  FundingRateView,
  FuturesAccountsView,
  FuturesCandleView,
  FuturesPositionView,
  FuturesTickerView,
} from '../types/futures-views.js';
import type { FuturesBatchInstruction, FuturesEditRequest, FuturesOrderRequest } from '../types/futures-requests.js';
import type {
  FuturesAccountLogEntry,
  FuturesBatchStatus,
  FuturesCancelAllResult,
  FuturesFillView,
  FuturesHistoryEvent,
  FuturesHistoryQuery,
  FuturesOrderEvent,
  FuturesOrderResult,
  FuturesOrderView,
  FuturesPositionUpdate,
} from '../types/futures-orders.js';
import { accountLog, byTime, positionHistory } from './history.js';
import type { FuturesProductSpec } from '../types/instruments.js';
import type { SimFuturesVenue } from '../types/futures-venue.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, decimalPlaces, fixed } from '../decimal.js';
import type { FuturesCore } from './core.js';
import type { ProductState } from './state.js';
import { FUTURES_RESOLUTIONS } from './state.js';
import { accountsView, futuresTicker, positionViews } from './views.js';
import { placeFuturesOrder, productOrThrow } from './place.js';
import type { FuturesAccount, FuturesOrder } from './model.js';
import { isLive, priceDecimals, toFuturesOrderView, unfilled } from './model.js';

const RECENTLY_CLOSED_MS = 5_000;

/** Request-facing futures venue (`SimFuturesVenue`) over `FuturesCore`. */
export class FuturesService implements SimFuturesVenue {
  constructor(
    readonly core: FuturesCore,
    private readonly sync: () => void,
    private readonly settle: () => void,
  ) {}

  private acc(id: string): FuturesAccount {
    this.sync();
    const acc = this.core.accounts.get(id);
    if (!acc || acc.unlimited) throw new SimVenueError('authenticationError', `unknown futures account ${id}`);
    return acc;
  }

  private productOrThrow(symbol: string): ProductState {
    return productOrThrow(this.core, symbol);
  }

  products(): FuturesProductSpec[] {
    return [...this.core.products.values()].map((p) => p.spec);
  }

  product(symbol: string): FuturesProductSpec | undefined {
    return this.core.product(symbol)?.spec;
  }

  // ---------------------------------------------------------------------------------------------
  // Orders
  // ---------------------------------------------------------------------------------------------

  sendOrder(accountId: string, req: FuturesOrderRequest): FuturesOrderResult {
    return placeFuturesOrder(this.core, this.acc(accountId), req, this.settle);
  }

  private findOrder(acc: FuturesAccount, sel: { orderId?: string; cliOrdId?: string }): FuturesOrder | undefined {
    if (sel.orderId !== undefined) return acc.orders.get(sel.orderId);
    if (sel.cliOrdId !== undefined) return [...acc.orders.values()].reverse().find((o) => o.cliOrdId === sel.cliOrdId);
    return undefined;
  }

  editOrder(accountId: string, req: FuturesEditRequest): FuturesOrderResult {
    return this.edit(this.acc(accountId), req);
  }

  private edit(acc: FuturesAccount, req: FuturesEditRequest): FuturesOrderResult {
    const now = this.core.now();
    if (req.orderId === undefined && req.cliOrdId === undefined) throw new SimVenueError('requiredArgumentMissing', 'orderId or cliOrdId');
    const o = this.findOrder(acc, req);
    const base = { receivedTimeMs: now, orderEvents: [] as FuturesOrderEvent[] };
    if (!o || !isLive(o)) return { ...base, status: 'orderForEditNotFound' };
    if (req.processBeforeMs !== undefined && now > req.processBeforeMs) return { ...base, status: 'wouldProcessAfterSpecifiedTime' };
    const p = this.core.product(o.product.symbol) as ProductState;
    const tick = new Decimal(p.spec.tickSize);
    const old = toFuturesOrderView(o);
    let size = o.size;
    if (req.size !== undefined) {
      const s = new Decimal(req.size);
      if (s.lt(0) || decimalPlaces(req.size.replace(/0+$/, '')) > p.spec.contractValueTradePrecision)
        return { ...base, status: 'invalidSize' };
      // qtyMode RELATIVE (default): new open size; ABSOLUTE: total incl. past fills (Kraken's editorder).
      size = (req.qtyMode ?? 'RELATIVE') === 'ABSOLUTE' ? s : o.filled.plus(s);
    }
    const newLimit = req.limitPrice !== undefined ? new Decimal(req.limitPrice) : o.limitPrice;
    const newStop = req.stopPrice !== undefined ? new Decimal(req.stopPrice) : o.stopPrice;
    if ((newLimit && !newLimit.mod(tick).isZero()) || (newStop && !newStop.mod(tick).isZero())) return { ...base, status: 'invalidPrice' };
    if (req.stopPrice !== undefined && !o.isTrigger) return { ...base, status: 'orderForEditNotAStop' };
    if (o.orderType === 'post' && newLimit && !newLimit.eq(o.limitPrice ?? ZERO) && o.resting) {
      const opp = p.book.best(o.side === 'buy' ? 'sell' : 'buy');
      if (opp && (o.side === 'buy' ? newLimit.gte(opp) : newLimit.lte(opp))) return { ...base, status: 'postWouldExecute' };
    }
    const prev = { size: o.size, limit: o.limitPrice, stop: o.stopPrice, trailing: o.trailing };
    o.size = size;
    o.limitPrice = newLimit;
    o.stopPrice = newStop;
    if (req.trailingStopMaxDeviation !== undefined && o.trailing)
      o.trailing = { maxDeviation: new Decimal(req.trailingStopMaxDeviation), unit: req.trailingStopDeviationUnit ?? o.trailing.unit };
    if (this.core.figures(acc).available.lt(0)) {
      Object.assign(o, { size: prev.size, limitPrice: prev.limit, stopPrice: prev.stop, trailing: prev.trailing });
      return { ...base, status: 'insufficientAvailableFunds' };
    }
    o.lastUpdateMs = now;
    const events: FuturesOrderEvent[] = [];
    if (unfilled(o).lte(0)) {
      this.core.close(acc, o, 'cancelled', 'cancelled_by_user', events);
    } else if (o.resting) {
      const priceChanged = !(prev.limit && newLimit && prev.limit.eq(newLimit));
      if (priceChanged) {
        p.book.remove(o.orderId, now);
        o.resting = false;
        events.push({ type: 'EDIT', old, new: toFuturesOrderView(o), reducedQuantity: null });
        this.core.execute(o, events);
      } else {
        p.book.resize(o.orderId, unfilled(o), null, now);
        events.push({ type: 'EDIT', old, new: toFuturesOrderView(o), reducedQuantity: null });
      }
    } else {
      events.push({ type: 'EDIT', old, new: toFuturesOrderView(o), reducedQuantity: null });
    }
    // GUESSED: the open_orders reason list has no edit reason; `edited_by_user` is ours.
    if (isLive(o)) this.core.emitOrder(o, false, 'edited_by_user');
    this.core.history(acc, 'OrderUpdated', o, 'edited_by_user', { oldOrder: old });
    this.core.markAccountChanged(acc);
    this.settle();
    return {
      status: 'edited',
      orderId: o.orderId,
      ...(o.cliOrdId ? { cliOrdId: o.cliOrdId } : {}),
      receivedTimeMs: now,
      orderEvents: events,
    };
  }

  cancelOrder(accountId: string, sel: { orderId?: string; cliOrdId?: string }): FuturesOrderResult {
    return this.cancel(this.acc(accountId), sel);
  }

  private cancel(acc: FuturesAccount, sel: { orderId?: string; cliOrdId?: string }): FuturesOrderResult {
    const now = this.core.now();
    if (sel.orderId === undefined && sel.cliOrdId === undefined) throw new SimVenueError('requiredArgumentMissing', 'order_id or cliOrdId');
    const o = this.findOrder(acc, sel);
    if (!o) return { status: 'notFound', receivedTimeMs: now, orderEvents: [], ...(sel.cliOrdId ? { cliOrdId: sel.cliOrdId } : {}) };
    const base = { orderId: o.orderId, receivedTimeMs: now, ...(o.cliOrdId ? { cliOrdId: o.cliOrdId } : {}) };
    // cancelStatus.status is `cancelled` | `filled` | `notFound` (Kraken's cancelorder).
    if (o.status === 'filled') return { ...base, status: 'filled', orderEvents: [] };
    if (!isLive(o)) return { ...base, status: 'notFound', orderEvents: [] };
    const events: FuturesOrderEvent[] = [];
    this.core.close(acc, o, 'cancelled', 'cancelled_by_user', events);
    this.settle();
    return { ...base, status: 'cancelled', orderEvents: events };
  }

  cancelAllOrders(accountId: string, symbol?: string): FuturesCancelAllResult {
    const acc = this.acc(accountId);
    const now = this.core.now();
    const events: FuturesOrderEvent[] = [];
    const cancelled: { orderId: string; cliOrdId: string | null }[] = [];
    for (const o of [...acc.orders.values()]) {
      if (!isLive(o) || (symbol !== undefined && o.product.symbol.toUpperCase() !== symbol.toUpperCase())) continue;
      this.core.close(acc, o, 'cancelled', 'cancelled_by_user', events);
      cancelled.push({ orderId: o.orderId, cliOrdId: o.cliOrdId });
    }
    this.settle();
    return {
      status: cancelled.length > 0 ? 'cancelled' : 'noOrdersToCancel',
      cancelOnly: symbol ?? 'all',
      cancelledOrders: cancelled,
      receivedTimeMs: now,
      orderEvents: events,
    };
  }

  cancelAllOrdersAfter(accountId: string, timeoutSec: number): DeadManSwitchResult {
    const acc = this.acc(accountId);
    if (!Number.isInteger(timeoutSec) || timeoutSec < 0) throw new SimVenueError('invalidArgument', 'timeout');
    const now = this.core.now();
    acc.dmsTriggerMs = timeoutSec === 0 ? 0 : now + timeoutSec * 1000;
    return { currentTimeMs: now, triggerTimeMs: acc.dmsTriggerMs };
  }

  batchOrder(accountId: string, instructions: FuturesBatchInstruction[]): FuturesBatchStatus[] {
    const acc = this.acc(accountId);
    return instructions.map((ins) => {
      if (ins.order === 'send') {
        const { order: _o, orderTag, ...req } = ins;
        return { ...placeFuturesOrder(this.core, acc, req, this.settle), orderTag };
      }
      if (ins.order === 'edit') {
        const { order: _o, ...req } = ins;
        return this.edit(acc, req);
      }
      return this.cancel(acc, ins);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Account queries
  // ---------------------------------------------------------------------------------------------

  openOrders(accountId: string): FuturesOrderView[] {
    const acc = this.acc(accountId);
    return [...acc.orders.values()].filter(isLive).reverse().map(toFuturesOrderView);
  }

  ordersStatus(accountId: string, sel: { orderIds?: string[]; cliOrdIds?: string[] }): FuturesOrderView[] {
    const acc = this.acc(accountId);
    const now = this.core.now();
    const recent = (o: FuturesOrder): boolean => isLive(o) || (o.closedMs !== null && now - o.closedMs <= RECENTLY_CLOSED_MS);
    const all = !sel.orderIds?.length && !sel.cliOrdIds?.length;
    return [...acc.orders.values()]
      .filter(
        (o) =>
          recent(o) &&
          (all || (sel.orderIds ?? []).includes(o.orderId) || (o.cliOrdId !== null && (sel.cliOrdIds ?? []).includes(o.cliOrdId))),
      )
      .map(toFuturesOrderView);
  }

  fills(accountId: string, lastFillTimeMs?: number): FuturesFillView[] {
    const acc = this.acc(accountId);
    return acc.fills
      .filter((f) => lastFillTimeMs === undefined || f.fillTimeMs < lastFillTimeMs)
      .slice(-100)
      .reverse();
  }

  openPositions(accountId: string): FuturesPositionView[] {
    return positionViews(this.core, this.acc(accountId));
  }

  accounts(accountId: string): FuturesAccountsView {
    return accountsView(this.core, this.acc(accountId));
  }

  historicalFundingRates(symbol: string): FundingRateView[] {
    this.sync();
    return [...this.productOrThrow(symbol).fundingHistory];
  }

  orderHistory(accountId: string, q: FuturesHistoryQuery = {}): FuturesHistoryEvent[] {
    return byTime(
      this.acc(accountId).history.filter((e) => e.kind !== 'Execution'),
      (e) => e.timestampMs,
      q,
    );
  }

  executionHistory(accountId: string, q: FuturesHistoryQuery = {}): FuturesHistoryEvent[] {
    return byTime(
      this.acc(accountId).history.filter((e) => e.kind === 'Execution'),
      (e) => e.timestampMs,
      q,
    );
  }

  positionHistory(accountId: string, q: FuturesHistoryQuery = {}): FuturesPositionUpdate[] {
    return positionHistory(this.acc(accountId), q);
  }

  accountLog(accountId: string, q: FuturesHistoryQuery & { fromId?: number; toId?: number } = {}): FuturesAccountLogEntry[] {
    return accountLog(this.acc(accountId), q);
  }

  marketOrderHistory(symbol: string, q: FuturesHistoryQuery = {}): FuturesHistoryEvent[] {
    this.sync();
    return byTime(this.productOrThrow(symbol).orderEvents, (e) => e.timestampMs, q);
  }

  // ---------------------------------------------------------------------------------------------
  // Public
  // ---------------------------------------------------------------------------------------------

  tickers(): FuturesTickerView[] {
    this.sync();
    return [...this.core.products.values()].map((p) => futuresTicker(this.core, p));
  }

  ticker(symbol: string): FuturesTickerView {
    this.sync();
    return futuresTicker(this.core, this.productOrThrow(symbol));
  }

  orderbook(symbol: string): { bids: BookLevelView[]; asks: BookLevelView[] } {
    this.sync();
    const p = this.productOrThrow(symbol);
    return { bids: p.book.levels('buy', 10_000), asks: p.book.levels('sell', 10_000) };
  }

  publicTrades(symbol: string, beforeMs?: number): PublicTrade[] {
    this.sync();
    return this.productOrThrow(symbol).trades.before(beforeMs, 100);
  }

  candles(tickType: 'trade' | 'mark' | 'spot', symbol: string, resolution: string, fromMs?: number, toMs?: number): FuturesCandleView[] {
    this.sync();
    const p = this.productOrThrow(symbol);
    const minutes = Object.hasOwn(FUTURES_RESOLUTIONS, resolution) ? FUTURES_RESOLUTIONS[resolution] : undefined;
    if (minutes === undefined) throw new SimVenueError('invalidArgument', `resolution ${resolution}`);
    const tape = tickType === 'trade' ? p.trades : tickType === 'mark' ? p.markTape : p.indexTape;
    return tape
      .ohlc(minutes as never)
      .filter((c) => (fromMs === undefined || c.intervalBeginMs >= fromMs) && (toMs === undefined || c.intervalBeginMs <= toMs))
      .map((c) => ({
        timeMs: c.intervalBeginMs,
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: tickType === 'trade' ? c.volume : '0',
      }));
  }

  markPrice(symbol: string): Dec {
    const p = this.productOrThrow(symbol);
    return fixed(p.mark, priceDecimals(p.spec));
  }

  indexPrice(symbol: string): Dec {
    const p = this.productOrThrow(symbol);
    return fixed(p.index, priceDecimals(p.spec));
  }
}
