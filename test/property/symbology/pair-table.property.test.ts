/**
 * The Spot pair table's name index and the slash-name normaliser against their plain definitions,
 * on random pair lists whose names collide on purpose: a name any pair uses resolves to the pair
 * the order of authority says (REST key, then altname, WS v1 name, symbol; within a form, pair
 * order), whatever order the index is written in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeAssetCode, normalizeSlashPair } from '../../../src/kraken/common/symbology/legacy-codes.js';
import { KrakenPairTable, pairNamesOf, type KrakenPairNames } from '../../../src/kraken/common/symbology/pair-table.js';

const RUNS = { numRuns: 500 };

/** Few letters and some legacy codes, so that names of different pairs often coincide. */
const code = fc.constantFrom('A', 'B', 'AB', 'XBT', 'XXBT', 'ZUSD', 'USD', 'BTC', 'XDG', 'DOGE', 'ETH');
const name = fc.oneof(
  code,
  fc.tuple(code, code).map(([a, b]) => `${a}${b}`),
  fc.tuple(code, code).map(([a, b]) => `${a}/${b}`),
);

const pairEntry = fc.record(
  {
    altname: fc.oneof(name, fc.constant('')),
    wsname: fc.oneof(
      fc.tuple(code, code).map(([a, b]) => `${a}/${b}`),
      name,
      fc.constant(''),
    ),
    base: code,
    quote: code,
  },
  { requiredKeys: [] },
);
const assetPairs = fc.uniqueArray(fc.tuple(name, pairEntry), { selector: ([key]) => key, maxLength: 12 });

/** The definition: the first pair, in the order of authority, that has the name. */
function referenceResolve(pairs: readonly KrakenPairNames[], n: string): KrakenPairNames | undefined {
  for (const field of ['key', 'altname', 'wsname', 'symbol'] as const) {
    for (const p of pairs) if (p[field] === n) return p;
  }
  return undefined;
}

/** The definition of a slash name's normal form: split on `/`, exactly two non-empty legs. */
function referenceSlash(text: string): string | undefined {
  const legs = text.split('/');
  if (legs.length !== 2 || legs[0] === '' || legs[1] === '') return undefined;
  return `${normalizeAssetCode(legs[0]!)}/${normalizeAssetCode(legs[1]!)}`;
}

/** The definition of a pair's symbol and legs: the wsname's normal form, else the asset ids' codes. */
function referenceLegs(pair: { wsname?: string; base?: string; quote?: string }): string[] | undefined {
  const symbol =
    (pair.wsname ? referenceSlash(pair.wsname) : undefined) ??
    (pair.base && pair.quote ? `${normalizeAssetCode(pair.base)}/${normalizeAssetCode(pair.quote)}` : undefined);
  return symbol === undefined ? undefined : [symbol, ...symbol.split('/').slice(0, 2)];
}

describe('KrakenPairTable name index', () => {
  it('names each pair by its wsname, else its asset ids, as the definition does', () => {
    fc.assert(
      fc.property(assetPairs, (rows) => {
        for (const [key, pair] of rows) {
          const names = pairNamesOf(key, pair);
          const legs = referenceLegs(pair);
          if (legs === undefined) expect(names).toEqual({ error: `pair ${key} has neither a two-leg wsname nor base and quote` });
          else expect('error' in names ? names : [names.symbol, names.base, names.quote]).toEqual(legs);
        }
      }),
      RUNS,
    );
  });

  it('resolves every name exactly as the order of authority says, on colliding names', () => {
    fc.assert(
      fc.property(assetPairs, (rows) => {
        const table = KrakenPairTable.fromAssetPairs(Object.fromEntries(rows));
        const pairs = table.all();
        const names = new Set<string>();
        for (const p of pairs) for (const n of [p.key, p.altname, p.wsname, p.symbol]) if (n !== null) names.add(n);
        for (const n of names) {
          // resolve() falls back to a slash name's normal form and to case folding only on a miss,
          // so an exact name must come from the exact index, by the rule.
          expect(table.resolve(n)).toBe(referenceResolve(pairs, n));
        }
      }),
      RUNS,
    );
  });

  it('a pair built by hand with duplicate names keeps the first one, as from AssetPairs', () => {
    const first = pairNamesOf('K1', { altname: 'SAME', wsname: 'A/B' }) as KrakenPairNames;
    const second = pairNamesOf('K2', { altname: 'K1', wsname: 'SAME' }) as KrakenPairNames;
    const third = { ...first, key: 'K1', symbol: 'C/D', wsname: 'C/D' };
    const table = new KrakenPairTable([first, second, third]);
    expect(table.all()).toEqual([first, second, third]);
    expect(table.resolve('K1')).toBe(first); // a REST key outranks another pair's altname and the later same key
    expect(table.resolve('SAME')).toBe(first); // an altname outranks a later pair's wsname
    expect(table.resolve('C/D')).toBe(third);
  });
});

describe('normalizeSlashPair', () => {
  it('equals the split definition on any text of legacy codes, slashes and other letters', () => {
    const piece = fc.constantFrom('', '/', 'XBT', 'XXBT', 'ZUSD', 'USD', 'x', 'XDG', '//');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), (parts) => {
        const text = parts.join('');
        expect(normalizeSlashPair(text)).toBe(referenceSlash(text));
      }),
      { numRuns: 2000 },
    );
  });
});
