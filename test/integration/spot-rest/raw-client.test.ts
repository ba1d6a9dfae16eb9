import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  KrakenAuthError,
  KrakenNonceError,
  KrakenOrderRejectedError,
  KrakenRateLimitError,
  KrakenSpotRawHttpClient,
  KrakenTransportError,
  KrakenValidationError,
  spotApiSign,
} from '../../../src/index.js';
import { json, startLoopback, type LoopbackServer } from '../../helpers/loopback-http.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const ORDER = { ordertype: 'limit', type: 'buy', volume: '1.25', pair: 'XBTUSD', price: '37500' } as const;
const OK_ADD = '{"error":[],"result":{"descr":{"order":"buy 1.25 XBTUSD @ limit 37500"},"txid":["OUF4EM-FRGI2-MQMWZD"]}}';

let server: LoopbackServer;
let client: KrakenSpotRawHttpClient;
let keySeq = 0;
function newClient(extra: Partial<ConstructorParameters<typeof KrakenSpotRawHttpClient>[0]> = {}) {
  // A fresh key per client: nonce sources are per key and process-wide.
  return new KrakenSpotRawHttpClient({
    baseUrl: server.baseUrl,
    apiKey: `it-key-${process.pid}-${++keySeq}`,
    apiSecret: SECRET,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 5,
    httpTimeoutSecs: 2,
    ...extra,
  });
}

beforeEach(async () => {
  server = await startLoopback((_req, res) => json(res, OK_ADD));
  client = newClient();
});
afterEach(async () => {
  await client.close();
  await server.close();
});

describe('KrakenSpotRawHttpClient against a loopback server', () => {
  it('public GET: query string, typed result with exact decimals', async () => {
    server.handler = (_req, res) =>
      json(
        res,
        '{"error":[],"result":{"XXBTZUSD":{"asks":[["30000.10000","1.000",1688671834]],"bids":[["29999.90000","0.50000000",1688671834]]}}}',
      );
    const depth = await client.depth({ pair: 'XBTUSD', count: 1 });
    expect(server.requests[0]!.method).toBe('GET');
    expect(server.requests[0]!.url).toBe('/0/public/Depth?pair=XBTUSD&count=1');
    expect(depth['XXBTZUSD']!.asks[0]![0]).toBe('30000.10000');
    expect(depth['XXBTZUSD']!.bids[0]![1]).toBe('0.50000000');
  });

  it('private POST: API-Key, a valid API-Sign over the exact body, typed result', async () => {
    const res = await client.addOrder({ ...ORDER });
    expect(res.txid).toEqual(['OUF4EM-FRGI2-MQMWZD']);
    const req = server.requests[0]!;
    const nonce = /^nonce=(\d+)&/.exec(req.body)![1]!;
    expect(req.headers['api-sign']).toBe(spotApiSign('/0/private/AddOrder', nonce, req.body, SECRET));
    expect(String(req.headers['api-key'])).toMatch(/^it-key-/);
  });

  it('maps error envelopes to typed errors', async () => {
    const cases: [string, new (...a: never[]) => Error][] = [
      ['EOrder:Insufficient funds', KrakenOrderRejectedError],
      ['EAPI:Invalid key', KrakenAuthError],
      ['EAPI:Rate limit exceeded', KrakenRateLimitError],
    ];
    for (const [code, cls] of cases) {
      server.handler = (_req, res) => json(res, { error: [code] });
      const err = await client.addOrder({ ...ORDER }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls);
      expect((err as { codes: string[] }).codes).toEqual([code]);
    }
  });

  it('an HTML 502 is a transport error with the status and an excerpt, and public reads retry it', async () => {
    let calls = 0;
    server.handler = (_req, res) => {
      calls++;
      if (calls < 3) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1>cloudflare</body></html>');
      } else json(res, '{"error":[],"result":{"unixtime":1,"rfc1123":"x"}}');
    };
    expect((await client.time()).unixtime).toBe(1);
    expect(calls).toBe(3);

    server.handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>502 Bad Gateway</html>');
    };
    const err = (await client.time().catch((e: unknown) => e)) as KrakenTransportError;
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect(err.failure).toBe('http-status');
    expect(err.status).toBe(502);
    expect(err.bodyExcerpt).toContain('502 Bad Gateway');
  });

  it('order entry is never retried blindly: one 502, one attempt, a transport error', async () => {
    server.handler = (_req, res) => {
      res.writeHead(502);
      res.end('<html>bad gateway</html>');
    };
    await expect(client.addOrder({ ...ORDER })).rejects.toBeInstanceOf(KrakenTransportError);
    expect(server.requests.length).toBe(1);
  });

  it('a nonce rejection on order entry is re-signed with a fresh nonce and sent once more (docs/reliability.md V4)', async () => {
    let calls = 0;
    server.handler = (_req, res) => json(res, ++calls === 1 ? '{"error":["EAPI:Invalid nonce"]}' : OK_ADD);
    await client.addOrder({ ...ORDER });
    expect(server.requests.length).toBe(2);
    const n = server.requests.map((r) => BigInt(/^nonce=(\d+)/.exec(r.body)![1]!));
    expect(n[1]! > n[0]!).toBe(true);

    server.handler = (_req, res) => json(res, '{"error":["EAPI:Invalid nonce"]}');
    const before = server.requests.length;
    await expect(client.addOrder({ ...ORDER })).rejects.toBeInstanceOf(KrakenNonceError);
    expect(server.requests.length - before).toBe(2);
  });

  it('a timeout is a transport error of failure "timeout"', async () => {
    server.handler = () => {
      /* never answer */
    };
    const slow = newClient({ httpTimeoutSecs: 0.2, maxRetries: 0 });
    const err = (await slow.balance().catch((e: unknown) => e)) as KrakenTransportError;
    await slow.close();
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect(err.failure).toBe('timeout');
  });

  it('malformed JSON and a non-envelope body are bad-body transport errors', async () => {
    server.handler = (_req, res) => json(res, '{"error":[],"result":{');
    const e1 = (await client.addOrder({ ...ORDER }).catch((e: unknown) => e)) as KrakenTransportError;
    expect(e1.failure).toBe('bad-body');
    server.handler = (_req, res) => json(res, '{"hello":"world"}');
    const e2 = (await client.addOrder({ ...ORDER }).catch((e: unknown) => e)) as KrakenTransportError;
    expect(e2.failure).toBe('bad-body');
  });

  it('a result of the wrong shape is a validation error naming the path', async () => {
    server.handler = (_req, res) => json(res, '{"error":[],"result":{"descr":{"order":"x"},"txid":"not-an-array"}}');
    const err = (await client.addOrder({ ...ORDER }).catch((e: unknown) => e)) as KrakenValidationError;
    expect(err).toBeInstanceOf(KrakenValidationError);
    expect(err.issues[0]!.path).toBe('/txid');
  });

  it('50 concurrent private calls on one key reach the venue with strictly increasing nonces', async () => {
    server.handler = (_req, res) => {
      setTimeout(() => json(res, '{"error":[],"result":{"ZUSD":"1.0000"}}'), Math.floor(Math.random() * 5));
    };
    // The local rate limiter is off: this is about nonce order, and 50 reads overflow a Starter counter.
    const mine = newClient({ rateLimiting: false });
    const other = new KrakenSpotRawHttpClient({
      baseUrl: server.baseUrl,
      apiKey: `it-key-${process.pid}-${keySeq}`,
      apiSecret: SECRET,
      rateLimiting: false,
    });
    await Promise.all(Array.from({ length: 50 }, (_v, i) => (i % 2 === 0 ? mine : other).balance()));
    await Promise.all([mine.close(), other.close()]);
    const nonces = server.requests.map((r) => BigInt(/^nonce=(\d+)$/.exec(r.body)![1]!));
    expect(nonces).toHaveLength(50);
    for (let i = 1; i < nonces.length; i++) expect(nonces[i]! > nonces[i - 1]!).toBe(true);
  });

  it('private calls without credentials fail with an auth error and send nothing', async () => {
    // The client falls back to these variables: the test owns them, whatever the machine has set.
    vi.stubEnv('KRAKEN_SPOT_API_KEY', undefined);
    vi.stubEnv('KRAKEN_SPOT_API_SECRET', undefined);
    const anon = new KrakenSpotRawHttpClient({ baseUrl: server.baseUrl, apiKey: undefined, apiSecret: undefined });
    await expect(anon.balance()).rejects.toBeInstanceOf(KrakenAuthError);
    expect(server.requests.length).toBe(0);
    await anon.close();
  });

  it('the secret never appears in inspect, JSON, or an error', async () => {
    server.handler = (_req, res) => json(res, { error: ['EAPI:Invalid signature'] });
    const err = await client.balance().catch((e: unknown) => e);
    const surfaces = [
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
      inspect(err, { depth: 10 }),
      JSON.stringify(err),
      String(err),
    ];
    for (const s of surfaces) {
      expect(s).not.toContain(SECRET);
      expect(s).not.toContain(SECRET.slice(0, 20));
    }
  });
});
