/**
 * No secret in any log line or error of a node run: a TradingNode with the Kraken data client on
 * Spot and Futures against the simulator, logging everything (debug, JSON and pretty), with the
 * account's API keys and secrets as canaries. A strategy even writes a key into a message and a
 * harmless-looking field; a second run with a wrong secret fails at connect, and its error is
 * scanned in every form a user might print it.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../src/adapter/data/factory.js';
import { InstrumentId } from '../../src/model/identifiers.js';
import type { QuoteTick } from '../../src/model/market-data.js';
import { Strategy } from '../../src/node/strategy.js';
import { TradingNode } from '../../src/node/trading-node.js';
import { startKrakenSim, type KrakenSim } from '../../src/sim/start.js';
import { simVenueConfig } from '../../src/cli/venue.js';
import { KrakenSpotRawHttpClient } from '../../src/kraken/spot/http/raw-client.js';
import { createLogger } from '../../src/node/logger.js';

let sim: KrakenSim;
beforeAll(async () => {
  sim = await startKrakenSim({ seed: 21 });
});
afterAll(() => sim.close());

function canaries(): string[] {
  const c = sim.credentials;
  return [c.spot.apiKey, c.spot.apiSecret, c.futures.apiKey, c.futures.apiSecret];
}

class Careless extends Strategy {
  quotes = 0;
  constructor(private readonly leak: string) {
    super({ strategyId: 'Careless-001' });
  }
  override async onStart(): Promise<void> {
    this.log.info(`starting with key ${this.leak}`, { note: `key=${this.leak}`, apiKey: this.leak });
    await this.subscribeQuoteTicks(InstrumentId.fromStr('BTC/USD.KRAKEN'));
    await this.subscribeTradeTicks(InstrumentId.fromStr('BTC/USD.KRAKEN'));
    await this.subscribeOrderBookDeltas(InstrumentId.fromStr('PF_XBTUSD.KRAKEN'), { depth: 10 });
  }
  override onQuoteTick(_t: QuoteTick): void {
    this.quotes++;
  }
}

function env(spotSecret: string): Record<string, string> {
  const c = sim.credentials;
  return {
    KRAKEN_SPOT_API_KEY: c.spot.apiKey,
    KRAKEN_SPOT_API_SECRET: spotSecret,
    KRAKEN_FUTURES_API_KEY: c.futures.apiKey,
    KRAKEN_FUTURES_API_SECRET: c.futures.apiSecret,
  };
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('log canaries over a whole node run', () => {
  for (const format of ['json', 'pretty'] as const) {
    it(`no API key or secret reaches a ${format} log line, at debug level, even when a strategy writes one`, async () => {
      const lines: string[] = [];
      const node = new TradingNode({
        dataClients: { KRAKEN: simVenueConfig(sim) },
        logging: { level: 'DEBUG', format, destination: { write: (l: string) => void lines.push(l) }, env: {} },
      });
      node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: env(sim.credentials.spot.apiSecret) }));
      const strategy = new Careless(sim.credentials.spot.apiKey);
      node.addStrategy(strategy);
      await node.run();
      try {
        await waitFor('quotes', () => strategy.quotes >= 3);
      } finally {
        await node.stop();
      }
      const text = lines.join('');
      expect(lines.length).toBeGreaterThanOrEqual(4);
      expect(text).toContain('Careless-001');
      expect(text).toContain('DataClient-KRAKEN');
      for (const secret of canaries()) expect(text).not.toContain(secret);
      expect(text).toContain('starting with key [REDACTED]');
    }, 60_000);
  }

  it('a refused secret fails the start with an error that names the variables and holds no secret', async () => {
    const lines: string[] = [];
    const wrong = Buffer.from('not-the-account-secret-but-base64-all-the-same').toString('base64');
    const node = new TradingNode({
      dataClients: { KRAKEN: simVenueConfig(sim) },
      logging: { level: 'DEBUG', format: 'json', destination: { write: (l: string) => void lines.push(l) }, env: {} },
    });
    node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: env(wrong) }));
    const err = await node.run().then(
      () => expect.fail('the node started with a wrong secret'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/KRAKEN_SPOT_API_KEY|KRAKEN_SPOT_API_SECRET/);
    const shown = [err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 8 }), String(err.cause), lines.join('')].join(
      '\n',
    );
    for (const secret of [...canaries(), wrong]) expect(shown).not.toContain(secret);
  }, 60_000);

  it('a WebSockets token is masked in every line once the REST client has fetched it', async () => {
    const c = sim.credentials.spot;
    const rest = new KrakenSpotRawHttpClient({ baseUrl: sim.urls.spotRest, apiKey: c.apiKey, apiSecret: c.apiSecret });
    const { token } = await rest.getWebSocketsToken();
    await rest.close();
    const lines: string[] = [];
    createLogger('c', { format: 'json', destination: { write: (l: string) => void lines.push(l) }, env: {} }).info(`token ${token}`, {
      t: token,
    });
    expect(token.length).toBeGreaterThan(8);
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).toContain('token [REDACTED]');
  });
});
