/**
 * Currencies from Kraken's Assets data. A currency's precision is the asset's `decimals`: the
 * precision Kraken keeps balances, ledger amounts and fees at (ZUSD 4, XXBT 10), so a Kraken amount
 * always fits it. `display_decimals` is only how Kraken's own UI rounds for display, and a
 * default of 8 would be wrong for most fiat and many tokens.
 */
import { Currency, type CurrencyType } from '../../model/money.js';
import { normalizeAssetCode } from '../../kraken/common/symbology/legacy-codes.js';

/** The fields of an Assets entry read here (the generated `AssetInfo` fits). */
export interface AssetDecimals {
  readonly altname: string;
  readonly decimals: number;
  readonly aclass?: string;
}

export interface CurrencySpec {
  /** Standard code (`BTC`, `USD`, `AAPLx`). */
  readonly code: string;
  readonly precision: number;
  readonly currencyType: CurrencyType;
}

/** ISO fiat codes Kraken lists as assets; everything else it lists is a crypto asset or token. */
const FIAT_CODES: ReadonlySet<string> = new Set(['USD', 'EUR', 'GBP', 'CAD', 'JPY', 'CHF', 'AUD', 'AED', 'KRW']);

/** One spec per Kraken asset id (`XXBT` → BTC at 10 decimals), from an Assets result. */
export function currencySpecsFromAssets(assets: Readonly<Record<string, AssetDecimals>>): Map<string, CurrencySpec> {
  const out = new Map<string, CurrencySpec>();
  for (const [id, a] of Object.entries(assets)) {
    if (typeof a.decimals !== 'number' || !Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 18) continue;
    const code = normalizeAssetCode(a.altname ?? id);
    out.set(id, { code, precision: a.decimals, currencyType: FIAT_CODES.has(code) ? 'FIAT' : 'CRYPTO' });
  }
  return out;
}

/** Specs keyed by standard code instead (`BTC`), for products that name currencies by code (Futures). */
export function specsByCode(byAssetId: ReadonlyMap<string, CurrencySpec>): Map<string, CurrencySpec> {
  const out = new Map<string, CurrencySpec>();
  for (const spec of byAssetId.values()) if (!out.has(spec.code)) out.set(spec.code, spec);
  return out;
}

/**
 * The model's currency for a code: registered at Kraken's precision when the Assets data knows
 * it (reusing the registered instance when nothing changed, so instruments keep comparing equal),
 * else the currency already registered under that code, else a new one at the model's default.
 */
export function currencyOf(code: string, spec: CurrencySpec | undefined): Currency {
  const existing = Currency.get(code);
  if (spec === undefined) return existing ?? Currency.from(code);
  if (existing !== undefined && existing.precision === spec.precision && existing.currencyType === spec.currencyType) return existing;
  return Currency.register(code, spec.precision, spec.currencyType);
}
