/**
 * A leaky counter on a `Clock`: each call adds its cost, the level drains continuously at a fixed
 * rate, and a call fits when the level plus its cost stays at or under the maximum. Every Kraken
 * limit krakenkit models is one of these (the Spot REST counter, the per-pair trading counter, the
 * Futures cost budget and history pool, and the flat requests-per-second ceiling).
 *
 * The level is kept in integer micro-units and drained from an anchor (the level and time of the
 * last charge), so rates like 0.33/s or 2.34/s never accumulate binary-float drift; the drain is
 * rounded down, so the model is never more optimistic than the exact one.
 */
import type { Clock } from '../../core/clock.js';
import type { CounterLimits } from './tiers.js';

const MICRO = 1_000_000;

function toMicro(units: number): number {
  return Math.round(units * MICRO);
}

export class LeakyCounter implements CounterLimits {
  readonly max: number;
  readonly decayPerSecond: number;
  readonly #clock: Clock;
  readonly #maxMicro: number;
  /** Micro-units drained per second, rounded down (1/6 per second drains 166666 per second). */
  readonly #decayMicro: number;
  #anchorMicro = 0;
  #anchorMs: number;

  constructor(limits: CounterLimits, clock: Clock) {
    if (!(limits.max > 0) || !(limits.decayPerSecond >= 0)) throw new RangeError('LeakyCounter needs max > 0 and decayPerSecond >= 0');
    this.max = limits.max;
    this.decayPerSecond = limits.decayPerSecond;
    this.#clock = clock;
    this.#maxMicro = toMicro(limits.max);
    this.#decayMicro = Math.floor(limits.decayPerSecond * MICRO + 1e-3);
    this.#anchorMs = clock.nowMs();
  }

  /** The level now, in counter units. */
  level(): number {
    return this.#levelMicro(this.#clock.nowMs()) / MICRO;
  }

  /**
   * Whole milliseconds until a call costing `cost` fits, after `ahead` units queued before it have
   * been charged (0: now; Infinity: never, the call alone is bigger than the maximum).
   */
  msUntilFits(cost: number, ahead = 0): number {
    const costMicro = toMicro(cost);
    if (costMicro > this.#maxMicro) return Number.POSITIVE_INFINITY;
    // Counted from now, not from the anchor: the level may have drained to 0 since.
    const need = this.#levelMicro(this.#clock.nowMs()) + costMicro + toMicro(ahead) - this.#maxMicro;
    if (need <= 0) return 0;
    if (this.#decayMicro === 0) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.ceil((need * 1000) / this.#decayMicro));
  }

  /** Adds `cost`, even past the maximum (Kraken charges some calls regardless). */
  charge(cost: number): void {
    const now = this.#clock.nowMs();
    this.#anchorMicro = this.#levelMicro(now) + toMicro(cost);
    this.#anchorMs = now;
  }

  /**
   * Raises the level to at least `max + extra`: what the venue's counter must be at when it has just
   * refused a call (`extra` is what it charged for the refused call itself).
   */
  snapToMax(extra = 0): void {
    const now = this.#clock.nowMs();
    this.#anchorMicro = Math.max(this.#levelMicro(now), this.#maxMicro + toMicro(extra));
    this.#anchorMs = now;
  }

  #levelMicro(now: number): number {
    const elapsed = Math.max(0, now - this.#anchorMs);
    return Math.max(0, this.#anchorMicro - Math.floor((this.#decayMicro * elapsed) / 1000));
  }
}
