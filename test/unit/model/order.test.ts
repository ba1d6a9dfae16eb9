import { describe, expect, it } from 'vitest';
import { KrakenStateError, KrakenValidationError } from '../../../src/core/errors.js';
import { ClientOrderId, InstrumentId, StrategyId } from '../../../src/model/identifiers.js';
import { Money } from '../../../src/model/money.js';
import { OrderFilled, OrderUpdated } from '../../../src/model/order-events.js';
import { Order } from '../../../src/model/order.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';
import { eventOf, fill, newOrder, orderIn } from './order-helpers.js';

describe('fills', () => {
  it('applies a fill that arrives before the acceptance (docs/reliability.md O4), then the late ack', () => {
    const o = orderIn('SUBMITTED');
    o.apply(fill('4', '100.0'));
    expect(o.status).toBe('PARTIALLY_FILLED');
    o.apply(eventOf('OrderAccepted'));
    expect(o.status).toBe('PARTIALLY_FILLED');
    o.apply(fill('6', '101.0'));
    expect(o.status).toBe('FILLED');
    expect(o.filledQty.toString()).toBe('10');
    expect(o.leavesQty.isZero()).toBe(true);
  });

  it('computes an exact average price', () => {
    const o = orderIn('ACCEPTED');
    o.apply(fill('1', '100.10'));
    o.apply(fill('2', '100.25'));
    // (100.10 + 200.50) / 3 = 100.2
    expect(o.avgPx?.toString()).toBe('100.2');
    expect(o.filledNotional.toString()).toBe('300.60');
  });

  it('rounds a non-terminating average half-even at fill precision + 8', () => {
    const o = orderIn('ACCEPTED');
    o.apply(fill('1', '1.00'));
    o.apply(fill('2', '2.00'));
    expect(o.avgPx?.toString()).toBe('1.6666666667');
  });

  it('refuses an overfill and a duplicate trade id, leaving the order untouched', () => {
    const o = orderIn('ACCEPTED');
    o.apply(fill('9', '100.0', 'T-A'));
    expect(() => o.apply(fill('2', '100.0'))).toThrow(/overfill/);
    expect(() => o.apply(fill('1', '100.0', 'T-A'))).toThrow(/duplicate fill/);
    expect(o.filledQty.toString()).toBe('9');
    expect(o.status).toBe('PARTIALLY_FILLED');
  });

  it('a late fill after a cancel counts, and completes the order when it fills it (docs/reliability.md O8)', () => {
    const o = orderIn('ACCEPTED');
    o.apply(fill('5'));
    o.apply(eventOf('OrderCanceled'));
    o.apply(fill('5'));
    expect(o.status).toBe('FILLED');
  });

  it('status and remainder come from quantities alone (docs/reliability.md O7): fills and an amend down to the filled size', () => {
    // A fill event carries no venue status word, only its size: Kraken may call the completing trade "partially_filled".
    expect(Object.keys(fill('4'))).not.toContain('status');
    const whole = orderIn('ACCEPTED');
    whole.apply(fill('10'));
    expect([whole.status, whole.filledQty.toString(), whole.leavesQty.toString()]).toEqual(['FILLED', '10', '0']);
    const parts = orderIn('ACCEPTED');
    parts.apply(fill('4'));
    expect([parts.status, parts.filledQty.toString(), parts.leavesQty.toString()]).toEqual(['PARTIALLY_FILLED', '4', '6']);
    parts.apply(fill('6', '100.0', 'T-2'));
    expect([parts.status, parts.leavesQty.toString()]).toEqual(['FILLED', '0']);
    // An amend that brings the order quantity down to what has filled completes it: no fill event, no status word.
    const amended = orderIn('ACCEPTED');
    amended.apply(fill('4'));
    amended.apply(eventOf('OrderPendingUpdate'));
    amended.apply(new OrderUpdated({ ...(eventOf('OrderUpdated') as OrderUpdated), quantity: Quantity.fromStr('4') }));
    expect([amended.status, amended.leavesQty.toString()]).toEqual(['FILLED', '0']);
  });

  it('sums commissions per currency', () => {
    const o = orderIn('ACCEPTED');
    const f = (q: string, c: string) => new OrderFilled({ ...fill(q), commission: Money.fromStr(c) });
    o.apply(f('1', '0.10 USD'));
    o.apply(f('1', '0.05 USD'));
    expect(o.commissions.map((m) => m.toString())).toEqual(['0.15 USD']);
  });
});

describe('pending states', () => {
  it('a modify rejection returns to the status before the request', () => {
    const o = orderIn('ACCEPTED');
    o.apply(fill('2'));
    o.apply(eventOf('OrderPendingUpdate'));
    o.apply(eventOf('OrderModifyRejected'));
    expect(o.status).toBe('PARTIALLY_FILLED');
  });
  it('pending update then pending cancel then cancel-rejected returns to the original status', () => {
    const o = orderIn('TRIGGERED');
    o.apply(eventOf('OrderPendingUpdate'));
    o.apply(eventOf('OrderPendingCancel'));
    o.apply(eventOf('OrderCancelRejected'));
    expect(o.status).toBe('TRIGGERED');
  });
  it('an update changes quantity and prices, and refuses a quantity below filled', () => {
    const o = orderIn('ACCEPTED');
    o.apply(fill('3'));
    o.apply(eventOf('OrderPendingUpdate'));
    o.apply(eventOf('OrderUpdated'));
    expect(o.price?.toString()).toBe('101.0');
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(o.isInflight).toBe(false);
  });
});

describe('shape validation', () => {
  const base = {
    strategyId: new StrategyId('S-001'),
    instrumentId: InstrumentId.fromStr('BTC/USD.KRAKEN'),
    clientOrderId: new ClientOrderId('X'),
    side: 'BUY' as const,
    quantity: Quantity.fromStr('1'),
    timeInForce: 'GTC' as const,
    tsEvent: 0n,
    tsInit: 0n,
  };
  it.each([
    ['LIMIT without price', { orderType: 'LIMIT' }],
    ['MARKET with price', { orderType: 'MARKET', price: Price.fromStr('1') }],
    ['STOP_MARKET without trigger', { orderType: 'STOP_MARKET' }],
    ['STOP_LIMIT without price', { orderType: 'STOP_LIMIT', triggerPrice: Price.fromStr('1') }],
    ['TRAILING_STOP_MARKET without offset', { orderType: 'TRAILING_STOP_MARKET' }],
    ['TRAILING_STOP_LIMIT without limit offset', { orderType: 'TRAILING_STOP_LIMIT', trailingOffset: Decimal.fromStr('1') }],
    ['GTD without expire time', { orderType: 'MARKET', timeInForce: 'GTD' }],
    ['post-only market', { orderType: 'MARKET', postOnly: true }],
    ['post-only IOC', { orderType: 'LIMIT', price: Price.fromStr('1'), postOnly: true, timeInForce: 'IOC' }],
    ['display qty above qty', { orderType: 'LIMIT', price: Price.fromStr('1'), displayQty: Quantity.fromStr('2') }],
    ['zero quantity', { orderType: 'MARKET', quantity: Quantity.fromStr('0') }],
  ])('refuses %s', (_name, extra) => {
    expect(() => Order.create({ ...base, ...extra } as Parameters<typeof Order.create>[0])).toThrow(KrakenValidationError);
  });

  it('accepts every legal shape', () => {
    expect(
      Order.create({ ...base, orderType: 'TRAILING_STOP_LIMIT', trailingOffset: Decimal.fromStr('10'), limitOffset: Decimal.fromStr('5') })
        .trailingOffsetType,
    ).toBe('PRICE');
    expect(Order.create({ ...base, orderType: 'LIMIT', price: Price.fromStr('1'), timeInForce: 'GTD', expireTime: 10n }).expireTime).toBe(
      10n,
    );
    expect(Order.create({ ...base, orderType: 'MARKET_IF_TOUCHED', triggerPrice: Price.fromStr('1') }).triggerType).toBe('DEFAULT');
  });

  it('refuses events for another order', () => {
    const o = newOrder();
    const other = Order.create({ ...base, orderType: 'MARKET' });
    expect(() => other.apply(eventOf('OrderSubmitted'))).toThrow(KrakenStateError);
    expect(o.status).toBe('INITIALIZED');
  });
});
