/** The Unified WS client's request shaping: asset_class where Kraken documents it, replay groups, once-per-connection channels. */
import { describe, expect, it } from 'vitest';
import { KrakenStateError } from '../../../src/core/errors.js';
import { encodeUwsRequest, expectedAnswers, withAssetClass } from '../../../src/kraken/unified/requests.js';
import { UwsSubscriptionRegistry } from '../../../src/kraken/unified/subscription-registry.js';

describe('withAssetClass', () => {
  it('adds the default where Kraken requires asset_class, derivatives on margin and positions, nothing on balances and cancel_all_orders_after', () => {
    expect(withAssetClass('subscribe', 'book', { symbol: ['PF_XBTUSD'] }, 'derivatives')).toEqual({
      symbol: ['PF_XBTUSD'],
      asset_class: 'derivatives',
    });
    expect(withAssetClass('subscribe', 'positions', {}, 'spot')).toEqual({ asset_class: 'derivatives' });
    expect(withAssetClass('subscribe', 'balances', {}, 'derivatives')).toEqual({});
    expect(withAssetClass('cancel_all_orders_after', '', { timeout: 60 }, 'derivatives')).toEqual({ timeout: 60 });
    expect(withAssetClass('add_order', '', { asset_class: 'spot' }, 'derivatives')).toEqual({ asset_class: 'spot' }); // the caller's wins
  });

  it('encodes decimals digit for digit and counts one answer per cancelled order', () => {
    const text = encodeUwsRequest(
      'add_order',
      {
        asset_class: 'derivatives',
        order_type: 'limit',
        side: 'buy',
        symbol: 'PF_XBTUSD',
        order_qty: '0.0100',
        limit_price: '61031.50',
        token: 't',
      },
      7,
    );
    expect(text).toContain('"order_qty":0.0100');
    expect(text).toContain('"limit_price":61031.50');
    expect(expectedAnswers('cancel_order', { order_id: ['a', 'b'], cl_ord_id: ['c'] })).toBe(3);
    expect(expectedAnswers('cancel_all', {})).toBe(1);
  });
});

describe('UwsSubscriptionRegistry', () => {
  it('groups by options with defaults filled, sends only new symbols, and forgets what an unsubscribe names', () => {
    const r = new UwsSubscriptionRegistry();
    expect(r.add('book', { asset_class: 'derivatives', symbol: ['PF_XBTUSD'] }).added).toEqual(['PF_XBTUSD']);
    expect(r.add('book', { asset_class: 'derivatives', symbol: ['PF_XBTUSD', 'PF_ETHUSD'], depth: 10 }).added).toEqual(['PF_ETHUSD']);
    r.add('ohlc', { asset_class: 'derivatives', symbol: ['PF_XBTUSD'], interval: 1, tick_type: 'mark' });
    r.add('ohlc', { asset_class: 'derivatives', symbol: ['PF_XBTUSD'], interval: 1 });
    expect(r.size).toBe(3);
    expect(r.remove('ohlc', { asset_class: 'derivatives', symbol: ['PF_XBTUSD'], interval: 1, tick_type: 'mark' })).toEqual([
      { channel: 'ohlc', identity: { asset_class: 'derivatives', interval: 1, tick_type: 'mark' }, symbols: ['PF_XBTUSD'] },
    ]);
    expect(r.groups().find((g) => g.channel === 'ohlc')?.options).toEqual({ asset_class: 'derivatives', interval: 1, tick_type: 'trade' });
  });

  it('keeps one margin and one positions subscription: the same again is a no-op, another is refused', () => {
    const r = new UwsSubscriptionRegistry();
    expect(r.add('positions', { asset_class: 'derivatives' }).added).toBeNull();
    expect(r.add('positions', { asset_class: 'derivatives' }).added).toEqual([]);
    expect(() => r.add('positions', { asset_class: 'derivatives', with_margin: true })).toThrow(KrakenStateError);
    r.add('executions', { asset_class: 'derivatives' });
    expect(() => r.add('executions', { asset_class: 'derivatives', snap_trades: true })).not.toThrow(); // executions has no such rule
  });
});
