import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/kraken/book/crc32.js';
import { spotBookChecksum } from '../../../src/kraken/spot/book/checksum.js';
import { SpotOrderBook } from '../../../src/kraken/spot/book/spot-order-book.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { BTC_ASKS, BTC_BIDS, MATIC_ASKS, MATIC_BIDS, spotFrame, type Level } from './frames.js';

const BTC = { symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8 } as const;
const MATIC = { symbol: 'MATIC/USD', depth: 10, pricePrecision: 4, qtyPrecision: 8 } as const;

describe("Spot v2 book checksum vectors (Kraken's documented examples)", () => {
  it('BTC/USD example: official strings hash to 3310070434', () => {
    const asks =
      '45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827';
    const bids =
      '452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238';
    expect(crc32(asks + bids)).toBe(3310070434);
  });

  it('BTC/USD example: official levels → 3310070434 (helper keeps 45281.0 → 452810 and 0.10000000 → 10000000)', () => {
    expect(spotBookChecksum(BTC_ASKS, BTC_BIDS)).toBe(3310070434);
  });

  it('BTC/USD example: the book verifies the official snapshot from raw text, JSON.parse output and parseVenueJson output', () => {
    const text = spotFrame('snapshot', 'BTC/USD', BTC_BIDS, BTC_ASKS, 3310070434);
    for (const message of [text, JSON.parse(text) as object, parseVenueJson(text) as object]) {
      const book = new SpotOrderBook(BTC);
      expect(book.apply(message)).toEqual({ ok: true });
      expect(book.isValid).toBe(true);
      expect(book.checksum).toBe(3310070434);
      // exact strings at the pair's precision, best first
      expect(book.bids(4)).toEqual([
        ['45283.5', '0.10000000'],
        ['45283.4', '1.54582015'],
        ['45282.1', '0.10000000'],
        ['45281.0', '0.10000000'],
      ]);
      expect(book.asks(1)).toEqual([['45285.2', '0.00100000']]);
    }
  });

  it('BTC/USD example: a single-digit change to one level is caught on the same message', () => {
    const asks: Level[] = BTC_ASKS.map((l, i) => (i === 7 ? ['45296.1', '0.35380001'] : l));
    const book = new SpotOrderBook(BTC);
    expect(book.apply(spotFrame('snapshot', 'BTC/USD', BTC_BIDS, asks, 3310070434))).toEqual({
      ok: false,
      reason: 'checksum-mismatch',
    });
    expect(book.isValid).toBe(false);
  });

  // Quirk (Kraken's MATIC/USD example): the doc prints JSON numbers in shortest form, but Kraken hashes
  // engine-precision text (0.5660, 18097.15470000). Shortest-form hashing gives the ✗ values.
  it('MATIC/USD example: shortest-form text gives the wrong CRCs 3830085102 / 3370583384', () => {
    expect(spotBookChecksum(MATIC_ASKS, MATIC_BIDS)).toBe(3830085102);
    const updated = MATIC_BIDS.map((l) => (l[0] === '0.5657' ? (['0.5657', '1098.3947558'] as const) : l));
    expect(spotBookChecksum(MATIC_ASKS, updated)).toBe(3370583384);
  });

  it('MATIC/USD example: spotBookChecksum with the pair precision re-scales shortest-form text → 2439117997', () => {
    expect(spotBookChecksum(MATIC_ASKS, MATIC_BIDS, { price: 4, qty: 8 })).toBe(2439117997);
    const updated = MATIC_BIDS.map((l) => (l[0] === '0.5657' ? (['0.5657', '1098.3947558'] as const) : l));
    expect(spotBookChecksum(MATIC_ASKS, updated, { price: 4, qty: 8 })).toBe(2114181697);
    expect(spotBookChecksum(BTC_ASKS, BTC_BIDS, { price: 1, qty: 8 })).toBe(3310070434);
    expect(() => spotBookChecksum([['0.56601', '1']], [], { price: 4, qty: 8 })).toThrow(/at most 4 decimals/);
  });

  it('MATIC/USD example: the book re-scales shortest-form tokens to precision 4/8 → 2439117997 then 2114181697', () => {
    const book = new SpotOrderBook(MATIC);
    expect(book.apply(spotFrame('snapshot', 'MATIC/USD', MATIC_BIDS, MATIC_ASKS, 2439117997))).toEqual({ ok: true });
    expect(book.bids()[6]).toEqual(['0.5660', '18097.15470000']);
    expect(book.asks()[2]).toEqual(['0.5670', '49844.89424998']);
    const update = spotFrame('update', 'MATIC/USD', [['0.5657', '1098.3947558']], [], 2114181697);
    expect(book.apply(update)).toEqual({ ok: true });
    expect(book.bids()[9]).toEqual(['0.5657', '1098.39475580']);
    expect(book.checksum).toBe(2114181697);
  });

  it('MATIC/USD example: the same update carrying the shortest-form checksum is refused', () => {
    const book = new SpotOrderBook(MATIC);
    book.apply(spotFrame('snapshot', 'MATIC/USD', MATIC_BIDS, MATIC_ASKS, 2439117997));
    expect(book.apply(spotFrame('update', 'MATIC/USD', [['0.5657', '1098.3947558']], [], 3370583384)).reason).toBe('checksum-mismatch');
  });

  it("Kraken's level3 and v1 example strings: the CRC core matches 1063832831 and 974947235", () => {
    const l3 =
      '44939545230839344939511126144939510000044939510000004495001033492644953064537449550250000449596356300004495963563000044960133807244960288967575449670314392283449785677896044979235630000' +
      '449394889686994493944521000044939410000000449394142963234493942500000044939410292988449394338800004493941281408604493713346877449347356300004493022273429944930210000004493025550000449302700000004493021500000044928010524044919633870000449195761000044912035630000449097669000044901988982';
    expect(crc32(l3)).toBe(1063832831);
    const v1 =
      '5005500501050050155005020500502550050305005035500504050050455005050500' +
      '5000500499550049905004980500497550049705004965500496050049555004950500';
    expect(crc32(v1)).toBe(974947235);
  });
});
