/**
 * Futures WS v1 server at `/ws/v1`: `info` greeting, challenge auth, public
 * feeds book (snapshot + one-level deltas with a per-subscription `seq`), ticker, ticker_lite,
 * trade, heartbeat; private feeds open_orders(_verbose), fills, open_positions, balances.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FuturesProductSpec } from '../../engine/types/instruments.js';
import type { SimEvent } from '../../engine/types/events.js';
import { messageValidators } from '../../../../generated/futures-ws/validators.gen.js';
import { parseVenueJson } from '../../../core/json.js';
import type { GeneratedValidator } from '../generated-validator.js';
import type { SimContext } from '../context.js';
import { listen, trackSockets } from '../http-util.js';
import { num } from '../wire-json.js';
import { WsOutbound } from '../ws-outbound.js';
import { wsText } from '../ws-text.js';
import { everyInterval } from '../../clock-interval.js';
import { ownEntry } from '../own-lookup.js';
import { accountUid } from '../account-uid.js';
import { tickerMessage, tradeItem, wsBalances, wsFill, wsOrder, wsPosition } from './frames.js';

const PUBLIC_FEEDS = new Set(['book', 'ticker', 'ticker_lite', 'trade', 'heartbeat']);
const PRIVATE_FEEDS = new Set(['open_orders', 'open_orders_verbose', 'fills', 'open_positions', 'balances', 'notifications_auth']);
const HEARTBEAT_MS = 5000;

interface Session {
  readonly ws: WebSocket;
  readonly out: WsOutbound;
  /** product → next `seq` of its book subscription. */
  readonly books: Map<string, { seq: number }>;
  readonly tickers: Set<string>;
  readonly tickersLite: Set<string>;
  readonly trades: Map<string, { seq: number }>;
  heartbeat: boolean;
  /** private feed → account. */
  readonly privateFeeds: Map<string, string>;
  privateSeq: number;
}

export interface FuturesWsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startFuturesWsServer(ctx: SimContext, host: string, port: number): Promise<FuturesWsServer> {
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('Upgrade Required');
  });
  const wss = new WebSocketServer({ server: http, path: '/ws/v1', maxPayload: 1 << 20 });
  const sockets = trackSockets(http);
  const sessions = new Set<Session>();

  wss.on('connection', (ws: WebSocket) => {
    const s: Session = {
      ws,
      out: new WsOutbound(ws, 'futures', ctx.faults, ctx.wallClock),
      books: new Map(),
      tickers: new Set(),
      tickersLite: new Set(),
      trades: new Map(),
      heartbeat: false,
      privateFeeds: new Map(),
      privateSeq: 0,
    };
    sessions.add(s);
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(ctx, s, isBinary ? '' : wsText(data));
      } catch (e) {
        // A simulator bug: the client gets Kraken's generic error, the bug is recorded.
        ctx.recordInternalError('futures-ws message', e);
        s.out.send({ event: 'error', message: 'Json Error' }, 'error');
      }
    });
    ws.on('close', () => sessions.delete(s));
    ws.on('error', () => ws.terminate());
    s.out.send({ event: 'info', version: 1 }, 'info');
  });

  const actualPort = await listen(http, port, host);
  const offEngine = ctx.engine.on((ev) => {
    // Never let a protocol-layer failure escape into the engine's event loop, and never hide it.
    try {
      fanOut(ctx, sessions, ev);
    } catch (e) {
      ctx.recordInternalError(`futures-ws fan-out ${ev.type}`, e);
    }
  });
  const offClose = ctx.faults.onWsClose((target, code) => {
    if (target !== 'futures') return;
    for (const s of sessions) {
      if (code === 1006) s.ws.terminate();
      else s.ws.close(code, code === 1001 ? 'CloudFlare WebSocket proxy restarting' : '');
    }
  });
  const stopHeartbeat = everyInterval(ctx.wallClock, HEARTBEAT_MS, () => {
    for (const s of sessions) if (s.heartbeat) s.out.send({ feed: 'heartbeat', time: ctx.clock.nowMs() }, 'heartbeat');
  });

  return {
    port: actualPort,
    async close() {
      stopHeartbeat();
      offEngine();
      offClose();
      for (const s of sessions) s.ws.terminate();
      sessions.clear();
      await new Promise<void>((resolve) => {
        wss.close();
        http.close(() => resolve());
        sockets.destroyAll();
      });
    },
  };
}

/** The client requests the simulator understands, by `event`, with their generated validators. */
const REQUEST_VALIDATORS: Readonly<Record<string, GeneratedValidator>> = {
  challenge: messageValidators.ChallengeRequest,
  subscribe: messageValidators.SubscribeRequest,
  unsubscribe: messageValidators.UnsubscribeRequest,
};

/**
 * Decodes and validates a client frame (lossless `parseVenueJson`, then the schema's request
 * validator), or returns the error event `message` Kraken sends: `Invalid
 * feed` for a feed it does not know, `Invalid product id` for a bad `product_ids`, `Json Error`
 * for everything else (unparsable, unknown event, missing or extra fields).
 */
function decodeRequest(text: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = parseVenueJson(text);
  } catch {
    return 'Json Error';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'Json Error';
  const msg = parsed as Record<string, unknown>;
  const validate = ownEntry(REQUEST_VALIDATORS, msg['event']);
  if (validate === undefined) return 'Json Error';
  if (validate(msg)) return msg;
  const feed = msg['feed'];
  if (msg['event'] !== 'challenge' && typeof feed === 'string' && !PUBLIC_FEEDS.has(feed) && !PRIVATE_FEEDS.has(feed))
    return 'Invalid feed';
  if (
    PUBLIC_FEEDS.has(String(feed)) &&
    (validate.errors ?? []).some(
      (e) => e.instancePath.startsWith('/product_ids') || (e.params as { missingProperty?: unknown }).missingProperty === 'product_ids',
    )
  ) {
    return 'Invalid product id';
  }
  return 'Json Error';
}

function product(ctx: SimContext, id: unknown): FuturesProductSpec | undefined {
  if (typeof id !== 'string') return undefined;
  return ctx.engine.futures.product(id) ?? ctx.engine.futures.products().find((p) => p.symbol.toLowerCase() === id.toLowerCase());
}

function onMessage(ctx: SimContext, s: Session, text: string): void {
  const msg = decodeRequest(text);
  if (typeof msg === 'string') return s.out.send({ event: 'error', message: msg }, 'error');
  const event = msg['event'];
  if (event === 'challenge') {
    const challenge = ctx.challenges.issue(msg['api_key']);
    if (challenge === undefined) return s.out.send({ event: 'error', message: 'Json Error' }, 'error');
    return s.out.send({ event: 'challenge', message: challenge }, 'challenge');
  }
  if (event !== 'subscribe' && event !== 'unsubscribe') return s.out.send({ event: 'error', message: 'Json Error' }, 'error');
  const feed = msg['feed'];
  if (typeof feed !== 'string' || (!PUBLIC_FEEDS.has(feed) && !PRIVATE_FEEDS.has(feed)))
    return s.out.send({ event: 'error', message: 'Invalid feed' }, 'error');
  const ack = event === 'subscribe' ? 'subscribed' : 'unsubscribed';

  if (PRIVATE_FEEDS.has(feed)) {
    const credential = ctx.challenges.verify(msg['api_key'], msg['original_challenge'], msg['signed_challenge']);
    if (credential === undefined) return s.out.send({ event: 'error', message: 'Json Error' }, 'error');
    const echo = { api_key: msg['api_key'], original_challenge: msg['original_challenge'], signed_challenge: msg['signed_challenge'] };
    if (event === 'unsubscribe') {
      s.privateFeeds.delete(feed);
      return s.out.send({ event: ack, feed, ...echo }, feed);
    }
    s.privateFeeds.set(feed, credential.accountId);
    s.out.send({ event: ack, feed, ...echo }, feed);
    return privateSnapshot(ctx, s, feed, credential.accountId);
  }

  if (feed === 'heartbeat') {
    s.heartbeat = event === 'subscribe';
    return s.out.send({ event: ack, feed }, feed);
  }
  const ids = msg['product_ids'];
  if (!Array.isArray(ids) || ids.length === 0) return s.out.send({ event: 'error', message: 'Invalid product id' }, 'error');
  const products = ids.map((id) => product(ctx, id));
  if (products.some((p) => p === undefined)) return s.out.send({ event: 'error', message: 'Invalid product id' }, 'error');
  const symbols = (products as FuturesProductSpec[]).map((p) => p.symbol);
  s.out.send({ event: ack, feed, product_ids: symbols }, feed);
  for (const symbol of symbols) {
    if (event === 'unsubscribe') {
      if (feed === 'book') s.books.delete(symbol);
      if (feed === 'ticker') s.tickers.delete(symbol);
      if (feed === 'ticker_lite') s.tickersLite.delete(symbol);
      if (feed === 'trade') s.trades.delete(symbol);
      continue;
    }
    // Each snapshot is read before the subscription is registered: reading lets the engine
    // catch up and publish what was pending, and those deltas are already in the snapshot, so
    // they must not reach this subscriber ahead of it.
    if (feed === 'book') {
      const book = ctx.engine.futures.orderbook(symbol);
      const sub = { seq: 1 };
      s.books.set(symbol, sub);
      const lv = (l: { price: string; qty: string }) => ({ price: num(l.price), qty: num(l.qty) });
      s.out.send(
        {
          feed: 'book_snapshot',
          product_id: symbol,
          timestamp: ctx.clock.nowMs(),
          seq: sub.seq++,
          tickSize: null,
          bids: book.bids.map(lv),
          asks: book.asks.map(lv),
        },
        'book_snapshot',
      );
    } else if (feed === 'ticker' || feed === 'ticker_lite') {
      const ticker = ctx.engine.futures.ticker(symbol);
      (feed === 'ticker' ? s.tickers : s.tickersLite).add(symbol);
      s.out.send(tickerMessage(ticker, feed), feed);
    } else if (feed === 'trade') {
      const trades = ctx.engine.futures.publicTrades(symbol).slice(0, 100);
      const sub = { seq: 1 };
      s.trades.set(symbol, sub);
      s.out.send(
        { feed: 'trade_snapshot', product_id: symbol, trades: trades.map((t) => tradeItem(symbol, t, sub.seq++)) },
        'trade_snapshot',
      );
    }
  }
}

function privateSnapshot(ctx: SimContext, s: Session, feed: string, acc: string): void {
  const f = ctx.engine.futures;
  const now = ctx.clock.nowMs();
  switch (feed) {
    case 'open_orders':
    case 'open_orders_verbose':
      return s.out.send({ feed: `${feed}_snapshot`, account: accountUid(acc), orders: f.openOrders(acc).map(wsOrder) }, `${feed}_snapshot`);
    case 'fills':
      return s.out.send({ feed: 'fills_snapshot', account: accountUid(acc), fills: f.fills(acc).map(wsFill) }, 'fills_snapshot');
    case 'open_positions':
      return s.out.send(
        {
          feed: 'open_positions',
          account: accountUid(acc),
          positions: f.openPositions(acc).map(wsPosition),
          seq: ++s.privateSeq,
          timestamp: now,
        },
        'open_positions',
      );
    case 'notifications_auth':
      // The simulated venue announces nothing (no maintenance windows); same as REST /notifications.
      return s.out.send({ feed: 'notifications_auth', notifications: [] }, 'notifications_auth');
    case 'balances':
      return s.out.send(
        { feed: 'balances_snapshot', account: accountUid(acc), ...wsBalances(f.accounts(acc)), timestamp: now, seq: ++s.privateSeq },
        'balances_snapshot',
      );
  }
}

function fanOut(ctx: SimContext, sessions: Set<Session>, ev: SimEvent): void {
  for (const s of sessions) {
    switch (ev.type) {
      case 'futures.book': {
        const sub = s.books.get(ev.symbol);
        if (sub === undefined) break;
        const message: Record<string, unknown> = {
          feed: 'book',
          product_id: ev.symbol,
          side: ev.side,
          seq: sub.seq,
          price: num(ev.price),
          qty: num(ev.qty),
          timestamp: ev.timeMs,
        };
        s.out.send(message, 'book');
        // If a seq-gap fault bumped this message's seq, continue after it so the gap stays visible.
        sub.seq = Math.max(sub.seq, message['seq'] as number) + 1;
        break;
      }
      case 'futures.ticker':
        if (s.tickers.has(ev.symbol)) s.out.send(tickerMessage(ev.ticker, 'ticker'), 'ticker');
        if (s.tickersLite.has(ev.symbol)) s.out.send(tickerMessage(ev.ticker, 'ticker_lite'), 'ticker_lite');
        break;
      case 'futures.trade': {
        const sub = s.trades.get(ev.symbol);
        if (sub !== undefined) s.out.send(tradeItem(ev.symbol, ev.trade, sub.seq++), 'trade');
        break;
      }
      case 'futures.order':
        for (const feed of ['open_orders', 'open_orders_verbose']) {
          if (s.privateFeeds.get(feed) !== ev.accountId) continue;
          // A removal carries only the order id, except a full fill, which carries the order as
          // it ended (remaining `qty` 0, `filled` the whole size), as in Kraken's recorded frames.
          const body = !ev.isCancel
            ? { order: wsOrder(ev.order), is_cancel: false, reason: ev.reason }
            : ev.reason === 'full_fill'
              ? { order: wsOrder(ev.order), is_cancel: true, reason: ev.reason }
              : { order_id: ev.order.orderId, is_cancel: true, reason: ev.reason };
          s.out.send({ feed, ...body }, feed);
        }
        break;
      case 'futures.fill':
        // Deltas name the account `username` (the snapshot says `account`), as Kraken's recorded fills delta does.
        if (s.privateFeeds.get('fills') === ev.accountId)
          s.out.send({ feed: 'fills', username: accountUid(ev.accountId), fills: [wsFill(ev.fill)] }, 'fills');
        break;
      case 'futures.positions':
        if (s.privateFeeds.get('open_positions') === ev.accountId) {
          s.out.send(
            {
              feed: 'open_positions',
              account: accountUid(ev.accountId),
              positions: ev.positions.map(wsPosition),
              seq: ++s.privateSeq,
              timestamp: ev.timeMs,
            },
            'open_positions',
          );
        }
        break;
      case 'futures.balances':
        if (s.privateFeeds.get('balances') === ev.accountId) {
          s.out.send(
            { feed: 'balances', account: accountUid(ev.accountId), ...wsBalances(ev.accounts), timestamp: ev.timeMs, seq: ++s.privateSeq },
            'balances',
          );
        }
        break;
      default:
        break;
    }
  }
}
