/**
 * `krakenkit reconcile` against the simulator (the embedded one, and one the test owns with orders,
 * fills and a position in it), as tables and as JSON; and `krakenkit start --live`'s refusals,
 * checked with every endpoint pointed at a loopback server that records requests: a missing
 * credential is named, trading needs a confirmation, and nothing is sent before that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { CliIo } from '../../src/cli/io.js';
import { KrakenFuturesRawHttpClient } from '../../src/kraken/futures/http/raw-client.js';
import { KrakenSpotRawHttpClient } from '../../src/kraken/spot/http/raw-client.js';
import { startKrakenSim, type KrakenSim } from '../../src/sim/start.js';
import { json, startLoopback } from '../helpers/loopback-http.js';

function captureIo(extra: Partial<CliIo> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), ...extra };
}

async function runIn(env: Record<string, string>, io: CliIo, ...argv: string[]): Promise<number> {
  return main(argv, io, env);
}

interface MassStatusJson {
  account: string;
  window: { start: string; end: string };
  complete: boolean;
  gaps: string[];
  orders: { instrument: string; venueOrderId: string; status: string; filled: string }[];
  fills: { instrument: string; tradeId: string; venueOrderId: string; side: string; quantity: string }[];
  positions: { instrument: string; side: string; quantity: string }[];
}

describe('krakenkit reconcile', () => {
  it('against the embedded simulator by default: an empty, complete mass status as tables', async () => {
    const io = captureIo();
    expect(await runIn({}, io, 'reconcile')).toBe(EXIT.OK);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/^mass status of KRAKEN-001: window unbounded \.\. \d{4}-\d\d-\d\dT\S+Z, complete$/m);
    expect(out).toMatch(/^orders \(0\):$/m);
    expect(out).toMatch(/^fills \(0\):$/m);
    expect(out).toMatch(/^positions \(0\):$/m);
  }, 60_000);

  describe('against a simulator with orders, fills and a position in it', () => {
    let sim: KrakenSim;
    let env: Record<string, string>;
    let at: string[];
    const placed: { filled: string; resting: string; futures: string } = { filled: '', resting: '', futures: '' };
    beforeAll(async () => {
      sim = await startKrakenSim({ seed: 13 });
      const c = sim.credentials;
      env = {
        KRAKEN_SPOT_API_KEY: c.spot.apiKey,
        KRAKEN_SPOT_API_SECRET: c.spot.apiSecret,
        KRAKEN_FUTURES_API_KEY: c.futures.apiKey,
        KRAKEN_FUTURES_API_SECRET: c.futures.apiSecret,
      };
      at = [
        ...['--spot-url', sim.urls.spotRest, '--spot-ws-url', sim.urls.spotWsPublic, '--spot-ws-auth-url', sim.urls.spotWsAuth],
        ...['--futures-url', sim.urls.futuresRest, '--futures-ws-url', sim.urls.futuresWs],
      ];
      const spot = new KrakenSpotRawHttpClient({ baseUrl: sim.urls.spotRest, apiKey: c.spot.apiKey, apiSecret: c.spot.apiSecret });
      const futures = new KrakenFuturesRawHttpClient({
        baseUrl: sim.urls.futuresRest,
        apiKey: c.futures.apiKey,
        apiSecret: c.futures.apiSecret,
      });
      try {
        placed.filled = (await spot.addOrder({ ordertype: 'market', type: 'buy', volume: '0.002', pair: 'XBTUSD' })).txid?.[0] ?? '';
        placed.resting =
          (await spot.addOrder({ ordertype: 'limit', type: 'buy', volume: '0.003', pair: 'XBTUSD', price: '1000.0' })).txid?.[0] ?? '';
        const sent = await futures.sendorder({ orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.004' });
        placed.futures = sent.sendStatus.order_id!;
      } finally {
        await spot.close();
        await futures.close();
      }
    }, 60_000);
    afterAll(() => sim.close());

    it('--json: the orders, fills and positions the venue holds, the window and the completeness flag', async () => {
      const io = captureIo();
      expect(await runIn(env, io, ...at, 'reconcile', '--json')).toBe(EXIT.OK);
      const status = JSON.parse(io.stdout.join('\n')) as MassStatusJson;
      expect(status.complete).toBe(true);
      expect(status.gaps).toEqual([]);
      expect(status.window.start).toBe('unbounded');
      const order = (id: string) => status.orders.find((o) => o.venueOrderId === id);
      expect(order(placed.filled)).toMatchObject({ instrument: 'BTC/USD.KRAKEN', status: 'FILLED' });
      expect(order(placed.resting)).toMatchObject({ instrument: 'BTC/USD.KRAKEN', status: 'ACCEPTED', filled: '0.00000000' });
      expect(order(placed.futures)).toMatchObject({ instrument: 'PF_XBTUSD.KRAKEN', status: 'FILLED' });
      const spotFills = status.fills.filter((f) => f.venueOrderId === placed.filled);
      expect(spotFills.length).toBeGreaterThanOrEqual(1);
      expect(spotFills.every((f) => f.side === 'BUY' && f.instrument === 'BTC/USD.KRAKEN')).toBe(true);
      expect(status.fills.some((f) => f.venueOrderId === placed.futures && f.side === 'BUY')).toBe(true);
      expect(status.positions).toContainEqual(
        expect.objectContaining({ instrument: 'PF_XBTUSD.KRAKEN', side: 'LONG', quantity: '0.0040' }),
      );
    }, 60_000);

    it('as tables, and --lookback bounds the window', async () => {
      const io = captureIo();
      expect(await runIn(env, io, ...at, 'reconcile', '--lookback', '60')).toBe(EXIT.OK);
      const out = io.stdout.join('\n');
      expect(out).toMatch(/^mass status of KRAKEN-001: window \d{4}-\S+Z \.\. \d{4}-\S+Z, complete$/m);
      expect(out).toMatch(/^orders \([3-9]\d*\):$/m);
      expect(out).toMatch(/^instrument\s+venue order id\s+side\s+type\s+status\s+quantity\s+filled\s+price\s+avg px$/m);
      expect(out).toMatch(
        new RegExp(`^BTC/USD\\.KRAKEN\\s+${placed.resting}\\s+BUY\\s+LIMIT\\s+ACCEPTED\\s+0\\.00300000\\s+0\\.00000000\\s+1000\\.0`, 'm'),
      );
      expect(out).toMatch(/^positions \(1\):$/m);
      expect(out).toMatch(/^PF_XBTUSD\.KRAKEN\s+LONG\s+0\.0040\s+\d+/m);
    }, 60_000);

    it('names the missing credential variables and exits 4', async () => {
      const io = captureIo();
      const { KRAKEN_FUTURES_API_SECRET: _omit, ...partial } = env;
      expect(await runIn(partial, io, ...at, 'reconcile')).toBe(EXIT.CREDENTIALS);
      expect(io.stderr.join('\n')).toMatch(/missing credentials: set KRAKEN_FUTURES_API_SECRET/);
    });
  });
});

describe('krakenkit start --live: refusals before anything is sent', () => {
  const creds = {
    KRAKEN_SPOT_API_KEY: 'k1',
    KRAKEN_SPOT_API_SECRET: 'czE=',
    KRAKEN_FUTURES_API_KEY: 'k2',
    KRAKEN_FUTURES_API_SECRET: 'czI=',
  };

  /** Every endpoint on one recording loopback server: any request at all would show. */
  async function withRecorder(fn: (at: string[]) => Promise<void>): Promise<number> {
    const server = await startLoopback((_req, res) => json(res, { error: [], result: {} }));
    try {
      const ws = server.baseUrl.replace('http', 'ws');
      await fn([
        ...['--spot-url', server.baseUrl, '--futures-url', server.baseUrl],
        ...['--spot-ws-url', ws, '--spot-ws-auth-url', ws, '--futures-ws-url', ws],
      ]);
      return server.requests.length;
    } finally {
      await server.close();
    }
  }

  it('--trade names every missing credential variable and exits 4', async () => {
    const sent = await withRecorder(async (at) => {
      const none = captureIo();
      expect(await runIn({}, none, '--live', ...at, 'start', '--trade', '--yes')).toBe(EXIT.CREDENTIALS);
      expect(none.stderr.join('\n')).toMatch(
        /missing credentials for --live --trade: set KRAKEN_SPOT_API_KEY, KRAKEN_SPOT_API_SECRET, KRAKEN_FUTURES_API_KEY, KRAKEN_FUTURES_API_SECRET/,
      );
      const one = captureIo();
      const { KRAKEN_FUTURES_API_KEY: _omit, ...partial } = creds;
      expect(await runIn(partial, one, '--live', ...at, 'start', '--trade', '--yes')).toBe(EXIT.CREDENTIALS);
      expect(one.stderr.join('\n')).toMatch(/set KRAKEN_FUTURES_API_KEY$/m);
    });
    expect(sent).toBe(0);
  });

  it('--trade asks on a terminal and refuses without one unless --yes; a "no" sends nothing', async () => {
    const asked: string[] = [];
    const sent = await withRecorder(async (at) => {
      const noTerminal = captureIo();
      expect(await runIn(creds, noTerminal, '--live', ...at, 'start', '--trade')).toBe(EXIT.USAGE);
      expect(noTerminal.stderr.join('\n')).toMatch(
        /refusing to trade on real Kraken without confirmation: run on a terminal or pass --yes/,
      );
      const declining = captureIo({ confirm: (q: string) => (asked.push(q), Promise.resolve(false)) });
      expect(await runIn(creds, declining, '--live', ...at, 'start', '--trade')).toBe(EXIT.USAGE);
      expect(declining.stderr.join('\n')).toMatch(/not confirmed: nothing was sent/);
    });
    expect(asked).toEqual(['Trade with real money on Kraken (Spot and Futures)?']);
    expect(sent).toBe(0);
  });

  it('refuses flags that do not go together: --trade without --live, --validate without --live or --trade', async () => {
    const sent = await withRecorder(async (at) => {
      const trade = captureIo();
      expect(await runIn(creds, trade, ...at, 'start', '--trade')).toBe(EXIT.USAGE);
      expect(trade.stderr.join('\n')).toMatch(/--trade is for --live/);
      const simValidate = captureIo();
      expect(await runIn(creds, simValidate, ...at, 'start', '--validate')).toBe(EXIT.USAGE);
      expect(simValidate.stderr.join('\n')).toMatch(/--validate is for --live/);
      const readOnly = captureIo();
      expect(await runIn(creds, readOnly, '--live', ...at, 'start', '--validate')).toBe(EXIT.USAGE);
      expect(readOnly.stderr.join('\n')).toMatch(/--validate needs --trade/);
    });
    expect(sent).toBe(0);
  });

  it('--live --trade --validate: every Spot order is checked by Kraken and none is placed; Futures orders are denied', async () => {
    // "Kraken" here is a simulator of the test's own, with every endpoint given on the command line.
    const sim = await startKrakenSim({ seed: 29 });
    try {
      const c = sim.credentials;
      const env = {
        KRAKEN_SPOT_API_KEY: c.spot.apiKey,
        KRAKEN_SPOT_API_SECRET: c.spot.apiSecret,
        KRAKEN_FUTURES_API_KEY: c.futures.apiKey,
        KRAKEN_FUTURES_API_SECRET: c.futures.apiSecret,
      };
      const at = [
        ...['--spot-url', sim.urls.spotRest, '--spot-ws-url', sim.urls.spotWsPublic, '--spot-ws-auth-url', sim.urls.spotWsAuth],
        ...['--futures-url', sim.urls.futuresRest, '--futures-ws-url', sim.urls.futuresWs],
      ];
      const io = captureIo();
      const args = ['start', '--trade', '--yes', '--validate', '--duration', '12', '--step-secs', '1', '--status-every', '60'];
      expect(await runIn(env, io, '--live', ...at, ...args)).toBe(EXIT.OK);
      const validated = sim.requestLog.filter((r) => r.path === '/0/private/AddOrder').length;
      expect(validated).toBeGreaterThan(0);
      // Nothing was placed: no Spot order at all (open or closed), no Futures order sent.
      const account = sim.accounts[0]!.id;
      expect(sim.engine.spot.openOrders(account).length + sim.engine.spot.closedOrders(account).count).toBe(0);
      const placing = sim.requestLog.filter(
        (r) => r.path.endsWith('/sendorder') || (r.server === 'spot-ws' && /add_order|batch_add/.test(r.path)),
      );
      expect(placing).toEqual([]);
      // The summary: every Spot order rejected after Kraken's check, every Futures order denied, nothing filled.
      const out = io.stdout.join('\n');
      expect(out).toMatch(/^summary: \d+ orders \(0 open, 0 filled, 0 cancelled, \d+ rejected\), 0 fills$/m);
      const orderLines = out.split('\n').filter((l) => l.startsWith('order '));
      expect(orderLines.filter((l) => l.startsWith('order BTC/USD.KRAKEN')).length).toBeGreaterThan(0);
      expect(orderLines.filter((l) => l.startsWith('order PF_XBTUSD.KRAKEN')).length).toBeGreaterThan(0);
      for (const line of orderLines)
        expect(line).toMatch(line.startsWith('order BTC/USD') ? / REJECTED filled 0\.0+$/ : / DENIED filled 0\.0+$/);
    } finally {
      await sim.close();
    }
  }, 90_000);
});
