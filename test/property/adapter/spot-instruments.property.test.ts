/**
 * A whole AssetPairs load shares the values many pairs have in common (leverage lists, first-tier
 * fees, one-unit steps). The shared load must give every pair exactly what parsing that pair on
 * its own gives: the same instrument to the last digit and precision, or the same failure.
 * Random pair lists mix equal and unequal fee texts (`0.26` and `0.260` are different values
 * here: their precisions differ), more distinct leverage lists than the load keeps, and bad fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssetPairsResult } from '../../../generated/spot-rest/types.gen.js';
import { KrakenError } from '../../../src/core/errors.js';
import { parseSpotInstrument, parseSpotInstruments, type SpotAssetPair } from '../../../src/adapter/instruments/spot-instruments.js';
import type { Instrument } from '../../../src/model/instruments.js';

const TS = 1_700_000_000_000_000_000n;

const exact = (v: { toString(): string; precision: number } | null): string | null =>
  v === null ? null : `${v.toString()}@${v.precision}`;

/** Every field of an instrument, values with their precision. */
function facts(i: Instrument): unknown {
  return {
    class: i.constructor.name,
    id: i.id.toString(),
    rawSymbol: i.rawSymbol.value,
    currencies: [i.baseCurrency, i.quoteCurrency, i.settlementCurrency].map((c) => `${c.code}:${c.precision}:${c.currencyType}`),
    precisions: [i.pricePrecision, i.sizePrecision],
    values: [i.priceIncrement, i.sizeIncrement, i.multiplier, i.minQuantity, i.makerFee, i.takerFee, i.marginInit, i.marginMaint].map(
      exact,
    ),
    minNotional: i.minNotional === null ? null : `${exact(i.minNotional)} ${i.minNotional.currency.code}`,
    leverage: [[...i.leverageBuy], [...i.leverageSell], Object.isFrozen(i.leverageBuy), Object.isFrozen(i.leverageSell)],
    maxLeverage: i.maxLeverage === null ? null : exact(i.maxLeverage),
    ts: [i.tsEvent, i.tsInit],
  };
}

/** Mostly good values, now and then a bad one: most pairs load, and some fail on each field. */
const mostly = <T>(good: fc.Arbitrary<T>, ...bad: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: good, weight: 30 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });

const feeText = mostly(fc.constantFrom<unknown>('0.26', '0.260', '0.4', '0.1', '0.0', '0', 0, 26, '1e-1'), 'bad', 0.25);
const tiers = fc.oneof(fc.constant(undefined), fc.constant([]), fc.array(fc.tuple(fc.nat(1000), feeText), { minLength: 1, maxLength: 3 }));
const leverage = fc.oneof(fc.constant(undefined), fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }));
const pair = fc.record(
  {
    pair_decimals: mostly(fc.integer({ min: 5, max: 10 }), 0, 1, 19, -1, '2'),
    lot_decimals: mostly(fc.integer({ min: 9, max: 12 }), 0, 4, 19, 1.5),
    tick_size: mostly(fc.constantFrom<unknown>(undefined, '1', '0.1', '0.01', '0.00001', '0.5', '0.05', '1e-2', 5), '0', '-0.1', 'x'),
    ordermin: mostly(fc.constantFrom<unknown>(undefined, '0.00005', '1', '0.5', '0.000000001', 10), '-1', 'y'),
    costmin: mostly(fc.constantFrom<unknown>(undefined, '0.5', '5', '0.12345'), 'x'),
    fees: tiers,
    fees_maker: tiers,
    leverage_buy: leverage,
    leverage_sell: leverage,
    status: fc.constantFrom<unknown>(undefined, 'online', 'cancel_only'),
  },
  { requiredKeys: [] },
);

describe('a whole Spot load against each pair parsed on its own', () => {
  it('gives every pair the same instrument or the same failure', () => {
    let loaded = 0;
    let failed = 0;
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 60 }), (entries) => {
        const pairs: Record<string, unknown> = {};
        entries.forEach((p, i) => {
          pairs[`PTK${i}ZUSD`] = { altname: `PTK${i}USD`, wsname: `PTK${i}/USD`, base: `PTK${i}`, quote: 'ZUSD', ...p };
        });
        const load = parseSpotInstruments(pairs as AssetPairsResult, undefined, TS);

        const alone: unknown[] = [];
        const failures: { name: string; reason: string }[] = [];
        for (const names of load.table.all()) {
          const p = pairs[names.key] as SpotAssetPair;
          try {
            alone.push([names.key, facts(parseSpotInstrument(names, p, new Map(), TS)), p.status ?? 'online']);
          } catch (e) {
            if (!(e instanceof KrakenError)) throw e;
            failures.push({ name: names.key, reason: e.message });
          }
        }
        expect(load.instruments.map((x) => [x.names.key, facts(x.instrument), x.venueStatus])).toEqual(alone);
        expect(load.failures).toEqual(failures);
        loaded += load.instruments.length;
        failed += failures.length;
      }),
      { numRuns: 300 },
    );
    // The runs must have loaded pairs to compare, and seen failures too.
    expect(loaded).toBeGreaterThan(failed);
    expect(failed).toBeGreaterThan(0);
  });

  it('keeps no wire array: changing the input after the load changes no instrument', () => {
    const pairs: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) {
      pairs[`PTL${i}ZUSD`] = { wsname: `PTL${i}/USD`, pair_decimals: 1, lot_decimals: 8, leverage_buy: [2, 3], leverage_sell: [2, 3] };
    }
    const load = parseSpotInstruments(pairs as AssetPairsResult, undefined, TS);
    for (const p of Object.values(pairs) as { leverage_buy: number[] }[]) p.leverage_buy.push(9);
    for (const { instrument } of load.instruments) {
      expect(instrument.leverageBuy).toEqual([2, 3]);
      expect(Object.isFrozen(instrument.leverageBuy)).toBe(true);
    }
  });
});
