import { describe, expect, it } from 'vitest';
import { KrakenTransportError, parseVenueJson } from '../../../src/index.js';

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
    try {
      parseVenueJson('<html>502</html>');
    } catch (e) {
      expect((e as KrakenTransportError).failure).toBe('bad-body');
    }
  });
  it('refuses __proto__ keys so no decoded object can poison a prototype (RELIABILITY D8)', () => {
    expect(() => parseVenueJson('{"a":{"__proto__":{"polluted":1}}}')).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
