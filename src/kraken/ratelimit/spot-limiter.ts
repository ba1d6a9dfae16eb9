/**
 * The Spot rate limiter of one API key: Kraken's REST call counter (by tier), the trading
 * engine's counter per pair (shared by REST and WS order entry), a flat requests-per-second
 * ceiling, and `EService: Throttled` holds, all behind one queue where order entry goes first.
 *
 * REST reads call `acquireRest(cost)`; order entry (REST or WS) calls `acquireOrderEntry(pair,
 * kind, orderAgeMs)` before sending. After a venue rate-limit error, `onVenueError` raises the
 * counter Kraken named to its maximum, so the next request waits for a real decay instead of
 * extending the lock-out.
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { KrakenRateLimitError, KrakenRateLimitWaitError, KrakenValidationError } from '../../core/errors.js';
import { LeakyCounter } from './leaky-counter.js';
import {
  ceilingCounter,
  checkPositive,
  DEFAULT_MAX_REQUESTS_PER_SECOND,
  DEFAULT_RATE_LIMIT_MAX_WAIT_MS,
  throttledUntilMs,
  type AcquireOptions,
} from './limiter-options.js';
import { OrderAgeBook } from './order-ages.js';
import { PermitQueue, type Demand } from './permit-queue.js';
import { DEFAULT_SPOT_HISTORY_COST, isCancel, spotTransactionCost, type SpotOrderTransaction } from './spot-costs.js';
import { isRateLimitTier, SPOT_REST_LIMITS, SPOT_TRADING_LIMITS, type KrakenRateLimitTier } from './tiers.js';

export interface SpotRateLimiterOptions {
  /** Kraken's tier for the key (default `starter`, the strictest). */
  readonly tier?: KrakenRateLimitTier;
  /** Flat ceiling on requests a second for the key, on top of Kraken's counters (default 5). */
  readonly maxRequestsPerSecond?: number;
  /** Cost of ledger and trade-history calls (default 2; one capture of Kraken's page says 4). */
  readonly historyCost?: number;
  /** Default wait bound (60 s). */
  readonly maxWaitMs?: number;
  readonly clock?: Clock;
  /** Maps a pair name to the per-pair counter's key, so `XBT/USD` and `XBTUSD` can share one (default: upper case, no `/`). */
  readonly pairKey?: (pair: string) => string;
}

/** A transaction on one pair, priced when the permit is granted (an order's age grows while it waits). */
export interface PairTransaction {
  readonly pair: string;
  readonly tx: () => SpotOrderTransaction;
}

export type SpotOrderCommand = 'add' | 'amend' | 'edit' | 'cancel';

export interface SpotVenueErrorContext {
  /** What the refused call cost on the REST counter (Kraken charges refused calls too). */
  readonly restCost?: number;
  /** The order-entry transactions of the refused call. */
  readonly transactions?: readonly PairTransaction[];
}

export const defaultPairKey = (pair: string): string => pair.toUpperCase().replace('/', '');

export class SpotRateLimiter {
  readonly tier: KrakenRateLimitTier;
  readonly maxRequestsPerSecond: number;
  readonly historyCost: number;
  readonly maxWaitMs: number;
  readonly clock: Clock;
  /** The key's orders, for pricing amends, edits and cancels by age. */
  readonly orders = new OrderAgeBook();
  readonly #pairKey: (pair: string) => string;
  readonly #rest: LeakyCounter;
  readonly #ceiling: LeakyCounter;
  readonly #pairs = new Map<string, LeakyCounter>();
  readonly #queue: PermitQueue;

  constructor(options: SpotRateLimiterOptions = {}) {
    const tier = options.tier ?? 'starter';
    if (!isRateLimitTier(tier))
      throw new KrakenValidationError('rate limiter options', [
        { path: '/tier', message: `unknown Kraken tier ${String(tier)} (starter, intermediate or pro)` },
      ]);
    checkPositive('maxRequestsPerSecond', options.maxRequestsPerSecond);
    checkPositive('historyCost', options.historyCost);
    checkPositive('maxWaitMs', options.maxWaitMs);
    this.tier = tier;
    this.maxRequestsPerSecond = options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
    this.historyCost = options.historyCost ?? DEFAULT_SPOT_HISTORY_COST;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_RATE_LIMIT_MAX_WAIT_MS;
    this.clock = options.clock ?? systemClock;
    this.#pairKey = options.pairKey ?? defaultPairKey;
    this.#rest = new LeakyCounter(SPOT_REST_LIMITS[tier], this.clock);
    this.#ceiling = ceilingCounter(this.maxRequestsPerSecond, this.clock);
    this.#queue = new PermitQueue(this.clock);
  }

  /** Requests waiting for a permit. */
  get waiting(): number {
    return this.#queue.waiting;
  }

  restLevel(): number {
    return this.#rest.level();
  }

  pairLevel(pair: string): number {
    return this.#pair(pair).level();
  }

  /** When a `Throttled` answer holds every request until (epoch ms), or 0. */
  get heldUntilMs(): number {
    return this.#queue.heldUntilMs;
  }

  /**
   * Waits until a private REST call costing `cost` fits the key's counter and the ceiling.
   * `urgent`: ahead of queued reads and not held by the ceiling (the dead man's switch).
   */
  acquireRest(cost: number, options: AcquireOptions & { readonly urgent?: boolean } = {}): Promise<void> {
    const urgent = options.urgent === true;
    const demands: Demand[] = [{ counter: this.#ceiling, cost: 1, limit: 'ceiling', noWait: urgent }];
    if (cost > 0) demands.push({ counter: this.#rest, cost, limit: `spot-rest ${this.tier}` });
    return this.#queue.acquire({ lane: urgent ? 'order' : 'read', demands: () => demands, ...this.#bound(options) });
  }

  /**
   * Waits until an order command on `pair` fits its trading counter (before a WS or REST order
   * command). `orderAgeMs`: how old the order is now (since placed or last amended); unknown
   * counts as brand new. Cancels never wait for the pair's counter.
   */
  acquireOrderEntry(pair: string, kind: SpotOrderCommand, orderAgeMs?: number, options: AcquireOptions = {}): Promise<void> {
    return this.acquireOrderTransactions([this.transaction(pair, kind, orderAgeMs)], options);
  }

  /** A transaction whose order age keeps growing from now on. */
  transaction(pair: string, kind: SpotOrderCommand, orderAgeMs?: number): PairTransaction {
    if (kind === 'add') return { pair, tx: () => ({ kind: 'add' }) };
    if (orderAgeMs === undefined) return { pair, tx: () => ({ kind }) };
    const sinceMs = this.clock.nowMs() - orderAgeMs;
    return { pair, tx: () => ({ kind, orderAgeMs: this.clock.nowMs() - sinceMs }) };
  }

  acquireOrderTransactions(transactions: readonly PairTransaction[], options: AcquireOptions = {}): Promise<void> {
    const demands = (): Demand[] => {
      // Order entry counts toward the ceiling but is never held by it: Kraken's per-pair counter
      // paces it, and a read that took the last slot must not delay an order.
      const list: Demand[] = [{ counter: this.#ceiling, cost: 1, limit: 'ceiling', noWait: true }];
      for (const t of transactions) {
        const tx = t.tx();
        const cost = spotTransactionCost(tx);
        list.push({
          counter: this.#pair(t.pair),
          cost: cost.fixed + cost.penalty,
          limit: `spot-trading ${this.#pairKey(t.pair)}`,
          noWait: isCancel(tx),
        });
      }
      return list;
    };
    return this.#queue.acquire({ lane: 'order', demands, ...this.#bound(options) });
  }

  /**
   * Learns from a venue rate-limit error: `EAPI:Rate limit exceeded` raises the key's counter to
   * its maximum plus the refused call's cost (Kraken charges it: calling while limited extends the
   * lock-out); `EOrder:Rate limit exceeded` does the same for the pairs of the refused command,
   * plus its fixed cost; `EOrder:Domain rate limit exceeded` (account-wide) for every pair;
   * `EService: Throttled: <ts>` holds every request until then. Other errors are ignored.
   */
  onVenueError(err: unknown, context: SpotVenueErrorContext = {}): void {
    if (!(err instanceof KrakenRateLimitError) || err instanceof KrakenRateLimitWaitError) return;
    this.onVenueCodes(err.codes, context, err.retryAtMs);
  }

  onVenueCodes(codes: readonly string[], context: SpotVenueErrorContext = {}, retryAtMs?: number): void {
    const holdMs = retryAtMs ?? throttledUntilMs(codes);
    if (holdMs !== undefined) this.#queue.holdUntil(holdMs);
    for (const code of codes) {
      if (/^E(API|Auth):(Rate limit exceeded|Too many requests)/.test(code)) this.#rest.snapToMax(context.restCost ?? 0);
      else if (code.startsWith('EOrder:Domain rate limit exceeded')) {
        for (const t of context.transactions ?? []) this.#pair(t.pair);
        for (const counter of this.#pairs.values()) counter.snapToMax();
      } else if (code.startsWith('EOrder:Rate limit exceeded')) {
        for (const t of context.transactions ?? []) this.#pair(t.pair).snapToMax(spotTransactionCost(t.tx()).fixed);
      }
    }
    this.#queue.refresh();
  }

  #pair(pair: string): LeakyCounter {
    const key = this.#pairKey(pair);
    let counter = this.#pairs.get(key);
    if (counter === undefined) {
      counter = new LeakyCounter(SPOT_TRADING_LIMITS[this.tier], this.clock);
      this.#pairs.set(key, counter);
    }
    return counter;
  }

  #bound(options: AcquireOptions): { maxWaitMs: number; endpoint?: string; signal?: AbortSignal } {
    return {
      maxWaitMs: options.maxWaitMs ?? this.maxWaitMs,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
  }
}
