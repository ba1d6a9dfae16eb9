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
import { Price, Quantity } from '../../model/values.js';
import { KRAKEN_VENUE } from '../constants.js';
import { exactOf, intOf, rawAtPrecision } from '../common/wire-values.js';
import { currencyOf, currencySpecsFromAssets, type CurrencySpec } from './currencies.js';
import { SharedPairValues } from './shared-pair-values.js';

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

/** One AssetPairs entry → a `CurrencyPair`. Throws `KrakenValidationError` naming the bad field. */
export function parseSpotInstrument(
  names: KrakenPairNames,
  pair: SpotAssetPair,
  currencies: ReadonlyMap<string, CurrencySpec>,
  tsNs: bigint,
  shared: SharedPairValues = new SharedPairValues(),
): CurrencyPair {
  // Every field path below is `at` + the field's suffix, joined only when the field is bad.
  const at = `/result/${names.key}`;
  const pricePrecision = intOf(pair.pair_decimals, at, 0, '/pair_decimals');
  const sizePrecision = intOf(pair.lot_decimals, at, 0, '/lot_decimals');
  const tick = pair.tick_size === undefined ? { raw: 1n, precision: pricePrecision } : exactOf(pair.tick_size, at, '/tick_size');
  if (tick.raw <= 0n)
    throw new KrakenValidationError('Kraken payload', [{ path: `${at}/tick_size`, message: 'tick size must be positive' }]);
  const hasAssets = currencies.size > 0;
  const baseCurrency = currencyOf(names.base, hasAssets && names.baseAsset !== null ? currencies.get(names.baseAsset) : undefined);
  const quoteCurrency = currencyOf(names.quote, hasAssets && names.quoteAsset !== null ? currencies.get(names.quoteAsset) : undefined);
  const taker = shared.firstTierFee(pair.fees, at, '/fees');
  // Without a maker schedule Kraken charges the taker fee on both sides.
  const maker = shared.firstTierFee(pair.fees_maker, at, '/fees_maker') ?? taker;
  const id = new InstrumentId(new Symbol(names.symbol), KRAKEN_VENUE);
  const rawSymbol = new Symbol(names.altname);
  const tickRaw = rawAtPrecision(tick, pricePrecision, at, '/tick_size');
  const priceIncrement = tickRaw === 1n ? shared.unitPrice(pricePrecision) : Price.fromRaw(tickRaw, pricePrecision);
  const sizeIncrement = shared.unitSize(sizePrecision);
  const minQuantity =
    pair.ordermin === undefined
      ? null
      : Quantity.fromRaw(rawAtPrecision(exactOf(pair.ordermin, at, '/ordermin'), sizePrecision, at, '/ordermin'), sizePrecision);
  const minNotional = pair.costmin === undefined ? null : Money.of(exactOf(pair.costmin, at, '/costmin'), quoteCurrency);
  return new CurrencyPair({
    id,
    rawSymbol,
    baseCurrency,
    quoteCurrency,
    pricePrecision,
    sizePrecision,
    priceIncrement,
    sizeIncrement,
    minQuantity,
    minNotional,
    makerFee: maker,
    takerFee: taker,
    leverageBuy: shared.leverage(pair.leverage_buy),
    leverageSell: shared.leverage(pair.leverage_sell),
    tsEvent: tsNs,
    tsInit: tsNs,
  });
}

/** A whole AssetPairs result (and Assets, when known) → instruments, the symbology table and failures. */
export function parseSpotInstruments(pairs: AssetPairsResult, assets: AssetsResult | undefined, tsNs: bigint): SpotInstrumentsParse {
  const table = KrakenPairTable.fromAssetPairs(pairs, assets);
  const currencies = assets === undefined ? new Map<string, CurrencySpec>() : currencySpecsFromAssets(assets);
  const instruments: SpotInstrumentInfo[] = [];
  const shared = new SharedPairValues();
  const failures: ParseFailure[] = table.skipped.map((s) => ({ name: s.key, reason: s.reason }));
  for (const names of table.all()) {
    const pair = pairs[names.key] as SpotAssetPair;
    try {
      const instrument = parseSpotInstrument(names, pair, currencies, tsNs, shared);
      instruments.push({ product: 'SPOT', instrument, names, venueStatus: pair.status ?? 'online' });
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e;
      failures.push({ name: names.key, reason: e.message });
    }
  }
  return { instruments, table, failures };
}
