/**
 * Spot REST server: `/0/public/<Method>` and `/0/private/<Method>` with Kraken's envelope
 * `{ error: string[], result }`, always HTTP 200 for API errors, as Kraken answers.
 *
 * Order of checks for private calls follows what a client can observe from Kraken: key,
 * signature, nonce, permission (spot-auth.ts), then the per-key REST counter, then the call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SimVenueError } from '../../engine/errors.js';
import { verifySpotRequest } from '../../auth/spot-auth.js';
import { SPOT_ORDER_ENTRY_METHODS } from '../../limits/spot-rest-limiter.js';
import type { SimContext } from '../context.js';
import { handleControl } from '../control-endpoint.js';
import { answerOrderEntry } from '../order-ack.js';
import { BodyTooLargeError, sendTooLarge, cloudflareErrorPage, readBody, sendJson, sendText, trackSockets } from '../http-util.js';
import { SPOT_ACCOUNT_HANDLERS } from './account-handlers.js';
import { InvalidArguments, parseBody, parseFormParams, type Params } from './params.js';
import { SPOT_PUBLIC_HANDLERS, VenueRejection } from './public-handlers.js';
import { SpreadRecorder } from './spread-recorder.js';
import { SPOT_TRADING_HANDLERS } from './trading-handlers.js';
import { ownEntry } from '../own-lookup.js';
import type { RequestValidator } from './request-validation.js';

const PRIVATE_HANDLERS = { ...SPOT_ACCOUNT_HANDLERS, ...SPOT_TRADING_HANDLERS };

export interface SpotRestServer {
  readonly server: Server;
  close(): Promise<void>;
}

export interface SpotRestServerOptions {
  /** Schema validation of each request (the generated validators), before the handler runs. */
  readonly validateRequest?: RequestValidator;
}

export function createSpotRestServer(ctx: SimContext, options: SpotRestServerOptions = {}): SpotRestServer {
  const spreads = new SpreadRecorder(ctx.engine);
  const server = createServer((req, res) => {
    handle(ctx, spreads, options, req, res).catch((e: unknown) => {
      ctx.recordInternalError(`spot-rest ${safePath(req)}`, e);
      if (!res.headersSent) sendJson(res, 200, { error: ['EGeneral:Internal error'] });
    });
  });
  server.keepAliveTimeout = 5_000;
  const sockets = trackSockets(server);
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        spreads.close();
        server.close(() => resolve());
        sockets.destroyAll();
      }),
  };
}

async function handle(
  ctx: SimContext,
  spreads: SpreadRecorder,
  options: SpotRestServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  ctx.recordRequest('spot-rest', req.method ?? 'GET', path);
  let body: string;
  try {
    body = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLargeError) sendTooLarge(req, res);
    return;
  }
  if (path.startsWith('/__sim/')) return handleControl(ctx, req, res, path, body);

  const http = ctx.faults.takeHttp(path);
  if (http !== undefined) {
    if (http.kind === 'http-timeout') return; // never answer; close() destroys the socket
    if (http.kind === 'http-5xx')
      return sendText(res, http.status ?? 502, 'text/html; charset=UTF-8', cloudflareErrorPage(http.status ?? 502));
    return sendText(res, 200, 'application/json', '{"error":[],"result":{"unixtime":17'); // truncated JSON
  }

  const m = /^\/0\/(public|private)\/([A-Za-z/]+)$/.exec(path);
  const kind = m?.[1];
  const method = m?.[2] ?? '';
  ctx.engine.tick();

  const publicHandler = kind === 'public' ? ownEntry(SPOT_PUBLIC_HANDLERS, method) : undefined;
  const privateHandler = kind === 'private' ? ownEntry(PRIVATE_HANDLERS, method) : undefined;
  if (publicHandler !== undefined) {
    let params: Params;
    try {
      params = req.method === 'GET' ? parseFormParams(url.search.slice(1)) : parseBody(body, req.headers['content-type']);
    } catch (e) {
      return sendJson(res, 200, { error: [e instanceof InvalidArguments ? e.message : 'EGeneral:Invalid arguments'] });
    }
    const injected = ctx.faults.takeVenueError(path);
    if (injected !== undefined) return sendJson(res, 200, { error: [injected.error] });
    return answer(ctx, `spot-rest ${method}`, res, () => {
      options.validateRequest?.(method, validationInput(req, url, body, params));
      return publicHandler(ctx, params, spreads);
    });
  }

  if (privateHandler !== undefined) {
    if (req.method !== 'POST') return sendJson(res, 200, { error: ['EGeneral:Invalid arguments'] });
    let params: Params;
    try {
      params = parseBody(body, req.headers['content-type']);
    } catch (e) {
      return sendJson(res, 200, { error: [e instanceof InvalidArguments ? e.message : 'EGeneral:Invalid arguments'] });
    }
    const auth = verifySpotRequest(ctx.keys, {
      path,
      method,
      apiKey: header(req, 'api-key'),
      apiSign: header(req, 'api-sign'),
      rawBody: body,
      nonce: params['nonce'],
    });
    if (!auth.ok) return sendJson(res, 200, { error: [auth.error] });
    if (ctx.limitsEnabled) {
      const limited = ctx.spotRestLimiter.admit(auth.credential.apiKey, method);
      if (limited !== undefined) return sendJson(res, 200, { error: [limited] });
    }
    const injected = ctx.faults.takeVenueError(path);
    if (injected !== undefined) return sendJson(res, 200, { error: [injected.error] });
    const credential = auth.credential;
    const accountId = credential.accountId;
    const run = () => {
      const { nonce: _nonce, otp: _otp, ...rest } = params;
      options.validateRequest?.(method, validationInput(req, url, body, params));
      return privateHandler(ctx, accountId, rest, credential);
    };
    const where = `spot-rest ${method}`;
    if (SPOT_ORDER_ENTRY_METHODS.has(method)) {
      return answerOrderEntry(
        ctx,
        res,
        () => envelope(ctx, where, run),
        (out) => sendJson(res, 200, out),
      );
    }
    return answer(ctx, where, res, run);
  }

  sendJson(res, 200, { error: ['EGeneral:Unknown method'] });
}

function validationInput(
  req: IncomingMessage,
  url: URL,
  body: string,
  params: Params,
): { form?: URLSearchParams; json?: Record<string, unknown> } {
  if (req.method === 'GET') return { form: url.searchParams };
  if ((req.headers['content-type'] ?? '').includes('application/json')) return { json: params };
  return { form: new URLSearchParams(body) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Runs a handler and builds Kraken's envelope from its result or error. Venue rejections and
 * invalid arguments are Kraken answers; anything else is a simulator bug, answered as Kraken's
 * generic `EGeneral:Internal error` and recorded in `sim.internalErrors`.
 */
function envelope(ctx: SimContext, where: string, run: () => unknown): { error: string[]; result?: unknown } {
  try {
    return { error: [], result: run() };
  } catch (e) {
    if (e instanceof InvalidArguments) return { error: [e.message] };
    if (e instanceof VenueRejection || e instanceof SimVenueError) return { error: [e.code] };
    ctx.recordInternalError(where, e);
    return { error: ['EGeneral:Internal error'] };
  }
}

function answer(ctx: SimContext, where: string, res: ServerResponse, run: () => unknown): void {
  sendJson(res, 200, envelope(ctx, where, run));
}

/** The request path without its query (which may carry parameters) for `internalErrors`. */
function safePath(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!;
}
