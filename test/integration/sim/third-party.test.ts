/**
 * A third-party Kraken client, the npm package `kraken-api` (got + qs), used unmodified except
 * for its documented `url` option, trades against the simulator: proof that the simulator speaks
 * Kraken's wire protocol rather than krakenkit's own idea of it.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startTestSim, type TestSim } from './helpers.js';

interface KrakenApiClient {
  api(method: string, params?: Record<string, unknown>): Promise<{ error: string[]; result: any }>;
}
type KrakenApiCtor = new (key: string, secret: string, options?: { url?: string; timeout?: number }) => KrakenApiClient;

const KrakenClient = createRequire(import.meta.url)('kraken-api') as KrakenApiCtor;

let sim: TestSim;
let kraken: KrakenApiClient;
beforeAll(async () => {
  sim = await startTestSim();
  kraken = new KrakenClient(sim.credentials.spot.apiKey, sim.credentials.spot.apiSecret, { url: sim.urls.spotRest, timeout: 5000 });
});
afterAll(async () => sim.close());

// kraken-api's nonce is `new Date() * 1000`: two private calls in the same millisecond reuse a
// nonce and Kraken (and the simulator) answer EAPI:Invalid nonce. Space private calls by 2 ms.
const privateCall = async (method: string, params?: Record<string, unknown>) => {
  await sleep(2);
  return kraken.api(method, params);
};

describe('kraken-api (third-party client) against the simulator', () => {
  it('public data: Time, AssetPairs, Ticker', async () => {
    const time = await kraken.api('Time');
    expect(time.result.unixtime).toBe(Math.floor(sim.clock.nowMs() / 1000));
    const pairs = await kraken.api('AssetPairs', { pair: 'XBTUSD' });
    expect(pairs.result.XXBTZUSD.wsname).toBe('XBT/USD');
    const ticker = await kraken.api('Ticker', { pair: 'XBTUSD' });
    expect(ticker.result.XXBTZUSD.c[0]).toMatch(/^\d+\.\d$/);
  });

  it('private: Balance, AddOrder, CancelOrder', async () => {
    const balance = await privateCall('Balance');
    expect(balance.result.ZUSD).toBe('100000.0000');
    const add = await privateCall('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01' });
    expect(add.error).toEqual([]);
    const txid = add.result.txid[0] as string;
    const open = await privateCall('OpenOrders');
    expect(Object.keys(open.result.open)).toContain(txid);
    const cancel = await privateCall('CancelOrder', { txid });
    expect(cancel.result.count).toBe(1);
  });

  it("venue errors surface through the library's own error path", async () => {
    await expect(
      privateCall('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '1000' }),
    ).rejects.toThrow('Order:Insufficient funds');
    const wrong = new KrakenClient(sim.credentials.spot.apiKey, 'AAAA', { url: sim.urls.spotRest });
    await expect(wrong.api('Balance')).rejects.toThrow('API:Invalid signature');
  });
});
