/**
 * Futures instruments, wire → domain: one entry of Futures `instruments` becomes a
 * `CryptoPerpetual` (`PI_` inverse, `PF_` linear) or a `CryptoFuture` (`FI_`, `FF_` and any other
 * prefix Kraken lists, with its expiry). Ids stay native (`PF_XBTUSD.KRAKEN`); the currencies are
 * normalised (`XBT` → `BTC`). Pure: no I/O, every value exact from the wire text.
 */
import type { InstrumentsResult } from '../../../generated/futures-rest/types.gen.js';
import { KrakenError, KrakenValidationError } from '../../core/errors.js';
import { normalizeAssetCode } from '../../kraken/common/symbology/legacy-codes.js';
import { InstrumentId, Symbol } from '../../model/identifiers.js';
import { CryptoFuture, CryptoPerpetual, type InstrumentInit } from '../../model/instruments.js';
import { Decimal, Price, Quantity } from '../../model/values.js';
import { KRAKEN_VENUE } from '../constants.js';
import { isoToNs } from '../common/wire-time.js';
import { atPrecision, decimalOf, decimalsOf, exactOf } from '../common/wire-values.js';
import { currencyOf, type CurrencySpec } from './currencies.js';
import type { ParseFailure } from './spot-instruments.js';

export type FuturesWireInstrument = InstrumentsResult['instruments'][number];

/** One step of a margin schedule: from this position size on, these margin rates apply. */
export interface KrakenMarginTier {
  /** Contracts (inverse) or units of the base (linear) where the tier starts. */
  readonly from: Decimal;
  readonly initialMargin: Decimal;
  readonly maintenanceMargin: Decimal;
}

/** A loaded Futures instrument with the Kraken facts the domain object has no field for. */
export interface FuturesInstrumentInfo {
  readonly product: 'FUTURES';
  readonly instrument: CryptoPerpetual | CryptoFuture;
  /** `marginLevels`, smallest position first; empty when Kraken lists none. */
  readonly marginTiers: readonly KrakenMarginTier[];
  /** `tradeable` or `not_tradeable`, from the instruments payload. */
  readonly venueStatus: string;
  /** Kraken's contract type: `futures_inverse`, `flexible_futures`, `futures_vanilla`. */
  readonly contractType: string;
}

/** Prefixes of Kraken's perpetual swaps; every other prefix is a dated contract. */
const PERPETUAL_PREFIXES = ['PI_', 'PF_'];
/** Quote currencies a symbol body may end with, longest first, when the payload names no pair. */
const SYMBOL_QUOTES = ['USDT', 'USDC', 'USD', 'EUR', 'GBP'];

function fail(path: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken payload', [{ path, message }]);
}

/** Base and quote codes from `base`/`quote`, else `pair` (`XBT:USD`), else the symbol (`FI_XBTUSD_260626`). */
function legsOf(w: FuturesWireInstrument, at: string): [string, string] {
  if (typeof w.base === 'string' && w.base !== '' && typeof w.quote === 'string' && w.quote !== '') return [w.base, w.quote];
  const pair = typeof w.pair === 'string' ? w.pair.split(':') : [];
  if (pair.length === 2 && pair[0] !== '' && pair[1] !== '') return [pair[0] as string, pair[1] as string];
  const body = w.symbol.split('_')[1] ?? '';
  const quote = SYMBOL_QUOTES.find((q) => body.length > q.length && body.toUpperCase().endsWith(q));
  if (quote === undefined) throw fail(`${at}/symbol`, `cannot tell base and quote of ${w.symbol}`);
  return [body.slice(0, body.length - quote.length), quote];
}

function marginTiers(w: FuturesWireInstrument, at: string): KrakenMarginTier[] {
  return (w.marginLevels ?? []).map((l, i) => {
    const from = l.contracts ?? l.numNonContractUnits ?? 0;
    return {
      from: decimalOf(from, `${at}/marginLevels/${i}`),
      initialMargin: decimalOf(l.initialMargin, `${at}/marginLevels/${i}/initialMargin`),
      maintenanceMargin: decimalOf(l.maintenanceMargin, `${at}/marginLevels/${i}/maintenanceMargin`),
    };
  });
}

/** Digits kept of a leverage cap that does not terminate (1 / 0.03 → 33.33), rounded down. */
const LEVERAGE_DIGITS = 2;

/**
 * The highest leverage a tier allows: one over its initial margin rate, rounded down, so a cap
 * is never above what the venue accepts; null without a usable rate.
 */
export function maxLeverageOf(tier: KrakenMarginTier | undefined): Decimal | null {
  if (tier === undefined || !tier.initialMargin.isPositive() || tier.initialMargin.gt(Decimal.fromInt(1))) return null;
  return Decimal.fromInt(1).div(tier.initialMargin, LEVERAGE_DIGITS, 'FLOOR').normalized();
}

/** One Futures instrument entry → domain. Throws `KrakenValidationError` naming the bad field. */
export function parseFuturesInstrument(
  w: FuturesWireInstrument,
  currencies: ReadonlyMap<string, CurrencySpec>,
  tsNs: bigint,
  at = `/instruments/${w.symbol}`,
): FuturesInstrumentInfo {
  if (w.tickSize === undefined) throw fail(`${at}/tickSize`, 'missing');
  const pricePrecision = decimalsOf(w.tickSize, `${at}/tickSize`);
  const tick = exactOf(w.tickSize, `${at}/tickSize`);
  if (tick.raw <= 0n) throw fail(`${at}/tickSize`, 'tick size must be positive');
  // Size decimals; a negative value means sizes are multiples of a power of ten (PF_PEPEUSD: -3 → 1000).
  const sizeDigits = w.contractValueTradePrecision ?? 0;
  if (!Number.isSafeInteger(sizeDigits) || sizeDigits > 18 || sizeDigits < -18)
    throw fail(`${at}/contractValueTradePrecision`, `out of range: ${String(sizeDigits)}`);
  const sizePrecision = Math.max(sizeDigits, 0);
  const sizeIncrement = sizeDigits >= 0 ? Quantity.fromRaw(1n, sizeDigits) : Quantity.fromInt(10n ** BigInt(-sizeDigits));
  const [rawBase, rawQuote] = legsOf(w, at);
  const base = normalizeAssetCode(rawBase);
  const quote = normalizeAssetCode(rawQuote);
  const isInverse = w.type === 'futures_inverse';
  const tiers = marginTiers(w, at);
  const multiplier = w.contractSize === undefined ? Quantity.fromInt(1) : Quantity.from(exactOf(w.contractSize, `${at}/contractSize`));
  const init: InstrumentInit = {
    id: new InstrumentId(new Symbol(w.symbol), KRAKEN_VENUE),
    rawSymbol: new Symbol(w.symbol),
    baseCurrency: currencyOf(base, currencies.get(base)),
    quoteCurrency: currencyOf(quote, currencies.get(quote)),
    isInverse,
    pricePrecision,
    sizePrecision,
    priceIncrement: Price.from(atPrecision(tick, pricePrecision, `${at}/tickSize`)),
    sizeIncrement,
    multiplier,
    minQuantity: sizeIncrement,
    ...(tiers[0] === undefined ? {} : { marginInit: tiers[0].initialMargin, marginMaint: tiers[0].maintenanceMargin }),
    maxLeverage: maxLeverageOf(tiers[0]),
    tsEvent: tsNs,
    tsInit: tsNs,
  };
  const isPerpetual = PERPETUAL_PREFIXES.some((p) => w.symbol.startsWith(p));
  let instrument: CryptoPerpetual | CryptoFuture;
  if (isPerpetual) {
    instrument = new CryptoPerpetual(init);
  } else {
    if (w.lastTradingTime === undefined) throw fail(`${at}/lastTradingTime`, `a dated contract (${w.symbol}) needs its expiry`);
    const expirationNs = isoToNs(w.lastTradingTime, `${at}/lastTradingTime`);
    const activationNs = w.openingDate === undefined ? 0n : isoToNs(w.openingDate, `${at}/openingDate`);
    instrument = new CryptoFuture({ ...init, activationNs, expirationNs });
  }
  return {
    product: 'FUTURES',
    instrument,
    marginTiers: tiers,
    venueStatus: w.tradeable === false ? 'not_tradeable' : 'tradeable',
    contractType: w.type ?? 'unknown',
  };
}

/** A whole `instruments` answer → instruments and failures; a bad entry never fails the others. */
export function parseFuturesInstruments(
  result: InstrumentsResult,
  currencies: ReadonlyMap<string, CurrencySpec>,
  tsNs: bigint,
): { readonly instruments: readonly FuturesInstrumentInfo[]; readonly failures: readonly ParseFailure[] } {
  const instruments: FuturesInstrumentInfo[] = [];
  const failures: ParseFailure[] = [];
  const seen = new Set<string>();
  for (const [i, w] of result.instruments.entries()) {
    if (seen.has(w.symbol)) {
      failures.push({ name: w.symbol, reason: 'listed twice; the first entry is kept' });
      continue;
    }
    try {
      instruments.push(parseFuturesInstrument(w, currencies, tsNs, `/instruments/${i}`));
      seen.add(w.symbol);
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e;
      failures.push({ name: w.symbol, reason: e.message });
    }
  }
  return { instruments, failures };
}
