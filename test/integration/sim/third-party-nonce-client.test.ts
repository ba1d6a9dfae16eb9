/**
 * A widely used third-party Kraken REST client, the npm package `node-kraken-api` (pinned
 * devDependency), drives the simulator unmodified: public calls with parameters and private
 * trading calls.
 *
 * Why this client: it is the most downloaded Kraken-only JavaScript REST client on npm, and it
 * sends every public call that has parameters as a form POST *with a nonce* (only parameterless
 * public calls are GETs), exactly the traffic Kraken accepts and ignores the nonce of, and that a
 * simulator which refuses unknown parameters turns into `EGeneral:Invalid arguments:nonce`. Its
 * private calls sign form bodies with its own HMAC code and a millisecond nonce generator of its
 * own. (`kraken-api`, also driven in third-party.test.ts, never sends a nonce on public calls,
 * so it cannot show this; ccxt, larger still, GETs its public calls without one either.)
 *
 * Pointing it at the simulator: it has no base-URL option; its host is the exported constant
 * `_REST_HOSTNAME`, and it always speaks HTTPS through Node's global HTTPS agent. The test sets
 * the host to 127.0.0.1 and, for the duration of this file, installs a global HTTPS agent whose
 * connections go to the simulator's plain-HTTP port (the client's HTTP request, headers, body,
 * signature and response handling are its own, byte for byte). Both are restored afterwards.
 */
import https from 'node:https';
import net from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './helpers.js';

interface NodeKrakenApi {
  _REST_HOSTNAME: string;
  Kraken: new (settings: { key?: string; secret?: string; timeout?: number }) => NodeKrakenClient;
}
type Result = Promise<any>;
interface NodeKrakenClient {
  time(): Result;
  assetPairs(o: { pair: string }): Result;
  ticker(o: { pair: string }): Result;
  depth(o: { pair: string; count?: number }): Result;
  ohlc(o: { pair: string; interval?: number }): Result;
  trades(o: { pair: string }): Result;
  balance(): Result;
  tradeBalance(o?: { asset?: string }): Result;
  addOrder(o: Record<string, string | number | boolean>): Result;
  openOrders(o?: Record<string, unknown>): Result;
  queryOrders(o: { txid: string }): Result;
  cancelOrder(o: { txid: string }): Result;
  cancelAll(): Result;
  cancelAllOrdersAfter(o: { timeout: number }): Result;
  tradesHistory(o?: Record<string, unknown>): Result;
}

const lib = createRequire(import.meta.url)('node-kraken-api') as NodeKrakenApi;

let sim: TestSim;
let kraken: NodeKrakenClient;
const saved = { host: lib._REST_HOSTNAME, agent: https.globalAgent };

/** An HTTPS agent whose every connection is a plain TCP socket to the simulator's REST port. */
class SimulatorAgent extends https.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
  }
  override createConnection(): net.Socket {
    return net.connect(this.port, '127.0.0.1');
  }
}

beforeAll(async () => {
  sim = await startTestSim({ limits: false });
  lib._REST_HOSTNAME = '127.0.0.1';
  https.globalAgent = new SimulatorAgent(Number(new URL(sim.urls.spotRest).port));
  kraken = new lib.Kraken({ key: sim.credentials.spot.apiKey, secret: sim.credentials.spot.apiSecret, timeout: 5000 });
});
afterAll(async () => {
  lib._REST_HOSTNAME = saved.host;
  https.globalAgent = saved.agent;
  await sim.close();
});

describe('node-kraken-api (third-party client, nonce on every POST) against the simulator', () => {
  it('public calls, with parameters (POST + nonce) and without (GET)', async () => {
    expect((await kraken.time()).unixtime).toBe(Math.floor(sim.clock.nowMs() / 1000));
    expect((await kraken.assetPairs({ pair: 'XBTUSD' })).XXBTZUSD.wsname).toBe('XBT/USD');
    expect((await kraken.ticker({ pair: 'XBTUSD' })).XXBTZUSD.c[0]).toMatch(/^\d+\.\d$/);
    const depth = await kraken.depth({ pair: 'XBTUSD', count: 5 });
    expect(depth.XXBTZUSD.bids).toHaveLength(5);
    expect(depth.XXBTZUSD.asks).toHaveLength(5);
    expect((await kraken.ohlc({ pair: 'XBTUSD', interval: 1 })).XXBTZUSD.length).toBeGreaterThan(0);
    expect(Array.isArray((await kraken.trades({ pair: 'XBTUSD' })).XXBTZUSD)).toBe(true);
  });

  it('private trading: Balance, AddOrder, OpenOrders, QueryOrders, CancelOrder, a market fill, TradesHistory, CancelAll, CancelAllOrdersAfter', async () => {
    expect((await kraken.balance()).ZUSD).toBe('100000.0000');
    expect(Number((await kraken.tradeBalance({ asset: 'ZUSD' })).eb)).toBeGreaterThan(0);
    const added = await kraken.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '30000.0',
      volume: '0.01',
      timeinforce: 'gtc',
    });
    const txid = added.txid[0] as string;
    expect(Object.keys((await kraken.openOrders()).open)).toContain(txid);
    expect((await kraken.queryOrders({ txid }))[txid].status).toBe('open');
    expect((await kraken.cancelOrder({ txid })).count).toBe(1);
    const market = await kraken.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' });
    const trades = (await kraken.tradesHistory()).trades as Record<string, { ordertxid: string }>;
    expect(Object.values(trades).some((t) => t.ordertxid === market.txid[0])).toBe(true);
    await kraken.addOrder({ pair: 'XBTUSD', type: 'sell', ordertype: 'limit', price: '99000.0', volume: '0.01' });
    expect((await kraken.cancelAll()).count).toBe(1);
    expect((await kraken.cancelAllOrdersAfter({ timeout: 60 })).triggerTime).toMatch(/Z$/);
  });

  it('venue errors reach the client as its own RESTAPIError', async () => {
    await expect(kraken.cancelOrder({ txid: 'OAAAAA-BBBBB-CCCCCC' })).rejects.toMatchObject({ body: { error: ['EOrder:Unknown order'] } });
  });
});
