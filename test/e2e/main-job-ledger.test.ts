/**
 * One full main-job run against a simulator the test owns (the endpoint flags and the credentials
 * in the environment, as a user points the job at a running `krakenkit sim`), at debug level:
 * - after SIGINT (exit 0), the job's final summary equals the simulator's own records, read over
 *   its REST API with the account's keys: Spot orders (ClosedOrders, OpenOrders) and trades
 *   (TradesHistory), Futures fills, open orders and positions;
 * - no canary secret reaches any line the job wrote, stdout or stderr: the API keys and secrets
 *   of both products, and every WebSockets token the simulator issued to the job (recorded by a
 *   loopback relay in front of the Spot REST endpoint, so the test knows the tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenFuturesRawHttpClient } from '../../src/kraken/futures/http/raw-client.js';
import { Decimal } from '../../src/model/values.js';
import { KrakenSpotRawHttpClient } from '../../src/kraken/spot/http/raw-client.js';
import { startKrakenSim, type KrakenSim } from '../../src/sim/start.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-http.js';
import { spawnJob, statusCounts, type JobProcess } from './main-job-process.js';

let sim: KrakenSim;
let relay: LoopbackServer;
let job: JobProcess;
let exitCode: number | string;
const tokens: string[] = [];

/** Forwards every Spot REST request to the simulator and remembers the WebSockets tokens it hands out. */
async function startRelay(target: string): Promise<LoopbackServer> {
  return startLoopback(async (req, res) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      ...(req.method === 'GET' ? {} : { body: req.body }),
    });
    const body = await answer.text();
    if (req.url.includes('GetWebSocketsToken')) {
      const token = /"token"\s*:\s*"([^"]+)"/.exec(body)?.[1];
      if (token !== undefined) tokens.push(token);
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  });
}

/** Exact decimal text without trailing zeros, so `60007.30` and `60007.3` compare equal. */
function norm(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

beforeAll(async () => {
  sim = await startKrakenSim({ seed: 31 });
  relay = await startRelay(sim.urls.spotRest);
  const c = sim.credentials;
  job = spawnJob(
    [
      '--spot-url',
      relay.baseUrl,
      '--spot-ws-url',
      sim.urls.spotWsPublic,
      '--spot-ws-auth-url',
      sim.urls.spotWsAuth,
      '--futures-url',
      sim.urls.futuresRest,
      '--futures-ws-url',
      sim.urls.futuresWs,
      '--status-every',
      '1',
      '--step-secs',
      '1',
    ],
    {
      KRAKEN_SPOT_API_KEY: c.spot.apiKey,
      KRAKEN_SPOT_API_SECRET: c.spot.apiSecret,
      KRAKEN_FUTURES_API_KEY: c.futures.apiKey,
      KRAKEN_FUTURES_API_SECRET: c.futures.apiSecret,
      KRAKENKIT_LOG_LEVEL: 'debug',
    },
  );
  try {
    await job.waitForLine('the node running', (l) => l.startsWith('main job running on the given endpoints'), 90_000);
    await job.waitForLine(
      'two round trips on each instrument',
      (l) => {
        const s = statusCounts(l);
        return s !== null && s.filled >= 8 && s.cancelled >= 4;
      },
      30_000,
    );
    job.child.kill('SIGINT');
    exitCode = await job.exited;
  } finally {
    job.child.kill('SIGKILL');
  }
}, 180_000);

afterAll(async () => {
  await relay?.close();
  await sim?.close();
});

describe('the main job against a simulator the test owns', () => {
  it('exits 0 on SIGINT with a summary', () => {
    expect(exitCode, job.text()).toBe(0);
    expect(job.out.some((l) => l.startsWith('summary: '))).toBe(true);
  });

  it("its final summary equals the simulator's ledger: orders, fills and positions", async () => {
    const c = sim.credentials;
    const spot = new KrakenSpotRawHttpClient({ baseUrl: sim.urls.spotRest, apiKey: c.spot.apiKey, apiSecret: c.spot.apiSecret });
    const futures = new KrakenFuturesRawHttpClient({
      baseUrl: sim.urls.futuresRest,
      apiKey: c.futures.apiKey,
      apiSecret: c.futures.apiSecret,
    });
    try {
      const lines = job.out;
      const orders = lines.filter((l) => l.startsWith('order ')).map((l) => l.split(' '));
      const fills = lines.filter((l) => l.startsWith('fill ')).map((l) => l.split(' '));
      const position = (id: string) => lines.find((l) => l.startsWith(`position ${id} `))!.slice(`position ${id} `.length);

      // Spot orders: every order the job placed, with the status the venue gives it, and no other.
      const closed = (await spot.closedOrders({})).closed;
      const open = (await spot.openOrders({})).open;
      expect(Object.keys(open)).toEqual([]);
      const spotOrders = orders.filter((o) => o[1] === 'BTC/USD.KRAKEN');
      expect(spotOrders.length).toBeGreaterThanOrEqual(6);
      expect(new Set(spotOrders.map((o) => o[2]))).toEqual(new Set(Object.keys(closed)));
      for (const [, , txid, , , , status, , filled] of spotOrders) {
        const venue = closed[txid!]!;
        expect(venue.status).toBe(status === 'FILLED' ? 'closed' : 'canceled');
        expect(norm(venue.vol_exec)).toBe(norm(filled!));
      }

      // Spot fills: the same trades, order ids, sides, sizes and prices as TradesHistory.
      const trades = (await spot.tradesHistory({})).trades;
      const spotFills = fills.filter((f) => f[1] === 'BTC/USD.KRAKEN');
      expect(spotFills.map((f) => f[2]).sort()).toEqual(Object.keys(trades).sort());
      for (const [, , tradeId, orderId, side, qty, , px] of spotFills) {
        const t = trades[tradeId!]!;
        expect([t.ordertxid, t.type, norm(t.vol), norm(t.price)]).toEqual([orderId, side!.toLowerCase(), norm(qty!), norm(px!)]);
      }
      // Spot has no positions at Kraken: the job's net position is the net of the venue's trades.
      const net = Object.values(trades).reduce(
        (n, t) => (t.type === 'buy' ? n.add(Decimal.fromStr(t.vol)) : n.sub(Decimal.fromStr(t.vol))),
        Decimal.fromInt(0),
      );
      const spotPosition = position('BTC/USD.KRAKEN');
      if (net.isZero()) expect(spotPosition).toBe('FLAT 0');
      else expect(spotPosition).toMatch(new RegExp(`^${net.isNegative() ? 'SHORT' : 'LONG'} ${net.toString().replace('-', '')} @ `));

      // Futures: fills, no open order left, the position.
      const venueFills = (await futures.fills({})).fills;
      const futFills = fills.filter((f) => f[1] === 'PF_XBTUSD.KRAKEN');
      expect(futFills.map((f) => f[2]).sort()).toEqual(venueFills.map((f) => f.fill_id).sort());
      for (const [, , fillId, orderId, side, qty, , px] of futFills) {
        const f = venueFills.find((v) => v.fill_id === fillId)!;
        expect([f.order_id, f.side, norm(f.size), norm(f.price)]).toEqual([orderId, side!.toLowerCase(), norm(qty!), norm(px!)]);
      }
      expect((await futures.openorders({})).openOrders).toEqual([]);
      const venuePosition = (await futures.openpositions({})).openPositions.find((p) => p.symbol.toUpperCase() === 'PF_XBTUSD');
      expect(position('PF_XBTUSD.KRAKEN')).toBe(
        venuePosition === undefined ? 'FLAT 0' : `${venuePosition.side.toUpperCase()} ${venuePosition.size} @ ${venuePosition.price}`,
      );
      const futOrders = orders.filter((o) => o[1] === 'PF_XBTUSD.KRAKEN');
      expect(new Set(futFills.map((f) => f[3]))).toEqual(new Set(futOrders.filter((o) => o[6] === 'FILLED').map((o) => o[2])));
    } finally {
      await spot.close();
      await futures.close();
    }
  });

  it('no API key, secret or WebSockets token appears in any line the job wrote, at debug level', () => {
    const c = sim.credentials;
    const text = job.text();
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    expect(job.err.length).toBeGreaterThan(10);
    expect(text).toContain('ExecClient-KRAKEN');
    for (const secret of [c.spot.apiKey, c.spot.apiSecret, c.futures.apiKey, c.futures.apiSecret, ...tokens]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('the main job with a refused secret', () => {
  it('fails the start with exit 4, names the variables, and no key, secret or planted wrong secret appears in any line', async () => {
    const c = sim.credentials;
    const wrong = Buffer.from('a-planted-canary-that-is-not-the-secret').toString('base64');
    const failing = spawnJob(
      [
        ...['--spot-url', sim.urls.spotRest, '--spot-ws-url', sim.urls.spotWsPublic, '--spot-ws-auth-url', sim.urls.spotWsAuth],
        ...['--futures-url', sim.urls.futuresRest, '--futures-ws-url', sim.urls.futuresWs],
      ],
      {
        KRAKEN_SPOT_API_KEY: c.spot.apiKey,
        KRAKEN_SPOT_API_SECRET: wrong,
        KRAKEN_FUTURES_API_KEY: c.futures.apiKey,
        KRAKEN_FUTURES_API_SECRET: c.futures.apiSecret,
        KRAKENKIT_LOG_LEVEL: 'debug',
      },
    );
    let code: number | string;
    try {
      code = await Promise.race([
        failing.exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('no exit within 90 s'), 90_000)),
      ]);
    } finally {
      failing.child.kill('SIGKILL');
    }
    const text = failing.text();
    expect(code, text).toBe(4);
    expect(text).toMatch(/KRAKEN_SPOT_API_KEY|KRAKEN_SPOT_API_SECRET/);
    for (const secret of [c.spot.apiKey, c.spot.apiSecret, c.futures.apiKey, c.futures.apiSecret, wrong])
      expect(text).not.toContain(secret);
  }, 120_000);
});
