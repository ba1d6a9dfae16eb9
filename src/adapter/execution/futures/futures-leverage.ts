/**
 * Futures leverage. Kraken Futures has no leverage field on an order: a symbol's leverage is its
 * preference (`PUT leveragepreferences`: `maxLeverage` puts the symbol in isolated margin with that
 * cap; no `maxLeverage` returns it to cross margin). A per-order `params: { leverage }` or a
 * per-symbol setting therefore becomes a preference, set before the order goes out and only when it
 * changes.
 *
 * What the venue allows comes from the instrument's margin tiers: at a position of `size`, the
 * tier that applies (the last one starting at or below it) caps leverage at one over its initial
 * margin rate.
 */
import { KrakenValidationError } from '../../../core/errors.js';
import type { KrakenFuturesRawHttpClient } from '../../../kraken/futures/http/raw-client.js';
import type { Quantity } from '../../../model/values.js';
import { Decimal } from '../../../model/values.js';
import type { SupportResult } from '../../../node/commands.js';
import { maxLeverageOf, type KrakenMarginTier } from '../../instruments/futures-instruments.js';

/** The margin tier that applies to a position of `size` (tiers sorted by their start). */
export function tierAt(tiers: readonly KrakenMarginTier[], size: Quantity): KrakenMarginTier | undefined {
  let found: KrakenMarginTier | undefined;
  for (const t of tiers) if (t.from.lte(size)) found = t;
  return found ?? tiers[0];
}

/** An exact leverage from `params.leverage` (a number as written, or decimal text); null when it is neither. */
export function parseLeverage(v: unknown): Decimal | null {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : null;
  if (text === null || !/^\d+(\.\d+)?$/.test(text)) return null;
  return Decimal.fromStr(text);
}

/** Whether `leverage` is allowed for a position of `size` under `tiers`. */
export function checkFuturesLeverage(leverage: unknown, tiers: readonly KrakenMarginTier[], size: Quantity, symbol: string): SupportResult {
  const value = parseLeverage(leverage);
  const cap = maxLeverageOf(tierAt(tiers, size));
  const why = `Kraken Futures: leverage ${String(leverage)} is not offered on ${symbol}`;
  if (cap === null) return { ok: false, reason: `${why} (it lists no margin tiers)` };
  if (value === null || value.lt(Decimal.fromInt(1)) || value.gt(cap)) {
    return { ok: false, reason: `${why} at size ${size.toString()} (from 1 to ${cap.toString()})` };
  }
  return { ok: true };
}

/** The account's leverage preferences as this client last set or read them, set only on change. */
export class FuturesLeveragePreferences {
  /** Symbol → max leverage text; a symbol absent is in cross margin. */
  readonly #current = new Map<string, string>();
  #loaded = false;

  constructor(private readonly raw: KrakenFuturesRawHttpClient) {}

  /** Reads the venue's preferences (once per connection). */
  async load(): Promise<void> {
    const res = await this.raw.getLeveragePreferences();
    this.#current.clear();
    for (const p of res.leveragePreferences) this.#current.set(p.symbol, String(p.maxLeverage));
    this.#loaded = true;
  }

  /** Every symbol with a leverage cap (isolated margin), read from the venue now. */
  async read(): Promise<Map<string, Decimal>> {
    await this.load();
    return new Map([...this.#current].map(([symbol, v]) => [symbol, Decimal.fromStr(v)]));
  }

  /** The cap currently set for `symbol`, or null (cross margin). */
  current(symbol: string): Decimal | null {
    const v = this.#current.get(symbol);
    return v === undefined ? null : Decimal.fromStr(v);
  }

  /** Sets `symbol`'s leverage to `leverage` (null: cross margin) unless it already is. */
  async ensure(symbol: string, leverage: Decimal | null): Promise<boolean> {
    if (!this.#loaded) await this.load();
    const have = this.current(symbol);
    if (leverage === null ? have === null : have !== null && have.equals(leverage)) return false;
    if (leverage !== null && leverage.lt(Decimal.fromInt(1))) {
      throw new KrakenValidationError('Kraken Futures leverage', [{ path: '/maxLeverage', message: 'must be at least 1' }]);
    }
    const text = leverage?.normalized().toString();
    await this.raw.setLeveragePreferences(text === undefined ? { symbol } : { symbol, maxLeverage: text });
    if (text === undefined) this.#current.delete(symbol);
    else this.#current.set(symbol, text);
    return true;
  }
}
