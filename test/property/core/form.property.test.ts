import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { encodeForm } from '../../../src/transport/form.js';

// The form body is what gets signed, so its bytes must stay exactly those of URLSearchParams,
// the platform's application/x-www-form-urlencoded writer, whichever path the encoder takes.
const reference = (entries: readonly (readonly [string, string])[]): string =>
  new URLSearchParams(entries as [string, string][]).toString();

describe('encodeForm', () => {
  it('writes string fields byte for byte as URLSearchParams does (any text, safe or not)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9*._-]*$/), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(text, text), { selector: ([k]) => k, maxLength: 8 }), (entries) => {
        const params = Object.fromEntries(entries);
        // Object key order (integer-like keys first) is the order both encoders see.
        expect(encodeForm(params)).toBe(reference(Object.entries(params)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the usual order body unchanged and escapes what the platform escapes', () => {
    expect(encodeForm({ nonce: '1616492376594', ordertype: 'limit', pair: 'XBTUSD', price: '37500', type: 'buy', volume: '1.25' })).toBe(
      'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
    );
    expect(encodeForm({ start: '2026-12-07T02:00:00Z', 'cl ord': "a b!~'()", empty: '' })).toBe(
      'start=2026-12-07T02%3A00%3A00Z&cl+ord=a+b%21%7E%27%28%29&empty=',
    );
  });

  it('arrays: comma-joined by default, repeated names for Futures; integers, booleans and bigints as text; undefined skipped', () => {
    expect(encodeForm({ txid: ['A', 'B'], count: 5, trades: true, nonce: 17n, skip: undefined, none: null })).toBe(
      'txid=A%2CB&count=5&trades=true&nonce=17',
    );
    expect(encodeForm({ contractType: ['futures_inverse', 'flexible_futures'] }, { arrays: 'repeat' })).toBe(
      'contractType=futures_inverse&contractType=flexible_futures',
    );
  });

  it('refuses a float and an object with a typed error naming the field', () => {
    expect(() => encodeForm({ volume: 0.1 })).toThrow(KrakenValidationError);
    expect(() => encodeForm({ volume: 0.1 })).toThrow(/float/);
    expect(() => encodeForm({ close: { ordertype: 'limit' } })).toThrow(KrakenValidationError);
  });
});
