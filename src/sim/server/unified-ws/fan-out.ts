/**
 * Engine events → the Unified WebSocket frames each interested session gets. The events are the
 * Futures venue's own, so an order placed or changed over the legacy Derivatives REST streams
 * here as well, and the reverse.
 */
import type { SimEvent } from '../../engine/types/events.js';
import type { FuturesOrderView } from '../../engine/types/futures-orders.js';
import type { SimContext } from '../context.js';
import { encodeWire, num, rfc3339Micros } from '../wire-json.js';
import { Decimal } from '../../engine/decimal.js';
import { fillReport, flexBalances, multiCollateral, orderReport, positionKey, positionRow, singleCollateral } from './account-frames.js';
import { uwsBookUpdate, uwsBookView, uwsCandleData, uwsCandles, uwsTickerData, uwsTradeData } from './market-frames.js';
import type { UwsSession } from './session.js';
import { sectionKey } from './subscriptions.js';

/** Legacy order-event reason → the executions `exec_type` (undefined: nothing to report, e.g. a partial fill, which its trade report covers). */
function execTypeOf(isCancel: boolean, reason: string): string | undefined {
  if (reason === 'full_fill') return 'filled';
  if (reason === 'partial_fill' || reason === 'limit_order_from_stop') return undefined;
  if (reason === 'new_placed_order_by_user') return 'new';
  if (reason === 'edited_by_user') return 'amended';
  if (reason === 'stop_order_triggered') return 'status';
  return isCancel ? 'canceled' : 'status';
}

/** With `order_status: false`, only these are streamed (and trade reports). */
const TERSE: ReadonlySet<string> = new Set(['new', 'filled', 'canceled', 'expired']);

export class UwsFanOut {
  /** The symbols that traded since the last flush: ticker and trade-candle updates come on trade events. */
  readonly #traded = new Set<string>();
  #flushQueued = false;
  #ledgerSeq = 0;
  /** Orders by id as last seen, for trade reports (their size and cumulative quantity). */
  readonly #orders = new Map<string, FuturesOrderView>();

  constructor(
    private readonly ctx: SimContext,
    private readonly sessions: ReadonlySet<UwsSession>,
  ) {}

  on(ev: SimEvent): void {
    switch (ev.type) {
      case 'futures.book':
        return this.#book(ev.symbol, ev.timeMs);
      case 'futures.trade':
        for (const s of this.sessions)
          if (s.trades.has(ev.symbol)) s.send({ channel: 'trade', type: 'update', data: [uwsTradeData(ev.symbol, ev.trade)] }, 'trade');
        this.#traded.add(ev.symbol);
        this.#queueFlush();
        return;
      case 'futures.ticker':
        return this.#markCandles(ev.symbol);
      case 'futures.order':
        return this.#order(ev.accountId, ev.order, ev.isCancel, ev.reason, ev.timeMs);
      case 'futures.fill':
        for (const s of this.sessions) {
          const sub = s.executions;
          if (sub === undefined || sub.accountId !== ev.accountId) continue;
          const report = fillReport(ev.fill, this.#orders.get(ev.fill.orderId));
          s.send({ channel: 'executions', type: 'update', data: [report], sequence: ++sub.sequence }, 'executions');
        }
        return;
      case 'futures.positions':
        for (const s of this.sessions) {
          const sub = s.positions;
          if (sub === undefined || sub.accountId !== ev.accountId || !sub.live) continue;
          const now = new Map(ev.positions.map((p) => [p.symbol, p]));
          const rows: Record<string, unknown>[] = [];
          for (const p of ev.positions) if (sub.last.get(p.symbol) !== positionKey(p)) rows.push(positionRow(p, sub.withMargin));
          // A closed position comes through as size 0.
          for (const symbol of sub.last.keys()) if (!now.has(symbol)) rows.push({ symbol, size: 0 });
          sub.last.clear();
          for (const p of ev.positions) sub.last.set(p.symbol, positionKey(p));
          if (rows.length > 0)
            s.send(
              { channel: 'positions', type: 'update', data: { futures: rows, options: [], timestamp: rfc3339Micros(ev.timeMs) } },
              'positions',
            );
        }
        return;
      case 'futures.balances':
        return this.#balances(ev.accountId, ev.accounts, ev.timeMs);
      default:
        return;
    }
  }

  #book(symbol: string, timeMs: number): void {
    const views = new Map<number, ReturnType<typeof uwsBookView>>();
    for (const s of this.sessions) {
      const sub = s.books.get(symbol);
      if (sub === undefined) continue;
      let after = views.get(sub.depth);
      if (after === undefined) {
        after = uwsBookView(this.ctx.engine, symbol, sub.depth);
        views.set(sub.depth, after);
      }
      const frame = uwsBookUpdate(symbol, sub.view, after, sub.depth, timeMs);
      sub.view = after;
      if (frame !== undefined) s.send(frame, 'book');
    }
  }

  /** After the engine call that traded has finished: the ticker and trade candles of each symbol that traded. */
  #queueFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      try {
        this.#flushTraded();
      } catch (e) {
        this.ctx.recordInternalError('unified-ws trade flush', e);
      }
    });
  }

  #flushTraded(): void {
    const symbols = [...this.#traded];
    this.#traded.clear();
    for (const symbol of symbols) {
      const ticker = this.ctx.engine.futures.ticker(symbol);
      for (const s of this.sessions) {
        if (s.tickers.has(symbol)) s.send({ channel: 'ticker', type: 'update', data: [uwsTickerData(ticker)] }, 'ticker');
      }
      this.#candles(symbol, (t) => t === 'trade');
    }
  }

  /** Mark and spot (index) candles move with the venue's prices, not with trades: sent when the current candle changed. */
  #markCandles(symbol: string): void {
    this.#candles(symbol, (t) => t !== 'trade');
  }

  #candles(symbol: string, wanted: (tickType: string) => boolean): void {
    for (const s of this.sessions) {
      const subs = s.ohlc.get(symbol);
      if (subs === undefined) continue;
      for (const sub of subs.values()) {
        if (!wanted(sub.tickType)) continue;
        const candles = uwsCandles(this.ctx.engine, symbol, sub.tickType, sub.interval);
        const last = candles[candles.length - 1];
        if (last === undefined) continue;
        const data = uwsCandleData(symbol, sub.tickType, sub.interval, last);
        const key = encodeWire(data);
        if (key === sub.lastSent) continue;
        sub.lastSent = key;
        s.send({ channel: 'ohlc', type: 'update', data: [data] }, 'ohlc');
      }
    }
  }

  #order(accountId: string, order: FuturesOrderView, isCancel: boolean, reason: string, timeMs: number): void {
    if (isCancel) this.#orders.delete(order.orderId);
    else this.#orders.set(order.orderId, order);
    const execType = execTypeOf(isCancel, reason);
    if (execType === undefined) return;
    for (const s of this.sessions) {
      const sub = s.executions;
      if (sub === undefined || sub.accountId !== accountId) continue;
      if (!sub.orderStatus && !TERSE.has(execType)) continue;
      const report = orderReport(order, execType, timeMs, execType === 'canceled' ? reason : undefined);
      s.send({ channel: 'executions', type: 'update', data: [report], sequence: ++sub.sequence }, 'executions');
    }
  }

  #balances(accountId: string, accounts: Parameters<typeof flexBalances>[0], timeMs: number): void {
    for (const s of this.sessions) {
      const bal = s.balances;
      if (bal !== undefined && bal.accountId === accountId) {
        const now = flexBalances(accounts);
        const rows: Record<string, unknown>[] = [];
        for (const [asset, balance] of now) {
          const before = bal.last.get(asset) ?? '0';
          if (new Decimal(before).eq(balance)) continue;
          rows.push({
            asset,
            amount: num(new Decimal(balance).minus(before).toString()),
            balance: num(balance),
            ledger_id: `UWSL-${++this.#ledgerSeq}`,
            timestamp: rfc3339Micros(timeMs),
            type: 'trade',
            wallet_type: 'multi_collateral',
            wallet_id: 'flex',
          });
          bal.last.set(asset, balance);
        }
        if (rows.length > 0) s.send({ channel: 'balances', type: 'update', data: rows, sequence: ++bal.sequence }, 'balances');
      }
      const m = s.margin;
      if (m !== undefined && m.accountId === accountId) {
        const multi = { channel: 'margin', type: 'multi_collateral', data: multiCollateral(accounts, timeMs) };
        const single = { channel: 'margin', type: 'single_collateral', data: singleCollateral(accounts, timeMs) };
        const multiKey = sectionKey(multi);
        const singleKey = sectionKey(single);
        if (multiKey !== m.lastMulti) s.send(multi, 'margin');
        if (singleKey !== m.lastSingle) s.send(single, 'margin');
        m.lastMulti = multiKey;
        m.lastSingle = singleKey;
      }
    }
  }
}
