/**
 * The Futures rate limiter of one API key: the `/derivatives/api/v3` cost budget (500 per 10 s),
 * the history API's token pool (100, refilled at 100 per 10 minutes), and the flat ceiling, behind
 * one queue where order entry (`sendorder`, `editorder`, `cancelorder`, `batchorder`,
 * `cancelallorders*`) goes before reads. `apiLimitExceeded` raises the budget to its maximum, a
 * history `TOO_MANY_REQUESTS` the pool.
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenRateLimitError, KrakenRateLimitWaitError } from '../../core/errors.js';
import type { RestRoute } from '../../transport/rest-route.js';
import { futuresDerivativesCost, futuresHistoryCost } from './futures-costs.js';
import { LeakyCounter } from './leaky-counter.js';
import {
  ceilingCounter,
  checkPositive,
  DEFAULT_MAX_REQUESTS_PER_SECOND,
  DEFAULT_RATE_LIMIT_MAX_WAIT_MS,
  throttledUntilMs,
  type AcquireOptions,
} from './limiter-options.js';
import { PermitQueue, type Demand } from './permit-queue.js';
import { FUTURES_DERIVATIVES_LIMITS, FUTURES_HISTORY_LIMITS } from './tiers.js';

export type FuturesMeteredService = 'trading' | 'history';

export interface FuturesRateLimiterOptions {
  /** Flat ceiling on requests a second for the key (default 5). */
  readonly maxRequestsPerSecond?: number;
  /** Default wait bound (60 s). */
  readonly maxWaitMs?: number;
  readonly clock?: Clock;
}

export class FuturesRateLimiter {
  readonly maxRequestsPerSecond: number;
  readonly maxWaitMs: number;
  readonly clock: Clock;
  readonly #derivatives: LeakyCounter;
  readonly #history: LeakyCounter;
  readonly #ceiling: LeakyCounter;
  readonly #queue: PermitQueue;

  constructor(options: FuturesRateLimiterOptions = {}) {
    checkPositive('maxRequestsPerSecond', options.maxRequestsPerSecond);
    checkPositive('maxWaitMs', options.maxWaitMs);
    this.maxRequestsPerSecond = options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_RATE_LIMIT_MAX_WAIT_MS;
    this.clock = options.clock ?? systemClock;
    this.#derivatives = new LeakyCounter(FUTURES_DERIVATIVES_LIMITS, this.clock);
    this.#history = new LeakyCounter(FUTURES_HISTORY_LIMITS, this.clock);
    this.#ceiling = ceilingCounter(this.maxRequestsPerSecond, this.clock);
    this.#queue = new PermitQueue(this.clock);
  }

  get waiting(): number {
    return this.#queue.waiting;
  }

  derivativesLevel(): number {
    return this.#derivatives.level();
  }

  historyLevel(): number {
    return this.#history.level();
  }

  get heldUntilMs(): number {
    return this.#queue.heldUntilMs;
  }

  /** What a private call costs, on which counter. */
  costOf(service: FuturesMeteredService, route: RestRoute, params: Readonly<Record<string, unknown>> = {}): number {
    return service === 'history' ? futuresHistoryCost(route, params) : futuresDerivativesCost(route, params);
  }

  /** Waits until a private call fits its budget and the ceiling. */
  acquire(
    service: FuturesMeteredService,
    route: RestRoute,
    params: Readonly<Record<string, unknown>> = {},
    options: AcquireOptions = {},
  ): Promise<void> {
    const cost = this.costOf(service, route, params);
    // Order entry counts toward the ceiling but is never held by it (the cost budget paces it).
    const demands: Demand[] = [{ counter: this.#ceiling, cost: 1, limit: 'ceiling', noWait: route.orderEntry }];
    if (cost > 0) {
      demands.push(
        service === 'history'
          ? { counter: this.#history, cost, limit: 'futures-history' }
          : { counter: this.#derivatives, cost, limit: 'futures-derivatives' },
      );
    }
    return this.#queue.acquire({
      lane: route.orderEntry ? 'order' : 'read',
      demands: () => demands,
      maxWaitMs: options.maxWaitMs ?? this.maxWaitMs,
      ...(options.endpoint === undefined ? { endpoint: route.path } : { endpoint: options.endpoint }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /** Learns from a venue rate-limit error on `service`: the budget or pool it names goes to its maximum. */
  onVenueError(err: unknown, service: FuturesMeteredService): void {
    if (!(err instanceof KrakenRateLimitError) || err instanceof KrakenRateLimitWaitError) return;
    const holdMs = err.retryAtMs ?? throttledUntilMs(err.codes);
    if (holdMs !== undefined) this.#queue.holdUntil(holdMs);
    (service === 'history' ? this.#history : this.#derivatives).snapToMax();
    this.#queue.refresh();
  }
}
