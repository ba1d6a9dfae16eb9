/**
 * KrakenFuturesRawHttpClient against a loopback `node:http` server on 127.0.0.1 that checks every
 * private request's Authent by recomputing it independently, and answers
 * with success bodies, each error shape, an HTML 502, a stall (timeout) and broken JSON.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KrakenApiError, KrakenAuthError, KrakenNonceError, KrakenRateLimitError, KrakenTransportError } from '../../../src/core/errors.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => readFileSync(path.join(repoRoot, 'fixtures/futures/http', name), 'utf8');

const API_KEY = 'loopback-key-0042';
const SECRET = '7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm';
const OTHER_SECRET = Buffer.alloc(64, 7).toString('base64');

interface Seen {
  method: string;
  path: string;
  query: string;
  body: string;
  headers: IncomingMessage['headers'];
  authentOk: boolean | undefined;
}

type Handler = (seen: Seen, res: ServerResponse) => void;

/** The venue's check, written independently of src/transport/signing.ts. */
function expectedAuthent(urlPath: string, nonce: string, postData: string): string {
  const signedPath = urlPath.startsWith('/derivatives') ? urlPath.slice('/derivatives'.length) : urlPath;
  const digest = createHash('sha256')
    .update(postData + nonce + signedPath, 'utf8')
    .digest();
  return createHmac('sha512', Buffer.from(SECRET, 'base64')).update(digest).digest('base64');
}

let server: Server;
let baseUrl = '';
const seen: Seen[] = [];
let handlers: Record<string, Handler> = {};

function json(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = url.search.startsWith('?') ? url.search.slice(1) : '';
      const body = Buffer.concat(chunks).toString('utf8');
      const authent = req.headers['authent'];
      const nonce = req.headers['nonce'];
      const authentOk =
        authent === undefined ? undefined : typeof nonce === 'string' && authent === expectedAuthent(url.pathname, nonce, query + body);
      const s: Seen = { method: req.method ?? '', path: url.pathname, query, body, headers: req.headers, authentOk };
      seen.push(s);
      if (authentOk === false) return json(res, '{"result":"error","serverTime":"2026-05-27T10:00:00.000Z","error":"authenticationError"}');
      const handler = handlers[`${s.method} ${s.path}`];
      if (!handler) return json(res, '{"result":"error","serverTime":"2026-05-27T10:00:00.000Z","error":"notFound"}', 404);
      handler(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
  handlers = {};
});

function client(extra: Record<string, unknown> = {}): KrakenFuturesRawHttpClient {
  return new KrakenFuturesRawHttpClient({
    apiKey: API_KEY,
    apiSecret: SECRET,
    baseUrl,
    maxRetries: 0,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 1,
    ...extra,
  });
}

describe('success paths, Authent verified server-side', () => {
  it('sendorder: form body, valid Authent, typed body with exact decimals', async () => {
    handlers['POST /derivatives/api/v3/sendorder'] = (_s, res) => json(res, fixture('http_post_sendorder_placed.json'));
    const c = client();
    try {
      const res = await c.sendorder({
        orderType: 'lmt',
        symbol: 'PF_XBTUSD',
        side: 'buy',
        size: '0.0100',
        limitPrice: '60000.5',
        cliOrdId: 'krk-lmt-0001',
      });
      expect(res.sendStatus.status).toBe('placed');
      expect(res.sendStatus.orderEvents?.[0]?.order?.quantity).toBe('0.0100');
      const s = seen[0]!;
      expect(s.authentOk).toBe(true);
      expect(s.headers['apikey']).toBe(API_KEY);
      expect(s.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(s.body).toBe('orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.0100&limitPrice=60000.5&cliOrdId=krk-lmt-0001');
    } finally {
      await c.close();
    }
  });

  it('batchorder: the server decodes json= back to the batch and accepts the Authent of the encoded body', async () => {
    let batch: unknown;
    handlers['POST /derivatives/api/v3/batchorder'] = (s, res) => {
      batch = JSON.parse(new URLSearchParams(s.body).get('json') ?? 'null');
      json(res, fixture('http_post_batchorder.json'));
    };
    const c = client();
    try {
      const res = await c.batchorder({
        json: {
          batchOrder: [
            { order: 'send', order_tag: '1', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '1000' },
            { order: 'cancel', order_id: 'e35d61dd-8a30-4d5f-a574-b5593ef0c050' },
          ],
        },
      });
      expect(seen[0]!.authentOk).toBe(true);
      expect(batch).toEqual({
        batchOrder: [
          { order: 'send', order_tag: '1', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 1, limitPrice: 1000 },
          { order: 'cancel', order_id: 'e35d61dd-8a30-4d5f-a574-b5593ef0c050' },
        ],
      });
      expect(res.batchStatus.map((b) => b.status)).toEqual(['placed', 'cancelled', 'insufficientAvailableFunds']);
    } finally {
      await c.close();
    }
  });

  it('private GET and history: signed over the query, history path signed as is', async () => {
    handlers['GET /derivatives/api/v3/openorders'] = (_s, res) => json(res, fixture('http_get_openorders.json'));
    handlers['GET /api/history/v3/orders'] = (_s, res) => json(res, fixture('http_get_history-orders.json'));
    const c = client();
    try {
      const open = await c.openorders();
      expect(open.openOrders).toHaveLength(3);
      const hist = await c.historyOrders({ sort: 'desc', count: 3, continuation_token: 'c3RhcnQ9MTc0ODM0MDIwMDAwMA==' });
      expect(hist.continuationToken).toBe('c3RhcnQ9MTc0ODM0MDIwMDAwMA==');
      expect(seen.map((s) => s.authentOk)).toEqual([true, true]);
      expect(seen[1]!.query).toBe('sort=desc&count=3&continuation_token=c3RhcnQ9MTc0ODM0MDIwMDAwMA%3D%3D');
    } finally {
      await c.close();
    }
  });

  it('a wrong secret is refused by the server check and surfaces as KrakenAuthError', async () => {
    handlers['GET /derivatives/api/v3/accounts'] = (_s, res) => json(res, fixture('http_get_accounts.json'));
    const c = client({ apiSecret: OTHER_SECRET });
    try {
      await expect(c.accounts()).rejects.toBeInstanceOf(KrakenAuthError);
      expect(seen[0]!.authentOk).toBe(false);
    } finally {
      await c.close();
    }
  });

  it('returns an order reject inside result: success without throwing', async () => {
    handlers['POST /derivatives/api/v3/sendorder'] = (_s, res) => json(res, fixture('http_post_sendorder_insufficientAvailableFunds.json'));
    const c = client();
    try {
      const res = await c.sendorder({ orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '100' });
      expect(res.sendStatus.status).toBe('insufficientAvailableFunds');
    } finally {
      await c.close();
    }
  });
});

describe('error shapes', () => {
  const CASES: ReadonlyArray<readonly [string, string, number, typeof KrakenApiError, number]> = [
    ['error: apiLimitExceeded (HTTP 200)', 'http_post_sendorder_error_apiLimitExceeded.json', 200, KrakenRateLimitError, 1],
    ['error: authenticationError', 'http_get_accounts_error_authenticationError.json', 200, KrakenAuthError, 1],
    [
      'error: nonceBelowThreshold (re-signed once, then surfaced)',
      'http_get_openorders_error_nonceBelowThreshold.json',
      200,
      KrakenNonceError,
      2,
    ],
    ['errors[]: TOO_MANY_REQUESTS (HTTP 429)', 'http_get_history-orders_error_rate-limited.json', 429, KrakenRateLimitError, 1],
    ['errors[]: UNAUTHORIZED (HTTP 401)', 'http_get_history-orders_error_unauthorized.json', 401, KrakenAuthError, 1],
    ['errors[{code: null, message}]', 'http_get_history-executions_error_errors.json', 400, KrakenApiError, 1],
  ];
  for (const [name, file, status, cls, attempts] of CASES) {
    it(`${name} → ${cls.name}`, async () => {
      const respond: Handler = (_s, res) => json(res, fixture(file), status);
      handlers['POST /derivatives/api/v3/sendorder'] = respond;
      handlers['GET /derivatives/api/v3/accounts'] = respond;
      handlers['GET /derivatives/api/v3/openorders'] = respond;
      handlers['GET /api/history/v3/orders'] = respond;
      handlers['GET /api/history/v3/executions'] = respond;
      const c = client();
      try {
        const call = file.includes('sendorder')
          ? c.sendorder({ orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' })
          : file.includes('accounts')
            ? c.accounts()
            : file.includes('openorders')
              ? c.openorders()
              : file.includes('history-orders')
                ? c.historyOrders({})
                : c.historyExecutions({});
        const err = await call.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(cls);
        expect((err as KrakenApiError).codes.length).toBeGreaterThan(0);
        expect(seen).toHaveLength(attempts);
        if (attempts === 2) expect(BigInt(String(seen[1]!.headers['nonce'])) > BigInt(String(seen[0]!.headers['nonce']))).toBe(true);
      } finally {
        await c.close();
      }
    });
  }

  it('HTML 502 from a gateway → KrakenTransportError http-status; public and private reads are retried', async () => {
    let calls = 0;
    handlers['GET /derivatives/api/v3/tickers'] = (_s, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      json(res, fixture('http_get_tickers.json'));
    };
    handlers['GET /derivatives/api/v3/openpositions'] = (_s, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>502</html>');
    };
    const c = client({ maxRetries: 2 });
    try {
      const res = await c.tickers();
      expect(res.tickers).toHaveLength(3);
      expect(calls).toBe(2);
      const err = await c.openpositions().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KrakenTransportError);
      expect((err as KrakenTransportError).failure).toBe('http-status');
      expect((err as KrakenTransportError).status).toBe(502);
      // A private read is safe to repeat: the first try and maxRetries (2) more.
      expect(seen.filter((s) => s.path.endsWith('/openpositions'))).toHaveLength(3);
    } finally {
      await c.close();
    }
  });

  it('a stalled response → KrakenTransportError timeout, and the order is not re-sent', async () => {
    handlers['POST /derivatives/api/v3/sendorder'] = () => {
      /* never answers */
    };
    const c = client({ httpTimeoutSecs: 0.3, maxRetries: 3 });
    try {
      const err = await c.sendorder({ orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KrakenTransportError);
      expect((err as KrakenTransportError).failure).toBe('timeout');
      expect(seen).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('a body that is not JSON → KrakenTransportError bad-body', async () => {
    handlers['GET /derivatives/api/v3/orderbook'] = (_s, res) => json(res, '{"result":"success","orderBook":{"asks":[[1,');
    const c = client();
    try {
      const err = await c.orderbook({ symbol: 'PF_XBTUSD' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KrakenTransportError);
      expect((err as KrakenTransportError).failure).toBe('bad-body');
    } finally {
      await c.close();
    }
  });
});
