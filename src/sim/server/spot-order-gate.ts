/**
 * Checks Kraken applies before an order command reaches the matching engine, shared by REST and
 * WS v2 (they share one engine and one per-pair counter): venue status
 * (Kraken's `EService:*` errors), the per-pair transaction counter and the open-orders cap.
 * Each returns Kraken's error string, or undefined to proceed.
 */
import type { SpotOrderView } from '../engine/types/spot-views.js';
import { SimVenueError } from '../engine/errors.js';
import type { SimContext } from './context.js';

export type OrderCommand = 'add' | 'amend' | 'edit' | 'cancel';

export function statusGate(ctx: SimContext, command: OrderCommand, postOnly = false): string | undefined {
  switch (ctx.status) {
    case 'online':
      return undefined;
    case 'maintenance':
      return 'EService:Unavailable';
    case 'cancel_only':
      return command === 'cancel' ? undefined : 'EService:Market in cancel_only mode';
    case 'post_only':
      return command === 'add' && !postOnly ? 'EService:Market in post_only mode' : undefined;
  }
}

/** The pair id used to key the per-pair counter, or undefined for an unknown pair. */
export function pairKey(ctx: SimContext, pair: string): string | undefined {
  return ctx.engine.spot.pair(pair)?.id;
}

function orderAgeSeconds(ctx: SimContext, accountId: string, order: SpotOrderView): number {
  let since = order.openedMs;
  if (order.amended) {
    const amends = ctx.engine.spot.orderAmends(accountId, order.txid);
    for (const a of amends) since = Math.max(since, a.timestampMs);
  }
  return Math.max(0, (ctx.clock.nowMs() - since) / 1000);
}

/**
 * The order a command names, or undefined when there is none: an unknown id is for the command
 * itself to refuse (Kraken's `EOrder:Unknown order` for cancel, amend and edit), never
 * QueryOrders' own answer to an unknown id.
 */
export function findOrder(ctx: SimContext, accountId: string, sel: { txid?: string; clOrdId?: string }): SpotOrderView | undefined {
  if (sel.txid !== undefined) return knownOrders(ctx, accountId, [sel.txid])[0];
  if (sel.clOrdId !== undefined) return ctx.engine.spot.openOrders(accountId, { clOrdId: sel.clOrdId })[0];
  return undefined;
}

/** The orders among `txids` that exist (open or closed), in the order asked; unknown ids are skipped. */
export function knownOrders(ctx: SimContext, accountId: string, txids: readonly string[]): SpotOrderView[] {
  const out: SpotOrderView[] = [];
  for (const txid of txids) {
    try {
      out.push(...ctx.engine.spot.queryOrders(accountId, [txid]));
    } catch (e) {
      if (!(e instanceof SimVenueError)) throw e;
    }
  }
  return out;
}

export function admitAdd(ctx: SimContext, accountId: string, pair: string, count = 1): string | undefined {
  const key = pairKey(ctx, pair);
  if (key === undefined || !ctx.limitsEnabled) return undefined;
  const err = ctx.spotTradingLimiter.admit(accountId, key, count === 1 ? { kind: 'add' } : { kind: 'batch-add', count });
  if (err !== undefined) return err;
  const open = ctx.engine.spot.openOrders(accountId).filter((o) => o.pair === key).length;
  if (open + count > ctx.spotTradingLimiter.maxOpenOrdersPerPair(accountId)) return 'EOrder:Orders limit exceeded';
  return undefined;
}

export function admitChange(
  ctx: SimContext,
  accountId: string,
  kind: 'amend' | 'edit' | 'cancel',
  order: SpotOrderView | undefined,
): string | undefined {
  if (order === undefined || !ctx.limitsEnabled) return undefined;
  return ctx.spotTradingLimiter.admit(accountId, order.pair, { kind, orderAgeSeconds: orderAgeSeconds(ctx, accountId, order) });
}

export function admitBatchCancel(ctx: SimContext, accountId: string, orders: SpotOrderView[]): void {
  if (!ctx.limitsEnabled) return;
  const byPair = new Map<string, number[]>();
  for (const o of orders) {
    const ages = byPair.get(o.pair) ?? [];
    ages.push(orderAgeSeconds(ctx, accountId, o));
    byPair.set(o.pair, ages);
  }
  for (const [pair, ages] of byPair) ctx.spotTradingLimiter.admit(accountId, pair, { kind: 'batch-cancel', orderAgesSeconds: ages });
}
