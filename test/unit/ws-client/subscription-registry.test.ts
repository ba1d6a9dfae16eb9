import { describe, expect, it } from 'vitest';
import { SpotSubscriptionRegistry } from '../../../src/kraken/spot/ws/subscription-registry.js';
import { FuturesSubscriptionRegistry } from '../../../src/kraken/futures/ws/subscription-registry.js';

describe('SpotSubscriptionRegistry', () => {
  it('merges symbols of one channel+options into one group and reports only the new ones', () => {
    const r = new SpotSubscriptionRegistry();
    expect(r.add('book', { symbol: ['BTC/USD'], depth: 25 }).added).toEqual(['BTC/USD']);
    expect(r.add('book', { symbol: ['BTC/USD', 'ETH/USD', 'ETH/USD'], depth: 25 }).added).toEqual(['ETH/USD']);
    expect(r.groups()).toEqual([{ channel: 'book', options: { depth: 25 }, symbols: ['BTC/USD', 'ETH/USD'] }]);
  });

  it('fills documented defaults so an omitted depth equals depth 10', () => {
    const r = new SpotSubscriptionRegistry();
    r.add('book', { symbol: ['BTC/USD'] });
    expect(r.add('book', { symbol: ['BTC/USD'], depth: 10 }).added).toEqual([]);
    expect(r.groups()).toEqual([{ channel: 'book', options: { depth: 10 }, symbols: ['BTC/USD'] }]);
  });

  it('keeps different depths and intervals apart and unsubscribes only the matching one', () => {
    const r = new SpotSubscriptionRegistry();
    r.add('ohlc', { symbol: ['BTC/USD', 'ETH/USD'], interval: 1 });
    r.add('ohlc', { symbol: ['BTC/USD'], interval: 60, snapshot: false });
    const targets = r.remove('ohlc', { symbol: ['BTC/USD'], interval: 60 });
    expect(targets).toEqual([{ channel: 'ohlc', identity: { interval: 60 }, symbols: ['BTC/USD'] }]);
    expect(r.groups()).toEqual([{ channel: 'ohlc', options: { interval: 1 }, symbols: ['BTC/USD', 'ETH/USD'] }]);
  });

  it('unsubscribe carries only identifying options (not snapshot), and splits a group', () => {
    const r = new SpotSubscriptionRegistry();
    r.add('book', { symbol: ['A/USD', 'B/USD'], depth: 100, snapshot: true });
    expect(r.remove('book', { symbol: ['A/USD'], depth: 100 })).toEqual([
      { channel: 'book', identity: { depth: 100 }, symbols: ['A/USD'] },
    ]);
    expect(r.groups()[0]!.symbols).toEqual(['B/USD']);
    expect(r.remove('book', { symbol: ['A/USD'], depth: 100 })).toEqual([]); // already gone
    expect(r.remove('book', { symbol: ['B/USD'], depth: 100 })).toHaveLength(1);
    expect(r.size).toBe(0);
  });

  it('symbol-less channels (executions) are one group each; the token is never stored', () => {
    const r = new SpotSubscriptionRegistry();
    expect(r.add('executions', { snap_orders: true, token: 'SECRET' }).added).toBeNull();
    expect(r.add('executions', { snap_orders: true }).added).toEqual([]);
    expect(JSON.stringify(r.groups())).not.toContain('SECRET');
    expect(r.remove('executions', {})).toEqual([{ channel: 'executions', identity: {}, symbols: null }]);
  });

  it('forget() drops a refused symbol so a replay does not repeat the refusal', () => {
    const r = new SpotSubscriptionRegistry();
    const { options } = r.add('trade', { symbol: ['XBT/USD', 'BTC/USD'] });
    r.forget('trade', options, 'XBT/USD');
    expect(r.groups()[0]!.symbols).toEqual(['BTC/USD']);
  });
});

describe('FuturesSubscriptionRegistry', () => {
  it('merges and splits product_ids per feed; product-less feeds are single', () => {
    const r = new FuturesSubscriptionRegistry();
    expect(r.add('book', ['PF_XBTUSD'])).toEqual(['PF_XBTUSD']);
    expect(r.add('book', ['PF_XBTUSD', 'PF_ETHUSD'])).toEqual(['PF_ETHUSD']);
    expect(r.add('open_orders', undefined)).toBeNull();
    expect(r.add('open_orders', undefined)).toEqual([]);
    expect(r.remove('book', ['PF_XBTUSD', 'PF_SOLUSD'])).toEqual({ feed: 'book', productIds: ['PF_XBTUSD'] });
    expect(r.subscriptions()).toEqual([
      { feed: 'book', productIds: ['PF_ETHUSD'] },
      { feed: 'open_orders', productIds: null },
    ]);
    expect(r.remove('ticker', ['PF_XBTUSD'])).toBeUndefined();
  });
});
