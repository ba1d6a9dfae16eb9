/**
 * One Kraken execution client serving Spot and Futures against the simulator over real sockets,
 * through a TradingNode: one merged account state of both products' collateral, checked against
 * each venue's own figures with exact values (Spot BalanceEx total / hold / free with an order
 * holding funds; the Futures flex account's balances, margins and portfolio figures, and the
 * single-collateral margin accounts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { spotExecutionBuilder } from '../../../src/adapter/execution/spot/builder.js';
import type { KrakenExecutionClient } from '../../../src/adapter/execution/kraken-execution-client.js';
import type { AccountState } from '../../../src/model/account.js';
import { memorySink } from '../../../src/node/logger.js';
import { Topics } from '../../../src/node/message-bus.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, OrderRecorder, waitFor } from './exec-spot-rig.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { InstrumentId } from '../../../src/model/identifiers.js';

let sim: TestSim;
let node: TradingNode | null = null;
let n = 0;
beforeEach(async () => {
  n++;
  sim = await startTestSim({ market: false, accounts: [{ id: `merged-${process.pid}-${n}` }, { id: `merged-other-${process.pid}-${n}` }] });
});
afterEach(async () => {
  await node?.stop();
  node = null;
  await sim.close();
});

describe('one execution client for Spot and Futures', () => {
  it('publishes one merged account state: Spot BalanceEx and the Futures flex and margin accounts, exact, matching both venues', async () => {
    const account = sim.accounts[0]!;
    const urls = {
      baseUrlHttpSpot: sim.urls.spotRest,
      baseUrlWsSpot: sim.urls.spotWsAuth,
      baseUrlHttpFutures: sim.urls.futuresRest,
      baseUrlWsFutures: sim.urls.futuresWs,
      maxRetries: 0,
      maxRequestsPerSecond: 1000,
    };
    const env = {
      KRAKEN_SPOT_API_KEY: account.spot.apiKey,
      KRAKEN_SPOT_API_SECRET: account.spot.apiSecret,
      KRAKEN_FUTURES_API_KEY: account.futures.apiKey,
      KRAKEN_FUTURES_API_SECRET: account.futures.apiSecret,
    };
    const logs = memorySink();
    node = new TradingNode({
      dataClients: {
        KRAKEN: { productTypes: ['SPOT', 'FUTURES'], ...urls, baseUrlWsSpot: sim.urls.spotWsPublic, updateInstrumentsIntervalMins: null },
      },
      execClients: { KRAKEN: { productTypes: ['SPOT', 'FUTURES'], ...urls } },
      execEngine: { inflightCheckIntervalMs: null, openCheckIntervalSecs: null, positionCheckIntervalSecs: null },
      clock: sim.manual,
      logging: { level: 'INFO', sink: logs },
      timeoutConnectionSecs: 60,
    });
    node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
    node.addExecClientFactory(
      'KRAKEN',
      new KrakenLiveExecClientFactory({ env, builders: { SPOT: spotExecutionBuilder({ backoff: { initialMs: 10, maxMs: 50 } }) } }),
    );
    const strategy = new OrderRecorder();
    node.addStrategy(strategy);
    const states: AccountState[] = [];
    node.msgbus.subscribe(Topics.accounts(), (s) => states.push(s));
    await node.run();
    const client = node.execEngine.registeredClients[0] as KrakenExecutionClient;
    const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('50000.0'));
    await strategy.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');
    const PF = InstrumentId.fromStr('PF_XBTUSD.KRAKEN');
    const fut = strategy.orderFactory.limit(PF, 'BUY', Quantity.fromStr('0.0100'), Price.fromStr('50000'));
    await strategy.submitOrder(fut);
    await waitFor('futures accepted', () => fut.status === 'ACCEPTED');
    // Half of it fills: a position that needs margin, and an order still open.
    sim.engine.futures.sendOrder(sim.accounts[1]!.id, {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '0.0050',
      limitPrice: '50000',
    });
    await waitFor('futures partly filled', () => fut.status === 'PARTIALLY_FILLED');
    await client.refreshAccount();
    const state = states.at(-1)!;
    const figures = (st: AccountState) =>
      Object.fromEntries(st.balances.map((b) => [b.currency.code, [b.total.toString(), b.locked.toString(), b.free.toString()]]));

    // Exact figures: Spot BalanceEx (ZUSD 100000.0000 with 502.0000 held by the resting buy, fee
    // included) plus the Futures flex account (USD 100000 less the 0.05 fee of the fill; XBT 2).
    expect(state.accountType).toBe('MARGIN');
    expect(figures(state)).toEqual({
      USD: ['199999.9500 USD', '502.0000 USD', '199497.9500 USD'],
      BTC: ['12.0000000000 BTC', '0.0000000000 BTC', '12.0000000000 BTC'],
      ETH: ['100.0000000000 ETH', '0.0000000000 ETH', '100.0000000000 ETH'],
      USDT: ['100000.00000000 USDT', '0.00000000 USDT', '100000.00000000 USDT'],
      SOL: ['1000.0000000000 SOL', '0.0000000000 SOL', '1000.0000000000 SOL'],
    });
    // The flex account's margin (USD) and the single-collateral fi_xbtusd account's (BTC).
    expect(state.margins.map((m) => [m.initial.toString(), m.maintenance.toString()])).toEqual([
      ['6.00 USD', '3.00 USD'],
      ['0.0000000000 BTC', '0.0000000000 BTC'],
    ]);
    expect(state.info).toEqual({
      flex_portfolio_value: '220049.95',
      flex_balance_value: '219999.95',
      flex_collateral_value: '219999.95',
      flex_available_margin: '220038.95',
      flex_margin_equity: '220049.95',
      flex_initial_margin: '6.00',
      flex_initial_margin_with_orders: '11.00',
      flex_maintenance_margin: '3.00',
      flex_pnl: '50.00',
      flex_unrealized_funding: '0.00',
      flex_total_unrealized: '50.00',
    });

    // The same figures from each venue's own books.
    const spot = sim.engine.spot.balances(account.id);
    const flex = sim.engine.futures.accounts(account.id).flex;
    const usd = flex.currencies['USD']!;
    const dec = (t: string) => Decimal.fromStr(t);
    const usdBalance = state.balances.find((b) => b.currency.code === 'USD')!;
    expect(Decimal.from(usdBalance.total).compare(dec(spot['ZUSD']!.balance).add(dec(usd.quantity)))).toBe(0);
    expect(Decimal.from(usdBalance.locked).compare(dec(spot['ZUSD']!.holdTrade).add(dec(usd.quantity).sub(dec(usd.available))))).toBe(0);
    expect(Decimal.from(state.margins[0]!.initial).compare(dec(flex.initialMargin))).toBe(0);
    expect(Decimal.from(state.margins[0]!.maintenance).compare(dec(flex.maintenanceMargin))).toBe(0);
    expect(state.info['flex_available_margin']).toBe(flex.availableMargin);

    // Every state the node was sent was a merged one: never one product's figures alone.
    expect(states.length).toBeGreaterThan(1);
    for (const st of states) {
      expect(Object.keys(figures(st))).toContain('SOL');
      expect(st.info['flex_portfolio_value']).toBeDefined();
    }
  });
});
