import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { InstrumentId, Symbol } from '../../../src/model/identifiers.js';
import { CryptoFuture, CryptoPerpetual, CurrencyPair } from '../../../src/model/instruments.js';
import { FundingRateUpdate } from '../../../src/model/market-data.js';
import { Currency } from '../../../src/model/money.js';
import { Decimal, Price, Quantity } from '../../../src/model/values.js';

const common = {
  baseCurrency: Currency.from('BTC'),
  quoteCurrency: Currency.from('USD'),
  tsEvent: 0n,
  tsInit: 0n,
};

describe('instruments', () => {
  it('a spot pair rounds prices to its tick and quantities down to its step', () => {
    const pair = new CurrencyPair({
      ...common,
      id: InstrumentId.fromStr('BTC/USD.KRAKEN'),
      rawSymbol: new Symbol('XBTUSD'),
      pricePrecision: 1,
      sizePrecision: 8,
      priceIncrement: Price.fromStr('0.1'),
      sizeIncrement: Quantity.fromStr('0.00000001'),
    });
    expect(pair.makePrice('105944.25').toString()).toBe('105944.2');
    expect(pair.makeQty('0.123456789').toString()).toBe('0.12345678');
    expect(pair.notionalValue(Quantity.fromStr('0.5'), Price.fromStr('100.1')).toString()).toBe('50.05 USD');
    expect(pair.settlementCurrency.code).toBe('USD');
    expect(pair.instrumentClass).toBe('SPOT');
  });

  it('an inverse perpetual settles in base and computes notional as contracts / price', () => {
    const pi = new CryptoPerpetual({
      ...common,
      id: InstrumentId.fromStr('PI_XBTUSD.KRAKEN'),
      rawSymbol: new Symbol('PI_XBTUSD'),
      isInverse: true,
      pricePrecision: 1,
      sizePrecision: 0,
      priceIncrement: Price.fromStr('0.5'),
      sizeIncrement: Quantity.fromStr('1'),
      multiplier: Quantity.fromStr('1'),
    });
    expect(pi.isInverse).toBe(true);
    expect(pi.settlementCurrency.code).toBe('BTC');
    expect(pi.makePrice('100.7').toString()).toBe('100.5');
    expect(pi.notionalValue(Quantity.fromStr('10000'), Price.fromStr('50000.0')).toString()).toBe('0.20000000 BTC');
  });

  it('a dated future needs its expiry after its activation', () => {
    const base = {
      ...common,
      id: InstrumentId.fromStr('FI_XBTUSD_230929.KRAKEN'),
      rawSymbol: new Symbol('FI_XBTUSD_230929'),
      pricePrecision: 1,
      sizePrecision: 0,
      priceIncrement: Price.fromStr('0.5'),
      sizeIncrement: Quantity.fromStr('1'),
    };
    expect(new CryptoFuture({ ...base, activationNs: 1n, expirationNs: 2n }).expirationNs).toBe(2n);
    expect(() => new CryptoFuture({ ...base, activationNs: 2n, expirationNs: 2n })).toThrow(KrakenValidationError);
  });

  it('refuses increments finer than the precision', () => {
    expect(
      () =>
        new CurrencyPair({
          ...common,
          id: InstrumentId.fromStr('X/Y.KRAKEN'),
          rawSymbol: new Symbol('XY'),
          pricePrecision: 1,
          sizePrecision: 8,
          priceIncrement: Price.fromStr('0.01'),
          sizeIncrement: Quantity.fromStr('1'),
        }),
    ).toThrow(KrakenValidationError);
  });

  it('a funding rate update may have no interval (Kraken publishes none)', () => {
    const f = new FundingRateUpdate(InstrumentId.fromStr('PF_XBTUSD.KRAKEN'), Decimal.fromScientific('-1.2e-05'), 5n, null, 1n, 1n);
    expect(f.interval).toBeNull();
    expect(f.rate.toString()).toBe('-0.000012');
    expect(() => new FundingRateUpdate(f.instrumentId, f.rate, null, 0, 1n, 1n)).toThrow(KrakenValidationError);
  });
});
