/**
 * Kraken's legacy asset codes and the standard codes they stand for.
 *
 * Kraken's REST API still names its oldest assets by an X- or Z-prefixed four-letter id (`XXBT`,
 * `ZUSD`, `XETH`), and two by an altname that is not the market's code (`XBT` for bitcoin, `XDG`
 * for dogecoin). WS v2 and every other venue say `BTC`, `DOGE`, `USD`, `ETH`. The table below is
 * explicit on purpose: no prefix is ever stripped by rule, because newer assets whose names
 * merely begin with X or Z (`ZEUS`, `ZRX`, `XTZ`, `XCN`) are their own codes.
 */

/** Kraken code (asset id or altname) → standard code. Every entry is a code Kraken really uses. */
export const KRAKEN_LEGACY_ASSET_CODES: Readonly<Record<string, string>> = Object.freeze({
  // Bitcoin and dogecoin: Kraken's altnames differ from the market's codes.
  XXBT: 'BTC',
  XBT: 'BTC',
  XXDG: 'DOGE',
  XDG: 'DOGE',
  // Crypto assets listed before Kraken's current naming: X + the code.
  XETH: 'ETH',
  XETC: 'ETC',
  XLTC: 'LTC',
  XXRP: 'XRP',
  XXLM: 'XLM',
  XXMR: 'XMR',
  XZEC: 'ZEC',
  XREP: 'REP',
  XMLN: 'MLN',
  XICN: 'ICN',
  XNMC: 'NMC',
  XXVN: 'XVN',
  // Fiat currencies listed before Kraken's current naming: Z + the ISO code.
  ZUSD: 'USD',
  ZEUR: 'EUR',
  ZGBP: 'GBP',
  ZCAD: 'CAD',
  ZJPY: 'JPY',
  ZAUD: 'AUD',
  ZKRW: 'KRW',
});

/** The legacy table as a Map: a lookup by an arbitrary (not interned) string is cheaper there than as an object property. */
const STANDARD_BY_LEGACY: ReadonlyMap<string, string> = new Map(Object.entries(KRAKEN_LEGACY_ASSET_CODES));

/** The standard code of a Kraken asset code; codes not in the legacy table are already standard. */
export function normalizeAssetCode(code: string): string {
  return STANDARD_BY_LEGACY.get(code) ?? code;
}

const LEGACY_BY_STANDARD: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [legacy, standard] of Object.entries(KRAKEN_LEGACY_ASSET_CODES)) {
    const list = m.get(standard) ?? [];
    list.push(legacy);
    m.set(standard, list);
  }
  return m;
})();

/** Every Kraken legacy code that stands for a standard code (`BTC` → `['XXBT', 'XBT']`); empty when none. */
export function legacyCodesOf(standard: string): readonly string[] {
  return LEGACY_BY_STANDARD.get(standard) ?? [];
}

/**
 * A `BASE/QUOTE` name (WS v1 `wsname` such as `XBT/USD`, or any slash-separated pair) with both
 * legs normalised: `XBT/USD` → `BTC/USD`, `ETH/XBT` → `ETH/BTC`, `XDG/EUR` → `DOGE/EUR`.
 * Returns undefined when the text is not exactly two non-empty legs.
 */
export function normalizeSlashPair(name: string): string | undefined {
  return standardSlashPair(name)?.symbol;
}

/** A two-leg slash name in standard codes: the symbol and its legs. */
export interface StandardSlashPair {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
}

/** `normalizeSlashPair`, with the legs; undefined when the text is not exactly two non-empty legs. */
export function standardSlashPair(name: string): StandardSlashPair | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1 || name.indexOf('/', slash + 1) >= 0) return undefined;
  const legBase = name.slice(0, slash);
  const legQuote = name.slice(slash + 1);
  const base = normalizeAssetCode(legBase);
  const quote = normalizeAssetCode(legQuote);
  // Most names are already standard: the same text back, without building it again.
  return { symbol: base === legBase && quote === legQuote ? name : `${base}/${quote}`, base, quote };
}
