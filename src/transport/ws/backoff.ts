/**
 * Reconnect pacing (docs/reliability.md N1, N4).
 *
 * - Exponential backoff with *full* jitter: delay = random() × min(cap, initial × multiplier^(attempt−1)).
 *   Full jitter spreads a fleet of clients dropped by one Cloudflare restart (close 1001) instead
 *   of having them return in lock-step.
 * - A reconnect budget: Cloudflare bans an IP for 10 min after ~150 (re)connections in a rolling
 *   10 min, so we allow at most `maxAttempts` per `windowMs` (default 120 / 10 min) and open the
 *   circuit past it. The count is cleared only after `stableResetMs` (default 30 s) of a healthy
 *   connection (the policy of Kraken's own command-line client), so a flapping link cannot launder its count with short successes.
 */
/** A source of uniform random numbers in [0, 1) (tests inject a fixed one). */
export type RandomSource = () => number;

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly multiplier: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 1_000, multiplier: 2, maxMs: 30_000 });

/** The delay before reconnect attempt `attempt` (1-based). Always within [0, min(maxMs, initial × mult^(attempt−1))). */
export function fullJitterDelayMs(attempt: number, policy: BackoffPolicy, random: RandomSource): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** exponent);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}

export interface ReconnectBudgetPolicy {
  readonly maxAttempts: number;
  readonly windowMs: number;
  readonly stableResetMs: number;
}

export const DEFAULT_RECONNECT_BUDGET: ReconnectBudgetPolicy = Object.freeze({
  maxAttempts: 120,
  windowMs: 10 * 60_000,
  stableResetMs: 30_000,
});

export class ReconnectBudget {
  readonly #policy: ReconnectBudgetPolicy;
  #attempts: number[] = [];

  constructor(policy: ReconnectBudgetPolicy) {
    this.#policy = policy;
  }

  /** Records an attempt at `nowMs` if the budget allows one; false means the circuit must open. */
  tryConsume(nowMs: number): boolean {
    const horizon = nowMs - this.#policy.windowMs;
    this.#attempts = this.#attempts.filter((t) => t > horizon);
    if (this.#attempts.length >= this.#policy.maxAttempts) return false;
    this.#attempts.push(nowMs);
    return true;
  }

  /** Attempts counted in the current window. */
  get used(): number {
    return this.#attempts.length;
  }

  /** Called after `stableResetMs` of a ready connection. */
  reset(): void {
    this.#attempts = [];
  }
}
