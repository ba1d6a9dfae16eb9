/** Exponential backoff with full jitter, for calls that are safe to repeat. */
import { KrakenRateLimitError } from '../core/errors.js';
import { isRetryable } from '../core/retryable.js';

export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 10_000 };

export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Which errors may be retried; defaults to `isRetryable`. */
  readonly retryable?: (err: unknown) => boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The delay before retry number `attempt` (1-based): full jitter over an exponential cap. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  const random = hooks.random ?? Math.random;
  const now = hooks.now ?? Date.now;
  const retryable = hooks.retryable ?? isRetryable;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.maxRetries || !retryable(err)) throw err;
      let delay = backoffDelay(policy, attempt + 1, random);
      // `EService: Throttled: <ts>` says when to come back: wait at least until then.
      if (err instanceof KrakenRateLimitError) {
        // Kraken's counter decays by at most 1 a second: a quick retry only feeds it and can end
        // in a lockout (docs/reliability.md V1: no retry loop). Retry only when the venue named a time
        // (`EService: Throttled: <ts>`) within the cap, and wait until then.
        if (err.retryAtMs === undefined) throw err;
        const wait = err.retryAtMs - now();
        if (wait > policy.maxDelayMs) throw err;
        delay = Math.max(delay, wait);
      }
      await sleep(delay);
    }
  }
}
