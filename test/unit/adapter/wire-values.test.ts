import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { checkRange, withinRange } from '../../../src/adapter/common/time-range.js';
import { isoToNs, msToNs, nsToSecondsFloor, secondsToNs } from '../../../src/adapter/common/wire-time.js';
import { decimalsOf, percentToFraction, priceAt, priceAtLeast, quantityAt, wireText } from '../../../src/adapter/common/wire-values.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';

describe('exact wire values', () => {
  it('place wire text at the instrument precision, exactly or not at all', () => {
    expect(priceAt('105433.60000', 1, '/p').toString()).toBe('105433.6');
    expect(priceAt('67432', 1, '/p').toString()).toBe('67432.0');
    expect(priceAt(67432, 2, '/p').toString()).toBe('67432.00');
    expect(priceAt('1e-10', 10, '/p').toString()).toBe('0.0000000001');
    expect(quantityAt('0.00010000', 4, '/q').toString()).toBe('0.0001');
    expect(() => priceAt('105433.65', 1, '/result/X/0')).toThrow(/\/result\/X\/0 105433.65 has more than the instrument's 1 decimals/);
    expect(() => quantityAt('-1', 0, '/q')).toThrow(/cannot be negative/);
    expect(() => priceAt(0.1, 1, '/p')).toThrow(KrakenValidationError); // a float never passes
    expect(() => wireText(Number.MAX_SAFE_INTEGER + 2, '/n')).toThrow(KrakenValidationError);
    expect(priceAtLeast('67101.23456789012', 0, '/m').toString()).toBe('67101.23456789012');
    expect(priceAtLeast('67519.00000000000', 1, '/m').toString()).toBe('67519.0');
  });

  it('percentages become fractions by moving the scale, and increments give their decimals', () => {
    expect(percentToFraction('0.26', '/f').toString()).toBe('0.0026');
    expect(percentToFraction('-0.02', '/f').toString()).toBe('-0.0002');
    expect(percentToFraction(0, '/f').toString()).toBe('0.00');
    expect([decimalsOf('0.5', '/t'), decimalsOf('1e-10', '/t'), decimalsOf('25', '/t'), decimalsOf('0.10', '/t')]).toEqual([1, 10, 0, 1]);
  });

  it('times to nanoseconds without a float', () => {
    expect(secondsToNs('1688669597.8277369', '/t')).toBe(1688669597827736900n);
    expect(secondsToNs(1688669597, '/t')).toBe(1688669597000000000n);
    expect(secondsToNs('1.1234567891', '/t')).toBe(1123456789n);
    expect(isoToNs('2026-05-27T09:59:58.123Z', '/t')).toBe(1779875998123000000n);
    expect(isoToNs('2026-05-27T09:59:58.123456789Z', '/t')).toBe(1779875998123456789n);
    expect(isoToNs('2026-05-27T09:59:58+00:00', '/t')).toBe(1779875998000000000n);
    expect(msToNs(1779872400000, '/t')).toBe(1779872400000000000n);
    expect(nsToSecondsFloor(1999999999n)).toBe(1n);
    expect(() => isoToNs('2026-05-27 09:59', '/t')).toThrow(KrakenValidationError);
    expect(() => secondsToNs('1e9', '/t')).toThrow(KrakenValidationError);
  });
});

describe('isoToNs within one second (only the fraction is read once the second is known)', () => {
  it('gives exactly what a fresh parse gives, and refuses what a fresh parse refuses', () => {
    const second = '2026-05-27T09:59:58';
    const base = 1779875998000000000n;
    isoToNs(`${second}.5Z`, '/t'); // the second is now known
    const cases: [string, bigint][] = [
      [`${second}Z`, base],
      [`${second}.1Z`, base + 100000000n],
      [`${second}.000001Z`, base + 1000n],
      [`${second}.440295Z`, base + 440295000n],
      [`${second}.123456789Z`, base + 123456789n],
      [`${second}.999999999Z`, base + 999999999n],
    ];
    for (const [text, ns] of cases) expect(isoToNs(text, '/t')).toBe(ns);
    for (const bad of [`${second}.Z`, `${second}.1234567890Z`, `${second}.12a4Z`, `${second}.12`, `${second}x`, `${second}.1z`]) {
      expect(() => isoToNs(bad, '/t')).toThrow(KrakenValidationError);
    }
    expect(isoToNs(`${second}.25+00:00`, '/t')).toBe(base + 250000000n);
    expect(isoToNs('2026-05-27T09:59:59.000001Z', '/t')).toBe(base + 1000001000n); // the next second
    expect(isoToNs(`${second}.000001Z`, '/t')).toBe(base + 1000n); // and back
  });
});

describe('time ranges', () => {
  it('are checked once and applied inclusively, keeping the most recent `limit`', () => {
    const r = checkRange({ start: 2n, end: 5n, limit: 2 }, 'x');
    expect(withinRange([1n, 2n, 3n, 4n, 5n, 6n], (t) => t, r)).toEqual([4n, 5n]);
    expect(withinRange([1n, 2n], (t) => t, checkRange(undefined, 'x'))).toEqual([1n, 2n]);
    expect(() => checkRange({ start: 5n, end: 2n }, 'x')).toThrow(/end is before start/);
    expect(() => checkRange({ limit: 0 }, 'x')).toThrow(/limit must be a positive integer/);
    expect(() => checkRange({ start: 5 as never }, 'x')).toThrow(/bigint/);
  });
});

describe('raw clients with resolved credentials', () => {
  it('use the credentials given, and with null none at all, whatever apiKey or the environment say', () => {
    const secret = Buffer.from('secret').toString('base64');
    expect(new KrakenSpotRawHttpClient({ credentials: null, apiKey: 'k', apiSecret: secret }).hasCredentials).toBe(false);
    expect(new KrakenFuturesRawHttpClient({ credentials: null, apiKey: 'k', apiSecret: secret }).hasCredentials).toBe(false);
  });
});
