/**
 * Spot WS v2 trading methods on the shared engine, with the same venue-status
 * and per-pair counter gates as REST. Each call yields one or more outcomes; `cancel_order`
 * answers once per cancelled order, as Kraken does.
 */
import { SimVenueError } from '../../engine/errors.js';
import type { SpotPairSpec } from '../../engine/types/instruments.js';
import type { SimContext } from '../context.js';
import { admitAdd, admitBatchCancel, admitChange, findOrder, knownOrders, statusGate } from '../spot-order-gate.js';
import { parseWsAmend, parseWsEdit, parseWsOrder, WsParamError } from './order-params.js';

export interface MethodOutcome {
  readonly result?: unknown;
  readonly error?: string;
}

export const TRADING_METHODS: ReadonlySet<string> = new Set([
  'add_order',
  'amend_order',
  'edit_order',
  'cancel_order',
  'cancel_all',
  'cancel_all_orders_after',
  'batch_add',
  'batch_cancel',
]);

type P = Record<string, unknown>;

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function refuse(code: string | undefined): void {
  if (code !== undefined) throw new Refused(code);
}

/** WS v2 accepts only v2 symbols (`BTC/USD`); Kraken answers `XBT/USD` with "not supported". */
export function pairBySymbol(ctx: SimContext, symbol: unknown): SpotPairSpec | undefined {
  return typeof symbol === 'string' ? ctx.engine.spot.pairs().find((p) => p.symbol === symbol) : undefined;
}

function requirePair(ctx: SimContext, symbol: unknown): SpotPairSpec {
  const pair = pairBySymbol(ctx, symbol);
  if (pair === undefined) throw new Refused(`Currency pair not supported ${String(symbol)}`);
  return pair;
}

function stringList(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) throw new WsParamError(field);
  return v.map(String);
}

export function runTradingMethod(ctx: SimContext, accountId: string, method: string, p: P): MethodOutcome[] {
  try {
    return dispatch(ctx, accountId, method, p);
  } catch (e) {
    if (e instanceof Refused || e instanceof SimVenueError) return [{ error: e.code }];
    if (e instanceof WsParamError) return [{ error: e.message }];
    ctx.recordInternalError(`spot-ws ${method}`, e);
    return [{ error: 'EGeneral:Internal error' }];
  }
}

function dispatch(ctx: SimContext, acc: string, method: string, p: P): MethodOutcome[] {
  const spot = ctx.engine.spot;
  switch (method) {
    case 'add_order': {
      const pair = requirePair(ctx, p['symbol']);
      const req = parseWsOrder(p, pair);
      refuse(statusGate(ctx, 'add', req.postOnly === true));
      refuse(admitAdd(ctx, acc, pair.id));
      const r = spot.addOrder(acc, req);
      return [
        {
          result: {
            order_id: r.txid ?? '',
            ...(req.clOrdId === undefined ? {} : { cl_ord_id: req.clOrdId }),
            ...(req.userref === undefined ? {} : { order_userref: req.userref }),
          },
        },
      ];
    }
    case 'batch_add': {
      const pair = requirePair(ctx, p['symbol']);
      const list = p['orders'];
      if (!Array.isArray(list) || list.length < 2 || list.length > 15) throw new WsParamError('orders');
      const orders = list.map((o) => {
        if (typeof o !== 'object' || o === null) throw new WsParamError('orders');
        return parseWsOrder(o as P, pair);
      });
      refuse(
        statusGate(
          ctx,
          'add',
          orders.every((o) => o.postOnly === true),
        ),
      );
      refuse(admitAdd(ctx, acc, pair.id, orders.length));
      const deadline = typeof p['deadline'] === 'string' ? Date.parse(p['deadline']) : undefined;
      const rows = spot.addOrderBatch(acc, pair.id, orders, {
        validate: p['validate'] === true,
        ...(deadline === undefined || Number.isNaN(deadline) ? {} : { deadlineMs: deadline }),
      });
      return [
        {
          result: rows.map((r, i) => ({
            order_id: r.txid ?? '',
            ...(orders[i]?.clOrdId === undefined ? {} : { cl_ord_id: orders[i].clOrdId }),
            ...(orders[i]?.userref === undefined ? {} : { order_userref: orders[i].userref }),
            ...(r.error === undefined ? {} : { error: r.error }),
          })),
        },
      ];
    }
    case 'amend_order': {
      const req = parseWsAmend(p);
      refuse(statusGate(ctx, 'amend'));
      refuse(admitChange(ctx, acc, 'amend', findOrder(ctx, acc, req)));
      const r = spot.amendOrder(acc, req);
      return [{ result: { amend_id: r.amendId, order_id: r.txid, ...(r.clOrdId === undefined ? {} : { cl_ord_id: r.clOrdId }) } }];
    }
    case 'edit_order': {
      const pair = requirePair(ctx, p['symbol']);
      const req = parseWsEdit(p, pair);
      refuse(statusGate(ctx, 'edit'));
      refuse(admitChange(ctx, acc, 'edit', findOrder(ctx, acc, { txid: req.txid })));
      const r = spot.editOrder(acc, req);
      return [{ result: { order_id: r.txid, original_order_id: r.originaltxid } }];
    }
    case 'cancel_order': {
      refuse(statusGate(ctx, 'cancel'));
      const orderIds = stringList(p['order_id'], 'order_id');
      const clOrdIds = stringList(p['cl_ord_id'], 'cl_ord_id');
      const userrefs = stringList(p['order_userref'], 'order_userref').map(Number);
      if (orderIds.length + clOrdIds.length + userrefs.length === 0) throw new WsParamError('order_id');
      const outcomes: MethodOutcome[] = [];
      const cancelOne = (sel: { txid?: string; clOrdId?: string; userref?: number }) => {
        const targets =
          sel.userref !== undefined
            ? spot.openOrders(acc, { userref: sel.userref })
            : [findOrder(ctx, acc, sel)].filter((o) => o !== undefined);
        for (const o of targets) admitChange(ctx, acc, 'cancel', o);
        try {
          const r = spot.cancelOrder(acc, sel);
          if (r.count === 0) return outcomes.push({ error: 'EOrder:Unknown order' });
          for (const txid of r.txids) {
            const o = targets.find((t) => t.txid === txid);
            outcomes.push({ result: { order_id: txid, ...(o?.clOrdId ? { cl_ord_id: o.clOrdId } : {}) } });
          }
        } catch (e) {
          if (!(e instanceof SimVenueError)) ctx.recordInternalError('spot-ws batch_cancel', e);
          outcomes.push({ error: e instanceof SimVenueError ? e.code : 'EGeneral:Internal error' });
        }
        return undefined;
      };
      for (const txid of orderIds) cancelOne({ txid });
      for (const clOrdId of clOrdIds) cancelOne({ clOrdId });
      for (const userref of userrefs) cancelOne({ userref });
      return outcomes;
    }
    case 'cancel_all': {
      refuse(statusGate(ctx, 'cancel'));
      admitBatchCancel(ctx, acc, spot.openOrders(acc));
      return [{ result: { count: spot.cancelAll(acc).count } }];
    }
    case 'cancel_all_orders_after': {
      const timeout = p['timeout'];
      if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout >= 86400) throw new WsParamError('timeout');
      const r = spot.cancelAllOrdersAfter(acc, timeout);
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      // Disarmed: `triggerTime` is the string "0", as in Kraken's cancel_all_orders_after example.
      return [{ result: { currentTime: iso(r.currentTimeMs), triggerTime: r.triggerTimeMs === 0 ? '0' : iso(r.triggerTimeMs) } }];
    }
    case 'batch_cancel': {
      refuse(statusGate(ctx, 'cancel'));
      const orders = stringList(p['orders'], 'orders');
      const clOrdIds = stringList(p['cl_ord_id'], 'cl_ord_id');
      const total = orders.length + clOrdIds.length;
      if (total < 2 || total > 50) throw new WsParamError('orders');
      const userrefs = orders.filter((o) => /^-?\d+$/.test(o)).map(Number);
      const txids = orders.filter((o) => !/^-?\d+$/.test(o));
      const affected = [
        ...knownOrders(ctx, acc, txids),
        ...userrefs.flatMap((u) => spot.openOrders(acc, { userref: u })),
        ...clOrdIds.flatMap((c) => spot.openOrders(acc, { clOrdId: c })),
      ].filter((o) => o.status === 'open' || o.status === 'pending');
      // As REST CancelOrderBatch: a batch naming no open order is Kraken's unknown-order answer.
      if (affected.length === 0) return [{ error: 'EOrder:Unknown order' }];
      admitBatchCancel(ctx, acc, affected);
      return [{ result: { count: spot.cancelOrderBatch(acc, { txids, userrefs, clOrdIds }).count } }];
    }
    default:
      return [{ error: `Method not supported ${method}` }];
  }
}
