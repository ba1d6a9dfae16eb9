/**
 * `Currency` and `Money`. Money keeps the exact amount the venue or user gave (a Kraken fee can
 * carry more decimals than the currency's display precision); `round()` to the currency precision
 * is explicit.
 */
import {
  add,
  checkPrecision,
  compare,
  format,
  invalid,
  parseDecimal,
  roundTo,
  sub,
  type FixedPoint,
  type RoundingMode,
} from './fixed-point.js';

export type CurrencyType = 'CRYPTO' | 'FIAT' | 'COMMODITY_BACKED';

// Lowercase letters occur in venue codes: Kraken's tokenized equities are `AAPLx`, `TSLAx`.
const CODE = /^[A-Za-z0-9.]{1,16}$/;

export class Currency {
  private static readonly registry = new Map<string, Currency>();

  private constructor(
    readonly code: string,
    /** Display/settlement precision of the currency. */
    readonly precision: number,
    readonly currencyType: CurrencyType,
  ) {}

  /** Registers (or replaces) a currency; instrument loaders call this with the venue's decimals. */
  static register(code: string, precision: number, currencyType: CurrencyType = 'CRYPTO'): Currency {
    if (!CODE.test(code)) throw invalid('Currency', `invalid currency code ${JSON.stringify(code)}`);
    checkPrecision('Currency', precision);
    const c = new Currency(code, precision, currencyType);
    Currency.registry.set(code, c);
    return c;
  }

  /** A registered currency, or a new CRYPTO currency with precision 8 when unknown. */
  static from(code: string): Currency {
    return Currency.registry.get(code) ?? Currency.register(code, 8, 'CRYPTO');
  }

  static get(code: string): Currency | undefined {
    return Currency.registry.get(code);
  }

  equals(other: Currency): boolean {
    return this.code === other.code;
  }
  toString(): string {
    return this.code;
  }
  toJSON(): string {
    return this.code;
  }
}

// Common currencies; precisions follow Kraken's asset `display_decimals` (REST `Assets`).
for (const code of ['USD', 'EUR', 'GBP', 'CAD', 'CHF', 'AUD']) Currency.register(code, 2, 'FIAT');
Currency.register('JPY', 0, 'FIAT');
for (const code of ['BTC', 'XBT', 'ETH', 'SOL', 'LTC', 'XRP', 'DOT', 'ADA']) Currency.register(code, 8, 'CRYPTO');
for (const code of ['USDT', 'USDC', 'DAI']) Currency.register(code, 8, 'CRYPTO');

export class Money implements FixedPoint {
  readonly raw: bigint;
  readonly precision: number;
  readonly currency: Currency;

  private constructor(raw: bigint, precision: number, currency: Currency) {
    this.raw = raw;
    this.precision = precision;
    this.currency = currency;
  }

  /** `Money.fromStr('12.34', USD)`, or `Money.fromStr('12.34 USD')`. */
  static fromStr(text: string, currency?: Currency | string): Money {
    let amount = text;
    let cur = currency;
    if (cur === undefined) {
      const parts = text.split(' ');
      if (parts.length !== 2) throw invalid('Money', `expected "<amount> <CODE>", got ${JSON.stringify(text.slice(0, 40))}`);
      amount = parts[0] ?? '';
      cur = parts[1] ?? '';
    }
    const v = parseDecimal('Money', amount);
    return new Money(v.raw, v.precision, typeof cur === 'string' ? Currency.from(cur) : cur);
  }

  static of(v: FixedPoint, currency: Currency): Money {
    checkPrecision('Money', v.precision);
    return new Money(v.raw, v.precision, currency);
  }

  static zero(currency: Currency): Money {
    return new Money(0n, currency.precision, currency);
  }

  private same(other: Money): void {
    if (!this.currency.equals(other.currency)) {
      throw invalid('Money', `currency mismatch: ${this.currency.code} vs ${other.currency.code}`);
    }
  }

  add(other: Money): Money {
    this.same(other);
    return Money.of(add(this, other), this.currency);
  }
  sub(other: Money): Money {
    this.same(other);
    return Money.of(sub(this, other), this.currency);
  }
  /** Multiplies by a plain factor (a rate, a quantity); precision is the sum of both. */
  mul(factor: FixedPoint): Money {
    return Money.of({ raw: this.raw * factor.raw, precision: this.precision + factor.precision }, this.currency);
  }
  compare(other: Money): -1 | 0 | 1 {
    this.same(other);
    return compare(this, other);
  }
  equals(other: Money): boolean {
    return this.currency.equals(other.currency) && compare(this, other) === 0;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }
  /** Rounds to `precision` (default: the currency's precision). */
  round(precision: number = this.currency.precision, mode: RoundingMode = 'HALF_EVEN'): Money {
    return Money.of(roundTo(this, precision, mode), this.currency);
  }
  /** The amount alone, e.g. `"12.34"`. */
  amountString(): string {
    return format(this);
  }
  /** `"12.34 USD"`. */
  toString(): string {
    return `${format(this)} ${this.currency.code}`;
  }
  toJSON(): string {
    return this.toString();
  }
}
