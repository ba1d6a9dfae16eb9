/**
 * The node's periodic open-order check against the simulator, through a TradingNode on the
 * simulator's clock: an order placed outside the node (another client of the same key) is
 * adopted as an EXTERNAL order, and a fill the WS stream lost (the simulator drops the
 * executions report) is recovered from Kraken's records, once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenLiveDataClientFactory } from '../../../src/adapter/data/factory.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import { spotExecutionBuilder } from '../../../src/adapter/execution/spot/builder.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import { type ClientOrderId, VenueOrderId } from '../../../src/model/identifiers.js';
import type { OrderFilled } from '../../../src/model/order-events.js';
import { Money } from '../../../src/model/money.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { memorySink } from '../../../src/node/logger.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, OrderRecorder, simExecConfig, waitFor } from './exec-spot-rig.js';

const OPEN_CHECK_SECS = 30;

let sim: TestSim;
let node: TradingNode | null = null;
let strategy: OrderRecorder;
let logs: ReturnType<typeof memorySink>;
let account: string;
let simCount = 0;
const others: KrakenSpotRawHttpClient[] = [];

beforeEach(async () => {
  // Its own account (so its own key, limiter and nonce channel) per test.
  account = `recovery-${process.pid}-${++simCount}`;
  sim = await startTestSim({ market: false, accounts: [{ id: account, tier: 'intermediate' }, { id: 'maker' }] });
  logs = memorySink();
  node = new TradingNode({
    dataClients: {
      KRAKEN: {
        productTypes: ['SPOT'],
        baseUrlHttpSpot: sim.urls.spotRest,
        baseUrlWsSpot: sim.urls.spotWsPublic,
        maxRetries: 0,
        wsHeartbeatSecs: 3600,
      },
    },
    execClients: { KRAKEN: simExecConfig(sim, { rateLimitTier: 'intermediate', wsHeartbeatSecs: 3600 }) },
    execEngine: {
      reconciliation: true,
      openCheckIntervalSecs: OPEN_CHECK_SECS,
      positionCheckIntervalSecs: null,
      inflightCheckIntervalMs: null,
    },
    clock: sim.manual,
    logging: { level: 'DEBUG', sink: logs },
    timeoutConnectionSecs: 60,
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
  node.addExecClientFactory(
    'KRAKEN',
    new KrakenLiveExecClientFactory({
      env: {},
      builders: { SPOT: spotExecutionBuilder({ backoff: { initialMs: 10, maxMs: 50 }, wsIdleTimeoutSecs: 3600 }) },
    }),
  );
  strategy = new OrderRecorder();
  node.addStrategy(strategy);
  await node.run();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail')
    console.log(
      logs.records
        .slice(-40)
        .map((r) => `${r.level} ${r.component} ${r.message}`)
        .join('\n'),
    );
  for (const c of others.splice(0)) await c.close();
  await node?.stop();
  node = null;
  await sim.close();
});

/** Another client of the node's key in the same process, as an operator's script would be: it shares the key's limiter and nonces. */
function otherClient(): KrakenSpotRawHttpClient {
  const c = new KrakenSpotRawHttpClient({
    baseUrl: sim.urls.spotRest,
    apiKey: sim.credentials.spot.apiKey,
    apiSecret: sim.credentials.spot.apiSecret,
    clock: sim.manual,
    rateLimitTier: 'intermediate',
    maxRequestsPerSecond: 1000,
    maxRetries: 0,
  });
  others.push(c);
  return c;
}

function openCheckRequests(): number {
  return sim.requestLog.filter((r) => r.path === '/0/private/OpenOrders').length;
}

/** Moves the node's clock to the next open-order check and waits until the check has asked the venue. */
async function runOpenCheck(): Promise<void> {
  const before = openCheckRequests();
  sim.advance(OPEN_CHECK_SECS * 1000);
  await waitFor('the open-order check to ask the venue', () => openCheckRequests() > before);
}

function fillsOf(clientOrderId: ClientOrderId): OrderFilled[] {
  return strategy.events.filter((e): e is OrderFilled => e.kind === 'OrderFilled' && e.clientOrderId.equals(clientOrderId));
}

describe('the periodic open-order check, through a TradingNode', () => {
  it('adopts an order placed by another client of the key as EXTERNAL, and then follows it on the WS', async () => {
    const placed = await otherClient().addOrder({
      pair: 'XBTUSD',
      type: 'sell',
      ordertype: 'limit',
      price: '90000.0',
      volume: '0.002',
      cl_ord_id: 'outside-1',
    });
    const txid = new VenueOrderId(placed.txid![0]!);
    // The node's own order: its acknowledgement comes on the same executions stream after the outside order's report.
    const mine = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.001'), Price.fromStr('20000.0'));
    await strategy.submitOrder(mine);
    await waitFor('own order accepted', () => mine.status === 'ACCEPTED');
    expect(node!.cache.orderByVenueOrderId(txid)).toBeUndefined(); // the stream's report of an unknown order is left to the check

    await runOpenCheck();
    await waitFor('external order adopted', () => node!.cache.orderByVenueOrderId(txid) !== undefined);
    const adopted = node!.cache.orderByVenueOrderId(txid)!;
    expect([adopted.strategyId.value, adopted.clientOrderId.value, adopted.status, adopted.side, adopted.tags]).toEqual([
      'EXTERNAL',
      'outside-1',
      'ACCEPTED',
      'SELL',
      ['EXTERNAL'],
    ]);
    expect([adopted.quantity.compare(Quantity.fromStr('0.002')), adopted.price?.compare(Price.fromStr('90000.0'))]).toEqual([0, 0]);
    expect(node!.lastReconciliation?.externalOrders).toBe(0); // not there at startup: the periodic check found it
    expect(node!.cache.orders().filter((o) => o.strategyId.value === 'EXTERNAL')).toHaveLength(1);

    // Once adopted, the WS stream's reports apply to it: the maker lifts it.
    sim.engine.spot.addOrder('maker', {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.002',
      price: { kind: 'absolute', value: '90000.0' },
    });
    await waitFor('external order filled', () => adopted.status === 'FILLED');
    const venueTrades = sim.engine.spot.tradesHistory(account).trades.filter((t) => t.ordertxid === txid.value);
    expect(venueTrades).toHaveLength(1);
    expect(adopted.filledQty.compare(Quantity.fromStr('0.002'))).toBe(0);
    // A second check changes nothing: the adopted order is closed, nothing new is adopted.
    await runOpenCheck();
    expect(node!.cache.orders().filter((o) => o.strategyId.value === 'EXTERNAL')).toHaveLength(1);
    expect(mine.status).toBe('ACCEPTED');
  });

  it('recovers a fill the WS stream lost (the simulator dropped its executions report): applied once, with the venue trade id', async () => {
    const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.003'), Price.fromStr('21000.0'));
    await strategy.submitOrder(order);
    await waitFor('accepted', () => order.status === 'ACCEPTED');

    // Both of the fill's reports (the trade, then the order's new status): the stream shows no gap afterwards, so only the check can find it.
    sim.faults.dropWsMessages('spot-auth', 'executions', 2);
    sim.engine.spot.addOrder('maker', {
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'limit',
      volume: '0.003',
      price: { kind: 'absolute', value: '21000.0' },
    });
    const venueTrades = sim.engine.spot.tradesHistory(account).trades.filter((t) => t.ordertxid === order.venueOrderId?.value);
    expect(venueTrades).toHaveLength(1);
    const trade = venueTrades[0]!;
    // The drop rule is used up: the fill's report was never sent, so the node cannot have it.
    await waitFor('the executions report dropped', () => sim.faults.active().length === 0);
    expect([order.status, order.filledQty.isZero()]).toEqual(['ACCEPTED', true]);

    await runOpenCheck();
    await waitFor('fill recovered', () => order.status === 'FILLED');
    const fills = fillsOf(order.clientOrderId);
    expect(fills).toHaveLength(1);
    const fill = fills[0]!;
    expect([fill.tradeId.value, fill.lastQty.compare(Quantity.fromStr('0.003')), fill.lastPx.compare(Price.fromStr('21000.0'))]).toEqual([
      trade.txid,
      0,
      0,
    ]);
    expect(fill.reconciliation).toBe(true);
    expect(fill.commission?.compare(Money.fromStr(trade.fee, fill.commission.currency))).toBe(0);
    expect(fill.commission?.isZero()).toBe(false);
    expect(node!.cache.position(BTCUSD)?.signedQty.compare(Quantity.fromStr('0.003'))).toBe(0);
    expect(node!.execEngine.seenTradeIds.has(`KRAKEN:${trade.txid}`)).toBe(true);

    // The next check finds nothing missing: the fill stays applied once.
    await runOpenCheck();
    expect(fillsOf(order.clientOrderId)).toHaveLength(1);
    expect(node!.cache.position(BTCUSD)?.signedQty.compare(Quantity.fromStr('0.003'))).toBe(0);
    expect(logs.records.filter((r) => r.message.includes('executions sequence'))).toEqual([]);
  });
});
