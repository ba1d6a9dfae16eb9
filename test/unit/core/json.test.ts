import { describe, expect, it } from 'vitest';
import { KrakenTransportError, parseVenueJson } from '../../../src/index.js';
import { JsonDecodeError, quoteInexactNumbers } from '../../../src/core/json.js';

describe('parseVenueJson', () => {
  it('keeps the exact text of every non-integer number (checksums need trailing zeros)', () => {
    const v = parseVenueJson('{"price":105944.20,"qty":0.00100000,"tiny":1e-7,"neg":-0.5,"n":12}') as Record<string, unknown>;
    expect(v).toEqual({ price: '105944.20', qty: '0.00100000', tiny: '1e-7', neg: '-0.5', n: 12 });
  });
  it('keeps integers beyond 2^53 exact as text', () => {
    expect(parseVenueJson('[12345678901234567890]')).toEqual(['12345678901234567890']);
  });
  it('leaves digits inside strings alone, including escaped quotes', () => {
    expect(parseVenueJson('{"s":"a \\"1.50\\" b","t":"0.10"}')).toEqual({ s: 'a "1.50" b', t: '0.10' });
  });
  it('rejects invalid JSON with a typed transport error', () => {
    expect(() => parseVenueJson('{"error":[', '/0/public/Time')).toThrow(KrakenTransportError);
    let thrown: unknown;
    try {
      parseVenueJson('<html>502</html>');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KrakenTransportError);
    expect((thrown as KrakenTransportError).failure).toBe('bad-body');
  });
  it('refuses __proto__ keys so no decoded object can poison a prototype (docs/reliability.md D8)', () => {
    expect(() => parseVenueJson('{"a":{"__proto__":{"polluted":1}}}')).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parseVenueJson: token edges of the single-pass scanner', () => {
  it('keeps exponents, negative zero and 16+ digit integers as text; 15-digit integers stay numbers', () => {
    expect(parseVenueJson('[1e-7,1E+5,2e3,-0.0,0.10000000,-12.5e-3]')).toEqual(['1e-7', '1E+5', '2e3', '-0.0', '0.10000000', '-12.5e-3']);
    expect(parseVenueJson('[999999999999999,1000000000000000,-0]')).toEqual([999999999999999, '1000000000000000', -0]);
  });
  it('skips strings ending in escaped backslashes before a number', () => {
    expect(parseVenueJson('["a\\\\",1.50,"\\\\\\"2.5",3.0]')).toEqual(['a\\', '1.50', '\\"2.5', '3.0']);
    expect(parseVenueJson('{"k\\u0031.5":0.5, "é😀":[ 1.0 ]}')).toEqual({ 'k1.5': '0.5', 'é😀': ['1.0'] });
  });
  it('still refuses numbers JSON refuses, rather than quoting them into valid strings', () => {
    // Leading zeros and inexact numbers as object keys: the former regex pass quoted them and
    // JSON.parse then accepted the text.
    for (const bad of [
      '[01.5]',
      '[-00.1]',
      '[0123456789012345678]',
      '{1.5:1}',
      '{"a":1, 2e5 : 1}',
      '[1.]',
      '[.5]',
      '[1e]',
      '[-]',
      '["1.5]',
    ])
      expect(() => parseVenueJson(bad), bad).toThrow(JsonDecodeError);
  });
  it('refuses a __proto__ key written with \\u escapes (docs/reliability.md D8)', () => {
    expect(() => parseVenueJson('{"a":[{"__pro\\u0074o__":{"polluted":1}}]}')).toThrow(/__proto__/);
    expect(() => parseVenueJson('{"\\u005f_proto__":0.5}')).toThrow(JsonDecodeError);
    // The same text as a value is fine.
    expect(parseVenueJson('{"side":"__proto__","s":"__pro\\u0074o__"}')).toEqual({ side: '__proto__', s: '__proto__' });
  });
  it('quoteInexactNumbers returns the very text when nothing needs quoting', () => {
    const text = '{"channel":"heartbeat","n":[1,-2,3e]}';
    expect(quoteInexactNumbers(text)).toBe(text);
    expect(quoteInexactNumbers('{"p":1.5,"s":"2.5"}')).toBe('{"p":"1.5","s":"2.5"}');
  });
});

describe('encodeExactJson', () => {
  it('throws a typed error on functions, undefined and non-plain objects instead of writing them', async () => {
    const { encodeExactJson, num } = await import('../../../src/core/exact-json.js');
    const { KrakenValidationError } = await import('../../../src/core/errors.js');
    expect(encodeExactJson({ a: [1, num('0.10')], b: undefined, c: null })).toBe('{"a":[1,0.10],"c":null}');
    expect(() => encodeExactJson(undefined)).toThrow(KrakenValidationError);
    expect(() => encodeExactJson({ f: () => 1 })).toThrow(/\/f function has no JSON form/);
    expect(() => encodeExactJson([1, undefined])).toThrow(/\/1 undefined/);
    expect(() => encodeExactJson({ m: new Map() })).toThrow(/instance of Map/);
    expect(() => encodeExactJson(Number.NaN)).toThrow(KrakenValidationError);
    expect(() => encodeExactJson(Symbol('s'))).toThrow(KrakenValidationError);
  });
});
