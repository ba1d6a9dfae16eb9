/**
 * Kraken Spot execution start-up against the simulator: the key's permissions are confirmed at
 * connect (a query call and a trade call that changes nothing), so that a key that may query but
 * not trade, or not even query, stops the start with a clear error naming where the key came from,
 * never the key itself, and before any order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { spotExecutionBuilder } from '../../../src/adapter/execution/spot/builder.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';

let sim: TestSim;
let n = 0;
beforeEach(async () => {
  n++;
  sim = await startTestSim({
    market: false,
    accounts: [
      { id: `spot-query-only-${process.pid}-${n}`, spotPermissions: ['query', 'websocket'] },
      { id: `spot-no-query-${process.pid}-${n}`, spotPermissions: ['trade', 'websocket'] },
    ],
  });
});
afterEach(async () => {
  await sim.close();
});

async function startWith(account: number): Promise<Error | null> {
  const creds = sim.accounts[account]!.spot;
  const node = new TradingNode({
    execClients: {
      KRAKEN: {
        productTypes: ['SPOT'],
        apiKey: creds.apiKey,
        apiSecret: creds.apiSecret,
        baseUrlHttpSpot: sim.urls.spotRest,
        baseUrlWsSpot: sim.urls.spotWsAuth,
        maxRetries: 0,
        maxRequestsPerSecond: 1000,
      },
    },
    logging: { level: 'OFF' },
    timeoutConnectionSecs: 30,
  });
  node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: {}, builders: { SPOT: spotExecutionBuilder() } }));
  const err = await node.run().then(
    () => null,
    (e: unknown) => e as Error,
  );
  await node.stop();
  return err;
}

function orderEntries(): string[] {
  return sim.requestLog.map((r) => r.path).filter((p) => /AddOrder|add_order|batch_add/.test(p));
}

describe('Kraken Spot execution: start-up checks', () => {
  it('a key that may query but not trade stops the start with a clear error, before any order', async () => {
    const err = await startWith(0);
    expect(err?.message).toContain('Kraken Spot: the API key from the config fields apiKey / apiSecret cannot trade');
    expect(err?.message).toContain('execution needs a key with query and trade permissions');
    expect(err?.message).not.toContain(sim.accounts[0]!.spot.apiKey);
    expect(orderEntries()).toEqual([]);
  });

  it('a key that may not query the account stops the start the same way', async () => {
    const err = await startWith(1);
    expect(err?.message).toContain('Kraken Spot: the API key from the config fields apiKey / apiSecret cannot query the account');
    expect(err?.message).not.toContain(sim.accounts[1]!.spot.apiKey);
    expect(orderEntries()).toEqual([]);
  });
});
