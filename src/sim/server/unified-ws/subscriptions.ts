/**
 * Unified WebSocket `subscribe` / `unsubscribe`: one ack per symbol, then the snapshot.
 *
 * Private channels need a valid `params.token` (Spot REST `GetWebSocketsToken`) and the private
 * endpoint; `margin` and `positions` accept `asset_class: derivatives` only and one subscription
 * per connection, refused with Kraken's documented strings.
 */
import type { SimContext } from '../context.js';
import { encodeWire } from '../wire-json.js';
import { INVALID_TOKEN } from '../spot-ws/subscriptions.js';
import {
  balanceRows,
  fillReport,
  flexBalances,
  multiCollateral,
  orderReport,
  positionKey,
  positionRow,
  singleCollateral,
} from './account-frames.js';
import {
  UWS_OHLC_RESOLUTIONS,
  uwsBookSnapshot,
  uwsBookView,
  uwsCandleData,
  uwsCandles,
  uwsInstrumentData,
  uwsTickerData,
  uwsTradeData,
} from './market-frames.js';
import type { UwsOhlcSubscription, UwsSession } from './session.js';

type P = Record<string, unknown>;
export type Ack = (body: { result?: unknown; error?: string; symbol?: string }) => void;

const DEPTHS = [10, 25, 100, 500, 1000];
const TICK_TYPES = ['trade', 'mark', 'spot'];
export const UWS_PUBLIC_CHANNELS: ReadonlySet<string> = new Set(['book', 'ticker', 'trade', 'ohlc', 'instrument']);
export const UWS_PRIVATE_CHANNELS: ReadonlySet<string> = new Set(['executions', 'balances', 'margin', 'positions']);

/** The largest frame the venue sends; a `positions` snapshot above it reports `snapshot_too_large`. Kraken does not publish its value. */
export interface UwsLimits {
  maxMessageBytes: number;
}

export function subscribe(ctx: SimContext, s: UwsSession, p: P, limits: UwsLimits, ack: Ack): void {
  const channel = p['channel'];
  if (typeof channel !== 'string' || (!UWS_PUBLIC_CHANNELS.has(channel) && !UWS_PRIVATE_CHANNELS.has(channel))) {
    return ack({ error: `Channel ${String(channel)} not supported` });
  }
  if (UWS_PRIVATE_CHANNELS.has(channel)) return subscribePrivate(ctx, s, channel, p, limits, ack);
  if (p['asset_class'] !== 'derivatives') return ack({ error: 'EGeneral:Invalid arguments:asset_class' }); // only derivatives is live
  const now = ctx.clock.nowMs();
  if (channel === 'instrument') {
    s.instrument = true;
    const snapshot = p['snapshot'] !== false;
    ack({ result: { channel, snapshot } });
    if (snapshot) s.send({ channel, type: 'snapshot', data: uwsInstrumentData(ctx.engine.futures.products()) }, channel);
    return;
  }
  const symbols = p['symbol'];
  if (!Array.isArray(symbols) || symbols.length === 0) return ack({ error: 'EGeneral:Invalid arguments:symbol' });
  for (const raw of symbols) {
    const symbol = typeof raw === 'string' ? ctx.engine.futures.product(raw)?.symbol : undefined;
    if (symbol === undefined) {
      ack({ error: `Currency pair not supported ${String(raw)}`, symbol: String(raw) });
      continue;
    }
    switch (channel) {
      case 'book': {
        const depth = p['depth'] ?? 10;
        if (typeof depth !== 'number' || !DEPTHS.includes(depth)) return ack({ error: 'EGeneral:Invalid arguments:depth', symbol });
        const view = uwsBookView(ctx.engine, symbol, depth);
        s.books.set(symbol, { depth, view });
        const snapshot = p['snapshot'] !== false;
        ack({ result: { channel, symbol, depth, snapshot } });
        if (snapshot) s.send(uwsBookSnapshot(symbol, view, now), 'book');
        break;
      }
      case 'ticker': {
        s.tickers.add(symbol);
        const snapshot = p['snapshot'] !== false;
        ack({ result: { channel, symbol, snapshot } });
        if (snapshot) s.send({ channel, type: 'snapshot', data: [uwsTickerData(ctx.engine.futures.ticker(symbol))] }, channel);
        break;
      }
      case 'trade': {
        s.trades.add(symbol);
        const snapshot = p['snapshot'] === true; // default false for trade, as Kraken documents
        ack({ result: { channel, symbol, snapshot } });
        if (snapshot) {
          const recent = ctx.engine.futures.publicTrades(symbol).slice(0, 50).reverse(); // the venue lists newest first
          s.send({ channel, type: 'snapshot', data: recent.map((t) => uwsTradeData(symbol, t)) }, channel);
        }
        break;
      }
      case 'ohlc': {
        const interval = p['interval'];
        const tickType = p['tick_type'] ?? 'trade';
        if (typeof interval !== 'number' || UWS_OHLC_RESOLUTIONS[interval] === undefined)
          return ack({ error: 'EGeneral:Invalid arguments:interval', symbol });
        if (typeof tickType !== 'string' || !TICK_TYPES.includes(tickType))
          return ack({ error: 'EGeneral:Invalid arguments:tick_type', symbol });
        const tt = tickType as 'trade' | 'mark' | 'spot';
        const candles = uwsCandles(ctx.engine, symbol, tt, interval).slice(-50);
        const last = candles[candles.length - 1];
        const subs = s.ohlc.get(symbol) ?? new Map<string, UwsOhlcSubscription>();
        subs.set(`${tt}:${interval}`, {
          tickType: tt,
          interval,
          lastSent: last === undefined ? '' : encodeWire(uwsCandleData(symbol, tt, interval, last)),
        });
        s.ohlc.set(symbol, subs);
        const snapshot = p['snapshot'] !== false;
        ack({ result: { channel, symbol, interval, tick_type: tt, snapshot } });
        if (snapshot) s.send({ channel, type: 'snapshot', data: candles.map((c) => uwsCandleData(symbol, tt, interval, c)) }, channel);
        break;
      }
    }
  }
}

function subscribePrivate(ctx: SimContext, s: UwsSession, channel: string, p: P, limits: UwsLimits, ack: Ack): void {
  if (s.endpoint !== 'private') return ack({ error: 'EGeneral:Permission denied' });
  const token = p['token'];
  const accountId = ctx.wsTokens.accountFor(token);
  if (accountId === undefined || typeof token !== 'string') return ack({ error: INVALID_TOKEN });
  // Only derivatives is live (margin and positions never take anything else); balances shows no asset_class in Kraken's excerpt.
  const assetClass = p['asset_class'] ?? (channel === 'balances' ? 'derivatives' : undefined);
  if (assetClass !== 'derivatives') return ack({ error: 'EGeneral:Invalid arguments:asset_class' });
  if (channel === 'margin' && p['snapshot'] !== undefined) return ack({ error: "'params.snapshot' is not valid for the margin channel" });
  if (channel === 'margin' && s.margin !== undefined) return ack({ error: 'Already subscribed to margin channel' });
  if (channel === 'positions' && s.positions !== undefined) return ack({ error: 'Already subscribed to positions channel' });
  // Kraken: with_margin cannot be combined with snapshot (the refusal text is not documented).
  if (channel === 'positions' && p['with_margin'] === true && p['snapshot'] !== undefined)
    return ack({ error: 'EGeneral:Invalid arguments:with_margin' });
  const previous = channel === 'executions' ? s.executions : channel === 'balances' ? s.balances : undefined;
  if (previous !== undefined) ctx.wsTokens.release(previous.token); // a repeated executions/balances subscribe replaces the first
  ctx.wsTokens.hold(token);
  const now = ctx.clock.nowMs();
  const f = ctx.engine.futures;
  switch (channel) {
    case 'executions': {
      const snapOrders = p['snap_orders'] !== false;
      const snapTrades = p['snap_trades'] === true;
      s.executions = { accountId, token, orderStatus: p['order_status'] !== false, sequence: 0 };
      ack({ result: { channel, snap_orders: snapOrders, snap_trades: snapTrades } });
      const data: unknown[] = [];
      if (snapOrders) data.push(...f.openOrders(accountId).map((o) => orderReport(o, 'new', o.lastUpdateTimeMs)));
      if (snapTrades) {
        const orders = new Map(f.openOrders(accountId).map((o) => [o.orderId, o]));
        for (const fill of f.fills(accountId).slice(0, 50).reverse()) data.push(fillReport(fill, orders.get(fill.orderId)));
      }
      s.send({ channel, type: 'snapshot', data, sequence: ++s.executions.sequence }, channel);
      return;
    }
    case 'balances': {
      const balances = flexBalances(f.accounts(accountId));
      s.balances = { accountId, token, sequence: 0, last: balances };
      const snapshot = p['snapshot'] !== false;
      ack({ result: { channel, snapshot } });
      if (snapshot) s.send({ channel, type: 'snapshot', data: balanceRows(balances), sequence: ++s.balances.sequence }, channel);
      return;
    }
    case 'margin': {
      const accounts = f.accounts(accountId);
      const multi = { channel, type: 'multi_collateral', data: multiCollateral(accounts, now) };
      const single = { channel, type: 'single_collateral', data: singleCollateral(accounts, now) };
      s.margin = { accountId, token, lastMulti: sectionKey(multi), lastSingle: sectionKey(single) };
      ack({ result: { channel } });
      // No snapshot/update split: the current state of each section is sent on subscribe.
      s.send(multi, channel);
      s.send(single, channel);
      return;
    }
    case 'positions': {
      const withMargin = p['with_margin'] === true;
      const positions = f.openPositions(accountId);
      s.positions = { accountId, token, withMargin, last: new Map(positions.map((x) => [x.symbol, positionKey(x)])), live: true };
      const snapshot = p['snapshot'] !== false;
      ack({ result: { channel, snapshot, with_margin: withMargin } });
      if (!snapshot) return;
      const frame = {
        channel,
        type: 'snapshot',
        data: { futures: positions.map((x) => positionRow(x, withMargin)), options: [], timestamp: new Date(now).toISOString() },
      };
      if (Buffer.byteLength(encodeWire(frame)) <= limits.maxMessageBytes) return s.send(frame, channel);
      // Kraken's documented answer: empty lists, no time, and the client must resubscribe. No update precedes a snapshot.
      s.positions.live = false;
      s.send({ channel, type: 'snapshot', data: { futures: [], options: [], status: 'snapshot_too_large' } }, channel);
      return;
    }
  }
}

/** A margin section without its timestamp, to tell whether anything in it changed. */
export function sectionKey(section: { data: Record<string, unknown>[] }): string {
  return encodeWire({ data: section.data.map(({ timestamp: _t, ...rest }) => rest) });
}

export function unsubscribe(ctx: SimContext, s: UwsSession, p: P, ack: Ack): void {
  const channel = p['channel'];
  if (typeof channel === 'string' && UWS_PRIVATE_CHANNELS.has(channel)) {
    const key = channel as 'executions' | 'balances' | 'margin' | 'positions';
    const sub = s[key];
    if (sub === undefined) return ack({ error: 'Subscription Not Found' });
    ctx.wsTokens.release(sub.token);
    s[key] = undefined;
    return ack({ result: { channel } });
  }
  if (channel === 'instrument') {
    s.instrument = false;
    return ack({ result: { channel } });
  }
  const symbols = Array.isArray(p['symbol']) ? (p['symbol'] as unknown[]) : [];
  if (symbols.length === 0) return ack({ error: 'EGeneral:Invalid arguments:symbol' });
  for (const raw of symbols) {
    const symbol = typeof raw === 'string' ? ctx.engine.futures.product(raw)?.symbol : undefined;
    if (symbol === undefined || !removePublic(s, channel, symbol, p)) ack({ error: 'Subscription Not Found', symbol: String(raw) });
    else ack({ result: { channel, symbol } });
  }
}

/** The ohlc subscription an (un)subscribe names: its tick type (default trade) and interval. */
function ohlcKey(p: P): string {
  const tickType = typeof p['tick_type'] === 'string' ? p['tick_type'] : 'trade';
  return `${tickType}:${typeof p['interval'] === 'number' ? p['interval'] : 'none'}`;
}

function removePublic(s: UwsSession, channel: unknown, symbol: string, p: P): boolean {
  switch (channel) {
    case 'book':
      return s.books.delete(symbol);
    case 'ticker':
      return s.tickers.delete(symbol);
    case 'trade':
      return s.trades.delete(symbol);
    case 'ohlc': {
      const subs = s.ohlc.get(symbol);
      if (subs === undefined || !subs.delete(ohlcKey(p))) return false;
      if (subs.size === 0) s.ohlc.delete(symbol);
      return true;
    }
    default:
      return false;
  }
}
