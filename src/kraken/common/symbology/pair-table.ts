/**
 * Every name Kraken gives a Spot pair, and the one normalised `BASE/QUOTE` symbol they all map to.
 *
 * One pair has four names: the REST result key (`XXBTZUSD`), the altname (`XBTUSD`), the WS v1
 * `wsname` (`XBT/USD`) and the WS v2 symbol (`BTC/USD`). Only the last is also the market's own
 * name, so it is the normalised symbol: both legs go through the explicit legacy-code table
 * (legacy-codes.ts). The table is built from an AssetPairs result (plus Assets, when known) and
 * answers in both directions.
 */
import { KrakenValidationError } from '../../../core/errors.js';
import { normalizeAssetCode, normalizeSlashPair, standardSlashPair, type StandardSlashPair } from './legacy-codes.js';

/** The fields of an AssetPairs entry the table reads (the generated `AssetPair` fits). */
export interface AssetPairNaming {
  readonly altname?: string;
  readonly wsname?: string;
  readonly base?: string;
  readonly quote?: string;
}

/** The fields of an Assets entry the table reads (the generated `AssetInfo` fits). */
export interface AssetNaming {
  readonly altname: string;
}

export interface KrakenPairNames {
  /** The REST result key, e.g. `XXBTZUSD`. */
  readonly key: string;
  /** e.g. `XBTUSD`. */
  readonly altname: string;
  /** WS v1 name, e.g. `XBT/USD`; null when Kraken lists none. */
  readonly wsname: string | null;
  /** The normalised symbol, also the WS v2 symbol: `BTC/USD`. */
  readonly symbol: string;
  /** Normalised leg codes: `BTC`, `USD`. */
  readonly base: string;
  readonly quote: string;
  /** Kraken's asset ids of the legs (`XXBT`, `ZUSD`); null when the entry does not say. */
  readonly baseAsset: string | null;
  readonly quoteAsset: string | null;
}

/** The standard code of a Kraken asset id, through its altname when the Assets data is known. */
function legCode(assetId: string, assets: Readonly<Record<string, AssetNaming>> | undefined): string {
  const altname = assets !== undefined && Object.hasOwn(assets, assetId) ? assets[assetId]?.altname : undefined;
  return normalizeAssetCode(altname ?? assetId);
}

/**
 * The names of one AssetPairs entry, or a reason it has none. The `wsname` is preferred for the
 * legs because it already splits the pair; the asset ids are the fallback for pairs without one.
 */
export function pairNamesOf(
  key: string,
  pair: AssetPairNaming,
  assets?: Readonly<Record<string, AssetNaming>>,
): KrakenPairNames | { readonly error: string } {
  const wsname = typeof pair.wsname === 'string' && pair.wsname !== '' ? pair.wsname : null;
  let names: StandardSlashPair | undefined = wsname === null ? undefined : standardSlashPair(wsname);
  if (names === undefined && typeof pair.base === 'string' && typeof pair.quote === 'string' && pair.base !== '' && pair.quote !== '') {
    const symbol = `${legCode(pair.base, assets)}/${legCode(pair.quote, assets)}`;
    // An asset's altname may itself hold a slash: the legs are the symbol's first two parts.
    const [base, quote] = symbol.split('/') as [string, string];
    names = { symbol, base, quote };
  }
  if (names === undefined) return { error: `pair ${key} has neither a two-leg wsname nor base and quote` };
  const { symbol, base, quote } = names;
  return {
    key,
    altname: typeof pair.altname === 'string' && pair.altname !== '' ? pair.altname : key,
    wsname,
    symbol,
    base,
    quote,
    baseAsset: typeof pair.base === 'string' ? pair.base : null,
    quoteAsset: typeof pair.quote === 'string' ? pair.quote : null,
  };
}

const NAME_FIELDS = ['key', 'altname', 'wsname', 'symbol'] as const;

/** The name forms from the least authority up; null where a form equals a higher one of the same pair. */
const NAMES_LEAST_AUTHORITY_FIRST: readonly ((e: KrakenPairNames) => string | null)[] = [
  (e) => (e.symbol !== e.wsname ? e.symbol : null),
  (e) => e.wsname,
  (e) => (e.altname !== e.key ? e.altname : null),
  (e) => e.key,
];

export class KrakenPairTable {
  readonly #pairs: KrakenPairNames[] = [];
  readonly #byName = new Map<string, KrakenPairNames>();
  /** Upper-cased names, built on the first lookup that misses the exact names (most never do). */
  #byFoldedName: Map<string, KrakenPairNames> | undefined;
  /** Entries left out, each with the reason (no usable name, or a symbol another pair already has). */
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];

  constructor(entries: Iterable<KrakenPairNames>, skipped: readonly { key: string; reason: string }[] = []) {
    const out = [...skipped];
    const symbols = new Set<string>();
    for (const e of entries) {
      if (symbols.has(e.symbol)) {
        out.push({ key: e.key, reason: `symbol ${e.symbol} is already taken by another pair` });
        continue;
      }
      symbols.add(e.symbol);
      this.#pairs.push(e);
    }
    // Exact names, in order of authority: REST key, altname, WS v1 name, symbol, and within a
    // form, pair order; a later form never overwrites an earlier pair's name. Written from the
    // least authority up, each name's last write is its first in that order: one Map write per
    // name instead of a look-up and a write. A form equal to a higher one of the same pair (the
    // symbol of a standard wsname, the altname a key stands in for) is written there already.
    const pairs = this.#pairs;
    const byName = this.#byName;
    for (const nameOf of NAMES_LEAST_AUTHORITY_FIRST) {
      for (let i = pairs.length - 1; i >= 0; i--) {
        const e = pairs[i] as KrakenPairNames;
        const name = nameOf(e);
        if (name !== null) byName.set(name, e);
      }
    }
    this.skipped = Object.freeze(out);
  }

  /** The case-insensitive index, in the same order of authority as the exact one. */
  #folded(): Map<string, KrakenPairNames> {
    if (this.#byFoldedName !== undefined) return this.#byFoldedName;
    const folded = new Map<string, KrakenPairNames>();
    for (const field of NAME_FIELDS) {
      for (const e of this.#pairs) {
        const name = e[field]?.toUpperCase();
        if (name !== undefined && !folded.has(name)) folded.set(name, e);
      }
    }
    this.#byFoldedName = folded;
    return folded;
  }

  /** A table from an AssetPairs result (and the Assets result, for the legs' altnames). */
  static fromAssetPairs(pairs: Readonly<Record<string, AssetPairNaming>>, assets?: Readonly<Record<string, AssetNaming>>): KrakenPairTable {
    const entries: KrakenPairNames[] = [];
    const skipped: { key: string; reason: string }[] = [];
    const keys = Object.keys(pairs);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const names = pairNamesOf(key, pairs[key] as AssetPairNaming, assets);
      if ('error' in names) skipped.push({ key, reason: names.error });
      else entries.push(names);
    }
    return new KrakenPairTable(entries, skipped);
  }

  /** Every pair, in AssetPairs order. */
  all(): readonly KrakenPairNames[] {
    return this.#pairs;
  }

  get size(): number {
    return this.#pairs.length;
  }

  /**
   * The pair behind any of its names: `XXBTZUSD`, `XBTUSD`, `XBT/USD`, `BTC/USD`, and also a
   * slash name of legacy codes (`XXBT/ZUSD`). Case-insensitive as a fallback, as Kraken's REST is.
   */
  resolve(name: string): KrakenPairNames | undefined {
    const exact = this.#byName.get(name);
    if (exact !== undefined) return exact;
    const normalized = normalizeSlashPair(name);
    if (normalized !== undefined) {
      const bySymbol = this.#byName.get(normalized);
      if (bySymbol !== undefined) return bySymbol;
    }
    const folded = this.#folded();
    return folded.get(name.toUpperCase()) ?? (normalized === undefined ? undefined : folded.get(normalized.toUpperCase()));
  }

  /** Like `resolve`, but an unknown name is a `KrakenValidationError`. */
  require(name: string): KrakenPairNames {
    const names = this.resolve(name);
    if (names === undefined)
      throw new KrakenValidationError('Kraken pair', [{ path: '', message: `unknown Kraken Spot pair ${JSON.stringify(name)}` }]);
    return names;
  }

  /** The normalised `BASE/QUOTE` symbol of any Kraken pair name. */
  toSymbol(name: string): string {
    return this.require(name).symbol;
  }
  /** The REST result key (`XXBTZUSD`) of any pair name. */
  toRestKey(name: string): string {
    return this.require(name).key;
  }
  /** The altname (`XBTUSD`) of any pair name. */
  toAltname(name: string): string {
    return this.require(name).altname;
  }
  /** The WS v1 name (`XBT/USD`) of any pair name, or null when Kraken lists none. */
  toWsName(name: string): string | null {
    return this.require(name).wsname;
  }
  /** The WS v2 symbol (`BTC/USD`) of any pair name. */
  toWsV2Symbol(name: string): string {
    return this.require(name).symbol;
  }
}
