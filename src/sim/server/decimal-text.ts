/**
 * The decimal text the simulator's parameter parsers accept, in one place.
 *
 * Kraken takes prices and quantities as plain decimal text (`"0.01"`, `"30000.5"`), never in
 * exponent notation. Spot REST amounts are unsigned (in Kraken's AddOrder a relative price's sign
 * is its own prefix); Spot WS v2 and Futures accept a signed value where an offset may be negative
 * (`limit_price` with `price_type: pct`, `limitPriceOffsetValue`).
 */

/** `0`, `12`, `0.001`: digits with an optional fraction, no sign, no exponent. */
export const UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;

/** `UNSIGNED_DECIMAL` with an optional leading `-`. */
export const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A parameter value as exact decimal text. Strings are returned as they are; a JS number is
 * only accepted when it is a safe integer (its text is then exact). `parseVenueJson` already
 * turns every other number token into its source text, so a fractional JS number here means the
 * caller decoded lossily, and it is refused rather than rounded through `String()`.
 */
export function exactNumberText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return undefined;
}
