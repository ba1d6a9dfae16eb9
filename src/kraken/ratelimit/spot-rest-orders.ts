/**
 * Spot REST order entry on the trading-engine counters: which pair each command touches and how
 * old its orders are, from the request and from the orders the key placed (`OrderAgeBook`); and,
 * after the venue answered, what to remember. A command on an order krakenkit never saw (placed
 * by another program) has no known pair: it is sent unmetered, as a cancel would be anyway.
 */
import { isJsonObject } from '../../core/json.js';
import type { OrderAgeBook } from './order-ages.js';
import type { PairTransaction, SpotRateLimiter } from './spot-limiter.js';

type Params = Readonly<Record<string, unknown>>;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The order references a batch cancel names, by txid and by cl_ord_id. */
function batchRefs(params: Params): unknown[] {
  const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
  return [...list(params['orders']), ...list(params['cl_ord_ids'])];
}

/** The order a single-order command names (txid, else cl_ord_id). */
function orderRef(params: Params): string | undefined {
  return text(params['txid']) ?? text(params['cl_ord_id']);
}

function ageOf(limiter: SpotRateLimiter, id: string | undefined): { pair: string; ageMs: number } | undefined {
  const entry = limiter.orders.lookup(id);
  return entry === undefined ? undefined : { pair: entry.pair, ageMs: limiter.clock.nowMs() - entry.sinceMs };
}

/** Cancels of several orders, one batch-cancel per pair, each priced by the orders' ages when sent. */
function batchCancels(limiter: SpotRateLimiter, entries: readonly { pair: string; sinceMs: number }[]): PairTransaction[] {
  const byPair = new Map<string, number[]>();
  for (const e of entries) byPair.set(e.pair, [...(byPair.get(e.pair) ?? []), e.sinceMs]);
  return [...byPair].map(([pair, since]) => ({
    pair,
    tx: () => ({ kind: 'batch-cancel', orderAgesMs: since.map((s) => limiter.clock.nowMs() - s) }),
  }));
}

/** The trading-engine transactions of one REST order-entry call. */
export function spotRestOrderTransactions(limiter: SpotRateLimiter, operationId: string, params: Params): PairTransaction[] {
  switch (operationId) {
    case 'AddOrder': {
      const pair = text(params['pair']);
      return pair === undefined ? [] : [limiter.transaction(pair, 'add')];
    }
    case 'AddOrderBatch': {
      const pair = text(params['pair']);
      const count = Array.isArray(params['orders']) ? params['orders'].length : 0;
      return pair === undefined || count === 0 ? [] : [{ pair, tx: () => ({ kind: 'batch-add', count }) }];
    }
    case 'AmendOrder':
    case 'EditOrder':
    case 'CancelOrder': {
      const kind = operationId === 'AmendOrder' ? 'amend' : operationId === 'EditOrder' ? 'edit' : 'cancel';
      const known = ageOf(limiter, orderRef(params));
      const pair = known?.pair ?? text(params['pair']);
      return pair === undefined ? [] : [limiter.transaction(pair, kind, known?.ageMs)];
    }
    case 'CancelOrderBatch': {
      const refs = batchRefs(params);
      // One order named twice (by txid and by cl_ord_id) is cancelled, and charged, once.
      const entries = new Set(
        refs.map((r) => limiter.orders.lookup(text(isJsonObject(r) ? (r['txid'] ?? r['cl_ord_id']) : r))).filter((e) => e !== undefined),
      );
      return batchCancels(limiter, [...entries]);
    }
    case 'CancelAll':
      return batchCancels(limiter, limiter.orders.entries());
    default:
      return [];
  }
}

/** Updates the key's order book after a successful REST order-entry call. */
export function recordSpotRestOrderResult(book: OrderAgeBook, operationId: string, params: Params, result: unknown, nowMs: number): void {
  const res = isJsonObject(result) ? result : {};
  const pair = text(params['pair']);
  switch (operationId) {
    case 'AddOrder':
      if (pair !== undefined && Array.isArray(res['txid'])) book.placed([...res['txid'].map(text), text(params['cl_ord_id'])], pair, nowMs);
      return;
    case 'AddOrderBatch': {
      const orders = Array.isArray(res['orders']) ? res['orders'] : [];
      const sent = Array.isArray(params['orders']) ? params['orders'] : [];
      orders.forEach((o, i) => {
        const clOrdId = isJsonObject(sent[i]) ? text(sent[i]['cl_ord_id']) : undefined;
        if (pair !== undefined && isJsonObject(o)) book.placed([text(o['txid']), clOrdId], pair, nowMs);
      });
      return;
    }
    case 'AmendOrder': {
      const ref = orderRef(params);
      if (ref !== undefined) book.amended(ref, nowMs);
      return;
    }
    case 'EditOrder': {
      // An edit replaces the order with a new txid, born now.
      const ref = orderRef(params);
      const known = book.lookup(ref);
      if (ref !== undefined) book.forget(ref);
      const newTxid = text(res['txid']);
      const editedPair = known?.pair ?? pair;
      if (newTxid !== undefined && editedPair !== undefined) book.placed([newTxid], editedPair, nowMs);
      return;
    }
    case 'CancelOrder': {
      const ref = orderRef(params);
      if (ref !== undefined) book.forget(ref);
      return;
    }
    case 'CancelOrderBatch':
      for (const r of batchRefs(params)) {
        const ref = text(isJsonObject(r) ? (r['txid'] ?? r['cl_ord_id']) : r);
        if (ref !== undefined) book.forget(ref);
      }
      return;
    case 'CancelAll':
      book.clear();
      return;
  }
}
