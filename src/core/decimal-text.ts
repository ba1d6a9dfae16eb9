/**
 * The `format: decimal` text check of the generated validators (codegen/steps/ajv-validators.ts
 * emits a call to it): optional minus, digits, optional fraction, optional exponent bounded to
 * ±64 (`1e400` is no price). Plain text (`123`, `-0.40`), which is nearly all Kraken sends, is
 * checked digit by digit; anything else goes to the one regex that defines the rule, so the
 * accepted set is exactly the regex's (property test: test/property/core/decimal-text.property.test.ts).
 * The validators used to test an inline regex literal, which builds a new RegExp object at every
 * check; on a 1,000-pair AssetPairs response that was about a third of the validator's time.
 */

/** The rule itself. */
export const DECIMAL_TEXT = /^-?\d+(\.\d+)?([eE][+-]?0*([0-5]?\d|6[0-4]))?$/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** True when `text` is decimal text as `DECIMAL_TEXT` defines it. */
export function isDecimalText(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === intStart) return false;
  if (i === n) return true;
  if (text.charCodeAt(i) !== 46 /* . */) return DECIMAL_TEXT.test(text); // an exponent, or not decimal
  const fracStart = ++i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === fracStart) return false;
  return i === n || DECIMAL_TEXT.test(text);
}
