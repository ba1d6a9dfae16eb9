/**
 * Public endpoints. Kraken meters them per IP address, separately from any key's counter, and
 * publishes no numbers for them; so the only local limit is the flat ceiling (requests a second
 * to one host, shared by every client in the process), and a venue rate-limit answer raises it to
 * its maximum (`EService: Throttled: <ts>` holds requests until then).
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenRateLimitError, KrakenRateLimitWaitError } from '../../core/errors.js';
import type { LeakyCounter } from './leaky-counter.js';
import {
  ceilingCounter,
  checkPositive,
  DEFAULT_MAX_REQUESTS_PER_SECOND,
  DEFAULT_RATE_LIMIT_MAX_WAIT_MS,
  throttledUntilMs,
  type AcquireOptions,
} from './limiter-options.js';
import { PermitQueue } from './permit-queue.js';

export interface PublicRateLimiterOptions {
  readonly maxRequestsPerSecond?: number;
  readonly maxWaitMs?: number;
  readonly clock?: Clock;
}

export class PublicRateLimiter {
  readonly maxRequestsPerSecond: number;
  readonly maxWaitMs: number;
  readonly clock: Clock;
  readonly #ceiling: LeakyCounter;
  readonly #queue: PermitQueue;

  constructor(options: PublicRateLimiterOptions = {}) {
    checkPositive('maxRequestsPerSecond', options.maxRequestsPerSecond);
    checkPositive('maxWaitMs', options.maxWaitMs);
    this.maxRequestsPerSecond = options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_RATE_LIMIT_MAX_WAIT_MS;
    this.clock = options.clock ?? systemClock;
    this.#ceiling = ceilingCounter(this.maxRequestsPerSecond, this.clock);
    this.#queue = new PermitQueue(this.clock);
  }

  get waiting(): number {
    return this.#queue.waiting;
  }

  level(): number {
    return this.#ceiling.level();
  }

  acquire(options: AcquireOptions = {}): Promise<void> {
    const demands = [{ counter: this.#ceiling, cost: 1, limit: 'ceiling' }];
    return this.#queue.acquire({
      lane: 'read',
      demands: () => demands,
      maxWaitMs: options.maxWaitMs ?? this.maxWaitMs,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  onVenueError(err: unknown): void {
    if (!(err instanceof KrakenRateLimitError) || err instanceof KrakenRateLimitWaitError) return;
    const holdMs = err.retryAtMs ?? throttledUntilMs(err.codes);
    if (holdMs !== undefined) this.#queue.holdUntil(holdMs);
    if (holdMs === undefined || err.codes.some((c) => !/Throttled/.test(c))) this.#ceiling.snapToMax();
    this.#queue.refresh();
  }
}
