/**
 * The options every raw REST client takes for what it shares per API key: the rate limiter and
 * the nonce channel (persistence, the single-signer lock, the breaker). Defaults are in the README.
 */
import type { Clock } from '../../core/clock.js';
import type { KeyChannelOptions } from '../../transport/nonce.js';
import { defaultStateDir, type NonceShare } from '../../transport/nonce-store.js';
import type { AcquireOptions } from '../ratelimit/limiter-options.js';

export interface KrakenKeyOptions {
  /** Local rate limiting (default true). `false` sends at once and leaves all limiting to the venue. */
  readonly rateLimiting?: boolean;
  /** A flat ceiling on requests a second, per key (private) and per host (public), on top of Kraken's counters. Default 5. */
  readonly maxRequestsPerSecond?: number;
  /** The longest a request may wait for the rate limiter before failing with `KrakenRateLimitWaitError`. Default 60. */
  readonly rateLimitMaxWaitSecs?: number;
  /** Time for the rate limiter and the nonce (default the system clock). */
  readonly clock?: Clock;
  /**
   * Where the key's last nonce and its lock live. Default: the user's state directory
   * (`defaultStateDir()`) when talking to Kraken's own hosts; in memory (no lock) for any other
   * host (a simulator, a test server), unless a directory is given. `false`: in memory only.
   */
  readonly nonceStateDir?: string | false;
  /** Share the key with other processes through distinct nonce windows (see the README). */
  readonly nonceShare?: NonceShare;
  /** Consecutive nonce rejections before the key's private calls stop (default 3). */
  readonly nonceBreakerThreshold?: number;
}

/** Whether `url` is one of Kraken's own hosts (`*.kraken.com`). */
export function isKrakenHost(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'kraken.com' || host.endsWith('.kraken.com');
  } catch {
    return false;
  }
}

export function keyChannelOptions(options: KrakenKeyOptions, baseUrl: string): KeyChannelOptions {
  const dir =
    options.nonceStateDir === false ? undefined : (options.nonceStateDir ?? (isKrakenHost(baseUrl) ? defaultStateDir() : undefined));
  return {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(dir === undefined ? {} : { stateDir: dir }),
    ...(options.nonceShare === undefined ? {} : { share: options.nonceShare }),
    ...(options.nonceBreakerThreshold === undefined ? {} : { breakerThreshold: options.nonceBreakerThreshold }),
  };
}

/** The limiter options shared by Spot and Futures. */
export function limiterOptions(options: KrakenKeyOptions): { clock?: Clock; maxRequestsPerSecond?: number; maxWaitMs?: number } {
  return {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.maxRequestsPerSecond === undefined ? {} : { maxRequestsPerSecond: options.maxRequestsPerSecond }),
    ...(options.rateLimitMaxWaitSecs === undefined ? {} : { maxWaitMs: options.rateLimitMaxWaitSecs * 1000 }),
  };
}

/** Per-call acquire options from a call's `CallOptions`. */
export function acquireOptions(endpoint: string, signal: AbortSignal | undefined, options: KrakenKeyOptions): AcquireOptions {
  return {
    endpoint,
    ...(signal === undefined ? {} : { signal }),
    ...(options.rateLimitMaxWaitSecs === undefined ? {} : { maxWaitMs: options.rateLimitMaxWaitSecs * 1000 }),
  };
}

/** `scheme://host:port` of a base URL, the scope of public (per-IP) limits. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
