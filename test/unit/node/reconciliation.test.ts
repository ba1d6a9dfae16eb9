import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, StrategyId, TradeId, VenueOrderId } from '../../../src/model/identifiers.js';
import { Money } from '../../../src/model/money.js';
import { OrderRejected } from '../../../src/model/order-events.js';
import { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../../../src/model/reports.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import type { OrderStatus } from '../../../src/model/enums.js';
import { ManualClock } from '../../../src/core/clock.js';
import { memorySink } from '../../../src/node/logger.js';
import { Strategy } from '../../../src/node/strategy.js';
import { TradingNode, type TradingNodeConfig } from '../../../src/node/trading-node.js';
import { BTCUSD, fakeFactories, type FakeExecClient } from './fake-venue.js';

const ACCOUNT = new AccountId('KRAKEN-001');

function orderReport(over: Partial<ConstructorParameters<typeof OrderStatusReport>[0]> & { status?: OrderStatus } = {}): OrderStatusReport {
  const { status, ...rest } = over;
  return new OrderStatusReport({
    accountId: ACCOUNT,
    instrumentId: BTCUSD,
    venueOrderId: new VenueOrderId('V-EXT-1'),
    orderSide: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    orderStatus: status ?? 'ACCEPTED',
    quantity: Quantity.fromStr('2.00000000'),
    filledQty: Quantity.fromStr('0'),
    price: Price.fromStr('100.0'),
    tsAccepted: 1n,
    tsLast: 2n,
    tsInit: 3n,
    ...rest,
  });
}

function fillReport(tradeId: string, qty: string, venueOrderId = 'V-EXT-1', px = '100.0'): FillReport {
  return new FillReport({
    accountId: ACCOUNT,
    instrumentId: BTCUSD,
    venueOrderId: new VenueOrderId(venueOrderId),
    tradeId: new TradeId(tradeId),
    orderSide: 'BUY',
    lastQty: Quantity.fromStr(qty),
    lastPx: Price.fromStr(px),
    commission: Money.fromStr('0.01 USD'),
    liquiditySide: 'MAKER',
    tsEvent: 5n,
    tsInit: 5n,
  });
}

class Idle extends Strategy {
  started = false;
  override onStart(): void {
    this.started = true;
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

function makeNode(setup: (c: FakeExecClient) => void, config: Partial<TradingNodeConfig> = {}) {
  const f = fakeFactories();
  f.exec.setup = (c) => {
    setup(c);
  };
  const clock = new ManualClock(1_000_000);
  const sink = memorySink();
  const node = new TradingNode({
    dataClients: { KRAKEN: {} },
    execClients: { KRAKEN: {} },
    clock,
    logging: { level: 'DEBUG', sink },
    ...config,
  });
  node.addDataClientFactory('KRAKEN', f.data);
  node.addExecClientFactory('KRAKEN', f.exec);
  const strategy = new Idle({ strategyId: 'IDLE-001' });
  node.addStrategy(strategy);
  node.build();
  return { node, clock, sink, strategy, exec: f.exec.last as FakeExecClient };
}

describe('startup reconciliation', () => {
  it('creates an order missing locally as EXTERNAL and accepts it', async () => {
    const { node, strategy } = makeNode((c) => {
      c.orderReports = [orderReport()];
    });
    await node.run();
    const order = node.cache.orderByVenueOrderId(new VenueOrderId('V-EXT-1'));
    expect(order?.strategyId.equals(StrategyId.EXTERNAL)).toBe(true);
    expect(order?.clientOrderId.value).toBe('EXT-V-EXT-1');
    expect(order?.status).toBe('ACCEPTED');
    expect(order?.tags).toContain('EXTERNAL');
    expect(node.lastReconciliation?.externalOrders).toBe(1);
    expect(strategy.started).toBe(true);
    await node.stop();
  });

  it('applies a venue fill exactly once even when it is delivered twice (and again live)', async () => {
    const { node, exec } = makeNode((c) => {
      c.orderReports = [orderReport({ status: 'PARTIALLY_FILLED', filledQty: Quantity.fromStr('0.5') })];
      c.fillReports = [fillReport('T-1', '0.5'), fillReport('T-1', '0.5')];
      c.positionReports = [
        new PositionStatusReport({
          accountId: ACCOUNT,
          instrumentId: BTCUSD,
          positionSide: 'LONG',
          quantity: Quantity.fromStr('0.5'),
          avgPxOpen: Decimal.fromStr('100'),
          tsLast: 1n,
          tsInit: 1n,
        }),
      ];
    });
    await node.run();
    const order = node.cache.orderByVenueOrderId(new VenueOrderId('V-EXT-1'));
    expect(order?.filledQty.toString()).toBe('0.50000000');
    expect(order?.status).toBe('PARTIALLY_FILLED');
    expect(node.lastReconciliation?.fillsApplied).toBe(1);
    expect(node.lastReconciliation?.inferredFills).toBe(0);
    // The same trade arrives again from a WS snapshot and as a live event.
    exec.ctx.handler.handleFillReport(fillReport('T-1', '0.5'));
    exec.ctx.handler.handleEvent(exec.fill(order!, new VenueOrderId('V-EXT-1'), Quantity.fromStr('0.5'), 'T-1'));
    expect(order?.filledQty.toString()).toBe('0.50000000');
    expect(node.cache.position(BTCUSD)?.quantity.toString()).toBe('0.50000000');
    await node.stop();
  });

  it('infers a missing fill with a deterministic trade id and the venue average price', async () => {
    const { node } = makeNode((c) => {
      c.orderReports = [orderReport({ status: 'FILLED', filledQty: Quantity.fromStr('2'), avgPx: Decimal.fromStr('101.05') })];
      c.fillReports = [fillReport('T-1', '1', 'V-EXT-1', '100.0')];
    });
    await node.run();
    const order = node.cache.orderByVenueOrderId(new VenueOrderId('V-EXT-1'))!;
    expect(order.status).toBe('FILLED');
    expect(order.tradeIds).toEqual(['T-1', 'RECON-V-EXT-1-2']);
    expect(order.avgPx?.toString()).toBe('101.05');
    await node.stop();
  });

  it('the real fill of an inferred one, arriving later from the feed, is noted without an error and counted once', async () => {
    const { node, exec, sink } = makeNode((c) => {
      c.orderReports = [orderReport({ status: 'FILLED', filledQty: Quantity.fromStr('2'), avgPx: Decimal.fromStr('101.05') })];
      c.fillReports = [fillReport('T-1', '1', 'V-EXT-1', '100.0')];
    });
    await node.run();
    const order = node.cache.orderByVenueOrderId(new VenueOrderId('V-EXT-1'))!;
    expect(order.tradeIds).toEqual(['T-1', 'RECON-V-EXT-1-2']);
    const positionBefore = node.cache.position(BTCUSD)?.quantity.toString();
    // The venue's record of the second fill, replayed by the feed after the order was closed.
    exec.ctx.handler.handleEvent(exec.fill(order, new VenueOrderId('V-EXT-1'), Quantity.fromStr('1'), 'T-2'));
    exec.ctx.handler.handleEvent(exec.fill(order, new VenueOrderId('V-EXT-1'), Quantity.fromStr('1'), 'T-2'));
    await flush();
    expect(order.filledQty.toString()).toBe('2.00000000');
    expect(order.tradeIds).toEqual(['T-1', 'RECON-V-EXT-1-2']);
    expect(node.cache.position(BTCUSD)?.quantity.toString()).toBe(positionBefore);
    expect(sink.records.filter((r) => r.level === 'ERROR').map((r) => r.message)).toEqual([]);
    expect(sink.records.filter((r) => r.message.includes('arrived after reconciliation inferred'))).toHaveLength(1);
    await node.stop();
  });

  it('a fill beyond a FILLED order with no inferred fill is still refused as an error', async () => {
    const { node, exec, sink } = makeNode((c) => {
      c.orderReports = [
        orderReport({
          status: 'FILLED',
          quantity: Quantity.fromStr('1'),
          filledQty: Quantity.fromStr('1'),
          avgPx: Decimal.fromStr('100.0'),
        }),
      ];
      c.fillReports = [fillReport('T-1', '1', 'V-EXT-1', '100.0')];
    });
    await node.run();
    const order = node.cache.orderByVenueOrderId(new VenueOrderId('V-EXT-1'))!;
    expect(order.tradeIds).toEqual(['T-1']);
    exec.ctx.handler.handleEvent(exec.fill(order, new VenueOrderId('V-EXT-1'), Quantity.fromStr('1'), 'T-9'));
    await flush();
    expect(order.filledQty.toString()).toBe('1');
    expect(sink.records.some((r) => r.level === 'ERROR' && r.message.includes('illegal in state FILLED'))).toBe(true);
    await node.stop();
  });

  it('corrects position drift and closes positions the venue no longer lists', async () => {
    const { node, exec } = makeNode((c) => {
      c.positionReports = [
        new PositionStatusReport({
          accountId: c.accountId,
          instrumentId: BTCUSD,
          positionSide: 'LONG',
          quantity: Quantity.fromStr('2'),
          avgPxOpen: Decimal.fromStr('100.5'),
          tsLast: 1n,
          tsInit: 1n,
        }),
      ];
    });
    const events: string[] = [];
    node.msgbus.subscribe({ name: 'events.position.*' }, (e: { kind: string; side: string }) => events.push(`${e.kind}:${e.side}`));
    await node.run();
    const p = node.cache.position(BTCUSD)!;
    expect(p.side).toBe('LONG');
    expect(p.quantity.toString()).toBe('2');
    expect(p.avgPxOpen?.toString()).toBe('100.5');
    // The venue closes it; the next position check flattens the local one.
    exec.positionReports = [];
    await node.execChecks.checkPositions();
    expect(p.side).toBe('FLAT');
    expect(p.quantity.isZero()).toBe(true);
    expect(events).toEqual(['PositionOpened:LONG', 'PositionClosed:FLAT']);
    await node.stop();
  });

  it('does not flatten positions of a CASH account that lists none', async () => {
    const { node, exec } = makeNode((c) => {
      c.accountType = 'CASH';
    });
    await node.run();
    node.execEngine.positionFor(BTCUSD, 8).applyFill('BUY', Quantity.fromStr('1'), Price.fromStr('100.0'), 1n);
    exec.positionReports = [];
    await node.execChecks.checkPositions();
    expect(node.cache.position(BTCUSD)?.side).toBe('LONG');
    await node.stop();
  });

  it('asks a mixed-product client per instrument whether a missing position means FLAT', async () => {
    const { node, exec } = makeNode((c) => {
      c.listsPositions = (id) => id.symbol.value.startsWith('PF_');
    });
    await node.run();
    node.execEngine.positionFor(BTCUSD, 8).applyFill('BUY', Quantity.fromStr('1'), Price.fromStr('100.0'), 1n);
    exec.positionReports = [];
    await node.execChecks.checkPositions();
    expect(node.cache.position(BTCUSD)?.side).toBe('LONG');
    await node.stop();
  });

  it('refuses to trade when reconciliation fails', async () => {
    const { node, strategy } = makeNode((c) => {
      c.fillReports = [fillReport('T-9', '1', 'V-UNKNOWN')];
    });
    await expect(node.run()).rejects.toThrow(/reconciliation failed, not trading/);
    expect(strategy.started).toBe(false);
    expect(node.state).toBe('STOPPED');
  });

  it('refuses to trade on an incomplete mass status (part of the history could not be read), naming the gap', async () => {
    const { node, strategy } = makeNode((c) => {
      const mass = new ExecutionMassStatus(c.clientId, c.accountId, c.venue, 1n);
      mass.markIncomplete('SPOT fills: page 2 failed');
      c.mass = mass;
    });
    await expect(node.run()).rejects.toThrow(/not trading: KRAKEN: mass status incomplete: SPOT fills: page 2 failed/);
    expect(strategy.started).toBe(false);
  });
});

describe('periodic checks', () => {
  it('the open-order check queries a local open order the venue no longer lists, and closes it', async () => {
    const { node, clock, exec, strategy } = makeNode(() => {}, {
      execEngine: { openCheckIntervalSecs: 30, inflightCheckIntervalMs: null },
    });
    await node.run();
    const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('1'), Price.fromStr('100.0'));
    await strategy.submitOrder(order);
    expect(order.status).toBe('ACCEPTED');
    const venueId = order.venueOrderId!;
    exec.orderReports = [
      orderReport({ venueOrderId: venueId, clientOrderId: order.clientOrderId, status: 'CANCELED', quantity: Quantity.fromStr('1') }),
    ];
    expect(exec.commands).not.toContain('reports');
    clock.advance(30_000);
    await flush();
    expect(exec.commands).toContain('reports');
    expect(exec.commands).toContain('report');
    expect(order.status).toBe('CANCELED');
    await node.stop();
  });

  it('an in-flight submit the venue never saw is rejected after the retries (docs/reliability.md O3)', async () => {
    const { node, clock, exec, strategy } = makeNode(() => {}, {
      execEngine: { inflightCheckIntervalMs: 1000, inflightCheckThresholdMs: 5000, inflightCheckRetries: 3 },
    });
    await node.run();
    exec.behaviour = 'timeout';
    const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('1'), Price.fromStr('100.0'));
    await strategy.submitOrder(order);
    expect(order.status).toBe('SUBMITTED'); // a timeout is not a rejection
    // Checks at +5 s and +6 s find nothing (attempts 1 and 2); +7 s is the third and last.
    for (let i = 0; i < 6; i++) {
      clock.advance(1_000);
      await flush();
    }
    expect(order.status).toBe('SUBMITTED');
    for (let i = 0; i < 1; i++) {
      clock.advance(1_000);
      await flush();
    }
    expect(order.status).toBe('REJECTED');
    expect((order.lastEvent as OrderRejected).reason).toMatch(/not found at the venue after 3/);
    await node.stop();
  });

  it('an in-flight submit the venue did accept is resolved to ACCEPTED', async () => {
    const { node, clock, exec, strategy } = makeNode(() => {}, {
      execEngine: { inflightCheckIntervalMs: 1000, inflightCheckThresholdMs: 2000 },
    });
    await node.run();
    exec.behaviour = 'silent';
    const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('1'), Price.fromStr('100.0'));
    await strategy.submitOrder(order);
    exec.orderReports = [
      orderReport({ venueOrderId: new VenueOrderId('V-LATE'), clientOrderId: order.clientOrderId, quantity: Quantity.fromStr('1') }),
    ];
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000);
      await flush();
    }
    expect(exec.commands.filter((c) => c === 'report')).toHaveLength(1);
    expect(order.status).toBe('ACCEPTED');
    expect(order.venueOrderId?.value).toBe('V-LATE');
    await node.stop();
  });

  it('a WS-timeout rejection is undone when the venue shows the order was accepted and filled', async () => {
    const { node, exec, strategy } = makeNode(() => {}, { execEngine: { openCheckIntervalSecs: 30, inflightCheckIntervalMs: null } });
    await node.run();
    exec.behaviour = 'silent';
    const order = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('1'), Price.fromStr('100.0'));
    await strategy.submitOrder(order);
    const ts = node.clock.timestampNs();
    exec.ctx.handler.handleEvent(
      new OrderRejected({
        strategyId: order.strategyId,
        instrumentId: BTCUSD,
        clientOrderId: order.clientOrderId,
        reason: 'ws timeout',
        timedOut: true,
        tsEvent: ts,
        tsInit: ts,
      }),
    );
    expect(order.status).toBe('REJECTED');
    const seen: string[] = [];
    node.msgbus.subscribe({ name: `events.order.${strategy.id.value}` }, (e: { kind: string }) => seen.push(e.kind));
    exec.orderReports = [
      orderReport({
        venueOrderId: new VenueOrderId('V-9'),
        clientOrderId: new ClientOrderId(order.clientOrderId.value),
        status: 'PARTIALLY_FILLED',
        quantity: Quantity.fromStr('1'),
        filledQty: Quantity.fromStr('0.4'),
      }),
    ];
    exec.fillReports = [fillReport('T-77', '0.4', 'V-9')];
    await node.execChecks.checkOpenOrders();
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(order.filledQty.toString()).toBe('0.4');
    expect(seen).toEqual(['OrderAccepted', 'OrderFilled']);
    await node.stop();
  });

  it('a WS-timeout rejection is checked like an in-flight order: restored if the venue filled it, else made final', async () => {
    const { node, clock, exec, strategy } = makeNode(() => {}, {
      execEngine: { inflightCheckIntervalMs: 1000, inflightCheckThresholdMs: 1000, inflightCheckRetries: 2 },
    });
    await node.run();
    exec.behaviour = 'silent';
    const filled = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('1'), Price.fromStr('100.0'));
    const lost = strategy.orderFactory.limit(BTCUSD, 'BUY', Quantity.fromStr('1'), Price.fromStr('100.0'));
    await strategy.submitOrder(filled);
    await strategy.submitOrder(lost);
    const ts = node.clock.timestampNs();
    for (const o of [filled, lost]) {
      exec.ctx.handler.handleEvent(
        new OrderRejected({
          strategyId: o.strategyId,
          instrumentId: BTCUSD,
          clientOrderId: o.clientOrderId,
          reason: 'ws timeout',
          timedOut: true,
          tsEvent: ts,
          tsInit: ts,
        }),
      );
    }
    exec.orderReports = [
      orderReport({
        venueOrderId: new VenueOrderId('V-F'),
        clientOrderId: filled.clientOrderId,
        status: 'FILLED',
        quantity: Quantity.fromStr('1'),
        filledQty: Quantity.fromStr('1'),
      }),
    ];
    exec.fillReports = [fillReport('T-F', '1', 'V-F')];
    for (let i = 0; i < 4; i++) {
      clock.advance(1_000);
      await flush();
    }
    expect(filled.status).toBe('FILLED');
    expect(filled.tradeIds).toEqual(['T-F']);
    expect(lost.status).toBe('REJECTED');
    expect(lost.isClosed).toBe(true);
    expect((lost.lastEvent as OrderRejected).timedOut).toBe(false);
    await node.stop();
  });
});
