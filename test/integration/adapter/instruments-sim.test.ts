/**
 * The instrument provider over real sockets against the simulator: every instrument it loads
 * matches the simulator's own pair, asset and product specs exactly, and a reload of an
 * unchanged venue reports no difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { CryptoFuture, CryptoPerpetual, CurrencyPair } from '../../../src/model/instruments.js';
import { Decimal } from '../../../src/model/values.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { adapterRig, type AdapterRig } from './helpers.js';

const key = (text: string) => Decimal.fromStr(text).key();
const fraction = (percent: string) => Decimal.fromStr(percent).div(Decimal.fromInt(100), 18).key();

let sim: TestSim;
let rig: AdapterRig;
beforeAll(async () => {
  sim = await startTestSim();
  rig = adapterRig(sim);
  // Loaded once for the file: every test reads the loaded cache, none depends on another having run.
  await rig.provider.loadAll();
});
afterAll(async () => {
  await rig.close();
  await sim.close();
});

describe('KrakenInstrumentProvider against the simulator', () => {
  it('loads every Spot pair exactly as the simulator specifies it', () => {
    const assets = new Map(sim.engine.spot.assets().map((a) => [a.id, a]));
    const pairs = sim.engine.spot.pairs();
    expect(pairs.length).toBeGreaterThanOrEqual(5);
    for (const spec of pairs) {
      const i = rig.provider.find(`${spec.symbol}.KRAKEN`);
      expect(i, spec.symbol).toBeInstanceOf(CurrencyPair);
      const info = rig.provider.info(`${spec.symbol}.KRAKEN`);
      expect(info?.product === 'SPOT' && [info.names.key, info.names.altname, info.names.wsname, info.venueStatus]).toEqual([
        spec.id,
        spec.altname,
        spec.wsname,
        spec.status,
      ]);
      expect(i!.rawSymbol.value).toBe(spec.altname);
      expect([i!.baseCurrency.code, i!.quoteCurrency.code]).toEqual([assets.get(spec.base)!.wsName, assets.get(spec.quote)!.wsName]);
      expect([i!.baseCurrency.precision, i!.quoteCurrency.precision]).toEqual([
        assets.get(spec.base)!.decimals,
        assets.get(spec.quote)!.decimals,
      ]);
      expect([i!.pricePrecision, i!.sizePrecision]).toEqual([spec.pairDecimals, spec.lotDecimals]);
      expect(i!.priceIncrement.key()).toBe(key(spec.tickSize));
      expect(i!.sizeIncrement.toString()).toBe(`0.${'0'.repeat(spec.lotDecimals - 1)}1`);
      expect(i!.minQuantity?.key()).toBe(key(spec.ordermin));
      expect(i!.minNotional?.amountString()).toBe(spec.costmin);
      expect(i!.minNotional?.currency.code).toBe(assets.get(spec.quote)!.wsName);
      expect(i!.takerFee.key()).toBe(fraction(spec.feesTaker[0]!.percent));
      expect(i!.makerFee.key()).toBe(fraction(spec.feesMaker[0]!.percent));
      expect([...i!.leverageBuy, '|', ...i!.leverageSell]).toEqual([...spec.leverageBuy, '|', ...spec.leverageSell]);
    }
  });

  it('loads every Futures product exactly as the simulator specifies it, ids native', () => {
    const products = sim.engine.futures.products();
    expect(products.length).toBeGreaterThanOrEqual(4);
    for (const spec of products) {
      const i = rig.provider.find(`${spec.symbol}.KRAKEN`);
      const perpetual = spec.symbol.startsWith('PI_') || spec.symbol.startsWith('PF_');
      expect(i, spec.symbol).toBeInstanceOf(perpetual ? CryptoPerpetual : CryptoFuture);
      expect(i!.rawSymbol.value).toBe(spec.symbol);
      expect(i!.isInverse).toBe(spec.type === 'futures_inverse');
      expect(i!.settlementCurrency.code).toBe(spec.settlementCurrency === 'XBT' ? 'BTC' : spec.settlementCurrency);
      expect(i!.baseCurrency.code).toBe(spec.base === 'XBT' ? 'BTC' : spec.base);
      expect(i!.priceIncrement.key()).toBe(key(spec.tickSize));
      expect(i!.multiplier.key()).toBe(key(spec.contractSize));
      expect(i!.sizePrecision).toBe(Math.max(0, spec.contractValueTradePrecision));
      expect(i!.sizeIncrement.key()).toBe(Decimal.fromRaw(1n, spec.contractValueTradePrecision).key());
      expect([i!.marginInit.key(), i!.marginMaint.key()]).toEqual([
        key(spec.marginLevels[0]!.initialMargin),
        key(spec.marginLevels[0]!.maintenanceMargin),
      ]);
      const info = rig.provider.info(`${spec.symbol}.KRAKEN`);
      expect(info?.product === 'FUTURES' && info.marginTiers.map((t) => [t.from.key(), t.initialMargin.key()])).toEqual(
        spec.marginLevels.map((l) => [String(l.contracts), key(l.initialMargin)]),
      );
      if (i instanceof CryptoFuture) {
        expect(i.expirationNs).toBe(BigInt(spec.lastTradingTimeMs!) * 1_000_000n);
        expect(i.activationNs).toBe(BigInt(spec.openingDateMs) * 1_000_000n);
      }
    }
    expect(rig.provider.list()).toHaveLength(sim.engine.spot.pairs().length + products.length);
  });

  it('serves the cached instruments from the HTTP clients too, and names an unknown one', async () => {
    expect(rig.spot.pairNames('BTC/USD.KRAKEN')?.key).toBe('XXBTZUSD');
    expect(rig.spot.instrument('ETH/BTC.KRAKEN')?.quoteCurrency.code).toBe('BTC');
    expect(rig.futures.instrument('PF_XBTUSD.KRAKEN')?.isInverse).toBe(false);
    await expect(rig.spot.requestOrderBookSnapshot('DOGE/USD.KRAKEN')).rejects.toThrow(KrakenValidationError);
    await expect(rig.futures.requestFundingRates('PF_NOPE.KRAKEN')).rejects.toThrow(/not a Kraken Futures instrument/);
  });

  it('a reload after nothing changed reports nothing', async () => {
    const r = await rig.provider.reload();
    expect([r.added.length, r.changed.length, r.delisted.length, r.failures.length]).toEqual([0, 0, 0, 0]);
  });
});
