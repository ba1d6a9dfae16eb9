/**
 * Instruments: `CurrencyPair` (spot), `CryptoPerpetual` (Kraken `PI_` inverse / `PF_` linear) and
 * `CryptoFuture` (`FI_` / `FF_` dated). One plain base with the fields the risk engine and the
 * order encoders need; the venue's own symbol is kept as `rawSymbol` (e.g. `XBTUSD`, `PF_XBTUSD`).
 */
import { invalid, roundTo, roundToIncrement, type RoundingMode } from './fixed-point.js';
import type { InstrumentId, Symbol } from './identifiers.js';
import { Money, type Currency } from './money.js';
import { Decimal, Price, Quantity } from './values.js';

export type InstrumentClass = 'SPOT' | 'SWAP' | 'FUTURE';

export interface InstrumentInit {
  readonly id: InstrumentId;
  /** The venue's native symbol (`XBTUSD`, `PI_XBTUSD`). */
  readonly rawSymbol: Symbol;
  readonly baseCurrency: Currency;
  readonly quoteCurrency: Currency;
  /** Defaults to the quote currency (linear) or the base currency (inverse). */
  readonly settlementCurrency?: Currency;
  readonly isInverse?: boolean;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  /** Tick size; may be coarser than 10^-pricePrecision (futures `tickSize` 0.5). */
  readonly priceIncrement: Price;
  readonly sizeIncrement: Quantity;
  /** Contract size; 1 for spot. */
  readonly multiplier?: Quantity;
  readonly minQuantity?: Quantity | null;
  readonly maxQuantity?: Quantity | null;
  readonly minNotional?: Money | null;
  readonly makerFee?: Decimal;
  readonly takerFee?: Decimal;
  readonly marginInit?: Decimal;
  readonly marginMaint?: Decimal;
  /** Allowed leverage multiples for buys/sells (Kraken spot `leverage_buy`/`leverage_sell`); empty when none. */
  readonly leverageBuy?: readonly number[];
  readonly leverageSell?: readonly number[];
  /**
   * The highest leverage the venue allows when leverage is a free choice up to a cap (derivatives:
   * one over the initial margin rate of the first margin tier) rather than a list of multiples;
   * null when it is not. An instrument has either tiers or a cap, never both.
   */
  readonly maxLeverage?: Decimal | null;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** `Array.isArray` without narrowing a readonly list to `any[]`. */
const isArray: (value: unknown) => boolean = Array.isArray;

// The defaults every instrument without its own value shares: immutable values, built once.
const NO_TIERS: readonly number[] = Object.freeze([]);
const ONE = Quantity.fromInt(1);
const ZERO = Decimal.fromInt(0);

/** A frozen copy of a list; a list already frozen is kept as it is (nothing can change it). */
function frozenList(list: readonly number[] | undefined): readonly number[] {
  if (list === undefined) return NO_TIERS;
  return isArray(list) && Object.isFrozen(list) ? list : Object.freeze([...list]);
}

export abstract class Instrument {
  abstract readonly instrumentClass: InstrumentClass;
  readonly id: InstrumentId;
  readonly rawSymbol: Symbol;
  readonly baseCurrency: Currency;
  readonly quoteCurrency: Currency;
  readonly settlementCurrency: Currency;
  readonly isInverse: boolean;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly priceIncrement: Price;
  readonly sizeIncrement: Quantity;
  readonly multiplier: Quantity;
  readonly minQuantity: Quantity | null;
  readonly maxQuantity: Quantity | null;
  readonly minNotional: Money | null;
  readonly makerFee: Decimal;
  readonly takerFee: Decimal;
  readonly marginInit: Decimal;
  readonly marginMaint: Decimal;
  readonly leverageBuy: readonly number[];
  readonly leverageSell: readonly number[];
  readonly maxLeverage: Decimal | null;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;

  constructor(init: InstrumentInit) {
    if (init.priceIncrement.raw <= 0n) throw invalid('Instrument', `${init.id.toString()}: priceIncrement must be positive`);
    if (init.sizeIncrement.raw <= 0n) throw invalid('Instrument', `${init.id.toString()}: sizeIncrement must be positive`);
    if (init.priceIncrement.precision > init.pricePrecision || init.sizeIncrement.precision > init.sizePrecision) {
      throw invalid('Instrument', `${init.id.toString()}: increments must fit the price/size precision`);
    }
    this.id = init.id;
    this.rawSymbol = init.rawSymbol;
    this.baseCurrency = init.baseCurrency;
    this.quoteCurrency = init.quoteCurrency;
    this.isInverse = init.isInverse ?? false;
    this.settlementCurrency = init.settlementCurrency ?? (this.isInverse ? init.baseCurrency : init.quoteCurrency);
    this.pricePrecision = init.pricePrecision;
    this.sizePrecision = init.sizePrecision;
    this.priceIncrement = init.priceIncrement;
    this.sizeIncrement = init.sizeIncrement;
    this.multiplier = init.multiplier ?? ONE;
    this.minQuantity = init.minQuantity ?? null;
    this.maxQuantity = init.maxQuantity ?? null;
    this.minNotional = init.minNotional ?? null;
    this.makerFee = init.makerFee ?? ZERO;
    this.takerFee = init.takerFee ?? ZERO;
    this.marginInit = init.marginInit ?? ZERO;
    this.marginMaint = init.marginMaint ?? ZERO;
    this.leverageBuy = frozenList(init.leverageBuy);
    this.leverageSell = frozenList(init.leverageSell);
    this.maxLeverage = init.maxLeverage ?? null;
    if (this.maxLeverage !== null && this.maxLeverage.lt(Decimal.fromInt(1))) {
      throw invalid('Instrument', `${init.id.toString()}: maxLeverage must be at least 1`);
    }
    this.tsEvent = init.tsEvent;
    this.tsInit = init.tsInit;
  }

  /** A price rounded to this instrument's tick (half-even by default). */
  makePrice(value: string | Price, mode: RoundingMode = 'HALF_EVEN'): Price {
    const p = typeof value === 'string' ? Price.fromStr(value) : value;
    return Price.from(roundTo(roundToIncrement(p, this.priceIncrement, mode), this.pricePrecision, 'TRUNC'));
  }

  /** A quantity rounded to this instrument's step (floor by default: never more than asked). */
  makeQty(value: string | Quantity, mode: RoundingMode = 'FLOOR'): Quantity {
    const q = typeof value === 'string' ? Quantity.fromStr(value) : value;
    return Quantity.from(roundTo(roundToIncrement(q, this.sizeIncrement, mode), this.sizePrecision, 'TRUNC'));
  }

  /**
   * Notional value in the settlement currency: linear `qty × multiplier × price` (exact); inverse
   * `qty × multiplier / price`, rounded half-even to the settlement currency's precision.
   */
  notionalValue(quantity: Quantity, price: Price): Money {
    const units = quantity.mul(this.multiplier);
    if (!this.isInverse) return Money.of(units.mul(price), this.quoteCurrency);
    const d = Decimal.from(units).div(price, this.settlementCurrency.precision, 'HALF_EVEN');
    return Money.of(d, this.settlementCurrency);
  }

  /** Leverage tiers for a side; empty when the venue offers no margin on this instrument. */
  leverageTiers(side: 'BUY' | 'SELL'): readonly number[] {
    return side === 'BUY' ? this.leverageBuy : this.leverageSell;
  }

  toString(): string {
    return `${this.constructor.name}(${this.id.toString()})`;
  }
}

export class CurrencyPair extends Instrument {
  readonly instrumentClass = 'SPOT' as const;
}

export class CryptoPerpetual extends Instrument {
  readonly instrumentClass = 'SWAP' as const;
}

export interface CryptoFutureInit extends InstrumentInit {
  readonly activationNs: bigint;
  readonly expirationNs: bigint;
}

export class CryptoFuture extends Instrument {
  readonly instrumentClass = 'FUTURE' as const;
  readonly activationNs: bigint;
  readonly expirationNs: bigint;
  constructor(init: CryptoFutureInit) {
    super(init);
    if (init.expirationNs <= init.activationNs) throw invalid('CryptoFuture', `${init.id.toString()}: expiry must follow activation`);
    this.activationNs = init.activationNs;
    this.expirationNs = init.expirationNs;
  }
}

export type AnyInstrument = CurrencyPair | CryptoPerpetual | CryptoFuture;
