/**
 * Kraken Futures execution on the Unified WebSocket against the simulator: the start-up trading
 * check. The UWS token comes from a Kraken (Spot) key, so what may trade is that key's order
 * permissions (the Derivatives key only reads history and sets leverage here). A Spot key that may
 * fetch a token but not trade stops the start with a typed auth error naming the fix, before any
 * order; a key with order permissions starts and trades.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { FuturesExecution } from '../../../src/adapter/execution/futures/futures-execution.js';
import { KrakenAuthError } from '../../../src/core/errors.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { futuresSimEndpoints, PF, startFuturesRig, until, type FuturesRig } from './futures-exec-rig.js';

let sim: TestSim;
let rig: FuturesRig | undefined;
beforeEach(async () => {
  sim = await startTestSim({
    market: false,
    accounts: [
      { id: 'uws-reader', spotPermissions: ['query', 'websocket'] },
      { id: 'uws-trader', spotPermissions: ['query', 'trade', 'websocket'] },
    ],
  });
});
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
  await sim.close();
});

/** The Unified WebSocket trading requests the simulator received, by method. */
const uwsTrading = (): string[] => sim.requestLog.filter((r) => r.server === 'unified-ws').map((r) => r.path);

/** Starts the Futures execution alone on the Unified route with account `account`'s keys; the start's error, or null. */
async function startUnified(account: number): Promise<unknown> {
  const { futures, spot } = sim.accounts[account]!;
  const node = new TradingNode({
    execClients: {
      KRAKEN: {
        productTypes: ['FUTURES'],
        apiKey: futures.apiKey,
        apiSecret: futures.apiSecret,
        ...futuresSimEndpoints(sim, 'unified'),
      },
    },
    logging: { level: 'OFF' },
    timeoutConnectionSecs: 30,
  });
  node.addExecClientFactory(
    'KRAKEN',
    new KrakenLiveExecClientFactory({
      // The UWS token's key: a Kraken (Spot) key, from the environment.
      env: { KRAKEN_SPOT_API_KEY: spot.apiKey, KRAKEN_SPOT_API_SECRET: spot.apiSecret },
      builders: { FUTURES: (ctx) => new FuturesExecution(ctx) },
    }),
  );
  const err = await node.run().then(
    () => null,
    (e: unknown) => e,
  );
  await node.stop();
  return err;
}

describe('Kraken Futures execution on the Unified WebSocket: the start-up trading check', () => {
  it('a Kraken key that may fetch a token but not trade stops the start with a KrakenAuthError naming the fix, before any order', async () => {
    const err = await startUnified(0);
    expect(err).toBeInstanceOf(KrakenAuthError);
    const auth = err as KrakenAuthError;
    expect(auth.codes).toEqual(['EGeneral:Permission denied']);
    expect(auth.message).toBe(
      'Kraken Futures: the Kraken API key from the environment may open the Unified WebSocket but not trade (EGeneral:Permission denied): give it order permissions',
    );
    const { spot, futures } = sim.accounts[0]!;
    for (const secretish of [spot.apiKey, spot.apiSecret, futures.apiKey, futures.apiSecret]) expect(auth.message).not.toContain(secretish);
    // The probe (a cancel of a client order id that cannot exist) is the only trading request.
    expect(uwsTrading()).toEqual(['cancel_order']);
    expect(sim.engine.futures.openOrders('uws-reader')).toEqual([]);
  });

  it('a Kraken key with order permissions starts on the same route, and its order rests on the venue', async () => {
    rig = await startFuturesRig(sim, { api: 'unified', account: 1 });
    expect(uwsTrading()[0]).toBe('cancel_order'); // the start-up probe, answered as an unknown order
    const order = rig.trader.orderFactory.limit(PF, 'BUY', Quantity.fromStr('0.0100'), Price.fromStr('20000'));
    await rig.trader.submitOrder(order);
    await until('accepted', () => order.status === 'ACCEPTED');
    expect(sim.engine.futures.openOrders('uws-trader').map((o) => o.cliOrdId)).toEqual([order.clientOrderId.value]);
  });
});
