/**
 * Spot instruments, wire → domain: one AssetPairs entry (plus the Assets data for currency
 * precision) becomes a `CurrencyPair` with the id `BASE/QUOTE.KRAKEN` from the symbology table.
 * Pure: no I/O, every value exact from the wire text.
 */
import type { AssetPairsResult, AssetsResult } from '../../../generated/spot-rest/types.gen.js';
import { KrakenError, KrakenValidationError } from '../../core/errors.js';
import { KrakenPairTable, type KrakenPairNames } from '../../kraken/common/symbology/pair-table.js';
import { InstrumentId, Symbol } from '../../model/identifiers.js';
import { CurrencyPair } from '../../model/instruments.js';
import { Money } from '../../model/money.js';
import { type Decimal, Price, Quantity } from '../../model/values.js';
import { KRAKEN_VENUE } from '../constants.js';
import { atPrecision, exactOf, intOf, percentToFraction } from '../common/wire-values.js';
import { currencyOf, currencySpecsFromAssets, type CurrencySpec } from './currencies.js';

export type SpotAssetPair = AssetPairsResult[string];

/** A loaded Spot instrument with the Kraken facts the domain object has no field for. */
export interface SpotInstrumentInfo {
  readonly product: 'SPOT';
  readonly instrument: CurrencyPair;
  readonly names: KrakenPairNames;
  /** Kraken's pair status: `online`, `cancel_only`, `post_only`, `limit_only`, `reduce_only`. */
  readonly venueStatus: string;
}

export interface ParseFailure {
  readonly name: string;
  readonly reason: string;
}

export interface SpotInstrumentsParse {
  readonly instruments: readonly SpotInstrumentInfo[];
  readonly table: KrakenPairTable;
  /** Pairs left out, with the reason; a bad entry never fails the others. */
  readonly failures: readonly ParseFailure[];
}

/** The first tier's fee of a Kraken schedule (`[[volume, percent], ...]`) as a fraction, or undefined. */
function firstTierFee(tiers: SpotAssetPair['fees'], field: string): Decimal | undefined {
  const first = tiers?.[0];
  return first === undefined ? undefined : percentToFraction(first[1], `${field}/0/1`);
}

/** One AssetPairs entry → a `CurrencyPair`. Throws `KrakenValidationError` naming the bad field. */
export function parseSpotInstrument(
  names: KrakenPairNames,
  pair: SpotAssetPair,
  currencies: ReadonlyMap<string, CurrencySpec>,
  tsNs: bigint,
): CurrencyPair {
  const at = `/result/${names.key}`;
  const pricePrecision = intOf(pair.pair_decimals, `${at}/pair_decimals`);
  const sizePrecision = intOf(pair.lot_decimals, `${at}/lot_decimals`);
  const tick = pair.tick_size === undefined ? { raw: 1n, precision: pricePrecision } : exactOf(pair.tick_size, `${at}/tick_size`);
  if (tick.raw <= 0n)
    throw new KrakenValidationError('Kraken payload', [{ path: `${at}/tick_size`, message: 'tick size must be positive' }]);
  const baseCurrency = currencyOf(names.base, names.baseAsset === null ? undefined : currencies.get(names.baseAsset));
  const quoteCurrency = currencyOf(names.quote, names.quoteAsset === null ? undefined : currencies.get(names.quoteAsset));
  const taker = firstTierFee(pair.fees, `${at}/fees`);
  // Without a maker schedule Kraken charges the taker fee on both sides.
  const maker = firstTierFee(pair.fees_maker, `${at}/fees_maker`) ?? taker;
  return new CurrencyPair({
    id: new InstrumentId(new Symbol(names.symbol), KRAKEN_VENUE),
    rawSymbol: new Symbol(names.altname),
    baseCurrency,
    quoteCurrency,
    pricePrecision,
    sizePrecision,
    priceIncrement: Price.from(atPrecision(tick, pricePrecision, `${at}/tick_size`)),
    sizeIncrement: Quantity.fromRaw(1n, sizePrecision),
    minQuantity:
      pair.ordermin === undefined
        ? null
        : Quantity.from(atPrecision(exactOf(pair.ordermin, `${at}/ordermin`), sizePrecision, `${at}/ordermin`)),
    minNotional: pair.costmin === undefined ? null : Money.of(exactOf(pair.costmin, `${at}/costmin`), quoteCurrency),
    ...(maker === undefined ? {} : { makerFee: maker }),
    ...(taker === undefined ? {} : { takerFee: taker }),
    leverageBuy: pair.leverage_buy ?? [],
    leverageSell: pair.leverage_sell ?? [],
    tsEvent: tsNs,
    tsInit: tsNs,
  });
}

/** A whole AssetPairs result (and Assets, when known) → instruments, the symbology table and failures. */
export function parseSpotInstruments(pairs: AssetPairsResult, assets: AssetsResult | undefined, tsNs: bigint): SpotInstrumentsParse {
  const table = KrakenPairTable.fromAssetPairs(pairs, assets);
  const currencies = assets === undefined ? new Map<string, CurrencySpec>() : currencySpecsFromAssets(assets);
  const instruments: SpotInstrumentInfo[] = [];
  const failures: ParseFailure[] = table.skipped.map((s) => ({ name: s.key, reason: s.reason }));
  for (const names of table.all()) {
    const pair = pairs[names.key] as SpotAssetPair;
    try {
      const instrument = parseSpotInstrument(names, pair, currencies, tsNs);
      instruments.push({ product: 'SPOT', instrument, names, venueStatus: pair.status ?? 'online' });
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e;
      failures.push({ name: names.key, reason: e.message });
    }
  }
  return { instruments, table, failures };
}
