import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { BarType } from '../../../src/model/bar.js';
import { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId } from '../../../src/model/identifiers.js';

describe('InstrumentId', () => {
  it.each([
    ['BTC/USD.KRAKEN', 'BTC/USD', 'KRAKEN'],
    ['ETH/BTC.KRAKEN', 'ETH/BTC', 'KRAKEN'],
    ['PI_XBTUSD.KRAKEN', 'PI_XBTUSD', 'KRAKEN'],
    ['PF_XBTUSD.KRAKEN', 'PF_XBTUSD', 'KRAKEN'],
    ['FI_XBTUSD_230929.KRAKEN', 'FI_XBTUSD_230929', 'KRAKEN'],
    ['A.B.C.KRAKEN', 'A.B.C', 'KRAKEN'],
  ])('%s round-trips (venue after the last dot)', (text, symbol, venue) => {
    const id = InstrumentId.fromStr(text);
    expect(id.symbol.value).toBe(symbol);
    expect(id.venue.value).toBe(venue);
    expect(id.toString()).toBe(text);
    expect(InstrumentId.fromStr(id.toString()).equals(id)).toBe(true);
  });

  it.each(['BTCUSD', '.KRAKEN', 'BTC/USD.', 'BTC USD.KRAKEN', ''])('rejects %j', (text) => {
    expect(() => InstrumentId.fromStr(text)).toThrow(KrakenValidationError);
  });
});

describe('other identifiers', () => {
  it('compare by class and value', () => {
    expect(new TradeId('1').equals(new TradeId('1'))).toBe(true);
    expect(new TradeId('1').equals(new ClientOrderId('1'))).toBe(false);
    expect(new AccountId('KRAKEN-SPOT').issuer).toBe('KRAKEN');
    expect(() => new AccountId('KRAKEN')).toThrow(KrakenValidationError);
    expect(StrategyId.EXTERNAL.isExternal).toBe(true);
  });
});

describe('BarType', () => {
  it.each([
    'BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL',
    'BTC/USD.KRAKEN-5-MINUTE-LAST-EXTERNAL',
    'ETH/BTC.KRAKEN-4-HOUR-BID-INTERNAL',
    'BTC/USD.KRAKEN-15-DAY-LAST-INTERNAL',
    'PF_XBTUSD.KRAKEN-1-WEEK-MID-EXTERNAL',
    'FI_XBTUSD_230929.KRAKEN-30-MINUTE-ASK-INTERNAL',
    'SOME-DASHED.VENUE-1-MINUTE-LAST-EXTERNAL',
  ])('%s round-trips', (text) => {
    expect(BarType.fromStr(text).toString()).toBe(text);
  });

  it('exposes its parts', () => {
    const bt = BarType.fromStr('BTC/USD.KRAKEN-15-DAY-LAST-INTERNAL');
    expect(bt.instrumentId.toString()).toBe('BTC/USD.KRAKEN');
    expect(bt.spec.step).toBe(15);
    expect(bt.spec.aggregation).toBe('DAY');
    expect(bt.spec.priceType).toBe('LAST');
    expect(bt.aggregationSource).toBe('INTERNAL');
    expect(bt.spec.intervalNs).toBe(15n * 86_400n * 1_000_000_000n);
  });

  it('defaults the source to EXTERNAL', () => {
    expect(BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST').aggregationSource).toBe('EXTERNAL');
  });

  it.each([
    'BTC/USD.KRAKEN-0-MINUTE-LAST-EXTERNAL',
    'BTC/USD.KRAKEN-1-MINUTES-LAST-EXTERNAL',
    'BTC/USD.KRAKEN-1-MINUTE-LAST-SOMEWHERE',
    'BTC/USD.KRAKEN-x-MINUTE-LAST',
    'BTC/USD.KRAKEN-1-MINUTE-CLOSE-EXTERNAL',
    '1-MINUTE-LAST-EXTERNAL',
  ])('rejects %j', (text) => {
    expect(() => BarType.fromStr(text)).toThrow(KrakenValidationError);
  });
});
