/**
 * Futures history API (`/api/history/v3`) and charts API (`/api/charts/v1`) handlers: account
 * orders, triggers, executions, positions and the account log; a market's public executions and
 * order events. Mark-price history (`/market/{symbol}/price`) and the CSV log are not served (404).
 */
import type { ServerResponse } from 'node:http';
import type { SimContext } from '../context.js';
import { sendJson } from '../http-util.js';
import { num } from '../wire-json.js';
import { Decimal } from '../../engine/decimal.js';
import { accountLogEntry, executionElement, orderElement, positionElement, publicOrderElement } from './history-views.js';
import { accountUid, stableUuid } from '../account-uid.js';

export interface HistoryCall {
  readonly query: URLSearchParams;
}

function historyQuery(call: HistoryCall): { sinceMs?: number; beforeMs?: number; sort?: 'asc' | 'desc'; count?: number } {
  const q = call.query;
  const intOf = (k: string) => (q.get(k) === null || !/^\d+$/.test(q.get(k)!) ? undefined : Number(q.get(k)));
  const since = intOf('since');
  const before = intOf('before');
  const count = intOf('count');
  const sort = q.get('sort') === 'asc' ? 'asc' : q.get('sort') === 'desc' ? 'desc' : undefined;
  return {
    ...(since === undefined ? {} : { sinceMs: since }),
    ...(before === undefined ? {} : { beforeMs: before }),
    ...(sort === undefined ? {} : { sort }),
    ...(count === undefined ? {} : { count }),
  };
}

export function accountHistory(
  ctx: SimContext,
  acc: string,
  sub: string,
  call: HistoryCall,
  serverTime: string,
): Record<string, unknown> | undefined {
  const q = historyQuery(call);
  const tradeable = call.query.get('tradeable');
  const filter = <T extends { order: { symbol: string } }>(xs: T[]) =>
    tradeable === null ? xs : xs.filter((x) => x.order.symbol.toLowerCase() === tradeable.toLowerCase());
  let elements: Record<string, unknown>[];
  if (sub === '/orders')
    elements = filter(ctx.engine.futures.orderHistory(acc, q))
      .filter((e) => !e.kind.startsWith('Trigger'))
      .map((e) => orderElement(e, acc));
  else if (sub === '/triggers')
    elements = filter(ctx.engine.futures.orderHistory(acc, q))
      .filter((e) => e.kind.startsWith('Trigger'))
      .map((e) => orderElement(e, acc));
  else if (sub === '/executions') elements = filter(ctx.engine.futures.executionHistory(acc, q)).map((e) => executionElement(e, acc));
  else if (sub === '/positions')
    elements = ctx.engine.futures
      .positionHistory(acc, q)
      .filter((u) => tradeable === null || u.symbol.toLowerCase() === tradeable.toLowerCase())
      .map((u) => positionElement(u, acc));
  else if (sub === '/account-log') {
    const id = (k: string) => (/^\d{1,15}$/.test(call.query.get(k) ?? '') ? Number(call.query.get(k)) : undefined);
    const info = call.query.get('info');
    const from = id('from');
    const to = id('to');
    const logs = ctx.engine.futures
      .accountLog(acc, { ...q, ...(from === undefined ? {} : { fromId: from }), ...(to === undefined ? {} : { toId: to }) })
      .filter((l) => info === null || l.info === info);
    return { accountUid: accountUid(acc), logs: logs.map(accountLogEntry) };
  } else return undefined;
  return { accountUid: accountUid(acc), len: elements.length, serverTime, elements };
}

export function marketHistory(ctx: SimContext, sub: string, call: HistoryCall, serverTime: string): Record<string, unknown> | undefined {
  const m = /^\/market\/([^/]+)\/(executions|orders)$/.exec(sub);
  if (m === null) return undefined;
  const symbol = ctx.engine.futures.product(m[1]!)?.symbol;
  if (m[2] === 'orders') {
    const events = symbol === undefined ? [] : ctx.engine.futures.marketOrderHistory(symbol, { count: 100, ...historyQuery(call) });
    return { len: events.length, elements: events.map(publicOrderElement) };
  }
  const trades = symbol === undefined ? [] : ctx.engine.futures.publicTrades(symbol).slice(0, 100);
  const inverse = symbol !== undefined && ctx.engine.futures.product(symbol)?.type === 'futures_inverse';
  // Notional in USD: an inverse contract is worth 1 USD; a linear one its size times the price.
  const usdValue = (qty: string, price: string) => (inverse ? qty : new Decimal(qty).times(price).toFixed(2));
  return {
    len: trades.length,
    serverTime,
    elements: trades.map((t) => {
      // Kraken's execution and element uids are UUIDs; derived from the trade so they are stable.
      const uid = stableUuid(`execution:${symbol}:${t.tradeId}`);
      // The public side of an execution: sanitised orders (uid, market, direction, size, time).
      const order = (side: 'buy' | 'sell') => ({
        uid: stableUuid(`order:${symbol}:${t.tradeId}:${side}`),
        tradeable: symbol,
        direction: side === 'buy' ? 'Buy' : 'Sell',
        quantity: t.qty,
        timestamp: t.timeMs,
        limitPrice: t.price,
        orderType: 'Limit',
        reduceOnly: false,
        lastUpdateTimestamp: t.timeMs,
      });
      const maker = t.side === 'buy' ? 'sell' : 'buy';
      return {
        uid: stableUuid(`element:${symbol}:${t.tradeId}`),
        timestamp: t.timeMs,
        event: {
          Execution: {
            execution: {
              uid,
              makerOrder: order(maker),
              takerOrder: order(t.side),
              timestamp: t.timeMs,
              quantity: t.qty,
              price: t.price,
              markPrice: t.price,
              limitFilled: false,
              usdValue: usdValue(t.qty, t.price),
            },
            takerReducedQuantity: '',
          },
        },
      };
    }),
  };
}

const TICK_TYPES = ['spot', 'mark', 'trade'] as const;
const RESOLUTIONS = ['1m', '5m', '15m', '30m', '1h', '4h', '12h', '1d', '1w'];

/**
 * Charts API: plain JSON, no envelope, as Kraken serves it. `volume` is a JSON number carrying
 * the exact traded size (PF_ markets trade fractional sizes, schemas/futures-charts.openapi.yaml).
 */
export function charts(ctx: SimContext, res: ServerResponse, sub: string): void {
  const parts = sub.split('/').filter((s) => s !== '');
  if (parts.length === 0) return sendJson(res, 200, [...TICK_TYPES]);
  const tick = parts[0] as (typeof TICK_TYPES)[number];
  if (!TICK_TYPES.includes(tick)) return sendJson(res, 404, { error: 'not found' });
  if (parts.length === 1)
    return sendJson(
      res,
      200,
      ctx.engine.futures.products().map((p) => p.symbol),
    );
  const product = ctx.engine.futures.product(parts[1]!);
  if (product === undefined) return sendJson(res, 404, { error: 'not found' });
  if (parts.length === 2) return sendJson(res, 200, RESOLUTIONS);
  const resolution = parts[2]!;
  if (!RESOLUTIONS.includes(resolution) || parts.length > 3) return sendJson(res, 404, { error: 'not found' });
  const url = new URL(`http://x${res.req.url ?? ''}`);
  const from = Number(url.searchParams.get('from') ?? '') || undefined;
  const to = Number(url.searchParams.get('to') ?? '') || undefined;
  const count = Number(url.searchParams.get('count') ?? '') || undefined;
  let candles = ctx.engine.futures.candles(
    tick,
    product.symbol,
    resolution,
    from === undefined ? undefined : from * 1000,
    to === undefined ? undefined : to * 1000,
  );
  const more = count !== undefined && candles.length > count;
  if (count !== undefined) candles = candles.slice(-count);
  sendJson(res, 200, {
    candles: candles.map((c) => ({ time: c.timeMs, open: c.open, high: c.high, low: c.low, close: c.close, volume: num(c.volume) })),
    more_candles: more,
  });
}
