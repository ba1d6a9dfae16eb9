/** KrakenFuturesRawHttpClient behaviour with an injected transport: URLs, signing, environments, retries, secrets. */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  KrakenAuthError,
  KrakenNonceError,
  KrakenRateLimitError,
  KrakenServiceUnavailableError,
  KrakenTransportError,
  KrakenValidationError,
} from '../../../src/core/errors.js';
import { futuresOrderRejectReason } from '../../../src/kraken/futures/http/order-status.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import { futuresAuthent } from '../../../src/transport/signing.js';
import { RecordingTransport } from './fake-transport.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const OK = (extra: Record<string, unknown>) =>
  RecordingTransport.json({ result: 'success', serverTime: '2026-05-27T10:00:00.000Z', ...extra });
const noSleep = { sleep: async () => {}, random: () => 0 };

let keySeq = 0;
/** A key per test: nonce sources and the nonce breaker are per key and process-wide, so one test's nonce rejections must not count against another's client. */
const freshKey = () => `unit-key-abcdef-${++keySeq}`;
function make(t: RecordingTransport, extra: Record<string, unknown> = {}) {
  return new KrakenFuturesRawHttpClient({
    apiKey: freshKey(),
    apiSecret: SECRET,
    baseUrl: 'https://f.example',
    transport: t.asTransport(),
    retryHooks: noSleep,
    ...extra,
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('requests on the wire', () => {
  it('sends public reads unsigned, with array params repeated in the query', async () => {
    const t = new RecordingTransport([OK({ instruments: [] })]);
    await make(t).instruments({ contractType: ['futures_inverse', 'flexible_futures'] });
    const req = t.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('https://f.example/derivatives/api/v3/instruments?contractType=futures_inverse&contractType=flexible_futures');
    expect(req.headers?.['Authent']).toBeUndefined();
    expect(req.headers?.['APIKey']).toBeUndefined();
    expect(req.body).toBeUndefined();
  });

  it('signs a private GET over its query string, with /derivatives stripped from the signed path', async () => {
    const t = new RecordingTransport([OK({ fills: [] })]);
    await make(t).fills({ lastFillTime: '2026-05-27T10:00:00.000Z' });
    const req = t.requests[0]!;
    const query = 'lastFillTime=2026-05-27T10%3A00%3A00.000Z';
    expect(req.url).toBe(`https://f.example/derivatives/api/v3/fills?${query}`);
    expect(req.headers?.['Authent']).toBe(futuresAuthent('/api/v3/fills', req.headers?.['Nonce'], query, SECRET));
  });

  it('substitutes path parameters (ticker, candles) and validates them', async () => {
    const t = new RecordingTransport([OK({ ticker: { symbol: 'PF_XBTUSD' } })]);
    const c = make(t);
    await c.ticker({ symbol: 'PF_XBTUSD' });
    expect(t.requests[0]!.url).toBe('https://f.example/derivatives/api/v3/tickers/PF_XBTUSD');
    const t2 = new RecordingTransport([RecordingTransport.json({ candles: [], more_candles: false })]);
    const c2 = make(t2, { chartsBaseUrl: 'https://charts.example' });
    await c2.candles({ tick_type: 'mark', symbol: 'PF_XBTUSD', resolution: '1h', from: 1779872400, count: 2 });
    expect(t2.requests[0]!.url).toBe('https://charts.example/api/charts/v1/mark/PF_XBTUSD/1h?from=1779872400&count=2');
    await expect(c2.candles({ tick_type: 'mark', symbol: 'PF_XBTUSD', resolution: '2h' } as never)).rejects.toThrow(/resolution/);
  });

  it('sends the PUT leveragepreferences query signed, with no body', async () => {
    const t = new RecordingTransport([OK({})]);
    await make(t).setLeveragePreferences({ symbol: 'PF_XBTUSD', maxLeverage: '2.5' });
    const req = t.requests[0]!;
    expect(req.method).toBe('PUT');
    expect(req.url).toBe('https://f.example/derivatives/api/v3/leveragepreferences?symbol=PF_XBTUSD&maxLeverage=2.5');
    expect(req.headers?.['Authent']).toBe(
      futuresAuthent('/api/v3/leveragepreferences', req.headers?.['Nonce'], 'symbol=PF_XBTUSD&maxLeverage=2.5', SECRET),
    );
  });

  it('uses the configurable history prefix for both the URL and the signed path', async () => {
    const body = { accountUid: 'a', len: 0, elements: [] };
    const t = new RecordingTransport([RecordingTransport.json(body)]);
    const c = make(t, { historyBaseUrl: 'https://hist.example', historyPathPrefix: '/api/history/v2' });
    await c.historyOrders({ since: 1779876000000, sort: 'asc', count: 2 });
    const req = t.requests[0]!;
    expect(req.url).toBe('https://hist.example/api/history/v2/orders?since=1779876000000&sort=asc&count=2');
    expect(req.headers?.['Authent']).toBe(
      futuresAuthent('/api/history/v2/orders', req.headers?.['Nonce'], 'since=1779876000000&sort=asc&count=2', SECRET),
    );
  });

  it('draws strictly increasing nonces per key across clients of the same key', async () => {
    const t = new RecordingTransport([OK({ openOrders: [] })]);
    const apiKey = freshKey();
    const a = make(t, { apiKey });
    const b = make(t, { apiKey });
    await Promise.all([a.openorders(), b.openorders(), a.openorders(), b.openorders()]);
    const nonces = t.requests.map((r) => BigInt(r.headers!['Nonce']!));
    for (let i = 1; i < nonces.length; i++) expect(nonces[i]! > nonces[i - 1]!).toBe(true);
  });

  it('returns decimals as exact strings', async () => {
    const t = new RecordingTransport([
      { status: 200, headers: {}, text: '{"result":"success","serverTime":"x","orderBook":{"asks":[[67432.50,1.0000]],"bids":[]}}' },
    ]);
    const res = await make(t).orderbook({ symbol: 'PF_XBTUSD' });
    expect(res.orderBook.asks[0]).toEqual(['67432.50', '1.0000']);
  });
});

describe('environments and credentials', () => {
  it('DEMO uses the demo host and the DEMO credential variables', async () => {
    vi.stubEnv('KRAKEN_FUTURES_DEMO_API_KEY', 'demo-key-123456');
    vi.stubEnv('KRAKEN_FUTURES_DEMO_API_SECRET', SECRET);
    vi.stubEnv('KRAKEN_FUTURES_API_KEY', 'live-key-999999');
    vi.stubEnv('KRAKEN_FUTURES_API_SECRET', SECRET);
    const t = new RecordingTransport([OK({ openPositions: [] })]);
    const c = new KrakenFuturesRawHttpClient({ environment: 'DEMO', transport: t.asTransport() });
    expect([c.baseUrl, c.historyBaseUrl, c.chartsBaseUrl]).toEqual([
      'https://demo-futures.kraken.com',
      'https://demo-futures.kraken.com',
      'https://demo-futures.kraken.com',
    ]);
    await c.openpositions();
    expect(t.requests[0]!.url).toBe('https://demo-futures.kraken.com/derivatives/api/v3/openpositions');
    expect(t.requests[0]!.headers?.['APIKey']).toBe('demo-key-123456');
  });

  it('LIVE is the default and reads the LIVE variables', () => {
    vi.stubEnv('KRAKEN_FUTURES_API_KEY', 'live-key-999999');
    vi.stubEnv('KRAKEN_FUTURES_API_SECRET', SECRET);
    const c = new KrakenFuturesRawHttpClient({ transport: new RecordingTransport().asTransport() });
    expect(c.environment).toBe('LIVE');
    expect(c.baseUrl).toBe('https://futures.kraken.com');
    expect(c.hasCredentials).toBe(true);
  });

  it('a private call without credentials fails with KrakenAuthError naming the variables, sending nothing', async () => {
    vi.stubEnv('KRAKEN_FUTURES_API_KEY', '');
    vi.stubEnv('KRAKEN_FUTURES_API_SECRET', '');
    const t = new RecordingTransport([OK({ accounts: {} })]);
    const c = new KrakenFuturesRawHttpClient({ transport: t.asTransport() });
    const err = await c.accounts().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenAuthError);
    expect(String((err as Error).message)).toContain('KRAKEN_FUTURES_API_KEY');
    expect(t.requests).toHaveLength(0);
  });

  it('never shows the secret or the full key in inspect, JSON or errors', async () => {
    const t = new RecordingTransport([RecordingTransport.json({ result: 'error', serverTime: 'x', error: 'authenticationError' })]);
    const c = make(t);
    const err = await c.accounts().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenAuthError);
    for (const text of [inspect(c), JSON.stringify(c), inspect(err), JSON.stringify(err), String(err)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('unit-key-abcdef');
    }
  });
});

describe('retries', () => {
  it('retries a public read after a transport failure', async () => {
    const t = new RecordingTransport([new KrakenTransportError('reset', 'network'), OK({ tickers: [] })]);
    const res = await make(t, { maxRetries: 2 }).tickers();
    expect(res.tickers).toEqual([]);
    expect(t.requests).toHaveLength(2);
  });

  it('never re-sends an order after a timeout: the outcome is unknown', async () => {
    const t = new RecordingTransport([
      new KrakenTransportError('no response within 10 ms', 'timeout'),
      OK({ sendStatus: { status: 'placed' } }),
    ]);
    const err = await make(t)
      .sendorder({ orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect(t.requests).toHaveLength(1);
  });

  it('does not retry a rate-limited order', async () => {
    const t = new RecordingTransport([RecordingTransport.json({ result: 'error', serverTime: 'x', error: 'apiLimitExceeded' })]);
    await expect(make(t).cancelorder({ order_id: 'a' })).rejects.toBeInstanceOf(KrakenRateLimitError);
    expect(t.requests).toHaveLength(1);
  });

  it('re-signs an order once with a fresh nonce after nonceBelowThreshold (nothing was processed)', async () => {
    const t = new RecordingTransport([
      RecordingTransport.json({ result: 'error', serverTime: 'x', error: 'nonceBelowThreshold' }),
      OK({ sendStatus: { status: 'placed' } }),
    ]);
    const res = await make(t).sendorder({ orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' });
    expect(res.sendStatus.status).toBe('placed');
    expect(t.requests).toHaveLength(2);
    const [n1, n2] = t.requests.map((r) => BigInt(r.headers!['Nonce']!));
    expect(n2! > n1!).toBe(true);
    expect(t.requests[1]!.headers?.['Authent']).not.toBe(t.requests[0]!.headers?.['Authent']);
  });

  it('gives up after the second nonce rejection', async () => {
    const t = new RecordingTransport([RecordingTransport.json({ result: 'error', serverTime: 'x', error: 'nonceDuplicate' })]);
    await expect(make(t).openorders()).rejects.toBeInstanceOf(KrakenNonceError);
    expect(t.requests).toHaveLength(2);
  });
});

describe('parameter validation', () => {
  it('validates a copy: the caller keeps its object as given; a bad order is refused typed, nothing sent', async () => {
    const t = new RecordingTransport([OK({ sendStatus: { status: 'placed' } })]);
    const client = make(t);
    const params = { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 2, limitPrice: '1000' };
    const given = { ...params };
    await client.sendorder(params as never);
    expect(params).toEqual(given); // size is still the number 2
    expect(t.requests).toHaveLength(1);
    await expect(client.sendorder({ ...params, size: 0.5 } as never)).rejects.toBeInstanceOf(KrakenValidationError);
    expect(t.requests).toHaveLength(1);
  });
});

describe('order rejects inside result: success', () => {
  it('returns sendStatus typed; futuresOrderRejectReason reads the reason', async () => {
    const t = new RecordingTransport([
      RecordingTransport.json({
        result: 'success',
        serverTime: 'x',
        sendStatus: { receivedTime: 'y', status: 'insufficientAvailableFunds' },
      }),
    ]);
    const res = await make(t).sendorder({ orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '1000' });
    expect(res.sendStatus.status).toBe('insufficientAvailableFunds');
    expect(futuresOrderRejectReason(res.sendStatus.status)).toBe('insufficientAvailableFunds');
    expect(futuresOrderRejectReason('placed')).toBeUndefined();
    expect(futuresOrderRejectReason('someNewStatus')).toBe('someNewStatus');
  });
});

describe('error classification of Futures codes', () => {
  it('treats the trading API outage code "Unavailable" as a retryable service outage for public reads', async () => {
    const t = new RecordingTransport([
      RecordingTransport.json({ result: 'error', serverTime: 'x', error: 'Unavailable' }),
      OK({ tickers: [] }),
    ]);
    const res = await make(t, { maxRetries: 1 }).tickers();
    expect(res.tickers).toEqual([]);
    expect(t.requests).toHaveLength(2);
    const t2 = new RecordingTransport([RecordingTransport.json({ result: 'error', serverTime: 'x', error: 'Unavailable' })]);
    const err = await make(t2, { maxRetries: 0 })
      .tickers()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenServiceUnavailableError);
    expect((err as { codes: string[] }).codes).toEqual(['Unavailable']);
  });
});
