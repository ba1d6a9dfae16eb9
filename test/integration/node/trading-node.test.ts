/**
 * A strategy runs inside a TradingNode against a fake venue: data in, orders out, events back.
 */
import { describe, expect, it } from 'vitest';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { TradeId } from '../../../src/model/identifiers.js';
import { QuoteTick, TradeTick } from '../../../src/model/market-data.js';
import type { OrderEvent } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { ManualClock } from '../../../src/core/clock.js';
import { memorySink } from '../../../src/node/logger.js';
import type { PositionEvent } from '../../../src/node/position-events.js';
import { Strategy } from '../../../src/node/strategy.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import { BTCUSD, fakeFactories } from '../../unit/node/fake-venue.js';

const BAR = BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-INTERNAL');
const MIN = 60_000_000_000n;

/** Buys on the first completed bar whose close is above its open; rests a limit sell above. */
class BreakoutStrategy extends Strategy {
  readonly events: string[] = [];
  readonly positions: string[] = [];
  readonly quotes: QuoteTick[] = [];
  readonly bars: Bar[] = [];
  entry: Order | null = null;
  exit: Order | null = null;

  override async onStart(): Promise<void> {
    await this.subscribeQuoteTicks(BTCUSD);
    await this.subscribeBars(BAR);
  }
  override onQuoteTick(tick: QuoteTick): void {
    this.quotes.push(tick);
  }
  override onBar(bar: Bar): void {
    this.bars.push(bar);
    if (this.entry === null && bar.close.gt(bar.open)) {
      this.entry = this.orderFactory.market(BTCUSD, 'BUY', Quantity.fromStr('0.01'));
      void this.submitOrder(this.entry, { useWsTrade: false });
    }
  }
  override onOrderEvent(event: OrderEvent): void {
    this.events.push(event.kind);
    if (event.kind === 'OrderFilled' && event.clientOrderId.equals(this.entry?.clientOrderId) && this.exit === null) {
      this.exit = this.orderFactory.limit(BTCUSD, 'SELL', Quantity.fromStr('0.01'), Price.fromStr('200.0'), { postOnly: true });
      void this.submitOrder(this.exit);
    }
  }
  override onPositionEvent(event: PositionEvent): void {
    this.positions.push(`${event.kind}:${event.side}:${event.quantity.toString()}`);
  }
}

function makeNode() {
  const f = fakeFactories();
  const sink = memorySink();
  const node = new TradingNode({
    dataClients: { KRAKEN: { productTypes: ['SPOT'] } },
    execClients: { KRAKEN: { productTypes: ['SPOT'] } },
    execEngine: { reconciliation: true, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
    clock: new ManualClock(Number((10n * MIN) / 1_000_000n)),
    logging: { level: 'DEBUG', sink },
  });
  node.addDataClientFactory('KRAKEN', f.data);
  node.addExecClientFactory('KRAKEN', f.exec);
  return { node, f, sink };
}

describe('TradingNode with a strategy and a fake venue', () => {
  it('data in, orders out, events back', async () => {
    const { node, f } = makeNode();
    const strategy = new BreakoutStrategy();
    node.addStrategy(strategy);
    await node.run();
    expect(node.state).toBe('RUNNING');
    const data = f.data.last!;
    const exec = f.exec.last!;
    exec.behaviour = 'fill';
    expect(data.calls).toEqual(['quotes:BTC/USD.KRAKEN', 'trades:BTC/USD.KRAKEN']);
    expect(node.cache.instrument(BTCUSD)).toBeDefined();

    const q = new QuoteTick(BTCUSD, Price.fromStr('99.9'), Price.fromStr('100.1'), Quantity.fromStr('1'), Quantity.fromStr('2'), 1n, 1n);
    data.ctx.handler.handleData(q);
    expect(strategy.quotes).toEqual([q]);
    expect(node.cache.quoteTick(BTCUSD)).toBe(q);

    const trade = (ts: bigint, px: string) =>
      new TradeTick(BTCUSD, Price.fromStr(px), Quantity.fromStr('0.5'), 'BUYER', new TradeId(`t${ts}`), ts, ts);
    data.ctx.handler.handleData(trade(20n * MIN + 1n, '100.0'));
    data.ctx.handler.handleData(trade(20n * MIN + 2n, '101.0'));
    expect(strategy.bars).toHaveLength(0);
    data.ctx.handler.handleData(trade(21n * MIN, '101.5')); // closes the 20th-minute bar
    expect(strategy.bars).toHaveLength(1);
    await new Promise((r) => setImmediate(r));

    expect(exec.commands[0]).toMatch(/^submit:.*\{"useWsTrade":false\}$/);
    expect(strategy.entry?.status).toBe('FILLED');
    expect(strategy.exit?.status).toBe('ACCEPTED');
    expect(strategy.events).toEqual([
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
      'OrderFilled',
      'OrderInitialized',
      'OrderSubmitted',
      'OrderAccepted',
    ]);
    expect(strategy.positions).toEqual(['PositionOpened:LONG:0.01000000']);

    // Cancel everything on the instrument; the venue confirms.
    await strategy.cancelAllOrders(BTCUSD);
    expect(strategy.exit?.status).toBe('CANCELED');
    expect(strategy.events.slice(-2)).toEqual(['OrderPendingCancel', 'OrderCanceled']);

    await node.stop();
    expect(node.state).toBe('STOPPED');
    expect(exec.isConnected).toBe(false);
    expect(data.calls).toContain('-quotes:BTC/USD.KRAKEN');
  });

  it('a denied order never reaches the venue; a venue rejection arrives as OrderRejected', async () => {
    const { node, f } = makeNode();
    const strategy = new BreakoutStrategy();
    node.addStrategy(strategy);
    await node.run();
    const exec = f.exec.last!;
    const tooPrecise = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('100.05'));
    await strategy.submitOrder(tooPrecise);
    expect(tooPrecise.status).toBe('DENIED');
    expect(exec.commands).toHaveLength(0);

    exec.behaviour = 'reject';
    const rejected = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('100.0'));
    await strategy.submitOrder(rejected);
    expect(rejected.status).toBe('REJECTED');
    expect(strategy.events).toEqual(['OrderInitialized', 'OrderDenied', 'OrderInitialized', 'OrderSubmitted', 'OrderRejected']);
    await node.stop();
  });

  it('cancel-all has no side filter and no strategy scope: every open order of the instrument goes, whoever placed it', async () => {
    const { node, f } = makeNode();
    const a = new BreakoutStrategy({ strategyId: 'A-001' });
    const b = new BreakoutStrategy({ strategyId: 'B-001' });
    node.addStrategy(a);
    node.addStrategy(b);
    await node.run();
    const orders = [
      a.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('90.0')),
      a.orderFactory.limit(BTCUSD, 'SELL', Quantity.fromStr('0.01'), Price.fromStr('210.0')),
      b.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('91.0')),
    ];
    await a.submitOrder(orders[0]!);
    await a.submitOrder(orders[1]!);
    await b.submitOrder(orders[2]!);
    expect(orders.map((o) => o.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    await a.cancelAllOrders(BTCUSD);
    expect(f.exec.last!.commands).toContain('cancelAll:BTC/USD.KRAKEN:3');
    expect(orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    await node.stop();
  });

  it('an order list is denied as a whole when one leg fails the checks', async () => {
    const { node, f } = makeNode();
    const strategy = new BreakoutStrategy();
    node.addStrategy(strategy);
    await node.run();
    const good = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('100.0'));
    const bad = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.00001'), Price.fromStr('100.0'));
    await strategy.submitOrderList([good, bad]);
    expect([good.status, bad.status]).toEqual(['DENIED', 'DENIED']);
    expect(f.exec.last!.commands).toHaveLength(0);
    await node.stop();
  });

  it('stops gracefully on SIGINT once handlers are installed, and removes them', async () => {
    const { node } = makeNode();
    await node.run();
    const before = process.listenerCount('SIGINT');
    const remove = node.installSignalHandlers(['SIGINT']);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    expect(node.state).toBe('STOPPING'); // the handler started the stop synchronously
    await node.stop(); // joins the stop in progress
    expect(node.state).toBe('STOPPED');
    expect(process.listenerCount('SIGINT')).toBe(before);
    remove();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('refuses to build without a factory for a configured client', () => {
    const node = new TradingNode({ dataClients: { KRAKEN: {} }, logging: { level: 'OFF' } });
    expect(() => node.build()).toThrow(/no data client factory registered for KRAKEN/);
  });
});

describe('one intent, one venue order', () => {
  it('submitting the same order object twice sends it once', async () => {
    const { node, f } = makeNode();
    const strategy = new BreakoutStrategy();
    node.addStrategy(strategy);
    await node.run();
    const o = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('0.01'), Price.fromStr('100.0'));
    await strategy.submitOrder(o);
    await strategy.submitOrder(o);
    await strategy.submitOrderList([o]);
    expect(f.exec.last!.commands.filter((c) => c.startsWith('submit:'))).toHaveLength(1);
    expect(o.status).toBe('ACCEPTED');
    await node.stop();
  });
});
