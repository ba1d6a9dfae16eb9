/**
 * Futures REST server: trading/market `/derivatives/api/v3/*`, history `/api/history/v3/*` and
 * charts `/api/charts/v1/*`. Envelopes: v3 `{result: success|error,
 * serverTime, ...}` (API errors with HTTP 200, the v3 practice this simulator follows); history
 * errors `{result: error, errors: [{code, message}]}` with 401/429; charts plain JSON.
 *
 * Auth is `APIKey` + `Authent` (+ optional `Nonce`) over `postData + nonce + path without
 * /derivatives` (futures-auth.ts), where postData is the query string followed by the body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SimVenueError } from '../../engine/errors.js';
import { verifyFuturesRequest } from '../../auth/futures-auth.js';
import { FUTURES_RATE_LIMIT_ERROR } from '../../limits/futures-budget.js';
import type { SimContext } from '../context.js';
import { answerOrderEntry } from '../order-ack.js';
import { BodyTooLargeError, sendTooLarge, cloudflareErrorPage, readBody, sendJson, sendText, trackSockets } from '../http-util.js';
import { FuturesArgumentError, parseBatch, parseCancelSelector, parseEditOrder, parseSendOrder } from './order-params.js';
import { accountHistory, charts, marketHistory } from './history-and-charts.js';
import { futuresRequestError } from './request-validation.js';
import { accountsInfo, fillInfo, iso, openOrder, orderEvent, orderStatusDetails, positionInfo } from './views.js';
import { num } from '../wire-json.js';
import { Rejected, type Call, type CallParams } from './call.js';
import { publicCall, requireSymbol } from './public-handlers.js';
import { UNSIGNED_DECIMAL } from '../decimal-text.js';
import { Decimal } from '../../engine/decimal.js';

const PRIVATE_DERIVATIVES = new Set([
  'POST /sendorder',
  'POST /editorder',
  'POST /cancelorder',
  'POST /cancelallorders',
  'POST /cancelallordersafter',
  'POST /batchorder',
  'POST /orders/status',
  'GET /orders/status',
  'GET /openorders',
  'GET /fills',
  'GET /openpositions',
  'GET /accounts',
  'GET /leveragepreferences',
  'PUT /leveragepreferences',
  'GET /notifications',
]);
/** Per-account leverage preferences (PUT/GET /leveragepreferences). */
const leveragePrefs = new WeakMap<SimContext, Map<string, Map<string, string>>>();
const ORDER_ENTRY = new Set(['/sendorder', '/editorder', '/cancelorder', '/batchorder']);

export interface FuturesRestServer {
  readonly server: ReturnType<typeof createServer>;
  close(): Promise<void>;
}

export function createFuturesRestServer(ctx: SimContext): FuturesRestServer {
  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((e: unknown) => {
      ctx.recordInternalError(`futures-rest ${(req.url ?? '/').split('?')[0]!}`, e);
      if (!res.headersSent) sendJson(res, 500, { result: 'error', serverTime: iso(ctx.clock.nowMs()), error: 'Server Error' });
    });
  });
  const sockets = trackSockets(server);
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        sockets.destroyAll();
      }),
  };
}

function paramsOf(query: URLSearchParams, body: string): CallParams {
  const out = Object.create(null) as CallParams;
  const add = (k: string, v: string) => {
    if (k === '__proto__' || k === 'constructor') return;
    const prev = out[k];
    // Repeated keys (`orderIds=a&orderIds=b`, `contractType=...`) become arrays (appended in
    // place: copying on every repeat would be quadratic in a hostile body's size).
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  };
  for (const [k, v] of query) add(k, v);
  for (const [k, v] of new URLSearchParams(body)) add(k, v);
  return out;
}

async function handle(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  ctx.recordRequest('futures-rest', req.method ?? 'GET', url.pathname);
  let body: string;
  try {
    body = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLargeError) sendTooLarge(req, res);
    return;
  }
  const path = url.pathname;
  const http = ctx.faults.takeHttp(path);
  if (http !== undefined) {
    if (http.kind === 'http-timeout') return;
    if (http.kind === 'http-5xx')
      return sendText(res, http.status ?? 502, 'text/html; charset=UTF-8', cloudflareErrorPage(http.status ?? 502));
    return sendText(res, 200, 'application/json', '{"result":"success","serverTime":"20');
  }
  ctx.engine.tick();
  const call: Call = { method: req.method ?? 'GET', path, params: paramsOf(url.searchParams, body), query: url.searchParams };
  const serverTime = iso(ctx.clock.nowMs());
  const postData = `${url.search.slice(1)}${body}`;

  if (path.startsWith('/api/charts/v1')) return charts(ctx, res, path.slice('/api/charts/v1'.length));

  if (path.startsWith('/api/history/v3/')) {
    const sub = path.slice('/api/history/v3'.length);
    const notFound = { result: 'error', serverTime, errors: [{ code: null, message: 'Not Found' }] };
    if (sub.startsWith('/market/')) {
      const market = marketHistory(ctx, sub, call, serverTime);
      return sendJson(res, market === undefined ? 404 : 200, market ?? notFound);
    }
    const auth = verifyFuturesRequest(ctx.keys, {
      path,
      apiKey: hdr(req, 'apikey'),
      authent: hdr(req, 'authent'),
      nonce: hdr(req, 'nonce'),
      postData,
      needsFullAccess: false,
    });
    if (!auth.ok)
      return sendJson(res, 401, { result: 'error', serverTime, status: 'UNAUTHORIZED', errors: [{ code: 18, message: auth.error }] });
    const count = Number(call.query.get('count') ?? '') || undefined;
    if (ctx.limitsEnabled && !ctx.futuresBudget.admitHistory(auth.credential.apiKey, path, count)) {
      return sendJson(res, 429, {
        result: 'error',
        serverTime,
        status: 'TOO_MANY_REQUESTS',
        errors: [{ code: 10, message: 'Rate limit exceeded' }],
      });
    }
    const history = accountHistory(ctx, auth.credential.accountId, sub, call, serverTime);
    return sendJson(res, history === undefined ? 404 : 200, history ?? notFound);
  }

  if (!path.startsWith('/derivatives/api/v3/')) return sendJson(res, 404, { result: 'error', serverTime, error: 'notFound' });
  const sub = path.slice('/derivatives/api/v3'.length);
  const key = `${call.method} ${sub}`;
  try {
    if (!PRIVATE_DERIVATIVES.has(key)) {
      const injected = ctx.faults.takeVenueError(path);
      if (injected !== undefined) throw new Rejected(injected.error);
      const invalid = futuresRequestError(call.method, path, call.params);
      // Historical funding answers a bad or missing symbol with HTTP 400, as Kraken does.
      if (invalid !== undefined) throw new Rejected(invalid, sub === '/historical-funding-rates' ? 400 : 200);
      return sendJson(res, 200, { result: 'success', serverTime, ...publicCall(ctx, sub, call) });
    }
    const auth = verifyFuturesRequest(ctx.keys, {
      path,
      apiKey: hdr(req, 'apikey'),
      authent: hdr(req, 'authent'),
      nonce: hdr(req, 'nonce'),
      postData,
      needsFullAccess: call.method !== 'GET' && sub !== '/orders/status',
    });
    if (!auth.ok) throw new Rejected(auth.error);
    const invalid = futuresRequestError(call.method, path, call.params);
    if (invalid !== undefined) throw new Rejected(invalid);
    const batch = sub === '/batchorder' ? parseBatch(typeof call.params['json'] === 'string' ? call.params['json'] : undefined) : undefined;
    if (ctx.limitsEnabled) {
      const limited = ctx.futuresBudget.admitDerivatives(auth.credential.apiKey, {
        method: call.method,
        path: sub,
        ...(batch === undefined ? {} : { batchSize: batch.length }),
        hasLastFillTime: call.params['lastFillTime'] !== undefined,
      });
      if (limited !== undefined) throw new Rejected(FUTURES_RATE_LIMIT_ERROR);
    }
    const injected = ctx.faults.takeVenueError(path);
    if (injected !== undefined) throw new Rejected(injected.error);
    const run = () => ({
      result: 'success',
      serverTime: iso(ctx.clock.nowMs()),
      ...privateCall(ctx, auth.credential.accountId, sub, call, batch),
    });
    if (ORDER_ENTRY.has(sub))
      return answerOrderEntry(
        ctx,
        res,
        () => safely(ctx, key, run),
        (out) => sendJson(res, 200, out),
      );
    sendJson(res, 200, safely(ctx, key, run));
  } catch (e) {
    sendJson(res, e instanceof Rejected ? e.status : 200, errorBody(ctx, key, e, serverTime));
  }
}

/** Runs a call; an error becomes Kraken's error envelope stamped with the sim clock's time. */
function safely(ctx: SimContext, where: string, run: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return run();
  } catch (e) {
    return errorBody(ctx, where, e, iso(ctx.clock.nowMs()));
  }
}

/**
 * Kraken's v3 error envelope. Rejections, argument errors and venue errors are Kraken answers;
 * anything else is a simulator bug: answered as Kraken's generic `Server Error` and recorded in
 * `sim.internalErrors`.
 */
function errorBody(ctx: SimContext, where: string, e: unknown, serverTime: string): Record<string, unknown> {
  if (e instanceof Rejected) return { result: 'error', serverTime, error: e.code };
  if (e instanceof FuturesArgumentError) return { result: 'error', serverTime, error: e.code };
  if (e instanceof SimVenueError) return { result: 'error', serverTime, error: e.code };
  ctx.recordInternalError(`futures-rest ${where}`, e);
  return { result: 'error', serverTime, error: 'Server Error' };
}

function hdr(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function list(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter((x) => x !== '');
}

function privateCall(
  ctx: SimContext,
  acc: string,
  sub: string,
  call: Call,
  batch: ReturnType<typeof parseBatch> | undefined,
): Record<string, unknown> {
  const f = ctx.engine.futures;
  const p = call.params;
  switch (sub) {
    case '/sendorder': {
      const r = f.sendOrder(acc, parseSendOrder(p));
      return {
        sendStatus: {
          ...(r.orderId === undefined ? {} : { order_id: r.orderId }),
          ...(r.cliOrdId === undefined ? {} : { cliOrdId: r.cliOrdId }),
          receivedTime: iso(r.receivedTimeMs),
          status: r.status,
          orderEvents: r.orderEvents.map(orderEvent),
        },
      };
    }
    case '/editorder': {
      const r = f.editOrder(acc, parseEditOrder(p));
      return {
        editStatus: {
          orderId: r.orderId ?? null,
          cliOrdId: r.cliOrdId ?? null,
          receivedTime: iso(r.receivedTimeMs),
          status: r.status,
          orderEvents: r.orderEvents.map(orderEvent),
        },
      };
    }
    case '/cancelorder': {
      const r = f.cancelOrder(acc, parseCancelSelector(p));
      return {
        cancelStatus: {
          ...(r.orderId === undefined ? {} : { order_id: r.orderId }),
          cliOrdId: r.cliOrdId ?? null,
          receivedTime: iso(r.receivedTimeMs),
          status: r.status,
          orderEvents: r.orderEvents.map(orderEvent),
        },
      };
    }
    case '/cancelallorders': {
      const symbol = typeof p['symbol'] === 'string' ? p['symbol'] : undefined;
      const r = f.cancelAllOrders(acc, symbol);
      return {
        cancelStatus: {
          cancelOnly: r.cancelOnly,
          cancelledOrders: r.cancelledOrders.map((o) => ({ order_id: o.orderId, cliOrdId: o.cliOrdId })),
          orderEvents: r.orderEvents.map(orderEvent),
          receivedTime: iso(r.receivedTimeMs),
          status: r.status,
        },
      };
    }
    case '/cancelallordersafter': {
      const timeout = Number(p['timeout']);
      if (p['timeout'] === undefined || !Number.isInteger(timeout) || timeout < 0)
        throw new FuturesArgumentError('invalidArgument', 'timeout');
      const r = f.cancelAllOrdersAfter(acc, timeout);
      return { status: { currentTime: iso(r.currentTimeMs), triggerTime: r.triggerTimeMs === 0 ? '0' : iso(r.triggerTimeMs) } };
    }
    case '/batchorder': {
      const rows = f.batchOrder(acc, batch ?? []);
      return {
        batchStatus: rows.map((r) => ({
          ...(r.orderTag === undefined ? {} : { order_tag: r.orderTag }),
          order_id: r.orderId ?? null,
          cliOrdId: r.cliOrdId ?? null,
          dateTimeReceived: iso(r.receivedTimeMs),
          status: r.status,
          orderEvents: r.orderEvents.map(orderEvent),
        })),
      };
    }
    case '/orders/status': {
      const orderIds = list(p['orderIds']);
      const cliOrdIds = list(p['cliOrdIds']);
      const orders = f.ordersStatus(acc, {
        ...(orderIds === undefined ? {} : { orderIds }),
        ...(cliOrdIds === undefined ? {} : { cliOrdIds }),
      });
      return { orders: orders.map(orderStatusDetails) };
    }
    case '/openorders':
      return { openOrders: f.openOrders(acc).map(openOrder) };
    case '/fills': {
      const last = typeof p['lastFillTime'] === 'string' ? Date.parse(p['lastFillTime']) : undefined;
      return { fills: f.fills(acc, last === undefined || Number.isNaN(last) ? undefined : last).map(fillInfo) };
    }
    case '/openpositions':
      return { openPositions: f.openPositions(acc).map(positionInfo) };
    case '/accounts':
      return { accounts: accountsInfo(f.accounts(acc)) };
    case '/leveragepreferences': {
      // Isolated-margin max leverage per symbol; PUT without maxLeverage returns to cross margin
      // (as Kraken's leverage-preference endpoints do). Recorded per account; the engine margins every position as cross.
      const byAccount = leveragePrefs.get(ctx) ?? new Map<string, Map<string, string>>();
      leveragePrefs.set(ctx, byAccount);
      const prefs = byAccount.get(acc) ?? new Map<string, string>();
      byAccount.set(acc, prefs);
      if (call.method === 'PUT') {
        const symbol = requireSymbol(ctx, call);
        const max = p['maxLeverage'];
        if (max === undefined) prefs.delete(symbol);
        else if (typeof max === 'string' && UNSIGNED_DECIMAL.test(max) && new Decimal(max).gt(0)) prefs.set(symbol, max);
        else throw new FuturesArgumentError('invalidArgument', 'maxLeverage');
        return {};
      }
      return { leveragePreferences: [...prefs].map(([symbol, maxLeverage]) => ({ symbol, maxLeverage: num(maxLeverage) })) };
    }
    case '/notifications':
      return { notifications: [] };
    default:
      throw new Rejected('notFound');
  }
}
