/**
 * Instrument parsing on full-envelope fixtures: ours (written from Kraken's documented formats)
 * and the third-party recordings in ../shared (skipped with a message when absent). Every value
 * is compared as exact text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InstrumentsResult } from '../../../generated/futures-rest/types.gen.js';
import { responseValidators as futuresValidators } from '../../../generated/futures-rest/validators.gen.js';
import type { AssetPairsResult, AssetsResult } from '../../../generated/spot-rest/types.gen.js';
import { responseValidators as spotValidators } from '../../../generated/spot-rest/validators.gen.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { currencySpecsFromAssets, specsByCode } from '../../../src/adapter/instruments/currencies.js';
import { parseFuturesInstruments } from '../../../src/adapter/instruments/futures-instruments.js';
import { parseSpotInstruments } from '../../../src/adapter/instruments/spot-instruments.js';
import { CryptoFuture, CryptoPerpetual, CurrencyPair, type Instrument } from '../../../src/model/instruments.js';
import { validateOrThrow, type Validator } from '../../../src/transport/validation.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(root, '../shared/fixtures/kraken');
const TS = 1_700_000_000_000_000_000n;

function spotResult<T>(file: string, op: 'AssetPairs' | 'Assets'): T {
  const body = parseVenueJson(readFileSync(file, 'utf8')) as { error: unknown[]; result: unknown };
  expect(body.error).toEqual([]);
  const validator: Validator = spotValidators[op];
  return validateOrThrow(validator, body.result, op, op) as T;
}

function futuresBody(file: string): InstrumentsResult {
  return validateOrThrow<InstrumentsResult>(
    futuresValidators.instruments,
    parseVenueJson(readFileSync(file, 'utf8')),
    'instruments',
    'instruments',
  );
}

/** Every field of an instrument as text: what the tests compare. */
function facts(i: Instrument): Record<string, unknown> {
  return {
    class: i.constructor.name,
    id: i.id.toString(),
    rawSymbol: i.rawSymbol.value,
    base: `${i.baseCurrency.code}:${i.baseCurrency.precision}`,
    quote: `${i.quoteCurrency.code}:${i.quoteCurrency.precision}`,
    settlement: i.settlementCurrency.code,
    inverse: i.isInverse,
    pricePrecision: i.pricePrecision,
    sizePrecision: i.sizePrecision,
    tick: i.priceIncrement.toString(),
    step: i.sizeIncrement.toString(),
    multiplier: i.multiplier.toString(),
    minQuantity: i.minQuantity?.toString() ?? null,
    minNotional: i.minNotional?.toString() ?? null,
    maker: i.makerFee.toString(),
    taker: i.takerFee.toString(),
    marginInit: i.marginInit.toString(),
    marginMaint: i.marginMaint.toString(),
    leverageBuy: [...i.leverageBuy],
    leverageSell: [...i.leverageSell],
    ...(i instanceof CryptoFuture ? { activationNs: i.activationNs, expirationNs: i.expirationNs } : {}),
  };
}

describe('Spot instruments from AssetPairs + Assets (our fixtures)', () => {
  const pairs = spotResult<AssetPairsResult>(path.join(root, 'fixtures/spot/http/http_get_asset_pairs.json'), 'AssetPairs');
  const assets = spotResult<AssetsResult>(path.join(root, 'fixtures/spot/http/http_get_assets.json'), 'Assets');
  const parsed = parseSpotInstruments(pairs, assets, TS);

  it('builds one CurrencyPair per pair with normalised ids and currency precision from Assets decimals', () => {
    expect(parsed.failures).toEqual([]);
    const [btc, eth] = parsed.instruments;
    expect(btc?.instrument).toBeInstanceOf(CurrencyPair);
    expect(facts(btc!.instrument)).toEqual({
      class: 'CurrencyPair',
      id: 'BTC/USD.KRAKEN',
      rawSymbol: 'XBTUSD',
      base: 'BTC:10',
      quote: 'USD:4',
      settlement: 'USD',
      inverse: false,
      pricePrecision: 1,
      sizePrecision: 8,
      tick: '0.1',
      step: '0.00000001',
      multiplier: '1',
      minQuantity: '0.00005000',
      minNotional: '0.5 USD',
      maker: '0.0025',
      taker: '0.0040',
      marginInit: '0',
      marginMaint: '0',
      leverageBuy: [2, 3, 4, 5],
      leverageSell: [2, 3, 4, 5],
    });
    expect(btc?.venueStatus).toBe('online');
    expect(btc?.names).toMatchObject({ key: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD', symbol: 'BTC/USD' });
    expect(facts(eth!.instrument)).toMatchObject({
      id: 'ETH/BTC.KRAKEN',
      rawSymbol: 'ETHXBT',
      quote: 'BTC:10',
      pricePrecision: 5,
      tick: '0.00001',
      minQuantity: '0.00200000',
      minNotional: '0.00002 BTC',
      leverageBuy: [],
    });
    expect(eth?.venueStatus).toBe('post_only');
  });

  it('takes the currency precision from Kraken, not a default of 8', () => {
    const specs = currencySpecsFromAssets(assets);
    expect(specs.get('ZUSD')).toEqual({ code: 'USD', precision: 4, currencyType: 'FIAT' });
    expect(specs.get('XXBT')).toEqual({ code: 'BTC', precision: 10, currencyType: 'CRYPTO' });
    expect(specsByCode(specs).get('ADA')?.precision).toBe(8);
  });

  it('keeps a bad entry out without failing the others, and says why', () => {
    const broken = { ...pairs, BADPAIR: { altname: 'BADUSD', wsname: 'BAD/USD', base: 'BAD', quote: 'ZUSD', lot_decimals: 8 } };
    const r = parseSpotInstruments(broken, assets, TS);
    expect(r.instruments.map((i) => i.instrument.id.toString())).toEqual(['BTC/USD.KRAKEN', 'ETH/BTC.KRAKEN']);
    expect(r.failures).toEqual([{ name: 'BADPAIR', reason: expect.stringContaining('/result/BADPAIR/pair_decimals') as unknown }]);
  });

  it('refuses an ordermin finer than the lot decimals rather than rounding it', () => {
    const finer = { XXBTZUSD: { ...pairs['XXBTZUSD'], ordermin: '0.000000001' } } as AssetPairsResult;
    expect(parseSpotInstruments(finer, assets, TS).failures[0]?.reason).toMatch(/ordermin.*more than the instrument's 8 decimals/);
  });
});

describe('Futures instruments (our fixture)', () => {
  const body = futuresBody(path.join(root, 'fixtures/futures/http/http_get_instruments.json'));
  const parsed = parseFuturesInstruments(body, new Map(), TS);

  it('PF_ is a linear perpetual, PI_ an inverse one, FI_ an inverse dated future; ids stay native', () => {
    expect(parsed.failures).toEqual([]);
    const [pf, pi, fi] = parsed.instruments;
    expect(pf?.instrument).toBeInstanceOf(CryptoPerpetual);
    expect(facts(pf!.instrument)).toMatchObject({
      id: 'PF_XBTUSD.KRAKEN',
      rawSymbol: 'PF_XBTUSD',
      base: expect.stringMatching(/^BTC:/) as unknown,
      settlement: 'USD',
      inverse: false,
      pricePrecision: 0,
      tick: '1',
      sizePrecision: 4,
      step: '0.0001',
      multiplier: '1',
      minQuantity: '0.0001',
      marginInit: '0.02',
      marginMaint: '0.01',
      maker: '0',
      taker: '0',
    });
    expect(pf?.marginTiers.map((t) => [t.from.toString(), t.initialMargin.toString(), t.maintenanceMargin.toString()])).toEqual([
      ['0', '0.02', '0.01'],
      ['500000', '0.04', '0.02'],
    ]);
    expect(facts(pi!.instrument)).toMatchObject({
      id: 'PI_XBTUSD.KRAKEN',
      settlement: 'BTC',
      inverse: true,
      pricePrecision: 1,
      tick: '0.5',
      sizePrecision: 0,
      step: '1',
    });
    expect(fi?.instrument).toBeInstanceOf(CryptoFuture);
    // No base, quote or pair on this entry: the legs come from the symbol.
    expect(facts(fi!.instrument)).toMatchObject({
      id: 'FI_XBTUSD_260626.KRAKEN',
      base: expect.stringMatching(/^BTC:/) as unknown,
      quote: expect.stringMatching(/^USD:/) as unknown,
      inverse: true,
      activationNs: BigInt(Date.UTC(2026, 2, 27, 16)) * 1_000_000n,
      expirationNs: BigInt(Date.UTC(2026, 5, 26, 16)) * 1_000_000n,
    });
    expect(parsed.instruments.map((i) => i.venueStatus)).toEqual(['tradeable', 'tradeable', 'tradeable']);
  });

  it('uses Kraken asset decimals for the currencies when known, and refuses a dated contract without expiry', () => {
    const specs = new Map([['BTC', { code: 'BTC', precision: 10, currencyType: 'CRYPTO' as const }]]);
    expect(parseFuturesInstruments(body, specs, TS).instruments[0]?.instrument.baseCurrency.precision).toBe(10);
    const noExpiry = { ...body, instruments: [{ ...body.instruments[2]!, lastTradingTime: undefined }] } as InstrumentsResult;
    expect(parseFuturesInstruments(noExpiry, new Map(), TS).failures[0]?.reason).toMatch(/lastTradingTime.*needs its expiry/);
  });
});

describe.skipIf(!sharedReferencePresent(shared))('third-party recordings (skipped when ../shared is absent)', () => {
  it('Spot XBTUSDT and the tokenized AAPLxUSD', () => {
    const pairs = {
      ...spotResult<AssetPairsResult>(path.join(shared, 'spot/http/http_asset_pairs.json'), 'AssetPairs'),
      ...spotResult<AssetPairsResult>(path.join(shared, 'spot/http/http_asset_pairs_tokenized.json'), 'AssetPairs'),
    };
    const parsed = parseSpotInstruments(pairs, undefined, TS);
    expect(parsed.failures).toEqual([]);
    const [btc, aapl] = parsed.instruments.map((i) => facts(i.instrument));
    expect(btc).toMatchObject({
      id: 'BTC/USDT.KRAKEN',
      rawSymbol: 'XBTUSDT',
      tick: '0.1',
      taker: '0.004',
      maker: '0.0025',
      minQuantity: '0.00005000',
      minNotional: '0.5 USDT',
      leverageSell: [2, 3, 4, 5, 6, 7, 8, 9, 10],
    });
    // A negative maker fee is a rebate, kept exactly.
    expect(aapl).toMatchObject({
      id: 'AAPLx/USD.KRAKEN',
      base: expect.stringMatching(/^AAPLx:/) as unknown,
      maker: '-0.0002',
      taker: '0.001',
      tick: '0.01',
      minQuantity: '0.00000001',
    });
  });

  it('Futures: inverse PI_XBTUSD, PF_PEPEUSD with a 1e-10 tick and 1000-contract steps, PF_AAPLxUSD', () => {
    const parsed = parseFuturesInstruments(futuresBody(path.join(shared, 'futures/http/http_futures_instruments.json')), new Map(), TS);
    expect(parsed.failures).toEqual([]);
    const byId = new Map(parsed.instruments.map((i) => [i.instrument.id.toString(), facts(i.instrument)]));
    expect(byId.get('PI_XBTUSD.KRAKEN')).toMatchObject({ inverse: true, settlement: 'BTC', tick: '0.5', step: '1', marginInit: '0.02' });
    expect(byId.get('PF_ETHUSD.KRAKEN')).toMatchObject({ inverse: false, tick: '0.1', step: '0.001', sizePrecision: 3 });
    expect(byId.get('PF_PEPEUSD.KRAKEN')).toMatchObject({
      pricePrecision: 10,
      tick: '0.0000000001',
      sizePrecision: 0,
      step: '1000',
      minQuantity: '1000',
    });
    expect(byId.get('PF_AAPLxUSD.KRAKEN')).toMatchObject({
      base: expect.stringMatching(/^AAPLx:/) as unknown,
      tick: '0.01',
      step: '0.01',
      marginInit: '0.2',
    });
    const noFee = parseFuturesInstruments(
      futuresBody(path.join(shared, 'futures/http/http_futures_instrument_no_fee_schedule.json')),
      new Map(),
      TS,
    );
    expect(noFee.instruments.map((i) => i.instrument.id.toString())).toEqual(['PF_ETHUSD.KRAKEN']);
  });
});
