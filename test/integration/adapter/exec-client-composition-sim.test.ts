/**
 * `KrakenExecutionClient` as a composition of products, with the instruments loaded from the
 * simulator and each product replaced by a recording one: commands routed by `trades()`, order
 * lists split per product, one merged account state, mass status over a window with a
 * completeness flag, and a configured product without a builder refused at creation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKrakenExecClientConfig } from '../../../src/adapter/config-parse.js';
import type { ProductBuilders } from '../../../src/adapter/execution/exec-session.js';
import { KrakenLiveExecClientFactory } from '../../../src/adapter/execution/factory.js';
import type { KrakenExecutionClient } from '../../../src/adapter/execution/kraken-execution-client.js';
import type { ProductAccountSnapshot, ProductContext, ProductExecution } from '../../../src/adapter/execution/product-execution.js';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenStateError, KrakenValidationError } from '../../../src/core/errors.js';
import { AccountBalance, MarginBalance, type AccountState } from '../../../src/model/account.js';
import { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId, VenueOrderId } from '../../../src/model/identifiers.js';
import { Currency, Money } from '../../../src/model/money.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import { Order } from '../../../src/model/order.js';
import { FillReport, type OrderStatusReport, type PositionStatusReport } from '../../../src/model/reports.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { Cache } from '../../../src/node/cache.js';
import type { ExecClientContext, ReportQuery } from '../../../src/node/clients.js';
import { NodeClock } from '../../../src/node/clock.js';
import type { CancelAllOrders, SubmitOrder, SubmitOrderList } from '../../../src/node/commands.js';
import { createLogger } from '../../../src/node/logger.js';
import { MessageBus } from '../../../src/node/message-bus.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';

const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');
const ETHUSD = InstrumentId.fromStr('ETH/USD.KRAKEN');
const PF = InstrumentId.fromStr('PF_XBTUSD.KRAKEN');

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  await sim.close();
});

/** A product that records what reached it and answers from what the test gave it. */
class RecordingProduct implements ProductExecution {
  readonly calls: string[] = [];
  readonly lists: string[][] = [];
  account: ProductAccountSnapshot;
  failFills = false;
  orders: OrderStatusReport[] = [];
  fills: FillReport[] = [];
  fillQueries: ReportQuery[] = [];

  constructor(
    readonly product: 'SPOT' | 'FUTURES',
    readonly context: ProductContext<unknown>,
  ) {
    this.account = { balances: [], margins: [], info: {}, tsEvent: 1n };
  }
  trades(id: InstrumentId): boolean {
    return this.context.instruments.info(id)?.product === this.product;
  }
  connect(): Promise<void> {
    this.calls.push('connect');
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    this.calls.push('disconnect');
    return Promise.resolve();
  }
  listsPositions(): boolean {
    return this.product === 'FUTURES';
  }
  supports(order: Order) {
    return order.orderType === 'MARKET' ? { ok: false as const, reason: `${this.product} refuses` } : { ok: true as const };
  }
  submitOrder(c: SubmitOrder): Promise<void> {
    this.calls.push(`submit ${c.order.clientOrderId.value}`);
    return Promise.resolve();
  }
  submitOrderList(c: SubmitOrderList): Promise<void> {
    this.lists.push(c.orders.map((o) => o.clientOrderId.value));
    return Promise.resolve();
  }
  modifyOrder(): Promise<void> {
    this.calls.push('modify');
    return Promise.resolve();
  }
  cancelOrder(): Promise<void> {
    this.calls.push('cancel');
    return Promise.resolve();
  }
  cancelAllOrders(c: CancelAllOrders): Promise<void> {
    this.calls.push(`cancel-all ${c.instrumentId.toString()}`);
    return Promise.resolve();
  }
  generateOrderStatusReport(): Promise<OrderStatusReport | null> {
    return Promise.resolve(this.orders[0] ?? null);
  }
  generateOrderStatusReports(): Promise<OrderStatusReport[]> {
    return Promise.resolve(this.orders);
  }
  generateFillReports(q: ReportQuery): Promise<FillReport[]> {
    this.fillQueries.push(q);
    return this.failFills ? Promise.reject(new Error('TradesHistory page 3 failed')) : Promise.resolve(this.fills);
  }
  generatePositionStatusReports(): Promise<PositionStatusReport[]> {
    return Promise.resolve([]);
  }
  queryAccount(): Promise<ProductAccountSnapshot> {
    return Promise.resolve(this.account);
  }
}

interface Rig {
  client: KrakenExecutionClient;
  products: Map<string, RecordingProduct>;
  states: AccountState[];
  events: OrderEvent[];
  clock: ManualClock;
}

function rig(config: Record<string, unknown>, setup: (p: RecordingProduct) => void = () => {}): Rig {
  const products = new Map<string, RecordingProduct>();
  const states: AccountState[] = [];
  const events: OrderEvent[] = [];
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const log = createLogger('test', { level: 'OFF' });
  const context: ExecClientContext = {
    name: 'KRAKEN',
    msgbus: new MessageBus(),
    cache: new Cache(),
    clock: new NodeClock(clock),
    logger: log,
    handler: {
      handleEvent: (e) => events.push(e),
      handleAccountState: (s) => states.push(s),
      handleOrderStatusReport: () => {},
      handleFillReport: () => {},
    },
  };
  const build =
    (product: 'SPOT' | 'FUTURES') =>
    (ctx: ProductContext<unknown>): ProductExecution => {
      const p = new RecordingProduct(product, ctx);
      setup(p);
      products.set(product, p);
      return p;
    };
  const builders: ProductBuilders = { SPOT: build('SPOT'), FUTURES: build('FUTURES') };
  const client = new KrakenLiveExecClientFactory({ env: {}, builders }).create(
    'KRAKEN',
    {
      baseUrlHttpSpot: sim.urls.spotRest,
      baseUrlHttpFutures: sim.urls.futuresRest,
      maxRetries: 0,
      maxRequestsPerSecond: 100,
      ...config,
    },
    context,
  );
  return { client, products, states, events, clock };
}

function order(id: InstrumentId, coid: string, type: 'LIMIT' | 'MARKET' = 'LIMIT'): Order {
  return Order.create({
    strategyId: new StrategyId('S-001'),
    instrumentId: id,
    clientOrderId: new ClientOrderId(coid),
    side: 'BUY',
    orderType: type,
    quantity: Quantity.fromStr('1'),
    timeInForce: type === 'MARKET' ? 'IOC' : 'GTC',
    ...(type === 'LIMIT' ? { price: Price.fromStr('100') } : {}),
    tsEvent: 0n,
    tsInit: 0n,
  });
}

function submit(o: Order): SubmitOrder {
  return { kind: 'SubmitOrder', strategyId: o.strategyId, instrumentId: o.instrumentId, order: o, params: {}, tsInit: 0n };
}

describe('KrakenExecutionClient composition', () => {
  it('routes each command to the product that trades the instrument, and splits an order list per product', async () => {
    const r = rig({ productTypes: ['SPOT', 'FUTURES'] });
    await r.client.connect();
    const spot = r.products.get('SPOT')!;
    const futures = r.products.get('FUTURES')!;
    expect(spot.calls).toEqual(['connect']);
    await r.client.submitOrder(submit(order(BTCUSD, 'O-1')));
    await r.client.submitOrder(submit(order(PF, 'O-2')));
    const legs = [order(BTCUSD, 'L-1'), order(PF, 'L-2'), order(ETHUSD, 'L-3')];
    await r.client.submitOrderList({ ...submit(legs[0]!), kind: 'SubmitOrderList', orders: legs });
    await r.client.cancelAllOrders({ ...submit(legs[0]!), kind: 'CancelAllOrders', instrumentId: PF, orders: [] });
    expect(spot.calls).toEqual(['connect', 'submit O-1']);
    expect(futures.calls).toEqual(['connect', 'submit O-2', 'cancel-all PF_XBTUSD.KRAKEN']);
    expect(spot.lists).toEqual([['L-1', 'L-3']]);
    expect(futures.lists).toEqual([['L-2']]);
    expect(r.client.supports(order(BTCUSD, 'M-1', 'MARKET'))).toEqual({ ok: false, reason: 'SPOT refuses' });
    expect(r.client.listsPositions(PF)).toBe(true);
    expect(r.client.listsPositions(BTCUSD)).toBe(false);
    await r.client.disconnect();
    expect(spot.calls.at(-1)).toBe('disconnect');
    expect(r.client.isConnected).toBe(false);
  });

  it('refuses an instrument no configured product trades: denied in supports(), a validation error on a command', async () => {
    const r = rig({ productTypes: ['SPOT'] });
    await r.client.connect();
    const support = r.client.supports(order(PF, 'O-1'));
    expect(support.ok).toBe(false);
    expect(!support.ok && support.reason).toContain('PF_XBTUSD.KRAKEN is not an instrument of the configured Kraken products (SPOT)');
    await expect(r.client.submitOrder(submit(order(PF, 'O-1')))).rejects.toBeInstanceOf(KrakenValidationError);
    await r.client.disconnect();
  });

  it('publishes one account state merging both products: balances of a currency summed exactly, margins listed, colliding info keys prefixed', async () => {
    const usd = Currency.from('USD');
    const r = rig({ productTypes: ['SPOT', 'FUTURES'] }, (p) => {
      p.account =
        p.product === 'SPOT'
          ? {
              balances: [new AccountBalance(Money.fromStr('100.25', usd), Money.fromStr('0.25', usd), Money.fromStr('100.00', usd))],
              margins: [],
              info: { equity: '100.25', asset: 'ZUSD' },
              tsEvent: 5n,
            }
          : {
              balances: [AccountBalance.ofTotal(Money.fromStr('50.5', usd))],
              margins: [new MarginBalance(Money.fromStr('10', usd), Money.fromStr('5', usd), PF)],
              info: { equity: '50.5', portfolio_value: '50.5' },
              tsEvent: 7n,
            };
    });
    await r.client.connect();
    expect(r.client.accountType).toBe('MARGIN');
    const state = r.states.at(-1)!;
    expect(state.balances.map((b) => [b.total.toString(), b.locked.toString(), b.free.toString()])).toEqual([
      ['150.75 USD', '0.25 USD', '150.50 USD'],
    ]);
    expect(state.margins).toHaveLength(1);
    expect(state.info).toEqual({ spot_equity: '100.25', asset: 'ZUSD', futures_equity: '50.5', portfolio_value: '50.5' });
    expect(state.tsEvent).toBe(7n);
    // A product pushing new figures republishes the merged state.
    const spot = r.products.get('SPOT')!;
    spot.context.handler.handleAccount({ ...spot.account, balances: [AccountBalance.ofTotal(Money.fromStr('1', usd))] });
    expect(r.states.at(-1)!.balances[0]!.total.toString()).toBe('51.5 USD');
    await r.client.disconnect();
  });

  it('mass status covers the lookback window; a product whose history failed makes it incomplete, never silently shorter', async () => {
    const usd = Currency.from('USD');
    const fill = new FillReport({
      accountId: new AccountId('KRAKEN-001'),
      instrumentId: PF,
      venueOrderId: new VenueOrderId('F-1'),
      tradeId: new TradeId('T-1'),
      orderSide: 'BUY',
      lastQty: Quantity.fromStr('1'),
      lastPx: Price.fromStr('100'),
      commission: Money.fromStr('0.01', usd),
      liquiditySide: 'MAKER',
      tsEvent: 1n,
      tsInit: 1n,
    });
    const r = rig({ productTypes: ['SPOT', 'FUTURES'] }, (p) => {
      if (p.product === 'SPOT') p.failFills = true;
      else p.fills = [fill];
    });
    await r.client.connect();
    const mass = (await r.client.generateMassStatus(90))!;
    const now = BigInt(r.clock.nowMs()) * 1_000_000n;
    expect(mass.windowEnd).toBe(now);
    expect(mass.windowStart).toBe(now - 90n * 60n * 1_000_000_000n);
    // Read from the window's start with no end: a node whose clock runs behind Kraken's must still see the newest fills.
    expect(r.products.get('FUTURES')!.fillQueries).toEqual([{ start: mass.windowStart, end: null }]);
    expect(mass.complete).toBe(false);
    expect(mass.gaps).toEqual(['SPOT fills: TradesHistory page 3 failed']);
    expect(mass.fillReports).toEqual([fill]);
    const all = (await r.client.generateMassStatus(null))!;
    expect(all.windowStart).toBeNull();
    r.products.get('SPOT')!.failFills = false;
    expect((await r.client.generateMassStatus(null))!.complete).toBe(true);
    await r.client.disconnect();
  });

  it('refuses at creation a configured product that has no builder', () => {
    const context = { clock: new NodeClock(new ManualClock(0)) } as unknown as ExecClientContext;
    const config = parseKrakenExecClientConfig({ productTypes: ['FUTURES'] }, { env: {} });
    const factory = new KrakenLiveExecClientFactory({ env: {}, builders: { FUTURES: null } });
    expect(() => factory.create('KRAKEN', { productTypes: config.productTypes }, context)).toThrow(KrakenStateError);
    expect(() => factory.create('KRAKEN', { productTypes: ['FUTURES'] }, context)).toThrow(/FUTURES is not available/);
  });
});
