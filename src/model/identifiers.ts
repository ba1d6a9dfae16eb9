/**
 * Identifiers, modelled on NautilusTrader's: small immutable wrappers around a validated string,
 * compared by value (`equals`) and usable as map keys through `toString()` / `.value`.
 */
import { invalid } from './fixed-point.js';

// No blanks or control characters; everything else (`/`, `_`, `-`, `:`) is legal because venue
// symbols use them (`BTC/USD`, `PF_XBTUSD`, `FI_XBTUSD_230929`).
const IDENTIFIER = /^[^\s\p{Cc}]{1,128}$/u;

/**
 * `IDENTIFIER`'s test, with printable ASCII (what venue symbols and ids are) checked by a loop
 * first: 1..128 characters from `!` to `~` all pass the pattern, and anything else goes to it.
 */
function isIdentifierText(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 128) return IDENTIFIER.test(value);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return IDENTIFIER.test(value);
  }
  return true;
}

abstract class Identifier {
  readonly value: string;
  constructor(value: string) {
    if (typeof value !== 'string' || !isIdentifierText(value)) {
      throw invalid(new.target.name, `invalid identifier ${JSON.stringify(String(value).slice(0, 40))}`);
    }
    this.value = value;
  }
  equals(other: Identifier | null | undefined): boolean {
    return other != null && other.constructor === this.constructor && other.value === this.value;
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

export class Symbol extends Identifier {}
export class Venue extends Identifier {}
export class ClientOrderId extends Identifier {}
export class VenueOrderId extends Identifier {}
export class TradeId extends Identifier {}
export class TraderId extends Identifier {}
export class ClientId extends Identifier {}
export class PositionId extends Identifier {}

/** `EMACross-001`; the part after the last `-` is the order id tag. */
export class StrategyId extends Identifier {
  static readonly EXTERNAL = new StrategyId('EXTERNAL');
  get isExternal(): boolean {
    return this.value === 'EXTERNAL';
  }
}

/** `KRAKEN-SPOT`: issuer, a dash, then the account number or name. */
export class AccountId extends Identifier {
  constructor(value: string) {
    super(value);
    if (!value.includes('-')) throw invalid('AccountId', `expected "<ISSUER>-<id>", got ${JSON.stringify(value)}`);
  }
  get issuer(): string {
    return this.value.slice(0, this.value.indexOf('-'));
  }
}

/**
 * `BTC/USD.KRAKEN`, `PF_XBTUSD.KRAKEN`, `FI_XBTUSD_230929.KRAKEN`: the venue is what follows the
 * LAST `.`, so symbols may themselves contain dots.
 */
export class InstrumentId {
  readonly symbol: Symbol;
  readonly venue: Venue;
  private readonly text: string;

  constructor(symbol: Symbol, venue: Venue) {
    this.symbol = symbol;
    this.venue = venue;
    this.text = `${symbol.value}.${venue.value}`;
  }

  static fromStr(text: string): InstrumentId {
    const dot = typeof text === 'string' ? text.lastIndexOf('.') : -1;
    if (dot <= 0 || dot === text.length - 1) {
      throw invalid('InstrumentId', `expected "<SYMBOL>.<VENUE>", got ${JSON.stringify(String(text).slice(0, 60))}`);
    }
    return new InstrumentId(new Symbol(text.slice(0, dot)), new Venue(text.slice(dot + 1)));
  }

  static of(symbol: string, venue: string): InstrumentId {
    return new InstrumentId(new Symbol(symbol), new Venue(venue));
  }

  equals(other: InstrumentId | null | undefined): boolean {
    return other != null && other.text === this.text;
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}
