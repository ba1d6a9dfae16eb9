/**
 * The Unified WebSocket server: `/v2/public` and `/v2/private` on one 127.0.0.1 port (Kraken's
 * `wss://uws.kraken.com/v2/public|private`), over the simulated Futures venue's engine, so that
 * orders, fills and positions are the same whichever API a client uses.
 *
 * Envelope as Spot v2: requests `{method, params, req_id}`; answers `{method, result|error,
 * success, req_id, time_in, time_out}`; channel data `{channel, type, data}`. Heartbeats go out
 * once a second on a connection with a subscription when nothing else went out.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { outgoingValidators } from '../../../../generated/unified-ws/outgoing-validators.gen.js';
import { requestsByMethod } from '../../../../generated/unified-ws/routes.gen.js';
import { SPOT_AUTH_ERRORS } from '../../auth/spot-auth.js';
import { everyInterval } from '../../clock-interval.js';
import type { SimContext } from '../context.js';
import { readV2Request, v2SchemaError } from '../v2-request.js';
import { listen, trackSockets } from '../http-util.js';
import { INVALID_TOKEN } from '../spot-ws/subscriptions.js';
import { WsOutbound } from '../ws-outbound.js';
import { wsText } from '../ws-text.js';
import { UwsFanOut } from './fan-out.js';
import { UwsSession } from './session.js';
import { subscribe, unsubscribe, type UwsLimits } from './subscriptions.js';
import { runUwsTradingMethod, UWS_TRADING_METHODS } from './trading.js';

const MAX_INBOUND_BYTES = 1 << 20;
const HEARTBEAT_MS = 1000;
/** Kraken's maximum message size is not published; 16 MiB unless a test sets it. */
export const DEFAULT_UWS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface UnifiedWsServer {
  readonly port: number;
  /** Changes the venue's maximum message size (a `positions` snapshot above it reports `snapshot_too_large`). */
  setMaxMessageBytes(bytes: number): void;
  close(): Promise<void>;
}

export async function startUnifiedWsServer(
  ctx: SimContext,
  host: string,
  port: number,
  maxMessageBytes = DEFAULT_UWS_MAX_MESSAGE_BYTES,
): Promise<UnifiedWsServer> {
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('Upgrade Required');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INBOUND_BYTES });
  const sockets = trackSockets(http);
  const sessions = new Set<UwsSession>();
  const limits: UwsLimits = { maxMessageBytes };
  const fanOut = new UwsFanOut(ctx, sessions);

  http.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    const endpoint = path === '/v2/public' ? 'public' : path === '/v2/private' ? 'private' : undefined;
    if (endpoint === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, endpoint));
  });

  const onConnection = (ws: WebSocket, endpoint: 'public' | 'private') => {
    const s = new UwsSession(ws, new WsOutbound(ws, 'unified', ctx.faults, ctx.wallClock), endpoint, ctx.wallClock);
    sessions.add(s);
    ws.on('message', (data, isBinary) => {
      s.lastReceivedMs = ctx.wallClock.nowMs();
      try {
        onMessage(ctx, s, isBinary ? '' : wsText(data), limits);
      } catch (e) {
        ctx.recordInternalError(`unified-ws ${endpoint} message`, e);
        s.send({ error: 'EGeneral:Internal error', success: false }, 'error');
      }
    });
    ws.on('close', () => {
      sessions.delete(s);
      for (const sub of s.privateSubscriptions()) ctx.wsTokens.release(sub.token);
    });
    ws.on('error', () => ws.terminate());
  };

  const actualPort = await listen(http, port, host);
  const offEngine = ctx.engine.on((ev) => {
    try {
      if (sessions.size > 0) fanOut.on(ev);
    } catch (e) {
      ctx.recordInternalError(`unified-ws fan-out ${ev.type}`, e);
    }
  });
  const offClose = ctx.faults.onWsClose((target, code) => {
    if (target !== 'unified') return;
    for (const s of sessions) {
      if (code === 1006) s.ws.terminate();
      else s.ws.close(code, code === 1001 ? 'CloudFlare WebSocket proxy restarting' : '');
    }
  });
  const stopHeartbeat = everyInterval(ctx.wallClock, HEARTBEAT_MS, () => {
    const now = ctx.wallClock.nowMs();
    for (const s of sessions) if (s.hasSubscriptions() && now - s.lastSentMs >= HEARTBEAT_MS) s.send({ channel: 'heartbeat' }, 'heartbeat');
  });

  return {
    port: actualPort,
    setMaxMessageBytes(bytes: number) {
      limits.maxMessageBytes = bytes;
    },
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

function onMessage(ctx: SimContext, s: UwsSession, text: string, limits: UwsLimits): void {
  const request = readV2Request(ctx, s, text);
  if (request === undefined) return;
  const { message: msg, method, params, reply } = request;

  if (method === 'ping') return reply('pong', {});
  if (method === 'subscribe') return subscribe(ctx, s, params, limits, (b) => reply('subscribe', b));
  if (method === 'unsubscribe') return unsubscribe(ctx, s, params, (b) => reply('unsubscribe', b));
  if (!UWS_TRADING_METHODS.has(method)) return reply(method === '' ? 'error' : method, { error: `Method not supported ${method}` });
  ctx.recordRequest('unified-ws', 'WS', method);
  // Every trading request needs the private endpoint and a token.
  if (s.endpoint !== 'private') return reply(method, { error: SPOT_AUTH_ERRORS.permissionDenied });
  const grant = ctx.wsTokens.grantFor(params['token']);
  if (grant === undefined) return reply(method, { error: INVALID_TOKEN });
  // The token's Kraken (Spot) key needs its order permissions for every trading method (Derivatives
  // keys play no part on UWS); without them Kraken answers with its REST wording, and nothing reaches the venue.
  if (!grant.permissions.has('trade')) return reply(method, { error: SPOT_AUTH_ERRORS.permissionDenied });
  const accountId = grant.accountId;
  const invalid = schemaError(method, msg);
  if (invalid !== undefined) return reply(method, { error: invalid });
  const injected = ctx.faults.takeVenueError(method);
  if (injected !== undefined) return reply(method, { error: injected.error });
  const { token: _token, ...rest } = params;
  const outcomes = runUwsTradingMethod(ctx, accountId, method, rest);
  const answer = () => {
    for (const o of outcomes) reply(method, o);
  };
  const ack = ['add_order', 'batch_add', 'amend_order', 'cancel_order'].includes(method) ? ctx.faults.takeOrderAck('ws') : undefined;
  if (ack?.kind === 'order-ack-lost') return;
  if (ack?.kind === 'order-ack-delay') {
    ctx.wallClock.setTimeout(answer, ack.delayMs ?? 2000);
    return;
  }
  answer();
}

/** A trading request checked against its generated schema (see `v2SchemaError`). */
function schemaError(method: string, msg: Record<string, unknown>): string | undefined {
  return v2SchemaError(requestsByMethod, outgoingValidators, method, msg);
}
