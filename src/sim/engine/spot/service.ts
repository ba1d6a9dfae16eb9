import type {
  ClosedOrdersQuery,
  SpotAddOrderResult,
  SpotAmendRequest,
  SpotAmendResult,
  SpotBatchRow,
  SpotCancelResult,
  SpotCancelSelector,
  SpotEditRequest,
  SpotEditResult,
  SpotOrderRequest,
  TradesHistoryQuery,
} from '../types/spot-requests.js';
import type { DeadManSwitchResult, Dec } from '../types/common.js';
import type { OhlcInterval, PublicTrade, SpotBookView, SpotTickerView, CandleView } from '../types/market-views.js';
import type {
  SpotAmendView,
  SpotBalanceView,
  SpotLedgerEntry,
  SpotOrderView,
  SpotPositionView,
  SpotTradeBalanceView,
  SpotTradeView,
} from '../types/spot-views.js';
import type { SpotAssetSpec, SpotPairSpec } from '../types/instruments.js';
import type { SimSpotVenue } from '../types/spot-venue.js';
import { SimVenueError } from '../errors.js';
import { fixed } from '../decimal.js';
import type { SpotAccount, SpotOrder } from './model.js';
import { describeOrder, isOpen, toOrderView } from './model.js';
import { amendSpotOrder, originalAmendView } from './amend.js';
import { editSpotOrder } from './edit.js';
import type { SpotCore } from './core.js';
import { REASON } from './reasons.js';
import { describeConditionalClose } from './close.js';
import { spotTicker } from './ticker.js';
import { draftSpotOrder } from './validate.js';
import { checkAccount } from './holds.js';

const PAGE = 50;

/** The request-facing spot venue (`SimSpotVenue`), on top of `SpotCore`. */
export class SpotService implements SimSpotVenue {
  constructor(
    readonly core: SpotCore,
    private readonly sync: () => void,
  ) {}

  private acc(accountId: string): SpotAccount {
    this.sync();
    return this.core.wallets.get(accountId);
  }

  private view(o: SpotOrder): SpotOrderView {
    const entry = this.core.book(o.pair).get(o.txid);
    return toOrderView(o, entry && o.display !== null ? entry.visible : null);
  }

  assets(): SpotAssetSpec[] {
    return [...this.core.assets.values()];
  }

  pairs(): SpotPairSpec[] {
    return [...this.core.pairs];
  }

  pair(name: string): SpotPairSpec | undefined {
    return this.core.pair(name);
  }

  addOrder(accountId: string, req: SpotOrderRequest): SpotAddOrderResult {
    const acc = this.acc(accountId);
    const draft = draftSpotOrder(acc, req, this.core.validationMarket());
    checkAccount(this.core, acc, draft);
    if (req.validate) return { descr: descrOf(draft) };
    const o = this.core.place(acc, draft);
    this.core.settle();
    return {
      txid: o.txid,
      descr: descrOf(o),
      ...(o.userref !== null ? { userref: o.userref } : {}),
      ...(o.clOrdId !== null ? { clOrdId: o.clOrdId } : {}),
    };
  }

  addOrderBatch(
    accountId: string,
    pair: string,
    orders: SpotOrderRequest[],
    opts: { validate?: boolean; deadlineMs?: number } = {},
  ): SpotBatchRow[] {
    const acc = this.acc(accountId);
    // 2..15 orders of one pair (Kraken's AddOrderBatch). GUESSED wording of the count error.
    if (orders.length < 2 || orders.length > 15) throw new SimVenueError('EGeneral:Invalid arguments:orders', 'batch needs 2 to 15 orders');
    const p = this.core.requirePair(pair);
    if (opts.deadlineMs !== undefined && this.core.now() > opts.deadlineMs) throw new SimVenueError('EService:Deadline elapsed');
    // Whole batch validated first: one invalid order rejects the batch.
    const drafts = orders.map((r) => draftSpotOrder(acc, { ...r, pair: p.id }, this.core.validationMarket()));
    const ids = drafts.map((d) => d.clOrdId).filter((x): x is string => x !== null);
    if (new Set(ids).size !== ids.length) throw new SimVenueError('EOrder:Duplicate cl_ord_id');
    if (opts.validate) return drafts.map((d) => ({ descr: descrOf(d) }));
    const rows: SpotBatchRow[] = [];
    for (const d of drafts) {
      try {
        checkAccount(this.core, acc, d);
        const o = this.core.place(acc, d);
        rows.push({
          txid: o.txid,
          descr: descrOf(o),
          ...(o.clOrdId !== null ? { clOrdId: o.clOrdId } : {}),
          ...(o.userref !== null ? { userref: o.userref } : {}),
        });
      } catch (e) {
        if (!(e instanceof SimVenueError)) throw e;
        rows.push({ error: e.code, ...(d.clOrdId !== null ? { clOrdId: d.clOrdId } : {}) });
      }
    }
    this.core.settle();
    return rows;
  }

  private find(acc: SpotAccount, sel: { txid?: string; clOrdId?: string }): SpotOrder {
    let o: SpotOrder | undefined;
    if (sel.txid !== undefined) o = acc.orders.get(sel.txid);
    else if (sel.clOrdId !== undefined) o = [...acc.orders.values()].find((x) => x.clOrdId === sel.clOrdId && isOpen(x));
    if (!o || !isOpen(o)) throw new SimVenueError('EOrder:Unknown order');
    return o;
  }

  amendOrder(accountId: string, req: SpotAmendRequest): SpotAmendResult {
    const acc = this.acc(accountId);
    if (req.txid === undefined && req.clOrdId === undefined)
      throw new SimVenueError('EGeneral:Invalid arguments:txid', 'txid or cl_ord_id required');
    if (req.deadlineMs !== undefined && this.core.now() > req.deadlineMs) throw new SimVenueError('EService:Deadline elapsed');
    const o = this.find(acc, req);
    const amendId = amendSpotOrder(this.core, acc, o, req);
    this.core.settle();
    return { amendId, txid: o.txid, ...(o.clOrdId !== null ? { clOrdId: o.clOrdId } : {}) };
  }

  editOrder(accountId: string, req: SpotEditRequest): SpotEditResult {
    const acc = this.acc(accountId);
    const res = editSpotOrder(this.core, acc, req, (sel) => this.find(acc, sel));
    this.core.settle();
    return res;
  }

  private cancelList(acc: SpotAccount, list: SpotOrder[]): SpotCancelResult {
    const txids: string[] = [];
    for (const o of list) {
      if (!isOpen(o)) continue;
      this.core.finish(acc, o, 'canceled', REASON.user);
      txids.push(o.txid);
    }
    this.core.settle();
    return { count: txids.length, txids };
  }

  cancelOrder(accountId: string, sel: SpotCancelSelector): SpotCancelResult {
    const acc = this.acc(accountId);
    let list: SpotOrder[];
    if (sel.userref !== undefined) {
      list = [...acc.orders.values()].filter((o) => isOpen(o) && o.userref === sel.userref);
    } else {
      list = [this.find(acc, sel)];
    }
    if (list.length === 0) throw new SimVenueError('EOrder:Unknown order');
    return this.cancelList(acc, list);
  }

  cancelAll(accountId: string): SpotCancelResult {
    const acc = this.acc(accountId);
    return this.cancelList(acc, [...acc.orders.values()].filter(isOpen));
  }

  cancelOrderBatch(accountId: string, sel: { txids?: string[]; userrefs?: number[]; clOrdIds?: string[] }): SpotCancelResult {
    const acc = this.acc(accountId);
    const total = (sel.txids?.length ?? 0) + (sel.userrefs?.length ?? 0) + (sel.clOrdIds?.length ?? 0);
    // Max 50 ids per batch (Kraken's CancelOrderBatch). GUESSED wording.
    if (total === 0 || total > 50) throw new SimVenueError('EGeneral:Invalid arguments:orders', 'batch cancel needs 1 to 50 ids');
    const open = [...acc.orders.values()].filter(isOpen);
    const list = open.filter(
      (o) =>
        (sel.txids ?? []).includes(o.txid) ||
        (o.userref !== null && (sel.userrefs ?? []).includes(o.userref)) ||
        (o.clOrdId !== null && (sel.clOrdIds ?? []).includes(o.clOrdId)),
    );
    return this.cancelList(acc, list);
  }

  cancelAllOrdersAfter(accountId: string, timeoutSec: number): DeadManSwitchResult {
    const acc = this.acc(accountId);
    // timeout must be an integer below 86400; 0 disarms (Kraken's CancelAllOrdersAfter).
    if (!Number.isInteger(timeoutSec) || timeoutSec < 0 || timeoutSec >= 86400)
      throw new SimVenueError('EGeneral:Invalid arguments:timeout');
    const now = this.core.now();
    acc.dmsTriggerMs = timeoutSec === 0 ? 0 : now + timeoutSec * 1000;
    return { currentTimeMs: now, triggerTimeMs: acc.dmsTriggerMs };
  }

  openOrders(accountId: string, filter: { userref?: number; clOrdId?: string } = {}): SpotOrderView[] {
    const acc = this.acc(accountId);
    return [...acc.orders.values()]
      .filter(
        (o) =>
          isOpen(o) &&
          (filter.userref === undefined || o.userref === filter.userref) &&
          (filter.clOrdId === undefined || o.clOrdId === filter.clOrdId),
      )
      .reverse()
      .map((o) => this.view(o));
  }

  closedOrders(accountId: string, q: ClosedOrdersQuery = {}): { orders: SpotOrderView[]; count: number } {
    const acc = this.acc(accountId);
    const which = q.closetime ?? 'both';
    const inRange = (t: number): boolean => (q.startMs === undefined || t > q.startMs) && (q.endMs === undefined || t <= q.endMs);
    const all = [...acc.orders.values()]
      .filter((o) => !isOpen(o))
      .filter((o) => (q.userref === undefined || o.userref === q.userref) && (q.clOrdId === undefined || o.clOrdId === q.clOrdId))
      .filter((o) => {
        const closed = o.closedMs ?? o.openedMs;
        if (which === 'open') return inRange(o.openedMs);
        if (which === 'close') return inRange(closed);
        return inRange(o.openedMs) || inRange(closed);
      })
      .sort((a, b) => (b.closedMs ?? 0) - (a.closedMs ?? 0));
    const ofs = q.ofs ?? 0;
    return { orders: all.slice(ofs, ofs + PAGE).map((o) => this.view(o)), count: all.length };
  }

  queryOrders(accountId: string, txids: string[]): SpotOrderView[] {
    const acc = this.acc(accountId);
    if (txids.length === 0 || txids.length > 50) throw new SimVenueError('EGeneral:Invalid arguments:txid');
    return txids.map((t) => {
      const o = acc.orders.get(t);
      // Kraken answers an unknown txid in QueryOrders with "EOrder:Invalid order" (GUESSED from observed behaviour).
      if (!o) throw new SimVenueError('EOrder:Invalid order');
      return this.view(o);
    });
  }

  orderAmends(accountId: string, txid: string): SpotAmendView[] {
    const acc = this.acc(accountId);
    const o = acc.orders.get(txid);
    if (!o) throw new SimVenueError('EOrder:Unknown order');
    return o.amends.length > 0 ? [...o.amends] : [originalAmendView(o)];
  }

  tradesHistory(accountId: string, q: TradesHistoryQuery = {}): { trades: SpotTradeView[]; count: number } {
    const acc = this.acc(accountId);
    const all = acc.trades
      .filter((t) => (q.startMs === undefined || t.timeMs > q.startMs) && (q.endMs === undefined || t.timeMs <= q.endMs))
      .reverse();
    const ofs = q.ofs ?? 0;
    return { trades: all.slice(ofs, ofs + PAGE), count: all.length };
  }

  queryTrades(accountId: string, txids: string[]): SpotTradeView[] {
    const acc = this.acc(accountId);
    if (txids.length === 0 || txids.length > 20) throw new SimVenueError('EGeneral:Invalid arguments:txid');
    return txids.map((t) => {
      const tr = acc.trades.find((x) => x.txid === t);
      if (!tr) throw new SimVenueError('EGeneral:Invalid arguments:txid', `unknown trade ${t}`);
      return tr;
    });
  }

  balances(accountId: string): Record<string, SpotBalanceView> {
    return this.core.wallets.view(this.acc(accountId));
  }

  tradeBalance(accountId: string, asset = 'ZUSD'): SpotTradeBalanceView {
    const acc = this.acc(accountId);
    const a = this.core.assets.get(asset) ?? [...this.core.assets.values()].find((x) => x.altname === asset || x.wsName === asset);
    if (!a) throw new SimVenueError('EGeneral:Invalid arguments:asset');
    return this.core.margin.tradeBalance(acc, a.id);
  }

  openPositions(accountId: string, txids?: string[]): SpotPositionView[] {
    return this.core.margin.positions(this.acc(accountId), txids);
  }

  ledgers(
    accountId: string,
    q: { asset?: string; startMs?: number; endMs?: number; ofs?: number } = {},
  ): { entries: SpotLedgerEntry[]; count: number } {
    const acc = this.acc(accountId);
    const assets = q.asset && q.asset !== 'all' ? q.asset.split(',') : null;
    const all = acc.ledger
      .filter(
        (l) =>
          (!assets || assets.includes(l.asset)) &&
          (q.startMs === undefined || l.timeMs > q.startMs) &&
          (q.endMs === undefined || l.timeMs <= q.endMs),
      )
      .reverse();
    const ofs = q.ofs ?? 0;
    return { entries: all.slice(ofs, ofs + PAGE), count: all.length };
  }

  depth(pair: string, count: number): SpotBookView {
    this.sync();
    const p = this.core.requirePair(pair);
    const b = this.core.book(p);
    return { pair: p.id, bids: b.levels('buy', count), asks: b.levels('sell', count) };
  }

  recentTrades(pair: string, sinceMs?: number, count = 1000): PublicTrade[] {
    this.sync();
    return this.core.tape(this.core.requirePair(pair)).recent(sinceMs, count);
  }

  ticker(pair: string): SpotTickerView {
    this.sync();
    return spotTicker(this.core, this.core.requirePair(pair));
  }

  ohlc(pair: string, interval: OhlcInterval, sinceMs?: number): CandleView[] {
    this.sync();
    return this.core.tape(this.core.requirePair(pair)).ohlc(interval, sinceMs);
  }

  lastPrice(pair: string): Dec | null {
    const p = this.core.requirePair(pair);
    const last = this.core.tape(p).lastPrice;
    return last === null ? null : fixed(last, p.pairDecimals);
  }

  indexPrice(pair: string): Dec | null {
    const p = this.core.requirePair(pair);
    const i = this.core.indexPrice(p);
    return i === null ? null : fixed(i, p.pairDecimals);
  }
}

function descrOf(o: SpotOrder): { order: string; close?: string } {
  const close = o.descrClose ?? describeConditionalClose(o);
  return { order: describeOrder(o), ...(close ? { close } : {}) };
}
