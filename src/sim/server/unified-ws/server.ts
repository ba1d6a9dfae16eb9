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
import { parseVenueJson } from '../../../core/json.js';
import { outgoingValidators } from '../../../../generated/unified-ws/outgoing-validators.gen.js';
import { requestsByMethod } from '../../../../generated/unified-ws/routes.gen.js';
import { SPOT_AUTH_ERRORS } from '../../auth/spot-auth.js';
import { everyInterval } from '../../clock-interval.js';
import type { SimContext } from '../context.js';
import type { GeneratedValidator } from '../generated-validator.js';
import { listen, trackSockets } from '../http-util.js';
import { ownEntry } from '../own-lookup.js';
import { INVALID_TOKEN } from '../spot-ws/subscriptions.js';
import { rfc3339Micros } from '../wire-json.js';
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
  const timeIn = rfc3339Micros(ctx.clock.nowMs());
  let msg: Record<string, unknown>;
  try {
    const parsed = parseVenueJson(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    msg = parsed as Record<string, unknown>;
  } catch {
    s.send({ error: 'EGeneral:Invalid arguments', success: false, time_in: timeIn, time_out: rfc3339Micros(ctx.clock.nowMs()) }, 'error');
    return;
  }
  const method = typeof msg['method'] === 'string' ? msg['method'] : '';
  const reqId = typeof msg['req_id'] === 'number' ? msg['req_id'] : undefined;
  const params = (typeof msg['params'] === 'object' && msg['params'] !== null ? msg['params'] : {}) as Record<string, unknown>;
  const reply = (m: string, body: { result?: unknown; error?: string; symbol?: string }) => {
    s.send(
      {
        method: m,
        ...(body.result === undefined ? {} : { result: body.result }),
        success: body.error === undefined,
        ...(body.error === undefined ? {} : { error: body.error }),
        ...(body.symbol === undefined ? {} : { symbol: body.symbol }),
        ...(reqId === undefined ? {} : { req_id: reqId }),
        time_in: timeIn,
        time_out: rfc3339Micros(ctx.clock.nowMs()),
      },
      m,
    );
  };

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

/** Checks a trading request against its generated schema; an unknown param is named, as Kraken's SDK reports it. */
function schemaError(method: string, msg: Record<string, unknown>): string | undefined {
  const title = ownEntry(requestsByMethod as Record<string, string>, method);
  const validate = ownEntry(outgoingValidators as Record<string, GeneratedValidator>, title);
  if (validate === undefined || validate(structuredClone(msg))) return undefined;
  const first = validate.errors?.[0];
  const extra = first?.params['additionalProperty'];
  if (typeof extra === 'string') return `Unsupported field: '${extra}'`;
  const missing = first?.params['missingProperty'];
  const field =
    typeof missing === 'string'
      ? missing
      : first?.instancePath
          .split('/')
          .filter((x) => x !== '' && x !== 'params')
          .pop();
  return field === undefined ? 'EGeneral:Invalid arguments' : `EGeneral:Invalid arguments:${field}`;
}
