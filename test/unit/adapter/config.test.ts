import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { parseKrakenDataClientConfig, parseKrakenExecClientConfig } from '../../../src/adapter/config-parse.js';
import { legacyFuturesWarning, unifiedWsUrl } from '../../../src/adapter/common/futures-api.js';
import { KRAKEN, KRAKEN_VENUE, KrakenEnvironment, KrakenProductType } from '../../../src/adapter/constants.js';

// Never the real process environment: every test passes its own.
const NO_ENV = { env: {} };
const SECRET = Buffer.from('a very secret kraken api secret!').toString('base64');
const SECRET2 = Buffer.from('another secret, for futures demo').toString('base64');

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KrakenValidationError);
    return [...(e as KrakenValidationError).issues];
  }
  throw new Error('expected a KrakenValidationError');
}

describe('Kraken adapter names', () => {
  it('exports the venue and the enums with their string values', () => {
    expect(KRAKEN).toBe('KRAKEN');
    expect(KRAKEN_VENUE.value).toBe('KRAKEN');
    expect(KrakenEnvironment).toEqual({ LIVE: 'LIVE', DEMO: 'DEMO' });
    expect(KrakenProductType).toEqual({ SPOT: 'SPOT', FUTURES: 'FUTURES' });
  });
});

describe('parseKrakenDataClientConfig', () => {
  it('applies every default to an empty config', () => {
    const c = parseKrakenDataClientConfig({}, NO_ENV);
    expect(c).toEqual({
      environment: 'LIVE',
      productTypes: ['SPOT'],
      credentials: { spot: null, futures: null, unified: null },
      baseUrlHttpSpot: null,
      baseUrlHttpFutures: null,
      baseUrlWsSpot: null,
      baseUrlWsFutures: null,
      proxyUrl: null,
      maxRetries: null,
      retryDelayInitialMs: null,
      retryDelayMaxMs: null,
      httpTimeoutSecs: null,
      wsHeartbeatSecs: 30,
      maxRequestsPerSecond: null,
      futuresApi: 'legacy',
      baseUrlWsUnified: null,
      rateLimitTier: null,
      rateLimitMaxWaitSecs: null,
      historyCallCost: null,
      nonceStateDir: null,
      nonceShare: null,
      nonceBreakerThreshold: null,
      updateInstrumentsIntervalMins: 60,
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(parseKrakenDataClientConfig(undefined, NO_ENV).productTypes).toEqual(['SPOT']);
  });

  it('keeps what the user set, with null disabling the instrument reload', () => {
    const c = parseKrakenDataClientConfig(
      {
        productTypes: [KrakenProductType.SPOT, KrakenProductType.FUTURES],
        baseUrlHttpSpot: 'http://127.0.0.1:1234',
        baseUrlWsFutures: 'ws://127.0.0.1:9/ws/v1',
        proxyUrl: 'http://user:pw@proxy:3128',
        maxRetries: 0,
        retryDelayInitialMs: 100,
        retryDelayMaxMs: 2000,
        httpTimeoutSecs: 2.5,
        wsHeartbeatSecs: 10,
        maxRequestsPerSecond: 15,
        updateInstrumentsIntervalMins: null,
      },
      NO_ENV,
    );
    expect(c.productTypes).toEqual(['SPOT', 'FUTURES']);
    expect(c.baseUrlHttpSpot).toBe('http://127.0.0.1:1234');
    expect(c.maxRetries).toBe(0);
    expect(c.httpTimeoutSecs).toBe(2.5);
    expect(c.maxRequestsPerSecond).toBe(15);
    expect(c.updateInstrumentsIntervalMins).toBeNull();
  });

  it('reports every bad field at once, by name, without echoing secrets or proxy passwords', () => {
    const issues = issuesOf(() =>
      parseKrakenDataClientConfig(
        {
          environment: 'live',
          productTypes: ['SPOT', 'OPTIONS'],
          maxRetries: 1.5,
          httpTimeoutSecs: 0,
          wsHeartbeatSecs: null,
          maxRequestsPerSecond: Number.NaN,
          updateInstrumentsIntervalMins: -5,
          baseUrlWsSpot: 'http://not-a-ws-url',
          proxyUrl: 'ftp://user:hunter2@proxy',
          apiKey: 42,
          retryDelaysMs: 5,
        },
        NO_ENV,
      ),
    );
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      [
        '/apiKey',
        '/baseUrlWsSpot',
        '/environment',
        '/httpTimeoutSecs',
        '/maxRequestsPerSecond',
        '/maxRetries',
        '/productTypes/1',
        '/proxyUrl',
        '/retryDelaysMs',
        '/updateInstrumentsIntervalMins',
        '/wsHeartbeatSecs',
      ].sort(),
    );
    expect(JSON.stringify(issues)).not.toContain('hunter2');
    expect(issues.find((i) => i.path === '/environment')?.message).toMatch(/LIVE, DEMO/);
    expect(issues.find((i) => i.path === '/retryDelaysMs')?.message).toMatch(/not a Kraken client option/);
  });

  it('refuses DEMO with SPOT, non-object configs, and a max retry delay below the initial one', () => {
    expect(issuesOf(() => parseKrakenDataClientConfig({ environment: 'DEMO' }, NO_ENV))[0]?.path).toBe('/environment');
    expect(parseKrakenDataClientConfig({ environment: 'DEMO', productTypes: ['FUTURES'] }, NO_ENV).environment).toBe('DEMO');
    expect(() => parseKrakenDataClientConfig('SPOT', NO_ENV)).toThrow(KrakenValidationError);
    expect(() => parseKrakenDataClientConfig([], NO_ENV)).toThrow(/must be an object/);
    expect(issuesOf(() => parseKrakenDataClientConfig({ retryDelayInitialMs: 500, retryDelayMaxMs: 100 }, NO_ENV))[0]?.path).toBe(
      '/retryDelayMaxMs',
    );
    expect(issuesOf(() => parseKrakenDataClientConfig({ productTypes: [] }, NO_ENV))[0]?.path).toBe('/productTypes');
    expect(issuesOf(() => parseKrakenDataClientConfig({ productTypes: ['SPOT', 'SPOT'] }, NO_ENV))[0]?.message).toMatch(/repeats SPOT/);
  });
});

describe('credentials', () => {
  it('come from the config for the one configured product, masked everywhere', () => {
    const c = parseKrakenDataClientConfig({ apiKey: 'spot-key-123456', apiSecret: SECRET }, NO_ENV);
    expect(c.credentials.spot?.source).toBe('config');
    expect(c.credentials.spot?.credentials.apiKey).toBe('spot-key-123456');
    expect(c.credentials.futures).toBeNull();
    for (const text of [JSON.stringify(c), inspect(c, { depth: 10 }), String(c.credentials.spot?.credentials)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('spot-key-123456');
    }
  });

  it('come from the injected environment per product and environment, naming the variables', () => {
    const env = {
      KRAKEN_SPOT_API_KEY: 'spot-env-key-1',
      KRAKEN_SPOT_API_SECRET: SECRET,
      KRAKEN_FUTURES_API_KEY: 'fut-live-key-1',
      KRAKEN_FUTURES_API_SECRET: SECRET,
      KRAKEN_FUTURES_DEMO_API_KEY: 'fut-demo-key-1',
      KRAKEN_FUTURES_DEMO_API_SECRET: SECRET2,
    };
    const live = parseKrakenDataClientConfig({ productTypes: ['SPOT', 'FUTURES'] }, { env });
    expect(live.credentials.spot?.credentials.apiKey).toBe('spot-env-key-1');
    expect(live.credentials.spot?.variables?.key).toBe('KRAKEN_SPOT_API_KEY');
    expect(live.credentials.futures?.credentials.apiKey).toBe('fut-live-key-1');
    const demo = parseKrakenDataClientConfig({ environment: 'DEMO', productTypes: ['FUTURES'] }, { env });
    expect(demo.credentials.futures?.credentials.apiKey).toBe('fut-demo-key-1');
    expect(demo.credentials.futures?.credentials.secret()).toBe(SECRET2);
    expect(demo.credentials.futures?.variables?.secret).toBe('KRAKEN_FUTURES_DEMO_API_SECRET');
    expect(demo.credentials.spot).toBeNull();
  });

  it('refuse half-set pairs, a non-base64 secret and one key for both products, naming the source', () => {
    expect(issuesOf(() => parseKrakenDataClientConfig({}, { env: { KRAKEN_SPOT_API_KEY: 'k-123456789' } }))[0]?.path).toBe(
      'KRAKEN_SPOT_API_SECRET',
    );
    expect(issuesOf(() => parseKrakenDataClientConfig({ apiKey: 'k-123456789' }, NO_ENV))[0]?.path).toBe('/apiSecret');
    const bad = issuesOf(() => parseKrakenDataClientConfig({ apiKey: 'k-123456789', apiSecret: 'not base64 !!' }, NO_ENV));
    expect(bad[0]?.path).toBe('/apiSecret');
    expect(JSON.stringify(bad)).not.toContain('not base64 !!');
    const both = issuesOf(() =>
      parseKrakenDataClientConfig({ apiKey: 'k-123456789', apiSecret: SECRET, productTypes: ['SPOT', 'FUTURES'] }, NO_ENV),
    );
    expect(both[0]?.message).toMatch(/KRAKEN_SPOT_API_KEY and KRAKEN_FUTURES_API_KEY/);
    const envBad = issuesOf(() =>
      parseKrakenDataClientConfig(
        { productTypes: ['FUTURES'] },
        { env: { KRAKEN_FUTURES_API_KEY: 'k-123456789', KRAKEN_FUTURES_API_SECRET: '***' } },
      ),
    );
    expect(envBad[0]?.path).toBe('KRAKEN_FUTURES_API_SECRET');
  });
});

describe('parseKrakenExecClientConfig', () => {
  it('applies the execution defaults and refuses the data-only option', () => {
    const c = parseKrakenExecClientConfig({}, NO_ENV);
    expect(c).toMatchObject({
      useSpotPositionReports: false,
      spotPositionsQuoteCurrency: 'USDT',
      spotAccountType: 'CASH',
      defaultLeverage: null,
      marginBalanceAsset: null,
      useWsTrade: true,
      wsRequestTimeoutSecs: 5,
      cancelAllAfterSecs: null,
      wsHeartbeatSecs: 30,
      productTypes: ['SPOT'],
    });
    expect('updateInstrumentsIntervalMins' in c).toBe(false);
    expect(parseKrakenExecClientConfig({ cancelAllAfterSecs: 60 }, NO_ENV).cancelAllAfterSecs).toBe(60);
    for (const bad of [0, 1.5, 86400, '60'])
      expect(issuesOf(() => parseKrakenExecClientConfig({ cancelAllAfterSecs: bad }, NO_ENV))[0]?.path).toBe('/cancelAllAfterSecs');
    expect(issuesOf(() => parseKrakenExecClientConfig({ updateInstrumentsIntervalMins: 5 }, NO_ENV))[0]?.path).toBe(
      '/updateInstrumentsIntervalMins',
    );
  });

  it('keeps valid values and names invalid ones', () => {
    const c = parseKrakenExecClientConfig(
      {
        spotAccountType: 'MARGIN',
        defaultLeverage: 3,
        marginBalanceAsset: 'ZEUR',
        useWsTrade: false,
        wsRequestTimeoutSecs: 2,
        useSpotPositionReports: true,
        spotPositionsQuoteCurrency: 'USD',
      },
      NO_ENV,
    );
    expect(c).toMatchObject({
      spotAccountType: 'MARGIN',
      defaultLeverage: 3,
      marginBalanceAsset: 'ZEUR',
      useWsTrade: false,
      wsRequestTimeoutSecs: 2,
      useSpotPositionReports: true,
      spotPositionsQuoteCurrency: 'USD',
    });
    const issues = issuesOf(() =>
      parseKrakenExecClientConfig(
        { spotAccountType: 'margin', defaultLeverage: 0.5, useWsTrade: 'yes', wsRequestTimeoutSecs: null, spotPositionsQuoteCurrency: '' },
        NO_ENV,
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      '/defaultLeverage',
      '/spotAccountType',
      '/spotPositionsQuoteCurrency',
      '/useWsTrade',
      '/wsRequestTimeoutSecs',
    ]);
  });

  it("reads the Futures dead man's switch and per-symbol leverage (both off by default)", () => {
    expect(parseKrakenExecClientConfig({}, NO_ENV)).toMatchObject({ cancelAllAfterSecs: null, futuresLeverage: null });
    expect(
      parseKrakenExecClientConfig({ cancelAllAfterSecs: 60, futuresLeverage: { PF_XBTUSD: 5, PI_ETHUSD: 2.5 } }, NO_ENV),
    ).toMatchObject({
      cancelAllAfterSecs: 60,
      futuresLeverage: { PF_XBTUSD: 5, PI_ETHUSD: 2.5 },
    });
    const issues = issuesOf(() => parseKrakenExecClientConfig({ cancelAllAfterSecs: 0.5, futuresLeverage: { PF_XBTUSD: 0 } }, NO_ENV));
    expect(issues.map((i) => i.path).sort()).toEqual(['/cancelAllAfterSecs', '/futuresLeverage/PF_XBTUSD']);
    expect(issuesOf(() => parseKrakenExecClientConfig({ futuresLeverage: [5] }, NO_ENV)).map((i) => i.path)).toEqual(['/futuresLeverage']);
  });
});

describe('rate-limit and nonce options', () => {
  it('are read on both clients, defaulting to null (the raw clients decide), and checked by name', () => {
    const c = parseKrakenExecClientConfig(
      {
        rateLimitTier: 'pro',
        rateLimitMaxWaitSecs: 600,
        historyCallCost: 4,
        nonceStateDir: '/var/lib/bot',
        nonceShare: { slot: 1, slots: 2 },
        nonceBreakerThreshold: 5,
      },
      NO_ENV,
    );
    expect([c.rateLimitTier, c.rateLimitMaxWaitSecs, c.historyCallCost, c.nonceStateDir, c.nonceShare, c.nonceBreakerThreshold]).toEqual([
      'pro',
      600,
      4,
      '/var/lib/bot',
      { slot: 1, slots: 2 },
      5,
    ]);
    expect(parseKrakenDataClientConfig({ nonceStateDir: false }, NO_ENV).nonceStateDir).toBe(false);
    const issues = issuesOf(() =>
      parseKrakenExecClientConfig(
        {
          rateLimitTier: 'gold',
          rateLimitMaxWaitSecs: 0,
          historyCallCost: -1,
          nonceStateDir: true,
          nonceShare: { slot: 2, slots: 2 },
          nonceBreakerThreshold: 0.5,
        },
        NO_ENV,
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      '/historyCallCost',
      '/nonceBreakerThreshold',
      '/nonceShare',
      '/nonceStateDir',
      '/rateLimitMaxWaitSecs',
      '/rateLimitTier',
    ]);
    expect(issuesOf(() => parseKrakenExecClientConfig({ nonceShare: { slot: 0, slots: 2, extra: 1 } }, NO_ENV))[0]!.path).toBe(
      '/nonceShare',
    );
  });
});

describe('futuresApi', () => {
  it("defaults to 'legacy', takes 'unified', refuses anything else by name, on both clients", () => {
    expect(parseKrakenDataClientConfig({}, NO_ENV).futuresApi).toBe('legacy');
    expect(parseKrakenExecClientConfig({ futuresApi: 'unified' }, NO_ENV).futuresApi).toBe('unified');
    expect(() => parseKrakenExecClientConfig({ futuresApi: 'uws' }, NO_ENV)).toThrow(/futuresApi/);
    expect(() => parseKrakenDataClientConfig({ baseUrlWsUnified: 'http://x' }, NO_ENV)).toThrow(/baseUrlWsUnified/);
  });

  it('the start WARN: only while FUTURES is configured on the legacy API; the Unified URL from its base', () => {
    const legacy = parseKrakenExecClientConfig({ productTypes: ['FUTURES'] }, NO_ENV);
    expect(legacyFuturesWarning(legacy, 'execution')).toMatch(/decommissions on 2027-03-01 \(1 March 2027\).*futuresApi: 'unified'/);
    expect(
      legacyFuturesWarning(parseKrakenExecClientConfig({ productTypes: ['FUTURES'], futuresApi: 'unified' }, NO_ENV), 'execution'),
    ).toBeNull();
    expect(legacyFuturesWarning(parseKrakenExecClientConfig({ productTypes: ['SPOT'] }, NO_ENV), 'execution')).toBeNull();
    expect(unifiedWsUrl(legacy, 'private')).toBe('wss://uws.kraken.com/v2/private');
    const local = parseKrakenDataClientConfig({ baseUrlWsUnified: 'ws://127.0.0.1:9/' }, NO_ENV);
    expect(unifiedWsUrl(local, 'public')).toBe('ws://127.0.0.1:9/v2/public');
  });

  it('the Unified token key: the Spot key (SPOT configured, or the Spot variables), never the Derivatives key; none on legacy', () => {
    const env = {
      KRAKEN_SPOT_API_KEY: 'spot-env-key-1',
      KRAKEN_SPOT_API_SECRET: SECRET,
      KRAKEN_FUTURES_API_KEY: 'fut-live-key-1',
      KRAKEN_FUTURES_API_SECRET: SECRET2,
    };
    const futuresOnly = parseKrakenExecClientConfig({ productTypes: ['FUTURES'], futuresApi: 'unified' }, { env });
    expect(futuresOnly.credentials.unified?.credentials.apiKey).toBe('spot-env-key-1');
    expect(futuresOnly.credentials.unified?.variables?.key).toBe('KRAKEN_SPOT_API_KEY');
    expect(futuresOnly.credentials.futures?.credentials.apiKey).toBe('fut-live-key-1');
    expect(futuresOnly.credentials.spot).toBeNull();
    const both = parseKrakenExecClientConfig({ productTypes: ['SPOT', 'FUTURES'], futuresApi: 'unified' }, { env });
    expect(both.credentials.unified).toBe(both.credentials.spot);
    const explicit = parseKrakenExecClientConfig(
      { productTypes: ['FUTURES'], futuresApi: 'unified', apiKey: 'fut-cfg-key-1', apiSecret: SECRET },
      NO_ENV,
    );
    expect(explicit.credentials.futures?.credentials.apiKey).toBe('fut-cfg-key-1');
    expect(explicit.credentials.unified).toBeNull();
    expect(parseKrakenExecClientConfig({ productTypes: ['FUTURES'] }, { env }).credentials.unified).toBeNull();
    expect(inspect(futuresOnly, { depth: 10 })).not.toContain(SECRET);
  });
});
