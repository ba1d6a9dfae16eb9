import { describe, expect, it } from 'vitest';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { ClientOrderId, InstrumentId, StrategyId, Symbol, TradeId } from '../../../src/model/identifiers.js';
import { CryptoPerpetual } from '../../../src/model/instruments.js';
import { TradeTick } from '../../../src/model/market-data.js';
import { OrderDenied } from '../../../src/model/order-events.js';
import { Order } from '../../../src/model/order.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { BoundedFifoSet } from '../../../src/node/bounded-set.js';
import { Cache } from '../../../src/node/cache.js';
import { ManualClock } from '../../../src/core/clock.js';
import { NodeClock } from '../../../src/node/clock.js';
import { DataEngine } from '../../../src/node/data-engine.js';
import { createLogger, memorySink, REDACTED } from '../../../src/node/logger.js';
import { MessageBus, Topics } from '../../../src/node/message-bus.js';
import { RiskEngine } from '../../../src/node/risk-engine.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { BTCUSD, FakeDataClient, FakeExecClient, btcUsd } from './fake-venue.js';

const silent = createLogger('t', { level: 'OFF' });

function order(over: Partial<Parameters<typeof Order.create>[0]> = {}): Order {
  return Order.create({
    strategyId: new StrategyId('S-001'),
    instrumentId: BTCUSD,
    clientOrderId: new ClientOrderId(`C-${Math.random()}`),
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: Quantity.fromStr('0.01'),
    price: Price.fromStr('50000.0'),
    timeInForce: 'GTC',
    tsEvent: 0n,
    tsInit: 0n,
    ...over,
  });
}

describe('RiskEngine', () => {
  const cache = new Cache();
  cache.addInstrument(btcUsd());
  const risk = new RiskEngine(cache);
  const client = new FakeExecClient({
    name: 'KRAKEN',
    msgbus: new MessageBus(),
    cache,
    clock: new NodeClock(new ManualClock(0)),
    logger: silent,
    handler: {} as never,
  });

  it('passes a well-formed order', () => {
    expect(risk.checkSubmit(order(), client)).toBeNull();
  });
  it.each([
    ['price precision', { price: Price.fromStr('50000.05') }, /precision 2, above the instrument's price precision 1/],
    ['size precision', { quantity: Quantity.fromStr('0.000000001') }, /size precision 8/],
    ['min quantity', { quantity: Quantity.fromStr('0.00005') }, /below the minimum 0.0001/],
    [
      'min notional',
      { quantity: Quantity.fromStr('0.0001'), price: Price.fromStr('1.0') },
      /notional 0.00010 USD is below the minimum 0.50 USD/,
    ],
    ['leverage tier', { params: { leverage: 7 } }, /leverage 7 is not offered for BUY/],
    ['sell leverage tier', { side: 'SELL', params: { leverage: 5 } }, /tiers: 2, 3/],
  ] as const)('denies %s', (_name, over, message) => {
    expect(risk.checkSubmit(order(over as never), client)).toMatch(message);
  });
  it('denies an instrument that is not in the cache', () => {
    expect(risk.checkSubmit(order({ instrumentId: InstrumentId.fromStr('ETH/USD.KRAKEN') }), client)).toMatch(/not in the cache/);
  });
  it('accepts a leverage the pair offers', () => {
    expect(risk.checkSubmit(order({ params: { leverage: 5 } }), client)).toBeNull();
  });
  it('checks leverage against a cap where the instrument has one instead of tiers (a perpetual swap)', () => {
    const swapId = InstrumentId.fromStr('PF_XBTUSD.KRAKEN');
    const capped = new Cache();
    capped.addInstrument(
      new CryptoPerpetual({
        ...btcUsd(),
        id: swapId,
        rawSymbol: new Symbol('PF_XBTUSD'),
        leverageBuy: [],
        leverageSell: [],
        minNotional: null,
        maxLeverage: Decimal.fromStr('50'),
      }),
    );
    capped.addInstrument(new CryptoPerpetual({ ...btcUsd(), leverageBuy: [], leverageSell: [], minNotional: null }));
    const r = new RiskEngine(capped);
    const swap = (leverage: number | string) => order({ instrumentId: swapId, params: { leverage } });
    expect(r.checkSubmit(swap(1), client)).toBeNull();
    expect(r.checkSubmit(swap(50), client)).toBeNull();
    expect(r.checkSubmit(swap(2.5), client)).toBeNull();
    expect(r.checkSubmit(swap('12.5'), client)).toBeNull();
    expect(r.checkSubmit(swap(51), client)).toMatch(/leverage 51 is not offered for BUY on PF_XBTUSD.KRAKEN \(from 1 to 50\)/);
    expect(r.checkSubmit(swap(0.5), client)).toMatch(/from 1 to 50/);
    expect(r.checkSubmit(swap('x'), client)).toMatch(/from 1 to 50/);
    // Neither tiers nor a cap: no leverage at all.
    expect(r.checkSubmit(order({ params: { leverage: 2 } }), client)).toMatch(/tiers: none/);
  });
  it('asks the client whether it supports the shape', () => {
    client.unsupported = 'STOP_MARKET';
    expect(risk.checkSubmit(order({ orderType: 'STOP_MARKET', price: null, triggerPrice: Price.fromStr('40000.0') }), client)).toBe(
      'STOP_MARKET is not supported',
    );
    client.unsupported = null;
  });
  it('denies everything while HALTED and non-reduce-only while REDUCING', () => {
    risk.tradingState = 'HALTED';
    expect(risk.checkSubmit(order(), client)).toMatch(/HALTED/);
    risk.tradingState = 'REDUCING';
    expect(risk.checkSubmit(order(), client)).toMatch(/REDUCING/);
    expect(risk.checkSubmit(order({ reduceOnly: true }), client)).toBeNull();
    risk.tradingState = 'ACTIVE';
  });
  it('checks modifications', () => {
    const o = order();
    o.apply(
      new OrderDenied({
        strategyId: o.strategyId,
        instrumentId: BTCUSD,
        clientOrderId: o.clientOrderId,
        reason: 'x',
        tsEvent: 0n,
        tsInit: 0n,
      }),
    );
    expect(risk.checkModify(o, null, Price.fromStr('1.0'), null)).toMatch(/DENIED, not open/);
  });
});

describe('DataEngine', () => {
  function setup() {
    const bus = new MessageBus(silent);
    const cache = new Cache();
    const clock = new NodeClock(new ManualClock(5));
    const engine = new DataEngine(bus, cache, clock, silent);
    const client = new FakeDataClient({ name: 'KRAKEN', msgbus: bus, cache, clock, logger: silent, handler: engine.handler });
    engine.registerClient(client);
    return { bus, cache, engine, client };
  }

  it('asks the venue once per stream however many subscribers, and unsubscribes with the last', async () => {
    const { engine, client } = setup();
    await engine.subscribe('quotes', BTCUSD, BTCUSD.toString());
    await engine.subscribe('quotes', BTCUSD, BTCUSD.toString());
    expect(client.calls).toEqual(['quotes:BTC/USD.KRAKEN']);
    await engine.unsubscribe('quotes', BTCUSD, BTCUSD.toString());
    expect(client.calls).toHaveLength(1);
    await engine.unsubscribe('quotes', BTCUSD, BTCUSD.toString());
    expect(client.calls).toEqual(['quotes:BTC/USD.KRAKEN', '-quotes:BTC/USD.KRAKEN']);
  });

  it('refuses a stream the client does not implement, and forgets the failed subscription', async () => {
    const { engine } = setup();
    await expect(engine.subscribe('markPrices', BTCUSD, BTCUSD.toString())).rejects.toThrow(/does not support subscribeMarkPrices/);
    expect(engine.subscriptionCount('markPrices', BTCUSD.toString())).toBe(0);
  });

  it('builds INTERNAL bars from trades and sends EXTERNAL bar subscriptions to the venue', async () => {
    const { engine, client, bus } = setup();
    const internal = BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-INTERNAL');
    const bars: Bar[] = [];
    bus.subscribe(Topics.bars(internal), (b) => bars.push(b));
    await engine.subscribeBars(internal);
    await engine.subscribeBars(BarType.fromStr('BTC/USD.KRAKEN-5-MINUTE-LAST-EXTERNAL'));
    expect(client.calls).toEqual(['trades:BTC/USD.KRAKEN', 'bars:BTC/USD.KRAKEN-5-MINUTE-LAST-EXTERNAL']);
    const t = (ts: bigint, px: string) =>
      new TradeTick(BTCUSD, Price.fromStr(px), Quantity.fromStr('1'), 'SELLER', new TradeId(String(ts)), ts, ts);
    engine.process(t(60_000_000_000n, '10.0'));
    engine.process(t(119_999_999_999n, '11.0'));
    engine.process(t(120_000_000_000n, '12.0'));
    expect(bars.map((b) => b.toString())).toEqual(['BTC/USD.KRAKEN-1-MINUTE-LAST-INTERNAL,10.0,11.0,10.0,11.0,2,120000000000']);
    await engine.unsubscribeBars(internal);
    expect(client.calls).toContain('-trades:BTC/USD.KRAKEN');
  });
});

describe('MessageBus, logger, bounded set', () => {
  it('a throwing handler does not stop delivery to the others', () => {
    const sink = memorySink();
    const bus = new MessageBus(createLogger('bus', { sink }));
    const got: number[] = [];
    const topic = { name: 'x' } as const;
    bus.subscribe<number>(topic, () => {
      throw new Error('boom');
    });
    const off = bus.subscribe<number>(topic, (n) => got.push(n));
    bus.publish<number>(topic, 1);
    off();
    bus.publish<number>(topic, 2);
    expect(got).toEqual([1]);
    expect(sink.records[0]?.message).toMatch(/handler for x threw/);
  });

  it('redacts secret-named fields at any depth', () => {
    const sink = memorySink();
    const log = createLogger('c', { sink });
    log.info('hello', {
      apiSecret: 'CANARY-1',
      nested: { token: 'CANARY-2', 'API-Sign': 'CANARY-3', ok: 'visible' },
      list: [{ otp: 'CANARY-4' }],
      price: Price.fromStr('1.5'),
      n: 10n,
    });
    const text = JSON.stringify(sink.records);
    expect(text).not.toMatch(/CANARY/);
    expect(text).toContain(REDACTED);
    expect(text).toContain('visible');
    expect(text).toContain('"price":"1.5"');
  });

  it('filters below the configured level', () => {
    const sink = memorySink();
    const log = createLogger('c', { sink, level: 'WARNING' });
    log.info('no');
    log.warn('yes');
    expect(sink.records.map((r) => r.message)).toEqual(['yes']);
  });

  it('the FIFO set evicts the oldest key beyond capacity', () => {
    const s = new BoundedFifoSet(3);
    for (const k of ['a', 'b', 'c', 'd']) s.add(k);
    expect(s.has('a')).toBe(false);
    expect(s.toArray()).toEqual(['b', 'c', 'd']);
    expect(s.add('b')).toBe(false);
    expect(new BoundedFifoSet().capacity).toBeGreaterThanOrEqual(10_000);
  });

  it('a bad execEngine.dedupCapacity from user config is a KrakenValidationError', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new TradingNode({ execEngine: { dedupCapacity: bad }, logging: { level: 'OFF' } })).toThrow(KrakenValidationError);
    }
    expect(() => new BoundedFifoSet(0)).toThrow(/dedupCapacity/);
  });
});

describe('Decimal offsets in orders', () => {
  it('trailing offsets are exact decimals', () => {
    const o = order({
      orderType: 'TRAILING_STOP_MARKET',
      price: null,
      trailingOffset: Decimal.fromStr('25.5'),
      trailingOffsetType: 'PRICE',
    });
    expect(o.trailingOffset?.toString()).toBe('25.5');
  });
});
