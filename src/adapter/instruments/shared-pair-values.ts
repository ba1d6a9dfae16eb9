/**
 * Values that many pairs of one AssetPairs load share, each built once for the load: the leverage
 * lists (Kraken gives most pairs one of a few: none, `[2, 3]`, `[2, 3, 4, 5]`), the first-tier
 * fees (most pairs have the same schedule) and the one-unit steps at each precision (every size
 * step, and most ticks). A fresh frozen list per pair and side was a fifth of an instrument's
 * cost. A value is reused only for exactly the same wire value (the same fee text, a list with the
 * same elements, the same precision), and what is kept is immutable (frozen lists, `Decimal`s,
 * `Price`s, `Quantity`s), so a pair can never see another's data. One instance serves one load,
 * and keeps at most a handful.
 */
import { percentToFraction } from '../common/wire-values.js';
import { type Decimal, Price, Quantity } from '../../model/values.js';

/** How many distinct lists of one length, and fee texts, a load keeps; more are built per pair. */
const KEPT = 16;

/** `Array.isArray` without narrowing a readonly list to `any[]`. */
const isArray: (value: unknown) => boolean = Array.isArray;

const NO_LEVERAGE: readonly number[] = Object.freeze([]);

/** A fee schedule as the wire gives it: `[[volume, percent], ...]`. */
type FeeTiers = readonly (readonly unknown[])[] | undefined;

export class SharedPairValues {
  readonly #listsByLength = new Map<number, (readonly number[])[]>();
  readonly #feeByText = new Map<string, Decimal>();
  // Indexed by precision; only a valid precision (0..18) is ever stored.
  readonly #unitPrices: Price[] = [];
  readonly #unitSizes: Quantity[] = [];

  /** The price `1 × 10^-precision`; a precision out of range is the model's error. */
  unitPrice(precision: number): Price {
    return (this.#unitPrices[precision] ??= Price.fromRaw(1n, precision));
  }

  /** The quantity `1 × 10^-precision`; a precision out of range is the model's error. */
  unitSize(precision: number): Quantity {
    return (this.#unitSizes[precision] ??= Quantity.fromRaw(1n, precision));
  }

  /** A leverage list as a frozen array (empty when absent). */
  leverage(list: readonly number[] | undefined): readonly number[] {
    if (list === undefined) return NO_LEVERAGE;
    if (!isArray(list)) return Object.freeze([...list]);
    if (list.length === 0) return NO_LEVERAGE;
    let kept = this.#listsByLength.get(list.length);
    if (kept === undefined) this.#listsByLength.set(list.length, (kept = []));
    for (const known of kept) if (sameElements(known, list)) return known;
    const copy = Object.freeze([...list]);
    if (kept.length < KEPT) kept.push(copy);
    return copy;
  }

  /**
   * The first tier's fee of a schedule as a fraction (`0.26` % → `0.0026`), or undefined without
   * one; the field's path is `at` + `field` + `/0/1`.
   */
  firstTierFee(tiers: FeeTiers, at: string, field: string): Decimal | undefined {
    const first = tiers?.[0];
    if (first === undefined) return undefined;
    const percent = first[1];
    if (typeof percent !== 'string') return percentToFraction(percent, at, `${field}/0/1`);
    const known = this.#feeByText.get(percent);
    if (known !== undefined) return known;
    const fee = percentToFraction(percent, at, `${field}/0/1`);
    if (this.#feeByText.size < KEPT) this.#feeByText.set(percent, fee);
    return fee;
  }
}

function sameElements(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
