/**
 * Kraken Spot's trading statuses as order denials: the venue-wide status (the `status` channel's
 * `system`) and the pair's own (AssetPairs `status`), each allowing exactly the orders Kraken
 * documents for it.
 */
import { describe, expect, it } from 'vitest';
import { spotAmendRefusal, spotStatusRefusal, systemStatusOf } from '../../../../src/adapter/execution/spot/spot-trading-status.js';
import { ClientOrderId, InstrumentId, StrategyId } from '../../../../src/model/identifiers.js';
import { Order } from '../../../../src/model/order.js';
import type { OrderType } from '../../../../src/model/enums.js';
import { Price, Quantity } from '../../../../src/model/values.js';

const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');

function order(type: OrderType, extra: { postOnly?: boolean; reduceOnly?: boolean } = {}): Order {
  const limitLike = type === 'LIMIT' || type === 'STOP_LIMIT';
  const triggered = type === 'STOP_MARKET' || type === 'STOP_LIMIT';
  return Order.create({
    strategyId: new StrategyId('S-001'),
    instrumentId: BTCUSD,
    clientOrderId: new ClientOrderId(`O-${type}`),
    side: 'SELL',
    orderType: type,
    quantity: Quantity.fromStr('0.01'),
    timeInForce: type === 'MARKET' ? 'IOC' : 'GTC',
    ...(limitLike ? { price: Price.fromStr('50000.0') } : {}),
    ...(triggered ? { triggerPrice: Price.fromStr('50000.0') } : {}),
    ...extra,
    tsEvent: 0n,
    tsInit: 0n,
  });
}

const limit = order('LIMIT');
const postOnly = order('LIMIT', { postOnly: true });
const market = order('MARKET');
const stop = order('STOP_MARKET');
const stopLimit = order('STOP_LIMIT');
const reduceOnly = order('LIMIT', { reduceOnly: true });

describe('Kraken Spot trading status', () => {
  it('online allows everything', () => {
    for (const o of [limit, postOnly, market, stop, stopLimit, reduceOnly]) expect(spotStatusRefusal(o, 'online', 'online')).toBeNull();
  });

  it('venue-wide cancel_only and maintenance allow no new order; post_only only post-only limits', () => {
    for (const o of [limit, postOnly, market, stop]) {
      expect(spotStatusRefusal(o, 'cancel_only', 'online')).toBe(
        'Kraken Spot is cancel_only at Kraken: only cancels are accepted, no new orders',
      );
      expect(spotStatusRefusal(o, 'maintenance', 'online')).toBe('Kraken Spot is in maintenance at Kraken: no orders are accepted');
    }
    expect(spotStatusRefusal(postOnly, 'post_only', 'online')).toBeNull();
    for (const o of [limit, market, stop, stopLimit])
      expect(spotStatusRefusal(o, 'post_only', 'online')).toBe(
        'Kraken Spot is post_only at Kraken: only post-only limit orders are accepted',
      );
  });

  it("a pair's own status: cancel_only, post_only, limit_only, reduce_only, delisted", () => {
    expect(spotStatusRefusal(limit, 'online', 'cancel_only')).toBe(
      'BTC/USD.KRAKEN is cancel_only at Kraken: only cancels are accepted, no new orders',
    );
    expect(spotStatusRefusal(postOnly, 'online', 'post_only')).toBeNull();
    expect(spotStatusRefusal(limit, 'online', 'post_only')).toContain('only post-only limit orders');
    expect(spotStatusRefusal(limit, 'online', 'limit_only')).toBeNull();
    expect(spotStatusRefusal(postOnly, 'online', 'limit_only')).toBeNull();
    for (const o of [market, stop, stopLimit])
      expect(spotStatusRefusal(o, 'online', 'limit_only')).toBe('BTC/USD.KRAKEN is limit_only at Kraken: only limit orders are accepted');
    expect(spotStatusRefusal(reduceOnly, 'online', 'reduce_only')).toBeNull();
    expect(spotStatusRefusal(limit, 'online', 'reduce_only')).toBe(
      'BTC/USD.KRAKEN is reduce_only at Kraken: only reduce-only orders are accepted',
    );
    expect(spotStatusRefusal(limit, 'online', 'delisted')).toBe('BTC/USD.KRAKEN is delisted at Kraken');
    // The venue-wide status is named first when both refuse.
    expect(spotStatusRefusal(limit, 'cancel_only', 'limit_only')).toContain('Kraken Spot is cancel_only');
    // A status Kraken may add later is left to the venue.
    expect(spotStatusRefusal(limit, 'online', 'something_new')).toBeNull();
  });

  it('amends are refused only where nothing but cancels is taken', () => {
    expect(spotAmendRefusal('online', 'online', 'BTC/USD.KRAKEN')).toBeNull();
    expect(spotAmendRefusal('post_only', 'limit_only', 'BTC/USD.KRAKEN')).toBeNull();
    expect(spotAmendRefusal('cancel_only', 'online', 'BTC/USD.KRAKEN')).toBe(
      'Kraken Spot is cancel_only at Kraken: the order cannot be amended',
    );
    expect(spotAmendRefusal('online', 'cancel_only', 'BTC/USD.KRAKEN')).toBe(
      'BTC/USD.KRAKEN is cancel_only at Kraken: the order cannot be amended',
    );
  });

  it('reads the system status of a status frame, and nothing from anything else', () => {
    expect(systemStatusOf({ channel: 'status', type: 'update', data: [{ system: 'post_only', api_version: 'v2' }] })).toBe('post_only');
    expect(systemStatusOf({ channel: 'status', data: [{ system: 'unheard_of' }] })).toBeNull();
    expect(systemStatusOf({ channel: 'status', data: [] })).toBeNull();
    expect(systemStatusOf(null)).toBeNull();
  });
});
