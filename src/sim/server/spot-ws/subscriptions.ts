/**
 * Spot WS v2 `subscribe` / `unsubscribe`: one ack per symbol, then the
 * snapshot. Private channels need a valid `token` from GetWebSocketsToken.
 */
import type { OhlcInterval } from '../../engine/types/market-views.js';
import type { SimContext } from '../context.js';

import { balancesSnapshot, snapshotOrder, snapshotTrade } from './account-frames.js';
import { bboKey, bookSnapshotFrame, bookView, instrumentData, ohlcData, tickerData, tradeData } from './market-frames.js';
import type { SpotWsSession } from './session.js';
import { pairBySymbol } from './trading-methods.js';

type P = Record<string, unknown>;
export type Ack = (body: { result?: unknown; error?: string; symbol?: string }) => void;

const DEPTHS = [10, 25, 100, 500, 1000];
const INTERVALS: readonly OhlcInterval[] = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
const PUBLIC = new Set(['ticker', 'book', 'trade', 'ohlc', 'instrument']);
const PRIVATE = new Set(['executions', 'balances']);

/** Kraken's answer to an unknown/expired token (UNCONFIRMED for v2: v1 used this string). */
export const INVALID_TOKEN = 'ESession:Invalid session';

export function subscribe(ctx: SimContext, s: SpotWsSession, p: P, ack: Ack): void {
  const channel = p['channel'];
  if (typeof channel !== 'string' || (!PUBLIC.has(channel) && !PRIVATE.has(channel))) {
    return ack({ error: `Channel ${String(channel)} not supported` });
  }
  if (PRIVATE.has(channel)) return subscribePrivate(ctx, s, channel, p, ack);
  if (channel === 'instrument') {
    s.instrument = true;
    ack({ result: { channel, snapshot: p['snapshot'] !== false } });
    if (p['snapshot'] !== false) s.send({ channel: 'instrument', type: 'snapshot', data: instrumentData(ctx.engine) }, 'instrument');
    return;
  }
  const symbols = p['symbol'];
  if (!Array.isArray(symbols) || symbols.length === 0) return ack({ error: 'EGeneral:Invalid arguments:symbol' });
  for (const symbol of symbols) {
    const pair = pairBySymbol(ctx, symbol);
    if (pair === undefined) {
      ack({ error: `Currency pair not supported ${String(symbol)}`, symbol: String(symbol) });
      continue;
    }
    const now = ctx.clock.nowMs();
    switch (channel) {
      case 'book': {
        const depth = p['depth'] === undefined ? 10 : p['depth'];
        if (typeof depth !== 'number' || !DEPTHS.includes(depth))
          return ack({ error: 'EGeneral:Invalid arguments:depth', symbol: pair.symbol });
        const view = bookView(ctx.engine, pair, depth);
        s.books.set(pair.id, { pair, depth, view });
        // `snapshot: false` (default true) skips the snapshot; updates still follow.
        const snapshot = p['snapshot'] !== false;
        ack({ result: { channel, symbol: pair.symbol, depth, snapshot } });
        if (snapshot) s.send(bookSnapshotFrame(pair, view, now), 'book');
        break;
      }
      case 'ticker': {
        // `event_trigger`: `trades` (Kraken's default) updates on every trade, `bbo` on every
        // change of the best bid or offer.
        const eventTrigger = p['event_trigger'] === 'bbo' ? 'bbo' : 'trades';
        const ticker = ctx.engine.spot.ticker(pair.id);
        s.tickers.set(pair.id, { eventTrigger, lastBbo: bboKey(ticker) });
        const snapshot = p['snapshot'] !== false;
        ack({ result: { channel, symbol: pair.symbol, event_trigger: eventTrigger, snapshot } });
        if (snapshot) s.send({ channel: 'ticker', type: 'snapshot', data: [tickerData(pair, ticker)] }, 'ticker');
        break;
      }
      case 'trade': {
        s.trades.add(pair.id);
        const snapshot = p['snapshot'] === true; // default false for trade, as Kraken documents
        ack({ result: { channel, symbol: pair.symbol, snapshot } });
        if (snapshot) {
          const recent = ctx.engine.spot.recentTrades(pair.id).slice(-50);
          s.send({ channel: 'trade', type: 'snapshot', data: recent.map((t) => tradeData(pair, t)) }, 'trade');
        }
        break;
      }
      case 'ohlc': {
        const interval = (p['interval'] ?? 1) as OhlcInterval;
        if (!INTERVALS.includes(interval)) return ack({ error: 'EGeneral:Invalid arguments:interval', symbol: pair.symbol });
        const set = s.ohlc.get(pair.id) ?? new Set<OhlcInterval>();
        set.add(interval);
        s.ohlc.set(pair.id, set);
        const snapshot = p['snapshot'] !== false;
        ack({ result: { channel, symbol: pair.symbol, interval, snapshot, warnings: ['timestamp is deprecated, use interval_begin'] } });
        if (snapshot) {
          const candles = ctx.engine.spot.ohlc(pair.id, interval).slice(-50);
          s.send(
            { channel: 'ohlc', type: 'snapshot', timestamp: new Date(now).toISOString(), data: candles.map((c) => ohlcData(pair, c)) },
            'ohlc',
          );
        }
        break;
      }
    }
  }
}

function subscribePrivate(ctx: SimContext, s: SpotWsSession, channel: string, p: P, ack: Ack): void {
  if (s.endpoint !== 'auth') return ack({ error: 'EGeneral:Permission denied' });
  const token = p['token'];
  const accountId = ctx.wsTokens.accountFor(token);
  if (accountId === undefined || typeof token !== 'string') return ack({ error: INVALID_TOKEN });
  // A second subscribe to the same channel replaces the first: its hold on a token is let go
  // before the new one is taken, so a token subscribed twice is still released on close.
  const previous = channel === 'executions' ? s.executions : s.balances;
  if (previous !== undefined) ctx.wsTokens.release(previous.token);
  ctx.wsTokens.hold(token);
  if (channel === 'executions') {
    const snapOrders = p['snap_orders'] !== false && p['snapshot'] !== false;
    const snapTrades = p['snap_trades'] === true || p['snapshot_trades'] === true;
    s.executions = { accountId, token, sequence: 0, orderStatus: p['order_status'] !== false, rateCounter: p['ratecounter'] === true };
    ack({
      result: { channel, snap_orders: snapOrders, snap_trades: snapTrades, maxratecount: ctx.spotTradingLimiter.threshold(accountId) },
    });
    const data: unknown[] = [];
    if (snapOrders) data.push(...ctx.engine.spot.openOrders(accountId).map(snapshotOrder));
    if (snapTrades) {
      const trades = ctx.engine.spot.tradesHistory(accountId).trades.slice(0, 50);
      const symbolOf = (pairId: string) => ctx.engine.spot.pair(pairId)?.symbol ?? pairId;
      data.push(...trades.map((t) => snapshotTrade(ctx.engine, t, symbolOf(t.pair))));
    }
    s.send({ channel: 'executions', type: 'snapshot', data, sequence: ++s.executions.sequence }, 'executions');
    return;
  }
  s.balances = { accountId, token, sequence: 0 };
  const snapshot = p['snapshot'] !== false;
  ack({ result: { channel, snapshot } });
  if (snapshot)
    s.send(
      { channel: 'balances', type: 'snapshot', data: balancesSnapshot(ctx.engine, accountId), sequence: ++s.balances.sequence },
      'balances',
    );
}

export function unsubscribe(ctx: SimContext, s: SpotWsSession, p: P, ack: Ack): void {
  const channel = p['channel'];
  if (channel === 'executions' || channel === 'balances') {
    const sub = channel === 'executions' ? s.executions : s.balances;
    if (sub === undefined) return ack({ error: 'Subscription Not Found' });
    ctx.wsTokens.release(sub.token);
    if (channel === 'executions') s.executions = undefined;
    else s.balances = undefined;
    return ack({ result: { channel } });
  }
  if (channel === 'instrument') {
    s.instrument = false;
    return ack({ result: { channel } });
  }
  const symbols = Array.isArray(p['symbol']) ? (p['symbol'] as unknown[]) : [];
  for (const symbol of symbols) {
    const pair = pairBySymbol(ctx, symbol);
    if (pair === undefined || !removePublic(s, channel, pair.id, p)) ack({ error: 'Subscription Not Found', symbol: String(symbol) });
    else ack({ result: { channel, symbol: pair.symbol } });
  }
}

/** Ends one public subscription of a pair; false when there was none. */
function removePublic(s: SpotWsSession, channel: unknown, pairId: string, p: P): boolean {
  switch (channel) {
    case 'book':
      return s.books.delete(pairId);
    case 'ticker':
      return s.tickers.delete(pairId);
    case 'trade':
      return s.trades.delete(pairId);
    case 'ohlc': {
      // An ohlc subscription is one interval of a pair: the pair's other intervals keep streaming.
      // The interval defaults as in subscribe, so an unsubscribe without one names the subscribe without one.
      const intervals = s.ohlc.get(pairId);
      if (intervals === undefined || !intervals.delete((p['interval'] ?? 1) as OhlcInterval)) return false;
      if (intervals.size === 0) s.ohlc.delete(pairId);
      return true;
    }
    default:
      return false;
  }
}
