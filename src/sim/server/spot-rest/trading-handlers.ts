/**
 * Spot REST private trading endpoints, gated by venue status and Kraken's
 * per-pair transaction counter (spot-order-gate.ts) before reaching the engine.
 */
import type { SpotOrderRequest } from '../../engine/types/spot-requests.js';
import { admitAdd, admitBatchCancel, admitChange, findOrder, knownOrders, statusGate } from '../spot-order-gate.js';
import type { PrivateHandler } from './account-handlers.js';
import { parseAddOrder, parseAmend, parseDeadline, parseEdit, parseOrderFields } from './order-params.js';
import { InvalidArguments, optBool, optInt, optList, optString, reqString } from './params.js';
import { VenueRejection } from './public-handlers.js';

function reject(code: string | undefined): void {
  if (code !== undefined) throw new VenueRejection(code);
}

export const SPOT_TRADING_HANDLERS: Readonly<Record<string, PrivateHandler>> = {
  AddOrder(ctx, acc, p) {
    const req = parseAddOrder(p, ctx.clock.nowMs());
    reject(statusGate(ctx, 'add', req.postOnly === true));
    reject(admitAdd(ctx, acc, req.pair));
    const r = ctx.engine.spot.addOrder(acc, req);
    return {
      descr: { order: r.descr.order, ...(r.descr.close === undefined ? {} : { close: r.descr.close }) },
      ...(r.txid === undefined ? {} : { txid: [r.txid] }),
    };
  },

  AddOrderBatch(ctx, acc, p) {
    const pair = reqString(p, 'pair');
    const raw = p['orders'];
    const list = Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? Object.values(raw) : undefined;
    if (list === undefined || list.length < 2 || list.length > 15) throw new InvalidArguments('orders');
    const orders: SpotOrderRequest[] = list.map((o) => {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new InvalidArguments('orders');
      return parseOrderFields(o, pair, ctx.clock.nowMs());
    });
    reject(
      statusGate(
        ctx,
        'add',
        orders.every((o) => o.postOnly === true),
      ),
    );
    reject(admitAdd(ctx, acc, pair, orders.length));
    const deadlineMs = parseDeadline(optString(p, 'deadline'));
    const validate = optBool(p, 'validate') === true;
    const rows = ctx.engine.spot.addOrderBatch(acc, pair, orders, { validate, ...(deadlineMs === undefined ? {} : { deadlineMs }) });
    return {
      orders: rows.map((r) => ({
        ...(r.txid === undefined ? {} : { txid: r.txid }),
        ...(r.descr === undefined ? {} : { descr: { order: r.descr.order } }),
        ...(r.descr?.close === undefined ? {} : { close: r.descr.close }),
        ...(r.error === undefined ? {} : { error: r.error }),
      })),
    };
  },

  AmendOrder(ctx, acc, p) {
    const req = parseAmend(p);
    reject(statusGate(ctx, 'amend'));
    reject(admitChange(ctx, acc, 'amend', findOrder(ctx, acc, req)));
    return { amend_id: ctx.engine.spot.amendOrder(acc, req).amendId };
  },

  EditOrder(ctx, acc, p) {
    const req = parseEdit(p);
    reject(statusGate(ctx, 'edit'));
    reject(admitChange(ctx, acc, 'edit', findOrder(ctx, acc, { txid: req.txid })));
    const r = ctx.engine.spot.editOrder(acc, req);
    return {
      status: r.status,
      txid: r.txid,
      originaltxid: r.originaltxid,
      volume: r.volume,
      price: r.price,
      price2: r.price2,
      orders_cancelled: r.ordersCancelled,
      descr: { order: r.descr.order },
      ...(r.newuserref === undefined ? {} : { newuserref: r.newuserref }),
      ...(r.olduserref === undefined ? {} : { olduserref: r.olduserref }),
    };
  },

  CancelOrder(ctx, acc, p) {
    reject(statusGate(ctx, 'cancel'));
    const txidText = optString(p, 'txid');
    const clOrdId = optString(p, 'cl_ord_id');
    if (txidText === undefined && clOrdId === undefined) throw new InvalidArguments('txid');
    // `txid` may be an integer userref, which cancels every order carrying it (Kraken's CancelOrder).
    const isUserref = txidText !== undefined && /^-?\d+$/.test(txidText);
    const byId = { ...(txidText === undefined ? {} : { txid: txidText }), ...(clOrdId === undefined ? {} : { clOrdId }) };
    const sel = isUserref ? { userref: Number(txidText) } : byId;
    const targets = isUserref
      ? ctx.engine.spot.openOrders(acc, { userref: Number(txidText) })
      : [findOrder(ctx, acc, byId)].filter((o) => o !== undefined);
    for (const o of targets) admitChange(ctx, acc, 'cancel', o);
    const r = ctx.engine.spot.cancelOrder(acc, sel);
    return { count: r.count };
  },

  CancelAll(ctx, acc) {
    reject(statusGate(ctx, 'cancel'));
    admitBatchCancel(ctx, acc, ctx.engine.spot.openOrders(acc));
    return { count: ctx.engine.spot.cancelAll(acc).count };
  },

  CancelAllOrdersAfter(ctx, acc, p) {
    const timeout = optInt(p, 'timeout', 0);
    if (timeout === undefined || timeout >= 86400) throw new InvalidArguments('timeout');
    const r = ctx.engine.spot.cancelAllOrdersAfter(acc, timeout);
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { currentTime: iso(r.currentTimeMs), triggerTime: r.triggerTimeMs === 0 ? '0' : iso(r.triggerTimeMs) };
  },

  CancelOrderBatch(ctx, acc, p) {
    reject(statusGate(ctx, 'cancel'));
    const orders = optList(p, 'orders') ?? [];
    const clOrdIds = optList(p, 'cl_ord_ids') ?? [];
    const total = new Set([...orders, ...clOrdIds]).size;
    if (total === 0 || total > 50) throw new InvalidArguments('orders');
    const userrefs = orders.filter((o) => /^-?\d+$/.test(o)).map(Number);
    const txids = orders.filter((o) => !/^-?\d+$/.test(o));
    const affected = [
      ...knownOrders(ctx, acc, txids),
      ...userrefs.flatMap((u) => ctx.engine.spot.openOrders(acc, { userref: u })),
      ...clOrdIds.flatMap((c) => ctx.engine.spot.openOrders(acc, { clOrdId: c })),
    ].filter((o) => o.status === 'open' || o.status === 'pending');
    // Nothing in the batch names an open order: Kraken's answer to an unknown id, as for a
    // single cancel. (A batch naming some open orders cancels those: GUESSED, no capture shows
    // Kraken's answer to a mixed batch.)
    if (affected.length === 0) throw new VenueRejection('EOrder:Unknown order');
    admitBatchCancel(ctx, acc, affected);
    const r = ctx.engine.spot.cancelOrderBatch(acc, { txids, userrefs, clOrdIds });
    return { count: r.count };
  },

  // The token carries the key's permissions: the Unified WebSocket refuses trading to a key without `trade`.
  GetWebSocketsToken(ctx, acc, _p, key) {
    return ctx.wsTokens.issue({ accountId: acc, permissions: key.permissions });
  },
};
