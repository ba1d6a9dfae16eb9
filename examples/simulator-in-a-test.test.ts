/**
 * The simulator in a test: a Kraken of your own on 127.0.0.1, on a clock the test moves. The book
 * is set by replaying a snapshot, the client under test (here the raw REST client) talks to it over
 * real sockets, and the test checks the simulator's own state: fills, balances, fault effects.
 *
 *   npx vitest run examples/simulator-in-a-test.test.ts
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenApiError, KrakenSpotRawHttpClient } from '../src/index.js';
import { ManualClock, startKrakenSim, type KrakenSim } from '../src/sim/index.js';

describe('a strategy-free order round trip against the simulator', () => {
  let sim: KrakenSim;
  let clock: ManualClock;
  let client: KrakenSpotRawHttpClient;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 5, 12));
    // No generated market: the test decides what the book holds.
    sim = await startKrakenSim({ seed: 1, clock, market: false });
    sim.engine.replay({
      kind: 'book_snapshot',
      pair: 'XXBTZUSD',
      bids: [{ price: '59000.0', qty: '1.00000000' }],
      asks: [{ price: '60000.0', qty: '0.50000000' }],
    });
    client = new KrakenSpotRawHttpClient({
      baseUrl: sim.urls.spotRest,
      apiKey: sim.credentials.spot.apiKey,
      apiSecret: sim.credentials.spot.apiSecret,
    });
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  it('a marketable limit buy fills at the resting ask, the BTC balance grows by exactly the size and USD pays at least the price', async () => {
    const before = await client.balance();
    const ack = await client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '60500.0', volume: '0.10000000' });
    expect(ack.txid).toHaveLength(1);
    clock.advance(1000);
    sim.tick();
    const after = await client.balance();
    expect(after['XXBT']).toBe('10.1000000000');
    // 0.1 BTC at 60000.0 is 6000 USD, plus the taker fee the simulator charges.
    const spent = Number(before['ZUSD']) - Number(after['ZUSD']);
    expect(spent).toBeGreaterThanOrEqual(6000);
    expect(sim.engine.spot.openOrders('demo')).toHaveLength(0);
  });

  it('a fault armed for one request makes the venue answer with the error a client must handle', async () => {
    sim.faults.add({ kind: 'venue-error', path: '/0/private/AddOrder', error: 'EService:Unavailable', times: 1 });
    await expect(
      client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000.0', volume: '0.01' }),
    ).rejects.toBeInstanceOf(KrakenApiError);
    expect(sim.engine.spot.openOrders('demo')).toHaveLength(0);
  });
});
