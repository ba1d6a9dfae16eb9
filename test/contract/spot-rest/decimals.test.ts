/**
 * Money never passes through a float: after `parseVenueJson` + the generated validator, every
 * `format: decimal` field holds the exact text Kraken sent (trailing zeros included), and safe
 * integers in decimal positions are normalised to strings.
 */
import { describe, expect, it } from 'vitest';
import { responseValidators } from '../../../generated/spot-rest/validators.gen.js';
import type {
  AssetPairsResult,
  BalanceResult,
  OpenOrdersResult,
  TickerResult,
  TradesResult,
  components,
  TradeVolumeResult,
} from '../../../generated/spot-rest/types.gen.js';
import { loadResult } from './fixture-files.js';

function validated<T>(op: keyof typeof responseValidators, file: string): T {
  const result = loadResult(file);
  expect(responseValidators[op](result)).toBe(true);
  return result as T;
}

describe('decimal fields stay exact strings', () => {
  it('order prices keep their trailing zeros ("37500.0" stays "37500.0")', () => {
    const { open } = validated<OpenOrdersResult>('OpenOrders', 'http_post_open_orders.json');
    const order = open['OB5VMB-B4U2U-DK2WRW']!;
    expect(order.stopprice).toBe('37500.0');
    expect(order.vol).toBe('0.10000000');
    expect(open['OQCLML-BW3P3-BUCMWZ']!.vol_exec).toBe('0.37500000');
  });

  it('fractional Unix-second timestamps are decimals, integers in decimal slots become strings', () => {
    const { open } = validated<OpenOrdersResult>('OpenOrders', 'http_post_open_orders.json');
    const order = open['OB5VMB-B4U2U-DK2WRW']!;
    expect(order.opentm).toBe('1688665899.5699');
    expect(order.starttm).toBe('0');
    expect(order.expiretm).toBe('1688752299');
  });

  it('AssetPairs fee tiers ([volume, percent] JSON numbers) come out as exact strings', () => {
    const pairs = validated<AssetPairsResult>('AssetPairs', 'http_get_asset_pairs.json');
    const xbt = pairs['XXBTZUSD']!;
    // JSON.parse would turn 0.40 into 0.4 and 0.0 into 0; the decoded text is kept instead.
    expect(xbt.fees?.[0]).toEqual(['0', '0.40']);
    expect(xbt.fees_maker?.[9]).toEqual(['10000000', '0.0']);
    expect(xbt.tick_size).toBe('0.1');
    expect(xbt.ordermin).toBe('0.00005');
    expect(xbt.leverage_buy).toEqual([2, 3, 4, 5]);
  });

  it('public trade times keep every digit', () => {
    const trades = validated<TradesResult>('Trades', 'http_get_trades.json');
    // The pair key shares the object with `last`, so index it as rows explicitly.
    const rows = trades['XXBTZUSD'] as unknown as components['schemas']['PublicTradeRow'][];
    const first = rows[0]!;
    expect(first[0]).toBe('30243.40000');
    expect(first[2]).toBe('1688669597.8277369');
    expect(first[6]).toBe(61044952);
    expect(trades.last).toBe('1688671969993150842');
  });

  it('ticker and balance strings are untouched', () => {
    const ticker = validated<TickerResult>('Ticker', 'http_get_ticker.json');
    expect(ticker['XXBTZUSD']!.a).toEqual(['30300.10000', '1', '1.000']);
    expect(ticker['XXBTZUSD']!.t).toEqual([34619, 38907]);
    const balance = validated<BalanceResult>('Balance', 'http_post_balance.json');
    expect(balance['XXBT']).toBe('1011.1908877900');
  });

  it('nullable decimals accept null and keep it', () => {
    const volume = validated<TradeVolumeResult>('TradeVolume', 'http_post_trade_volume.json');
    expect(volume.volume).toBe('200709587.4223');
    const tier = volume.fees?.['XXBTZUSD'];
    expect(tier?.nextfee).toBeNull();
    expect(tier?.tiervolume).toBe('10000000.0000');
  });

  it('a float that slipped past the lossless decoder is rejected, not rounded', () => {
    const result = loadResult('http_post_balance.json');
    result['XXBT'] = 0.5; // what JSON.parse would have produced
    const validate = responseValidators.Balance;
    expect(validate(result)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/XXBT');
  });
});
