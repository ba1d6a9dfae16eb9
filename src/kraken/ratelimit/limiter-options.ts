/** Options and defaults every krakenkit rate limiter shares. */
import type { Clock } from '../../core/clock.js';
import { KrakenValidationError } from '../../core/errors.js';
import { LeakyCounter } from './leaky-counter.js';

/** The flat ceiling on requests per second, on top of Kraken's own counters; raise it with `maxRequestsPerSecond` on higher tiers. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;

/** How long a request may wait for a permit before it fails with `KrakenRateLimitWaitError`. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_MS = 60_000;

export interface AcquireOptions {
  /** Overrides the wait bound for this request. */
  readonly maxWaitMs?: number;
  readonly signal?: AbortSignal;
  /** For error messages. */
  readonly endpoint?: string;
}

/**
 * A ceiling of `perSecond` requests a second as a leaky counter: a burst of up to `perSecond`,
 * then one every 1/perSecond s. Below 1 a second the burst is still one request.
 */
export function ceilingCounter(perSecond: number, clock: Clock): LeakyCounter {
  return new LeakyCounter({ max: Math.max(1, perSecond), decayPerSecond: perSecond }, clock);
}

export function checkPositive(what: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new KrakenValidationError('rate limiter options', [
      { path: `/${what}`, message: `must be a positive number, got ${String(value)}` },
    ]);
  }
}

/** The `Throttled: <unix seconds>` time in a venue code, as epoch ms. */
export function throttledUntilMs(codes: readonly string[]): number | undefined {
  for (const code of codes) {
    const m = /Throttled:\s*(\d+)/.exec(code);
    if (m) return Number(m[1]) * 1000;
  }
  return undefined;
}
