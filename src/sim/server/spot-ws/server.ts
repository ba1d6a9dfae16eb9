/**
 * Spot WS v2 servers: a public endpoint (`ws.kraken.com/v2`) and an authenticated one
 * (`ws-auth.kraken.com/v2`), each on its own 127.0.0.1 port at path `/v2`. Envelope per
 * The v2 framing: requests `{method, params, req_id}`; acks `{method, result|error, success,
 * req_id, time_in, time_out}`; channel data `{channel, type, data}`.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SimEvent } from '../../engine/types/events.js';
import { SPOT_AUTH_ERRORS } from '../../auth/spot-auth.js';
import type { WsTarget } from '../../faults/fault-rules.js';
import { Mulberry32Random } from '../../random/mulberry32.js';
import type { SimContext, VenueStatus } from '../context.js';
import { listen, trackSockets } from '../http-util.js';
import { rfc3339Micros, WireNumber } from '../wire-json.js';
import { WsOutbound } from '../ws-outbound.js';
import { wsText } from '../ws-text.js';
import { everyInterval } from '../../clock-interval.js';
import { balanceUpdate, executionReport } from './account-frames.js';
import { bboKey, bookUpdateFrame, bookView, ohlcData, tickerData, tradeData, type BookView } from './market-frames.js';
import { SpotWsSession } from './session.js';
import { subscribe, unsubscribe, INVALID_TOKEN } from './subscriptions.js';
import { runTradingMethod, TRADING_METHODS } from './trading-methods.js';
import { outgoingValidators } from '../../../../generated/spot-ws-v2/outgoing-validators.gen.js';
import { requestsByMethod } from '../../../../generated/spot-ws-v2/routes.gen.js';
import { readV2Request, v2SchemaError } from '../v2-request.js';

/** Frames above this are refused (Kraken's own limit is unpublished). */
const MAX_INBOUND_BYTES = 1 << 20;
const HEARTBEAT_MS = 1000;
/** Kraken closes a connection after ~1 minute without traffic when nothing is subscribed. */
export const SPOT_WS_IDLE_MS = 60_000;

export interface SpotWsServers {
  readonly publicPort: number;
  readonly authPort: number;
  close(): Promise<void>;
}

export async function startSpotWsServers(
  ctx: SimContext,
  host: string,
  ports: { public: number; auth: number },
  idleMs: number = SPOT_WS_IDLE_MS,
): Promise<SpotWsServers> {
  const sessions = new Set<SpotWsSession>();
  const random = new Mulberry32Random(`spot-ws:${ctx.random.next()}`);
  const endpoints: { http: Server; wss: WebSocketServer; sockets: { destroyAll(): void } }[] = [];

  const makeEndpoint = (kind: 'public' | 'auth') => {
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('Upgrade Required');
    });
    const wss = new WebSocketServer({ server: http, path: '/v2', maxPayload: MAX_INBOUND_BYTES });
    const target: WsTarget = kind === 'public' ? 'spot-public' : 'spot-auth';
    wss.on('connection', (ws: WebSocket) => {
      const session = new SpotWsSession(ws, new WsOutbound(ws, target, ctx.faults, ctx.wallClock), kind, ctx.wallClock);
      sessions.add(session);
      ws.on('message', (data, isBinary) => {
        session.lastReceivedMs = ctx.wallClock.nowMs();
        try {
          onMessage(ctx, session, isBinary ? '' : wsText(data));
        } catch (e) {
          // A bug here must not take the simulator down; the client sees Kraken's internal error
          // and the bug is recorded in `sim.internalErrors`.
          ctx.recordInternalError(`spot-ws ${kind} message`, e);
          session.send({ error: 'EGeneral:Internal error', success: false }, 'error');
        }
      });
      ws.on('close', () => {
        sessions.delete(session);
        if (session.executions) ctx.wsTokens.release(session.executions.token);
        if (session.balances) ctx.wsTokens.release(session.balances.token);
      });
      ws.on('error', () => ws.terminate());
      // `connection_id` exceeds 2^53 on Kraken: sent as a bare big integer.
      session.connectionId = BigInt(`0x${random.bytes(8).toString('hex')}`).toString();
      session.send(statusFrame(ctx.status, session.connectionId), 'status');
    });
    endpoints.push({ http, wss, sockets: trackSockets(http) });
    return http;
  };

  const publicPort = await listen(makeEndpoint('public'), ports.public, host);
  const authPort = await listen(makeEndpoint('auth'), ports.auth, host);

  const offEngine = ctx.engine.on((ev) => {
    // Never let a protocol-layer failure escape into the engine's event loop.
    try {
      fanOut(ctx, sessions, ev);
    } catch (e) {
      ctx.recordInternalError(`spot-ws fan-out ${ev.type}`, e);
    }
  });
  const onStatus = (status: VenueStatus) => {
    for (const s of sessions) s.send(statusFrame(status, s.connectionId), 'status');
  };
  ctx.statusListeners.add(onStatus);
  const offClose = ctx.faults.onWsClose((target, code) => {
    for (const s of sessions) {
      if (target !== (s.endpoint === 'public' ? 'spot-public' : 'spot-auth')) continue;
      // 1006 is never sent on the wire: it is what a client sees when the TCP connection dies.
      if (code === 1006) s.ws.terminate();
      else s.ws.close(code, code === 1001 ? 'CloudFlare WebSocket proxy restarting' : '');
    }
  });
  const stopHeartbeat = everyInterval(ctx.wallClock, HEARTBEAT_MS, () => {
    const now = ctx.wallClock.nowMs();
    for (const s of sessions) {
      if (s.hasSubscriptions()) {
        if (now - s.lastSentMs >= HEARTBEAT_MS) s.send({ channel: 'heartbeat' }, 'heartbeat');
      } else if (now - s.lastReceivedMs >= idleMs) {
        s.ws.close(1000, 'idle');
      }
    }
  });

  return {
    publicPort,
    authPort,
    async close() {
      stopHeartbeat();
      offEngine();
      offClose();
      ctx.statusListeners.delete(onStatus);
      for (const s of sessions) s.ws.terminate();
      sessions.clear();
      await Promise.all(
        endpoints.map(
          (e) =>
            new Promise<void>((resolve) => {
              e.wss.close();
              e.http.close(() => resolve());
              e.sockets.destroyAll();
            }),
        ),
      );
    },
  };
}

function statusFrame(system: VenueStatus, connectionId: string): Record<string, unknown> {
  return {
    channel: 'status',
    type: 'update',
    data: [{ api_version: 'v2', connection_id: new WireNumber(connectionId), system, version: '2.0.0' }],
  };
}

function onMessage(ctx: SimContext, s: SpotWsSession, text: string): void {
  const request = readV2Request(ctx, s, text);
  if (request === undefined) return;
  const { message: msg, method, params, reply } = request;

  if (method === 'ping') return reply('pong', {});
  if (method === 'subscribe') return subscribe(ctx, s, params, (b) => reply('subscribe', b));
  if (method === 'unsubscribe') return unsubscribe(ctx, s, params, (b) => reply('unsubscribe', b));
  if (TRADING_METHODS.has(method)) {
    ctx.recordRequest('spot-ws', 'WS', method);
    if (s.endpoint !== 'auth') return reply(method, { error: SPOT_AUTH_ERRORS.permissionDenied });
    const grant = ctx.wsTokens.grantFor(params['token']);
    if (grant === undefined) return reply(method, { error: INVALID_TOKEN });
    // The key that fetched the token needs its order permissions for every trading method; without
    // them Kraken answers with its REST wording, and nothing reaches the venue.
    if (!grant.permissions.has('trade')) return reply(method, { error: SPOT_AUTH_ERRORS.permissionDenied });
    const accountId = grant.accountId;
    const invalid = schemaError(method, msg);
    if (invalid !== undefined) return reply(method, { error: invalid });
    const injected = ctx.faults.takeVenueError(method);
    if (injected !== undefined) return reply(method, { error: injected.error });
    const { token: _token, ...rest } = params;
    const outcomes = runTradingMethod(ctx, accountId, method, rest);
    const answer = () => {
      for (const o of outcomes) reply(method, o);
    };
    const ack =
      method === 'add_order' || method === 'batch_add' || method === 'amend_order' || method === 'edit_order' || method === 'cancel_order'
        ? ctx.faults.takeOrderAck('ws')
        : undefined;
    if (ack?.kind === 'order-ack-lost') return; // accepted by the venue, the answer never arrives
    if (ack?.kind === 'order-ack-delay') {
      ctx.wallClock.setTimeout(answer, ack.delayMs ?? 2000);
      return;
    }
    return answer();
  }
  reply(method === '' ? 'error' : method, { error: `Method not supported ${method}` });
}

/** A trading request checked against its generated schema (see `v2SchemaError`). */
function schemaError(method: string, msg: Record<string, unknown>): string | undefined {
  return v2SchemaError(requestsByMethod, outgoingValidators, method, msg);
}

/** Turns one engine event into the frames each interested session should get. */
function fanOut(ctx: SimContext, sessions: Set<SpotWsSession>, ev: SimEvent): void {
  if (sessions.size === 0) return;
  switch (ev.type) {
    case 'spot.book': {
      const views = new Map<number, BookView>();
      for (const s of sessions) {
        const sub = s.books.get(ev.pair);
        if (sub === undefined) continue;
        let after = views.get(sub.depth);
        if (after === undefined) {
          after = bookView(ctx.engine, sub.pair, sub.depth);
          views.set(sub.depth, after);
        }
        const frame = bookUpdateFrame(sub.pair, sub.view, after, sub.depth, ev.timeMs);
        sub.view = after;
        if (frame !== undefined) s.send(frame, 'book');
      }
      return;
    }
    case 'spot.ticker': {
      const pair = ctx.engine.spot.pair(ev.pair);
      if (pair === undefined) return;
      const bbo = bboKey(ev.ticker);
      for (const s of sessions) {
        const sub = s.tickers.get(ev.pair);
        if (sub === undefined) continue;
        const due = sub.eventTrigger === 'trades' ? ev.afterTrade : bbo !== sub.lastBbo;
        sub.lastBbo = bbo;
        if (due) s.send({ channel: 'ticker', type: 'update', data: [tickerData(pair, ev.ticker)] }, 'ticker');
      }
      return;
    }
    case 'spot.trade': {
      const pair = ctx.engine.spot.pair(ev.pair);
      if (pair === undefined) return;
      for (const s of sessions)
        if (s.trades.has(ev.pair)) s.send({ channel: 'trade', type: 'update', data: ev.trades.map((t) => tradeData(pair, t)) }, 'trade');
      return;
    }
    case 'spot.ohlc': {
      const pair = ctx.engine.spot.pair(ev.pair);
      if (pair === undefined) return;
      for (const s of sessions) {
        const intervals = s.ohlc.get(ev.pair);
        if (intervals === undefined) continue;
        const data = ev.candles.filter((c) => intervals.has(c.interval)).map((c) => ohlcData(pair, c));
        if (data.length > 0) s.send({ channel: 'ohlc', type: 'update', timestamp: rfc3339Micros(ev.timeMs), data }, 'ohlc');
      }
      return;
    }
    case 'spot.execution': {
      for (const s of sessions) {
        const sub = s.executions;
        if (sub === undefined || sub.accountId !== ev.accountId) continue;
        const report = executionReport(ctx.engine, ev, sub.orderStatus);
        if (report === undefined) continue;
        if (sub.rateCounter) report['ratecount'] = Math.round(ctx.spotTradingLimiter.level(ev.accountId, ev.order.pair) * 100) / 100;
        s.send({ channel: 'executions', type: 'update', data: [report], sequence: ++sub.sequence }, 'executions');
      }
      return;
    }
    case 'spot.balance': {
      for (const s of sessions) {
        const sub = s.balances;
        if (sub === undefined || sub.accountId !== ev.accountId) continue;
        const update = balanceUpdate(ctx.engine, ev);
        if (update !== undefined) s.send({ channel: 'balances', type: 'update', data: [update], sequence: ++sub.sequence }, 'balances');
      }
      return;
    }
    default:
      return;
  }
}

export type { WsTarget };
