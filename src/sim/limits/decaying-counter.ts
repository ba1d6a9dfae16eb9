/**
 * A leaky counter: each charge adds a cost, the level drains continuously at a fixed rate, and a
 * charge that would push the level above the maximum is refused.
 *
 * This one model covers every Kraken limit we simulate: the Spot REST call counter, the
 * per-pair trading-engine counter, the Futures derivatives cost budget (500 per 10 s is modelled
 * as max 500 draining 50/s) and the Futures history token pool (100 refilled at 100 per 10 min).
 *
 * Arithmetic: costs and decay rates are small decimals (0.33, 2.34, 3.75). The level is kept in
 * integer micro-units so repeated charges and decays never accumulate binary-float drift.
 */
import type { Clock } from '../../core/clock.js';

const MICRO = 1_000_000;

export interface DecayingCounterOptions {
  /** Highest level a charge may reach (inclusive). */
  readonly max: number;
  /** Units drained per second. */
  readonly decayPerSecond: number;
  /** Where time comes from (only `nowMs` is read). */
  readonly clock: Pick<Clock, 'nowMs'>;
  /**
   * When true, a refused charge still adds its cost (capped at max + cost). Kraken's Spot REST
   * docs: "continuing to call while limited extends the lock-out".
   */
  readonly chargeWhenRefused?: boolean;
}

export class DecayingCounter {
  readonly max: number;
  readonly decayPerSecond: number;
  private readonly clock: Pick<Clock, 'nowMs'>;
  private readonly chargeWhenRefused: boolean;
  private levelMicro = 0;
  private lastMs: number;

  constructor(options: DecayingCounterOptions) {
    if (!(options.max > 0) || !(options.decayPerSecond >= 0)) {
      throw new RangeError('DecayingCounter needs max > 0 and decayPerSecond >= 0');
    }
    this.max = options.max;
    this.decayPerSecond = options.decayPerSecond;
    this.clock = options.clock;
    this.chargeWhenRefused = options.chargeWhenRefused ?? false;
    this.lastMs = options.clock.nowMs();
  }

  /** Current level after decay, in counter units. */
  level(): number {
    this.drain();
    return this.levelMicro / MICRO;
  }

  /** Whether a charge of `cost` would be accepted right now (does not charge). */
  wouldAccept(cost: number): boolean {
    this.drain();
    return this.levelMicro + toMicro(cost) <= toMicro(this.max);
  }

  /** Charges `cost` if it fits under the maximum; returns whether it was accepted. */
  tryCharge(cost: number): boolean {
    this.drain();
    const next = this.levelMicro + toMicro(cost);
    if (next <= toMicro(this.max)) {
      this.levelMicro = next;
      return true;
    }
    if (this.chargeWhenRefused) this.levelMicro = Math.min(next, toMicro(this.max) + toMicro(cost));
    return false;
  }

  /** Adds `cost` unconditionally (e.g. a fixed cost Kraken charges even on failed validation). */
  charge(cost: number): void {
    this.drain();
    this.levelMicro += toMicro(cost);
  }

  /** Seconds until a charge of `cost` would be accepted (0 when it would be now). */
  secondsUntilAccepts(cost: number): number {
    this.drain();
    const excess = this.levelMicro + toMicro(cost) - toMicro(this.max);
    if (excess <= 0) return 0;
    if (this.decayPerSecond === 0) return Number.POSITIVE_INFINITY;
    return excess / toMicro(this.decayPerSecond);
  }

  reset(): void {
    this.levelMicro = 0;
    this.lastMs = this.clock.nowMs();
  }

  private drain(): void {
    const t = this.clock.nowMs();
    const elapsedMs = t - this.lastMs;
    if (elapsedMs <= 0) return;
    this.lastMs = t;
    // decay in micro-units: rate(units/s) * MICRO * elapsedMs / 1000
    const drained = Math.floor((toMicro(this.decayPerSecond) * elapsedMs) / 1000);
    this.levelMicro = Math.max(0, this.levelMicro - drained);
  }
}

function toMicro(units: number): number {
  return Math.round(units * MICRO);
}
