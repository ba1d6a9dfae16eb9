/**
 * Kraken Spot REST response quirks, each pinned with the payload that shows it.
 */
import { describe, expect, it } from 'vitest';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import type { AddOrderBatchResult, AddOrderResult, ClosedOrdersResult } from '../../../generated/spot-rest/types.gen.js';
import { loadResult } from './fixture-files.js';

describe('order entry results', () => {
  it('AddOrderBatch: a leg rejected after batch validation has its own error, the envelope error stays empty', () => {
    const result = loadResult('http_post_add_order_batch_partial_failure.json') as AddOrderBatchResult;
    expect(responseValidators.AddOrderBatch(result)).toBe(true);
    expect(result.orders.map((o) => o.error ?? null)).toEqual([null, 'EOrder:Insufficient funds', null]);
    expect(result.orders[1]?.txid).toBeUndefined();
  });

  it('AddOrderBatch legs carry a scalar txid, AddOrder an array: each rejects the other form', () => {
    const batch = loadResult('http_post_add_order_batch.json') as AddOrderBatchResult;
    expect(typeof batch.orders[0]?.txid).toBe('string');
    expect(responseValidators.AddOrderBatch({ orders: [{ txid: ['O5OR23-ADFAD-Y2G61C'] }] })).toBe(false);
    expect(responseValidators.AddOrderBatch.errors?.[0]?.instancePath).toBe('/orders/0/txid');

    const single = loadResult('http_post_add_order.json') as AddOrderResult;
    expect(single.txid).toEqual(['OUF4EM-FRGI2-MQMWZD']);
    expect(responseValidators.AddOrder({ descr: { order: 'x' }, txid: 'OUF4EM-FRGI2-MQMWZD' })).toBe(false);
    expect(responseValidators.AddOrder.errors?.[0]?.instancePath).toBe('/txid');
  });

  it('AddOrderBatch with a close: Kraken’s example puts the close text beside descr, not inside it', () => {
    const batch = loadResult('http_post_add_order_batch.json') as AddOrderBatchResult;
    expect(responseValidators.AddOrderBatch(batch)).toBe(true);
    expect(batch.orders[0]?.close).toMatch(/^close position/);
    expect(batch.orders[0]?.descr?.close).toBeUndefined();
  });

  it('AddOrder with validate=true returns a description and no txid', () => {
    const result = loadResult('http_post_add_order_validate.json') as AddOrderResult;
    expect(responseValidators.AddOrder(result)).toBe(true);
    expect(result.txid).toBeUndefined();
  });

  it('CancelOrder may report the cancel as pending', () => {
    const result = loadResult('http_post_cancel_order_pending.json');
    expect(responseValidators.CancelOrder(result)).toBe(true);
    expect(result).toEqual({ count: 0, pending: true });
  });
});

describe('account data', () => {
  it('ClosedOrders: filled orders report reason null, cancelled ones a text; descr prices may be relative', () => {
    const result = loadResult('http_post_closed_orders.json') as ClosedOrdersResult;
    expect(responseValidators.ClosedOrders(result)).toBe(true);
    expect(result.closed['O6YDQ5-LOMWU-37YKEE']?.reason).toBeNull();
    expect(result.closed['O37652-RJWRT-IMO74O']?.reason).toBe('User requested');
    const open = loadResult('http_post_open_orders.json');
    expect(responseValidators.OpenOrders(open)).toBe(true);
  });

  it('OpenPositions: `net` carries an explicit "+" sign, which no plain decimal field accepts', () => {
    const result = loadResult('http_post_open_positions.json');
    expect(responseValidators.OpenPositions(result)).toBe(true);
    const position = result['TF5GVO-T7ZZ2-6NBKBI'] as Record<string, unknown>;
    expect(position['net']).toBe('+154186.9728');
    position['cost'] = '+104610.52842';
    expect(responseValidators.OpenPositions(result)).toBe(false);
    expect(responseValidators.OpenPositions.errors?.[0]?.instancePath).toBe('/TF5GVO-T7ZZ2-6NBKBI/cost');
  });

  it('TradeVolume fee tiers: the docs spell `minfee`/`tiervolume`, Kraken’s spec schema `min_fee`/`tier_volume`; both validate', () => {
    const documented = loadResult('http_post_trade_volume.json');
    expect(responseValidators.TradeVolume(documented)).toBe(true);
    const specSpelling = {
      currency: 'ZUSD',
      volume: '10.0',
      fees: {
        XXBTZUSD: {
          fee: '0.2600',
          min_fee: '0.1000',
          max_fee: '0.2600',
          next_fee: '0.2400',
          tier_volume: '0.0000',
          next_volume: '50000.0000',
        },
      },
    };
    expect(responseValidators.TradeVolume(specSpelling)).toBe(true);
    expect(specSpelling.fees.XXBTZUSD.min_fee).toBe('0.1000');
  });

  it('OrderAmends timestamps are Unix nanoseconds beyond 2^53 and stay exact digit text', () => {
    const result = loadResult('http_post_order_amends.json') as { amends: { timestamp: unknown }[] };
    expect(responseValidators.OrderAmends(result)).toBe(true);
    expect(result.amends.map((a) => a.timestamp)).toEqual(['1725282040151376544', '1725282081456120933']);
    expect(Number(result.amends[0]!.timestamp) > Number.MAX_SAFE_INTEGER).toBe(true);
  });

  it('BalanceEx is a map keyed by asset (Kraken’s spec models one property named "asset")', () => {
    const result = loadResult('http_post_balance_ex.json');
    expect(responseValidators.BalanceEx(result)).toBe(true);
    expect(Object.keys(result)).toEqual(['ZUSD', 'XXBT', 'XETH']);
    expect(responseValidators.BalanceEx({ ZUSD: '25435.21' })).toBe(false);
  });
});

describe('public data cursors', () => {
  it('Trades `last` is a nanosecond string; OHLC and Spread `last` are integers', () => {
    const trades = loadResult('http_get_trades.json');
    expect(typeof trades['last']).toBe('string');
    expect(responseValidators.Trades({ ...trades, last: 1688671969 })).toBe(false);

    const ohlc = loadResult('http_get_ohlc.json');
    expect(responseValidators.OHLC(ohlc)).toBe(true);
    expect(ohlc['last']).toBe(1688672160);
    expect(responseValidators.OHLC({ ...ohlc, last: '1688672160' })).toBe(false);
  });

  it('an OHLC row keeps integer time and count around exact decimal prices', () => {
    const ohlc = loadResult('http_get_ohlc.json');
    expect(responseValidators.OHLC(ohlc)).toBe(true);
    const rows = ohlc['XXBTZUSD'] as unknown[][];
    expect(rows[0]).toEqual([1688671200, '30306.1', '30306.2', '30305.7', '30305.7', '30306.1', '3.39243896', 23]);
    expect(responseValidators.OHLC({ XXBTZUSD: [[1688671200, '30306.1']], last: 1 })).toBe(false);
  });
});
